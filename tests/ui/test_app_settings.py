"""Settings in the running app: the dialog reschedules at once, hand edits are picked up."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from desk_breaks.app import DeskBreaks, Ports
from desk_breaks.core import settings_file
from desk_breaks.core.clock import ManualClock
from desk_breaks.core.paths import AppPaths
from desk_breaks.core.settings import Theme
from desk_breaks.desktop.autostart import FakeAutostart
from desk_breaks.desktop.instance import InstanceGuard
from desk_breaks.desktop.notify import FakeNotifier
from desk_breaks.ui import sound

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 3, 23, 12, 0, tzinfo=BERLIN)


@pytest.fixture
def app(tmp_path: Path, qtbot: QtBot) -> Iterator[tuple[DeskBreaks, FakeNotifier, FakeAutostart]]:
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "run")
    (tmp_path / "run").mkdir(mode=0o700)
    guard = InstanceGuard(paths.runtime_dir)
    assert guard.try_acquire()
    notifier, autostart = FakeNotifier(), FakeAutostart()
    desk = DeskBreaks(
        paths,
        ManualClock(MONDAY, BERLIN),
        guard,
        ports=Ports(notifier=lambda tray: notifier, autostart=autostart),
    )
    desk.start()
    yield desk, notifier, autostart
    desk.shutdown()
    guard.release()


def lunch_due(desk: DeskBreaks) -> datetime:
    upcoming = desk.engine.plan.upcoming(desk.clock.now(), 20)
    return next(o.due_at for o in upcoming if o.key == "lunch")


def test_ok_in_the_settings_dialog_reschedules_and_saves(
    app: tuple[DeskBreaks, FakeNotifier, FakeAutostart],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    desk, _notifier, _autostart = app
    # Probing the sound output is tests/ui/test_sound.py's business (and noisy without audio).
    monkeypatch.setattr(sound, "probe_sound", lambda: "no audio output in this test")
    assert lunch_due(desk) == MONDAY.replace(minute=30)
    desk.tray.settings_action.trigger()
    dialog = desk._settings_dialog
    assert dialog is not None and dialog.isVisible()
    desk.show_settings()  # a second open brings the same window forward
    assert desk._settings_dialog is dialog
    field = next(
        w for w in dialog.findChildren(QLineEdit) if w.text() == "12:30"
    )  # the lunch session's time
    field.selectAll()
    qtbot.keyClicks(field, "13:15")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert lunch_due(desk) == MONDAY.replace(hour=13, minute=15)
    assert desk.tray.next_action.text() == "30-second check-in at 12:30"  # no longer blocked
    saved = settings_file.load(desk.paths.settings_file).settings
    assert next(s for s in saved.slots if s.id == "lunch").time == time(13, 15)


def test_a_save_that_fails_keeps_the_new_settings_in_force(
    app: tuple[DeskBreaks, FakeNotifier, FakeAutostart], monkeypatch: pytest.MonkeyPatch
) -> None:
    desk, _notifier, _autostart = app

    def refuse(path: Path, settings: object) -> bytes:
        raise settings_file.SaveError(f"Could not save {path}: disk full")

    monkeypatch.setattr(settings_file, "save", refuse)
    later = replace(
        desk.settings,
        slots=tuple(
            replace(s, time=time(13, 0)) if s.id == "lunch" else s for s in desk.settings.slots
        ),
    )
    message = desk.apply_settings(later)
    assert message is not None and "disk full" in message
    assert lunch_due(desk) == MONDAY.replace(hour=13)


def test_start_at_login_from_the_settings_uses_the_autostart_port(
    app: tuple[DeskBreaks, FakeNotifier, FakeAutostart],
) -> None:
    desk, _notifier, autostart = app
    assert desk.apply_settings(replace(desk.settings, start_at_login=True)) is None
    assert autostart.changes == [True]


def test_a_hand_edit_is_picked_up_and_a_bad_one_is_reported(
    app: tuple[DeskBreaks, FakeNotifier, FakeAutostart], qtbot: QtBot
) -> None:
    desk, notifier, _autostart = app
    path = desk.paths.settings_file
    text = path.read_text()
    assert 'time = "12:30"' in text
    with qtbot.waitSignal(desk.watcher.changed, timeout=5000):
        path.write_text(text.replace('time = "12:30"', 'time = "12:45"'))
    assert lunch_due(desk) == MONDAY.replace(minute=45)
    assert notifier.shown[-1].title == "Settings updated"
    with qtbot.waitSignal(desk.watcher.changed, timeout=5000):
        path.write_text(text.replace('time = "12:30"', 'time = "09:30"'))  # same as morning
    assert lunch_due(desk) == MONDAY.replace(minute=45)  # unchanged
    assert "not applied" in notifier.shown[-1].title


def test_our_own_save_is_not_taken_for_a_hand_edit(
    app: tuple[DeskBreaks, FakeNotifier, FakeAutostart], qtbot: QtBot
) -> None:
    desk, notifier, _autostart = app
    shown = len(notifier.shown)
    with qtbot.waitSignal(desk.watcher.checked, timeout=5000) as blocker:
        desk.apply_settings(replace(desk.settings, reduced_motion=True))
    assert blocker.args == [False]
    assert len(notifier.shown) == shown


def test_the_theme_setting_recolours_the_app_and_system_restores_the_desktops(
    app: tuple[DeskBreaks, FakeNotifier, FakeAutostart], qapp: QApplication
) -> None:
    desk, _notifier, _autostart = app
    system = QPalette(qapp.palette())
    try:
        desk.apply_settings(replace(desk.settings, theme=Theme.DARK))
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 80
        desk.apply_settings(replace(desk.settings, theme=Theme.LIGHT))
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 200
        desk.apply_settings(replace(desk.settings, theme=Theme.SYSTEM))
        assert qapp.palette() == system
    finally:
        qapp.setPalette(system)
