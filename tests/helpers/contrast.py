"""WCAG contrast measured from rendered pixels (what a person sees), not read from a palette.

:func:`measure_window` grabs a window once and, for every visible and enabled label,
button, check box and radio button in it, finds the background behind the widget (its
most common colour) and the text or indicator colour with the most contrast against that
background, then computes the WCAG 2 contrast ratio. Each widget gets a :class:`Reading`
with the ratio it needs: 4.5:1 for text, 3:1 for large text (18 pt, or 14 pt bold) and
for the boundary of a check box or radio indicator (WCAG 1.4.11).

Anti-aliasing and stray pixels are handled by counting a colour as "drawn" only when at
least :data:`MIN_PIXELS` pixels of it (after rounding to 8 levels per channel) are there.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QLabel,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

TEXT = 4.5
LARGE_TEXT = 3.0
BOUNDARY = 3.0
MIN_PIXELS = 3


def luminance(rgb: tuple[int, int, int]) -> float:
    """The WCAG relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _pixels(image: QImage, rect: QRect) -> Counter[tuple[int, int, int]]:
    rect = rect.intersected(image.rect())
    counts: Counter[tuple[int, int, int]] = Counter()
    for y in range(rect.top(), rect.bottom() + 1):
        for x in range(rect.left(), rect.right() + 1):
            colour = image.pixelColor(x, y)
            counts[(colour.red(), colour.green(), colour.blue())] += 1
    return counts


def _quantised(counts: Counter[tuple[int, int, int]]) -> dict[tuple[int, int, int], int]:
    """Pixel counts per colour bucket (8 levels a channel), keyed by the bucket's real colour."""
    buckets: dict[tuple[int, int, int], Counter[tuple[int, int, int]]] = {}
    for rgb, n in counts.items():
        key = (rgb[0] // 32, rgb[1] // 32, rgb[2] // 32)
        buckets.setdefault(key, Counter())[rgb] += n
    return {c.most_common(1)[0][0]: sum(c.values()) for c in buckets.values()}


def dominant(image: QImage, rect: QRect) -> tuple[int, int, int]:
    """The most common colour in ``rect`` of ``image``."""
    return _pixels(image, rect).most_common(1)[0][0]


def strongest(
    image: QImage, rect: QRect, background: tuple[int, int, int]
) -> tuple[tuple[int, int, int], float]:
    """The drawn colour in ``rect`` with the most contrast to ``background``, and the ratio."""
    counts = _pixels(image, rect)
    drawn = {rgb: n for rgb, n in counts.items() if n >= MIN_PIXELS}
    for rgb, n in _quantised(counts).items():  # anti-aliased glyph cores land in one bucket
        if n >= MIN_PIXELS:
            drawn.setdefault(rgb, n)
    if not drawn:
        return background, 1.0
    best = max(drawn, key=lambda rgb: ratio(rgb, background))
    return best, ratio(best, background)


@dataclass(frozen=True)
class Reading:
    """One measurement: what was measured, the colours found, the ratio and what it needs."""

    window: str
    what: str
    foreground: tuple[int, int, int]
    background: tuple[int, int, int]
    ratio: float
    needed: float

    @property
    def passes(self) -> bool:
        return self.ratio >= self.needed

    def __str__(self) -> str:
        fg = QColor(*self.foreground).name()
        bg = QColor(*self.background).name()
        return (
            f"{self.window}: {self.what}: {fg} on {bg} = {self.ratio:.2f}:1 (needs {self.needed})"
        )


def _large(widget: QWidget) -> bool:
    font = widget.font()
    points = font.pointSizeF()
    if points <= 0:
        points = font.pixelSize() * 72 / max(1.0, widget.logicalDpiY())
    return points >= 18 or (font.bold() and points >= 14)


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
    kind = type(widget).__name__
    label = (widget.objectName() + " " if widget.objectName() else "") + repr(text[:40])
    return f"{kind} {label}"


def _wholly_in_view(widget: QWidget, window: QWidget) -> bool:
    """Whether all of ``widget`` is on screen: inside the window and its scrolling page."""
    if not window.rect().contains(QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())):
        return False
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    if parent is None:
        return True
    viewport = parent.viewport()
    return viewport.rect().contains(QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size()))


def _measured(window: QWidget) -> list[QWidget]:
    found: list[QWidget] = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, (QLabel, QAbstractButton)):
            continue
        if not widget.isVisibleTo(window) or not widget.isEnabled():
            continue
        if widget.visibleRegion().isEmpty() or widget.width() < 4 or widget.height() < 4:
            continue
        if not _wholly_in_view(widget, window):
            continue  # scrolled partly out of its page: measured where it can be seen
        if isinstance(widget, QLabel) and widget.objectName() == "announcement":
            continue
        if isinstance(widget, QLabel) and not widget.text().strip() and widget.pixmap().isNull():
            continue
        if isinstance(widget, QAbstractButton) and not widget.text().strip():
            continue
        found.append(widget)
    return found


def indicator_rect(button: QCheckBox | QRadioButton) -> QRect:
    """Where the style draws the check box's or radio button's indicator, in its coordinates."""
    option = QStyleOptionButton()
    button.initStyleOption(option)
    element = (
        QStyle.SubElement.SE_CheckBoxIndicator
        if isinstance(button, QCheckBox)
        else QStyle.SubElement.SE_RadioButtonIndicator
    )
    return button.style().subElementRect(element, option, button)


def measure_widget(
    image: QImage, scale: float, window: QWidget, widget: QWidget, tag: str
) -> list[Reading]:
    """Measure ``widget`` (a child of ``window``) in ``image``, the window grabbed at ``scale``."""

    def to_image(rect: QRect) -> QRect:
        top_left = widget.mapTo(window, rect.topLeft())
        return QRect(
            round(top_left.x() * scale),
            round(top_left.y() * scale),
            max(1, round(rect.width() * scale)),
            max(1, round(rect.height() * scale)),
        )

    inset = (
        3
        if isinstance(widget, QAbstractButton) and not isinstance(widget, (QCheckBox, QRadioButton))
        else 0
    )  # leave a push button's frame out: the text is measured against the face
    whole = to_image(widget.rect().adjusted(inset, inset, -inset, -inset))
    readings: list[Reading] = []
    name = _name(widget)
    if isinstance(widget, (QCheckBox, QRadioButton)):
        box = indicator_rect(widget)
        if box.width() > 1:
            # The indicator against what is around the widget (its own background).
            around = dominant(image, whole)
            colour, value = strongest(image, to_image(box), around)
            readings.append(Reading(tag, f"{name} indicator", colour, around, value, BOUNDARY))
            text_rect = QRect(widget.rect())
            text_rect.setLeft(box.right() + 2)
            whole = to_image(text_rect)
    background = dominant(image, whole)
    colour, value = strongest(image, whole, background)
    if isinstance(widget, QLabel) and not widget.text().strip():
        # A picture (an exercise figure): a graphic needs 3:1 (WCAG 1.4.11).
        readings.append(Reading(tag, f"{name} picture", colour, background, value, BOUNDARY))
        return readings
    needed = LARGE_TEXT if _large(widget) else TEXT
    readings.append(Reading(tag, f"{name} text", colour, background, value, needed))
    return readings


def measure_window(window: QWidget, tag: str) -> list[Reading]:
    """Grab ``window`` and measure every visible, enabled label and button in it."""
    pixmap = window.grab()
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_RGB32)
    scale = pixmap.devicePixelRatio()
    readings: list[Reading] = []
    for widget in _measured(window):
        readings += measure_widget(image, scale, window, widget, tag)
    return readings


def failures(readings: list[Reading]) -> list[str]:
    """The readings that fall short, as lines for an assertion message."""
    return [str(r) for r in readings if not r.passes]


__all__ = [
    "BOUNDARY",
    "LARGE_TEXT",
    "TEXT",
    "Reading",
    "dominant",
    "failures",
    "indicator_rect",
    "luminance",
    "measure_window",
    "ratio",
    "strongest",
]
