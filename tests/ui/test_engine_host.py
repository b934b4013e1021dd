"""The engine host on the Qt loop: clock changes reported by the OS are acted on at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from desk_breaks.app import DeskBreaks, Ports
from desk_breaks.core.clock import ManualClock
from desk_breaks.core.engine import Engine, Offer
from desk_breaks.core.paths import AppPaths
from desk_breaks.core.settings import CheckIns, Settings, Slot
from desk_breaks.desktop.ipc.instance import InstanceGuard
from desk_breaks.ui.engine_host import MINUTE_MS, EngineHost
from tests.helpers.fakes import PipeClockChange
from tests.helpers.sim import ListRecorder

BERLIN = ZoneInfo("Europe/Berlin")


def monday(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, 23, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def hosted(qtbot: QtBot) -> Iterator[tuple[EngineHost, ManualClock, PipeClockChange]]:
    clock = ManualClock(monday(10, 1), BERLIN)
    engine = Engine(Settings(), clock, ListRecorder())
    engine.begin(None)
    source = PipeClockChange()
    host = EngineHost(engine, clock, clock_change=source)
    host.start()
    yield host, clock, source
    host.stop()


def test_the_due_timer_is_precise_and_the_minute_timer_coarse(
    hosted: tuple[EngineHost, ManualClock, PipeClockChange],
) -> None:
    # The due timer's type is set by value (PRECISE_TIMER), not by naming Qt.TimerType.
    from PySide6.QtCore import Qt

    host, _clock, _source = hosted
    assert host._due.timerType() is Qt.TimerType.PreciseTimer
    assert host._minute.timerType() is Qt.TimerType.CoarseTimer


def test_a_clock_set_forward_is_acted_on_when_the_os_says_so(
    hosted: tuple[EngineHost, ManualClock, PipeClockChange], qtbot: QtBot
) -> None:
    host, clock, source = hosted
    assert host.watches_clock_changes
    assert host.next_wakeup() == monday(10, 30)
    clock.set_wall(monday(12, 31))  # the lunch session at 12:30 is now due
    # The minute check is a minute away; only the report can bring the prompt this soon.
    with qtbot.waitSignal(host.offer_changed, timeout=MINUTE_MS // 4) as offered:
        source.announce()
    offer = offered.args[0]
    assert isinstance(offer, Offer) and offer.occurrence.key == "lunch"


def test_a_clock_set_back_moves_the_next_session_at_once(
    hosted: tuple[EngineHost, ManualClock, PipeClockChange], qtbot: QtBot
) -> None:
    host, clock, source = hosted
    clock.set_wall(monday(8, 40))
    with qtbot.waitSignal(host.changed, timeout=MINUTE_MS // 4):
        source.announce()
    nxt = host.engine.next_due()
    assert nxt is not None and nxt.due_at == monday(9)
    assert host.next_wakeup() == monday(9)


class BrokenSource(PipeClockChange):
    def clock_was_set(self) -> bool:
        raise OSError(9, "Bad file descriptor")


def test_a_source_that_fails_is_dropped_and_the_minute_check_remains(qtbot: QtBot) -> None:
    clock = ManualClock(monday(10, 1), BERLIN)
    engine = Engine(Settings(), clock, ListRecorder())
    source = BrokenSource()
    host = EngineHost(engine, clock, clock_change=source)
    host.start()
    source.announce()
    qtbot.waitUntil(lambda: not host.watches_clock_changes)
    assert source.closed
    assert host._minute.isActive()
    host.stop()


def test_the_due_timer_counts_real_time_over_the_spring_change(qtbot: QtBot) -> None:
    # 01:59:59 CET; a session at 02:30, a time that does not exist that night, is due at
    # the change, one second later (not the hour and a second the wall-clock fields say).
    night = Settings(
        slots=(Slot("night", datetime(2026, 1, 1, 2, 30).time(), "r", frozenset(range(7))),),
        check_ins=CheckIns(enabled=False),
    )
    clock = ManualClock(datetime(2026, 3, 29, 1, 59, 59, tzinfo=BERLIN), BERLIN)
    engine = Engine(night, clock, ListRecorder())
    engine.begin(None)
    host = EngineHost(engine, clock)
    host.start()
    assert 0 < host._due.remainingTime() <= 1000
    host.stop()


def test_the_app_shows_the_right_next_session_as_soon_as_the_clock_is_set(
    tmp_path: Path, qtbot: QtBot
) -> None:
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "run")
    (tmp_path / "run").mkdir(mode=0o700)
    guard = InstanceGuard(paths.runtime_dir)
    assert guard.try_acquire()
    clock = ManualClock(monday(12, 20), BERLIN)
    source = PipeClockChange()
    desk = DeskBreaks(paths, clock, guard, ports=Ports(clock_change=lambda: source))
    desk.start()
    try:
        assert desk.tray.next_action.text() == "Lunch reset at 12:30"
        clock.set_wall(monday(10, 5))  # set back two hours and a quarter
        with qtbot.waitSignal(desk.host.changed, timeout=MINUTE_MS // 4):
            source.announce()
        assert desk.tray.next_action.text() == "30-second check-in at 10:30"
    finally:
        desk.shutdown()
        guard.release()
    assert source.closed
