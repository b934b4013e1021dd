"""The last months as a calendar: one cell a day, shaded by how much was done.

Columns are weeks (Monday at the top), so a month reads left to right and the working
days form a band. A day's shade grows with the share of what it offered that was done
(none, up to a quarter, a half, three quarters, all); a day with nothing offered (a
weekend, a day off, a pause) is an outlined cell without fill, so it never looks like a
day missed. A small coral dot marks a stop for pain or dizziness; today has a ring.

Keys follow the grid: up and down move a day, left and right a week.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import ClassVar

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from desk_breaks.core.i18n import month_short, tr, weekday_short
from desk_breaks.core.progress_types import DayCount
from desk_breaks.ui.progress.chart import Chart, day_sentence, rounded
from desk_breaks.ui.progress.look import Inks, small_font

WEEKDAY_ROWS = (0, 2, 4)
"""The rows named beside the calendar: Monday, Wednesday, Friday."""


class CalendarChart(Chart):
    """A heatmap of :attr:`days`, oldest first, ending today."""

    STEPS: ClassVar[dict[Qt.Key, int]] = {
        Qt.Key.Key_Up: -1,
        Qt.Key.Key_Down: 1,
        Qt.Key.Key_Left: -7,
        Qt.Key.Key_Right: 7,
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            tr("Calendar of the last months"),
            tr(
                "Up and down arrows move a day, left and right a week; Home and End go to "
                "the first day and today."
            ),
            parent,
        )
        self.setObjectName("calendarChart")
        self.days: tuple[DayCount, ...] = ()
        self.today = date.today()
        self._first_monday = self.today

    def set_days(self, days: Sequence[DayCount], today: date) -> None:
        """Show ``days`` (oldest first) as of ``today``."""
        self.days = tuple(days)
        self.today = today
        first = self.days[0].day if self.days else today
        self._first_monday = first - timedelta(days=first.weekday())
        self.reset_items()

    # -- geometry -------------------------------------------------------------------------

    def _weeks(self) -> int:
        if not self.days:
            return 0
        return (self.days[-1].day - self._first_monday).days // 7 + 1

    def _layout(self) -> tuple[float, float, float, float]:
        """The grid's left and top edges, its cell step and its cell size."""
        em = self.em()
        left = em * 2.6
        top = em * 1.4
        weeks = max(1, self._weeks())
        step = min(em * 1.6, (self.width() - left - 2) / weeks, (self.height() - top - 2) / 7)
        return left, top, step, step * 0.84

    def _cell(self, index: int) -> QRectF:
        left, top, step, size = self._layout()
        offset = (self.days[index].day - self._first_monday).days
        week, weekday = divmod(offset, 7)
        return QRectF(left + week * step, top + weekday * step, size, size)

    def sizeHint(self) -> QSize:
        em = self.em()
        return QSize(round(em * 2.6 + em * 1.6 * max(1, self._weeks())) + 4, round(em * 12.8))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.em() * 20, self.em() * 8)

    def heightForWidth(self, width: int) -> int:
        return self.sizeHint().height()

    # -- Chart ----------------------------------------------------------------------------

    def item_count(self) -> int:
        return len(self.days)

    def item_text(self, index: int) -> str:
        return day_sentence(self.days[index], self.today)

    def item_at(self, pos: QPointF) -> int | None:
        if not self.days:
            return None
        left, top, step, _ = self._layout()
        week = int((pos.x() - left) // step)
        weekday = int((pos.y() - top) // step)
        if pos.x() < left or pos.y() < top or not 0 <= weekday < 7:
            return None
        index = (self._first_monday + timedelta(days=week * 7 + weekday) - self.days[0].day).days
        return index if 0 <= index < len(self.days) else None

    # -- drawing --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the month names, the weekday names and a cell per day."""
        if not self.days:
            return
        painter = self.begin_painting()
        ink = self.inks()
        self._draw_labels(painter, ink)
        for index, day in enumerate(self.days):
            self._draw_cell(painter, ink, index, day)
        if self.show_current():
            cell = self._cell(self.current)
            painter.setPen(self.focus_pen(ink))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            grow = self.em() * 0.14
            rounded(painter, cell.adjusted(-grow, -grow, grow, grow), cell.width() * 0.3)
        painter.end()

    def _draw_labels(self, painter: QPainter, ink: Inks) -> None:
        left, top, step, size = self._layout()
        em = self.em()
        painter.setFont(small_font(self.font(), 0.8))
        painter.setPen(ink.muted)
        for weekday in WEEKDAY_ROWS:
            box = QRectF(0, top + weekday * step, left - em * 0.4, size)
            painter.drawText(
                box,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                weekday_short(weekday),
            )
        last_x = -1e9
        for day in self.days:
            if day.day.day != 1 and day is not self.days[0]:
                continue
            week = (day.day - self._first_monday).days // 7
            if day is self.days[0] and day.day.day > 20:
                continue  # a month's last days: its name would crowd the next one
            x = left + week * step
            if x - last_x < em * 2.2:
                continue
            last_x = x
            box = QRectF(x, 0, em * 4, top - em * 0.3)
            painter.drawText(
                box,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                month_short(day.day),
            )

    def painted_texts(self) -> list[str]:
        """Every word painted beside the cells: weekdays and months."""
        months = {month_short(d.day) for d in self.days if d.day.day == 1 or d is self.days[0]}
        return [weekday_short(w) for w in WEEKDAY_ROWS] + sorted(months)

    def _draw_cell(self, painter: QPainter, ink: Inks, index: int, day: DayCount) -> None:
        cell = self._cell(index)
        radius = cell.width() * 0.22
        if day.offered == 0:
            painter.setPen(QPen(ink.faint, 1.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            rounded(painter, cell.adjusted(0.5, 0.5, -0.5, -0.5), radius)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ink.level(day.done / day.offered))
            rounded(painter, cell, radius)
        if day.pain_stops:
            dot = cell.width() * 0.36
            painter.setPen(QPen(ink.window, 1.0))
            painter.setBrush(ink.pain)
            painter.drawEllipse(
                QRectF(cell.right() - dot * 0.85, cell.top() - dot * 0.15, dot, dot)
            )
        if day.day == self.today:
            painter.setPen(QPen(ink.text, 1.4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            rounded(painter, cell.adjusted(0.7, 0.7, -0.7, -0.7), radius)
