"""The session window's four screens in one stack, one showing at a time."""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QWidget

from desk_breaks.core.content import Safety
from desk_breaks.core.session import Segment
from desk_breaks.ui.art import Illustrations
from desk_breaks.ui.session.exercise import ExerciseScreen
from desk_breaks.ui.session.finish import FinishScreen
from desk_breaks.ui.session.look import font_scale
from desk_breaks.ui.session.preface import PrefaceScreen
from desk_breaks.ui.session.safety import SafetyScreen

FULL_SCREEN_MAX_WIDTH_EM = 70
"""The content's widest extent in full screen, in multiples of the font height."""


class Screen(enum.Enum):
    """Which page of the dialog is showing."""

    PREFACE = "preface"
    SESSION = "session"
    FINISHED = "finished"
    SAFETY = "safety"


class SessionPages(QStackedWidget):
    """The preface, exercise, finish and safety screens, one attribute each.

    Give it its window as ``parent`` before anything is built, so every screen measures
    itself in the window's font.
    """

    def __init__(
        self,
        illustrations: Illustrations,
        safety: Safety,
        *,
        full_screen: bool,
        reduced_motion: bool,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        scale = font_scale(full_screen)
        self.exercise = ExerciseScreen(
            illustrations, scale, reduced_motion=reduced_motion, parent=self
        )
        self.finish = FinishScreen(scale, parent=self)
        self.safety = SafetyScreen(safety, scale, parent=self)
        self.preface = PrefaceScreen(scale, parent=self)
        self._pages: dict[Screen, QWidget] = {
            Screen.SESSION: self.exercise,
            Screen.FINISHED: self.finish,
            Screen.SAFETY: self.safety,
            Screen.PREFACE: self.preface,
        }
        for page in self._pages.values():
            self.addWidget(page)
        if full_screen:
            self.setMaximumWidth(self.fontMetrics().height() * FULL_SCREEN_MAX_WIDTH_EM)

    def fill(self, window: QWidget, *, full_screen: bool) -> None:
        """Lay these pages out as ``window``'s content (centred, bounded, in full screen)."""
        outer = QHBoxLayout(window)
        outer.setContentsMargins(0, 0, 0, 0)
        if full_screen:
            outer.addStretch(1)
            outer.addWidget(self, 100)
            outer.addStretch(1)
        else:
            outer.addWidget(self)

    def show_screen(self, screen: Screen) -> str | None:
        """Show ``screen``; focus its main button and return its title (None: the session)."""
        self.setCurrentWidget(self._pages[screen])
        self.preface.begin_button.setDefault(screen is Screen.PREFACE)
        if screen is Screen.PREFACE:
            self.preface.begin_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return self.preface.heading()
        shown: FinishScreen | SafetyScreen | None = None
        if screen is Screen.FINISHED:
            shown = self.finish
        elif screen is Screen.SAFETY:
            shown = self.safety
        if shown is None:
            return None
        shown.close_button.setDefault(True)
        shown.close_button.setFocus(Qt.FocusReason.OtherFocusReason)
        return shown.heading()

    def apply_palette(self, palette: QPalette, segment: Segment) -> None:
        """Restyle every screen for ``palette`` (the window's); ``segment`` is running."""
        self.exercise.apply_palette(palette, segment)
        self.finish.apply_palette(palette)
        self.safety.apply_palette(palette)
        self.preface.apply_palette(palette)
