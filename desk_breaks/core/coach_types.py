"""The coach's vocabulary: what it hears (events) and what it decides (states, notes, advice).

The coach (:mod:`desk_breaks.core.coach`) keeps no state of its own on disk: every
decision is a fold over these events in time order, read back from the history database
(:mod:`desk_breaks.core.coach_store`). So a decision can always be explained from what
happened, and a rule change applies to the whole past.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from desk_breaks.core.content import Routine
from desk_breaks.core.engine_types import Outcome
from desk_breaks.core.i18n import N_, tr

NO_SESSION_TO_RATE = N_("There is no session to rate yet.")
"""What ``rate`` answers when there is nothing to rate (a refusal, not a note)."""


class Feeling(enum.Enum):
    """How the neck feels right after a session, compared with before it."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"

    @property
    def words(self) -> str:
        """How a sentence says it: "better", "the same", "worse" (in the active language)."""
        if self is Feeling.SAME:
            return tr("the same", "feeling")
        return tr("better", "feeling") if self is Feeling.BETTER else tr("worse", "feeling")


def feeling_words(value: object) -> str:
    """The words for a stored feeling, or "" when there is none or it is not one we know."""
    try:
        return Feeling(value).words
    except ValueError:
        return ""


class Mode(enum.Enum):
    """What the coach does with one exercise now."""

    NORMAL = "normal"
    """At the routine's own dose."""
    PROGRESSED = "progressed"
    """Grown past the routine's dose after comfortable practice (holds or rounds only)."""
    GENTLER = "gentler"
    """Its gentler version (the exercise's ``[regression]``)."""
    LEFT_OUT = "left-out"
    """Not in any routine until the person brings it back."""


class Action(enum.Enum):
    """A choice the person made about one exercise."""

    LEAVE_OUT = "leave-out"
    USE_GENTLER = "use-gentler"
    BRING_BACK = "bring-back"
    """Back to its normal version (from gentler or left out); the dose it had grown to stays."""
    PREVIOUS_DOSE = "previous-dose"
    """One step back down after a progression; it grows again only after a calm week."""


class Why(enum.Enum):
    """What put an exercise in its mode: shown to the person, reported by ``status``."""

    NONE = "none"
    PRACTICE = "practice"
    """Comfortable practice on enough different days (progression)."""
    PAIN_STOP = "pain-stop"
    """A stop for pain or dizziness during it."""
    WORSE = "worse"
    """Feeling worse after sessions that contained it."""
    SAFETY_CHECK = "safety-check"
    """An answer in the safety check."""
    CHOICE = "choice"
    """The person chose it."""


# -- what the coach hears ------------------------------------------------------------------


@dataclass(frozen=True)
class SessionEvent:
    """A guided session that ran (completed, partial, or stopped), with its rating if any.

    ``session_id`` is the history row's id; ``feeling`` is the person's answer to "how does
    your neck feel now" (None when not answered).
    """

    session_id: int
    at: datetime
    routine_id: str
    outcome: Outcome
    exercises_done: tuple[str, ...] = ()
    exercise_stopped: str | None = None
    exercises_eased: tuple[str, ...] = ()
    feeling: Feeling | None = None


@dataclass(frozen=True)
class JournalEntry:
    """One daily comfort rating: 0 (very sore) to 10 (no discomfort), with a note."""

    at: datetime
    score: int
    note: str = ""


@dataclass(frozen=True)
class Choice:
    """The person's choice about one exercise."""

    at: datetime
    exercise_id: str
    action: Action


@dataclass(frozen=True)
class Screening:
    """The safety check, answered or skipped.

    ``answers`` maps each question id to yes (True) or no (False); None means skipped.
    """

    at: datetime
    answers: Mapping[str, bool] | None


@dataclass(frozen=True)
class AdviceShown:
    """The "see a professional" screen was shown (it is shown at most once a week)."""

    at: datetime
    reason: str


CoachEvent = SessionEvent | JournalEntry | Choice | Screening | AdviceShown
"""Anything the coach folds over."""


# -- what the coach decides ----------------------------------------------------------------


@dataclass(frozen=True)
class ExerciseState:
    """Where one exercise stands for this person.

    ``level`` counts the progression steps taken (0 = the routine's own dose); the dose
    in a given routine is :meth:`Coach.dose_in` of the coach. ``reason`` is one sentence
    for the person ("You stopped for pain or dizziness during it on Tue 1 Dec.");
    ``since`` is when the mode began.
    """

    exercise_id: str
    name: str
    mode: Mode = Mode.NORMAL
    why: Why = Why.NONE
    level: int = 0
    reason: str = ""
    since: datetime | None = None
    hold_s: int | None = None
    """The exercise's own hold at this level (hold exercises), as its file doses it."""
    rounds: int | None = None
    """The exercise's own rounds at this level (breathing exercises)."""
    previous_hold_s: int | None = None
    previous_rounds: int | None = None
    can_go_back: bool = False
    """True when :attr:`Action.PREVIOUS_DOSE` would lower the dose."""


class NoteKind(enum.Enum):
    """What a note at the start of a session is about."""

    PROGRESSED = "progressed"
    GENTLER = "gentler"
    LEFT_OUT = "left-out"
    FALLBACK = "fallback"
    """Every exercise of the routine was left out: a short safe routine runs instead."""


@dataclass(frozen=True)
class Note:
    """One sentence the session says before it begins, e.g. "Holds are 25 s now, up from 20 s".

    ``action`` is the one-click answer offered beside it (go back to the previous dose,
    bring an exercise back), or None.
    """

    kind: NoteKind
    exercise_id: str
    text: str
    action: Action | None = None
    action_label: str = ""


@dataclass(frozen=True)
class SessionPlan:
    """A routine as this person does it today: doses, gentler versions, omissions.

    ``routine`` is what the session runs; ``notes`` are said on its first screen, with
    ``needs_text`` ("You need a wall and a doorway.").
    """

    routine: Routine
    notes: tuple[Note, ...] = ()
    needs_text: str = ""


class AdviceReason(enum.Enum):
    """Why the coach suggests seeing a professional."""

    NOT_IMPROVING = "not-improving"
    """Daily comfort has not improved over three weeks."""
    GETTING_WORSE = "getting-worse"
    """Daily comfort is sliding."""
    PAIN_STOPS = "pain-stops"
    """Stops for pain or dizziness keep happening."""


@dataclass(frozen=True)
class Advice:
    """The calm "time to see a professional" screen, and why it is shown now."""

    reason: AdviceReason
    because: str
    """One sentence with the person's own figures, e.g. "Your comfort averaged 4 ..."."""


@dataclass(frozen=True)
class CoachView:
    """Everything the coach decided, at one moment."""

    states: Mapping[str, ExerciseState] = field(default_factory=dict)
    screening: Screening | None = None
    journal_today: JournalEntry | None = None
    advice: Advice | None = None
