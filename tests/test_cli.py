"""The ``desk-breaks`` command line, run as a person would, with no app running."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desk_breaks.desktop.autostart.xdg import FILE_NAME
from tests.helpers.hung import hung_instance


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    return {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_CONFIG_DIRS": str(tmp_path / "etc-xdg"),  # no system-wide entry
    }


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desk_breaks", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_autostart_works_without_the_app(env: dict[str, str], tmp_path: Path) -> None:
    entry = tmp_path / "config" / "autostart" / FILE_NAME
    on = cli(env, "autostart", "on")
    assert on.returncode == 0, on.stderr
    assert on.stdout.strip() == f"Desk Breaks will start at login ({entry})."
    assert "Exec=" in entry.read_text()
    # The app is not started by it, and the settings are left for the app to follow.
    assert not (tmp_path / "config" / "desk-breaks" / "settings.toml").exists()

    off = cli(env, "autostart", "off")
    assert off.returncode == 0, off.stderr
    assert off.stdout.strip() == "Desk Breaks will no longer start at login."
    assert not entry.exists()


def test_autostart_without_the_app_reports_a_failure(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "autostart").write_text("a file where the folder should be")
    failed = cli(env, "autostart", "on")
    assert failed.returncode == 1
    assert failed.stdout == ""
    assert failed.stderr.startswith("Could not change starting at login:")
    assert str(tmp_path / "config" / "autostart") in failed.stderr


def test_other_commands_still_need_the_app(env: dict[str, str]) -> None:
    status = cli(env, "snooze", "5")
    assert status.returncode == 3
    assert "Desk Breaks is not running" in status.stderr


# --- start-up failures exit non-zero and say why (issue 11) ----------------------------------


def test_a_hung_first_instance_stops_the_start_with_a_reason(
    env: dict[str, str], tmp_path: Path
) -> None:
    with hung_instance(Path(env["XDG_RUNTIME_DIR"]), env) as hung:
        started = cli(env)
    assert started.returncode == 4
    assert (
        "Desk Breaks cannot start: another Desk Breaks is running but does not respond: "
        f"Desk Breaks did not answer within 1500 ms (process {hung.pid}). End that process"
    ) in started.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")
def test_no_safe_runtime_folder_at_all(env: dict[str, str], tmp_path: Path) -> None:
    runtime = Path(env["XDG_RUNTIME_DIR"])
    os.chown(runtime, 12345, 12345)
    temp = tmp_path / "tmp"
    temp.mkdir()
    (temp / f"desk-breaks-{os.getuid()}").write_text("planted")
    state = tmp_path / "state"
    (state / "desk-breaks").mkdir(parents=True)
    (state / "desk-breaks" / "run").symlink_to(runtime)
    env = {**env, "TMPDIR": str(temp), "XDG_STATE_HOME": str(state)}

    started = cli(env)
    assert started.returncode == 4
    assert "Desk Breaks cannot start: there is no safe folder" in started.stderr
    assert f"{runtime} belongs to another user (uid 12345)." in started.stderr

    status = cli(env, "status")
    assert status.returncode == 1
    assert "Desk Breaks cannot be reached: there is no safe folder" in status.stderr
