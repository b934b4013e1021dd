"""A row of buttons answered once: a click says what was chosen, then a short confirmation.

The preface's notes ("Keep 20 s"), the finish screen's "How does your neck feel now?" and
the safety screen's "Leave this exercise out" all work this way: one tap, never a second
one, and the row stays where it was with a line that says the choice was heard.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desk_breaks.ui.session.look import PhaseLook, make_button, make_label, phase_colour

CHOICE_FONT = 0.95
"""A choice button's font, as a multiple of the screen's: a notch below the main buttons."""


class OneTap(QWidget):
    """Buttons (:meth:`add`) of which one may be pressed once; :attr:`chosen` says which.

    After the click the buttons go and :attr:`confirmation` shows the chosen button's
    words; keyboard focus moves to :attr:`focus_after` (the screen's main button), so it
    never falls to a widget the person did not expect.
    """

    chosen = Signal(object)
    """Emitted once with the value of the button pressed."""

    confirmed = Signal(str)
    """Emitted with the confirmation's words just before :attr:`chosen` (for screen readers)."""

    def __init__(
        self, font: QFont, scale: float, *, centred: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._font = font
        self._scale = scale
        self.focus_after: QWidget | None = None
        self.buttons: list[QPushButton] = []
        self._answers: dict[QPushButton, tuple[object, str]] = {}
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(round(self.fontMetrics().height() * 0.5))
        if centred:
            self._row.addStretch(1)
        self.confirmation: QLabel = make_label(font, scale, QFont.Weight.Normal, wrap=True)
        self.confirmation.setObjectName("confirmation")
        self.confirmation.hide()
        self._row.addWidget(self.confirmation, 0 if centred else 1)
        self._row.addStretch(1)
        self._centred = centred

    def add(
        self, text: str, value: object, confirmation: str, *, name: str = "", description: str = ""
    ) -> QPushButton:
        """Add a button showing ``text``; pressing it emits ``value``, then ``confirmation``.

        ``name`` is the accessible name (``text`` when empty), which should say what the
        button is about when ``text`` alone does not ("Leave Chin drop out").
        """
        button = make_button(
            self._font,
            self._scale * CHOICE_FONT,
            text,
            name or text,
            description or confirmation,
            description or confirmation,
        )
        em = button.fontMetrics().height()
        button.setMinimumHeight(round(em * 2.0))
        button.setMinimumWidth(button.sizeHint().width() + round(em * 0.6))
        button.clicked.connect(lambda: self._choose(button))
        self._row.insertWidget(self._row.indexOf(self.confirmation), button)
        self.buttons.append(button)
        self._answers[button] = (value, confirmation)
        return button

    @property
    def answered(self) -> bool:
        """Whether a button was pressed."""
        return self.confirmation.isVisibleTo(self)

    def _choose(self, button: QPushButton) -> None:
        if self.answered:
            return
        value, words = self._answers[button]
        had_focus = any(each.hasFocus() for each in self.buttons)
        if had_focus and self.focus_after is not None:
            self.focus_after.setFocus(Qt.FocusReason.OtherFocusReason)
        for each in self.buttons:
            each.hide()
        self.confirmation.setText(f"\u2713  {words}")
        self.confirmation.setAccessibleName(words)
        # The line takes the row's whole width (centred text stays centred in it).
        self._row.setStretch(self._row.count() - 1, 0)
        self._row.setStretch(0, 0)
        self._row.setStretchFactor(self.confirmation, 1)
        self.confirmation.show()
        self.confirmed.emit(words)
        self.chosen.emit(value)

    def apply_palette(self, palette: QPalette) -> None:
        """Colour the confirmation in the calm green of the finish screen's tick."""
        own = QPalette(palette)
        own.setColor(QPalette.ColorRole.WindowText, phase_colour(PhaseLook.RELAX, palette))
        self.confirmation.setPalette(own)
