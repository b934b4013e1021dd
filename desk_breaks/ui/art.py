"""Exercise illustrations: SVG line art rendered sharp, recoloured for the palette, mirrored.

The shipped drawings use exactly three stroke colours (see :data:`FIGURE`, :data:`ACCENT`
and :data:`PROPS`) on a transparent background, so they can be recoloured by replacing
those strings before the SVG is parsed. One-sided exercises are drawn for the left side;
the right side is the same drawing mirrored.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

log = logging.getLogger(__name__)

FIGURE = "#2b3440"
"""Stroke colour of the person in the shipped drawings."""
ACCENT = "#2f80ed"
"""Stroke colour of the motion arrows."""
PROPS = "#aab4c0"
"""Stroke colour of chairs, desks and other props."""

ACCENT_ON_DARK = "#6aa9ff"
"""The arrow blue used on dark palettes (the shipped blue is too dark there)."""

_CACHE_SIZE = 48


@dataclass(frozen=True)
class Inks:
    """The three colours a drawing is painted with."""

    figure: str
    accent: str
    props: str


def is_dark(palette: QPalette) -> bool:
    """Return True when the palette's window colour is dark."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def blend(a: QColor, b: QColor, t: float) -> QColor:
    """Return the colour ``t`` of the way from ``a`` to ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
        a.alphaF() + (b.alphaF() - a.alphaF()) * t,
    )


def inks_for(palette: QPalette) -> Inks:
    """Return the colours that keep a drawing readable on ``palette``."""
    if not is_dark(palette):
        return Inks(FIGURE, ACCENT, PROPS)
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    return Inks(text.name(), ACCENT_ON_DARK, blend(text, window, 0.5).name())


class Illustrations:
    """Finds illustrations by file name in a list of folders and renders them to pixmaps.

    Renders are cached by name, size, pixel ratio, mirroring and colours. A file that is
    missing or unreadable gives a neutral placeholder and is logged once.
    """

    def __init__(self, dirs: Sequence[Path]) -> None:
        self._dirs = [Path(d) for d in dirs]
        self._sources: dict[str, bytes | None] = {}
        self._renders: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()
        self._reported: set[str] = set()

    def find(self, name: str) -> Path | None:
        """Return the first file called ``name`` in the folders, or None."""
        if not name or Path(name).name != name:
            return None
        for folder in self._dirs:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        return None

    def has(self, name: str) -> bool:
        """Return True when ``name`` can be drawn (it exists and is a valid SVG)."""
        return self._source(name) is not None

    def pixmap(
        self,
        name: str,
        size: QSize,
        *,
        dpr: float = 1.0,
        mirrored: bool = False,
        palette: QPalette | None = None,
    ) -> QPixmap:
        """Return ``name`` drawn to fit ``size`` (logical pixels) at pixel ratio ``dpr``."""
        inks = inks_for(palette if palette is not None else QPalette())
        dpr = max(1.0, float(dpr))
        key: tuple[object, ...] = (name, size.width(), size.height(), dpr, mirrored, inks)
        cached = self._renders.get(key)
        if cached is not None:
            self._renders.move_to_end(key)
            return cached
        pixmap = self._render(name, size, dpr, mirrored, inks)
        self._renders[key] = pixmap
        while len(self._renders) > _CACHE_SIZE:
            self._renders.popitem(last=False)
        return pixmap

    # -- internals ------------------------------------------------------------------------

    def _source(self, name: str) -> bytes | None:
        if name in self._sources:
            return self._sources[name]
        data: bytes | None = None
        path = self.find(name)
        if path is None:
            self._report(name, "not found in %s", ", ".join(str(d) for d in self._dirs))
        else:
            try:
                data = path.read_bytes()
            except OSError as exc:
                self._report(name, "cannot be read (%s)", exc.strerror)
            else:
                if not QSvgRenderer(QByteArray(data)).isValid():
                    self._report(name, "is not a valid SVG (%s)", path)
                    data = None
        self._sources[name] = data
        return data

    def _report(self, name: str, why: str, *args: object) -> None:
        if name not in self._reported:
            self._reported.add(name)
            log.warning("illustration %r " + why + "; showing a placeholder", name, *args)

    def _render(self, name: str, size: QSize, dpr: float, mirrored: bool, inks: Inks) -> QPixmap:
        width = max(1, round(size.width() * dpr))
        height = max(1, round(size.height() * dpr))
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if mirrored:
            painter.translate(width, 0)
            painter.scale(-1, 1)
        source = self._source(name)
        if source is None:
            _paint_placeholder(painter, QRectF(0, 0, width, height), inks)
        else:
            renderer = QSvgRenderer(QByteArray(_recolour(source, inks)))
            renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
            renderer.render(painter, QRectF(0, 0, width, height))
        painter.end()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(dpr)
        return pixmap


_INK_PATTERN = re.compile(
    "|".join(re.escape(c) for c in (FIGURE, ACCENT, PROPS)).encode(), re.IGNORECASE
)


def _recolour(source: bytes, inks: Inks) -> bytes:
    if inks == Inks(FIGURE, ACCENT, PROPS):
        return source
    mapping = {FIGURE: inks.figure, ACCENT: inks.accent, PROPS: inks.props}
    return _INK_PATTERN.sub(lambda m: mapping[m.group(0).decode().lower()].encode(), source)


def _paint_placeholder(painter: QPainter, area: QRectF, inks: Inks) -> None:
    """Draw a quiet stand-in: a dashed frame around a simple head-and-shoulders outline."""
    side = min(area.width(), area.height())
    box = QRectF(0, 0, side * 0.8, side * 0.8)
    box.moveCenter(area.center())
    colour = QColor(inks.props)
    pen = QPen(colour, max(1.0, side / 120), Qt.PenStyle.DashLine)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    radius = side * 0.06
    painter.drawRoundedRect(box, radius, radius)
    pen.setStyle(Qt.PenStyle.SolidLine)
    pen.setWidthF(max(1.5, side / 60))
    painter.setPen(pen)
    c = box.center()
    head = side * 0.1
    painter.drawEllipse(QPointF(c.x(), c.y() - side * 0.08), head, head)
    shoulders = QRectF(c.x() - side * 0.2, c.y() + side * 0.08, side * 0.4, side * 0.3)
    painter.drawArc(shoulders, 0, 180 * 16)


class IllustrationView(QWidget):
    """Shows one illustration, scaled to the widget, re-rendered sharp on every resize."""

    def __init__(self, illustrations: Illustrations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._illustrations = illustrations
        self._name = ""
        self._mirrored = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)

    @property
    def name(self) -> str:
        """The file name shown."""
        return self._name

    @property
    def mirrored(self) -> bool:
        """Whether the drawing is flipped left to right (right-side exercises)."""
        return self._mirrored

    def set_image(self, name: str, *, mirrored: bool = False) -> None:
        """Show ``name``, flipped when ``mirrored``."""
        if (name, mirrored) != (self._name, self._mirrored):
            self._name = name
            self._mirrored = mirrored
            self.update()

    def current_pixmap(self) -> QPixmap:
        """Return the pixmap as it is painted now."""
        side = max(1, min(self.width(), self.height()))
        return self._illustrations.pixmap(
            self._name,
            QSize(side, side),
            dpr=self.devicePixelRatioF(),
            mirrored=self._mirrored,
            palette=self.palette(),
        )

    def sizeHint(self) -> QSize:
        """About the size the drawings were made for."""
        return QSize(240, 240)

    def hasHeightForWidth(self) -> bool:
        """The drawings are square."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Return ``width``: the drawings are square."""
        return width

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the pixmap centred."""
        if not self._name:
            return
        pixmap = self.current_pixmap()
        logical = pixmap.deviceIndependentSize()
        x = (self.width() - logical.width()) / 2
        y = (self.height() - logical.height()) / 2
        painter = QPainter(self)
        painter.drawPixmap(QPointF(x, y), pixmap)
        painter.end()
