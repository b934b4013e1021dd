"""A chart's key: small swatches drawn like the chart draws them, each with its words."""

from __future__ import annotations

import enum
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from desk_breaks.core.i18n import tr
from desk_breaks.ui.progress.look import Inks, inks, small_font


class Key(enum.Enum):
    """What a swatch shows."""

    SESSIONS = "sessions"
    CHECK_INS = "check-ins"
    LEVELS = "levels"
    """The calendar's five shades, from none done to all."""
    OFF = "off"
    PAIN_DOT = "pain-dot"
    PAIN_DIAMOND = "pain-diamond"
    COMFORT_LINE = "comfort-line"
    COMFORT_DOT = "comfort-dot"


class Legend(QWidget):
    """A row of swatches with words, e.g. [teal] Sessions  [tint] Check-ins."""

    def __init__(self, entries: Sequence[tuple[Key, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries = tuple(entries)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(
            tr(
                "Key: {entries}",
                entries=tr("; ", "legend separator").join(t for _, t in self.entries),
            )
        )

    def _font_metrics_width(self, text: str) -> int:
        return self.fontMetrics().horizontalAdvance(text)

    def _swatch_width(self, key: Key) -> float:
        em = self.fontMetrics().height()
        return em * (3.6 if key is Key.LEVELS else 1.2 if key is Key.COMFORT_LINE else 0.8)

    def sizeHint(self) -> QSize:
        em = self.fontMetrics().height()
        width = sum(
            self._swatch_width(k) + self._font_metrics_width(t) + em * 1.8 for k, t in self.entries
        )
        return QSize(round(width), round(em * 1.3))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw each swatch and its words, left to right."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = inks(self.palette())
        font = small_font(self.font(), 0.88)
        painter.setFont(font)
        em = self.fontMetrics().height()
        x = 0.0
        middle = self.height() / 2
        for key, text in self.entries:
            width = self._swatch_width(key)
            self._swatch(painter, ink, key, QRectF(x, middle - em * 0.4, width, em * 0.8))
            x += width + em * 0.4
            painter.setPen(ink.muted)
            advance = painter.fontMetrics().horizontalAdvance(text)
            painter.drawText(
                QRectF(x, 0, advance + 2, self.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            x += advance + em * 1.4
        painter.end()

    def _swatch(self, painter: QPainter, ink: Inks, key: Key, box: QRectF) -> None:
        side = box.height()
        square = QRectF(box.left(), box.top(), side, side)
        radius = side * 0.22
        painter.setPen(Qt.PenStyle.NoPen)
        if key in (Key.SESSIONS, Key.CHECK_INS):
            painter.setBrush(ink.sessions if key is Key.SESSIONS else ink.check_ins)
            painter.drawRoundedRect(square, radius, radius)
        elif key is Key.LEVELS:
            step = box.width() / 5
            for n, ratio in enumerate((0.0, 0.25, 0.5, 0.75, 1.0)):
                painter.setBrush(ink.level(ratio))
                cell = QRectF(box.left() + n * step, box.top(), step * 0.84, side * 0.84)
                painter.drawRoundedRect(cell, radius, radius)
        elif key is Key.OFF:
            painter.setPen(QPen(ink.faint, 1.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(square.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
        elif key is Key.PAIN_DOT:
            painter.setBrush(ink.pain)
            painter.drawEllipse(square.adjusted(side * 0.2, side * 0.2, -side * 0.2, -side * 0.2))
        elif key is Key.PAIN_DIAMOND:
            c = square.center()
            r = side * 0.42
            painter.setBrush(ink.pain)
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(c.x(), c.y() - r),
                        QPointF(c.x() + r, c.y()),
                        QPointF(c.x(), c.y() + r),
                        QPointF(c.x() - r, c.y()),
                    ]
                )
            )
        elif key is Key.COMFORT_LINE:
            pen = QPen(ink.comfort, max(2.0, side * 0.2))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            y = box.center().y()
            painter.drawLine(QPointF(box.left() + 1, y), QPointF(box.right() - 1, y))
        elif key is Key.COMFORT_DOT:
            painter.setBrush(ink.comfort_soft)
            painter.drawEllipse(square.center(), side * 0.22, side * 0.22)
