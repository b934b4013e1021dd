"""The schedule across clock changes: every zone rule, every set-up, against a reference.

The rule (``desk_breaks/core/schedule.py``): a session set for wall-clock time W on a date
falls due at the first moment the clock shows W on that date, or later. In a repeated hour
that is the first time round; in a missing hour it is the moment the clocks jump.

The reference below is built independently of the schedule's code: it finds each zone's
offset changes by scanning ``zoneinfo`` and applies the rule's definition directly
(``min {u : wall(u) >= W}`` over the pieces of constant offset).
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desk_breaks.core.schedule import CHECK_IN_KEY, Plan
from desk_breaks.core.settings import CheckIns, Settings, Slot

BERLIN = ZoneInfo("Europe/Berlin")
ALL_DAYS = frozenset(range(7))

ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",  # no changes at all
    "America/St_Johns",  # a half-hour offset
    "Australia/Lord_Howe",  # changes by half an hour
    "Europe/Dublin",  # negative DST in the tz database
    "America/Santiago",  # skips and repeats midnight
    "America/Havana",
    "Asia/Beirut",
    "America/Asuncion",
    "Pacific/Apia",  # skipped Friday 2011-12-30
)
FIRST_YEAR, LAST_YEAR = 2005, 2037
_STEP = 12 * 3600
_EPOCH = datetime(1970, 1, 1)


def as_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _offset_s(zone: ZoneInfo, ts: int) -> int:
    offset = datetime.fromtimestamp(ts, UTC).astimezone(zone).utcoffset()
    assert offset is not None
    return int(offset.total_seconds())


@functools.cache
def transitions(name: str) -> tuple[tuple[int, int, int], ...]:
    """Every offset change of ``name`` in the years tested: (moment, offset before, after)."""
    zone = ZoneInfo(name)
    found: list[tuple[int, int, int]] = []
    ts = int(datetime(FIRST_YEAR - 1, 12, 1, tzinfo=UTC).timestamp())
    stop = int(datetime(LAST_YEAR + 1, 1, 31, tzinfo=UTC).timestamp())
    before = _offset_s(zone, ts)
    while ts < stop:
        after = _offset_s(zone, ts + _STEP)
        if after != before:
            low, high = ts, ts + _STEP  # offset(low) == before, offset(high) == after
            while high - low > 1:
                middle = (low + high) // 2
                if _offset_s(zone, middle) == before:
                    low = middle
                else:
                    high = middle
            found.append((high, before, after))
        ts += _STEP
        before = after
    return tuple(found)


def reference_due(name: str, wall: datetime) -> datetime:
    """The first moment at which the clock in ``name`` shows ``wall`` or later (UTC)."""
    changes = transitions(name)
    target = int((wall - _EPOCH).total_seconds())
    zone = ZoneInfo(name)
    first_offset = changes[0][1] if changes else _offset_s(zone, target)
    # Pieces of constant offset: [start, end) with the wall clock at u + offset.
    starts = [None, *(c[0] for c in changes)]
    ends = [*(c[0] for c in changes), None]
    offsets = [first_offset, *(c[2] for c in changes)]
    best: int | None = None
    for start, end, offset in zip(starts, ends, offsets, strict=True):
        moment = target - offset if start is None else max(start, target - offset)
        if end is not None and moment >= end:
            continue
        best = moment if best is None else min(best, moment)
    assert best is not None
    return datetime.fromtimestamp(best, UTC)


def grid_times(c: CheckIns) -> list[time]:
    minutes = range(c.start.hour * 60 + c.start.minute, c.end.hour * 60 + c.end.minute)
    return [time(m // 60, m % 60, c.start.second) for m in minutes[:: c.interval_min]]


def expected(
    name: str,
    config: Settings,
    start: datetime,
    end: datetime,
    restart: datetime | None = None,
) -> list[tuple[datetime, str]]:
    """What the plan must list in ``(start, end]``, by the documented rules."""
    zone = ZoneInfo(name)
    first = (start - timedelta(days=3)).astimezone(zone).date()
    last = (end + timedelta(days=3)).astimezone(zone).date()
    dates = [first + timedelta(days=i) for i in range((last - first).days + 1)]

    def moments(at: time, weekdays: frozenset[int]) -> list[datetime]:
        return [
            reference_due(name, datetime.combine(d, at)) for d in dates if d.weekday() in weekdays
        ]

    slots = [(slot.id, moments(slot.time, slot.weekdays)) for slot in config.active_slots()]
    check_ins: list[datetime] = []
    c = config.check_ins
    if config.check_ins_active() and grid_times(c):
        grid = sorted({m for t in grid_times(c) for m in moments(t, c.weekdays)})
        check_ins = grid
        if restart is not None:
            restart = as_utc(restart)  # the intervals are real time
            day = restart.astimezone(zone).date()
            day_start = reference_due(name, datetime.combine(day, c.start))
            day_end = reference_due(name, datetime.combine(day, c.end))
            if day.weekday() in c.weekdays and day_start <= restart < day_end:
                interval = timedelta(minutes=c.interval_min)
                restarted = []
                k = 1
                while restart + k * interval < day_end:
                    restarted.append(restart + k * interval)
                    k += 1
                check_ins = [
                    *(g for g in grid if g < restart),
                    *restarted,
                    *(g for g in grid if g >= day_end),
                ]
        clearance = timedelta(minutes=c.clearance_min)
        if clearance:
            blockers = [m for _, ms in slots for m in ms]
            check_ins = [m for m in check_ins if all(abs(m - s) > clearance for s in blockers)]
    merged: dict[datetime, str] = {}
    for key, ms in slots:  # full sessions first, in the plan's order: they win a tie
        for m in ms:
            merged.setdefault(m, key)
    for m in check_ins:
        merged.setdefault(m, CHECK_IN_KEY)
    return sorted((m, key) for m, key in merged.items() if start < m <= end)


def listed(plan: Plan, start: datetime, end: datetime, bound: int) -> list[tuple[datetime, str]]:
    """The plan's occurrences in ``(start, end]``, found without trusting ``between`` to end."""
    found = []
    for occurrence in plan.upcoming(start, bound):
        if as_utc(occurrence.due_at) > as_utc(end):
            break
        assert occurrence.due_at.tzinfo is plan.zone
        found.append((as_utc(occurrence.due_at), occurrence.key))
    return found


def check_plan(
    name: str,
    config: Settings,
    start: datetime,
    end: datetime,
    restart: datetime | None = None,
) -> list[tuple[datetime, str]]:
    zone = ZoneInfo(name)
    plan = Plan.from_settings(config, zone, check_ins_restart=restart)
    want = expected(name, config, start, end, restart)
    got = listed(plan, start, end, len(want) + 5)
    moments = [m for m, _ in got]
    assert all(a < b for a, b in itertools.pairwise(moments)), got
    assert got == want
    # With that established, between() must end and agree.
    assert [(as_utc(o.due_at), o.key) for o in plan.between(start, end)] == want
    return got


# --- the rule, case by case ------------------------------------------------------------------


def night_shift(*slot_times: time, clearance_min: int = 0) -> Settings:
    """Slots every day at ``slot_times``, check-ins every 30 min from 00:00 to 06:00."""
    return Settings(
        slots=tuple(Slot(f"s{i}", t, "r", ALL_DAYS) for i, t in enumerate(slot_times)),
        check_ins=CheckIns(
            start=time(0), end=time(6), weekdays=ALL_DAYS, clearance_min=clearance_min
        ),
    )


def local_view(got: list[tuple[datetime, str]], zone: ZoneInfo) -> list[str]:
    return [f"{m.astimezone(zone):%H:%M%z} {key}" for m, key in got]


def test_a_slot_in_the_repeated_hour_runs_once_the_first_time_round() -> None:
    # Sunday 25 October 2026: Berlin's clocks go back from 03:00 CEST to 02:00 CET.
    start = datetime(2026, 10, 25, 1, 45, tzinfo=BERLIN)
    end = datetime(2026, 10, 25, 3, 45, tzinfo=BERLIN)
    got = check_plan("Europe/Berlin", night_shift(time(2, 30)), start, end)
    assert local_view(got, BERLIN) == [
        "02:00+0200 check-in",
        "02:30+0200 s0",
        "03:00+0100 check-in",  # the second 02:00-02:59 has nothing: all ran already
        "03:30+0100 check-in",
    ]


def test_listing_from_inside_the_repeated_hour_ends_and_moves_forward() -> None:
    second_time = datetime(2026, 10, 25, 2, 40, fold=1, tzinfo=BERLIN)  # 02:40 CET
    plan = Plan.from_settings(night_shift(time(2, 30)), BERLIN)
    nxt = plan.next_after(second_time)
    assert nxt is not None and f"{nxt.due_at:%H:%M%z}" == "03:00+0100"
    after_slot = plan.next_after(datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN))
    assert after_slot is not None and f"{after_slot.due_at:%H:%M%z}" == "03:00+0100"


def test_a_slot_in_the_missing_hour_runs_at_the_change_and_the_next_check_in_stays() -> None:
    # Sunday 29 March 2026: Berlin's clocks go from 02:00 CET to 03:00 CEST.
    start = datetime(2026, 3, 29, 1, 15, tzinfo=BERLIN)
    config = replace(
        night_shift(time(2, 30)), check_ins=replace(night_shift().check_ins, interval_min=45)
    )
    got = check_plan("Europe/Berlin", config, start, datetime(2026, 3, 29, 4, tzinfo=BERLIN))
    assert local_view(got, BERLIN) == [
        "01:30+0100 check-in",
        "03:00+0200 s0",  # 02:15 (check-in) and 02:30 (slot) do not exist: once, at 03:00
        "03:45+0200 check-in",
    ]


def test_clearance_is_real_time_across_a_change() -> None:
    # A slot at 03:00 CEST on the spring day; a check-in at 01:55 CET is only 5 minutes of
    # real time before it, so a 10-minute clearance leaves it out (the next is at 03:55).
    config = Settings(
        slots=(Slot("s0", time(3, 0), "r", ALL_DAYS),),
        check_ins=CheckIns(
            start=time(1, 55), end=time(5), interval_min=120, weekdays=ALL_DAYS, clearance_min=10
        ),
    )
    start = datetime(2026, 3, 29, 0, 0, tzinfo=BERLIN)
    got = check_plan("Europe/Berlin", config, start, datetime(2026, 3, 29, 6, tzinfo=BERLIN))
    assert local_view(got, BERLIN) == ["03:00+0200 s0", "03:55+0200 check-in"]


def test_restarted_check_ins_follow_the_rule_in_the_repeated_hour() -> None:
    back = datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=BERLIN)  # the second 02:10
    got = check_plan(
        "Europe/Berlin",
        night_shift(time(2, 30)),
        back,
        datetime(2026, 10, 25, 3, 30, tzinfo=BERLIN),
        restart=back,
    )
    # 30 real minutes apart from the return; the 02:30 slot already ran the first time.
    assert local_view(got, BERLIN) == ["02:40+0100 check-in", "03:10+0100 check-in"]


def test_half_hour_change_on_lord_howe() -> None:
    zone = ZoneInfo("Australia/Lord_Howe")  # 2026-10-04: 02:00 -> 02:30
    start = datetime(2026, 10, 4, 1, 0, tzinfo=zone)
    end = datetime(2026, 10, 4, 3, 0, tzinfo=zone)
    got = check_plan("Australia/Lord_Howe", night_shift(time(2, 15)), start, end)
    assert local_view(got, zone) == [
        "01:30+1030 check-in",
        "02:30+1100 s0",
        "03:00+1100 check-in",
    ]


def test_a_skipped_day_runs_its_sessions_once_when_the_next_day_begins() -> None:
    zone = ZoneInfo("Pacific/Apia")  # Thursday 29 December 2011 was followed by Saturday 31
    config = Settings(
        slots=(
            Slot("morning", time(9, 30), "r", frozenset({4})),  # Fridays only
            Slot("lunch", time(12, 30), "r", ALL_DAYS),
        ),
        check_ins=CheckIns(enabled=False),
    )
    start = datetime(2011, 12, 29, 12, 0, tzinfo=zone)
    end = datetime(2011, 12, 31, 14, 0, tzinfo=zone)
    got = check_plan("Pacific/Apia", config, start, end)
    assert [f"{m.astimezone(zone):%a %d %H:%M} {k}" for m, k in got] == [
        "Thu 29 12:30 lunch",
        "Sat 31 00:00 morning",  # Friday's sessions at one moment: listed once
        "Sat 31 12:30 lunch",
    ]


def test_the_week_around_each_change_in_berlin_2026() -> None:
    for start in (datetime(2026, 3, 25, tzinfo=BERLIN), datetime(2026, 10, 21, tzinfo=BERLIN)):
        check_plan("Europe/Berlin", Settings(), start, start + timedelta(days=7))


# --- the property ----------------------------------------------------------------------------


def _wall_before(change: tuple[int, int, int]) -> datetime:
    """The wall clock just before a change, as a naive datetime."""
    moment, before, _ = change
    return _EPOCH + timedelta(seconds=moment + before)


@st.composite
def set_ups(draw: st.DrawFn) -> tuple[str, Settings, datetime, datetime, datetime | None]:
    name = draw(st.sampled_from(ZONES))
    changes = transitions(name)
    if changes:
        change = draw(st.sampled_from(changes))
        moment = datetime.fromtimestamp(change[0], UTC)
        near = _wall_before(change)
    else:  # a zone that never changes: any day in the years tested
        day = draw(st.integers(0, (LAST_YEAR - FIRST_YEAR) * 365))
        moment = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC) + timedelta(days=day)
        near = moment.astimezone(ZoneInfo(name)).replace(tzinfo=None)

    any_time = st.builds(
        time, st.integers(0, 23), st.integers(0, 59), st.sampled_from([0, 0, 0, 1, 30, 59])
    )
    inside_change = st.integers(-120, 120).map(lambda m: (near + timedelta(minutes=m)).time())
    wall_times = st.one_of(
        st.sampled_from([time(0, 0), time(0, 30), time(23, 30), time(23, 59, 59)]),
        any_time,
        inside_change,
    )
    weekdays = st.frozensets(st.integers(0, 6), min_size=1) | st.just(ALL_DAYS)

    slots = tuple(
        Slot(f"s{i}", draw(wall_times), "r", draw(weekdays)) for i in range(draw(st.integers(0, 3)))
    )
    check_start = draw(wall_times)
    span = draw(st.integers(0, 16 * 60))
    check_end = min(
        datetime.combine(date(2000, 1, 1), check_start) + timedelta(minutes=span),
        datetime(2000, 1, 1, 23, 59),
    ).time()
    check_ins = CheckIns(
        enabled=draw(st.booleans()),
        interval_min=draw(st.sampled_from([5, 7, 15, 30, 45, 60, 90, 240]) | st.integers(5, 240)),
        start=check_start,
        end=check_end,
        weekdays=draw(weekdays),
        clearance_min=draw(st.sampled_from([0, 10, 60]) | st.integers(0, 60)),
    )
    config = Settings(slots=slots, check_ins=check_ins)

    start = moment - timedelta(minutes=draw(st.integers(0, 36 * 60)))
    end = start + timedelta(minutes=draw(st.integers(1, 48 * 60)))
    restart = None
    if draw(st.booleans()):
        offset = draw(st.integers(-6 * 3600, 36 * 3600))
        restart = start + timedelta(seconds=offset, microseconds=draw(st.integers(0, 999_999)))
    return name, config, start, end, restart


BERLIN_AUTUMN = (
    "Europe/Berlin",
    night_shift(time(2, 30)),
    datetime(2026, 10, 24, 23, tzinfo=UTC),
    datetime(2026, 10, 25, 4, tzinfo=UTC),
    None,
)
APIA_SKIPPED_DAY = (
    "Pacific/Apia",
    night_shift(time(9), time(0)),
    datetime(2011, 12, 29, 9, tzinfo=UTC),
    datetime(2011, 12, 31, 12, tzinfo=UTC),
    datetime(2011, 12, 29, 10, 30, tzinfo=UTC),
)


@pytest.fixture(scope="module")
def zone_changes() -> None:
    """Scan every zone once before the examples, so drawing one stays cheap."""
    for name in ZONES:
        transitions(name)


@settings(max_examples=150, deadline=None)
@given(set_ups())
@example(BERLIN_AUTUMN)
@example(APIA_SKIPPED_DAY)
def test_every_set_up_lists_each_due_moment_once_in_order(
    zone_changes: None,
    set_up: tuple[str, Settings, datetime, datetime, datetime | None],
) -> None:
    name, config, start, end, restart = set_up
    check_plan(name, config, start, end, restart)
