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

from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo

from desk_breaks.core.clock import Clock
from desk_breaks.core.coach_api import CoachPort
from desk_breaks.core.content import Library
from desk_breaks.core.engine_types import GUIDED, Outcome
from desk_breaks.core.history import History, parse_stored_time, stored_iso
from desk_breaks.core.i18n import tr, trn
from desk_breaks.core.presentation import exercise_name
from desk_breaks.core.progress_days import (
    DONE,
    HIGH,
    LOW,
    OFFERED,
    Tally,
    count_streak,
    day_start,
    local_day,
    months_back,
    sql_list,
    whole,
    zone_segments,
)
from desk_breaks.core.progress_sessions import SessionList
from desk_breaks.core.progress_types import (
    ComfortPoint,
    DayCount,
    ExerciseStats,
    PainMark,
    Progress,
    SessionFilter,
    SessionRow,
    Streak,
)
from desk_breaks.core.schedule import CHECK_IN_KEY
from desk_breaks.core.settings import Settings

__all__ = ["ProgressBook"]


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
        self._session_list = SessionList(history, library, clock)

    # -- the whole view ------------------------------------------------------------------

    def progress(self, months: int = 6, *, exercises: bool = True) -> Progress:
        """The week, the last ``months`` of days, the streak, the trend, each exercise."""
        now = self._clock.now()
        zone = self._clock.timezone()
        today = local_day(now, zone)
        first = self._first_day(zone)
        days = self._day_counts(zone, now)
        comfort_start = months_back(today, months)
        journal = self._journal(zone, day_start(comfort_start, zone), now)
        current, best = count_streak(
            {day: (count.done, count.offered) for day, count in days.items()}, today
        )
        week_start = today - timedelta(days=today.weekday())

        def day_count(day: date) -> DayCount:
            count = days.get(day, Tally())
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
            exercises=self._exercise_stats() if exercises else (),
            total_done=sum(count.done for count in days.values()),
            first_day=first,
        )

    def today_text(self) -> str:
        """One line for the finish screen, e.g. "3 sessions today · 5 working days in a row"."""
        now = self._clock.now()
        zone = self._clock.timezone()
        today = local_day(now, zone)
        days = self._day_counts(zone, now)
        count = days.get(today, Tally())
        sessions = trn("{n} session", "{n} sessions", count.sessions_done)
        check_ins = trn("{n} check-in", "{n} check-ins", count.check_ins_done)
        if count.sessions_done and count.check_ins_done:
            line = tr("{sessions} and {check_ins} today", sessions=sessions, check_ins=check_ins)
        elif count.sessions_done or count.check_ins_done:
            line = tr("{done} today", done=sessions if count.sessions_done else check_ins)
        else:
            line = tr("Nothing done yet today")
        current, _ = count_streak({d: (c.done, c.offered) for d, c in days.items()}, today)
        if current > 0:
            line = tr("{today} · {streak}", today=line, streak=self._streak_text(current, 0))
        return line

    # -- the session list ------------------------------------------------------------------

    def sessions(self, chosen: SessionFilter, limit: int = 500) -> list[SessionRow]:
        """The newest sessions that ``chosen`` lets through, newest first (:class:`SessionList`)."""
        return self._session_list.sessions(chosen, limit)

    # -- the queries -----------------------------------------------------------------------

    def _first_day(self, zone: tzinfo) -> date | None:
        rows = self._history.rows(
            f"SELECT min(at) FROM sessions WHERE outcome IN ({sql_list(OFFERED)})"
        )
        first = parse_stored_time(rows[0][0]) if rows else None
        return local_day(first, zone) if first is not None else None

    def _day_counts(self, zone: tzinfo, now: datetime) -> dict[date, Tally]:
        """Every local day of the whole history with its counts (one grouped statement)."""
        rows = self._history.rows("SELECT min(at) FROM sessions")
        first = parse_stored_time(rows[0][0]) if rows else None
        if first is None:
            return {}
        end = max(now, first) + timedelta(days=1)
        pieces = zone_segments(zone, first - timedelta(days=1), end)
        selects: list[str] = []
        parameters: list[object] = []
        for index, (start, offset) in enumerate(pieces):
            low = LOW if index == 0 else stored_iso(start)
            high = HIGH if index == len(pieces) - 1 else stored_iso(pieces[index + 1][0])
            selects.append(
                "SELECT date(at, ?) AS day, key, outcome FROM sessions"
                f" WHERE at >= ? AND at < ? AND outcome IN ({sql_list(OFFERED)})"
            )
            parameters.extend([f"{offset:+d} minutes", low, high])
        done, offered = sql_list(DONE), sql_list(OFFERED)
        check_in = "key = ?"
        result: dict[date, Tally] = {}
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
            result[parsed] = Tally(
                sessions_done=whole(s_done),
                sessions_offered=whole(s_offered),
                check_ins_done=whole(c_done),
                check_ins_offered=whole(c_offered),
                pain_stops=whole(pain),
            )
        return result

    def _journal(self, zone: tzinfo, start: datetime, now: datetime) -> dict[date, tuple[int, str]]:
        """Each day's comfort rating since ``start`` (the last one given that day)."""
        kept: dict[date, tuple[int, str]] = {}
        for at, score, note in self._history.rows(
            "SELECT at, score, note FROM journal WHERE at >= ? AND at <= ? ORDER BY at, id",
            (stored_iso(start), stored_iso(now + timedelta(days=1))),
        ):
            when = parse_stored_time(at)
            if when is None or not isinstance(score, int) or not 0 <= score <= 10:
                continue
            kept[local_day(when, zone)] = (score, note if isinstance(note, str) else "")
        return kept

    def _pain_marks(self, start: datetime, now: datetime) -> tuple[PainMark, ...]:
        marks: list[PainMark] = []
        for at, stopped in self._history.rows(
            "SELECT at, exercise_stopped FROM sessions WHERE outcome = ? AND at >= ? AND at <= ?"
            " ORDER BY at",
            (Outcome.STOPPED_PAIN.value, stored_iso(start), stored_iso(now + timedelta(days=1))),
        ):
            when = parse_stored_time(at)
            if when is None:
                continue
            exercise_id = stopped if isinstance(stopped, str) and stopped else None
            name = exercise_name(exercise_id, self._library.exercises) if exercise_id else ""
            marks.append(PainMark(when.astimezone(self._clock.timezone()), exercise_id, name))
        return tuple(marks)

    def exercises(self) -> tuple[ExerciseStats, ...]:
        """Every exercise: how often done and stopped, and the coach's state for it."""
        return self._exercise_stats()

    def _exercise_stats(self) -> tuple[ExerciseStats, ...]:
        """Every exercise of the library and of the history: done, stopped, its state now."""
        done: dict[str, tuple[int, datetime | None]] = {}
        for exercise_id, count, last in self._history.rows(
            "SELECT e.value, count(*), max(s.at) FROM sessions s, json_each(s.exercises_done) e"
            f" WHERE s.outcome IN ({sql_list(GUIDED)}) AND json_valid(s.exercises_done)"
            " GROUP BY e.value"
        ):
            if isinstance(exercise_id, str) and isinstance(count, int):
                done[exercise_id] = (count, parse_stored_time(last))
        stops: dict[str, tuple[int, int]] = {}
        for exercise_id, count, pain in self._history.rows(
            "SELECT exercise_stopped, count(*), sum(outcome = ?) FROM sessions"
            " WHERE outcome IN (?, ?) AND exercise_stopped IS NOT NULL GROUP BY exercise_stopped",
            (Outcome.STOPPED_PAIN.value, Outcome.STOPPED.value, Outcome.STOPPED_PAIN.value),
        ):
            if isinstance(exercise_id, str) and exercise_id and isinstance(count, int):
                stops[exercise_id] = (count, whole(pain))
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
            if best > 1:
                return trn(
                    "Your streak starts with the next session (best so far: {n} day)",
                    "Your streak starts with the next session (best so far: {n} days)",
                    best,
                )
            return tr("Your streak starts with the next session")
        if self._has_days_off():
            return trn("{n} working day in a row", "{n} working days in a row", current)
        return trn("{n} day in a row", "{n} days in a row", current)

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
