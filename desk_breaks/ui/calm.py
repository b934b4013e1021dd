"""What the coach's windows share (welcome, journal, advice): a calm look made from the palette.

:class:`CalmWindow` is a plain dialog that restyles itself when the palette changes (so a
switch to Dark while it is open keeps it readable), speaks a line to screen readers when
asked (:meth:`CalmWindow.announce`), and offers the few label and button kinds these
windows use. Answers are round pill-shaped radio buttons (:func:`choice`): screen readers
hear a radio button with its checked state, the arrow keys move within a group, and the
pill stays visible on a dark palette where a plain radio indicator fades away.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QColor,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QWidget,
)

from desk_breaks.core.i18n import tr
from desk_breaks.ui.art import blend, is_dark
from desk_breaks.ui.theme import legible, soften

INFO_COLOURS = ("#2f6fd6", "#6aa9ff")
"""The calm blue of an information panel, on a light and on a dark palette."""


def stylesheet(widget: QWidget) -> str:
    """Return the calm windows' style sheet for ``widget``'s palette and font."""
    palette = widget.palette()
    dark = is_dark(palette)
    window = palette.color(palette.ColorRole.Window)
    text = palette.color(palette.ColorRole.WindowText)
    base = palette.color(palette.ColorRole.Base)
    highlight = palette.color(palette.ColorRole.Highlight)
    on_highlight = legible(palette.color(palette.ColorRole.HighlightedText), highlight)
    line = blend(window, text, 0.2 if dark else 0.16)
    muted = soften(text, window, 0.32)
    card = blend(window, text, 0.05) if dark else blend(window, base, 0.8)
    info = QColor(INFO_COLOURS[1 if dark else 0])
    info_fill = blend(window, info, 0.14 if dark else 0.07)
    info_edge = blend(window, info, 0.45)
    focus = highlight.lighter(150) if dark else highlight.darker(140)
    size = widget.font().pointSizeF()
    pill = max(widget.fontMetrics().horizontalAdvance(tr(w)) for w in ("Yes", "No")) + 2
    return f"""
        QLabel#title {{ font-size: {size * 1.55:.1f}pt; font-weight: 600; }}
        QLabel#lead {{ font-size: {size * 1.08:.1f}pt; }}
        QLabel#muted {{ color: {muted.name()}; }}
        QLabel#step {{ color: {muted.name()}; font-weight: 600; }}
        QLabel#big {{ font-size: {size * 2.2:.1f}pt; font-weight: 600; }}
        QFrame#card, QGroupBox#question {{ background: {card.name()};
            border: 1px solid {line.name()}; border-radius: 10px; }}
        QGroupBox#question {{ margin: 0px; padding: 0px; }}
        QFrame#info {{ background: {info_fill.name()}; border: 1px solid {info_edge.name()};
            border-radius: 10px; }}
        QFrame#info QLabel, QFrame#card QLabel, QGroupBox#question QLabel {{
            background: transparent; border: none; }}
        QRadioButton#choice {{ background: {base.name()}; border: 2px solid {line.name()};
            border-radius: 9px; padding: 5px 14px; spacing: 0px; min-width: {pill}px; }}
        QRadioButton#choice::indicator {{ width: 0px; height: 0px; }}
        QRadioButton#choice:hover {{ border-color: {highlight.name()}; }}
        QRadioButton#choice:checked {{ background: {highlight.name()};
            color: {on_highlight.name()}; border-color: {highlight.name()}; }}
        QRadioButton#choice:focus {{ border-color: {focus.name()}; }}
        QRadioButton#choice:checked:focus {{ border-color: {text.name()}; }}
        QPushButton {{ background: {base.name()}; border: 1px solid {line.name()};
            border-radius: 7px; padding: 7px 18px; min-width: 64px; }}
        QPushButton:hover {{ border-color: {highlight.name()}; }}
        QPushButton:focus {{ border: 2px solid {focus.name()}; padding: 6px 17px; }}
        QPushButton#primary {{ background: {highlight.name()}; color: {on_highlight.name()};
            border-color: {highlight.name()}; font-weight: 600; }}
        QPushButton#primary:focus {{ border: 2px solid {text.name()}; }}
        QPushButton#primary:disabled {{ background: {blend(window, highlight, 0.35).name()};
            border-color: {blend(window, highlight, 0.35).name()};
            color: {blend(on_highlight, window, 0.35).name()}; }}
        QPushButton#link {{ background: transparent; border: 1px solid transparent;
            color: {muted.name()}; padding: 7px 10px; }}
        QPushButton#link:hover {{ color: {text.name()}; }}
        QPushButton#link:focus {{ border: 2px solid {focus.name()}; padding: 6px 9px; }}
        QLineEdit {{ background: {base.name()}; border: 1px solid {line.name()};
            border-radius: 7px; padding: 6px 8px; }}
        QLineEdit:focus {{ border: 2px solid {focus.name()}; padding: 5px 7px; }}
        """


def label(text: str = "", name: str = "", *, rich: bool = False) -> QLabel:
    """Return a word-wrapped label; ``name`` is its style (title, lead, muted, step, big)."""
    widget = QLabel(text)
    widget.setObjectName(name)
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    return widget


def button(text: str, name: str = "", *, accessible: str = "") -> QPushButton:
    """Return a push button (``name``: "primary" for the main action, "link" for a quiet one)."""
    widget = QPushButton(text)
    widget.setObjectName(name)
    widget.setAutoDefault(False)
    widget.setAccessibleName(accessible or text.replace("&", ""))
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


class Pill(QRadioButton):
    """A radio button drawn as a pill with its text centred (style sheets cannot centre it)."""

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the styled box (no indicator), then the text in the middle."""
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        painter.drawPrimitive(QStyle.PrimitiveElement.PE_Widget, option)
        role = QPalette.ColorRole.HighlightedText if self.isChecked() else QPalette.ColorRole.Text
        painter.setPen(self.palette().color(role))
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.text())
        painter.end()


def choice(text: str, accessible: str, description: str = "") -> QRadioButton:
    """Return a pill-shaped radio button (put it in a :class:`QButtonGroup`)."""
    widget = Pill(text)
    widget.setObjectName("choice")
    widget.setAccessibleName(accessible)
    widget.setAccessibleDescription(description)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


def panel(name: str = "card") -> QFrame:
    """Return a rounded panel: "card" (a shade apart) or "info" (a calm blue edge)."""
    frame = QFrame()
    frame.setObjectName(name)
    return frame


def bullets(points: Sequence[str], bullet: QColor, em: int) -> str:
    """Return ``points`` as rich text: a bulleted list with hanging indents."""
    rows = "".join(
        "<tr>"
        f'<td style="color:{bullet.name()}; padding-right:{round(em * 0.6)}px;">&#x2022;</td>'
        f'<td style="padding-bottom:{round(em * 0.3)}px;">{html.escape(point, quote=False)}</td>'
        "</tr>"
        for point in points
    )
    return f'<table cellspacing="0" cellpadding="0">{rows}</table>'


def info_colour(widget: QWidget) -> QColor:
    """The calm blue for ``widget``'s palette (bullets, the information panel's edge)."""
    return QColor(INFO_COLOURS[1 if is_dark(widget.palette()) else 0])


class CalmWindow(QDialog):
    """A non-modal dialog in the calm style, following palette changes while open.

    A subclass calls :meth:`restyle` once its widgets are built.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.spoken = ""
        """The last line announced to screen readers."""
        self._live = QLabel(self)
        self._live.setObjectName("announcement")
        self._live.setGeometry(0, 0, 1, 1)
        self._restyling = False

    def announce(self, text: str) -> None:
        """Say ``text`` to screen readers, politely (a page changed, something was saved)."""
        self.spoken = text
        self._live.setAccessibleName(text)
        if QAccessible.isActive():
            QAccessible.updateAccessibility(
                QAccessibleEvent(self._live, QAccessible.Event.NameChanged)
            )
            event = QAccessibleAnnouncementEvent(self, text)
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
            QAccessible.updateAccessibility(event)

    def restyle(self) -> None:
        """Make the style sheet again from the current palette."""
        self._restyling = True
        try:
            self.setStyleSheet(stylesheet(self))
            self.palette_changed()
        finally:
            self._restyling = False

    def palette_changed(self) -> None:
        """Redraw what is coloured by hand (rich-text bullets); subclasses override."""

    def changeEvent(self, event: QEvent) -> None:
        """Follow palette changes (light and dark themes)."""
        super().changeEvent(event)
        kind = event.type()
        if (
            kind in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
            and not self._restyling
        ):
            self.restyle()
