"""The comfort journal as a trend: each rating a dot, a smoothed line through them.

The vertical scale is always 0 to 10, so a rise from 4 to 7 looks like what it is. Each
day's rating is a small soft dot; the line is the average of the ratings in the fortnight
around each one, which shows the direction without the day-to-day noise. A stop for pain
or dizziness is a coral diamond on the line at its day, with a faint guide down to the
axis. The arrow keys move between the days that have a rating or a stop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from desk_breaks.core.i18n import month_short, tr
from desk_breaks.core.progress_types import ComfortPoint, PainMark
from desk_breaks.ui.progress.chart import Chart
from desk_breaks.ui.progress.look import Inks, day_text, small_font

SMOOTHING_DAYS = 7
"""Ratings this many days either side make up each point of the line."""


@dataclass(frozen=True)
class TrendDay:
    """One day on the trend: its rating (if any), its note and the stops for pain."""

    day: date
    score: int | None
    note: str
    stops: tuple[str, ...]
    """The exercise named by each stop ("" when none was named)."""


def smoothed(points: Sequence[ComfortPoint]) -> list[tuple[date, float]]:
    """Return the average rating of the fortnight around each rated day."""
    line: list[tuple[date, float]] = []
    low = 0
    for point in points:
        while points[low].day < point.day - timedelta(days=SMOOTHING_DAYS):
            low += 1
        high = low
        total = 0
        while high < len(points) and points[high].day <= point.day + timedelta(days=SMOOTHING_DAYS):
            total += points[high].score
            high += 1
        line.append((point.day, total / (high - low)))
    return line


class TrendChart(Chart):
    """Comfort from 0 to 10 over the days from :attr:`start` to :attr:`today`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            tr("Comfort trend, 0 to 10, with stops for pain"),
            tr("Left and right arrows move between the days with a rating or a stop."),
            parent,
        )
        self.setObjectName("trendChart")
        self.today = date.today()
        self.start = self.today
        self.items: tuple[TrendDay, ...] = ()
        self._line: list[tuple[date, float]] = []

    def set_trend(
        self,
        points: Sequence[ComfortPoint],
        marks: Sequence[PainMark],
        start: date,
        today: date,
    ) -> None:
        """Show the ratings and stops from ``start`` to ``today``."""
        self.start, self.today = start, today
        shown = [p for p in points if start <= p.day <= today]
        self._line = smoothed(shown)
        stops: dict[date, list[str]] = {}
        for mark in marks:
            day = mark.at.astimezone().date() if mark.at.tzinfo else mark.at.date()
            if start <= day <= today:
                stops.setdefault(day, []).append(mark.exercise_name)
        rated = {p.day: p for p in shown}
        self.items = tuple(
            TrendDay(
                day,
                rated[day].score if day in rated else None,
                rated[day].note if day in rated else "",
                tuple(stops.get(day, ())),
            )
            for day in sorted(set(rated) | set(stops))
        )
        self.reset_items()

    # -- Chart ----------------------------------------------------------------------------

    def item_count(self) -> int:
        return len(self.items)

    def item_text(self, index: int) -> str:
        item = self.items[index]
        parts = [
            tr("comfort {score}", score=item.score) if item.score is not None else tr("no rating")
        ]
        if item.note:
            parts.append(tr("note: {note}", note=item.note))
        for name in item.stops:
            parts.append(
                tr("stopped for pain or dizziness during {exercise}", exercise=name)
                if name
                else tr("stopped for pain or dizziness")
            )
        separator = tr(", ", "list separator")
        return tr(
            "{date}: {parts}", date=day_text(item.day, self.today), parts=separator.join(parts)
        )

    def painted_texts(self) -> list[str]:
        """Every word painted under the plot: the months' names."""
        names: list[str] = []
        day = self.start.replace(day=1)
        while day <= self.today:
            names.append(month_short(day))
            day = (day + timedelta(days=32)).replace(day=1)
        return names

    def item_at(self, pos: QPointF) -> int | None:
        if not self.items:
            return None
        best, distance = None, self.em() * 0.8
        for index, item in enumerate(self.items):
            gap = abs(self._x(item.day) - pos.x())
            if gap <= distance:
                best, distance = index, gap
        return best

    def sizeHint(self) -> QSize:
        return QSize(self.em() * 34, self.em() * 13)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.em() * 20, self.em() * 10)

    # -- geometry -------------------------------------------------------------------------

    def _plot(self) -> QRectF:
        em = self.em()
        return QRectF(
            em * 2.2, em * 0.7, self.width() - em * 2.2 - em * 0.8, self.height() - em * 2.4
        )

    def _x(self, day: date) -> float:
        plot = self._plot()
        span = max(1, (self.today - self.start).days)
        return plot.left() + plot.width() * (day - self.start).days / span

    def _y(self, score: float) -> float:
        plot = self._plot()
        return plot.bottom() - plot.height() * score / 10

    def _line_at(self, day: date) -> float | None:
        """The smoothed line's value on ``day`` (between its neighbours)."""
        if not self._line:
            return None
        before = [(d, v) for d, v in self._line if d <= day]
        after = [(d, v) for d, v in self._line if d >= day]
        if not before:
            return after[0][1]
        if not after:
            return before[-1][1]
        (d0, v0), (d1, v1) = before[-1], after[0]
        if d0 == d1:
            return v0
        return v0 + (v1 - v0) * (day - d0).days / (d1 - d0).days

    # -- drawing --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the scale, the months, the dots, the line and the stops."""
        painter = self.begin_painting()
        ink = self.inks()
        self._draw_axes(painter, ink)
        painter.setClipRect(self._plot().adjusted(-8, -8, 8, 8))
        radius = max(2.2, self.em() * 0.16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink.comfort_soft)
        for item in self.items:
            if item.score is not None:
                painter.drawEllipse(QPointF(self._x(item.day), self._y(item.score)), radius, radius)
        if len(self._line) > 1:
            path = QPainterPath()
            for n, (day, value) in enumerate(self._line):
                point = QPointF(self._x(day), self._y(value))
                path.moveTo(point) if n == 0 else path.lineTo(point)
            pen = QPen(ink.comfort, max(2.0, self.em() * 0.16))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        for item in self.items:
            if item.stops:
                self._draw_stop(painter, ink, item)
        if self.show_current():
            self._draw_current(painter, ink, self.items[self.current])
        painter.end()

    def _draw_axes(self, painter: QPainter, ink: Inks) -> None:
        plot = self._plot()
        em = self.em()
        painter.setFont(small_font(self.font(), 0.8))
        for score in (0, 5, 10):
            y = self._y(score)
            painter.setPen(QPen(ink.faint, 1.0))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(ink.muted)
            box = QRectF(0, y - em / 2, plot.left() - em * 0.5, em)
            painter.drawText(
                box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(score)
            )
        day = self.start.replace(day=1)
        while day <= self.today:
            x = self._x(day)
            if day >= self.start and x + em * 2.2 <= self.width():
                painter.setPen(QPen(ink.faint, 1.0))
                painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + em * 0.3))
                painter.setPen(ink.muted)
                box = QRectF(x + em * 0.2, plot.bottom() + em * 0.2, em * 4, em * 1.1)
                painter.drawText(
                    box,
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    month_short(day),
                )
            day = (day + timedelta(days=32)).replace(day=1)

    def _draw_stop(self, painter: QPainter, ink: Inks, item: TrendDay) -> None:
        plot = self._plot()
        x = self._x(item.day)
        value = item.score if item.score is not None else self._line_at(item.day)
        y = self._y(value if value is not None else 0)
        guide = QPen(ink.pain, 1.0, Qt.PenStyle.DotLine)
        painter.setPen(guide)
        painter.drawLine(QPointF(x, y), QPointF(x, plot.bottom()))
        size = self.em() * 0.34
        diamond = QPolygonF(
            [QPointF(x, y - size), QPointF(x + size, y), QPointF(x, y + size), QPointF(x - size, y)]
        )
        painter.setPen(QPen(ink.window, 1.2))
        painter.setBrush(ink.pain)
        painter.drawPolygon(diamond)

    def _draw_current(self, painter: QPainter, ink: Inks, item: TrendDay) -> None:
        plot = self._plot()
        x = self._x(item.day)
        painter.setPen(QPen(ink.focus, 1.0, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        value = item.score if item.score is not None else self._line_at(item.day)
        if value is None:
            return
        painter.setPen(self.focus_pen(ink))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        ring = self.em() * 0.42
        painter.drawEllipse(QPointF(x, self._y(value)), ring, ring)
