"""Painted widgets for the guided session: a countdown ring and a breathing pacer.

Neither widget owns a timer: the session dialog sets their values from the session
runner's clock and they repaint. Both follow the widget's palette and scale their text
from the widget's font.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QRadialGradient,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from desk_breaks.ui.art import blend


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def _font(base: QFont, pixels: float, weight: QFont.Weight) -> QFont:
    font = QFont(base)
    font.setPixelSize(max(1, round(pixels)))
    font.setWeight(weight)
    return font


def scaled_font(base: QFont, factor: float, weight: QFont.Weight | None = None) -> QFont:
    """``base`` made ``factor`` times as large (in points, or pixels when set in pixels).

    ``weight`` replaces the base font's weight; None keeps it.
    """
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * factor)
    else:
        font.setPixelSize(max(1, round(base.pixelSize() * factor)))
    if weight is not None:
        font.setWeight(weight)
    return font


def _text_size(widget: QWidget) -> float:
    """Return the pixel height of the widget's font (for sizes that follow the app font)."""
    return float(widget.fontMetrics().height())


class _Dial(QWidget):
    """Shared sizing and colours for the round widgets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colour = QColor("#2f80ed")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def colour(self) -> QColor:
        """The colour of the current phase."""
        return QColor(self._colour)

    def set_colour(self, colour: QColor) -> None:
        """Paint in ``colour`` (the current phase's colour)."""
        if colour != self._colour:
            self._colour = QColor(colour)
            self.update()

    def sizeHint(self) -> QSize:
        """Big enough to read across a desk."""
        side = round(_text_size(self) * 12)
        return QSize(side, side)

    def minimumSizeHint(self) -> QSize:
        """Small enough for a compact window."""
        side = round(_text_size(self) * 7)
        return QSize(side, side)

    def _square(self) -> QRectF:
        side = min(self.width(), self.height())
        square = QRectF(0, 0, side, side)
        square.moveCenter(QRectF(self.rect()).center())
        return square

    def _track(self) -> QColor:
        palette = self.palette()
        return blend(
            palette.color(QPalette.ColorRole.Window),
            palette.color(QPalette.ColorRole.WindowText),
            0.12,
        )

    def _muted(self) -> QColor:
        palette = self.palette()
        return blend(
            palette.color(QPalette.ColorRole.WindowText),
            palette.color(QPalette.ColorRole.Window),
            0.4,
        )


class CountdownRing(_Dial):
    """A ring that drains as a phase runs, with the whole seconds left in the middle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fraction = 1.0
        self._seconds = 0
        self._caption = ""
        self._paused = False

    def fraction(self) -> float:
        """The part of the phase still to go, 1.0 at the start and 0.0 at the end."""
        return self._fraction

    def seconds(self) -> int:
        """The whole seconds shown in the middle."""
        return self._seconds

    def caption(self) -> str:
        """The small word under the number."""
        return self._caption

    def is_paused(self) -> bool:
        """Whether the ring is drawn as paused."""
        return self._paused

    def set_value(self, fraction: float, seconds: int) -> None:
        """Show ``fraction`` of the ring left and ``seconds`` in the middle."""
        fraction = _clamp(fraction)
        seconds = max(0, seconds)
        if (fraction, seconds) != (self._fraction, self._seconds):
            self._fraction = fraction
            self._seconds = seconds
            self.update()

    def set_caption(self, caption: str) -> None:
        """Set the small word under the number (for example "seconds")."""
        if caption != self._caption:
            self._caption = caption
            self.update()

    def set_paused(self, paused: bool) -> None:
        """Dim the ring while the session is paused."""
        if paused != self._paused:
            self._paused = paused
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the track, the remaining arc and the number."""
        square = self._square()
        side = square.width()
        if side < 8:
            return
        thickness = max(4.0, side * 0.065)
        ring = square.adjusted(thickness, thickness, -thickness, -thickness)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self._track(), thickness)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawEllipse(ring)
        colour = self.colour()
        if self._paused:
            colour = blend(colour, self._track(), 0.55)
        if self._fraction > 0.0:
            pen.setColor(colour)
            painter.setPen(pen)
            span = round(-self._fraction * 360 * 16)
            painter.drawArc(ring, 90 * 16, span)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        number_px = side * 0.3
        caption_px = max(_text_size(self) * 0.9, side * 0.075)
        number_box = QRectF(ring)
        number_box.setHeight(ring.height() * 0.62)
        number_box.moveBottom(ring.center().y() + number_px * 0.42)
        painter.setPen(text if not self._paused else self._muted())
        painter.setFont(_font(self.font(), number_px, QFont.Weight.DemiBold))
        painter.drawText(
            number_box,
            int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
            str(self._seconds),
        )
        if self._caption:
            caption_box = QRectF(ring)
            caption_box.setTop(number_box.bottom() + caption_px * 0.15)
            painter.setPen(self._muted())
            painter.setFont(_font(self.font(), caption_px, QFont.Weight.Normal))
            painter.drawText(
                caption_box,
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                self._caption,
            )
        painter.end()


class Breath(enum.Enum):
    """The part of a breath the pacer shows."""

    IN = "in"
    HOLD = "hold"
    OUT = "out"


def _ease(t: float) -> float:
    """Ease in and out, like a calm breath."""
    return 0.5 - 0.5 * math.cos(math.pi * _clamp(t))


class BreathPacer(_Dial):
    """A soft circle that grows on the in-breath, rests on the hold and shrinks on the out.

    Set the breath, how far through it is (0..1), the word to show and the seconds left.
    With reduced motion it shows only the word and the count.
    """

    SMALLEST = 0.55
    """The circle's radius at empty lungs, as a part of the largest radius."""
    PADDING = 0.08
    """Room kept between the text and the smallest circle, as a part of its radius."""

    def __init__(self, parent: QWidget | None = None, *, reduced_motion: bool = False) -> None:
        super().__init__(parent)
        self._breath = Breath.IN
        self._progress = 0.0
        self._word = ""
        self._seconds = 0
        self._reduced_motion = reduced_motion

    def breath(self) -> Breath:
        """The part of the breath shown."""
        return self._breath

    def progress(self) -> float:
        """How far through the current part of the breath, 0..1."""
        return self._progress

    def word(self) -> str:
        """The phase word shown."""
        return self._word

    def seconds(self) -> int:
        """The count shown."""
        return self._seconds

    def reduced_motion(self) -> bool:
        """Whether only text is shown."""
        return self._reduced_motion

    def draws_circle(self) -> bool:
        """Whether the growing and shrinking circle is drawn."""
        return not self._reduced_motion

    def set_reduced_motion(self, reduced: bool) -> None:
        """Show only text (True) or the moving circle (False)."""
        if reduced != self._reduced_motion:
            self._reduced_motion = reduced
            self.update()

    def level(self) -> float:
        """How full the circle is now: 0 at empty lungs, 1 at full lungs (eased)."""
        if self._breath is Breath.IN:
            return _ease(self._progress)
        if self._breath is Breath.OUT:
            return 1.0 - _ease(self._progress)
        return 1.0

    def set_breath(self, breath: Breath, progress: float, word: str, seconds: int) -> None:
        """Show ``breath``, ``progress`` of the way through, with ``word`` and ``seconds``."""
        state = (breath, _clamp(progress), word, max(0, seconds))
        if state != (self._breath, self._progress, self._word, self._seconds):
            self._breath, self._progress, self._word, self._seconds = state
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the circle (unless motion is reduced) and the word with the count."""
        square = self._square()
        side = square.width()
        if side < 8:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = square.center()
        largest = side / 2 - max(2.0, side * 0.045)
        if not self._reduced_motion:
            guide = QPen(self._track(), max(1.5, side * 0.012))
            painter.setPen(guide)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, largest, largest)
            radius = largest * (self.SMALLEST + (1 - self.SMALLEST) * self.level())
            colour = self.colour()
            gradient = QRadialGradient(centre, radius)
            inner = QColor(colour)
            inner.setAlphaF(0.07)
            outer = QColor(colour)
            outer.setAlphaF(0.26)
            gradient.setColorAt(0.0, inner)
            gradient.setColorAt(1.0, outer)
            painter.setBrush(gradient)
            edge = QColor(colour)
            edge.setAlphaF(0.7)
            painter.setPen(QPen(edge, max(1.5, side * 0.012)))
            painter.drawEllipse(centre, radius, radius)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        layout = self.text_layout()
        painter.setPen(text)
        painter.setFont(layout.word_font)
        painter.drawText(layout.word_box, int(Qt.AlignmentFlag.AlignCenter), self._word)
        painter.setFont(layout.number_font)
        painter.drawText(layout.number_box, int(Qt.AlignmentFlag.AlignCenter), str(self._seconds))
        painter.end()

    def smallest_radius(self) -> float:
        """The circle's radius at empty lungs, in pixels (the room the text must fit in)."""
        side = self._square().width()
        return (side / 2 - max(2.0, side * 0.045)) * self.SMALLEST

    def text_layout(self) -> PacerText:
        """Where the word and the count go: inside the smallest circle, whatever the word.

        The word's size steps down until its line fits the circle's chord at that height,
        so "Breathe out" never crosses the edge while the circle is at its smallest.
        """
        square = self._square()
        side = square.width()
        centre = square.center()
        room = self.smallest_radius() * (1 - self.PADDING)
        number_px = side * 0.16
        number_font = _font(self.font(), number_px, QFont.Weight.DemiBold)
        word_px = max(_text_size(self) * 1.1, side * 0.085)
        while True:
            word_font = _font(self.font(), word_px, QFont.Weight.DemiBold)
            word_h = word_px * 1.3
            gap = word_px * 0.2
            block = word_h + gap + number_px * 1.15
            top = centre.y() - block / 2
            reach = centre.y() - top  # the word's top edge, the farthest from the centre
            chord = 2 * math.sqrt(max(0.0, room * room - reach * reach))
            width = QFontMetricsF(word_font).horizontalAdvance(self._word)
            if width <= chord or word_px <= 6:
                break
            word_px *= 0.94
        word_box = QRectF(centre.x() - chord / 2, top, chord, word_h)
        number_box = QRectF(square.left(), top + word_h + gap, side, number_px * 1.15)
        return PacerText(word_font, word_box, width, number_font, number_box)


@dataclass(frozen=True)
class PacerText:
    """The pacer's text: the word's font, box and drawn width, the count's font and box."""

    word_font: QFont
    word_box: QRectF
    word_width: float
    number_font: QFont
    number_box: QRectF


__all__ = ["Breath", "BreathPacer", "CountdownRing", "PacerText"]
