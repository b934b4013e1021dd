"""What the windows and the command service may ask of the coach.

:class:`CoachPort` is the coach as its callers see it: the real one is
:class:`desk_breaks.core.coach.Coach`; widget tests pass a small fake
(``tests/helpers/fake_coach.py: FakeCoach``). Every method answers from the history at once
and never raises; the ones that record something return one sentence to show or say.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from desk_breaks.core.coach_types import (
    Action,
    Advice,
    CoachView,
    Feeling,
    SessionPlan,
)
from desk_breaks.core.content import Routine, Safety


class CoachPort(Protocol):
    """The coach: plans each session, hears how it went, and says when to get help."""

    @property
    def safety(self) -> Safety:
        """The safety guidance, with the safety check's questions."""
        ...

    def view(self) -> CoachView:
        """Every exercise's state, the safety check, today's journal entry, advice due."""
        ...

    def plan(self, routine: Routine) -> SessionPlan:
        """The routine as this person does it today, with the notes its first screen says."""
        ...

    def rate(self, feeling: Feeling, session_id: int | None = None) -> str:
        """Record how the neck feels after a session (the last one when ``session_id`` is None)."""
        ...

    def journal(self, score: int, note: str = "") -> str:
        """Record today's 0-10 comfort rating (a second one today replaces the first)."""
        ...

    def journal_due(self) -> bool:
        """True when the daily rating is on in the settings and none was given today."""
        ...

    def choose(self, exercise_id: str, action: Action) -> str:
        """Carry out the person's choice about one exercise; return what changed."""
        ...

    def needs_welcome(self) -> bool:
        """True until the safety check has been answered or skipped once."""
        ...

    def answer_screening(self, answers: Mapping[str, bool] | None) -> tuple[str, ...]:
        """Record the safety check (None: skipped); return what it changes, one line each."""
        ...

    def tailoring(self, answers: Mapping[str, bool]) -> tuple[str, ...]:
        """What these answers would change in the plan and advise, one sentence each."""
        ...

    def advice_due(self) -> Advice | None:
        """The "see a professional" advice if it is due now (at most once a week)."""
        ...

    def advice_shown(self, advice: Advice) -> None:
        """Note that the advice was shown, so it waits a week before it is shown again."""
        ...

    def last_session_id(self) -> int | None:
        """The history id of the newest guided session, or None if there is none."""
        ...
