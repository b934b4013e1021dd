"""Which scheduled sessions have come due: the plan, the checkpoint and what was handled.

:class:`OccurrenceBook` is the engine's memory of the calendar. It keeps the plan in force,
the checkpoint (the moment up to which every occurrence has been looked at), the occurrences
that came due in the last :data:`HANDLED_MEMORY` (so a clock set back never offers one
twice) and a cached next occurrence (the minute check asks often; the triggers need not be
asked again until the checkpoint passes it). :func:`pick_due` is the catch-up rule: of what
came due at once, which one is still worth offering.

It is apart from the engine because it is pure bookkeeping over absolute time: it knows
nothing of offers, states or the person, and every moment it takes or keeps is in UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from desk_breaks.core.clock import as_utc
from desk_breaks.core.schedule import Occurrence, Plan, SessionKind

CATCH_UP = timedelta(hours=2)
"""How long a missed full session stays worth offering."""

ON_TIME = timedelta(minutes=2)
"""How late a check-in may be noticed and still be offered."""

HANDLED_MEMORY = timedelta(days=1)
"""How long a handled occurrence is remembered: a clock set back by up to this never
offers it again."""

TICK = timedelta(microseconds=1)
"""The smallest step of time: ``moment - TICK`` is just before ``moment``."""


class OccurrenceBook:
    """The plan in force, the checkpoint and the occurrences that already came due."""

    def __init__(self, plan: Plan, checkpoint: datetime) -> None:
        self._plan = plan
        self._checkpoint = checkpoint
        self._handled: dict[tuple[str, datetime], None] = {}
        """Occurrences that came due, by (key, due moment in UTC), oldest first."""
        self._upcoming: Occurrence | None = None
        self._upcoming_valid = False

    @property
    def plan(self) -> Plan:
        """The schedule in force."""
        return self._plan

    @property
    def checkpoint(self) -> datetime:
        """Every occurrence due up to this moment (UTC) has been looked at."""
        return self._checkpoint

    def use(self, plan: Plan) -> None:
        """Follow ``plan`` from now on; what was handled stays handled."""
        self._plan = plan
        self._upcoming_valid = False

    def next_scheduled(self) -> Occurrence | None:
        """The next occurrence after the checkpoint that has not come due before."""
        # Cached: the minute check calls tick() often, and the triggers need not be asked
        # again until the checkpoint passes the cached occurrence.
        if not self._upcoming_valid:
            self._upcoming = self.next_unhandled(self._checkpoint)
            self._upcoming_valid = True
        return self._upcoming

    def next_due(self, paused_until: datetime | None) -> Occurrence | None:
        """The next occurrence to come due, counting from the end of a pause if one runs."""
        if paused_until is not None and paused_until > self._checkpoint:
            return self.next_unhandled(paused_until - TICK)
        return self.next_scheduled()

    def next_unhandled(self, after: datetime) -> Occurrence | None:
        """The plan's next occurrence after ``after`` that has not come due before."""
        occurrence = self._plan.next_after(after)
        # Ends: occurrences strictly increase and only finitely many are remembered.
        while occurrence is not None and self._was_handled(occurrence):
            occurrence = self._plan.next_after(occurrence.due_at)
        return occurrence

    def advance_to(self, when: datetime) -> list[Occurrence]:
        """Move the checkpoint forward to ``when`` (never back); return what came due."""
        return self.move_to(max(self._checkpoint, when))

    def move_to(self, when: datetime) -> list[Occurrence]:
        """Move the checkpoint to ``when``; return what came due on the way forward.

        Each occurrence passed is remembered as handled, whatever the caller does with it
        (offer, hold or drop), so it never comes due twice. Moving back (the clock was set
        back) returns nothing and forgets nothing.
        """
        if when <= self._checkpoint:
            if when < self._checkpoint:
                self._checkpoint = when
                self._upcoming_valid = False
            return []
        passed: list[Occurrence] = []
        upcoming = self.next_scheduled()
        if upcoming is not None and as_utc(upcoming.due_at) <= when:
            # Older ones could neither be offered (CATCH_UP) nor be remembered.
            since = max(self._checkpoint, when - HANDLED_MEMORY)
            passed = [o for o in self._plan.between(since, when) if not self._was_handled(o)]
            for occurrence in passed:
                self._handled[(occurrence.key, as_utc(occurrence.due_at))] = None
            self._forget_before(when - HANDLED_MEMORY)
            self._upcoming_valid = False
        self._checkpoint = when
        return passed

    def _was_handled(self, occurrence: Occurrence) -> bool:
        return (occurrence.key, as_utc(occurrence.due_at)) in self._handled

    def _forget_before(self, cutoff: datetime) -> None:
        for handled in [h for h in self._handled if h[1] < cutoff]:
            del self._handled[handled]


def pick_due(due: Sequence[Occurrence], now: datetime) -> Occurrence | None:
    """Of the occurrences that came due, the one still worth offering at ``now``, or None.

    A full session stays worth it for :data:`CATCH_UP`, a check-in for :data:`ON_TIME`.
    """
    eligible = [
        occurrence
        for occurrence in due
        if now - occurrence.due_at < (CATCH_UP if occurrence.kind is SessionKind.FULL else ON_TIME)
    ]
    # The most recent wins; at the same moment a full session beats a check-in.
    return max(eligible, key=lambda o: (as_utc(o.due_at), o.kind is SessionKind.FULL), default=None)
