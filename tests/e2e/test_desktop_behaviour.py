"""The real app under Xvfb: no tray host, a full-screen window, a person who walks away.

Each test makes a session due within seconds through the documented route (a settings.toml
of the user's, and a routine in their data folder) and watches what the app shows.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.desktop import Desktop, virtual_desktop
from tests.e2e.near_session import QUICK_ROUTINE
from tests.helpers.tools import require_tools

pytestmark = pytest.mark.e2e

PROMPT_TITLE = "Time for a break"

# A window that goes full screen (or back) on a line from stdin, after it is mapped: a
# window manager honours the state change of a mapped window, as with a real presentation.
PRESENTATION = r"""
import sys
from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
w = QLabel("a presentation")
w.setWindowTitle("Presentation")
w.resize(400, 300)
w.show()
def command():
    line = sys.stdin.readline().strip()
    if line == "full":
        w.showFullScreen()
    elif line == "normal":
        w.showNormal()
    else:
        app.quit()
notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
notifier.activated.connect(command)
app.exec()
"""


def write_settings(desktop: Desktop, body: str) -> None:
    routines = desktop.data_dir / "routines"
    routines.mkdir(parents=True, exist_ok=True)
    (routines / "e2e-quick.toml").write_text(QUICK_ROUTINE)
    desktop.config_dir.mkdir(parents=True, exist_ok=True)
    (desktop.config_dir / "settings.toml").write_text("schema_version = 1\n" + body)
    desktop.met_the_welcome()


def slot_in(seconds: int) -> str:
    due = (datetime.now() + timedelta(seconds=seconds)).replace(microsecond=0)
    return (
        'preset = "sessions"\n\n[[slots]]\nid = "soon"\n'
        f'time = "{due:%H:%M:%S}"\nroutine = "e2e-quick"\n'
        'weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n'
    )


def quit_app(desktop: Desktop, app: subprocess.Popen[bytes]) -> None:
    assert desktop.cli("quit").returncode == 0
    assert app.wait(timeout=20) == 0


def test_without_a_tray_host_a_status_window_offers_the_actions(
    tmp_path: Path, artifacts: Path
) -> None:
    with virtual_desktop(tmp_path / "home", tray=False) as desktop:
        write_settings(desktop, slot_in(3600))
        app = desktop.start_app()
        desktop.wait_for(lambda: bool(desktop.window_ids("Desk Breaks")), 20, "the status window")
        assert desktop.status()["state"] == "waiting"
        desktop.screenshot(artifacts / "e2e-no-tray-status-window.png")
        quit_app(desktop, app)
        log = (desktop.home / "app.log").read_text()
        assert "no system tray is available; showing the status window" in log


def test_a_prompt_waits_while_a_window_is_full_screen(tmp_path: Path, artifacts: Path) -> None:
    require_tools("evilwm")
    with virtual_desktop(tmp_path / "home") as desktop:
        desktop.start_window_manager()
        write_settings(desktop, slot_in(20))
        app = desktop.start_app()
        desktop.wait_for(desktop.tray_icon_docked, 20, "the tray icon")
        show = subprocess.Popen(
            [sys.executable, "-c", PRESENTATION],
            env=desktop.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        desktop.processes.append(show)  # type: ignore[arg-type]
        desktop.wait_for(lambda: bool(desktop.window_ids("Presentation")), 15, "the window")
        window = desktop.window_ids("Presentation")[0]
        assert show.stdin is not None
        show.stdin.write("full\n")
        show.stdin.flush()
        desktop.wait_for(
            lambda: "FULLSCREEN" in desktop.x("xprop", "-id", window, "_NET_WM_STATE"),
            10,
            "the window to go full screen",
        )
        assert desktop.status()["state"] == "waiting"  # the session is not due yet
        desktop.wait_for(
            lambda: desktop.status().get("state") == "deferred", 30, "the session to be held"
        )
        status = desktop.status()
        assert status["deferred_because"] == "a full-screen window is active"
        assert desktop.window_ids(PROMPT_TITLE) == []
        desktop.screenshot(artifacts / "e2e-full-screen-holds-the-prompt.png")
        show.stdin.write("normal\n")  # the presentation ends
        show.stdin.flush()
        desktop.wait_for(lambda: bool(desktop.window_ids(PROMPT_TITLE)), 20, "the prompt")
        assert desktop.status()["state"] == "prompting"
        assert desktop.cli("skip").returncode == 0
        last = desktop.status()["last"]
        assert last["outcome"] == "skipped"  # type: ignore[index]
        quit_app(desktop, app)
        show.communicate("quit\n", timeout=10)  # also closes the pipe


def test_an_idle_spell_is_a_natural_break_and_check_ins_restart_from_the_return(
    tmp_path: Path,
) -> None:
    with virtual_desktop(tmp_path / "home") as desktop:
        write_settings(
            desktop,
            'preset = "check-ins"\nidle_threshold_min = 1\n\n'
            "[check_ins]\nenabled = true\ninterval_min = 5\n"
            'start = "00:00"\nend = "23:59"\nroutine = "e2e-quick"\n'
            'weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n',
        )
        app = desktop.start_app()
        desktop.wait_for(desktop.tray_icon_docked, 20, "the tray icon")
        # No input from here on: a minute later the person counts as away.
        desktop.wait_for(
            lambda: desktop.status().get("state") == "away", 90, "the away state", step_s=1
        )
        desktop.x("xdotool", "mousemove", "200", "200")
        back = datetime.now().astimezone()
        desktop.wait_for(
            lambda: desktop.status().get("state") == "waiting", 20, "the return", step_s=0.5
        )
        status = desktop.status()
        assert status["last"]["outcome"] == "natural-break"  # type: ignore[index]
        due = datetime.fromisoformat(status["next"]["due_at"])  # type: ignore[index]
        # Counted afresh from the return, not from the 5-minute grid.
        assert abs((due - (back + timedelta(minutes=5))).total_seconds()) < 8, (due, back)
        quit_app(desktop, app)
