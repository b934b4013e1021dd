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
from desk_breaks.core.i18n import N_, date_text, tr, trn
from desk_breaks.core.settings import Settings, spec_at
from desk_breaks.ui.settings.fields import Page, heading, note, plain, spec_name

MODE_WORDS = {
    Mode.NORMAL: N_("As written"),
    Mode.PROGRESSED: N_("Grown"),
    Mode.GENTLER: N_("Gentler version"),
    Mode.LEFT_OUT: N_("Left out"),
}
"""Where an exercise stands, in English (translated on use)."""


def _check_box(name: str, checked: bool) -> QCheckBox:
    spec = spec_at(("coach", name))
    assert spec is not None
    box = QCheckBox(tr(spec.label))
    box.setChecked(checked)
    box.setAccessibleName(spec_name(spec))
    return box


def _day(at: datetime) -> str:
    return date_text(at.date(), weekday=True, year=True)


def screening_summary(screening: Screening | None, safety: Safety) -> str:
    """Say where the safety check stands: answered (and what was yes), skipped, or not yet."""
    if screening is None:
        return tr("Not answered yet.")
    if screening.answers is None:
        return tr("Skipped on {day}. You can answer it any time.", day=_day(screening.at))
    yes = [q.short for q in safety.screening if screening.answers.get(q.id)]
    if yes:
        return tr(
            "Answered on {day}: you said yes to {answers}.",
            day=_day(screening.at),
            answers=tr(", ", "list separator").join(yes),
        )
    return tr("Answered on {day}: no to every question.", day=_day(screening.at))


def state_text(state: ExerciseState) -> str:
    """The mode of an exercise in words, with its dose when it has grown."""
    if state.mode is Mode.PROGRESSED and state.hold_s is not None:
        if state.previous_hold_s:
            return tr(
                "Holds {hold} s, up from {before} s",
                hold=state.hold_s,
                before=state.previous_hold_s,
            )
        return tr("Holds {hold} s", hold=state.hold_s)
    if state.mode is Mode.PROGRESSED and state.rounds is not None:
        if state.previous_rounds:
            return trn(
                "{n} round, up from {before}",
                "{n} rounds, up from {before}",
                state.rounds,
                before=state.previous_rounds,
            )
        return trn("{n} round", "{n} rounds", state.rounds)
    return tr(MODE_WORDS[state.mode])


def action_for(state: ExerciseState) -> tuple[Action, str] | None:
    """The one-click choice offered beside an exercise, with its label, or None."""
    if state.mode in (Mode.LEFT_OUT, Mode.GENTLER):
        return Action.BRING_BACK, tr("Bring it back")
    if state.can_go_back:
        return Action.PREVIOUS_DOSE, tr("Previous dose")
    return None


class CoachPage(Page):
    """The coach's questions, the safety check's summary, and each exercise's state."""

    title = N_("Coach")

    review_requested = Signal()
    """The person asked to review the safety check (the app opens the welcome)."""

    def __init__(self, settings: Settings, coach: CoachPort) -> None:
        super().__init__(tr("What the coach asks, and how it has adapted your exercises."))
        self._coach = coach
        layout = self.body
        self.ask_feeling = _check_box("ask_feeling", settings.coach.ask_feeling)
        self.daily_journal = _check_box("daily_journal", settings.coach.daily_journal)
        for box in (self.ask_feeling, self.daily_journal):
            box.toggled.connect(self.edited)
            layout.addWidget(box)
        layout.addWidget(note(tr("Both are optional taps: nothing waits for an answer.")))

        layout.addSpacing(10)
        layout.addWidget(heading(tr("Safety check")))
        card = QFrame()
        card.setObjectName("card")
        row = QHBoxLayout(card)
        row.setContentsMargins(12, 8, 12, 8)
        self.screening = QLabel()
        self.screening.setWordWrap(True)
        self.screening.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(self.screening, 1)
        self.review_button = QPushButton(tr("Re&view the safety check…"))
        self.review_button.setAccessibleName(plain(self.review_button.text()).rstrip("…"))
        self.review_button.clicked.connect(self.review_requested)
        row.addWidget(self.review_button)
        layout.addWidget(card)

        layout.addSpacing(10)
        layout.addWidget(heading(tr("Your exercises")))
        layout.addWidget(note(tr("A choice here applies at once; it is not undone by Cancel.")))
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
        self.screening.setAccessibleName(
            tr("Safety check: {summary}", summary=self.screening.text())
        )
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
                note(tr("Nothing yet: after your first sessions, each exercise is listed here."))
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
        name.setAccessibleName(tr("{exercise}: {state}", exercise=state.name, state=mode))
        text.addWidget(name)
        if state.reason:
            text.addWidget(note(state.reason))
        row.addLayout(text, 1)
        offered = action_for(state)
        if offered is not None:
            action, words = offered
            button = QPushButton(words)
            button.setAccessibleName(tr("{action}: {exercise}", action=words, exercise=state.name))
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
