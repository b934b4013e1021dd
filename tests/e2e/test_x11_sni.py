"""The real app under Xvfb with a StatusNotifier panel (xfce4-panel's status tray).

Where a StatusNotifierWatcher runs, Qt shows the icon as a StatusNotifierItem over D-Bus,
not as an XEmbed window (``test_core_loop`` covers XEmbed, with trayer). The item is read
and its menu clicked over the bus as the panel does; what the panel draws is read from
the screen. Screenshots go to ``tests/artifacts/x11-sni-*.png``.

Qt fills the item's Id and Title both from the application name ("desk-breaks"): Qt has
no separate title, and changing the application name would change the X11 window class
(``StartupWMClass``) and the item's Id, which panels use to remember where an item sits.
Qt sends the icon as pixmaps (no IconName: the SVGs are not in an icon theme) and
announces each new one with NewIcon.
"""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from tests.e2e.near_session import write_near_session
from tests.e2e.x11_sni import SniDesktop

pytestmark = pytest.mark.e2e


def test_tray_icon_menu_prompt_session_and_quit_as_a_status_notifier_item(
    sni_desktop: SniDesktop, artifacts: Path
) -> None:
    d = sni_desktop
    d.met_the_welcome()
    due = write_near_session(d, seconds_ahead=15)
    empty_panel = d.panel_pixels()
    app = d.start_app()

    # The icon registers with the panel's watcher, and the panel draws it.
    d.wait_for(lambda: len(d.registered_items()) == 1, 20, "the StatusNotifierItem")
    assert d.item_property("Id") == "desk-breaks"
    assert d.item_property("Title") == "desk-breaks"  # Qt's application name; see above
    assert d.item_property("Status") == "Active"
    assert d.item_property("Category") == "ApplicationStatus"
    assert d.tooltip().startswith("Desk Breaks\n")
    assert "Quick test" in d.tooltip()
    d.wait_for(lambda: d.panel_pixels() != empty_panel, 10, "the panel to draw the icon")
    # Nothing of the app's is docked in the panel: no XEmbed window, only the D-Bus item.
    assert '"desk-breaks")' not in d.panel_window()
    assert '"desk-breaks")' not in d.x("xwininfo", "-root", "-tree").partition("Xfce4-panel")[2]
    status = d.status()
    assert status["state"] == "waiting", status
    assert datetime.fromisoformat(status["next"]["due_at"]).replace(tzinfo=None) == due  # type: ignore[index]

    # Each state has its own picture, sent as pixmaps with NewIcon: the panel redraws.
    active, active_panel = d.icon_pixmaps(), d.panel_pixels()
    assert active and all(len(data) == w * h * 4 for w, h, data in active)

    # The menu as the panel reads it, and a click on it as the panel sends it.
    menu = d.menu()
    labels = [item.label for item in menu.children if item.visible]
    assert "Start a session now" in labels and "Quit Desk Breaks" in labels
    assert not menu.find("Resume").visible
    d.click(menu.find("Pause", "For 30 minutes"))
    d.wait_for(lambda: d.status().get("state") == "paused", 10, "the pause")
    d.wait_for(lambda: d.icon_pixmaps() != active, 10, "the paused icon")
    paused = d.icon_pixmaps()
    d.wait_for(lambda: d.panel_pixels() != active_panel, 10, "the panel to redraw it")
    assert "Paused until" in d.tooltip()
    assert d.menu().find("Resume").visible
    d.screenshot(artifacts / "x11-sni-paused.png")
    d.click(d.menu().find("Resume"))
    d.wait_for(lambda: d.status().get("state") == "waiting", 10, "the resume")
    d.wait_for(lambda: d.icon_pixmaps() == active, 10, "the active icon again")

    # The panel's own menu, built from the dbusmenu, on a right click on the icon.
    subprocess.run(["xdotool", "mousemove", "10", "13", "click", "3"], env=d.env, check=True)
    d.wait_for(lambda: bool(_popup_menus(d)), 10, "the panel's menu")
    d.screenshot(artifacts / "x11-sni-menu.png")
    subprocess.run(["xdotool", "key", "Escape"], env=d.env, check=True)
    d.wait_for(lambda: not _popup_menus(d), 10, "the panel's menu to close")

    # The due prompt: its own picture and tooltip, and its window.
    d.wait_for(lambda: d.status().get("state") == "prompting", 30, "the prompt")
    d.wait_for(lambda: bool(d.window_ids("Time for a break")), 10, "the prompt window")
    d.wait_for(lambda: d.icon_pixmaps() not in (active, paused), 10, "the due icon")
    due_icon = d.icon_pixmaps()
    assert d.menu().find("Skip this session").visible
    d.screenshot(artifacts / "x11-sni-prompt.png")

    # Snoozed from the panel's menu: a fourth picture.
    d.click(d.menu().find("Snooze", "5 minutes"))
    d.wait_for(lambda: d.status().get("state") == "snoozed", 10, "the snooze")
    d.wait_for(lambda: d.icon_pixmaps() not in (active, paused, due_icon), 10, "the snoozed icon")
    assert "snoozed until" in d.tooltip()

    # desk-breaks start opens the guided session; the icon shows the active picture.
    started = d.cli("start")
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "Starting Quick test."
    d.wait_for(lambda: bool(d.window_ids("Quick test")), 10, "the session window")
    assert d.status()["state"] == "in session"
    d.wait_for(lambda: d.icon_pixmaps() == active, 10, "the active icon in the session")
    d.screenshot(artifacts / "x11-sni-session.png")

    # Run to the end: the completed session is in the history.
    done = d.wait_for_completed_session()
    assert done["state"] == "waiting"
    assert done["today"]["completed"] == 1  # type: ignore[index]

    # Quit from the menu: the app exits 0 and the item leaves the watcher and the panel.
    d.click(d.menu().find("Quit Desk Breaks"))
    assert app.wait(timeout=15) == 0
    d.wait_for(lambda: d.registered_items() == [], 10, "the item to unregister")
    d.wait_for(lambda: d.panel_pixels() == empty_panel, 10, "the panel to drop the icon")
    assert d.cli("status").returncode == 3


def _popup_menus(d: SniDesktop) -> list[str]:
    """Visible popup menus of the panel's status tray (it runs as wrapper-2.0)."""
    found = []
    for window in d.x("xdotool", "search", "--onlyvisible", "--class", "wrapper-2.0").split():
        if "_NET_WM_WINDOW_TYPE_POPUP_MENU" in d.x("xprop", "-id", window, "_NET_WM_WINDOW_TYPE"):
            found.append(window)
    return found
