"""Start-up failures of the real app under Xvfb: the user sees why, and the exit is non-zero.

Started from a menu or at login, the app's stderr goes nowhere, so a reason that only reaches
stderr was never given: it must appear on screen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.desktop import Desktop
from tests.helpers.hung import hung_instance

pytestmark = pytest.mark.e2e

TITLE = "Desk Breaks cannot start"


def close_with_enter(desktop: Desktop, window: str) -> None:
    # No window manager here: give the box the keyboard focus ourselves, then press Enter.
    desktop.x("xdotool", "windowfocus", "--sync", window)
    desktop.x("xdotool", "key", "--window", window, "Return")


def test_a_hung_first_instance_is_shown_not_hidden(desktop: Desktop, artifacts: Path) -> None:
    with hung_instance(desktop.home / "runtime", desktop.env) as hung:
        app = desktop.start_app()
        desktop.wait_for(lambda: bool(desktop.window_ids(TITLE)), 30, "the failure dialog")
        assert app.poll() is None  # waits for the user to read it
        (window,) = desktop.window_ids(TITLE)
        desktop.screenshot(artifacts / "e2e-start-failure.png")
        close_with_enter(desktop, window)
        code = app.wait(timeout=20)
    assert code == 4
    log = (desktop.home / "app.log").read_text()
    assert f"{TITLE}: another Desk Breaks is running but does not respond" in log
    assert f"(process {hung.pid})" in log


@pytest.mark.skipif(os.geteuid() != 0, reason="planting another user's folder needs root")
def test_a_planted_temp_folder_is_refused_and_the_app_starts_elsewhere(desktop: Desktop) -> None:
    # A session without XDG_RUNTIME_DIR (ssh, su) and a neighbour who made our temp folder.
    temp = desktop.home / "tmp"
    temp.mkdir()
    planted = temp / f"desk-breaks-{os.getuid()}"
    planted.mkdir(mode=0o777)
    planted.chmod(0o777)
    os.chown(planted, 12345, 12345)
    env = {k: v for k, v in desktop.env.items() if k != "XDG_RUNTIME_DIR"}
    env["TMPDIR"] = str(temp)

    with (desktop.home / "app.log").open("ab") as log:
        app = subprocess.Popen(
            [sys.executable, "-m", "desk_breaks"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    desktop.processes.append(app)

    def status() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "desk_breaks", "status", "--json"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=20,
        )

    desktop.wait_for(lambda: status().returncode == 0, 30, "the app to answer")
    answered = status()
    notices = json.loads(answered.stdout)["notices"]
    used = desktop.home / "state" / "desk-breaks" / "run"
    assert (
        f"Desk Breaks did not use {planted} for its lock and command socket because it "
        f"belongs to another user (uid 12345); it uses {used} instead."
    ) in notices
    assert (used / "desk-breaks" / "instance.lock").exists()
    assert list(planted.iterdir()) == []  # nothing of ours went into the planted folder
    quit_reply = subprocess.run(
        [sys.executable, "-m", "desk_breaks", "quit"], env=env, capture_output=True, timeout=20
    )
    assert quit_reply.returncode == 0
    assert app.wait(timeout=20) == 0
