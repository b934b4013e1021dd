"""A history in memory for the progress view's tests: months of a person, made up the same way.

:class:`FakeProgress` implements :class:`~desk_breaks.core.progress_types.ProgressSource`
from a list of session rows generated with a seeded random generator, so every run shows
the same person: since mid-April they do most of their three sessions and many check-ins
on workdays, skip some, stop for pain a few times (mostly early on), take a week off in
August, and rate their comfort on most workdays, rising from about 4 to about 7. The week,
the calendar, the streak and the per-exercise numbers are worked out from those rows, so
they agree with the session list. ``FakeProgress(empty=True)`` is someone who has just
installed the app.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from desk_breaks.core.coach_types import ExerciseState, Mode, Why
from desk_breaks.core.engine_types import Outcome
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

FAKE_TODAY = date(2026, 12, 2)
"""A Wednesday; the fake's "now" is 14:10 that day."""

FIRST_DAY = date(2026, 4, 13)
HOLIDAY = (date(2026, 8, 10), date(2026, 8, 21))
"""Two weeks off: paused, nothing offered."""

EXERCISES = {
    "wall-chin-tuck": "Wall chin tuck",
    "seated-chin-tuck": "Seated chin tuck",
    "doorway-chest-stretch": "Doorway chest stretch",
    "isometric-neck-press-side": "Neck press: side",
    "upper-trap-stretch": "Upper trapezius stretch",
    "backward-neck-stretch": "Backward neck stretch",
    "shoulder-blade-squeeze": "Shoulder blade squeeze",
    "diaphragmatic-breathing": "Belly breathing",
}

ROUTINES = {
    "morning-mobility": (
        "Morning mobility",
        (
            "wall-chin-tuck",
            "doorway-chest-stretch",
            "shoulder-blade-squeeze",
            "upper-trap-stretch",
            "diaphragmatic-breathing",
        ),
    ),
    "lunch-reset": (
        "Lunch reset",
        (
            "seated-chin-tuck",
            "isometric-neck-press-side",
            "upper-trap-stretch",
            "shoulder-blade-squeeze",
        ),
    ),
    "evening-unwind": (
        "Evening unwind",
        ("doorway-chest-stretch", "upper-trap-stretch", "diaphragmatic-breathing"),
    ),
    "check-in": ("30-second check-in", ("seated-chin-tuck",)),
}
"""Each routine: its name and its exercises in order."""

SLOTS = (
    (time(9, 30), "morning-mobility"),
    (time(12, 30), "lunch-reset"),
    (time(17, 30), "evening-unwind"),
)
CHECK_IN_TIMES = tuple(
    time(h, m) for h in range(9, 18) for m in (0, 30) if (h, m) not in {(9, 30), (12, 30), (17, 30)}
)
"""Every half hour from 09:00 to 17:30 but the full sessions' times: 15 check-ins a day."""

NOW_TIME = time(14, 10)

LOST_DAYS = frozenset({date(2026, 11, 13), date(2026, 10, 23), date(2026, 9, 30)})
"""Workdays with nothing done (they break the streak)."""

OFFERS = frozenset(
    {
        Outcome.COMPLETED,
        Outcome.PARTIAL,
        Outcome.SKIPPED,
        Outcome.STOPPED,
        Outcome.STOPPED_PAIN,
        Outcome.MISSED,
    }
)
DONE = frozenset({Outcome.COMPLETED, Outcome.PARTIAL})


def routine_choices() -> dict[str, str]:
    """The fake's routines, id to name (what the window's routine filter offers)."""
    return {rid: name for rid, (name, _) in ROUTINES.items()}


def _words(outcome: Outcome, done: int, total: int, stopped_at: str) -> str:
    if outcome is Outcome.COMPLETED:
        return "Completed"
    if outcome is Outcome.PARTIAL:
        return f"Partly done ({done} of {total})"
    if outcome is Outcome.STOPPED_PAIN:
        return f"Stopped for pain or dizziness during {stopped_at}"
    if outcome is Outcome.STOPPED:
        return f"Stopped during {stopped_at}" if stopped_at else "Stopped"
    if outcome is Outcome.SKIPPED:
        return "Skipped"
    return "Missed"


@dataclass
class _Made:
    rows: list[SessionRow]
    comfort: list[ComfortPoint]


def _generate(seed: int) -> _Made:
    rng = random.Random(seed)
    rows: list[SessionRow] = []
    comfort: list[ComfortPoint] = []
    span = (FAKE_TODAY - FIRST_DAY).days
    pain_days = {date(2026, 4, 22), date(2026, 5, 6), date(2026, 5, 27), date(2026, 7, 15)}
    pain_days.add(date(2026, 10, 9))
    notes = ("Long meeting day.", "Stiff after the train.", "Good day.", "Slept badly.", "")
    for offset in range(span + 1):
        day = FIRST_DAY + timedelta(days=offset)
        if day.weekday() >= 5 or HOLIDAY[0] <= day <= HOLIDAY[1]:
            continue
        keen = 0.55 + 0.35 * offset / span  # gets into the habit over the months
        if day in LOST_DAYS or rng.random() < 0.03:
            keen = 0.0  # ill, or a day of back-to-back meetings: nothing done
        offers = [(at, rid) for at, rid in SLOTS] + [(at, "check-in") for at in CHECK_IN_TIMES]
        offers.sort()
        for at, rid in offers:
            if day == FAKE_TODAY and at > NOW_TIME:
                break
            name, exercise_ids = ROUTINES[rid]
            check_in = rid == "check-in"
            roll = rng.random()
            chance = keen * (0.7 if check_in else 1.0)
            stopped_at = ""
            if day in pain_days and rid == "lunch-reset":
                outcome = Outcome.STOPPED_PAIN
                done_ids = exercise_ids[:1]
                stopped_at = EXERCISES["isometric-neck-press-side"]
            elif roll < chance * 0.85:
                outcome, done_ids = Outcome.COMPLETED, exercise_ids
            elif roll < chance:
                outcome = Outcome.PARTIAL if not check_in else Outcome.COMPLETED
                done_ids = exercise_ids[: rng.randint(1, max(1, len(exercise_ids) - 1))]
            elif roll < chance + (1 - chance) * 0.6:
                outcome, done_ids = Outcome.SKIPPED, ()
            else:
                outcome, done_ids = Outcome.MISSED, ()
            names = tuple(EXERCISES[e] for e in done_ids)
            rows.append(
                SessionRow(
                    session_id=len(rows) + 1,
                    at=datetime.combine(day, at, UTC) + timedelta(minutes=rng.randint(0, 6)),
                    routine_id=rid,
                    routine_name=name,
                    outcome=outcome,
                    outcome_words=_words(outcome, len(done_ids), len(exercise_ids), stopped_at),
                    exercises=names,
                    stopped_at=stopped_at,
                    feeling=rng.choice(("better", "better", "the same", ""))
                    if outcome in DONE and not check_in
                    else "",
                )
            )
        if rng.random() < 0.72 and (day != FAKE_TODAY):
            trend = 4.0 + 3.0 * offset / span
            score = round(trend + rng.gauss(0, 0.8) - (1.5 if day in pain_days else 0))
            comfort.append(ComfortPoint(day, max(0, min(10, score)), rng.choice(notes)))
    return _Made(rows, comfort)


def _exercise_states() -> dict[str, ExerciseState]:
    said = datetime(2026, 11, 3, 9, 30, tzinfo=UTC)
    return {
        "wall-chin-tuck": ExerciseState(
            "wall-chin-tuck",
            EXERCISES["wall-chin-tuck"],
            Mode.PROGRESSED,
            Why.PRACTICE,
            level=2,
            reason="Comfortable on 10 different days, so the hold grew.",
            since=said,
            hold_s=25,
            previous_hold_s=20,
            can_go_back=True,
        ),
        "doorway-chest-stretch": ExerciseState(
            "doorway-chest-stretch",
            EXERCISES["doorway-chest-stretch"],
            Mode.PROGRESSED,
            Why.PRACTICE,
            level=1,
            reason="Comfortable on 10 different days, so the hold grew.",
            since=said,
            hold_s=35,
            previous_hold_s=30,
            can_go_back=True,
        ),
        "isometric-neck-press-side": ExerciseState(
            "isometric-neck-press-side",
            EXERCISES["isometric-neck-press-side"],
            Mode.GENTLER,
            Why.PAIN_STOP,
            reason="You stopped for pain or dizziness during it on Fri 9 Oct.",
            since=datetime(2026, 10, 9, 12, 34, tzinfo=UTC),
            hold_s=5,
        ),
        "backward-neck-stretch": ExerciseState(
            "backward-neck-stretch",
            EXERCISES["backward-neck-stretch"],
            Mode.LEFT_OUT,
            Why.SAFETY_CHECK,
            reason="You said you sometimes feel dizzy, so it waits until you bring it back.",
            since=datetime(2026, 4, 13, 9, 0, tzinfo=UTC),
        ),
        "seated-chin-tuck": ExerciseState(
            "seated-chin-tuck", EXERCISES["seated-chin-tuck"], hold_s=5
        ),
        "upper-trap-stretch": ExerciseState(
            "upper-trap-stretch",
            EXERCISES["upper-trap-stretch"],
            Mode.GENTLER,
            Why.WORSE,
            reason="Your neck felt worse after 3 sessions with it.",
            since=datetime(2026, 11, 20, 17, 40, tzinfo=UTC),
            hold_s=15,
        ),
        "shoulder-blade-squeeze": ExerciseState(
            "shoulder-blade-squeeze", EXERCISES["shoulder-blade-squeeze"], hold_s=5
        ),
        "diaphragmatic-breathing": ExerciseState(
            "diaphragmatic-breathing", EXERCISES["diaphragmatic-breathing"], rounds=6
        ),
    }


def _streak(days: list[DayCount]) -> Streak:
    """Days with something done in a row; a day with nothing offered is passed over."""
    runs: list[int] = [0]
    for count in days:
        if count.offered == 0:
            continue
        if count.done:
            runs[-1] += 1
        elif count.day != FAKE_TODAY:  # today is not over yet
            runs.append(0)
    current, best = runs[-1], max(runs)
    if current == 0:
        return Streak(0, best, "Your streak starts with the next session")
    unit = "working day" if current == 1 else "working days"
    return Streak(current, best, f"{current} {unit} in a row")


class FakeProgress:
    """The progress of a made-up person (or of nobody yet, with ``empty``)."""

    def __init__(self, *, empty: bool = False, seed: int = 14) -> None:
        self.today = FAKE_TODAY
        made = _Made([], []) if empty else _generate(seed)
        self.rows = made.rows
        """Every session row, oldest first."""
        self.comfort = made.comfort
        self.calls: list[tuple[str, object]] = []
        """Each call as (method, argument): a test can see what the window asked."""

    # -- ProgressSource ---------------------------------------------------------------

    def exercises(self) -> tuple[ExerciseStats, ...]:
        self.calls.append(("exercises", None))
        return self._exercises()

    def progress(self, months: int = 6, *, exercises: bool = True) -> Progress:
        self.calls.append(("progress", months))
        start = (self.today.replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
        monday = self.today - timedelta(days=self.today.weekday())
        days = self._days(min(start, monday), monday + timedelta(days=6))
        streak = self._streak()
        pains = [r for r in self.rows if r.outcome is Outcome.STOPPED_PAIN]
        return Progress(
            today=self.today,
            week=tuple(d for d in days if monday <= d.day),
            calendar=tuple(d for d in days if start <= d.day <= self.today),
            streak=streak,
            comfort=tuple(self.comfort),
            pain_marks=tuple(
                PainMark(r.at, "isometric-neck-press-side", r.stopped_at) for r in pains
            ),
            exercises=self._exercises() if exercises else (),
            total_done=sum(1 for r in self.rows if r.outcome in DONE),
            first_day=self.rows[0].at.date() if self.rows else None,
        )

    def sessions(self, chosen: SessionFilter, limit: int = 500) -> list[SessionRow]:
        self.calls.append(("sessions", chosen))
        reach = {Period.WEEK: 7, Period.MONTH: 31, Period.YEAR: 365}.get(chosen.period)
        since = self.today - timedelta(days=reach - 1) if reach else date.min
        words = chosen.text.casefold().strip()
        found: list[SessionRow] = []
        for row in reversed(self.rows):
            if row.at.date() < since:
                break
            if chosen.outcomes and row.outcome not in chosen.outcomes:
                continue
            if chosen.routine_id is not None and row.routine_id != chosen.routine_id:
                continue
            if words and words not in " ".join((row.routine_name, *row.exercises)).casefold():
                continue
            found.append(row)
            if len(found) >= limit:
                break
        return found

    def today_text(self) -> str:
        self.calls.append(("today_text", None))
        today = [r for r in self.rows if r.at.date() == self.today and r.outcome in DONE]
        full = sum(1 for r in today if r.routine_id != "check-in")
        parts = [
            f"{full} session{'s' if full != 1 else ''} and {len(today) - full} check-ins today"
        ]
        streak = self._streak()
        if streak.current_days:
            parts.append(streak.text)
        return " · ".join(parts)

    # -- working it out ---------------------------------------------------------------

    def _days(self, first: date, last: date) -> list[DayCount]:
        by_day: dict[date, list[SessionRow]] = {}
        for row in self.rows:
            by_day.setdefault(row.at.date(), []).append(row)
        ratings = {point.day: point.score for point in self.comfort}
        days: list[DayCount] = []
        for offset in range((last - first).days + 1):
            day = first + timedelta(days=offset)
            rows = by_day.get(day, [])
            full = [r for r in rows if r.routine_id != "check-in"]
            checks = [r for r in rows if r.routine_id == "check-in"]
            days.append(
                DayCount(
                    day=day,
                    sessions_done=sum(1 for r in full if r.outcome in DONE),
                    sessions_offered=sum(1 for r in full if r.outcome in OFFERS),
                    check_ins_done=sum(1 for r in checks if r.outcome in DONE),
                    check_ins_offered=sum(1 for r in checks if r.outcome in OFFERS),
                    pain_stops=sum(1 for r in rows if r.outcome is Outcome.STOPPED_PAIN),
                    comfort=ratings.get(day),
                    paused=bool(self.rows) and not rows and day <= self.today,
                )
            )
        return days

    def _streak(self) -> Streak:
        if not self.rows:
            return Streak(0, 0, "Your streak starts with the next session")
        return _streak(self._days(self.rows[0].at.date(), self.today))

    def _exercises(self) -> tuple[ExerciseStats, ...]:
        if not self.rows:
            return ()
        ids = {name: eid for eid, name in EXERCISES.items()}
        done: Counter[str] = Counter()
        stops: Counter[str] = Counter()
        last: dict[str, datetime] = {}
        for row in self.rows:
            for name in row.exercises:
                done[ids[name]] += 1
                last[ids[name]] = row.at
            if row.stopped_at:
                stops[ids[row.stopped_at]] += 1
        states = _exercise_states()
        stats = [
            ExerciseStats(
                exercise_id=eid,
                name=name,
                done=done[eid],
                stops=stops[eid],
                pain_stops=stops[eid],
                last_done=last.get(eid),
                state=states.get(eid),
            )
            for eid, name in EXERCISES.items()
        ]
        return tuple(sorted(stats, key=lambda s: (-s.done, s.name)))
