"""When the app cannot start, the user is shown why, not only stderr (issue 11).

Started from a menu or at login, stderr goes nowhere: the reason must appear in a dialog
titled "Desk Breaks cannot start", and the process must exit non-zero.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desk_breaks import launch
from desk_breaks.cli import EXIT_CANNOT_START
from desk_breaks.core.paths import AppPaths
from desk_breaks.launch import run, show_start_failure, start_failure_title

HOLDER = """
import sys, time
from pathlib import Path
from desk_breaks.desktop.ipc.instance import InstanceGuard

guard = InstanceGuard(Path(sys.argv[1]))
print("locked" if guard.try_acquire() else "refused", flush=True)
time.sleep(60)
"""


def close_box_when_shown(qtbot: QtBot, seen: list[tuple[str, str]]) -> None:
    """Read the modal box the code under test opens, then press its OK button."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, look)
            return
        seen.append((box.windowTitle(), box.text()))
        box.button(QMessageBox.StandardButton.Ok).click()

    QTimer.singleShot(0, look)


def test_the_reason_is_shown_in_a_dialog(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[tuple[str, str]] = []
    close_box_when_shown(qtbot, seen)
    code = show_start_failure("the folder /x belongs to another user", show_box=True)
    assert code == EXIT_CANNOT_START != 0
    assert seen == [("Desk Breaks cannot start", "The folder /x belongs to another user")]
    assert capsys.readouterr().err == (
        "Desk Breaks cannot start: the folder /x belongs to another user\n"
    )
    assert "cannot start: the folder /x belongs to another user" in caplog.text


def test_without_a_screen_there_is_no_dialog_to_wait_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # conftest runs Qt offscreen: a modal box there would wait for ever for a click.
    monkeypatch.setenv("DISPLAY", ":99")
    assert launch._display_available() is False
    assert show_start_failure("no screen") == EXIT_CANNOT_START


@pytest.mark.parametrize(
    ("env", "available"),
    [
        ({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":1"}, True),
        ({"QT_QPA_PLATFORM": "", "WAYLAND_DISPLAY": "wayland-0"}, True),
        ({"QT_QPA_PLATFORM": "", "DISPLAY": "", "WAYLAND_DISPLAY": ""}, False),
        ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":1"}, False),
    ],
)
def test_a_display_is_detected_before_qt_starts(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], available: bool
) -> None:
    monkeypatch.setattr(QApplication, "instance", staticmethod(lambda: None))
    monkeypatch.setattr(sys, "platform", "linux")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert launch._display_available() is available


def make_paths(tmp_path: Path) -> AppPaths:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    return AppPaths(tmp_path / "config", tmp_path / "data", runtime)


def test_run_shows_why_the_lock_cannot_be_taken(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = make_paths(tmp_path)
    (paths.runtime_dir / "desk-breaks").write_text("a file where the folder should be")
    monkeypatch.setattr(launch, "_display_available", lambda: True)
    seen: list[tuple[str, str]] = []
    close_box_when_shown(qtbot, seen)
    assert run(["desk-breaks"], paths=paths) == EXIT_CANNOT_START
    ((title, text),) = seen
    assert title == start_failure_title()
    assert text == (
        f"Cannot take the single-instance lock: {paths.runtime_dir / 'desk-breaks'} is not a folder"
    )


@pytest.mark.skipif(os.name != "posix", reason="Unix lock holder")
def test_run_reports_an_instance_that_holds_the_lock_but_never_answers(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = make_paths(tmp_path)
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(paths.runtime_dir)], stdout=subprocess.PIPE, text=True
    ) as holder:
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline() == "locked\n"
            code = run(["desk-breaks"], paths=paths)
        finally:
            holder.kill()
    assert code == EXIT_CANNOT_START
    err = capsys.readouterr().err
    assert (
        "Desk Breaks cannot start: another Desk Breaks is running but does not respond: "
        f"Desk Breaks is running (process {holder.pid}) but does not answer."
    ) in err
