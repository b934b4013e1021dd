"""PresenceMonitor's state machine and polling plan, on a fake idle source and a manual clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from desk_breaks.core.clock import ManualClock
from desk_breaks.desktop.qt.presence import PresenceMonitor
from tests.helpers.fakes import FakeIdleSource, FakeWatchingIdleSource

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


# -- activity watch: an away user costs no polls -------------------------------------------


@pytest.fixture
def watching(clock: ManualClock) -> Iterator[FakeWatchingIdleSource]:
    source = FakeWatchingIdleSource(clock)
    yield source
    source.close()


def go_away(clock: ManualClock, monitor: PresenceMonitor) -> None:
    while not monitor.is_away:
        step(clock, monitor)


def test_away_with_a_watching_source_waits_on_the_watch_not_on_polls(
    qtbot: QtBot, clock: ManualClock, watching: FakeWatchingIdleSource
) -> None:
    source = watching
    monitor, rec = make(qtbot, source, clock)
    monitor.start()
    assert not monitor.watching
    assert source.arms == 0  # present: nothing to watch for

    go_away(clock, monitor)
    assert monitor.watching
    assert source.armed
    # Only a safety look a minute apart, instead of one every 2 s.
    assert monitor.next_poll_ms() == 60_000

    clock.advance(42)
    back_at = clock.now()
    with qtbot.waitSignal(monitor.came_back, timeout=2000) as back:
        source.touch()  # the descriptor becomes readable; the event loop does the rest
    assert back.args == [back_at]
    assert rec.events == [("away", T0), ("back", back_at)]
    assert not monitor.watching
    assert not source.armed
    assert monitor.next_poll_ms() == 60_000


def test_the_safety_poll_still_notices_a_return_and_rearms_while_away(
    qtbot: QtBot, clock: ManualClock, watching: FakeWatchingIdleSource
) -> None:
    source = watching
    monitor, rec = make(qtbot, source, clock)
    monitor.start()
    go_away(clock, monitor)
    arms = source.arms

    step(clock, monitor)  # still away: the watch is armed again
    assert source.arms == arms + 1
    assert monitor.watching

    source.disarm_activity_watch()  # the desktop lost our watch: the touch goes unseen
    source.touch()
    back_at = clock.now()
    step(clock, monitor)
    assert rec.events[-1] == ("back", back_at)
    assert not monitor.watching


def test_input_while_arming_is_looked_at_at_once(
    qtbot: QtBot, clock: ManualClock, watching: FakeWatchingIdleSource
) -> None:
    monitor, rec = make(qtbot, watching, clock)
    monitor.start()
    clock.advance(300)
    watching.touch_while_arming = True
    monitor.poll_now()  # away; the user is back before the watch was set
    assert rec.events == [("away", T0)]
    assert monitor.next_poll_ms() == 0
    step(clock, monitor)
    assert rec.events == [("away", T0), ("back", T0 + timedelta(seconds=300))]


def test_a_refused_watch_falls_back_to_polling_for_good(
    qtbot: QtBot,
    clock: ManualClock,
    watching: FakeWatchingIdleSource,
    caplog: pytest.LogCaptureFixture,
) -> None:
    source = watching
    source.refuse = True
    monitor, _rec = make(qtbot, source, clock)
    monitor.start()
    with caplog.at_level("INFO", logger="desk_breaks.desktop.qt.presence"):
        go_away(clock, monitor)
    assert not monitor.watching
    assert monitor.next_poll_ms() == 2_000
    assert "cannot watch for input (the fake refuses watches)" in caplog.text

    source.refuse = False
    step(clock, monitor)
    assert source.arms == 0  # asked once, not at every poll
    assert monitor.next_poll_ms() == 2_000


def test_stop_disarms_the_watch(
    qtbot: QtBot, clock: ManualClock, watching: FakeWatchingIdleSource
) -> None:
    source = watching
    monitor, rec = make(qtbot, source, clock)
    monitor.start()
    go_away(clock, monitor)
    monitor.stop()
    assert not monitor.watching
    assert not source.armed
    source.touch()
    qtbot.wait(50)  # nothing may arrive: the notifier is off
    assert [kind for kind, _ in rec.events] == ["away"]
