"""What holds prompts back: a pause, the person away, a busy screen, meeting mode.

:class:`Interruptions` owns the times and reasons that say "not now" (paused until, away
since, meeting until, deferred until and why) and the rules around them from the engine's
policy: "Pause", "Natural breaks" and "Deferral". It also owns the step every one of them
ends with, presenting the offer: a prompt, unless the injected ``busy`` query says the
person should not be interrupted, in which case the offer is held.

It is apart from :class:`~desk_breaks.core.engine.Engine` because these rules change
together and apart from the schedule and the commands: the engine asks it what to do with
what fell due, and tells it when a session starts and ends. Every moment kept is in UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from desk_breaks.core.clock import as_utc
from desk_breaks.core.engine_types import (
    NATURAL_BREAK_KEY,
    CommandRefused,
    OfferChanged,
    Outcome,
    Record,
    State,
)
from desk_breaks.core.i18n import N_, tr
from desk_breaks.core.machine import Machine
from desk_breaks.core.occurrences import TICK, OccurrenceBook
from desk_breaks.core.schedule import Occurrence, SessionKind

AFTER_MEETING = timedelta(minutes=1)
"""How long after meeting mode ends the held session is offered."""


class Interruptions:
    """The pause, natural breaks and deferrals (busy or meeting mode) of one engine."""

    def __init__(
        self, machine: Machine, book: OccurrenceBook, busy: Callable[[], str | None]
    ) -> None:
        self._machine = machine
        self._book = book
        self._busy = busy
        self.paused_until: datetime | None = None
        """When a pause ends by itself."""
        self.away_since: datetime | None = None
        """When the person's current natural break began."""
        self.meeting_until: datetime | None = None
        """When meeting mode ends."""
        self.deferred_until: datetime | None = None
        """When a deferral ends by itself (meeting mode); None while busy decides."""
        self.defer_reason: str | None = None
        """Why the offered session is held back."""

    # -- presenting and holding -------------------------------------------------------------

    def present(self) -> None:
        """Prompt for the offer, unless the person is busy: then hold it until that ends."""
        reason = self._busy()
        if reason is not None:
            self.defer(reason, until=None)
            return
        self.defer_reason = None
        self._machine.transition(State.PROMPTING)
        self._machine.emit(OfferChanged(self._machine.offer))

    def defer(self, reason: str, *, until: datetime | None) -> None:
        """Hold the offer (if any) while ``reason`` lasts, or until ``until``."""
        machine = self._machine
        self.defer_reason = reason
        self.deferred_until = until
        machine.snoozed_until = None
        self.away_since = None
        if machine.offer is not None and machine.state is not State.DEFERRED:
            machine.record(machine.offer.occurrence, Outcome.DEFERRED, machine.now())
        machine.transition(State.DEFERRED)
        machine.emit(OfferChanged(machine.offer))

    def hold(self, candidate: Occurrence | None, now: datetime) -> None:
        """While away or deferred: keep what falls due for later instead of prompting."""
        machine = self._machine
        ending = self.deferred_until
        if machine.state is State.DEFERRED and ending is not None and now >= ending:
            if candidate is not None and machine.replaces(candidate):
                machine.swap_offer(candidate)
            self._end_deferral(now)
            return
        if candidate is None or not machine.replaces(candidate):
            return
        if machine.state is State.AWAY and candidate.kind is SessionKind.CHECK_IN:
            return  # the natural break is the check-in
        machine.swap_offer(candidate)
        if machine.state is State.DEFERRED:
            machine.record(candidate, Outcome.DEFERRED, now)
        machine.emit(OfferChanged(machine.offer))

    def _end_deferral(self, now: datetime) -> None:
        self.deferred_until = None
        self.defer_reason = None
        self._offer_held(now)

    def _offer_held(self, now: datetime) -> None:
        self._machine.drop_stale_offer(now)
        if self._machine.offer is not None:
            self.present()
        else:
            self._machine.transition(State.WAITING)

    # -- the person ----------------------------------------------------------------------------

    def user_away(self, since: datetime) -> None:
        """The person left (no input since ``since``): hold everything until they are back."""
        machine = self._machine
        if machine.state not in (State.WAITING, State.PROMPTING, State.SNOOZED):
            return
        offer = machine.offer
        if offer is not None and offer.occurrence.kind is SessionKind.CHECK_IN:
            machine.record(offer.occurrence, Outcome.MISSED, machine.now())
            machine.offer = None
        machine.snoozed_until = None
        self.away_since = as_utc(since)
        machine.transition(State.AWAY)
        machine.emit(OfferChanged(machine.offer))

    def came_back(self, at: datetime, idle_threshold_min: int) -> bool:
        """End the natural break at ``at`` (UTC) and record it; False if nobody was away.

        The caller restarts the check-ins, then calls :meth:`offer_after_break`.
        """
        since = self.away_since
        if self._machine.state is not State.AWAY or since is None:
            return False
        self.away_since = None
        if at - since >= timedelta(minutes=idle_threshold_min):
            self._machine.recorder.record(
                Record(
                    key=NATURAL_BREAK_KEY,
                    routine_id="",
                    outcome=Outcome.NATURAL_BREAK,
                    at=self._machine.as_local(at),
                    started_at=self._machine.as_local(since),
                )
            )
        return True

    def offer_after_break(self, at: datetime) -> None:
        """Offer the session held over the break, if still worth it; else wait."""
        self._book.advance_to(at)
        self._offer_held(at)

    # -- meeting mode and busy -------------------------------------------------------------------

    def meeting_for(self, minutes: int) -> datetime:
        """Hold every session for ``minutes``; return the end (UTC)."""
        if not 1 <= minutes <= 8 * 60:
            raise CommandRefused(tr("Meeting mode takes 1 to 480 minutes, or 'off'."))
        if self._machine.state is State.IN_SESSION:
            raise CommandRefused(tr("A session is running; meeting mode can start after it."))
        if self._machine.state is State.PAUSED:
            raise CommandRefused(tr("Desk Breaks is paused; nothing will interrupt the meeting."))
        self.meeting_until = self._machine.now() + timedelta(minutes=minutes)
        self.defer(N_("meeting mode", "busy reason"), until=self.meeting_until + AFTER_MEETING)
        return self.meeting_until

    def meeting_off(self) -> None:
        """End meeting mode now; what was held is offered a minute later."""
        if self.meeting_until is None:
            raise CommandRefused(tr("Meeting mode is not on."))
        self.meeting_until = None
        if self._machine.state is State.DEFERRED:
            self.deferred_until = self._machine.now() + AFTER_MEETING
            self._machine.changed()

    def busy_ended(self) -> None:
        """What kept the person busy is over: offer what waits."""
        if self._machine.state is not State.DEFERRED or self.deferred_until is not None:
            return  # not deferred, or deferred by meeting mode, which ends by itself
        self._end_deferral(self._machine.now())

    # -- pause ------------------------------------------------------------------------------------

    def pause(self, until: datetime) -> None:
        """Offer nothing until ``until``; an offered session is skipped."""
        machine = self._machine
        now = machine.now()
        until = as_utc(until)
        if until <= now:
            raise CommandRefused(tr("A pause must end in the future."))
        self.paused_until = until
        if machine.state is State.IN_SESSION:
            machine.changed()
            return
        if machine.offer is not None:
            machine.record(machine.offer.occurrence, Outcome.SKIPPED, now)
            machine.clear_offer()
        self.away_since = None
        self.meeting_until = None
        self.deferred_until = None
        self.defer_reason = None
        machine.transition(State.PAUSED)

    def pause_for(self, minutes: int) -> datetime:
        """Pause for ``minutes``; return when it ends (UTC)."""
        if not 1 <= minutes <= 24 * 60:
            raise CommandRefused(tr("Pause takes 1 to 1440 minutes, or 'tomorrow'."))
        until = self._machine.now() + timedelta(minutes=minutes)
        self.pause(until)
        return until

    def resume(self) -> None:
        """End a pause now; what fell due during it is not offered."""
        if self.paused_until is None:
            raise CommandRefused(tr("Desk Breaks is not paused."))
        self.paused_until = None
        self._book.move_to(self._machine.now())
        if self._machine.state is State.PAUSED:
            self._machine.transition(State.WAITING)
        else:
            self._machine.changed()

    def run_out(self, now: datetime) -> bool:
        """End the pause and meeting mode whose time is up; True while a pause holds all."""
        if self._machine.state is State.PAUSED:
            assert self.paused_until is not None
            if now < self.paused_until:
                self._book.move_to(now)
                return True
            # Just before the end, so a session due at that very moment is offered.
            self._book.move_to(self.paused_until - TICK)
            self.paused_until = None
            self._machine.transition(State.WAITING)
        elif self.paused_until is not None and now >= self.paused_until:
            self.paused_until = None  # a pause that ran out during a session
        if self.meeting_until is not None and now >= self.meeting_until:
            self.meeting_until = None
        return False

    # -- around a session and a skip ---------------------------------------------------------------

    def session_starting(self) -> None:
        """A session starts: the break is over; a deferral ends unless meeting mode is on."""
        self.away_since = None
        if self.meeting_until is None:
            self.deferred_until = None
            self.defer_reason = None

    def session_ended(self, now: datetime) -> None:
        """The session ended: back to the pause or meeting mode still on, or to waiting."""
        if self.paused_until is not None and now < self.paused_until:
            self._machine.transition(State.PAUSED)
        elif self.meeting_until is not None and now < self.meeting_until:
            self.paused_until = None
            self.defer(N_("meeting mode", "busy reason"), until=self.meeting_until + AFTER_MEETING)
        else:
            self.paused_until = None
            self.meeting_until = None
            self.deferred_until = None
            self.defer_reason = None
            self._machine.transition(State.WAITING)

    def skipped(self) -> None:
        """The offer was let go: wait for the next one, unless meeting mode goes on."""
        if self._machine.state is State.DEFERRED and self.deferred_until is not None:
            return  # meeting mode goes on
        self.defer_reason = None
        self.away_since = None
        self._machine.transition(State.WAITING)
