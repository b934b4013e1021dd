"""The engine on a simulated clock: a whole week of prompts in milliseconds."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desk_breaks.core.clock import ManualClock
from desk_breaks.core.engine import (
    ClockJumped,
    CommandRefused,
    Engine,
    OfferChanged,
    Outcome,
    SessionResult,
    State,
    StateChanged,
    next_work_start,
)
from desk_breaks.core.settings import Settings
from tests.helpers.sim import Host, ListRecorder, Prompt

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


def check_ins(day: str, *times: str) -> list[tuple[str, str]]:
    return [(f"{day} {t}", "check-in") for t in times]


AFTERNOON = ("13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30", "17:00")
MORNING = ("10:00", "10:30", "11:00", "11:30", "12:00")


def full_day(day: str) -> list[tuple[str, str]]:
    return [
        *check_ins(day, "09:00"),
        (f"{day} 09:30", "morning"),
        *check_ins(day, *MORNING),
        (f"{day} 12:30", "lunch"),
        *check_ins(day, *AFTERNOON),
        (f"{day} 17:30", "evening"),
    ]


def week_policy(host: Host, prompt: Prompt) -> None:
    engine = host.engine
    day = prompt.at.strftime("%a")
    if day == "Mon":
        engine.start()
    elif day == "Tue" and prompt.key == "morning":
        if engine.can_snooze():
            engine.snooze([10, 5, 15][prompt.snoozes])
        else:
            engine.skip()
    elif prompt.key == "check-in":
        engine.skip()
    else:
        engine.start()


def test_a_simulated_work_week_gives_exactly_the_expected_prompts() -> None:
    # Mon 23 March 2026 to Mon 30 March; Europe/Berlin moves to summer time on Sun 29.
    clock = ManualClock(at(23, 7), BERLIN)
    host = Host(clock, on_prompt=week_policy, session_s=240)
    host.engine.begin(None)

    host.run_until(at(25, 10, 5))
    host.engine.pause_for(60)  # Wed: the 10:30 and 11:00 check-ins fall in the pause
    host.run_until(at(25, 14, 10))
    assert host.engine.pause_until_tomorrow() == at(26, 9)
    host.run_until(at(26, 11, 40))
    clock.suspend(timedelta(minutes=90))  # Thu: asleep over lunch, wakes at 13:10
    host.run_until(at(27, 16))
    clock.suspend(timedelta(hours=3))  # Fri: asleep 16:00-19:00, over the evening session
    host.run_until(at(30, 10, 15))

    expected = [
        *full_day("Mon"),
        *check_ins("Tue", "09:00"),
        ("Tue 09:30", "morning"),
        ("Tue 09:40", "morning"),  # snoozed 10 min
        ("Tue 09:45", "morning"),  # snoozed 5 min
        ("Tue 10:00", "morning"),  # snoozed 15: the cap; skipped, the 10:00 check-in waits
        *check_ins("Tue", "10:30", "11:00", "11:30", "12:00"),
        ("Tue 12:30", "lunch"),
        *check_ins("Tue", *AFTERNOON),
        ("Tue 17:30", "evening"),
        *check_ins("Wed", "09:00"),
        ("Wed 09:30", "morning"),
        *check_ins("Wed", "10:00", "11:30", "12:00"),  # paused 10:05-11:05
        ("Wed 12:30", "lunch"),
        *check_ins("Wed", "13:00", "13:30", "14:00"),  # paused until Thursday at 14:10
        *check_ins("Thu", "09:00"),
        ("Thu 09:30", "morning"),
        *check_ins("Thu", "10:00", "10:30", "11:00", "11:30"),
        ("Thu 13:10", "lunch"),  # the one catch-up prompt after waking; no 13:00 check-in
        *check_ins("Thu", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00", "16:30", "17:00"),
        ("Thu 17:30", "evening"),
        *check_ins("Fri", "09:00"),
        ("Fri 09:30", "morning"),
        *check_ins("Fri", *MORNING),
        ("Fri 12:30", "lunch"),
        *check_ins("Fri", "13:00", "13:30", "14:00", "14:30", "15:00", "15:30", "16:00"),
        ("Fri 19:00", "evening"),  # one catch-up prompt, 90 min late
        # Nothing on the weekend; after the DST change the times are still local times.
        *check_ins("Mon", "09:00"),
        ("Mon 09:30", "morning"),
        *check_ins("Mon", "10:00"),
    ]
    assert host.prompt_times() == expected
    mon_30 = [p for p in host.prompts if p.at.day == 30]
    assert [p.at.utcoffset() for p in mon_30] == [timedelta(hours=2)] * 3

    outcomes = [(r.key, r.outcome) for r in host.recorder.records if r.at.day == 24][:5]
    assert outcomes == [
        ("check-in", Outcome.SKIPPED),
        ("morning", Outcome.SNOOZED),
        ("morning", Outcome.SNOOZED),
        ("morning", Outcome.SNOOZED),
        ("morning", Outcome.SKIPPED),
    ]
    snoozes = [r.snooze_min for r in host.recorder.records if r.outcome is Outcome.SNOOZED]
    assert snoozes == [10, 5, 15]
    # The host only woke when something was due: no per-second heartbeat.
    assert host.wakeups < 150


def make_engine(start: datetime, settings: Settings | None = None) -> tuple[Engine, ManualClock]:
    clock = ManualClock(start, BERLIN)
    engine = Engine(settings or Settings(), clock, ListRecorder())
    return engine, clock


def test_after_three_snoozes_only_start_and_skip_remain() -> None:
    engine, clock = make_engine(at(23, 9, 29))
    engine.begin(None)
    clock.advance(60)
    engine.tick()
    assert engine.state is State.PROMPTING
    for _ in range(3):
        assert engine.can_snooze()
        until = engine.snooze(5)
        clock.set_wall(until)
        clock.advance(0)
        engine.tick()
    assert engine.state is State.PROMPTING
    assert not engine.can_snooze()
    with pytest.raises(CommandRefused, match="already snoozed 3 times"):
        engine.snooze(5)


def test_one_prompt_at_a_time_a_full_session_replaces_an_open_check_in() -> None:
    engine, clock = make_engine(at(23, 8, 59))
    recorder = engine.recorder
    assert isinstance(recorder, ListRecorder)
    engine.begin(None)
    clock.advance(60)
    engine.tick()
    assert engine.offer is not None and engine.offer.occurrence.key == "check-in"
    clock.advance(30 * 60)  # the check-in prompt is left open until the 09:30 session
    engine.tick()
    assert engine.state is State.PROMPTING
    assert engine.offer is not None and engine.offer.occurrence.key == "morning"
    assert [(r.key, r.outcome) for r in recorder.records] == [("check-in", Outcome.MISSED)]
    clock.advance(30 * 60)  # a check-in never pushes an open full session aside
    engine.tick()
    assert engine.offer is not None and engine.offer.occurrence.key == "morning"


def test_sessions_missed_while_closed_give_at_most_one_prompt() -> None:
    engine, _clock = make_engine(at(23, 13, 40))
    engine.begin(last_activity=at(23, 8, 0))
    # Morning (09:30) is beyond two hours; lunch (12:30) and the check-ins are missed.
    assert engine.state is State.PROMPTING
    assert engine.offer is not None
    assert (engine.offer.occurrence.key, engine.offer.occurrence.due_at) == (
        "lunch",
        at(23, 12, 30),
    )


def test_a_full_session_older_than_two_hours_is_not_offered_on_start() -> None:
    engine, _ = make_engine(at(23, 11, 45))
    engine.begin(last_activity=at(23, 8, 0))
    assert engine.state is State.WAITING


def test_first_run_starts_afresh() -> None:
    engine, _ = make_engine(at(23, 9, 45))
    engine.begin(last_activity=None)
    assert engine.state is State.WAITING
    due = engine.next_due()
    assert due is not None and due.due_at == at(23, 10)


def test_a_clock_jump_is_seen_on_the_next_minute_check() -> None:
    engine, clock = make_engine(at(23, 10, 1))
    events: list[object] = []
    engine.begin(None)
    clock.advance(60)
    engine.tick()
    events += engine.drain_events()
    assert not any(isinstance(e, ClockJumped) for e in events)
    clock.set_wall(at(23, 12, 40))  # a manual change at 10:02: +2h38m
    clock.advance(60)  # the next coarse check, one minute later
    engine.tick()
    events += engine.drain_events()
    jumps = [e for e in events if isinstance(e, ClockJumped)]
    assert len(jumps) == 1
    assert jumps[0].by == timedelta(hours=2, minutes=38)
    assert engine.offer is not None and engine.offer.occurrence.key == "lunch"


def test_a_clock_moved_back_replays_nothing() -> None:
    engine, clock = make_engine(at(23, 12, 45))
    engine.begin(None)
    clock.set_wall(at(23, 12, 20))
    engine.tick()
    assert engine.state is State.WAITING
    due = engine.next_due()
    assert due is not None and due.key == "lunch" and due.due_at == at(23, 12, 30)


def test_a_time_zone_change_moves_sessions_to_local_time() -> None:
    engine, clock = make_engine(at(23, 23, 30))  # 18:30 in New York
    engine.begin(None)
    clock.set_zone("America/New_York")
    engine.replan()
    due = engine.next_due()
    assert due is not None
    local = due.due_at.astimezone(ZoneInfo("America/New_York"))
    assert (local.hour, local.minute) == (9, 0)
    assert local.date().isoformat() == "2026-03-24"


def test_pause_until_tomorrow_on_friday_resumes_on_monday_morning() -> None:
    engine, clock = make_engine(at(27, 15, 10))
    engine.begin(None)
    until = engine.pause_until_tomorrow()
    assert until == at(30, 9)
    assert engine.state is State.PAUSED
    assert engine.next_wakeup() == until
    clock.set_wall(until)
    clock.advance(0)
    engine.tick()
    assert engine.state is State.PROMPTING  # the 09:00 check-in, at the very end of the pause


def test_pause_ends_by_itself_and_skips_an_open_prompt() -> None:
    engine, clock = make_engine(at(23, 12, 29))
    recorder = engine.recorder
    assert isinstance(recorder, ListRecorder)
    engine.begin(None)
    clock.advance(60)
    engine.tick()
    engine.pause_for(30)
    assert [(r.key, r.outcome) for r in recorder.records] == [("lunch", Outcome.SKIPPED)]
    clock.advance(31 * 60)
    engine.tick()
    assert engine.state is State.PROMPTING  # the 13:00 check-in
    with pytest.raises(CommandRefused, match="not paused"):
        engine.resume()


def test_a_session_records_its_outcome_and_returns_to_a_pause_set_during_it() -> None:
    engine, clock = make_engine(at(23, 10, 59))
    recorder = engine.recorder
    assert isinstance(recorder, ListRecorder)
    engine.begin(None)
    assert engine.start("lunch-reset") == "lunch-reset"
    engine.pause_for(60)
    clock.advance(300)
    engine.finish_session(SessionResult(Outcome.PARTIAL, ("chin-tuck-seated",)))
    assert engine.state is State.PAUSED
    record = recorder.records[-1]
    assert (record.key, record.outcome, record.exercises_done) == (
        "manual",
        Outcome.PARTIAL,
        ("chin-tuck-seated",),
    )
    assert record.started_at == at(23, 10, 59)


def test_commands_that_make_no_sense_say_why() -> None:
    engine, _ = make_engine(at(23, 10, 5))
    engine.begin(None)
    with pytest.raises(CommandRefused, match="nothing to snooze"):
        engine.snooze(5)
    with pytest.raises(CommandRefused, match="nothing to skip"):
        engine.skip()
    with pytest.raises(CommandRefused, match="name a routine"):
        engine.start()
    with pytest.raises(CommandRefused, match="No session is running"):
        engine.finish_session(SessionResult(Outcome.COMPLETED))
    with pytest.raises(CommandRefused, match="1 to 1440"):
        engine.pause_for(0)


def test_next_work_start_skips_weekends() -> None:
    settings = Settings()
    assert next_work_start(at(27, 23, 30), settings) == at(30, 9)
    assert next_work_start(at(24, 1, 0), settings) == at(25, 9)


def test_events_wait_in_a_queue_until_the_host_drains_them() -> None:
    # Nothing is called while the engine changes: whoever reacts runs after the call.
    engine, clock = make_engine(at(23, 12, 29))
    engine.begin(None)
    engine.drain_events()
    clock.advance(60)
    engine.tick()
    events = engine.drain_events()
    assert [type(e) for e in events] == [StateChanged, OfferChanged]
    assert engine.drain_events() == []
    engine.skip()
    assert [type(e) for e in engine.drain_events()] == [OfferChanged, StateChanged]


def test_the_heads_up_is_a_time_before_the_next_full_session_only_while_waiting() -> None:
    engine, clock = make_engine(at(23, 12, 20))
    engine.begin(None)
    assert engine.heads_up_at(30) == at(23, 12, 29).replace(second=30)  # lunch at 12:30
    assert engine.heads_up_at(0) is None  # switched off
    clock.advance(timedelta(minutes=11))
    engine.tick()
    assert engine.state is State.PROMPTING
    assert engine.heads_up_at(30) is None  # the prompt itself is showing
    engine.skip()
    upcoming = engine.next_due()
    assert upcoming is not None and upcoming.key == "check-in"
    assert engine.heads_up_at(30) is None  # check-ins come without notice
