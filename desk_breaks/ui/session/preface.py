"""The "Before you begin" screen: what the session needs and what the coach changed.

Shown only when the plan has something to say (``needs_text`` or notes); the session's
clock does not run until Begin. Each note may carry a one-click answer ("Keep 20 s",
"Bring it back"), answered once (:class:`~desk_breaks.ui.session.choices.OneTap`).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desk_breaks.core.coach_types import Action, Note, SessionPlan
from desk_breaks.core.content import format_duration
from desk_breaks.core.i18n import N_, tr
from desk_breaks.ui.session.choices import OneTap
from desk_breaks.ui.session.look import (
    Card,
    make_button,
    make_label,
    muted_palette,
    page_margins,
    scroll_column,
)

TITLE = N_("Before you begin")

CONFIRMATIONS = {
    Action.PREVIOUS_DOSE: N_("Done: back to the previous dose."),
    Action.BRING_BACK: N_("Done: it is back in your routines."),
    Action.USE_GENTLER: N_("Done: the gentler version from now on."),
    Action.LEAVE_OUT: N_("Done: left out from now on."),
}
ACTION_LABELS = {
    Action.PREVIOUS_DOSE: N_("Previous dose"),
    Action.BRING_BACK: N_("Bring back"),
    Action.USE_GENTLER: N_("Use gentler"),
    Action.LEAVE_OUT: N_("Leave out"),
}
"""A note's button when the note gives no words of its own."""
"""The short line that replaces a note's button once it is pressed."""


def has_preface(plan: SessionPlan) -> bool:
    """Whether the plan has anything to say before the session begins."""
    return bool(plan.notes or plan.needs_text)


def preface_spoken(plan: SessionPlan) -> str:
    """What screen readers hear when the preface opens."""
    parts = [f"{tr(TITLE)}.", plan.needs_text, *(note.text for note in plan.notes)]
    parts.append(tr("Press Enter to begin."))
    return " ".join(part for part in parts if part)


class PrefaceScreen(QWidget):
    """Says what is needed and what changed; :attr:`begin_button` starts the session.

    :attr:`choice_made` carries (exercise id, :class:`Action`) for a note's button.
    """

    confirmed = Signal(str)
    """The words confirming a choice, to be said to screen readers."""

    choice_made = Signal(str, object)

    def __init__(self, scale: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("prefacePage")
        self._scale = scale
        font = self.font()
        em = self.fontMetrics().height()
        layout = QVBoxLayout(self)
        page_margins(layout, em)
        layout.setSpacing(round(em * 0.5))
        self._title = make_label(font, 1.6 * scale, QFont.Weight.DemiBold, wrap=True)
        self._title.setObjectName("prefaceTitle")
        self._title.setText(tr(TITLE))
        layout.addWidget(self._title)
        self._routine = make_label(font, 1.0 * scale)
        self._routine.setObjectName("prefaceRoutine")
        layout.addWidget(self._routine)
        layout.addSpacing(round(em * 0.7))
        scroll, self._column = scroll_column("preface", round(em * 0.7))
        layout.addWidget(scroll, 1)
        self._needs = make_label(font, 1.2 * scale, wrap=True)
        self._needs.setObjectName("prefaceNeeds")
        self._column.addWidget(self._needs)
        self._answers: list[OneTap] = []

        row = QHBoxLayout()
        row.addStretch(1)
        self.not_now_button = make_button(
            font,
            scale,
            tr("Not now"),
            tr("Not now"),
            tr("Close this window without starting the session."),
            tr("Not now (Esc)"),
        )
        self.not_now_button.setObjectName("notNowButton")
        self.begin_button: QPushButton = make_button(
            font,
            scale,
            tr("Begin"),
            tr("Begin"),
            tr("Start the session now."),
            tr("Begin the session (Enter)"),
        )
        self.begin_button.setObjectName("beginButton")
        row.addWidget(self.not_now_button)
        row.addWidget(self.begin_button)
        layout.addLayout(row)

    def show_plan(self, plan: SessionPlan) -> None:
        """Fill the screen from ``plan`` (once, before the session begins)."""
        routine = plan.routine
        self._routine.setText(f"{routine.name} · {format_duration(routine.duration_s())}")
        self._needs.setText(plan.needs_text)
        self._needs.setVisible(bool(plan.needs_text))
        for note in plan.notes:
            self._add_note(note)
        self._column.addStretch(1)

    def _add_note(self, note: Note) -> None:
        em = self.fontMetrics().height()
        card = Card()
        inner = QVBoxLayout(card)
        pad = round(em * 0.8)
        inner.setContentsMargins(pad, round(pad * 0.8), pad, round(pad * 0.8))
        inner.setSpacing(round(em * 0.5))
        text = make_label(self.font(), 1.05 * self._scale, wrap=True)
        text.setObjectName("prefaceNote")
        text.setText(note.text)
        inner.addWidget(text)
        if note.action is not None:
            answers = OneTap(self.font(), self._scale)
            answers.setObjectName("prefaceChoice")
            answers.focus_after = self.begin_button
            label = note.action_label or tr(ACTION_LABELS[note.action])
            answers.add(
                label,
                note.action,
                tr(CONFIRMATIONS[note.action]),
                name=label,
                description=tr("{note} {choice}.", note=note.text, choice=label),
            )
            exercise_id = note.exercise_id
            answers.confirmed.connect(self.confirmed)
            answers.chosen.connect(lambda action: self.choice_made.emit(exercise_id, action))
            inner.addWidget(answers)
            self._answers.append(answers)
        self._column.addWidget(card)

    def heading(self) -> str:
        """The screen's title."""
        return self._title.text()

    def apply_palette(self, palette: QPalette) -> None:
        """Mute the routine line; colour the confirmations against ``palette``."""
        self._routine.setPalette(muted_palette(palette))
        for answers in self._answers:
            answers.apply_palette(palette)
