"""The break coach's engine: one state enum, every transition in one place.

The engine owns no timer. Whoever hosts it (the Qt app, a test, a simulation) asks
:meth:`Engine.next_wakeup` when to call :meth:`Engine.tick` next, and calls it then, plus
once a minute so that a wall-clock jump (suspend, a manual change) is noticed. Commands
(``snooze``, ``skip``, ``start``, ``pause``, ...) come from the UI or the command line.
The engine queues what happened as small event objects, never calling out while it
changes; the host takes them with :meth:`Engine.drain_events` once the call has returned
(so nothing can re-enter the engine mid-change). Every outcome is recorded through the
injected :class:`Recorder`.

Policy, in one place:

* One offer at a time. A session that falls due while another is on offer replaces it
  only if it is at least as important (a full session replaces a check-in, a newer
  check-in replaces an older one); the replaced one is recorded as missed.
* Catch-up: after a gap (sleep, the app closed, the clock moved), at most one prompt: the
  most recent full session that fell due less than :data:`CATCH_UP` ago. Check-ins that
  were missed are dropped. Never a burst.
* Snooze moves only the offered session; after ``snooze_cap`` snoozes, only Start and Skip
  remain.
* Pause drops everything that falls due while paused and resumes by itself.
* Natural breaks: while the person is away (no input for ``idle_threshold_min``), nothing
  is prompted; check-ins that fall due are dropped, a full session is held. On return the
  break is recorded, check-ins count afresh from that moment, and a held full session (if
  still within :data:`CATCH_UP`) is offered once.
* Deferral: a session that falls due while the person is busy (a full-screen window, Do
  Not Disturb: the injected ``busy`` query says why) or in meeting mode is held, recorded
  as deferred, and offered once when that ends (meeting mode: a minute after it ends).
* Clock changes: every moment is compared in absolute (UTC) time, so a daylight saving
  change is not a clock jump and a snooze or pause lasts the minutes it says. Each
  occurrence that came due (offered, held, dropped by a pause or a session) is remembered
  by slot and due moment for :data:`HANDLED_MEMORY`: when the wall clock is set back, what
  was already handled is not offered again, and the "next session" skips it.

Where each part lives: this module drives (``begin``, ``tick``) and takes the commands;
:mod:`~desk_breaks.core.occurrences` keeps the calendar (what came due, the catch-up pick,
the memory of handled occurrences); :mod:`~desk_breaks.core.interruptions` holds the
pause, natural breaks and deferrals; :mod:`~desk_breaks.core.machine` keeps the state, the
offer, the events and the records; :mod:`~desk_breaks.core.engine_types` names them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from desk_breaks.core.clock import Clock, as_utc
from desk_breaks.core.engine_types import (
    NATURAL_BREAK_KEY,
    ClockJumped,
    CommandRefused,
    Event,
    Offer,
    OfferChanged,
    Outcome,
    Record,
    Recorder,
    SessionRequested,
    SessionResult,
    State,
    StateChanged,
)
from desk_breaks.core.i18n import tr, trn
from desk_breaks.core.interruptions import AFTER_MEETING, Interruptions
from desk_breaks.core.machine import JUMP_TOLERANCE_S, Machine, RunningSession
from desk_breaks.core.occurrences import (
    CATCH_UP,
    HANDLED_MEMORY,
    ON_TIME,
    OccurrenceBook,
    pick_due,
)
from desk_breaks.core.schedule import Occurrence, Plan, SessionKind, wall_time_due
from desk_breaks.core.settings import Settings

# The vocabulary lives in engine_types and the constants beside the rules they tune;
# callers keep importing them from here.
__all__ = [
    "AFTER_MEETING",
    "CATCH_UP",
    "HANDLED_MEMORY",
    "JUMP_TOLERANCE_S",
    "NATURAL_BREAK_KEY",
    "ON_TIME",
    "ClockJumped",
    "CommandRefused",
    "Engine",
    "Event",
    "Offer",
    "OfferChanged",
    "Outcome",
    "Record",
    "Recorder",
    "SessionRequested",
    "SessionResult",
    "State",
    "StateChanged",
    "next_work_start",
]


@dataclass
class Engine:
    """The coach's state machine. Create it, then call :meth:`begin`."""

    settings: Settings
    clock: Clock
    recorder: Recorder
    busy: Callable[[], str | None] | None = None
    """Asked right before a prompt: why the person should not be interrupted now, or None."""

    def __post_init__(self) -> None:
        self._check_ins_restart: datetime | None = None
        self._session: RunningSession | None = None
        # Every moment the engine keeps is in UTC (see the module's "Clock changes").
        now = as_utc(self.clock.now())
        self._machine = Machine(self.clock, self.recorder, now)
        self._book = OccurrenceBook(Plan.from_settings(self.settings, self.clock.timezone()), now)
        self._holds = Interruptions(self._machine, self._book, self._busy_reason)

    # -- reading --------------------------------------------------------------------------

    @property
    def state(self) -> State:
        """The current state."""
        return self._machine.state

    @property
    def offer(self) -> Offer | None:
        """The session on offer (while prompting or snoozed)."""
        return self._machine.offer

    @property
    def snoozed_until(self) -> datetime | None:
        """When a snoozed offer comes back."""
        machine = self._machine
        return machine.local(machine.snoozed_until) if machine.state is State.SNOOZED else None

    @property
    def paused_until(self) -> datetime | None:
        """When a pause ends by itself."""
        return self._machine.local(self._holds.paused_until)

    @property
    def away_since(self) -> datetime | None:
        """When the person's current natural break began."""
        away = self._holds.away_since
        return self._machine.local(away) if self._machine.state is State.AWAY else None

    @property
    def meeting_until(self) -> datetime | None:
        """When meeting mode ends."""
        return self._machine.local(self._holds.meeting_until)

    @property
    def defer_reason(self) -> str | None:
        """Why the offered session is held back (while deferred)."""
        return self._holds.defer_reason if self._machine.state is State.DEFERRED else None

    @property
    def plan(self) -> Plan:
        """The schedule in force."""
        return self._book.plan

    def can_snooze(self) -> bool:
        """Whether the offered session may still be snoozed."""
        offer = self._machine.offer
        return (
            offer is not None
            and self._machine.state in (State.PROMPTING, State.SNOOZED)
            and offer.snoozes < self.settings.prompts.snooze_cap
        )

    def next_due(self) -> Occurrence | None:
        """The next scheduled session that has not fallen due yet."""
        return self._book.next_due(self._holds.paused_until)

    def next_wakeup(self) -> datetime | None:
        """When :meth:`tick` should next be called."""
        machine, holds = self._machine, self._holds
        if machine.state is State.PAUSED:
            return machine.local(holds.paused_until)
        candidates: list[datetime] = []
        if machine.state is State.SNOOZED and machine.snoozed_until is not None:
            candidates.append(machine.snoozed_until)
        if machine.state is State.DEFERRED and holds.deferred_until is not None:
            candidates.append(holds.deferred_until)
        upcoming = self._book.next_scheduled()
        if upcoming is not None:
            candidates.append(as_utc(upcoming.due_at))
        return machine.local(min(candidates, default=None))

    def heads_up_at(self, lead_s: int) -> datetime | None:
        """When to tell of the next full session, ``lead_s`` seconds before it; or None.

        Only while waiting: a session on offer, a pause, a deferral or a natural break has
        its own way of being told. Check-ins come without notice (they take 30 seconds).
        The host arms this like any wake-up and gives the notice when it passes.
        """
        upcoming = self.next_due()
        if (
            lead_s <= 0
            or self._machine.state is not State.WAITING
            or upcoming is None
            or upcoming.kind is not SessionKind.FULL
        ):
            return None
        return self._machine.as_local(as_utc(upcoming.due_at) - timedelta(seconds=lead_s))

    def drain_events(self) -> list[Event]:
        """Return the events queued since the last drain, oldest first, and forget them.

        Events are queued, not sent, so that whoever reacts to one (a widget, a test) runs
        after the call that caused it has finished and may call the engine again.
        """
        return self._machine.drain()

    # -- driving ----------------------------------------------------------------------------

    def begin(self, last_activity: datetime | None) -> None:
        """Start the day's schedule.

        ``last_activity`` is when this user's history last recorded anything. Sessions that
        fell due since then (at most :data:`CATCH_UP` ago) count as missed while the app was
        closed: the next :meth:`tick` offers the most recent full one. A first run, with no
        history, starts afresh.
        """
        now = self._machine.now()
        if last_activity is None:
            self._book.move_to(now)
        else:
            self._book.move_to(min(now, max(as_utc(last_activity), now - CATCH_UP)))
        self._machine.restamp(now)
        self.tick()

    def tick(self) -> None:
        """Bring the state up to the clock's time: end pauses and snoozes, offer what is due."""
        machine = self._machine
        now = machine.now()
        machine.check_jump(now)
        if now < self._book.checkpoint:
            # The clock went back. What came due before is remembered as handled, so going
            # over the same stretch again does not offer it twice.
            self._book.move_to(now)
        if self._holds.run_out(now):
            return
        due = self._book.move_to(now)
        candidate = None if machine.state is State.IN_SESSION else pick_due(due, now)
        if machine.state in (State.AWAY, State.DEFERRED):
            self._holds.hold(candidate, now)
            return
        back_at = machine.snoozed_until
        if machine.state is State.SNOOZED and back_at and now >= back_at:
            # The snoozed session comes back, unless something at least as important fell
            # due at the same time; either way, one prompt.
            machine.snoozed_until = None
            if candidate is not None and machine.replaces(candidate):
                machine.swap_offer(candidate)
            self._holds.present()
        elif candidate is not None and machine.replaces(candidate):
            machine.swap_offer(candidate)
            self._holds.present()

    def apply_settings(self, settings: Settings) -> None:
        """Use new settings from now on (the schedule is recomputed)."""
        self.settings = settings
        self.replan()

    def replan(self) -> None:
        """Rebuild the schedule, e.g. after the time zone changed."""
        self._book.use(
            Plan.from_settings(
                self.settings, self.clock.timezone(), check_ins_restart=self._check_ins_restart
            )
        )
        self._machine.changed()

    # -- presence and interruptions (the rules live in Interruptions) --------------------------

    def user_away(self, since: datetime) -> None:
        """The person left (no input since ``since``): prompt nothing until they are back.

        A check-in on offer is dropped (recorded as missed: the break covers it); a full
        session on offer is held for their return. Ignored during a session, a pause, a
        deferral (a full-screen video also means no input) or when already away.
        """
        self._holds.user_away(since)

    def user_back(self, at: datetime) -> None:
        """The person is back: record the natural break, restart check-ins, offer what waits."""
        at = as_utc(at)
        if self._holds.came_back(at, self.settings.idle_threshold_min):
            self._check_ins_restart = at
            self.replan()
            self._holds.offer_after_break(at)

    def meeting_for(self, minutes: int) -> datetime:
        """Hold every session for ``minutes``; offer one a minute after; return the end."""
        return self._machine.as_local(self._holds.meeting_for(minutes))

    def meeting_off(self) -> None:
        """End meeting mode now; what was held is offered a minute later."""
        self._holds.meeting_off()

    def busy_ended(self) -> None:
        """What kept the person busy (full screen, Do Not Disturb) is over: offer what waits."""
        self._holds.busy_ended()

    def pause(self, until: datetime) -> None:
        """Offer nothing until ``until``; an offered session is skipped."""
        self._holds.pause(until)

    def pause_for(self, minutes: int) -> datetime:
        """Pause for ``minutes``; return when it ends."""
        return self._machine.as_local(self._holds.pause_for(minutes))

    def pause_until_tomorrow(self) -> datetime:
        """Pause until working hours start on the next working day; return when."""
        until = next_work_start(self.clock.now(), self.settings)
        self.pause(until)
        return until

    def resume(self) -> None:
        """End a pause now; what fell due during it is not offered."""
        self._holds.resume()

    def _busy_reason(self) -> str | None:
        return self.busy() if self.busy is not None else None

    # -- the offer and the session -------------------------------------------------------------

    def snooze(self, minutes: int) -> datetime:
        """Put the offered session off by ``minutes``; return when it comes back."""
        machine = self._machine
        offer = machine.offer
        if offer is None or machine.state not in (State.PROMPTING, State.SNOOZED):
            raise CommandRefused(tr("Nothing is due, so there is nothing to snooze."))
        if not self.can_snooze():
            raise CommandRefused(
                trn(
                    "This session was already snoozed {n} time; start it or skip it.",
                    "This session was already snoozed {n} times; start it or skip it.",
                    offer.snoozes,
                )
            )
        if not 1 <= minutes <= 60:
            raise CommandRefused(tr("Snooze takes 1 to 60 minutes."))
        now = machine.now()
        machine.offer = replace(offer, snoozes=offer.snoozes + 1)
        machine.snoozed_until = now + timedelta(minutes=minutes)
        machine.record(offer.occurrence, Outcome.SNOOZED, now, snooze_min=minutes)
        machine.transition(State.SNOOZED)
        machine.emit(OfferChanged(machine.offer))
        return machine.as_local(machine.snoozed_until)

    def skip(self) -> None:
        """Let the offered session go."""
        machine = self._machine
        if machine.offer is None:
            raise CommandRefused(tr("Nothing is due, so there is nothing to skip."))
        machine.record(machine.offer.occurrence, Outcome.SKIPPED, machine.now())
        machine.clear_offer()
        self._holds.skipped()

    def start(self, routine_id: str | None = None) -> str:
        """Start a session now: the offered one, or ``routine_id``; return the routine id."""
        machine = self._machine
        if machine.state is State.IN_SESSION:
            raise CommandRefused(tr("A session is already running."))
        offer = machine.offer
        if routine_id is None:
            if offer is None:
                raise CommandRefused(tr("Nothing is due; name a routine to start one now."))
            routine_id = offer.routine_id
        key = offer.occurrence.key if offer is not None else "manual"
        due_at = offer.occurrence.due_at if offer is not None else None
        machine.clear_offer()
        self._holds.session_starting()
        self._session = RunningSession(routine_id, key, machine.now(), due_at)
        machine.transition(State.IN_SESSION)
        machine.emit(SessionRequested(routine_id, key))
        return routine_id

    def finish_session(self, result: SessionResult) -> None:
        """Record how the running session ended and go back to waiting (or paused)."""
        machine = self._machine
        session = self._session
        if session is None or machine.state is not State.IN_SESSION:
            raise CommandRefused(tr("No session is running."))
        now = machine.now()
        machine.record_session(session, result, now)
        self._session = None
        # What fell due during the session is not offered afterwards.
        self._book.advance_to(now)
        self._holds.session_ended(now)


def next_work_start(now: datetime, settings: Settings) -> datetime:
    """Return when working hours start on the first working day after ``now``'s date.

    A start in an hour the clocks skip is the moment they jump, as for the schedule.
    """
    start: time = settings.check_ins.start
    days = settings.working_days()
    day = now.date()
    for _ in range(8):
        day += timedelta(days=1)
        if day.weekday() in days:
            break
    naive = datetime.combine(day, start)
    if now.tzinfo is None:
        return naive
    return wall_time_due(naive, now.tzinfo).astimezone(now.tzinfo)
