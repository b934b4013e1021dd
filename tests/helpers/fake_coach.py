"""A coach in memory for widget tests: scripted answers, and a record of every call.

:class:`FakeCoach` implements :class:`~desk_breaks.core.coach_api.CoachPort` without a
history or a clock: what it answers is set up by the test (``states``, ``tailoring_lines``,
``advice``, the reply sentences), and every call is appended to :attr:`FakeCoach.calls`
as ``(method, arguments)``. :meth:`FakeCoach.choose` also changes the scripted state the
simple way the real coach would, so a window that refreshes after a choice shows it.

:func:`coach_safety` is safety content with the five safety-check questions, worded for
tests (not the shipped text).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from desk_breaks.core.coach_api import CoachPort
from desk_breaks.core.coach_types import (
    Action,
    Advice,
    AdviceReason,
    CoachView,
    ExerciseState,
    Feeling,
    JournalEntry,
    Mode,
    Screening,
    SessionPlan,
    Why,
)
from desk_breaks.core.content import Question, Routine, Safety, SafetyGroup

FAKE_NOW = datetime(2026, 3, 23, 10, 0, tzinfo=UTC)
"""When the fake coach says things happened (a Monday)."""

QUESTION_IDS = ("recent-injury", "arm-symptoms", "dizziness", "instability", "severe-pain")


def coach_safety(question_ids: tuple[str, ...] = QUESTION_IDS) -> Safety:
    """Safety content for tests: short groups, and one test question per id."""
    questions = tuple(
        Question(
            id=qid,
            text=f"Test question about {qid.replace('-', ' ')}?",
            short=qid.replace("-", " "),
            advice=f"Advice for {qid.replace('-', ' ')}.",
        )
        for qid in question_ids
    )
    return Safety(
        disclaimer="Test disclaimer: not medical advice.",
        stop_title="Test stop",
        stop_now=SafetyGroup("Right now", ("Stop point.",)),
        ease_off=SafetyGroup("Next time", ("Ease point.",)),
        seek_help=SafetyGroup("Get advice", ("Help point.",)),
        screening=questions,
        advice_title="Test: time to see a professional",
        advice_points=("Advice point one.", "Advice point two."),
    )


def state(
    exercise_id: str,
    mode: Mode = Mode.NORMAL,
    *,
    why: Why = Why.NONE,
    reason: str = "",
    level: int = 0,
    hold_s: int | None = None,
    previous_hold_s: int | None = None,
    can_go_back: bool = False,
) -> ExerciseState:
    """An exercise state named after its id ("neck-extension" -> "Neck extension")."""
    return ExerciseState(
        exercise_id=exercise_id,
        name=exercise_id.replace("-", " ").capitalize(),
        mode=mode,
        why=why,
        level=level,
        reason=reason,
        hold_s=hold_s,
        previous_hold_s=previous_hold_s,
        can_go_back=can_go_back,
    )


def advice(because: str = "Your comfort averaged 4 out of 10 over the last three weeks.") -> Advice:
    """The "see a professional" advice, with the person's figures in ``because``."""
    return Advice(AdviceReason.NOT_IMPROVING, because)


class FakeCoach:
    """The coach in memory: answers as scripted and records every call."""

    def __init__(
        self,
        safety: Safety | None = None,
        *,
        states: Mapping[str, ExerciseState] | None = None,
        screening: Screening | None = None,
        journal_today: JournalEntry | None = None,
        journal_on: bool = True,
        advice: Advice | None = None,
    ) -> None:
        self._safety = safety or coach_safety()
        self.states: dict[str, ExerciseState] = dict(states or {})
        self.screening = screening
        self.journal_today = journal_today
        self.journal_on = journal_on
        self.advice = advice
        self.session_id: int | None = None
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.tailoring_lines: dict[str, str] = {
            qid: f"Because of {qid.replace('-', ' ')}: test tailoring." for qid in QUESTION_IDS
        }
        """What :meth:`tailoring` says for each question answered yes."""
        self.all_clear = "Your plan stays as it is."
        """What :meth:`tailoring` says when every answer is no."""
        self.journal_reply = "Saved: {score} out of 10 today."
        self.rate_reply = "Thanks: noted."

    # -- what a test looks at ---------------------------------------------------------

    def called(self, method: str) -> list[tuple[Any, ...]]:
        """The arguments of each call of ``method``, in order."""
        return [args for name, args in self.calls if name == method]

    # -- CoachPort --------------------------------------------------------------------

    @property
    def safety(self) -> Safety:
        return self._safety

    def view(self) -> CoachView:
        self.calls.append(("view", ()))
        return CoachView(
            states=dict(self.states),
            screening=self.screening,
            journal_today=self.journal_today,
            advice=self.advice,
        )

    def plan(self, routine: Routine) -> SessionPlan:
        self.calls.append(("plan", (routine.id,)))
        return SessionPlan(routine)

    def rate(self, feeling: Feeling, session_id: int | None = None) -> str:
        self.calls.append(("rate", (feeling, session_id)))
        return self.rate_reply

    def journal(self, score: int, note: str = "") -> str:
        self.calls.append(("journal", (score, note)))
        self.journal_today = JournalEntry(FAKE_NOW, score, note)
        return self.journal_reply.format(score=score)

    def journal_due(self) -> bool:
        self.calls.append(("journal_due", ()))
        return self.journal_on and self.journal_today is None

    def choose(self, exercise_id: str, action: Action) -> str:
        self.calls.append(("choose", (exercise_id, action)))
        old = self.states.get(exercise_id)
        if old is None:
            return "Nothing changed."
        if action is Action.BRING_BACK:
            new = replace(old, mode=Mode.NORMAL, why=Why.CHOICE, reason="You brought it back.")
        elif action is Action.PREVIOUS_DOSE:
            level = max(0, old.level - 1)
            new = replace(
                old,
                level=level,
                mode=Mode.PROGRESSED if level else Mode.NORMAL,
                why=Why.CHOICE,
                hold_s=old.previous_hold_s,
                previous_hold_s=None,
                can_go_back=False,
                reason="You went back to the previous dose.",
            )
        elif action is Action.LEAVE_OUT:
            new = replace(old, mode=Mode.LEFT_OUT, why=Why.CHOICE, reason="You left it out.")
        else:
            new = replace(old, mode=Mode.GENTLER, why=Why.CHOICE, reason="You chose it.")
        self.states[exercise_id] = new
        return f"{old.name}: done."

    def needs_welcome(self) -> bool:
        self.calls.append(("needs_welcome", ()))
        return self.screening is None

    def answer_screening(self, answers: Mapping[str, bool] | None) -> tuple[str, ...]:
        self.calls.append(("answer_screening", (None if answers is None else dict(answers),)))
        self.screening = Screening(FAKE_NOW, None if answers is None else dict(answers))
        return () if answers is None else self.tailoring(answers, record=False)

    def tailoring(self, answers: Mapping[str, bool], *, record: bool = True) -> tuple[str, ...]:
        if record:
            self.calls.append(("tailoring", (dict(answers),)))
        lines = tuple(self.tailoring_lines[q] for q, yes in answers.items() if yes)
        return lines or (self.all_clear,)

    def advice_due(self) -> Advice | None:
        self.calls.append(("advice_due", ()))
        return self.advice

    def advice_shown(self, advice: Advice) -> None:
        self.calls.append(("advice_shown", (advice,)))
        self.advice = None

    def last_session_id(self) -> int | None:
        return self.session_id


def _conforms(coach: FakeCoach) -> CoachPort:
    """mypy checks here that the fake has every method of the port."""
    return coach
