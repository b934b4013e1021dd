"""What every progress chart shares: keyboard focus on one item, and the words for it.

A chart is a list of items (days or points) drawn by a subclass. It takes keyboard focus;
the arrow keys (and Home, End) move between items, the focused item is drawn highlighted,
and its sentence ("Tuesday 1 December: 3 of 3 sessions, 8 of 14 check-ins, comfort 6")
becomes the chart's accessible description, its tooltip, and :attr:`Chart.item_focused`
(which the window says to screen readers). A click focuses the item under the mouse.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desk_breaks.core.i18n import tr, trn
from desk_breaks.core.progress_types import DayCount
from desk_breaks.ui.progress.look import Inks, check_ins_of, day_text, inks, sessions_of


def day_sentence(count: DayCount, today: date, *, future: bool = False) -> str:
    """Return what one day was, in words, for screen readers and tooltips."""
    when = day_text(count.day, today)
    if future:
        return tr("{date}: still to come", date=when)
    if count.offered == 0:
        if count.comfort is not None:
            return tr(
                "{date}: nothing offered (a day off or paused), comfort {score}",
                date=when,
                score=count.comfort,
            )
        return tr("{date}: nothing offered (a day off or paused)", date=when)
    parts = [
        sessions_of(count.sessions_done, count.sessions_offered),
        check_ins_of(count.check_ins_done, count.check_ins_offered),
    ]
    if count.pain_stops:
        parts.append(
            trn(
                "{n} stop for pain or dizziness",
                "{n} stops for pain or dizziness",
                count.pain_stops,
            )
        )
    if count.comfort is not None:
        parts.append(tr("comfort {score}", score=count.comfort))
    return tr("{date}: {parts}", date=when, parts=tr(", ", "list separator").join(parts))


class Chart(QWidget):
    """A focusable chart of items; subclasses draw them and say what each one is."""

    item_focused = Signal(str)
    """The focused item's sentence, each time the focus moves to another item."""

    STEPS: ClassVar[dict[Qt.Key, int]] = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}
    """How far each arrow key moves."""

    def __init__(self, name: str, keys_help: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(name)
        self._keys_help = keys_help
        self.current = -1
        """The focused item's index, -1 before any."""
        self.setAccessibleDescription(keys_help)

    # -- for subclasses -------------------------------------------------------------------

    def item_count(self) -> int:
        """How many items there are."""
        return 0

    def item_text(self, index: int) -> str:
        """The sentence for item ``index``."""
        return ""

    def item_at(self, pos: QPointF) -> int | None:
        """The item under ``pos``, if any."""
        return None

    def default_index(self) -> int:
        """The item focused first (the newest)."""
        return self.item_count() - 1

    def inks(self) -> Inks:
        """The colours for the palette in use now."""
        return inks(self.palette())

    def em(self) -> int:
        """The height of a line of the widget's font, the unit of every size."""
        return self.fontMetrics().height()

    def show_current(self) -> bool:
        """True when the focused item is to be drawn highlighted."""
        return self.hasFocus() and 0 <= self.current < self.item_count()

    def focus_pen(self, ink: Inks) -> QPen:
        """The pen of the ring around the focused item."""
        pen = QPen(ink.focus, max(2.0, self.em() * 0.12))
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def begin_painting(self) -> QPainter:
        """Return an antialiased painter on the widget."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        return painter

    # -- focus ----------------------------------------------------------------------------

    @property
    def focused_text(self) -> str:
        """The focused item's sentence ("" before any)."""
        if 0 <= self.current < self.item_count():
            return self.item_text(self.current)
        return ""

    def move_to(self, index: int) -> None:
        """Focus item ``index`` (kept within the items) and say what it is."""
        count = self.item_count()
        if count == 0:
            return
        index = max(0, min(count - 1, index))
        changed = index != self.current
        self.current = index
        text = self.item_text(index)
        self.setAccessibleDescription(f"{text}. {self._keys_help}")
        self.setToolTip(text)
        if QAccessible.isActive():
            QAccessible.updateAccessibility(
                QAccessibleEvent(self, QAccessible.Event.DescriptionChanged)
            )
        if changed:
            self.item_focused.emit(text)
        self.update()

    def reset_items(self) -> None:
        """Forget the focused item (new data); focus the default one if the chart has focus."""
        self.current = -1
        self.setAccessibleDescription(self._keys_help)
        self.setToolTip("")
        if self.hasFocus():
            self.move_to(self.default_index())
        self.updateGeometry()
        self.update()

    # -- Qt events ------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrow keys move between items; Home and End go to the first and the last."""
        key = Qt.Key(event.key())
        if self.item_count() == 0:
            super().keyPressEvent(event)
        elif key in self.STEPS:
            start = self.current if self.current >= 0 else self.default_index()
            self.move_to(start + self.STEPS[key])
        elif key == Qt.Key.Key_Home:
            self.move_to(0)
        elif key == Qt.Key.Key_End:
            self.move_to(self.item_count() - 1)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Focus an item as the chart gets the keyboard."""
        super().focusInEvent(event)
        if self.item_count():
            index = self.current if self.current >= 0 else self.default_index()
            self.current = -1  # say it again on coming back
            self.move_to(index)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Stop highlighting."""
        super().focusOutEvent(event)
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Focus the item clicked."""
        index = self.item_at(event.position())
        if index is not None:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.move_to(index)
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        """Show the item under the mouse as a tooltip."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.item_at(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.item_text(index), self)
            return True
        return super().event(event)

    def changeEvent(self, event: QEvent) -> None:
        """Redraw in the new palette."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.update()


def rounded(painter: QPainter, rect: QRectF, radius: float) -> None:
    """Draw ``rect`` with round corners in the painter's pen and brush."""
    painter.drawRoundedRect(rect, radius, radius)
