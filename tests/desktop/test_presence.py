"""PresenceMonitor's state machine and polling plan, on a fake idle source and a manual clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from desk_breaks.core.clock import ManualClock
from desk_breaks.desktop.idle import FakeIdleSource
from desk_breaks.desktop.presence import PresenceMonitor

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


class Recorder:
    def __init__(self, monitor: PresenceMonitor) -> None:
        self.events: list[tuple[str, datetime]] = []
        monitor.went_away.connect(lambda when: self.events.append(("away", when)))
        monitor.came_back.connect(lambda when: self.events.append(("back", when)))


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def source(clock: ManualClock) -> FakeIdleSource:
    return FakeIdleSource(clock)


def make(
    qtbot: QtBot, source: FakeIdleSource | None, clock: ManualClock, threshold_s: float = 300
) -> tuple[PresenceMonitor, Recorder]:
    monitor = PresenceMonitor(source, clock, threshold_s)
    recorder = Recorder(monitor)
    return monitor, recorder


def step(clock: ManualClock, monitor: PresenceMonitor) -> None:
    """Let the scheduled poll come due and run it, as the timer would."""
    pending = monitor.next_poll_ms()
    assert pending is not None
    clock.advance(pending / 1000)
    monitor.poll_now()


def test_away_then_back_reports_the_moments_of_input(
    qtbot: QtBot, clock: ManualClock, source: FakeIdleSource
) -> None:
    monitor, rec = make(qtbot, source, clock)
    monitor.start()
    assert rec.events == []
    assert not monitor.is_away
    # Present and just active: no one can be away within 5 minutes, look again in a minute.
    assert monitor.next_poll_ms() == 60_000

    for _ in range(5):
        step(clock, monitor)  # no input at all
    assert rec.events == [("away", T0)]
    assert monitor.is_away
    assert monitor.away_since == T0
    # Away: look often, so the return is noticed promptly.
    assert monitor.next_poll_ms() == 2_000

    step(clock, monitor)
    step(clock, monitor)
    assert rec.events == [("away", T0)]

    clock.advance(1.2)
    source.touch()
    back_at = clock.now()
    step(clock, monitor)
    assert rec.events == [("away", T0), ("back", back_at)]
    assert not monitor.is_away
    assert monitor.away_since is None
    assert monitor.next_poll_ms() == 60_000


def test_present_poll_is_aimed_at_the_threshold(
    qtbot: QtBot, clock: ManualClock, source: FakeIdleSource
) -> None:
    monitor, rec = make(qtbot, source, clock)
    source.set_idle_ms(270_000)
    monitor.start()
    # 30 s to go (plus half a second of slack for a coarse timer firing early).
    assert monitor.next_poll_ms() == 30_500
    step(clock, monitor)
    assert [kind for kind, _ in rec.events] == ["away"]
    assert rec.events[0][1] == clock.now() - timedelta(seconds=300.5)


def test_a_present_user_costs_about_one_poll_a_minute(
    qtbot: QtBot, clock: ManualClock, source: FakeIdleSource
) -> None:
    monitor, rec = make(qtbot, source, clock)
    monitor.start()
    start = clock.monotonic()
    while clock.monotonic() - start < 3600:
        pending = monitor.next_poll_ms()
        assert pending is not None
        # The user types now and then, a few seconds before each poll.
        clock.advance(pending / 1000 - 3)
        source.touch()
        clock.advance(3)
        monitor.poll_now()
    assert rec.events == []
    assert source.polls <= 62


def test_a_quiet_user_is_noticed_within_the_minute_cap(
    qtbot: QtBot, clock: ManualClock, source: FakeIdleSource
) -> None:
    monitor, rec = make(qtbot, source, clock, threshold_s=120)
    monitor.start()
    step(clock, monitor)  # 60 s idle: 60.5 s to go, but the cap is a minute
    assert monitor.next_poll_ms() == 60_000
    step(clock, monitor)
    assert [kind for kind, _ in rec.events] == ["away"]
    assert source.polls == 3


def test_lowering_the_threshold_takes_effect_at_once(
    qtbot: QtBot, clock: ManualClock, source: FakeIdleSource
) -> None:
    monitor, rec = make(qtbot, source, clock)
    monitor.start()
    clock.advance(200)
    monitor.set_threshold(120)
    assert monitor.threshold_s == 120
    assert rec.events == [("away", T0)]
    assert monitor.next_poll_ms() == 2_000


def test_raising_the_threshold_above_the_idle_time_ends_the_absence(
    qtbot: QtBot, clock: ManualClock, source: FakeIdleSource
) -> None:
    monitor, rec = make(qtbot, source, clock, threshold_s=60)
    monitor.start()
    clock.advance(90)
    monitor.poll_now()
    assert monitor.is_away
    monitor.set_threshold(600)
    assert [kind for kind, _ in rec.events] == ["away", "back"]
    assert monitor.next_poll_ms() == 60_000


def test_threshold_must_be_positive(
    qtbot: QtBot, clock: ManualClock, source: FakeIdleSource
) -> None:
    with pytest.raises(ValueError, match="positive"):
        PresenceMonitor(source, clock, 0)
    monitor, _ = make(qtbot, source, clock)
    with pytest.raises(ValueError, match="positive"):
        monitor.set_threshold(-5)
    assert monitor.threshold_s == 300


def test_without_a_source_nothing_is_polled(qtbot: QtBot, clock: ManualClock) -> None:
    monitor, rec = make(qtbot, None, clock)
    monitor.start()
    monitor.poll_now()
    monitor.set_threshold(60)
    assert not monitor.available
    assert monitor.source_name is None
    assert monitor.next_poll_ms() is None
    assert rec.events == []


def test_a_source_that_cannot_tell_keeps_the_state_and_retries(
    qtbot: QtBot, clock: ManualClock, source: FakeIdleSource
) -> None:
    monitor, rec = make(qtbot, source, clock)
    monitor.start()
    source.available = False
    clock.advance(400)
    monitor.poll_now()
    assert rec.events == []
    assert monitor.next_poll_ms() == 60_000

    source.available = True
    monitor.poll_now()
    assert monitor.is_away
    source.available = False
    clock.advance(10)
    monitor.poll_now()
    # Still away (nothing says otherwise), still looking every couple of seconds.
    assert monitor.is_away
    assert monitor.next_poll_ms() == 2_000


def test_stop_cancels_the_timer(qtbot: QtBot, clock: ManualClock, source: FakeIdleSource) -> None:
    monitor, _ = make(qtbot, source, clock)
    monitor.start()
    monitor.stop()
    assert monitor.next_poll_ms() is None
    polls = source.polls
    monitor.set_threshold(100)  # not running: no poll
    assert source.polls == polls


def test_the_timer_drives_the_polls(qtbot: QtBot, clock: ManualClock) -> None:
    source = FakeIdleSource(clock)
    monitor = PresenceMonitor(source, clock, 300, away_poll_s=0.05)
    source.set_idle_ms(400_000)
    with qtbot.waitSignal(monitor.went_away, timeout=1000):
        monitor.start()
    source.touch()
    with qtbot.waitSignal(monitor.came_back, timeout=5000) as blocker:
        pass  # the 50 ms away poll notices the input by itself
    assert blocker.args == [clock.now()]
    monitor.stop()
