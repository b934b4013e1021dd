"""Idle and return on a real wlroots compositor: the app under sway, told by the compositor.

Debian 12's sway is 1.7, which offers KDE's ``org_kde_kwin_idle`` (ext-idle-notify-v1 came
with sway 1.8); the backend binds it on its own Wayland connection. Input is a pointer
motion made by sway itself (``swaymsg seat seat0 cursor move``), which resets sway's idle
timers as a real mouse does (sway 1.7 ``sway/commands/seat/cursor.c`` calls
``cursor_handle_activity_from_idle_source``); the headless backend has no input devices.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.e2e.test_desktop_behaviour import write_settings
from tests.e2e.wayland import WaylandDesktop

pytestmark = pytest.mark.e2e


def test_the_compositor_says_when_the_person_goes_away_and_comes_back(
    wayland: WaylandDesktop,
) -> None:
    write_settings(
        wayland,  # type: ignore[arg-type]  # any AppUser will do
        'preset = "check-ins"\nidle_threshold_min = 1\n\n'
        "[check_ins]\nenabled = true\ninterval_min = 5\n"
        'start = "00:00"\nend = "23:59"\nroutine = "e2e-quick"\n'
        'weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n',
    )
    app = wayland.start_app()
    wayland.wait_for(lambda: len(wayland.registered_items()) == 1, 20, "the StatusNotifierItem")
    log = wayland.home / "app.log"
    # The one line about idle time: from the compositor, X11 not tried on Wayland.
    wayland.wait_for(lambda: "Idle time from wayland" in log.read_text(), 20, "the idle log line")

    # No input from here on: a minute later sway's notification fires, the person is away.
    wayland.wait_for(
        lambda: wayland.status().get("state") == "away", 90, "the away state", step_s=1
    )
    wayland.swaymsg("seat", "seat0", "cursor", "move", "5", "5")
    back = datetime.now().astimezone()
    wayland.wait_for(
        lambda: wayland.status().get("state") == "waiting", 20, "the return", step_s=0.5
    )
    status = wayland.status()
    assert status["last"]["outcome"] == "natural-break"  # type: ignore[index]
    due = datetime.fromisoformat(status["next"]["due_at"])  # type: ignore[index]
    # Counted afresh from the return, which sway told at once (not a poll later).
    assert abs((due - (back + timedelta(minutes=5))).total_seconds()) < 8, (due, back)

    assert wayland.cli("quit").returncode == 0
    assert app.wait(timeout=15) == 0
    assert "stopped answering" not in log.read_text()
