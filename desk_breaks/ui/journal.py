"""The daily comfort rating: today's neck from 0 (very sore) to 10 (no discomfort), and a note.

Eleven round buttons, one per score, form one radio group (the arrow keys move along it;
each is named "7 out of 10"); the chosen score shows large, with its words. The note is
one optional line. "Save" hands both to the coach, emits :attr:`JournalWindow.saved` with
the coach's sentence and closes; "Not today" closes and records nothing. The window is
only ever offered, never repeated: nagging is the caller's to avoid, and it does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desk_breaks import APP_NAME
from desk_breaks.core.coach_api import CoachPort
from desk_breaks.core.i18n import N_, tr
from desk_breaks.ui.calm import CalmWindow, button, choice, label

NOTE_CHARS = 200
"""The longest note, in characters."""

SCALE = N_("0 is very sore, 10 is no discomfort.")


def _feeling(score: int) -> str:
    if score <= 2:
        return tr("very sore")
    if score <= 4:
        return tr("sore")
    if score <= 6:
        return tr("some discomfort")
    if score <= 8:
        return tr("a little discomfort")
    if score == 9:
        return tr("almost no discomfort")
    return tr("no discomfort")


def score_words(score: int) -> str:
    """Return how a score reads: "7 out of 10: a little discomfort"."""
    return tr("{score} out of 10: {words}", score=score, words=_feeling(score))


def score_shown(score: int) -> str:
    """Return how the window shows a score: "7 out of 10 · a little discomfort"."""
    return tr("{score} out of 10 · {words}", score=score, words=_feeling(score))


class JournalWindow(CalmWindow):
    """Today's comfort rating and an optional note; ``saved`` carries the coach's reply."""

    saved = Signal(str)

    def __init__(self, coach: CoachPort, parent: QWidget | None = None) -> None:
        super().__init__(tr("Today's comfort · {app}", app=APP_NAME), parent)
        self._coach = coach
        earlier = coach.view().journal_today

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(label(tr("Daily check-in"), "step"))
        layout.addWidget(label(tr("How does your neck feel today?"), "title"))
        intro = tr("Once a day, and only if you like. {scale}", scale=tr(SCALE))
        if earlier is not None:
            intro = tr(
                "You rated today already ({score}); a new rating replaces it. {scale}",
                score=earlier.score,
                scale=tr(SCALE),
            )
        layout.addWidget(label(intro, "muted"))

        self.scale = QWidget()
        self.scale.setAccessibleName(tr("Comfort today, from 0 to 10"))
        self.scale.setAccessibleDescription(tr(SCALE))
        row = QHBoxLayout(self.scale)
        row.setContentsMargins(0, 6, 0, 0)
        row.setSpacing(5)
        self.group = QButtonGroup(self)
        self.score_buttons: list[QRadioButton] = []
        for score in range(11):
            pill = choice(str(score), tr("{score} out of 10", score=score), tr(SCALE))
            self.group.addButton(pill, score)
            self.score_buttons.append(pill)
            row.addWidget(pill)
        layout.addWidget(self.scale)
        ends = QHBoxLayout()
        ends.addWidget(label(tr("Very sore"), "muted"))
        ends.addStretch(1)
        right = label(tr("No discomfort"), "muted")
        right.setAlignment(Qt.AlignmentFlag.AlignRight)
        ends.addWidget(right)
        layout.addLayout(ends)

        self.value = label(tr("Pick a number"), "big")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.value.setMinimumHeight(self.fontMetrics().height() * 3)
        layout.addWidget(self.value)

        self.note = QLineEdit()
        self.note.setMaxLength(NOTE_CHARS)
        self.note.setPlaceholderText(tr("For example: stiff after a long meeting"))
        self.note.setAccessibleName(tr("Note, optional"))
        self.note.setAccessibleDescription(
            tr("One line, up to {count} characters.", count=NOTE_CHARS)
        )
        note_label = QLabel(tr("&Note (optional)"))
        note_label.setBuddy(self.note)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        layout.addStretch(1)

        self.cancel_button = button(tr("Not today"), "link", accessible=tr("Not today: close"))
        self.save_button = button(tr("&Save"), "primary", accessible=tr("Save the rating"))
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        self.save_button.setDefault(True)  # Enter in the note saves
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

        self.group.idToggled.connect(self._picked)
        if earlier is not None:
            self.score_buttons[earlier.score].setChecked(True)
            self.note.setText(earlier.note)
        self._picked()
        self.resize(560, 420)
        self.restyle()
        (self.group.checkedButton() or self.score_buttons[5]).setFocus()

    def score(self) -> int | None:
        """The score chosen, or None."""
        checked = self.group.checkedId()
        return None if checked < 0 else checked

    def _picked(self, *_: object) -> None:
        score = self.score()
        self.save_button.setEnabled(score is not None)
        if score is None:
            self.value.setText(tr("Pick a number"))
            self.value.setAccessibleName(tr("No rating chosen yet"))
        else:
            self.value.setText(score_shown(score))
            self.value.setAccessibleName(tr("Your rating: {score}", score=score_words(score)))

    def save(self) -> None:
        """Hand the rating to the coach, tell what it said, and close."""
        score = self.score()
        if score is None:
            return
        reply = self._coach.journal(score, " ".join(self.note.text().split()))
        self.announce(reply)
        self.saved.emit(reply)
        self.accept()
