"""The quiet prompt: a small window in the screen corner offering Start, Snooze or Skip.

It never takes keyboard focus from what the person is typing, and its buttons ignore key
presses for the first two seconds, so a sentence being typed cannot start or dismiss a
session by accident. There is only ever one prompt window; a new offer updates it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QCursor, QFont, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_breaks.core.content import Routine, needs_sentence
from desk_breaks.core.engine import Offer
from desk_breaks.core.presentation import prompt_headline, snooze_note
from desk_breaks.core.schedule import SessionKind
from desk_breaks.ui.theme import BOUNDARY_CONTRAST, legible, soften

KEY_GUARD_S = 2.0
"""Seconds after a prompt appears during which its buttons ignore the keyboard."""

_GUARDED = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride}
_MARGIN = 16


class _KeyGuard(QObject):
    """Eats key events on the buttons until the guard time has passed."""

    def __init__(self, monotonic: Callable[[], float], parent: QObject) -> None:
        super().__init__(parent)
        self._monotonic = monotonic
        self._until = 0.0

    def arm(self, seconds: float) -> None:
        self._until = self._monotonic() + seconds

    def active(self) -> bool:
        return self._monotonic() < self._until

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _GUARDED and self.active():
            event.accept()
            return True
        return False


class PromptWindow(QFrame):
    """The prompt. Call :meth:`present` with an offer; listen to its three signals."""

    start_requested = Signal()
    snooze_requested = Signal(int)
    skip_requested = Signal()

    def __init__(
        self,
        snooze_choices_min: Sequence[int],
        icon: QIcon,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("prompt")
        self.setWindowTitle("Desk Breaks")  # a title alone; Qt adds nothing to it
        self.setWindowIcon(icon)
        self.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Desk Breaks prompt")
        self._guard = _KeyGuard(monotonic, self)

        self._title = QLabel()
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setBold(True)
        self._title.setFont(title_font)
        self._detail = QLabel()
        self._detail.setWordWrap(True)
        # What the session needs besides a chair ("You need a wall and a doorway."): its own
        # line, so a snooze note never hides it.
        self._needs = QLabel()
        self._needs.setObjectName("needs")
        self._needs.setWordWrap(True)
        self._note = QLabel()
        self._note.setObjectName("note")
        self._note.setWordWrap(True)

        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("primary")  # looks like the main action
        self.start_button.setDefault(False)
        self.start_button.setAccessibleName("Start the session")
        self.start_button.setAccessibleDescription("Opens the guided session now.")
        self.start_button.clicked.connect(self.start_requested)

        self.skip_button = QPushButton("Skip")
        self.skip_button.setAccessibleName("Skip this session")
        self.skip_button.setAccessibleDescription("Lets this session go; the next one stays.")
        self.skip_button.clicked.connect(self.skip_requested)

        self._snooze_label = QLabel("Snooze")
        self.snooze_buttons: list[QPushButton] = []
        snooze_row = QHBoxLayout()
        snooze_row.setSpacing(4)
        snooze_row.addWidget(self._snooze_label)
        for minutes in snooze_choices_min:
            button = QPushButton(f"{minutes} min")
            button.setAccessibleName(f"Snooze {minutes} minutes")
            button.setAccessibleDescription(f"Offers this session again in {minutes} minutes.")
            button.clicked.connect(lambda _=False, m=minutes: self.snooze_requested.emit(m))
            self.snooze_buttons.append(button)
            snooze_row.addWidget(button)

        for guarded in self.buttons():
            guarded.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            guarded.setCursor(Qt.CursorShape.PointingHandCursor)
            guarded.installEventFilter(self._guard)

        actions = QHBoxLayout()
        actions.setSpacing(8)
        actions.addWidget(self.start_button)
        actions.addStretch(1)
        actions.addLayout(snooze_row)
        actions.addStretch(1)
        actions.addWidget(self.skip_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(6)
        layout.addWidget(self._title)
        layout.addWidget(self._detail)
        layout.addWidget(self._needs)
        layout.addWidget(self._note)
        layout.addSpacing(6)
        layout.addLayout(actions)
        self.setMinimumWidth(440)
        self._restyling = False
        self._restyle()

    def _restyle(self) -> None:
        """Make the style sheet from the current palette (again after a theme change)."""
        self._restyling = True
        try:
            self.setStyleSheet(stylesheet(self.palette()))
        finally:
            self._restyling = False

    def changeEvent(self, event: QEvent) -> None:
        """Follow a switch between light and dark while the prompt is open.

        Qt resolves a style sheet's colours when the widget is polished, so without this
        the labels kept the old palette's text colour (black on dark).
        """
        super().changeEvent(event)
        kind = event.type()
        if (
            kind in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
            and not self._restyling
        ):
            self._restyle()

    def buttons(self) -> list[QAbstractButton]:
        """Every button of the prompt."""
        return [self.start_button, *self.snooze_buttons, self.skip_button]

    def key_guard_active(self) -> bool:
        """Whether key presses on the buttons are still being ignored."""
        return self._guard.active()

    def present(
        self, offer: Offer, routine: Routine, *, can_snooze: bool, snooze_cap: int | None = None
    ) -> None:
        """Show (or update) the prompt for ``offer`` near the corner of the mouse's screen.

        ``snooze_cap`` is how many snoozes the settings allow (to say how many are left).
        """
        kind = offer.occurrence.kind
        title = "Time for a check-in" if kind is SessionKind.CHECK_IN else "Time for a break"
        self._title.setText(title)
        self.setWindowTitle(f"{title} — Desk Breaks")
        self._detail.setText(prompt_headline(routine))
        self._detail.setAccessibleName(prompt_headline(routine))
        needs = needs_sentence(routine.needs)
        self._needs.setText(needs)
        self._needs.setAccessibleName(needs)
        self._needs.setVisible(bool(needs))
        cap = offer.snoozes if offer.snoozes and not can_snooze else snooze_cap
        self._note.setText(snooze_note(offer.snoozes, cap) or routine.description)
        self._snooze_label.setVisible(can_snooze)
        for button in self.snooze_buttons:
            button.setVisible(can_snooze)
        was_visible = self.isVisible()
        self._guard.arm(KEY_GUARD_S)
        self.adjustSize()
        self.move(self._corner_position())
        if not was_visible:
            self.show()
        self.raise_()

    def _corner_position(self) -> QPoint:
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        area: QRect = screen.availableGeometry()
        size = self.sizeHint().expandedTo(self.size())
        return QPoint(
            area.right() - size.width() - _MARGIN + 1,
            area.bottom() - size.height() - _MARGIN + 1,
        )

    def withdraw(self) -> None:
        """Hide the prompt (the offer was answered or went away)."""
        self.hide()


def stylesheet(palette: QPalette) -> str:
    """The prompt's style sheet for ``palette``: Start as the main action, a legible note."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    on_highlight = legible(palette.color(QPalette.ColorRole.HighlightedText), highlight)
    edge = soften(text, window, 0.6, BOUNDARY_CONTRAST)
    note = soften(text, window, 0.3)
    return f"""
        #prompt {{ border: 1px solid {edge.name()}; border-radius: 0px; }}
        #note {{ color: {note.name()}; }}
        #needs {{ font-weight: bold; }}
        QPushButton {{ padding: 5px 12px; }}
        QPushButton#primary {{ background: {highlight.name()}; color: {on_highlight.name()};
            border: 1px solid {highlight.darker(115).name()}; border-radius: 3px;
            font-weight: bold; padding: 5px 18px; }}
        QPushButton#primary:hover {{ background: {highlight.lighter(110).name()}; }}
        QPushButton#primary:pressed {{ background: {highlight.darker(110).name()}; }}
        QPushButton#primary:focus {{ border: 2px solid {text.name()}; padding: 4px 17px; }}
        """
