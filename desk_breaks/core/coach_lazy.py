"""The coach as the idle tray holds it: built, and its modules imported, on first question.

The app sits in the tray all day and most days nobody asks the coach anything until a
session opens. :class:`LazyCoach` stands in for :class:`~desk_breaks.core.coach.Coach`
wherever a :class:`~desk_breaks.core.coach_api.CoachPort` is wanted and builds the real one
when first asked. Until then it answers the two questions the tray asks at start without
it: the safety guidance (which it was given) and whether the welcome is still needed
(:func:`~desk_breaks.core.coach_rows.screening_answered`, one query).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from desk_breaks.core.clock import Clock
from desk_breaks.core.coach_rows import screening_answered
from desk_breaks.core.content import Library, Routine, Safety
from desk_breaks.core.history import History

if TYPE_CHECKING:
    from desk_breaks.core.coach import Coach
    from desk_breaks.core.coach_types import Action, Advice, CoachView, Feeling, SessionPlan


class LazyCoach:
    """A :class:`~desk_breaks.core.coach_api.CoachPort` that builds its coach when first used.

    Takes what :class:`~desk_breaks.core.coach.Coach` takes, with ``history`` for its store.
    """

    def __init__(
        self,
        library: Library,
        safety: Safety,
        history: History,
        clock: Clock,
        *,
        journal_enabled: Callable[[], bool] = lambda: True,
    ) -> None:
        """Keep what the coach will need; nothing is imported or read until asked."""
        self._library = library
        self._safety = safety
        self._history = history
        self._clock = clock
        self._journal_enabled = journal_enabled
        self._made: Coach | None = None

    @property
    def coach(self) -> Coach:
        """The real coach, built (and its modules imported) now if it was not yet."""
        if self._made is None:
            from desk_breaks.core.coach import Coach
            from desk_breaks.core.coach_store import CoachStore

            self._made = Coach(
                self._library,
                self._safety,
                CoachStore(self._history),
                self._clock,
                journal_enabled=self._journal_enabled,
            )
        return self._made

    @property
    def built(self) -> bool:
        """Whether the real coach has been built."""
        return self._made is not None

    @property
    def safety(self) -> Safety:
        """The safety guidance, with the safety check's questions."""
        return self._safety

    def needs_welcome(self) -> bool:
        """True until the safety check has been answered or skipped once.

        Before the coach is built, one query answers (at start nothing has been said in this
        run, so the history holds all there is); after, the coach does (it also remembers
        what a history that is not being written could not keep).
        """
        if self._made is None:
            return not screening_answered(self._history)
        return self._made.needs_welcome()

    def view(self) -> CoachView:
        """Every exercise's state, the safety check, today's journal entry, advice due."""
        return self.coach.view()

    def plan(self, routine: Routine) -> SessionPlan:
        """The routine as this person does it today, with the notes its first screen says."""
        return self.coach.plan(routine)

    def rate(self, feeling: Feeling, session_id: int | None = None) -> str:
        """Record how the neck feels after a session (the last one when ``session_id`` is None)."""
        return self.coach.rate(feeling, session_id)

    def journal(self, score: int, note: str = "") -> str:
        """Record today's 0-10 comfort rating (a second one today replaces the first)."""
        return self.coach.journal(score, note)

    def journal_due(self) -> bool:
        """True when the daily rating is on in the settings and none was given today."""
        return self.coach.journal_due()

    def choose(self, exercise_id: str, action: Action) -> str:
        """Carry out the person's choice about one exercise; return what changed."""
        return self.coach.choose(exercise_id, action)

    def answer_screening(self, answers: Mapping[str, bool] | None) -> tuple[str, ...]:
        """Record the safety check (None: skipped); return what it changes, one line each."""
        return self.coach.answer_screening(answers)

    def tailoring(self, answers: Mapping[str, bool]) -> tuple[str, ...]:
        """What these answers would change in the plan and advise, one sentence each."""
        return self.coach.tailoring(answers)

    def advice_due(self) -> Advice | None:
        """The "see a professional" advice if it is due now (at most once a week)."""
        return self.coach.advice_due()

    def advice_shown(self, advice: Advice) -> None:
        """Note that the advice was shown, so it waits a week before it is shown again."""
        self.coach.advice_shown(advice)

    def last_session_id(self) -> int | None:
        """The history id of the newest guided session, or None if there is none."""
        return self.coach.last_session_id()
