"""The finish screen: a calm tick, how the session went, and a Close button."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desk_breaks.core.content import Routine, format_duration
from desk_breaks.core.engine import Outcome, SessionResult
from desk_breaks.ui.session.look import (
    PhaseLook,
    make_button,
    make_label,
    muted_palette,
    page_margins,
    phase_colour,
)


class DoneBadge(QWidget):
    """A calm tick in a soft circle for the finish screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        side = self.fontMetrics().height() * 4
        self.setFixedSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the circle and the tick."""
        colour = phase_colour(PhaseLook.RELAX, self.palette())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        soft = QColor(colour)
        soft.setAlphaF(0.16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(soft)
        side = float(min(self.width(), self.height()))
        painter.drawEllipse(QRectF(0, 0, side, side))
        pen = QPen(colour, side * 0.07)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        tick = QPainterPath()
        tick.moveTo(side * 0.3, side * 0.52)
        tick.lineTo(side * 0.44, side * 0.66)
        tick.lineTo(side * 0.71, side * 0.37)
        painter.drawPath(tick)
        painter.end()


def finish_summary(routine: Routine, result: SessionResult, active_s: float) -> str:
    """Return the finish screen's sentence, e.g. "You did 2 of 4 exercises in 3 min"."""
    total = len(routine.exercises)
    done = len(result.exercises_done)
    elapsed = format_duration(max(0, round(active_s)))
    if result.outcome is Outcome.COMPLETED:
        if total == 1:
            return f"You did the exercise in {elapsed}."
        return f"You did all {total} exercises in {elapsed}."
    if done:
        return f"You did {done} of {total} exercises in {elapsed}."
    return "No exercises this time, and that is fine."


class FinishScreen(QWidget):
    """Shows how a session went; :attr:`close_button` is for the window to connect."""

    def __init__(self, scale: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("finishPage")
        font = self.font()
        em = self.fontMetrics().height()
        layout = QVBoxLayout(self)
        page_margins(layout, em)
        layout.setSpacing(round(em * 0.8))
        layout.addStretch(5)
        badge = DoneBadge()
        layout.addWidget(badge, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(round(em * 0.4))
        self._title = make_label(font, 2.0 * scale, QFont.Weight.DemiBold)
        self._title.setObjectName("finishTitle")
        self._title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self._title)
        self._summary = make_label(font, 1.25 * scale, wrap=True)
        self._summary.setObjectName("finishSummary")
        self._summary.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self._summary)
        self._list: QLabel = make_label(font, 1.0 * scale, wrap=True)
        self._list.setObjectName("finishList")
        self._list.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self._list)
        layout.addStretch(6)
        row = QHBoxLayout()
        row.addStretch(1)
        self._close = make_button(
            font, scale, "Close", "Close", "Close this window.", "Close this window (Esc)"
        )
        self._close.setObjectName("finishClose")
        row.addWidget(self._close)
        row.addStretch(1)
        layout.addLayout(row)

    @property
    def close_button(self) -> QPushButton:
        """The Close button (the window connects it and gives it focus)."""
        return self._close

    def heading(self) -> str:
        """The screen's title as shown ("Well done" or "That's all for now")."""
        return self._title.text()

    def show_result(self, routine: Routine, result: SessionResult, active_s: float) -> str:
        """Fill the screen from ``result``; return the text to announce to screen readers."""
        summary = finish_summary(routine, result, active_s)
        self._title.setText("Well done" if result.exercises_done else "That's all for now")
        self._summary.setText(summary)
        names = [ex.name for ex in routine.exercises if ex.id in result.exercises_done]
        self._list.setText(" · ".join(names))
        self._list.setVisible(bool(names))
        return f"{self._title.text()}. {summary}"

    def apply_palette(self, palette: QPalette) -> None:
        """Mute the list of exercises done against ``palette`` (the window's)."""
        self._list.setPalette(muted_palette(palette))
