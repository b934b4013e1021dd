"""The engine's state, the session on offer, and everything that leaves the engine.

:class:`Machine` is the small kernel the engine's parts share: the current :class:`State`
(moved only through the transition table), the offer with its snooze time, the queue of
events for the host, the history records, and the clock seen in absolute time (every moment
kept inside is in UTC; what leaves, shown or recorded, is in the local zone) with the
wall-against-monotonic check that notices a clock jump.

It is apart from :class:`~desk_breaks.core.engine.Engine` so that the policy (what to do
when something falls due, when the person leaves, when a command comes) reads as policy,
and the bookkeeping every rule needs is written once. The only rules it holds are the
offer's own: which occurrence may replace it, and when a held one is too old to offer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from desk_breaks.core.clock import Clock, as_utc
from desk_breaks.core.engine_types import (
    TRANSITIONS,
    ClockJumped,
    Event,
    Offer,
    OfferChanged,
    Outcome,
    Record,
    Recorder,
    SessionResult,
    State,
    StateChanged,
)
from desk_breaks.core.occurrences import CATCH_UP
from desk_breaks.core.schedule import Occurrence, SessionKind

JUMP_TOLERANCE_S = 30.0
"""Wall and monotonic time may drift this much between ticks before it counts as a jump."""


@dataclass(frozen=True)
class RunningSession:
    """The guided session under way: its routine, its slot, when it began (UTC), when due."""

    routine_id: str
    key: str
    started_at: datetime
    due_at: datetime | None


@dataclass
class _Stamp:
    wall: datetime
    mono: float


class Machine:
    """The state, the offer, the event queue and the records, on a clock kept in UTC."""

    def __init__(self, clock: Clock, recorder: Recorder, now: datetime) -> None:
        self.clock = clock
        self.recorder = recorder
        self._state = State.WAITING
        self.offer: Offer | None = None
        """The session on offer (prompted, snoozed or held)."""
        self.snoozed_until: datetime | None = None
        """When a snoozed offer comes back (UTC)."""
        self._stamp = _Stamp(now, clock.monotonic())
        self._pending: list[Event] = []

    @property
    def state(self) -> State:
        """The current state."""
        return self._state

    # -- time -------------------------------------------------------------------------------

    def now(self) -> datetime:
        """The clock's time, in UTC."""
        return as_utc(self.clock.now())

    def as_local(self, when: datetime) -> datetime:
        """``when`` in the local zone, for what leaves the engine (shown or recorded)."""
        return when.astimezone(self.clock.timezone())

    def local(self, when: datetime | None) -> datetime | None:
        """Like :meth:`as_local`, passing None through."""
        return None if when is None else self.as_local(when)

    def restamp(self, now: datetime) -> None:
        """Take ``now`` as the reference for the next clock-jump check."""
        self._stamp = _Stamp(now, self.clock.monotonic())

    def check_jump(self, now: datetime) -> None:
        """Queue :class:`ClockJumped` if wall time moved against monotonic time."""
        mono = self.clock.monotonic()
        wall_s = (now - self._stamp.wall).total_seconds()
        mono_s = mono - self._stamp.mono
        self._stamp = _Stamp(now, mono)
        drift = wall_s - mono_s
        if abs(drift) > JUMP_TOLERANCE_S:
            # A changed zone does not move the instant, so it never shows up here; the host
            # calls replan() for that. What we see is suspend/resume or a manual change.
            self.emit(ClockJumped(timedelta(seconds=drift)))

    # -- state and events ---------------------------------------------------------------------

    def transition(self, new: State) -> None:
        """Move to ``new``, which the transition table must allow, and queue the change."""
        old = self._state
        if new not in TRANSITIONS[old]:
            raise AssertionError(f"no transition from {old.value} to {new.value}")
        self._state = new
        self.emit(StateChanged(old, new))

    def emit(self, event: Event) -> None:
        """Queue ``event`` for the host."""
        self._pending.append(event)

    def changed(self) -> None:
        """Queue a change that keeps the state (a time, a reason or the plan moved)."""
        self.emit(StateChanged(self._state, self._state))

    def drain(self) -> list[Event]:
        """Return the queued events, oldest first, and forget them."""
        events, self._pending = self._pending, []
        return events

    # -- the offer ----------------------------------------------------------------------------

    def replaces(self, occurrence: Occurrence) -> bool:
        """Whether ``occurrence`` may take the place of the offer (if any)."""
        current = self.offer
        return current is None or not (
            current.occurrence.kind is SessionKind.FULL and occurrence.kind is SessionKind.CHECK_IN
        )

    def swap_offer(self, occurrence: Occurrence) -> None:
        """Offer ``occurrence``; the session it replaces is recorded as missed."""
        if self.offer is not None:
            self.record(self.offer.occurrence, Outcome.MISSED, self.now())
        self.offer = Offer(occurrence)
        self.snoozed_until = None

    def drop_stale_offer(self, now: datetime) -> None:
        """A held session too old to be worth offering is recorded as missed."""
        offer = self.offer
        if offer is None:
            return
        limit = CATCH_UP if offer.occurrence.kind is SessionKind.FULL else CATCH_UP / 4
        if now - offer.occurrence.due_at >= limit:
            self.record(offer.occurrence, Outcome.MISSED, now)
            self.clear_offer()

    def clear_offer(self) -> None:
        """Withdraw the offer (if any)."""
        had = self.offer is not None
        self.offer = None
        self.snoozed_until = None
        if had:
            self.emit(OfferChanged(None))

    def record(
        self,
        occurrence: Occurrence,
        outcome: Outcome,
        at: datetime,
        *,
        snooze_min: int | None = None,
    ) -> None:
        """Record what became of ``occurrence`` at ``at``."""
        self.recorder.record(
            Record(
                key=occurrence.key,
                routine_id=occurrence.routine_id,
                outcome=outcome,
                at=self.as_local(at),
                due_at=occurrence.due_at,
                snooze_min=snooze_min,
            )
        )

    def record_session(self, session: RunningSession, result: SessionResult, at: datetime) -> None:
        """Record how ``session`` ended at ``at``."""
        self.recorder.record(
            Record(
                key=session.key,
                routine_id=session.routine_id,
                outcome=result.outcome,
                at=self.as_local(at),
                due_at=session.due_at,
                started_at=self.as_local(session.started_at),
                exercises_done=result.exercises_done,
                exercise_stopped=result.exercise_stopped,
                exercises_eased=result.exercises_eased,
            )
        )
