"""The progress view's numbers, worked out from the history with SQL aggregates.

:class:`ProgressBook` is the :class:`~desk_breaks.core.progress_types.ProgressSource` the
progress window and the finish screen ask. It never loops over every row in Python: the
day counts, the exercise counts and the session list are ``GROUP BY`` / ``LIMIT`` queries
on indexed columns (schema 4), so five years of a heavy user (about 40,000 sessions) come
back in well under the 300 ms the view allows (``bench/progress_history.py``).

**Local days.** Times are stored in UTC. A row's local day is the date of its UTC time
shifted by the zone's offset *at that instant*. The offset is constant between two
transitions of the zone (twice a year for daylight saving time), so the span asked for is
cut at each transition (:func:`zone_segments`) and each piece is grouped with one fixed
shift: ``date(at, '+60 minutes')`` in Berlin's winter, ``'+120 minutes'`` in its summer.
One statement (a ``UNION ALL`` of the pieces) gives exact local days, the 23- and 25-hour
days included, and stays one pass over the index.

**Offered and done.** Each due session is offered once, whatever became of it: completed,
partly done, stopped (for any reason), skipped or missed. Snoozes, holds while busy and
natural breaks are not offers (a snoozed session is counted by its final outcome). Done
means completed or partly done. Check-ins (key ``check-in``) are counted apart.

**The streak, counted kindly.** Only days that offered something count. A day with
something done extends the streak; a day that offered and had nothing done breaks it; a
day with nothing offered (a weekend, a pause, a day off) is stepped over. Today never
breaks it while it lasts.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from desk_breaks.core.clock import Clock
from desk_breaks.core.coach_api import CoachPort
from desk_breaks.core.content import Library
from desk_breaks.core.engine_types import Outcome
from desk_breaks.core.history import History
from desk_breaks.core.presentation import exercise_name, routine_name, session_words
from desk_breaks.core.progress_types import (
    ComfortPoint,
    DayCount,
    ExerciseStats,
    PainMark,
    Period,
    Progress,
    SessionFilter,
    SessionRow,
    Streak,
)
from desk_breaks.core.schedule import CHECK_IN_KEY
from desk_breaks.core.settings import Settings

__all__ = [
    "DONE",
    "OFFERED",
    "PERIOD_DAYS",
    "ProgressBook",
    "count_streak",
    "local_day",
    "zone_segments",
]

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

GUIDED = (Outcome.COMPLETED, Outcome.PARTIAL, Outcome.STOPPED, Outcome.STOPPED_PAIN)
"""The outcomes of a session that ran (its exercises were done, some or all)."""

PERIOD_DAYS: Mapping[Period, int | None] = {
    Period.WEEK: 7,
    Period.MONTH: 31,
    Period.YEAR: 366,
    Period.ALL: None,
}
"""How many local days (today included) each period of the session list reaches back."""

_FEELING_WORDS = {"better": "better", "same": "the same", "worse": "worse"}
_LOW = "0000"  # sorts before every stored time
_HIGH = "9999"  # and this after


def _sql_list(outcomes: Iterable[Outcome]) -> str:
    return ", ".join(f"'{o.value}'" for o in outcomes)


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _names(value: object) -> tuple[str, ...]:
    try:
        items = json.loads(value) if isinstance(value, str) else []
    except ValueError:
        return ()
    return tuple(str(item) for item in items) if isinstance(items, list) else ()


def _offset_minutes(zone: tzinfo, at: datetime) -> int:
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
    pieces = [(start, _offset_minutes(zone, start))]
    step = timedelta(hours=12)
    before = start
    while before < end:
        after = min(before + step, end)
        if _offset_minutes(zone, after) != pieces[-1][1]:
            # Transitions fall on whole seconds: halve whole seconds down to the first.
            low, high = math.floor(before.timestamp()), math.ceil(after.timestamp())
            while high - low > 1:
                middle = (low + high) // 2
                if _offset_minutes(zone, datetime.fromtimestamp(middle, UTC)) == pieces[-1][1]:
                    low = middle
                else:
                    high = middle
            found = datetime.fromtimestamp(high, UTC)
            pieces.append((found, _offset_minutes(zone, found)))
        before = after
    return pieces


@dataclass(frozen=True)
class _Day:
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


class ProgressBook:
    """The progress numbers of ``history``, in ``library``'s names, on ``clock``'s days.

    ``coach`` (optional) gives each exercise's state; ``settings`` (optional) says which
    weekdays have sessions, so a streak over a plan with days off reads "working days".
    """

    def __init__(
        self,
        history: History,
        library: Library,
        clock: Clock,
        coach: CoachPort | None = None,
        settings: Callable[[], Settings] | None = None,
    ) -> None:
        """Keep what the questions need; nothing is read until one is asked."""
        self._history = history
        self._library = library
        self._clock = clock
        self._coach = coach
        self._settings = settings

    # -- the whole view ------------------------------------------------------------------

    def progress(self, months: int = 6) -> Progress:
        """The week, the last ``months`` of days, the streak, the trend, each exercise."""
        now = self._clock.now()
        zone = self._clock.timezone()
        today = local_day(now, zone)
        first = self._first_day(zone)
        days = self._day_counts(zone, now)
        comfort_start = _months_back(today, months)
        journal = self._journal(zone, day_start(comfort_start, zone), now)
        current, best = count_streak(
            {day: (count.done, count.offered) for day, count in days.items()}, today
        )
        week_start = today - timedelta(days=today.weekday())

        def day_count(day: date) -> DayCount:
            count = days.get(day, _Day())
            resting = count.offered == 0 and first is not None and first <= day < today
            entry = journal.get(day)
            return DayCount(
                day=day,
                sessions_done=count.sessions_done,
                sessions_offered=count.sessions_offered,
                check_ins_done=count.check_ins_done,
                check_ins_offered=count.check_ins_offered,
                pain_stops=count.pain_stops,
                comfort=entry[0] if entry is not None else None,
                paused=resting,
            )

        span = (today - comfort_start).days + 1
        return Progress(
            today=today,
            week=tuple(day_count(week_start + timedelta(days=n)) for n in range(7)),
            calendar=tuple(day_count(comfort_start + timedelta(days=n)) for n in range(span)),
            streak=Streak(current, best, self._streak_text(current, best)),
            comfort=tuple(
                ComfortPoint(day, score, note) for day, (score, note) in sorted(journal.items())
            ),
            pain_marks=self._pain_marks(day_start(comfort_start, zone), now),
            exercises=self._exercise_stats(),
            total_done=sum(count.done for count in days.values()),
            first_day=first,
        )

    def today_text(self) -> str:
        """One line for the finish screen, e.g. "3 sessions today · 5 working days in a row"."""
        now = self._clock.now()
        zone = self._clock.timezone()
        today = local_day(now, zone)
        days = self._day_counts(zone, now)
        count = days.get(today, _Day())
        parts: list[str] = []
        if count.sessions_done:
            parts.append(_plural(count.sessions_done, "session"))
        if count.check_ins_done:
            parts.append(_plural(count.check_ins_done, "check-in"))
        line = " and ".join(parts) + " today" if parts else "Nothing done yet today"
        current, _ = count_streak({d: (c.done, c.offered) for d, c in days.items()}, today)
        if current > 0:
            line += f" · {self._streak_text(current, 0)}"
        return line

    # -- the session list ------------------------------------------------------------------

    def sessions(self, chosen: SessionFilter, limit: int = 500) -> list[SessionRow]:
        """The newest sessions that ``chosen`` lets through, newest first.

        The period reaches back :data:`PERIOD_DAYS` local days, today included. The text
        matches words of a routine's or an exercise's name (as shown: the library's name,
        or the id in words for one no longer there); every word must match.
        """
        zone = self._clock.timezone()
        now = self._clock.now()
        where = ["1"]
        parameters: list[object] = []
        reach = PERIOD_DAYS[chosen.period]
        if reach is not None:
            since = day_start(local_day(now, zone) - timedelta(days=reach - 1), zone)
            where.append("s.at >= ?")
            parameters.append(_iso(since))
        if chosen.outcomes:
            where.append(f"s.outcome IN ({_sql_list(sorted(chosen.outcomes, key=str))})")
        if chosen.routine_id is not None:
            where.append("s.routine_id = ?")
            parameters.append(chosen.routine_id)
        for word in chosen.text.split():
            clause, values = self._word_clause(word)
            where.append(clause)
            parameters.extend(values)
        rows = self._history.rows(
            "SELECT s.id, s.at, s.routine_id, s.outcome, s.exercises_done, s.exercise_stopped,"
            " s.snooze_min, (SELECT r.feeling FROM ratings r WHERE r.session_id = s.id"
            " ORDER BY r.id DESC LIMIT 1)"
            f" FROM sessions s WHERE {' AND '.join(where)}"
            " ORDER BY s.at DESC, s.id DESC LIMIT ?",
            (*parameters, max(0, int(limit))),
        )
        found: list[SessionRow] = []
        for row in rows:
            made = self._session_row(row)
            if made is not None:
                found.append(made)
        return found

    def _word_clause(self, word: str) -> tuple[str, list[object]]:
        """One word of the text filter: the routine's or any exercise's name has it."""
        needle = word.casefold()
        routines = [rid for rid, r in self._library.routines.items() if needle in r.name.casefold()]
        exercises = [
            eid for eid, e in self._library.exercises.items() if needle in e.name.casefold()
        ]
        if needle in "natural break":
            routines.append("")
        # Ids hold the words of the names they fall back to ("neck-press" for "Neck
        # press"), so an id that has the word matches too: a routine or an exercise no
        # longer in the library is found by the words it is shown with.
        like = f"%{_escape_like(needle.replace(' ', '-'))}%"
        parts = ["s.routine_id LIKE ? ESCAPE '\\'"]
        values: list[object] = [like]
        if routines:
            parts.append("s.routine_id IN (SELECT value FROM json_each(?))")
            values.append(json.dumps(routines))
        for eid in exercises:
            parts.append("s.exercises_done LIKE ? ESCAPE '\\' OR s.exercise_stopped = ?")
            values.extend([f'%"{_escape_like(eid)}"%', eid])
        parts.append("s.exercises_done LIKE ? ESCAPE '\\' OR s.exercise_stopped LIKE ? ESCAPE '\\'")
        values.extend([like, like])
        return "(" + " OR ".join(f"({p})" for p in parts) + ")", values

    def _session_row(self, row: tuple[object, ...]) -> SessionRow | None:
        session_id, at, routine_id, outcome, done, stopped, snooze_min, feeling = row
        when = _time(at)
        if not isinstance(session_id, int) or when is None or not isinstance(routine_id, str):
            return None
        try:
            known = Outcome(outcome)
        except ValueError:
            return None
        exercises = self._library.exercises
        done_ids = _names(done)
        stopped_name = (
            exercise_name(stopped, exercises) if isinstance(stopped, str) and stopped else ""
        )
        routine = self._library.routines.get(routine_id)
        return SessionRow(
            session_id=session_id,
            at=when.astimezone(self._clock.timezone()),
            routine_id=routine_id,
            routine_name=routine_name(routine_id, self._library.routines),
            outcome=known,
            outcome_words=session_words(
                known,
                done=len(done_ids),
                planned=len(routine.exercises) if routine is not None else None,
                stopped_at=stopped_name,
                snooze_min=snooze_min if isinstance(snooze_min, int) else None,
            ),
            exercises=tuple(exercise_name(e, exercises) for e in done_ids),
            stopped_at=stopped_name,
            feeling=_FEELING_WORDS.get(feeling, "") if isinstance(feeling, str) else "",
        )

    # -- the queries -----------------------------------------------------------------------

    def _first_day(self, zone: tzinfo) -> date | None:
        rows = self._history.rows(
            f"SELECT min(at) FROM sessions WHERE outcome IN ({_sql_list(OFFERED)})"
        )
        first = _time(rows[0][0]) if rows else None
        return local_day(first, zone) if first is not None else None

    def _day_counts(self, zone: tzinfo, now: datetime) -> dict[date, _Day]:
        """Every local day of the whole history with its counts (one grouped statement)."""
        rows = self._history.rows("SELECT min(at) FROM sessions")
        first = _time(rows[0][0]) if rows else None
        if first is None:
            return {}
        end = max(now, first) + timedelta(days=1)
        pieces = zone_segments(zone, first - timedelta(days=1), end)
        selects: list[str] = []
        parameters: list[object] = []
        for index, (start, offset) in enumerate(pieces):
            low = _LOW if index == 0 else _iso(start)
            high = _HIGH if index == len(pieces) - 1 else _iso(pieces[index + 1][0])
            selects.append(
                "SELECT date(at, ?) AS day, key, outcome FROM sessions"
                f" WHERE at >= ? AND at < ? AND outcome IN ({_sql_list(OFFERED)})"
            )
            parameters.extend([f"{offset:+d} minutes", low, high])
        done, offered = _sql_list(DONE), _sql_list(OFFERED)
        check_in = "key = ?"
        result: dict[date, _Day] = {}
        for day, s_done, s_offered, c_done, c_offered, pain in self._history.rows(
            f"SELECT day, sum(NOT {check_in} AND outcome IN ({done})),"
            f" sum(NOT {check_in} AND outcome IN ({offered})),"
            f" sum({check_in} AND outcome IN ({done})),"
            f" sum({check_in} AND outcome IN ({offered})),"
            f" sum(outcome = '{Outcome.STOPPED_PAIN.value}')"
            f" FROM ({' UNION ALL '.join(selects)}) GROUP BY day",
            (CHECK_IN_KEY, CHECK_IN_KEY, CHECK_IN_KEY, CHECK_IN_KEY, *parameters),
        ):
            if not isinstance(day, str):
                continue  # a time SQLite could not read
            try:
                parsed = date.fromisoformat(day)
            except ValueError:
                continue
            result[parsed] = _Day(
                sessions_done=_count(s_done),
                sessions_offered=_count(s_offered),
                check_ins_done=_count(c_done),
                check_ins_offered=_count(c_offered),
                pain_stops=_count(pain),
            )
        return result

    def _journal(self, zone: tzinfo, start: datetime, now: datetime) -> dict[date, tuple[int, str]]:
        """Each day's comfort rating since ``start`` (the last one given that day)."""
        kept: dict[date, tuple[int, str]] = {}
        for at, score, note in self._history.rows(
            "SELECT at, score, note FROM journal WHERE at >= ? AND at <= ? ORDER BY at, id",
            (_iso(start), _iso(now + timedelta(days=1))),
        ):
            when = _time(at)
            if when is None or not isinstance(score, int) or not 0 <= score <= 10:
                continue
            kept[local_day(when, zone)] = (score, note if isinstance(note, str) else "")
        return kept

    def _pain_marks(self, start: datetime, now: datetime) -> tuple[PainMark, ...]:
        marks: list[PainMark] = []
        for at, stopped in self._history.rows(
            "SELECT at, exercise_stopped FROM sessions WHERE outcome = ? AND at >= ? AND at <= ?"
            " ORDER BY at",
            (Outcome.STOPPED_PAIN.value, _iso(start), _iso(now + timedelta(days=1))),
        ):
            when = _time(at)
            if when is None:
                continue
            exercise_id = stopped if isinstance(stopped, str) and stopped else None
            name = exercise_name(exercise_id, self._library.exercises) if exercise_id else ""
            marks.append(PainMark(when.astimezone(self._clock.timezone()), exercise_id, name))
        return tuple(marks)

    def _exercise_stats(self) -> tuple[ExerciseStats, ...]:
        """Every exercise of the library and of the history: done, stopped, its state now."""
        done: dict[str, tuple[int, datetime | None]] = {}
        for exercise_id, count, last in self._history.rows(
            "SELECT e.value, count(*), max(s.at) FROM sessions s, json_each(s.exercises_done) e"
            f" WHERE s.outcome IN ({_sql_list(GUIDED)}) AND json_valid(s.exercises_done)"
            " GROUP BY e.value"
        ):
            if isinstance(exercise_id, str) and isinstance(count, int):
                done[exercise_id] = (count, _time(last))
        stops: dict[str, tuple[int, int]] = {}
        for exercise_id, count, pain in self._history.rows(
            "SELECT exercise_stopped, count(*), sum(outcome = ?) FROM sessions"
            " WHERE outcome IN (?, ?) AND exercise_stopped IS NOT NULL GROUP BY exercise_stopped",
            (Outcome.STOPPED_PAIN.value, Outcome.STOPPED.value, Outcome.STOPPED_PAIN.value),
        ):
            if isinstance(exercise_id, str) and exercise_id and isinstance(count, int):
                stops[exercise_id] = (count, _count(pain))
        states = self._coach.view().states if self._coach is not None else {}
        stats: list[ExerciseStats] = []
        for exercise_id in sorted({*self._library.exercises, *done, *stops}):
            times, last = done.get(exercise_id, (0, None))
            stopped, pain = stops.get(exercise_id, (0, 0))
            stats.append(
                ExerciseStats(
                    exercise_id=exercise_id,
                    name=exercise_name(exercise_id, self._library.exercises),
                    done=times,
                    stops=stopped,
                    pain_stops=pain,
                    last_done=last.astimezone(self._clock.timezone()) if last else None,
                    state=states.get(exercise_id),
                )
            )
        stats.sort(key=lambda s: (-s.done, s.name.casefold()))
        return tuple(stats)

    # -- words -----------------------------------------------------------------------------

    def _streak_text(self, current: int, best: int) -> str:
        if current <= 0:
            text = "Your streak starts with the next session"
            return f"{text} (best so far: {_plural(best, 'day')})" if best > 1 else text
        kind = "working day" if self._has_days_off() else "day"
        return f"{_plural(current, kind)} in a row"

    def _has_days_off(self) -> bool:
        if self._settings is None:
            return True
        settings = self._settings()
        days: set[int] = set()
        for slot in settings.slots:
            if slot.enabled:
                days |= slot.weekdays
        if settings.check_ins.enabled:
            days |= settings.check_ins.weekdays
        return len(days) < 7


def _count(value: object) -> int:
    """A SQL sum as a whole number (NULL for no rows is 0)."""
    return value if isinstance(value, int) else 0


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _months_back(today: date, months: int) -> date:
    """The day ``months`` months before ``today``, plus one (the calendar's first day)."""
    months = max(1, months)
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    last_day = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(today.day, last_day)) + timedelta(days=1)
