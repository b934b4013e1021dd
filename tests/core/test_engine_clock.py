"""The engine when the clock changes: set back, daylight saving time, real-time durations."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from desk_breaks.core.clock import ManualClock, real_time_between
from desk_breaks.core.engine import ClockJumped, Engine, Event, Outcome
from desk_breaks.core.settings import CheckIns, Settings, Slot
from tests.helpers.sim import Host, Prompt

BERLIN = ZoneInfo("Europe/Berlin")
EVERY_DAY = frozenset(range(7))


def at(day: int, hour: int, minute: int = 0, *, month: int = 3, fold: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN, fold=fold)


def run_until(host: Host, end: datetime) -> None:
    """Wake the engine when it asks, like Host.run_until, counting time in UTC: across a
    clock change, datetimes of one zone compare and subtract by their wall-clock fields."""
    end = end.astimezone(UTC)
    while True:
        now = host.clock.now().astimezone(UTC)
        wake = host.engine.next_wakeup()
        target = min(end, wake.astimezone(UTC)) if wake is not None else end
        if target > now:
            host.clock.advance(target - now)
        host.engine.tick()
        if host.clock.now().astimezone(UTC) >= end:
            return


def skip_everything(host: Host, prompt: Prompt) -> None:
    host.engine.skip()


def shown(host: Host) -> list[str]:
    return [f"{p.at:%H:%M%z} {p.key}" for p in host.prompts]


def test_a_session_skipped_before_the_clock_goes_back_is_not_offered_again() -> None:
    clock = ManualClock(at(23, 9, 25), BERLIN)  # Monday
    host = Host(clock, on_prompt=skip_everything)
    host.engine.begin(None)
    run_until(host, at(23, 9, 40))
    assert shown(host) == ["09:30+0100 morning"]
    clock.set_wall(at(23, 8, 40))  # someone sets the clock back an hour
    host.engine.tick()  # what the host does when it notices (ui/engine_host.py)
    run_until(host, at(23, 10, 5))
    # The 09:00 check-in was never offered (the app started at 09:25), so it comes now;
    # the morning session, skipped at 09:30, does not come back.
    assert shown(host) == ["09:30+0100 morning", "09:00+0100 check-in", "10:00+0100 check-in"]
    skipped = [r.key for r in host.recorder.records if r.outcome is Outcome.SKIPPED]
    assert skipped == ["morning", "check-in", "check-in"]


def test_after_the_clock_goes_back_the_next_session_skips_what_was_handled() -> None:
    clock = ManualClock(at(23, 9, 25), BERLIN)
    host = Host(clock, on_prompt=skip_everything)
    host.engine.begin(None)
    run_until(host, at(23, 9, 45))
    clock.set_wall(at(23, 9, 15))
    host.engine.tick()
    nxt = host.engine.next_due()
    assert nxt is not None and (nxt.key, nxt.due_at) == ("check-in", at(23, 10))
    assert host.engine.next_wakeup() == at(23, 10)


def test_the_autumn_change_offers_a_night_slot_once_and_is_no_clock_jump() -> None:
    settings = Settings(
        slots=(Slot("night", time(2, 30), "r", EVERY_DAY),),
        check_ins=CheckIns(enabled=False),
    )
    clock = ManualClock(at(24, 23, month=10), BERLIN)
    host = Host(clock, settings, on_prompt=skip_everything)
    events: list[Event] = host.events
    host.engine.begin(None)
    run_until(host, at(25, 5, month=10))
    assert shown(host) == ["02:30+0200 night"]
    assert not any(isinstance(e, ClockJumped) for e in events)
    nxt = host.engine.next_due()
    assert nxt is not None and nxt.due_at == at(26, 2, 30, month=10)


def test_the_spring_change_is_no_clock_jump() -> None:
    clock = ManualClock(at(29, 1, 59), BERLIN)
    engine = Engine(Settings(), clock, Host(clock).recorder)
    engine.begin(None)
    clock.advance(120)  # 01:59 CET -> 03:01 CEST: two minutes
    engine.tick()
    events: list[Event] = engine.drain_events()
    assert not any(isinstance(e, ClockJumped) for e in events)


def test_a_snooze_over_the_autumn_change_lasts_its_real_minutes() -> None:
    settings = Settings(
        slots=(Slot("night", time(2, 50), "r", EVERY_DAY),),
        check_ins=CheckIns(enabled=False),
    )
    clock = ManualClock(at(25, 2, 49, month=10), BERLIN)
    host = Host(clock, settings)
    host.engine.begin(None)
    run_until(host, at(25, 2, 55, month=10))  # 02:50 CEST: prompted
    until = host.engine.snooze(10)
    # 02:55 CEST + 10 minutes is 02:05 CET, the second time the clock shows 02:05.
    assert until.astimezone(UTC) == datetime(2026, 10, 25, 1, 5, tzinfo=UTC)
    assert f"{until:%H:%M%z}" == "02:05+0100"
    run_until(host, at(25, 2, 10, month=10, fold=1))
    assert shown(host) == ["02:50+0200 night", "02:05+0100 night"]


def test_pause_until_tomorrow_when_work_starts_in_a_skipped_hour() -> None:
    settings = Settings(check_ins=CheckIns(start=time(2, 30), weekdays=EVERY_DAY))
    clock = ManualClock(at(28, 15), BERLIN)
    engine = Engine(settings, clock, Host(clock).recorder)
    engine.begin(None)
    until = engine.pause_until_tomorrow()
    assert f"{until:%d %H:%M%z}" == "29 03:00+0200"  # 02:30 does not exist that day


def test_the_manual_clock_lets_real_time_pass_over_a_change() -> None:
    clock = ManualClock(at(25, 2, 30, month=10), BERLIN)
    clock.advance(timedelta(hours=1))
    assert f"{clock.now():%H:%M%z}" == "02:30+0100"
    clock.suspend(timedelta(hours=1))
    assert f"{clock.now():%H:%M%z}" == "03:30+0100"


def test_real_time_between_ignores_the_wall_clock_jump() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    before = datetime(2026, 10, 25, 2, 30, tzinfo=berlin)  # the first 02:30
    after = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=berlin)  # the second one
    assert after - before == timedelta(0)  # what Python's same-zone subtraction says
    assert real_time_between(before, after) == timedelta(hours=1)
    spring = datetime(2026, 3, 29, 1, 30, tzinfo=berlin)
    assert real_time_between(spring, datetime(2026, 3, 29, 3, 30, tzinfo=berlin)) == timedelta(
        hours=1
    )


def test_the_manual_clock_reports_a_new_zone_once_like_the_system_clock() -> None:
    clock = ManualClock(at(23, 10), BERLIN)
    assert clock.refresh_timezone() is False
    clock.set_zone("America/New_York")
    assert clock.refresh_timezone() is True
    assert clock.refresh_timezone() is False  # already seen
    clock.set_zone("America/New_York")
    assert clock.refresh_timezone() is False  # the same zone again is no change
