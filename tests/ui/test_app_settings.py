"""Settings in the running app: the dialog reschedules at once, hand edits are picked up."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
from desk_breaks.core.commands import SetAutostart, Status
from desk_breaks.core.paths import AppPaths
from desk_breaks.core.settings import Settings, Theme
from desk_breaks.desktop.ipc.instance import InstanceGuard
from desk_breaks.ui import sound
from tests.helpers.fakes import FakeAutostart, FakeNotifier

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
    qtbot.waitUntil(paths.settings_file.exists)  # a first run writes it once the icon shows
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
    dialog = desk.windows.settings_dialog
    assert dialog is not None and dialog.isVisible()
    desk.windows.show_settings()  # a second open brings the same window forward
    assert desk.windows.settings_dialog is dialog
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


def test_settings_say_why_natural_breaks_are_not_counted_on_this_desktop(
    app: tuple[DeskBreaks, FakeNotifier, FakeAutostart], monkeypatch: pytest.MonkeyPatch
) -> None:
    desk, _notifier, _autostart = app
    monkeypatch.setattr(sound, "probe_sound", lambda: None)
    # The test's Ports give no idle time: a NullIdleSource with its reason, as the factory
    # returns when no backend works.
    desk.tray.settings_action.trigger()
    dialog = desk.windows.settings_dialog
    assert dialog is not None
    assert "natural breaks are not counted" in dialog.general.idle_problem.text()
    assert "not wired in this set-up" in dialog.general.idle_problem.text()


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


# ---------------------------------------------------------------------------------------
# Issue 11: whatever the settings file holds, the app starts, tells the user, and leaves
# the file exactly as it was until the user saves on purpose.


@contextmanager
def started(
    tmp_path: Path, *, autostart: FakeAutostart | None = None
) -> Iterator[tuple[DeskBreaks, FakeNotifier]]:
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "run")
    (tmp_path / "run").mkdir(mode=0o700, exist_ok=True)
    guard = InstanceGuard(paths.runtime_dir)
    assert guard.try_acquire()
    notifier = FakeNotifier()
    ports = Ports(notifier=lambda tray: notifier)
    if autostart is not None:  # else the inert default: no start-at-login here
        ports.autostart = autostart
    try:
        desk = DeskBreaks(paths, ManualClock(MONDAY, BERLIN), guard, ports=ports)
        try:
            desk.start()
            yield desk, notifier
        finally:
            desk.shutdown()
    finally:
        guard.release()


def settings_path(tmp_path: Path) -> Path:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    return folder / "settings.toml"


def told(desk: DeskBreaks, notifier: FakeNotifier) -> list[str]:
    """Every notice, checked to reach the user: in status (the command line) and on screen."""
    status = desk.handle(Status()).data
    assert status is not None and status["notices"] == desk.notices
    shown = "\n".join(f"{n.title}\n{n.body}" for n in notifier.shown)
    for notice in desk.notices:
        assert notice in shown
    return desk.notices


@pytest.mark.parametrize("value", [0, -5])
def test_an_out_of_range_interval_falls_back_at_start_and_the_file_is_untouched(
    tmp_path: Path, qtbot: QtBot, value: int
) -> None:
    # 0 froze every start (the check-in times never ended); -5 crashed, after the app had
    # already saved the file over itself because start-at-login was on.
    path = settings_path(tmp_path)
    text = f"start_at_login = false\n\n[check_ins]\ninterval_min = {value}\n"
    path.write_text(text)
    with started(tmp_path, autostart=FakeAutostart(enabled=True)) as (desk, notifier):
        assert desk.settings.check_ins.interval_min == 30
        assert told(desk, notifier) == [
            f"{path}: check_ins.interval_min: must be from 5 to 240 minutes, not {value}; using 30"
        ]
        check_ins = [
            o.due_at for o in desk.engine.plan.upcoming(desk.clock.now(), 4) if o.key == "check-in"
        ]
        assert check_ins[:2] == [MONDAY.replace(hour=13), MONDAY.replace(hour=13, minute=30)]
        assert desk.settings.start_at_login is True  # follows the entry, in memory only
    assert path.read_text() == text


BROKEN_FILES: dict[str, Callable[[Path], object]] = {
    "not-toml": lambda p: p.write_text("preset = [\n"),
    "bad-value": lambda p: p.write_text("[prompts]\nsnooze_cap = 99\n"),
    "deeply-nested": lambda p: p.write_text("a = " + "[" * 100_000),
    "oversized": lambda p: p.write_bytes(b"#" * (settings_file.MAX_FILE_BYTES + 1)),
    "fifo": lambda p: os.mkfifo(p),
    "link-to-dev-zero": lambda p: p.symlink_to("/dev/zero"),
    "folder": lambda p: p.mkdir(),
    "dangling-link": lambda p: p.symlink_to(p.parent / "gone.toml"),
}


def on_disk(path: Path) -> tuple[int, bytes | str | None]:
    info = path.lstat()
    if stat.S_ISREG(info.st_mode):
        return info.st_mode, path.read_bytes()
    return info.st_mode, os.readlink(path) if path.is_symlink() else None


@pytest.mark.parametrize("kind", sorted(BROKEN_FILES))
def test_a_broken_file_is_not_overwritten_at_start_even_with_start_at_login(
    tmp_path: Path, qtbot: QtBot, kind: str
) -> None:
    path = settings_path(tmp_path)
    BROKEN_FILES[kind](path)
    before = on_disk(path)
    autostart = FakeAutostart(enabled=True)
    with started(tmp_path, autostart=autostart) as (desk, notifier):
        assert desk.settings.start_at_login is True
        notices = told(desk, notifier)
        assert len(notices) == 1 and str(path) in notices[0]
        assert on_disk(path) == before
        if kind == "folder":
            return  # nothing can be saved there; the save error is the dialog's to show
        # Saving on purpose (a command that changes a setting) writes the file at last.
        assert desk.handle(SetAutostart(False)).ok
        assert on_disk(path) != before
        assert settings_file.load(path).may_overwrite
        assert settings_file.load(path).settings.start_at_login is False


def test_leftover_temporary_files_of_a_killed_save_are_removed_at_start(
    tmp_path: Path, qtbot: QtBot
) -> None:
    path = settings_path(tmp_path)
    settings_file.save(path, Settings())
    stale = [path.with_name(".settings-k1ll3d_0.tmp"), path.with_name(".settings-k1ll3d_0.tmp.bak")]
    for leftover in stale:
        leftover.write_text("half a save")
    other = path.with_name(".settings-notes.txt")
    other.write_text("not ours")
    with started(tmp_path) as (desk, notifier):
        assert told(desk, notifier) == []
        assert not any(leftover.exists() for leftover in stale)
        assert other.read_text() == "not ours"


def test_the_same_broken_file_is_copied_aside_once_however_often_the_app_starts(
    tmp_path: Path, qtbot: QtBot
) -> None:
    path = settings_path(tmp_path)
    path.write_text("preset = [\n")
    for _ in range(3):
        with started(tmp_path):
            pass
    assert len(list(path.parent.glob("settings.toml.broken-*"))) == 1


def test_a_config_folder_that_is_a_file_still_starts_on_defaults(
    tmp_path: Path, qtbot: QtBot
) -> None:
    (tmp_path / "config").write_text("a file where the folder should be")
    with started(tmp_path, autostart=FakeAutostart(enabled=True)) as (desk, notifier):
        assert desk.settings.start_at_login is True
        assert told(desk, notifier) == [
            f"{tmp_path / 'config' / 'settings.toml'} cannot be read: {tmp_path / 'config'} "
            "is not a folder; using the default settings. The file was left as it is, and "
            "nothing is written there until you save the settings."
        ]
        assert desk.engine.plan.upcoming(desk.clock.now(), 1)
    assert (tmp_path / "config").read_text() == "a file where the folder should be"


def test_a_config_folder_that_cannot_be_entered_still_starts_on_defaults(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = settings_path(tmp_path)
    settings_file.save(path, replace(Settings(), reduced_motion=True))
    folder = path.parent
    real_stat, real_lstat, real_listdir = os.stat, os.lstat, os.listdir

    # What a 0000 folder does to its user (root, as in CI, may enter it anyway).
    def refused(name: object) -> bool:
        return Path(os.fsdecode(name)).parent == folder  # type: ignore[arg-type]

    def deny(real: Callable[..., object]) -> Callable[..., object]:
        def check(name: object, *args: object, **kwargs: object) -> object:
            if refused(name) or (real is real_listdir and Path(str(name)) == folder):
                raise PermissionError(errno.EACCES, "Permission denied", str(name))
            return real(name, *args, **kwargs)

        return check

    monkeypatch.setattr(os, "stat", deny(real_stat))
    monkeypatch.setattr(os, "lstat", deny(real_lstat))
    monkeypatch.setattr(os, "listdir", deny(real_listdir))
    with started(tmp_path, autostart=FakeAutostart(enabled=True)) as (desk, notifier):
        assert desk.settings.reduced_motion is False  # the defaults
        assert told(desk, notifier) == [
            f"{path} cannot be read (Permission denied); using the default settings. The file "
            "was left as it is, and nothing is written there until you save the settings."
        ]
    monkeypatch.undo()
    assert settings_file.load(path).settings.reduced_motion is True


def test_a_deeply_nested_exercise_of_the_users_is_skipped_with_a_notice(
    tmp_path: Path, qtbot: QtBot
) -> None:
    exercises = tmp_path / "data" / "exercises"
    exercises.mkdir(parents=True)
    (exercises / "mine.toml").write_text("a = " + "[" * 100_000)
    with started(tmp_path) as (desk, notifier):
        assert told(desk, notifier) == [
            f"Skipped {exercises / 'mine.toml'} — not valid TOML (its values are nested too deeply)"
        ]
        assert "check-in" in desk.library.routines


def test_a_hand_edit_with_a_bad_value_is_refused_as_a_whole(
    app: tuple[DeskBreaks, FakeNotifier, FakeAutostart], qtbot: QtBot
) -> None:
    desk, notifier, _autostart = app
    path = desk.paths.settings_file
    text = path.read_text()
    with qtbot.waitSignal(desk.watcher.changed, timeout=5000):
        path.write_text(
            text.replace("interval_min = 30", "interval_min = 0").replace(
                'time = "12:30"', 'time = "12:45"'
            )
        )
    assert lunch_due(desk) == MONDAY.replace(minute=30)  # nothing of the edit applied
    assert desk.settings.check_ins.interval_min == 30
    assert notifier.shown[-1].title == "settings.toml has problems; not applied"
    assert notifier.shown[-1].body == (
        "check_ins.interval_min: must be from 5 to 240 minutes, not 0\n"
        "Nothing was changed: the settings in use stay as they were."
    )
    assert path.read_text() != text  # and the user's edit is theirs to fix
