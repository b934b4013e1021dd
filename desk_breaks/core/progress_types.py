"""What the progress view shows, as plain data: the week, the months, the streak, the trend.

:mod:`desk_breaks.core.progress` works these out from the history database with SQL
aggregates (five years of a heavy user must open fast); the progress window only draws
them. Every name a person sees is a routine's or an exercise's name, never an id.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from desk_breaks.core.coach_types import ExerciseState
from desk_breaks.core.engine_types import Outcome


@dataclass(frozen=True)
class DayCount:
    """One day's sessions: done out of offered, full sessions and check-ins apart.

    "Offered" counts each due session once, whatever became of it (done, partly done,
    stopped, skipped or missed); a snooze or a hold is not an offer of its own. "Done"
    counts completed and partly done sessions. ``paused`` is True when the day had
    nothing offered because Desk Breaks was paused or it was not a working day.
    """

    day: date
    sessions_done: int = 0
    sessions_offered: int = 0
    check_ins_done: int = 0
    check_ins_offered: int = 0
    pain_stops: int = 0
    comfort: int | None = None
    """The day's comfort rating (0-10), if one was given."""
    paused: bool = False

    @property
    def done(self) -> int:
        """Everything done that day."""
        return self.sessions_done + self.check_ins_done

    @property
    def offered(self) -> int:
        """Everything offered that day."""
        return self.sessions_offered + self.check_ins_offered


@dataclass(frozen=True)
class Streak:
    """Days in a row with something done, counted kindly.

    A day with nothing offered (a weekend, a day off, a paused day) neither breaks nor
    extends a streak; only a day that offered sessions and had none done breaks it.
    """

    current_days: int = 0
    best_days: int = 0
    text: str = ""
    """E.g. "5 working days in a row" or "Your streak starts with the next session"."""


@dataclass(frozen=True)
class ComfortPoint:
    """One day's comfort rating on the trend line."""

    day: date
    score: int
    note: str = ""


@dataclass(frozen=True)
class PainMark:
    """A stop for pain or dizziness, marked on the comfort trend."""

    at: datetime
    exercise_id: str | None
    exercise_name: str
    """The exercise's name ("" when the stop named none)."""


@dataclass(frozen=True)
class ExerciseStats:
    """One exercise over the whole history: how often done and stopped, and its dose now."""

    exercise_id: str
    name: str
    done: int = 0
    stops: int = 0
    pain_stops: int = 0
    last_done: datetime | None = None
    state: ExerciseState | None = None
    """The coach's state for it (dose, gentler, left out, and why)."""


class Period(enum.Enum):
    """How far back the session list reaches."""

    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    ALL = "all"


@dataclass(frozen=True)
class SessionFilter:
    """Which rows of the session list to show."""

    period: Period = Period.MONTH
    outcomes: frozenset[Outcome] = frozenset()
    """Only these outcomes (empty: all)."""
    routine_id: str | None = None
    text: str = ""
    """Words that must appear in the routine's or an exercise's name."""


@dataclass(frozen=True)
class SessionRow:
    """One line of the session list, in words."""

    session_id: int
    at: datetime
    routine_id: str
    routine_name: str
    outcome: Outcome
    outcome_words: str
    """E.g. "Completed", "Partly done (3 of 7)", "Stopped for pain or dizziness"."""
    exercises: tuple[str, ...] = ()
    """The names of the exercises done."""
    stopped_at: str = ""
    """The name of the exercise it stopped at, if any."""
    feeling: str = ""
    """How the neck felt after it ("better", "the same", "worse"), if rated."""


@dataclass(frozen=True)
class Progress:
    """Everything the progress view shows at once (the session list is asked separately)."""

    today: date
    week: tuple[DayCount, ...] = ()
    """Monday to Sunday of the current week."""
    calendar: tuple[DayCount, ...] = ()
    """Every day of the last months, oldest first, ending today."""
    streak: Streak = field(default_factory=Streak)
    comfort: tuple[ComfortPoint, ...] = ()
    """The comfort journal, one point per rated day, oldest first."""
    pain_marks: tuple[PainMark, ...] = ()
    exercises: tuple[ExerciseStats, ...] = ()
    total_done: int = 0
    first_day: date | None = None


class ExportFormat(enum.Enum):
    """The file formats of ``desk-breaks export``."""

    CSV = "csv"
    JSON = "json"


class ProgressSource(Protocol):
    """What the progress view and the finish screen ask of the history.

    The real one is :class:`desk_breaks.core.progress.ProgressBook`; widget tests pass a
    fake with made-up data.
    """

    def progress(self, months: int = 6, *, exercises: bool = True) -> Progress:
        """The week, the last ``months`` of days, the streak, the trend, each exercise.

        ``exercises=False`` leaves :attr:`Progress.exercises` empty: the window asks
        :meth:`exercises` when that tab is first shown, since each exercise's state is the
        coach's whole replay of the history (the slow part on years of data).
        """
        ...

    def exercises(self) -> tuple[ExerciseStats, ...]:
        """Every exercise: how often done and stopped, and the coach's state for it."""
        ...

    def sessions(self, chosen: SessionFilter, limit: int = 500) -> list[SessionRow]:
        """The newest sessions that ``chosen`` lets through, newest first."""
        ...

    def today_text(self) -> str:
        """One line for the finish screen, e.g. "3 sessions today · 5 working days in a row"."""
        ...
