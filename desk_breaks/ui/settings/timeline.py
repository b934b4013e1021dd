"""A painted timeline of one day: working hours, full sessions and check-ins.

The widget draws what it is given and computes nothing: the settings dialog asks the
real schedule (:class:`~desk_breaks.core.schedule.Plan`) for the day's occurrences, so
what the timeline shows is exactly what the app will do, clearance rules included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import time

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desk_breaks.core.i18n import time_text, tr, trn
from desk_breaks.core.schedule import Occurrence, SessionKind
from desk_breaks.ui.art import blend, is_dark
from desk_breaks.ui.theme import soften

SESSION_COLOURS = ("#2f6fd6", "#6aa9ff")
"""Full sessions, on a light and on a dark palette."""
CHECK_IN_COLOURS = ("#1f8a58", "#5fd39a")
"""Check-ins, on a light and on a dark palette."""
NOW_COLOURS = ("#b3261e", "#ff8a80")


@dataclass(frozen=True)
class Mark:
    """One thing on the timeline, in minutes after midnight."""

    minute: float
    kind: SessionKind
    label: str


@dataclass(frozen=True)
class Placed:
    """Where the labels go: each session with its box (None: no room), the "now" marker."""

    sessions: list[tuple[Mark, QRectF | None]]
    now_x: float | None
    now: QRectF | None

    def rects(self) -> list[QRectF]:
        """Every label drawn."""
        found = [box for _, box in self.sessions if box is not None]
        return found + ([self.now] if self.now is not None else [])


def _minutes(at: time) -> float:
    return at.hour * 60 + at.minute + at.second / 60


def _pick(palette: QPalette, colours: tuple[str, str]) -> QColor:
    return QColor(colours[1] if is_dark(palette) else colours[0])


class Timeline(QWidget):
    """Shows one day from early morning to evening (wider when the plan needs it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._marks: list[Mark] = []
        self._working: tuple[time, time] | None = None
        self._now: time | None = None
        self._empty_text = tr("Nothing scheduled")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(tr("Timeline of the day"))

    # -- data ------------------------------------------------------------------------------

    def set_day(
        self,
        occurrences: Sequence[Occurrence],
        names: Mapping[str, str],
        *,
        working: tuple[time, time] | None,
        now: time | None = None,
        empty_text: str = "",
    ) -> None:
        """Show ``occurrences`` (all on one day); ``names`` maps routine ids to names."""
        self._marks = [
            Mark(
                _minutes(o.due_at.time()),
                o.kind,
                names.get(o.routine_id, o.routine_id),
            )
            for o in occurrences
        ]
        self._working = working
        self._now = now
        self._empty_text = empty_text or tr("Nothing scheduled")
        self.setAccessibleDescription(self.describe())
        self.update()

    def marks(self) -> list[Mark]:
        """What is drawn, in time order."""
        return list(self._marks)

    def describe(self) -> str:
        """Say in words what the timeline shows (for screen readers and tests)."""
        sessions = [m for m in self._marks if m.kind is SessionKind.FULL]
        checks = [m for m in self._marks if m.kind is SessionKind.CHECK_IN]
        if not self._marks:
            return self._empty_text + "."
        parts = [
            tr(
                "{time} {routine}",
                "a session on the timeline",
                time=_clock(m.minute),
                routine=m.label,
            )
            for m in sessions
        ]
        separator = tr(", ", "list separator")
        text = (
            tr("Sessions: {sessions}.", sessions=separator.join(parts))
            if parts
            else tr("No full sessions.")
        )
        if checks:
            first, last = _clock(checks[0].minute), _clock(checks[-1].minute)
            text += " " + trn(
                "{n} check-in from {first} to {last}.",
                "{n} check-ins from {first} to {last}.",
                len(checks),
                first=first,
                last=last,
            )
        return text

    def painted_texts(self) -> list[str]:
        """Every word the timeline paints (hour labels, "now", the empty day's line)."""
        first, last = self.hour_range()
        texts = [_hour(hour) for hour in range(first, last + 1)]
        texts += [_clock(m.minute) for m in self._marks]
        texts += [m.label for m in self._marks if m.kind is SessionKind.FULL]
        if self._now is not None:
            texts.append(tr("now", "timeline"))
        if not self._marks:
            texts.append(self._empty_text)
        return texts

    def hour_range(self) -> tuple[int, int]:
        """The first and last hour drawn: at least 07–20, wider when needed."""
        minutes = [m.minute for m in self._marks]
        if self._working is not None:
            minutes += [_minutes(self._working[0]), _minutes(self._working[1])]
        first = min([7 * 60, *[m - 30 for m in minutes]])
        last = max([20 * 60, *[m + 30 for m in minutes]])
        return max(0, int(first // 60)), min(24, int(-(-last // 60)))

    # -- sizing ----------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        """Wide, and tall enough for two rows of labels and the "now" mark above the axis."""
        line = self.fontMetrics().height()
        return QSize(line * 30, round(line * 8.4))

    def minimumSizeHint(self) -> QSize:
        """Narrower is fine; the labels thin out."""
        line = self.fontMetrics().height()
        return QSize(line * 16, round(line * 8.4))

    # -- layout ----------------------------------------------------------------------------

    def _frame(self) -> tuple[QRectF, float, float, float, float]:
        """The card, the axis's left and right ends, the axis's height and the line height."""
        line = float(self.fontMetrics().height())
        card = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        return (
            card,
            card.left() + line * 1.2,
            card.right() - line * 1.2,
            card.bottom() - line * 2.0,
            line,
        )

    def x_of(self, minute: float) -> float:
        """Where ``minute`` (after midnight) is on the axis."""
        _, left, right, _, _ = self._frame()
        first, last = self.hour_range()
        span = max(1, (last - first) * 60)
        return left + (right - left) * (minute - first * 60) / span

    def label_boxes(self) -> Placed:
        """Where each session's time and name go, and the "now" label: none overlapping.

        Each label takes the first of two rows where it clears the labels already there;
        when neither row has room its words are left out (its dot stays, and
        :meth:`describe` still names it). "now" goes beside its marker, on the side
        where it touches no label, or is left out.
        """
        card, left, right, axis_y, line = self._frame()
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        bold_metrics = QFontMetricsF(bold)
        body_metrics = QFontMetricsF(self.font())
        gap = line * 0.4
        boxes: list[QRectF] = []
        sessions: list[tuple[Mark, QRectF | None]] = []
        for mark in (m for m in self._marks if m.kind is SessionKind.FULL):
            x = self.x_of(mark.minute)
            width = max(
                bold_metrics.horizontalAdvance(_clock(mark.minute)),
                body_metrics.horizontalAdvance(mark.label),
            )
            width = min(width, (right - left) / 3)
            box_left = min(max(x - width / 2, card.left() + 6), card.right() - 6 - width)
            chosen: QRectF | None = None
            for row in range(2):
                top = card.top() + line * 0.5 + row * line * 2.2
                box = QRectF(box_left, top, width, line * 2)
                if not any(box.adjusted(-gap, 0, gap, 0).intersects(b) for b in boxes):
                    chosen = box
                    break
            if chosen is not None:
                boxes.append(chosen)
            sessions.append((mark, chosen))
        now_x: float | None = None
        now_box: QRectF | None = None
        if self._now is not None:
            x = self.x_of(_minutes(self._now))
            if left <= x <= right:
                now_x = x
                small = QFont(self.font())
                small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
                metrics = QFontMetricsF(small)
                width = metrics.horizontalAdvance(tr("now", "timeline")) + 4
                height = metrics.height()
                top = axis_y - line * 0.55 - height
                for box_left in (x + 4, x - 4 - width):
                    box = QRectF(box_left, top, width, height)
                    inside = card.left() <= box.left() and box.right() <= card.right()
                    if inside and not any(box.intersects(b) for b in boxes):
                        now_box = box
                        break
        return Placed(sessions, now_x, now_box)

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the axis, the working-hours band, the marks and their labels."""
        palette = self.palette()
        window = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = soften(text, window, 0.45)
        session = _pick(palette, SESSION_COLOURS)
        check_in = _pick(palette, CHECK_IN_COLOURS)
        line = float(self.fontMetrics().height())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)

        card = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(blend(window, text, 0.12), 1))
        painter.setBrush(blend(window, palette.color(QPalette.ColorRole.Base), 0.7))
        painter.drawRoundedRect(card, 8, 8)

        left = card.left() + line * 1.2
        right = card.right() - line * 1.2
        axis_y = card.bottom() - line * 2.0
        first, last = self.hour_range()
        span = max(1, (last - first) * 60)

        def x_of(minute: float) -> float:
            return left + (right - left) * (minute - first * 60) / span

        # Working hours: a soft band around the axis.
        if self._working is not None and self._working[1] > self._working[0]:
            start, end = (_minutes(t) for t in self._working)
            band = QRectF(x_of(start), axis_y - line * 0.55, x_of(end) - x_of(start), line * 1.1)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(blend(window, check_in, 0.16 if is_dark(palette) else 0.12))
            painter.drawRoundedRect(band, line * 0.55, line * 0.55)

        # Axis and hour labels; fewer labels when narrow.
        painter.setPen(QPen(blend(text, window, 0.7), 1.2))
        painter.drawLine(QPointF(left, axis_y), QPointF(right, axis_y))
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.85))
        painter.setFont(small)
        metrics = QFontMetricsF(small)
        label_w = max(metrics.horizontalAdvance(_hour(h)) for h in (0, 12, 23)) * 1.25
        step = 1
        while (right - left) / ((last - first) / step) < label_w and step < 6:
            step += 1
        for hour in range(first, last + 1):
            x = x_of(hour * 60)
            major = hour % step == 0
            painter.setPen(QPen(blend(text, window, 0.55 if major else 0.8), 1))
            painter.drawLine(QPointF(x, axis_y), QPointF(x, axis_y + (line * 0.35)))
            if major:
                painter.setPen(muted)
                box = QRectF(x - label_w / 2, axis_y + line * 0.45, label_w, line)
                painter.drawText(box, int(Qt.AlignmentFlag.AlignHCenter), _hour(hour))

        if not self._marks:
            painter.setPen(muted)
            painter.setFont(self.font())
            box = QRectF(left, card.top(), right - left, axis_y - card.top() - line * 0.6)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), self._empty_text)

        # Check-ins: small dots on the axis.
        painter.setPen(QPen(window, 1.2))
        painter.setBrush(check_in)
        for mark in self._marks:
            if mark.kind is SessionKind.CHECK_IN:
                painter.drawEllipse(QPointF(x_of(mark.minute), axis_y), line * 0.2, line * 0.2)

        # Full sessions: a stem and a label, in two rows so neighbours do not collide.
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        body_metrics = QFontMetricsF(self.font())
        placed = self.label_boxes()
        for mark, label_box in placed.sessions:
            x = x_of(mark.minute)
            if label_box is not None:
                painter.setPen(QPen(blend(session, window, 0.45), 1.2))
                painter.drawLine(QPointF(x, label_box.bottom() + line * 0.05), QPointF(x, axis_y))
            painter.setPen(QPen(window, 2))
            painter.setBrush(session)
            painter.drawEllipse(QPointF(x, axis_y), line * 0.38, line * 0.38)
            if label_box is None:
                continue  # no room for its words: the dot stays, the description says it
            painter.setFont(bold)
            painter.setPen(text)
            top_line = QRectF(label_box.left(), label_box.top(), label_box.width(), line)
            painter.drawText(top_line, int(Qt.AlignmentFlag.AlignHCenter), _clock(mark.minute))
            painter.setFont(self.font())
            painter.setPen(muted)
            elided = body_metrics.elidedText(
                mark.label, Qt.TextElideMode.ElideRight, label_box.width()
            )
            painter.drawText(
                QRectF(label_box.left(), label_box.top() + line, label_box.width(), line),
                int(Qt.AlignmentFlag.AlignHCenter),
                elided,
            )

        if self._now is not None and placed.now_x is not None:
            now = _pick(palette, NOW_COLOURS)
            painter.setPen(QPen(now, 1.5, Qt.PenStyle.DashLine))
            # A short marker through the axis: a line to the top would cross the labels.
            painter.drawLine(
                QPointF(placed.now_x, axis_y - line * 0.9),
                QPointF(placed.now_x, axis_y + line * 0.4),
            )
            if placed.now is not None:
                painter.setFont(small)
                painter.setPen(now)
                painter.drawText(
                    placed.now, int(Qt.AlignmentFlag.AlignCenter), tr("now", "timeline")
                )
        painter.end()


def _clock(minute: float) -> str:
    whole = int(minute)
    return time_text(time((whole // 60) % 24, whole % 60))


def _hour(hour: int) -> str:
    return time_text(time(hour % 24, 0))
