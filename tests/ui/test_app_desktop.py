"""The composed app with fake desktop ports: natural breaks, busy, meetings, heads-up."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_breaks.app import DeskBreaks, Ports
from desk_breaks.core import settings_file
from desk_breaks.core.clock import ManualClock
from desk_breaks.core.commands import Meeting, SetAutostart, Status
from desk_breaks.core.engine import Outcome, State
from desk_breaks.core.paths import AppPaths
from desk_breaks.core.settings import Settings
from desk_breaks.desktop.ipc.instance import InstanceGuard
from tests.helpers.fakes import (
    FakeAutostart,
    FakeBusySource,
    FakeIdleSource,
    FakeNotifier,
    FakeSleepWatcher,
)

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 3, 23, 12, 20, tzinfo=BERLIN)


class Fakes:
    def __init__(self, clock: ManualClock) -> None:
        self.idle = FakeIdleSource(clock)
        self.busy = FakeBusySource()
        self.notifier = FakeNotifier()
        self.sleep: FakeSleepWatcher | None = None
        self.autostart = FakeAutostart()

    def ports(self) -> Ports:
        def sleep(parent: object) -> FakeSleepWatcher:
            self.sleep = FakeSleepWatcher()
            return self.sleep

        return Ports(
            idle=self.idle,
            busy=self.busy,
            notifier=lambda tray: self.notifier,
            sleep=sleep,  # type: ignore[arg-type]
            autostart=self.autostart,
            busy_poll_s=0.02,
        )


@pytest.fixture
def app(tmp_path: Path, qtbot: QtBot) -> Iterator[tuple[DeskBreaks, ManualClock, Fakes]]:
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "run")
    (tmp_path / "run").mkdir(mode=0o700)
    guard = InstanceGuard(paths.runtime_dir)
    assert guard.try_acquire()
    clock = ManualClock(MONDAY, BERLIN)
    fakes = Fakes(clock)
    desk = DeskBreaks(paths, clock, guard, ports=fakes.ports())
    desk.start()
    yield desk, clock, fakes
    if desk.windows.session is not None:
        desk.windows.session.close()
    desk.shutdown()
    guard.release()


def advance(desk: DeskBreaks, clock: ManualClock, minutes: float) -> None:
    clock.advance(timedelta(minutes=minutes))
    desk.host.check_clock()


def test_a_natural_break_holds_the_session_and_offers_it_on_return(
    app: tuple[DeskBreaks, ManualClock, Fakes],
) -> None:
    desk, clock, fakes = app
    clock.advance(timedelta(minutes=6))  # 12:26, no input since 12:20
    desk.presence.poll_now()
    assert desk.engine.state is State.AWAY
    assert desk.tray.next_action.text() == "Away from the desk: a natural break"
    advance(desk, clock, 10)  # lunch falls due at 12:30 while away
    assert desk.engine.state is State.AWAY
    assert not desk.windows.prompt.isVisible()
    fakes.idle.touch()  # 12:36: back
    desk.presence.poll_now()
    assert desk.engine.state is State.PROMPTING
    assert desk.windows.prompt.isVisible()
    recent = desk.history.recent(5)
    assert [r.outcome for r in recent] == [Outcome.NATURAL_BREAK]
    assert recent[0].started_at == MONDAY


def test_no_input_during_a_full_screen_video_is_not_a_break(
    app: tuple[DeskBreaks, ManualClock, Fakes],
) -> None:
    desk, clock, fakes = app
    fakes.busy.reason = "a full-screen window is active"
    clock.advance(timedelta(minutes=6))
    desk.presence.poll_now()
    assert desk.engine.state is State.WAITING


def test_a_session_due_in_full_screen_waits_until_it_ends(
    app: tuple[DeskBreaks, ManualClock, Fakes], qtbot: QtBot
) -> None:
    desk, clock, fakes = app
    fakes.idle.available = False  # keep presence out of this test
    fakes.busy.reason = "a full-screen window is active"
    advance(desk, clock, 10)
    assert desk.engine.state is State.DEFERRED
    assert not desk.windows.prompt.isVisible()
    assert "waits until you are free" in desk.tray.next_action.text()
    with qtbot.waitSignal(desk.busy.cleared, timeout=5000):
        fakes.busy.reason = None
    assert desk.engine.state is State.PROMPTING
    assert desk.windows.prompt.isVisible()
    assert [r.outcome for r in desk.history.recent(5)] == [Outcome.DEFERRED]


def test_meeting_mode_from_the_tray_and_the_command_line(
    app: tuple[DeskBreaks, ManualClock, Fakes],
) -> None:
    desk, clock, fakes = app
    fakes.idle.available = False
    desk.tray.actions_by_text()["A 1-hour meeting"].trigger()
    assert desk.engine.state is State.DEFERRED
    assert desk.tray.next_action.text() == "Meeting mode until 13:20"
    assert desk.tray.meeting_off_action.isVisible()
    advance(desk, clock, 15)  # lunch at 12:30 is held
    assert not desk.windows.prompt.isVisible()
    reply = desk.handle(Meeting("off"))
    assert reply.ok, reply.message
    advance(desk, clock, 1)
    assert desk.engine.state is State.PROMPTING
    status = desk.handle(Status())
    assert status.data["meeting_until"] is None
    refused = desk.handle(Meeting("off"))
    assert not refused.ok and "not on" in refused.message


def test_the_heads_up_comes_before_a_full_session_and_goes_with_the_prompt(
    app: tuple[DeskBreaks, ManualClock, Fakes],
) -> None:
    desk, clock, fakes = app
    fakes.idle.available = False
    # Armed on the host's one due timer, like any wake-up; the engine's is still 12:30.
    assert desk.host.next_heads_up() == MONDAY.replace(minute=29, second=30)
    assert desk.host.next_wakeup() == MONDAY.replace(minute=30)
    # 12:20 -> 12:29:30: 9.5 minutes
    assert abs(desk.host._due.remainingTime() - 570_000) < 2_000
    clock.advance(timedelta(minutes=9, seconds=30))
    desk.host._due.timeout.emit()
    assert [(s.title, s.body.split(" · ")[0]) for s in fakes.notifier.shown] == [
        ("Lunch reset in 30 seconds", "Lunch reset")
    ]
    advance(desk, clock, 0.5)
    assert desk.windows.prompt.isVisible()
    assert fakes.notifier.current is None  # withdrawn when the prompt came


def test_no_heads_up_for_check_ins(app: tuple[DeskBreaks, ManualClock, Fakes]) -> None:
    desk, clock, fakes = app
    fakes.idle.available = False
    advance(desk, clock, 10)
    desk.windows.prompt.skip_button.click()  # lunch skipped: next comes the 13:00 check-in
    upcoming = desk.engine.next_due()
    assert upcoming is not None and upcoming.key == "check-in"
    assert desk.host.next_heads_up() is None


def test_autostart_from_the_command_line_is_saved_in_the_settings(
    app: tuple[DeskBreaks, ManualClock, Fakes],
) -> None:
    desk, _clock, fakes = app
    reply = desk.handle(SetAutostart(True))
    assert reply.ok and "fake autostart entry" in reply.message
    assert fakes.autostart.changes == [True]
    assert settings_file.load(desk.paths.settings_file).settings.start_at_login is True
    assert desk.handle(SetAutostart(False)).ok
    assert settings_file.load(desk.paths.settings_file).settings.start_at_login is False


def test_an_autostart_failure_is_reported(app: tuple[DeskBreaks, ManualClock, Fakes]) -> None:
    desk, _clock, fakes = app
    fakes.autostart._fail_with = "read-only folder"
    reply = desk.handle(SetAutostart(True))
    assert not reply.ok and "read-only folder" in reply.message


@pytest.mark.parametrize("first_run", [True, False])
def test_the_app_follows_an_entry_written_while_it_was_not_running(
    tmp_path: Path, qtbot: QtBot, first_run: bool
) -> None:
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "run")
    (tmp_path / "run").mkdir(mode=0o700)
    if not first_run:
        settings_file.save(paths.settings_file, Settings(idle_threshold_min=7))
    clock = ManualClock(MONDAY, BERLIN)
    fakes = Fakes(clock)
    fakes.autostart = FakeAutostart(enabled=True)  # `desk-breaks autostart on`, app not running
    guard = InstanceGuard(paths.runtime_dir)
    assert guard.try_acquire()
    desk = DeskBreaks(paths, clock, guard, ports=fakes.ports())
    try:
        assert desk.settings.start_at_login is True
        desk.start()  # the file is written once the icon shows
        qtbot.waitUntil(lambda: settings_file.load(paths.settings_file).settings.start_at_login)
        on_disk = settings_file.load(paths.settings_file).settings
        assert on_disk.start_at_login is True
        assert on_disk.idle_threshold_min == (5 if first_run else 7)  # nothing else changed
        assert fakes.autostart.changes == []  # the entry is read, not rewritten
    finally:
        desk.shutdown()
        guard.release()


def test_the_app_does_not_rewrite_settings_that_already_agree_with_the_entry(
    tmp_path: Path, qtbot: QtBot
) -> None:
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "run")
    (tmp_path / "run").mkdir(mode=0o700)
    settings_file.save(paths.settings_file, Settings())
    before = paths.settings_file.stat().st_mtime_ns
    guard = InstanceGuard(paths.runtime_dir)
    assert guard.try_acquire()
    desk = DeskBreaks(
        paths,
        ManualClock(MONDAY, BERLIN),
        guard,
        ports=Fakes(clock=ManualClock(MONDAY, BERLIN)).ports(),
    )
    try:
        assert desk.settings.start_at_login is False
        assert paths.settings_file.stat().st_mtime_ns == before
    finally:
        desk.shutdown()
        guard.release()


def test_waking_from_sleep_checks_the_schedule_at_once(
    app: tuple[DeskBreaks, ManualClock, Fakes],
) -> None:
    desk, clock, fakes = app
    fakes.idle.available = False
    clock.suspend(timedelta(minutes=15))  # slept through lunch at 12:30
    assert fakes.sleep is not None
    fakes.sleep.wake()
    assert desk.engine.state is State.PROMPTING


def test_without_a_tray_the_status_window_offers_the_same_actions(
    app: tuple[DeskBreaks, ManualClock, Fakes], qtbot: QtBot
) -> None:
    desk, clock, fakes = app
    fakes.idle.available = False
    window = desk.windows.status_window
    assert window is not None and window.isVisible()  # offscreen has no tray
    assert window.headline.text() == "Lunch reset at 12:30"
    assert not window.buttons["Skip this session"].isVisible()
    advance(desk, clock, 10)
    assert window.headline.text() == "Lunch reset is due now"
    skip = window.buttons["Skip this session"]
    assert skip.isVisible() and skip.isEnabled()
    qtbot.mouseClick(skip, Qt.MouseButton.LeftButton)
    assert desk.engine.state is State.WAITING
    assert window.buttons["Pause"].menu() is desk.tray.pause_menu
    window.close()  # closing only minimises: the window is the way back in
    assert window.isVisible()


def test_a_tray_that_appears_later_takes_over_from_the_status_window(
    app: tuple[DeskBreaks, ManualClock, Fakes], qtbot: QtBot
) -> None:
    desk, _clock, _fakes = app
    watch = desk.windows._tray_watch
    assert desk.windows.status_window is not None and watch is not None
    assert watch.is_watching()  # asking only because there is no tray
    watch._available = lambda: True  # a panel has started
    with qtbot.waitSignal(watch.appeared):
        watch._check()
    assert desk.windows.status_window is None and desk.windows._tray_watch is None
    assert not watch.is_watching()


def test_shutdown_closes_every_port(app: tuple[DeskBreaks, ManualClock, Fakes]) -> None:
    desk, _clock, fakes = app
    desk.shutdown()
    assert fakes.idle.closed and fakes.busy.closed
    assert fakes.notifier.disconnected == 1
    assert fakes.sleep is not None and fakes.sleep.stopped
