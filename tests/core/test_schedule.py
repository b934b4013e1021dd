"""Due times computed by the APScheduler triggers, across weeks, DST and zones."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from desk_breaks.core.schedule import Plan, SessionKind, check_in_times, slot_trigger
from desk_breaks.core.settings import CheckIns, Preset, Settings, Slot

BERLIN = ZoneInfo("Europe/Berlin")


def local(*args: int, zone: ZoneInfo = BERLIN) -> datetime:
    return datetime(*args, tzinfo=zone)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("slot", "after", "expected"),
    [
        ("morning", local(2026, 3, 23, 8, 0), local(2026, 3, 23, 9, 30)),  # Monday
        ("morning", local(2026, 3, 23, 9, 30), local(2026, 3, 24, 9, 30)),  # strictly after
        ("lunch", local(2026, 3, 27, 13, 0), local(2026, 3, 30, 12, 30)),  # Fri -> Mon
        ("evening", local(2026, 3, 28, 10, 0), local(2026, 3, 30, 17, 30)),  # weekend skipped
        ("morning", local(2026, 3, 27, 10, 0), local(2026, 3, 30, 9, 30)),  # over spring DST
        ("lunch", local(2026, 10, 23, 13, 0), local(2026, 10, 26, 12, 30)),  # over autumn DST
    ],
)
def test_each_slot_falls_due_at_its_local_time(
    slot: str, after: datetime, expected: datetime
) -> None:
    plan = Plan.from_settings(Settings(preset=Preset.SESSIONS), BERLIN)
    entry = next(e for e in plan.entries if e.key == slot)
    got = entry.trigger.get_next_fire_time(None, after + timedelta(microseconds=1))
    assert got == expected
    assert got.utcoffset() == expected.utcoffset()


def test_dst_changes_keep_wall_clock_times_and_shift_utc() -> None:
    trigger = slot_trigger(time(9, 30), frozenset(range(7)), BERLIN)
    before = trigger.get_next_fire_time(None, local(2026, 3, 28, 0, 0))
    after = trigger.get_next_fire_time(None, local(2026, 3, 29, 0, 0))
    assert (before.hour, after.hour) == (9, 9)
    # The spring-forward day is 23 hours long (same-zone subtraction ignores offsets).
    assert after.astimezone(UTC) - before.astimezone(UTC) == timedelta(hours=23)


def test_a_session_in_the_spring_forward_gap_still_happens_that_day() -> None:
    trigger = slot_trigger(time(2, 30), frozenset(range(7)), BERLIN)
    got = trigger.get_next_fire_time(None, local(2026, 3, 29, 0, 0))
    assert got.date().isoformat() == "2026-03-29"


def test_check_in_times_are_half_open_over_working_hours() -> None:
    times = check_in_times(time(9), time(18), 30)
    assert times[0] == time(9) and times[-1] == time(17, 30) and len(times) == 18
    assert check_in_times(time(9), time(10), 45) == [time(9), time(9, 45)]


def test_check_ins_near_a_full_session_are_left_out() -> None:
    plan = Plan.from_settings(Settings(), BERLIN)
    day = plan.between(local(2026, 3, 23, 0, 0), local(2026, 3, 23, 23, 59))
    check_ins = [o.due_at.strftime("%H:%M") for o in day if o.kind is SessionKind.CHECK_IN]
    assert "09:30" not in check_ins and "12:30" not in check_ins and "17:30" not in check_ins
    assert check_ins[:3] == ["09:00", "10:00", "10:30"]
    assert len(check_ins) == 15


def test_clearance_counts_sessions_only_on_their_own_weekdays() -> None:
    settings = Settings(
        slots=(Slot("lunch", time(12, 30), "lunch-reset", frozenset({0})),),
        check_ins=CheckIns(weekdays=frozenset({0, 1})),
    )
    plan = Plan.from_settings(settings, BERLIN)
    monday = plan.between(local(2026, 3, 23, 12, 0), local(2026, 3, 23, 13, 0))
    tuesday = plan.between(local(2026, 3, 24, 12, 0), local(2026, 3, 24, 13, 0))
    assert [(o.key, o.due_at.strftime("%H:%M")) for o in monday] == [
        ("lunch", "12:30"),
        ("check-in", "13:00"),
    ]
    assert [o.due_at.strftime("%H:%M") for o in tuesday] == ["12:30", "13:00"]


def test_an_odd_interval_and_a_wider_clearance() -> None:
    settings = Settings(check_ins=CheckIns(interval_min=45, clearance_min=20))
    plan = Plan.from_settings(settings, BERLIN)
    day = plan.between(local(2026, 3, 23, 0, 0), local(2026, 3, 23, 23, 59))
    got = [o.due_at.strftime("%H:%M") for o in day if o.kind is SessionKind.CHECK_IN]
    # 09:00 09:45 10:30 ... 17:15; 09:45, 12:45 and 17:15 (15 min from a session) are too
    # near; 12:00 (30 min before lunch) is not.
    assert got == ["09:00", "10:30", "11:15", "12:00", "13:30", "14:15", "15:00", "15:45", "16:30"]


def test_presets_choose_what_takes_part() -> None:
    sessions = Plan.from_settings(Settings(preset=Preset.SESSIONS), BERLIN)
    check_ins = Plan.from_settings(Settings(preset=Preset.CHECK_INS), BERLIN)
    assert {e.kind for e in sessions.entries} == {SessionKind.FULL}
    assert {e.kind for e in check_ins.entries} == {SessionKind.CHECK_IN}
    disabled = replace(Settings(), slots=(Slot("x", time(9), "r", enabled=False),))
    assert [e.key for e in Plan.from_settings(disabled, BERLIN).entries] == ["check-in"]


def test_upcoming_lists_the_next_sessions_in_order() -> None:
    plan = Plan.from_settings(Settings(), BERLIN)
    nxt = plan.upcoming(local(2026, 3, 27, 17, 10), 3)
    assert [(o.key, o.due_at.strftime("%a %H:%M")) for o in nxt] == [
        ("evening", "Fri 17:30"),
        ("check-in", "Mon 09:00"),
        ("morning", "Mon 09:30"),
    ]
