"""The Coach page: what the coach may ask, the safety check, and where each exercise stands.

The two questions the coach asks are settings (``[coach]`` in the file) and go through OK
and Apply like every other. The safety check and the exercises are the coach's, not
settings: "Review the safety check…" asks the app to open the welcome at its questions
(:attr:`CoachPage.review_requested`), and an exercise's button ("Bring it back",
"Previous dose") tells the coach at once and redraws the list.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_breaks.core.coach_api import CoachPort
from desk_breaks.core.coach_types import Action, ExerciseState, Mode, Screening
from desk_breaks.core.content import Safety
from desk_breaks.core.settings import Settings, spec_at
from desk_breaks.ui.settings.fields import Page, heading, note

MODE_WORDS = {
    Mode.NORMAL: "As written",
    Mode.PROGRESSED: "Grown",
    Mode.GENTLER: "Gentler version",
    Mode.LEFT_OUT: "Left out",
}


def _check_box(name: str, checked: bool) -> QCheckBox:
    spec = spec_at(("coach", name))
    assert spec is not None
    box = QCheckBox(spec.label)
    box.setChecked(checked)
    box.setAccessibleName(spec.accessible_name)
    return box


def _day(at: datetime) -> str:
    return f"{at:%a} {at.day} {at:%b %Y}"


def screening_summary(screening: Screening | None, safety: Safety) -> str:
    """Say where the safety check stands: answered (and what was yes), skipped, or not yet."""
    if screening is None:
        return "Not answered yet."
    if screening.answers is None:
        return f"Skipped on {_day(screening.at)}. You can answer it any time."
    yes = [q.short for q in safety.screening if screening.answers.get(q.id)]
    said = f"you said yes to {', '.join(yes)}" if yes else "no to every question"
    return f"Answered on {_day(screening.at)}: {said}."


def state_text(state: ExerciseState) -> str:
    """The mode of an exercise in words, with its dose when it has grown."""
    words = MODE_WORDS[state.mode]
    if state.mode is Mode.PROGRESSED and state.hold_s is not None:
        was = f", up from {state.previous_hold_s} s" if state.previous_hold_s else ""
        return f"Holds {state.hold_s} s{was}"
    if state.mode is Mode.PROGRESSED and state.rounds is not None:
        was = f", up from {state.previous_rounds}" if state.previous_rounds else ""
        return f"{state.rounds} rounds{was}"
    return words


def action_for(state: ExerciseState) -> tuple[Action, str] | None:
    """The one-click choice offered beside an exercise, with its label, or None."""
    if state.mode in (Mode.LEFT_OUT, Mode.GENTLER):
        return Action.BRING_BACK, "Bring it back"
    if state.can_go_back:
        return Action.PREVIOUS_DOSE, "Previous dose"
    return None


class CoachPage(Page):
    """The coach's questions, the safety check's summary, and each exercise's state."""

    title = "Coach"

    review_requested = Signal()
    """The person asked to review the safety check (the app opens the welcome)."""

    def __init__(self, settings: Settings, coach: CoachPort) -> None:
        super().__init__("What the coach asks, and how it has adapted your exercises.")
        self._coach = coach
        layout = self.body
        self.ask_feeling = _check_box("ask_feeling", settings.coach.ask_feeling)
        self.daily_journal = _check_box("daily_journal", settings.coach.daily_journal)
        for box in (self.ask_feeling, self.daily_journal):
            box.toggled.connect(self.edited)
            layout.addWidget(box)
        layout.addWidget(note("Both are optional taps: nothing waits for an answer."))

        layout.addSpacing(10)
        layout.addWidget(heading("Safety check"))
        card = QFrame()
        card.setObjectName("card")
        row = QHBoxLayout(card)
        row.setContentsMargins(12, 8, 12, 8)
        self.screening = QLabel()
        self.screening.setWordWrap(True)
        self.screening.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(self.screening, 1)
        self.review_button = QPushButton("Re&view the safety check…")
        self.review_button.setAccessibleName("Review the safety check")
        self.review_button.clicked.connect(self.review_requested)
        row.addWidget(self.review_button)
        layout.addWidget(card)

        layout.addSpacing(10)
        layout.addWidget(heading("Your exercises"))
        layout.addWidget(note("A choice here applies at once; it is not undone by Cancel."))
        self.said = QLabel()
        self.said.setWordWrap(True)
        self.said.hide()
        layout.addWidget(self.said)
        self.exercise_box = QVBoxLayout()
        self.exercise_box.setSpacing(6)
        layout.addLayout(self.exercise_box)
        layout.addStretch(1)
        self.action_buttons: dict[str, QPushButton] = {}
        """The action button of each exercise that has one, by exercise id."""
        self.rows: dict[str, QWidget] = {}
        self.refresh_coach()

    def refresh_coach(self) -> None:
        """Ask the coach again and redraw the safety check's line and the exercise list."""
        view = self._coach.view()
        self.screening.setText(screening_summary(view.screening, self._coach.safety))
        self.screening.setAccessibleName("Safety check: " + self.screening.text())
        while self.exercise_box.count():
            item = self.exercise_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.action_buttons = {}
        self.rows = {}
        states = sorted(view.states.values(), key=lambda s: s.name.lower())
        if not states:
            self.exercise_box.addWidget(
                note("Nothing yet: after your first sessions, each exercise is listed here.")
            )
        for state in states:
            self.exercise_box.addWidget(self._row(state))

    def _row(self, state: ExerciseState) -> QWidget:
        card = QFrame()
        card.setObjectName("card")
        row = QHBoxLayout(card)
        row.setContentsMargins(12, 8, 12, 8)
        text = QVBoxLayout()
        text.setSpacing(2)
        mode = state_text(state)
        name = QLabel(f"<b>{html.escape(state.name)}</b> · {html.escape(mode)}")
        name.setAccessibleName(f"{state.name}: {mode}")
        text.addWidget(name)
        if state.reason:
            text.addWidget(note(state.reason))
        row.addLayout(text, 1)
        offered = action_for(state)
        if offered is not None:
            action, words = offered
            button = QPushButton(words)
            button.setAccessibleName(f"{words}: {state.name}")
            button.clicked.connect(
                lambda _=False, e=state.exercise_id, a=action: self._choose(e, a)
            )
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
            self.action_buttons[state.exercise_id] = button
        self.rows[state.exercise_id] = card
        return card

    def _choose(self, exercise_id: str, action: Action) -> None:
        reply = self._coach.choose(exercise_id, action)
        self.said.setText(reply)
        self.said.setAccessibleName(reply)
        self.said.setVisible(bool(reply))
        self.refresh_coach()
        # The button pressed is gone: focus its successor on the same exercise, if any.
        self.action_buttons.get(exercise_id, self.review_button).setFocus()

    def apply_to(self, settings: Settings) -> Settings:
        """Return ``settings`` with the coach's two questions as ticked."""
        coach = replace(
            settings.coach,
            ask_feeling=self.ask_feeling.isChecked(),
            daily_journal=self.daily_journal.isChecked(),
        )
        return replace(super().apply_to(settings), coach=coach)
