"""The calm "time to see a professional" screen the coach shows now and then.

The heading and the points come from the safety content (``advice_title`` and
``advice_points``), the sentence with the person's own figures from the coach
(:attr:`~desk_breaks.core.coach_types.Advice.because`), and the disclaimer closes it. One
"OK" button; nothing red, nothing that blinks: it is a suggestion, not an alarm. The
caller notes that it was shown (``CoachPort.advice_shown``) and never opens it during a
session.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from desk_breaks import APP_NAME
from desk_breaks.core.coach_types import Advice
from desk_breaks.core.content import Safety
from desk_breaks.core.i18n import N_, tr
from desk_breaks.ui.calm import CalmWindow, bullets, button, info_colour, label, panel

FALLBACK_TITLE = N_("It may be time to see a professional")
"""The heading when the content gives none."""


class AdviceWindow(CalmWindow):
    """The advice to see a professional: why now, what to do, and an OK button."""

    def __init__(self, safety: Safety, advice: Advice, parent: QWidget | None = None) -> None:
        super().__init__(tr("A word of advice · {app}", app=APP_NAME), parent)
        self.title_text = safety.advice_title or tr(FALLBACK_TITLE)
        self._points = list(safety.advice_points)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(12)
        layout.addWidget(label(tr("From your coach"), "step"))
        self.title = label(self.title_text, "title")
        layout.addWidget(self.title)
        self.because = label(advice.because, "lead")
        layout.addWidget(self.because)
        card = panel("info")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(16, 14, 16, 8)
        self.points = label("", rich=True)
        self.points.setAccessibleName(" ".join(self._points))
        inner.addWidget(self.points)
        card.setVisible(bool(self._points))
        layout.addWidget(card)
        layout.addStretch(1)
        self.disclaimer = label(safety.disclaimer, "muted")
        layout.addWidget(self.disclaimer)
        self.ok_button = button(tr("OK"), "primary", accessible=tr("OK: close"))
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.ok_button)
        layout.addLayout(row)
        self.resize(560, 420)
        self.restyle()
        self.ok_button.setFocus()
        self.announce(tr("{title}. {because}", title=self.title_text, because=advice.because))

    def palette_changed(self) -> None:
        """Colour the bullets for the palette."""
        if hasattr(self, "points"):
            em = self.fontMetrics().height()
            self.points.setText(bullets(self._points, info_colour(self), em))
