"""The calendar: when sessions fall due, computed by APScheduler triggers.

Each full session slot is a :class:`~apscheduler.triggers.cron.CronTrigger`. Check-ins are
the times ``start + k × interval`` inside working hours, grouped into cron triggers and
combined with an :class:`~apscheduler.triggers.combining.OrTrigger`, then wrapped in
:class:`ClearanceTrigger`, which leaves out a check-in that falls too near a full session.
Triggers are pure: ``get_next_fire_time(previous, now)`` works for any ``now``, which is
what lets the engine be tested on a simulated clock.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo

from desk_breaks.core.settings import WEEKDAY_NAMES, Settings
from desk_breaks.core.triggers import BaseTrigger, CronTrigger, OrTrigger

_ONE_SECOND = timedelta(seconds=1)


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
    """A session due at a given moment."""

    key: str
    kind: SessionKind
    routine_id: str
    due_at: datetime


class ClearanceTrigger(BaseTrigger):  # type: ignore[misc]
    """Fires when ``inner`` fires, except within ``clearance`` of any ``blocker``'s time."""

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
        candidate: datetime | None = self.inner.get_next_fire_time(previous_fire_time, now)
        # A day holds at most a few hundred check-ins, so this loop is short; the bound
        # protects against a pathological setting that blocks every candidate.
        for _ in range(10_000):
            if candidate is None or not self._blocked(candidate):
                return candidate
            candidate = self.inner.get_next_fire_time(candidate, candidate + _ONE_SECOND)
        return None

    def _blocked(self, when: datetime) -> bool:
        if self.clearance <= timedelta(0):
            return False
        for blocker in self.blockers:
            near = blocker.get_next_fire_time(None, when - self.clearance)
            if near is not None and near <= when + self.clearance:
                return True
        return False

    def __repr__(self) -> str:
        return (
            f"<ClearanceTrigger {self.inner!r} clear of {len(self.blockers)} by {self.clearance}>"
        )


class RestartedTrigger(BaseTrigger):  # type: ignore[misc]
    """Check-ins counted afresh from ``restart`` for the rest of that working day.

    After a natural break the next check-in is ``interval`` after the person came back, then
    every ``interval`` until working hours end; from the next day on, ``grid`` (the usual
    times) applies again. Arithmetic is done in UTC, so a DST change that day cannot stretch
    or shrink an interval.
    """

    __slots__ = ("day_end", "days", "grid", "interval", "restart")

    def __init__(
        self,
        grid: BaseTrigger,
        restart: datetime,
        interval: timedelta,
        end: time,
        days: frozenset[int],
    ) -> None:
        self.grid = grid
        self.restart = restart
        self.interval = interval
        self.days = days
        local = restart
        day_end = datetime.combine(local.date(), end).replace(tzinfo=local.tzinfo)
        self.day_end = day_end if local.weekday() in days and day_end > local else None

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        """Return the next restarted check-in, or the grid's next time after that day."""
        if self.day_end is not None and now < self.day_end:
            start = self.restart.astimezone(UTC)
            elapsed = now.astimezone(UTC) - start
            steps = max(1, -(-elapsed // self.interval))  # ceiling division, at least one
            candidate = start + steps * self.interval
            if candidate < self.day_end:
                return candidate.astimezone(self.restart.tzinfo)
            now = self.day_end
        result: datetime | None = self.grid.get_next_fire_time(previous_fire_time, now)
        return result

    def __repr__(self) -> str:
        return f"<RestartedTrigger from {self.restart.isoformat()} every {self.interval}>"


def check_in_times(start: time, end: time, interval_min: int) -> list[time]:
    """Return the check-in times of one day: ``start``, ``start + interval``, … before ``end``."""
    times: list[time] = []
    minute = start.hour * 60 + start.minute
    stop = end.hour * 60 + end.minute
    while minute < stop:
        times.append(time(minute // 60, minute % 60, start.second))
        minute += interval_min
    return times


def _day_field(days: frozenset[int]) -> str:
    return ",".join(WEEKDAY_NAMES[d] for d in sorted(days))


def slot_trigger(at: time, days: frozenset[int], zone: tzinfo) -> CronTrigger:
    """Return the trigger of a session at ``at`` on ``days`` in ``zone``."""
    return CronTrigger(
        day_of_week=_day_field(days),
        hour=at.hour,
        minute=at.minute,
        second=at.second,
        timezone=zone,
    )


def times_trigger(times: Sequence[time], days: frozenset[int], zone: tzinfo) -> BaseTrigger:
    """Return one trigger that fires at each of ``times`` on ``days``.

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
            timezone=zone,
        )
        for (minute, second), hours in sorted(by_minute.items())
    ]
    return triggers[0] if len(triggers) == 1 else OrTrigger(triggers)


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
        """Return the first occurrence strictly after ``after`` (full sessions win ties)."""
        best: Occurrence | None = None
        for entry in self.entries:
            when = entry.trigger.get_next_fire_time(None, after + timedelta(microseconds=1))
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
        while True:
            occurrence = self.next_after(cursor)
            if occurrence is None or occurrence.due_at > end:
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
    if a.due_at != b.due_at:
        return a.due_at < b.due_at
    return a.kind is SessionKind.FULL and b.kind is not SessionKind.FULL
