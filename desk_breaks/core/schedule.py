"""The calendar: when sessions fall due, computed with APScheduler's cron triggers.

Each full session slot and the check-in grid (``start + k × interval`` inside working
hours) are wall-clock times on chosen weekdays. APScheduler's
:class:`~apscheduler.triggers.cron.CronTrigger` does the calendar arithmetic (which day,
which hour), but it is run on *wall-clock* time, in a zone without daylight saving time,
and :class:`WallClockTrigger` turns each wall-clock time into a real moment by one rule:

    A session set for wall-clock time W on a date falls due at the first moment the
    clock reads that date and W, or anything later.

So, when the clocks change:

* **Clocks go forward** (the wall-clock hour 02:00–03:00 does not exist): a session at
  02:30 runs once, at the moment of the change, which the clock shows as 03:00. Two
  settings in the same missing hour fall due together, at that moment, and run once. A
  day that is skipped altogether (Pacific/Apia on 2011-12-30) runs its sessions at the
  first moment of the next day.
* **Clocks go back** (02:00–03:00 happens twice): a session at 02:30 runs once, the
  first time the clock shows 02:30.

CronTrigger alone, given the local zone (APScheduler 3.11), does neither: it fires twice in
the repeated hour (and "the next time after 02:30" was 02:30 again, so listing that day
never ended), and in a missing hour it names a 02:30 that does not exist (really 03:30),
out of order with the times around it. Here every trigger answers in absolute time:
``get_next_fire_time(None, now)`` is the first due moment at or after ``now`` (any zone;
comparisons go through UTC), and :meth:`Plan.next_after` always moves strictly forward,
so listing always ends. Due moments are expressed in the plan's zone, for display.

Check-ins are wrapped in :class:`ClearanceTrigger`, which leaves out a check-in within the
clearance (real minutes) of a full session, and after a natural break in
:class:`RestartedTrigger`, which counts them afresh from the return until the end of that
working day. When two sessions fall due at the same moment only one is listed: a full
session before a check-in, else the first in the plan.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo

from desk_breaks.core.clock import as_utc
from desk_breaks.core.settings import WEEKDAY_NAMES, Settings
from desk_breaks.core.triggers import BaseTrigger, CronTrigger, OrTrigger

_TICK = timedelta(microseconds=1)
_SEARCH_LIMIT = 100_000
"""Wall-clock candidates looked at for one answer: far more than a repeated hour holds."""
_CLEARANCE_HORIZON = timedelta(days=15)
"""How far ahead :class:`ClearanceTrigger` looks for a check-in that is not blocked."""


class SessionKind(enum.Enum):
    """Whether a due time is a full session or a short check-in."""

    FULL = "full"
    CHECK_IN = "check-in"


CHECK_IN_KEY = "check-in"


@dataclass(frozen=True)
class Entry:
    """One line of the plan: something that falls due on a trigger."""

    key: str
    kind: SessionKind
    routine_id: str
    trigger: BaseTrigger


@dataclass(frozen=True)
class Occurrence:
    """A session due at a given moment (``due_at`` is in the plan's zone)."""

    key: str
    kind: SessionKind
    routine_id: str
    due_at: datetime


def _wall(moment: datetime, zone: tzinfo) -> datetime:
    """The wall-clock reading in ``zone`` at ``moment``, as a naive datetime."""
    return moment.astimezone(zone).replace(tzinfo=None)


def wall_time_due(wall: datetime, zone: tzinfo) -> datetime:
    """Return the first moment (in UTC) at which the clock in ``zone`` shows ``wall`` or later.

    ``wall`` is naive. A time that happens once is that moment; in the repeated hour of an
    autumn change it is the first of the two; in the missing hour of a spring change it is
    the moment of the change (which the clock shows as the end of the missing hour).
    """
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)  # fold=0: the earlier reading
    if _wall(first, zone) == wall:
        return first
    # ``wall`` was skipped. With the offset from before the change it lands after the
    # change, with the offset from after it lands before; the change lies in between.
    # Transitions are at whole seconds, so a bisection on seconds finds it exactly.
    low = int(wall.replace(tzinfo=zone, fold=1).astimezone(UTC).timestamp())
    high = int(first.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if _wall(datetime.fromtimestamp(middle, UTC), zone) >= wall:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


class WallClockTrigger(BaseTrigger):  # type: ignore[misc]
    """Fires at the wall-clock times ``wall`` names, in ``zone``, by the module's rule.

    ``wall`` is a trigger run on naive wall-clock time dressed as UTC (a zone without
    daylight saving time), typically a :class:`CronTrigger` with ``timezone=UTC``. Each of
    its times is turned into a moment with :func:`wall_time_due`.
    """

    __slots__ = ("wall", "zone")

    def __init__(self, wall: BaseTrigger, zone: tzinfo) -> None:
        self.wall = wall
        self.zone = zone

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        """Return the first due moment at or after ``now`` (in this trigger's zone)."""
        now_utc = as_utc(now)
        # A wall time due at or after ``now`` must read later than the clock did just before
        # ``now``, so the search starts there; wall times in a repeated hour that were due
        # the first time round are passed over.
        cursor = _wall(now_utc - _TICK, self.zone).replace(tzinfo=UTC) + _TICK
        for _ in range(_SEARCH_LIMIT):
            wall: datetime | None = self.wall.get_next_fire_time(None, cursor)
            if wall is None:
                return None
            due = wall_time_due(wall.replace(tzinfo=None), self.zone)
            if due >= now_utc:
                return due.astimezone(self.zone)
            cursor = wall + _TICK
        raise RuntimeError(f"{self!r} found no time after {now.isoformat()}")

    def __repr__(self) -> str:
        return f"<WallClockTrigger {self.wall} in {self.zone}>"


class ClearanceTrigger(BaseTrigger):  # type: ignore[misc]
    """Fires when ``inner`` fires, except within ``clearance`` of any ``blocker``'s time.

    ``clearance`` is real time: ten minutes either side of a session stay ten minutes
    across a clock change. A check-in exactly at a session's time with no clearance is
    left to :meth:`Plan.next_after`, which lists the session.
    """

    __slots__ = ("blockers", "clearance", "inner")

    def __init__(
        self, inner: BaseTrigger, blockers: Sequence[BaseTrigger], clearance: timedelta
    ) -> None:
        self.inner = inner
        self.blockers = tuple(blockers)
        self.clearance = clearance

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        """Return the inner trigger's next time that keeps clear of every blocker."""
        horizon = as_utc(now) + _CLEARANCE_HORIZON
        candidate: datetime | None = self.inner.get_next_fire_time(previous_fire_time, now)
        # The week repeats, so a check-in blocked for two weeks running is blocked on every
        # day it is set for; the horizon ends the search instead of walking on for ever.
        while candidate is not None and as_utc(candidate) <= horizon:
            if not self._blocked(candidate):
                return candidate
            candidate = self.inner.get_next_fire_time(candidate, as_utc(candidate) + _TICK)
        return None

    def _blocked(self, when: datetime) -> bool:
        if self.clearance <= timedelta(0):
            return False
        moment = as_utc(when)
        for blocker in self.blockers:
            near = blocker.get_next_fire_time(None, moment - self.clearance)
            if near is not None and as_utc(near) <= moment + self.clearance:
                return True
        return False

    def __repr__(self) -> str:
        return (
            f"<ClearanceTrigger {self.inner!r} clear of {len(self.blockers)} by {self.clearance}>"
        )


class RestartedTrigger(BaseTrigger):  # type: ignore[misc]
    """Check-ins counted afresh from ``restart`` for the rest of that working day.

    After a natural break the next check-in is ``interval`` after the person came back,
    then every ``interval`` while working hours last that day; before the return and from
    the end of that working day on, ``grid`` (the usual times) applies. A return outside
    working hours (before ``start``, at or after ``end``, or on a day not in ``days``)
    changes nothing: before ``start`` the day's grid begins at ``start`` as usual. The
    working day's ends follow the module's clock-change rule; the intervals are real time,
    so a clock change that day cannot stretch or shrink one.
    """

    __slots__ = ("day_end", "grid", "interval", "restart")

    def __init__(
        self,
        grid: BaseTrigger,
        restart: datetime,
        interval: timedelta,
        start: time,
        end: time,
        days: frozenset[int],
    ) -> None:
        self.grid = grid
        self.restart = restart
        self.interval = interval
        zone = restart.tzinfo
        assert zone is not None, "the restart must be a timezone-aware moment"
        day = restart.date()
        day_start = wall_time_due(datetime.combine(day, start), zone)
        day_end = wall_time_due(datetime.combine(day, end), zone)
        working = day.weekday() in days and day_start <= as_utc(restart) < day_end
        self.day_end: datetime | None = day_end if working else None

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        """Return the next check-in: the grid's before the return, then the restarted ones."""
        if self.day_end is None:
            plain: datetime | None = self.grid.get_next_fire_time(previous_fire_time, now)
            return plain
        zone = self.restart.tzinfo
        restart = as_utc(self.restart)
        moment = as_utc(now)
        if moment < restart:
            before: datetime | None = self.grid.get_next_fire_time(previous_fire_time, now)
            if before is not None and as_utc(before) < restart:
                return before
        if moment < self.day_end:
            elapsed = max(moment - restart, timedelta(0))
            steps = max(1, -(-elapsed // self.interval))  # ceiling division, at least one
            candidate = restart + steps * self.interval
            if candidate < self.day_end:
                return candidate.astimezone(zone)
            moment = self.day_end
        after: datetime | None = self.grid.get_next_fire_time(None, moment)
        return after

    def __repr__(self) -> str:
        return f"<RestartedTrigger from {self.restart.isoformat()} every {self.interval}>"


def check_in_times(start: time, end: time, interval_min: int) -> list[time]:
    """Return the check-in times of one day: ``start``, ``start + interval``, … before ``end``."""
    if interval_min < 1:
        # Settings are checked before they get here; a zero step would never end.
        raise ValueError(f"check-in interval must be at least a minute, not {interval_min}")
    times: list[time] = []
    minute = start.hour * 60 + start.minute
    stop = end.hour * 60 + end.minute
    while minute < stop:
        times.append(time(minute // 60, minute % 60, start.second))
        minute += interval_min
    return times


def _day_field(days: frozenset[int]) -> str:
    return ",".join(WEEKDAY_NAMES[d] for d in sorted(days))


def slot_trigger(at: time, days: frozenset[int], zone: tzinfo) -> BaseTrigger:
    """Return the trigger of a session at ``at`` on ``days`` in ``zone``."""
    return times_trigger([at], days, zone)


def times_trigger(times: Sequence[time], days: frozenset[int], zone: tzinfo) -> BaseTrigger:
    """Return one trigger that fires at each of ``times`` on ``days`` in ``zone``.

    Times sharing minute and second become one cron trigger with a list of hours, so even
    an odd interval needs only a handful of triggers.
    """
    by_minute: dict[tuple[int, int], list[int]] = defaultdict(list)
    for t in times:
        by_minute[(t.minute, t.second)].append(t.hour)
    triggers = [
        CronTrigger(
            day_of_week=_day_field(days),
            hour=",".join(str(h) for h in sorted(hours)),
            minute=minute,
            second=second,
            timezone=UTC,  # wall-clock time: WallClockTrigger applies the zone's rules
        )
        for (minute, second), hours in sorted(by_minute.items())
    ]
    wall = triggers[0] if len(triggers) == 1 else OrTrigger(triggers)
    return WallClockTrigger(wall, zone)


class Plan:
    """The day's schedule as triggers, built from settings for one time zone."""

    def __init__(self, entries: Sequence[Entry], zone: tzinfo) -> None:
        self.entries = tuple(entries)
        self.zone = zone

    @classmethod
    def from_settings(
        cls, settings: Settings, zone: tzinfo, *, check_ins_restart: datetime | None = None
    ) -> Plan:
        """Build the plan that ``settings`` describe.

        ``check_ins_restart``: when the person came back from a natural break; that day's
        check-ins count from then (:class:`RestartedTrigger`).
        """
        entries: list[Entry] = []
        slot_triggers: list[BaseTrigger] = []
        for slot in settings.active_slots():
            trigger = slot_trigger(slot.time, slot.weekdays, zone)
            slot_triggers.append(trigger)
            entries.append(Entry(slot.id, SessionKind.FULL, slot.routine, trigger))
        if settings.check_ins_active():
            c = settings.check_ins
            times = check_in_times(c.start, c.end, c.interval_min)
            if times:
                grid = times_trigger(times, c.weekdays, zone)
                if check_ins_restart is not None:
                    grid = RestartedTrigger(
                        grid,
                        check_ins_restart.astimezone(zone),
                        timedelta(minutes=c.interval_min),
                        c.start,
                        c.end,
                        c.weekdays,
                    )
                trigger = ClearanceTrigger(
                    grid,
                    slot_triggers,
                    timedelta(minutes=c.clearance_min),
                )
                entries.append(Entry(CHECK_IN_KEY, SessionKind.CHECK_IN, c.routine, trigger))
        return cls(entries, zone)

    def next_after(self, after: datetime) -> Occurrence | None:
        """Return the first occurrence strictly after the moment ``after``.

        At the same moment a full session wins over a check-in, then the earlier entry.
        """
        best: Occurrence | None = None
        start = as_utc(after) + _TICK
        for entry in self.entries:
            when = entry.trigger.get_next_fire_time(None, start)
            if when is None:
                continue
            candidate = Occurrence(entry.key, entry.kind, entry.routine_id, when)
            if best is None or _earlier(candidate, best):
                best = candidate
        return best

    def between(self, start: datetime, end: datetime) -> list[Occurrence]:
        """Return every occurrence in ``(start, end]``, in time order."""
        return list(self._iterate(start, end))

    def _iterate(self, start: datetime, end: datetime) -> Iterator[Occurrence]:
        cursor = start
        stop = as_utc(end)
        while True:
            occurrence = self.next_after(cursor)
            if occurrence is None or as_utc(occurrence.due_at) > stop:
                return
            yield occurrence
            cursor = occurrence.due_at

    def upcoming(self, after: datetime, count: int) -> list[Occurrence]:
        """Return the next ``count`` occurrences after ``after``."""
        found: list[Occurrence] = []
        cursor = after
        while len(found) < count:
            occurrence = self.next_after(cursor)
            if occurrence is None:
                break
            found.append(occurrence)
            cursor = occurrence.due_at
        return found


def _earlier(a: Occurrence, b: Occurrence) -> bool:
    a_at, b_at = as_utc(a.due_at), as_utc(b.due_at)
    if a_at != b_at:
        return a_at < b_at
    return a.kind is SessionKind.FULL and b.kind is not SessionKind.FULL
