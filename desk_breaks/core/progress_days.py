"""The progress core's shared pieces: which outcomes count, local days, the streak.

Used by :mod:`desk_breaks.core.progress` (the view's numbers) and
:mod:`desk_breaks.core.progress_sessions` (the session list). Times are stored in UTC; see
:mod:`desk_breaks.core.progress` for how local days are worked out in SQL.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from desk_breaks.core.engine_types import Outcome
from desk_breaks.core.progress_types import Period

OFFERED = (
    Outcome.COMPLETED,
    Outcome.PARTIAL,
    Outcome.STOPPED,
    Outcome.STOPPED_PAIN,
    Outcome.SKIPPED,
    Outcome.MISSED,
)
"""The outcomes that close an offer: each due session once, whatever became of it."""

DONE = (Outcome.COMPLETED, Outcome.PARTIAL)
"""The outcomes that count as done."""


PERIOD_DAYS: Mapping[Period, int | None] = {
    Period.WEEK: 7,
    Period.MONTH: 31,
    Period.YEAR: 366,
    Period.ALL: None,
}
"""How many local days (today included) each period of the session list reaches back."""

LOW = "0000"  # sorts before every stored time
HIGH = "9999"  # and this after


def sql_list(outcomes: Iterable[Outcome]) -> str:
    return ", ".join(f"'{o.value}'" for o in outcomes)


def parse_names(value: object) -> tuple[str, ...]:
    try:
        items = json.loads(value) if isinstance(value, str) else []
    except ValueError:
        return ()
    return tuple(str(item) for item in items) if isinstance(items, list) else ()


def offset_minutes(zone: tzinfo, at: datetime) -> int:
    offset = at.astimezone(zone).utcoffset() or timedelta(0)
    return int(offset.total_seconds() // 60)


def local_day(at: datetime, zone: tzinfo) -> date:
    """The local date of ``at`` in ``zone``."""
    return at.astimezone(zone).date()


def day_start(day: date, zone: tzinfo) -> datetime:
    """The first instant of the local ``day`` (aware, in ``zone``)."""
    return datetime.combine(day, time(0), tzinfo=zone)


def zone_segments(zone: tzinfo, start: datetime, end: datetime) -> list[tuple[datetime, int]]:
    """Cut ``start``..``end`` where ``zone``'s offset changes; return (from, offset minutes).

    The first piece starts at ``start``; each later one at a transition, found to the
    second by halving the half-day in which the offset changed. Sampled every 12 hours, which
    no zone's transitions come closer than.
    """
    # In UTC: arithmetic on times in a zone with DST is wall-clock arithmetic in Python.
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    pieces = [(start, offset_minutes(zone, start))]
    step = timedelta(hours=12)
    before = start
    while before < end:
        after = min(before + step, end)
        if offset_minutes(zone, after) != pieces[-1][1]:
            # Transitions fall on whole seconds: halve whole seconds down to the first.
            low, high = math.floor(before.timestamp()), math.ceil(after.timestamp())
            while high - low > 1:
                middle = (low + high) // 2
                if offset_minutes(zone, datetime.fromtimestamp(middle, UTC)) == pieces[-1][1]:
                    low = middle
                else:
                    high = middle
            found = datetime.fromtimestamp(high, UTC)
            pieces.append((found, offset_minutes(zone, found)))
        before = after
    return pieces


@dataclass(frozen=True)
class Tally:
    sessions_done: int = 0
    sessions_offered: int = 0
    check_ins_done: int = 0
    check_ins_offered: int = 0
    pain_stops: int = 0

    @property
    def offered(self) -> int:
        return self.sessions_offered + self.check_ins_offered

    @property
    def done(self) -> int:
        return self.sessions_done + self.check_ins_done


def count_streak(days: Mapping[date, tuple[int, int]], today: date) -> tuple[int, int]:
    """Return (current, best) streaks from each day's (done, offered), counted kindly.

    Days with nothing offered are stepped over; a day that offered and had nothing done
    breaks a streak, except today, which is not over yet.
    """
    current = best = 0
    for day in sorted(days):
        done, offered = days[day]
        if done > 0:
            current += 1
            best = max(best, current)
        elif offered > 0 and day < today:
            current = 0
    return current, best


def whole(value: object) -> int:
    """A SQL sum as a whole number (NULL for no rows is 0)."""
    return value if isinstance(value, int) else 0


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def months_back(today: date, months: int) -> date:
    """The day ``months`` months before ``today``, plus one (the calendar's first day)."""
    months = max(1, months)
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    last_day = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(today.day, last_day)) + timedelta(days=1)
