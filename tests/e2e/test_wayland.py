"""The real app on a headless Wayland compositor (sway) with a StatusNotifier panel (waybar).

The journey of ``test_core_loop`` on the display server most Linux users now have: the icon
registers with the panel's StatusNotifierWatcher, its menu is exported over dbusmenu and
acts when the panel clicks it, a due prompt and the guided session appear in sway's tree,
and the app quits cleanly. Screenshots (``grim``) go to ``tests/artifacts/wayland-*.png``.

Where the windows go (issue 16, item 3): the prompt has a fixed size (minimum = maximum),
which sway reads as "float me", so it floats at its own size, centred on the output (a
Wayland client cannot place itself; the corner is X11's). sway 1.7 gives every new window
on the focused workspace the keyboard (``view_map``: only a ``no_focus`` rule in the
user's config prevents it, and no client hint does), so the prompt does get the focus
here; its two-second key guard, renewed by every key typed into it, keeps typing from
pressing a button. The session window is resizable and tiles like any other window.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.e2e.near_session import write_near_session
from tests.e2e.wayland import WaylandDesktop, _start_panel

pytestmark = pytest.mark.e2e


def test_tray_menu_prompt_session_and_quit_on_wayland(
    wayland: WaylandDesktop, artifacts: Path
) -> None:
    wayland.met_the_welcome()
    due = write_near_session(wayland, seconds_ahead=10)
    app = wayland.start_app()

    # The icon registers with the panel's watcher: the StatusNotifier tray, not XEmbed.
    wayland.wait_for(lambda: len(wayland.registered_items()) == 1, 20, "the StatusNotifierItem")
    assert wayland.item_property("Id") == "desk-breaks"
    assert wayland.item_property("Status") == "Active"
    # Qt puts the whole tooltip in the title field: "Desk Breaks\n<what is next>".
    _icon_name, _pixmaps, title, text = wayland.item_property("ToolTip")
    assert (title + text).startswith("Desk Breaks")
    assert "Quick test" in title + text
    status = wayland.status()
    assert status["state"] == "waiting", status
    assert datetime.fromisoformat(status["next"]["due_at"]).replace(tzinfo=None) == due  # type: ignore[index]

    # The menu as the panel reads it, and a click on it as the panel sends it.
    menu = wayland.menu()
    labels = [item.label for item in menu.children if item.visible]
    assert "Start a session now" in labels and "Quit Desk Breaks" in labels
    assert not menu.find("Resume").visible
    active = wayland.icon_pixmaps()
    wayland.click(menu.find("Pause", "For 30 minutes"))
    wayland.wait_for(lambda: wayland.status().get("state") == "paused", 10, "the pause")
    # The paused picture, sent as new pixmaps (Qt announces them with NewIcon).
    wayland.wait_for(lambda: wayland.icon_pixmaps() != active, 10, "the paused icon")
    assert "Paused until" in wayland.tooltip()
    wayland.wait_for(lambda: wayland.menu().find("Resume").visible, 10, "Resume in the menu")
    wayland.screenshot(artifacts / "wayland-paused.png")
    wayland.click(wayland.menu().find("Resume"))
    wayland.wait_for(lambda: wayland.status().get("state") == "waiting", 10, "the resume")
    wayland.wait_for(lambda: wayland.icon_pixmaps() == active, 10, "the active icon again")
    assert wayland.windows() == []  # nothing on screen but the panel until something is due

    # The due prompt appears as a window of sway's.
    wayland.wait_for(lambda: wayland.status().get("state") == "prompting", 30, "the prompt")
    wayland.wait_for(lambda: wayland.window("Time for a break") is not None, 10, "its window")
    prompt = wayland.window("Time for a break")
    assert prompt is not None and prompt["app_id"] == "io.github.deskbreaks.DeskBreaks"
    assert prompt["visible"] and prompt["pid"] == app.pid
    # Floating at its own size, not tiled across the output, and wholly on the output.
    assert prompt["type"] == "floating_con", prompt
    rect, natural = prompt["rect"], prompt["geometry"]
    assert (rect["width"], rect["height"]) == (natural["width"], natural["height"]), prompt
    assert 200 < rect["width"] < 700 and 60 < rect["height"] < 400, rect
    assert rect["x"] >= 0 and rect["y"] >= 0
    assert rect["x"] + rect["width"] <= 1280 and rect["y"] + rect["height"] <= 800
    # What sway 1.7 does with the focus: it hands it to the new window (see above).
    assert prompt["focused"] is True
    wayland.screenshot(artifacts / "wayland-prompt.png")

    # desk-breaks start opens the guided session in place of the prompt.
    started = wayland.cli("start")
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "Starting Quick test."
    wayland.wait_for(lambda: wayland.window("Quick test") is not None, 10, "the session window")
    wayland.wait_for(lambda: wayland.window("Time for a break") is None, 10, "the prompt to go")
    assert wayland.status()["state"] == "in session"
    session = wayland.window("Quick test")
    assert session is not None and session["type"] == "con"  # tiled: it may be resized
    wayland.screenshot(artifacts / "wayland-session.png")

    # Run to the end: the completed session is in the history.
    done = wayland.wait_for_completed_session()
    assert done["state"] == "waiting"
    assert done["today"]["completed"] == 1  # type: ignore[index]
    assert wayland.window("Quick test") is not None  # its finish screen, until closed

    quit_reply = wayland.cli("quit")
    assert quit_reply.returncode == 0 and quit_reply.stdout.strip() == "Quitting Desk Breaks."
    assert app.wait(timeout=15) == 0
    wayland.wait_for(lambda: wayland.registered_items() == [], 10, "the item to unregister")
    assert wayland.windows() == []
    assert wayland.cli("status").returncode == 3


def test_no_tray_status_window_on_wayland(wayland_no_tray: WaylandDesktop, artifacts: Path) -> None:
    """With no StatusNotifier host (no panel, no watcher) the status window stands in.

    The command line works throughout. A panel started later still gets the icon (Qt
    registers the item with a watcher that appears later); the status window stays open
    until the user closes it (the app asks whether a tray exists only at start).
    """
    session = wayland_no_tray
    session.met_the_welcome()
    app = session.start_app()
    session.wait_for(lambda: session.window("Desk Breaks") is not None, 20, "the status window")
    window = session.window("Desk Breaks")
    assert window is not None and window["visible"] and window["pid"] == app.pid
    assert window["app_id"] == "io.github.deskbreaks.DeskBreaks"
    session.wait_for(
        lambda: "showing the status window" in (session.home / "app.log").read_text(),
        10,
        "the log line that says why",
    )
    session.screenshot(artifacts / "wayland-no-tray.png")

    paused = session.cli("pause", "30")
    assert paused.returncode == 0 and paused.stdout.startswith("Paused until"), paused.stderr
    assert session.status()["state"] == "paused"
    assert session.cli("resume").stdout.strip() == "Resumed."

    # A panel that comes later: the icon registers with it, its menu acts.
    _start_panel(session)
    session.wait_for(lambda: len(session.registered_items()) == 1, 10, "the late item")
    session.click(session.menu().find("Pause", "For 1 hour"))
    session.wait_for(lambda: session.status().get("state") == "paused", 10, "the pause")
    session.screenshot(artifacts / "wayland-no-tray-late-panel.png")

    quit_reply = session.cli("quit")
    assert quit_reply.returncode == 0
    assert app.wait(timeout=15) == 0
    assert session.windows() == []
