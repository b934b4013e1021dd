"""The engine's vocabulary: its states, the outcomes it records, the events it queues.

These are the names the rest of the app speaks with the engine (the tray shows a
:class:`State`, the history stores :class:`Record` rows, the host delivers :data:`Event`
objects). They live apart from the engine's machinery so that reading them needs no policy,
and :mod:`desk_breaks.core.engine` re-exports them so callers import from one place.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from desk_breaks.core.schedule import Occurrence


class State(enum.Enum):
    """Where the coach is in its day."""

    WAITING = "waiting"
    PROMPTING = "prompting"
    SNOOZED = "snoozed"
    PAUSED = "paused"
    IN_SESSION = "in session"
    AWAY = "away"
    DEFERRED = "deferred"


TRANSITIONS: dict[State, frozenset[State]] = {
    State.WAITING: frozenset(
        {State.PROMPTING, State.IN_SESSION, State.PAUSED, State.AWAY, State.DEFERRED}
    ),
    State.PROMPTING: frozenset(
        {
            State.PROMPTING,
            State.SNOOZED,
            State.WAITING,
            State.IN_SESSION,
            State.PAUSED,
            State.AWAY,
            State.DEFERRED,
        }
    ),
    State.SNOOZED: frozenset(
        {State.PROMPTING, State.WAITING, State.IN_SESSION, State.PAUSED, State.AWAY, State.DEFERRED}
    ),
    State.PAUSED: frozenset({State.WAITING, State.IN_SESSION, State.PAUSED}),
    State.IN_SESSION: frozenset({State.WAITING, State.PAUSED, State.DEFERRED}),
    State.AWAY: frozenset(
        {State.WAITING, State.PROMPTING, State.DEFERRED, State.IN_SESSION, State.PAUSED}
    ),
    State.DEFERRED: frozenset(
        {State.PROMPTING, State.WAITING, State.IN_SESSION, State.PAUSED, State.DEFERRED}
    ),
}
"""Every state the engine may move to from each state; any other move is a bug."""


class Outcome(enum.Enum):
    """What became of a session, as the history records it."""

    COMPLETED = "completed"
    PARTIAL = "partial"
    SKIPPED = "skipped"
    SNOOZED = "snoozed"
    STOPPED = "stopped"
    STOPPED_PAIN = "stopped-pain"
    MISSED = "missed"
    DEFERRED = "deferred"
    NATURAL_BREAK = "natural-break"


GUIDED = (Outcome.COMPLETED, Outcome.PARTIAL, Outcome.STOPPED, Outcome.STOPPED_PAIN)
"""The outcomes of a guided session that ran: its exercises were done, some or all."""


NATURAL_BREAK_KEY = "natural-break"
"""The history key of a natural break (it belongs to no slot and runs no routine)."""


@dataclass(frozen=True)
class Offer:
    """The session on offer: prompted now, or snoozed until later."""

    occurrence: Occurrence
    snoozes: int = 0

    @property
    def routine_id(self) -> str:
        """The routine the offered session runs."""
        return self.occurrence.routine_id


@dataclass(frozen=True)
class Record:
    """One line of history."""

    key: str
    routine_id: str
    outcome: Outcome
    at: datetime
    due_at: datetime | None = None
    started_at: datetime | None = None
    snooze_min: int | None = None
    exercises_done: tuple[str, ...] = ()
    exercise_stopped: str | None = None
    exercises_eased: tuple[str, ...] = ()


@dataclass(frozen=True)
class SessionResult:
    """How a guided session ended, reported by whoever ran it."""

    outcome: Outcome
    exercises_done: tuple[str, ...] = ()
    exercise_stopped: str | None = None
    exercises_eased: tuple[str, ...] = ()
    """Exercises switched to their gentler version during the session ("Make it easier")."""


class Recorder(Protocol):
    """Where outcomes go (the SQLite history in the app, a list in tests)."""

    def record(self, record: Record) -> None:
        """Store one record."""
        ...


# Events ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StateChanged:
    """The engine moved from one state to another."""

    old: State
    new: State


@dataclass(frozen=True)
class OfferChanged:
    """The offered session appeared, changed (snooze count, replaced) or went away."""

    offer: Offer | None


@dataclass(frozen=True)
class SessionRequested:
    """The UI should open the guided session for this routine."""

    routine_id: str
    key: str


@dataclass(frozen=True)
class ClockJumped:
    """Wall-clock time moved against monotonic time (suspend, or a manual change)."""

    by: timedelta


Event = StateChanged | OfferChanged | SessionRequested | ClockJumped


class CommandRefused(Exception):
    """A command that makes no sense now; the message says why, for the user."""
