"""The week at a glance: Monday to Sunday, sessions and check-ins done of those offered.

Each day has two bars on a full-height track: full sessions (teal) and check-ins (a lighter
teal), filled as far as was done out of what was offered, with "done/offered" under each.
Today's column sits on a soft band and its name is bold; days still to come show empty
dashed tracks, and a day with nothing offered (a weekend, a day off, a pause) says so in
words instead of showing empty bars.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from desk_breaks.core.i18n import tr, weekday_short
from desk_breaks.core.progress_types import DayCount
from desk_breaks.ui.art import blend
from desk_breaks.ui.progress.chart import Chart, day_sentence, rounded
from desk_breaks.ui.progress.look import Inks, small_font


def _off_word(day: DayCount) -> str:
    """What a day with nothing offered was: paused on a weekday, else a day off."""
    return tr("Paused", "week chart") if day.paused and day.day.weekday() < 5 else tr("Day off")


class WeekChart(Chart):
    """Seven columns, Monday first, for the week of :attr:`today`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            tr("This week, day by day"),
            tr("Left and right arrows move between the days."),
            parent,
        )
        self.setObjectName("weekChart")
        self.days: tuple[DayCount, ...] = ()
        self.today = date.today()

    def set_week(self, days: Sequence[DayCount], today: date) -> None:
        """Show ``days`` (Monday to Sunday) as of ``today``."""
        self.days = tuple(days)
        self.today = today
        self.reset_items()

    # -- Chart ----------------------------------------------------------------------------

    def item_count(self) -> int:
        return len(self.days)

    def item_text(self, index: int) -> str:
        day = self.days[index]
        return day_sentence(day, self.today, future=day.day > self.today)

    def painted_texts(self) -> list[str]:
        """Every word painted in the columns: the days' names and "Paused" / "Day off"."""
        words = []
        for day in self.days:
            words.append(
                tr("Today", "week chart") if day.day == self.today else weekday_short(day.day)
            )
            if day.offered == 0 and day.day <= self.today:
                words.append(_off_word(day))
        return words

    def default_index(self) -> int:
        for index, day in enumerate(self.days):
            if day.day == self.today:
                return index
        return 0

    def item_at(self, pos: QPointF) -> int | None:
        for index in range(len(self.days)):
            if self._column(index).contains(pos):
                return index
        return None

    def sizeHint(self) -> QSize:
        return QSize(self.em() * 30, round(self.em() * 9.8))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.em() * 20, round(self.em() * 9.8))

    # -- drawing --------------------------------------------------------------------------

    def _column(self, index: int) -> QRectF:
        width = self.width() / max(1, len(self.days))
        return QRectF(index * width + 2, 1, width - 4, self.height() - 2)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw each day's column."""
        painter = self.begin_painting()
        ink = self.inks()
        for index, day in enumerate(self.days):
            self._draw_day(painter, ink, index, day)
        painter.end()

    def _draw_day(self, painter: QPainter, ink: Inks, index: int, day: DayCount) -> None:
        em = self.em()
        column = self._column(index)
        today = day.day == self.today
        future = day.day > self.today
        if today:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(blend(ink.window, ink.sessions, 0.1 if ink.dark else 0.07))
            rounded(painter, column, em * 0.5)
        if self.show_current() and index == self.current:
            painter.setPen(self.focus_pen(ink))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            rounded(painter, column.adjusted(1, 1, -1, -1), em * 0.5)

        # The day's name and date at the bottom.
        name_box = QRectF(column.left(), column.bottom() - em * 2.3, column.width(), em)
        painter.setFont(small_font(self.font(), 0.95, bold=today))
        painter.setPen(ink.text if not future else ink.muted)
        label = tr("Today", "week chart") if today else weekday_short(day.day)
        painter.drawText(name_box, Qt.AlignmentFlag.AlignCenter, label)
        painter.setFont(small_font(self.font(), 0.85))
        painter.setPen(ink.muted)
        date_box = name_box.translated(0, em * 1.05)
        painter.drawText(date_box, Qt.AlignmentFlag.AlignCenter, f"{day.day.day}")

        plot = QRectF(column.left(), column.top() + em * 0.7, column.width(), em * 5.0)
        captions = QRectF(column.left(), plot.bottom() + em * 0.25, column.width(), em)
        if day.offered == 0 and not future:
            painter.setFont(small_font(self.font(), 0.85))
            painter.setPen(ink.muted)
            painter.drawText(
                plot,
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                _off_word(day),
            )
            return
        bar = min(em * 0.9, column.width() * 0.16)
        centre = plot.center().x()
        spread = column.width() * 0.19  # from the middle to each bar's middle
        pairs = (
            (centre - spread, day.sessions_done, day.sessions_offered, ink.sessions),
            (centre + spread, day.check_ins_done, day.check_ins_offered, ink.check_ins),
        )
        for middle, done, offered, colour in pairs:
            track = QRectF(middle - bar / 2, plot.top(), bar, plot.height())
            self._draw_bar(painter, ink, track, done, offered, colour, future)
            box = QRectF(middle - spread, captions.top(), spread * 2, em)
            painter.setFont(small_font(self.font(), 0.82))
            painter.setPen(ink.muted if future or not offered else ink.text)
            painter.drawText(
                box, Qt.AlignmentFlag.AlignCenter, "–" if future else f"{done}/{offered}"
            )

    def _draw_bar(
        self,
        painter: QPainter,
        ink: Inks,
        track: QRectF,
        done: int,
        offered: int,
        colour: QColor,
        future: bool,
    ) -> None:
        radius = track.width() / 2
        if future:
            pen = QPen(ink.faint, 1.2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            rounded(painter, track.adjusted(0.6, 0.6, -0.6, -0.6), radius)
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink.empty)
        rounded(painter, track, radius)
        if offered and done:
            height = max(track.width(), track.height() * min(1.0, done / offered))
            fill = QRectF(track.left(), track.bottom() - height, track.width(), height)
            painter.setBrush(colour)
            rounded(painter, fill, radius)
