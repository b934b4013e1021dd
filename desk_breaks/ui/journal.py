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
from desk_breaks.ui.calm import CalmWindow, button, choice, label

NOTE_CHARS = 200
"""The longest note, in characters."""

SCALE = "0 is very sore, 10 is no discomfort."


def score_words(score: int) -> str:
    """Return how a score reads: "7 out of 10: a little discomfort"."""
    if score <= 2:
        words = "very sore"
    elif score <= 4:
        words = "sore"
    elif score <= 6:
        words = "some discomfort"
    elif score <= 8:
        words = "a little discomfort"
    elif score == 9:
        words = "almost no discomfort"
    else:
        words = "no discomfort"
    return f"{score} out of 10: {words}"


class JournalWindow(CalmWindow):
    """Today's comfort rating and an optional note; ``saved`` carries the coach's reply."""

    saved = Signal(str)

    def __init__(self, coach: CoachPort, parent: QWidget | None = None) -> None:
        super().__init__(f"Today's comfort · {APP_NAME}", parent)
        self._coach = coach
        earlier = coach.view().journal_today

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(label("Daily check-in", "step"))
        layout.addWidget(label("How does your neck feel today?", "title"))
        intro = "Once a day, and only if you like. " + SCALE
        if earlier is not None:
            intro = f"You rated today already ({earlier.score}); a new rating replaces it. " + SCALE
        layout.addWidget(label(intro, "muted"))

        self.scale = QWidget()
        self.scale.setAccessibleName("Comfort today, from 0 to 10")
        self.scale.setAccessibleDescription(SCALE)
        row = QHBoxLayout(self.scale)
        row.setContentsMargins(0, 6, 0, 0)
        row.setSpacing(5)
        self.group = QButtonGroup(self)
        self.score_buttons: list[QRadioButton] = []
        for score in range(11):
            pill = choice(str(score), f"{score} out of 10", SCALE)
            self.group.addButton(pill, score)
            self.score_buttons.append(pill)
            row.addWidget(pill)
        layout.addWidget(self.scale)
        ends = QHBoxLayout()
        ends.addWidget(label("Very sore", "muted"))
        ends.addStretch(1)
        right = label("No discomfort", "muted")
        right.setAlignment(Qt.AlignmentFlag.AlignRight)
        ends.addWidget(right)
        layout.addLayout(ends)

        self.value = label("Pick a number", "big")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.value.setMinimumHeight(self.fontMetrics().height() * 3)
        layout.addWidget(self.value)

        self.note = QLineEdit()
        self.note.setMaxLength(NOTE_CHARS)
        self.note.setPlaceholderText("For example: stiff after a long meeting")
        self.note.setAccessibleName("Note, optional")
        self.note.setAccessibleDescription(f"One line, up to {NOTE_CHARS} characters.")
        note_label = QLabel("&Note (optional)")
        note_label.setBuddy(self.note)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        layout.addStretch(1)

        self.cancel_button = button("Not today", "link", accessible="Not today: close")
        self.save_button = button("&Save", "primary", accessible="Save the rating")
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
            self.value.setText("Pick a number")
            self.value.setAccessibleName("No rating chosen yet")
        else:
            words = score_words(score)
            self.value.setText(words.replace(": ", " · ", 1))
            self.value.setAccessibleName(f"Your rating: {words}")

    def save(self) -> None:
        """Hand the rating to the coach, tell what it said, and close."""
        score = self.score()
        if score is None:
            return
        reply = self._coach.journal(score, " ".join(self.note.text().split()))
        self.announce(reply)
        self.saved.emit(reply)
        self.accept()
