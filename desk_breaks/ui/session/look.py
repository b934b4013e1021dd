"""What the session screens share: phase colours, the rounded card, labels and buttons."""

from __future__ import annotations

import enum
from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QCursor,
    QFont,
    QGuiApplication,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk_breaks.core.i18n import tr
from desk_breaks.core.session import Phase, Segment
from desk_breaks.ui.art import blend, is_dark
from desk_breaks.ui.theme import legible, soften
from desk_breaks.ui.widgets import scaled_font

FULL_SCREEN_FONT_SCALE = 1.3
"""Text in full screen is this many times the app font (read from across the desk)."""


class PhaseLook(enum.Enum):
    """The visual families of phases, each with its own colour."""

    READY = "ready"
    HOLD = "hold"
    RELAX = "relax"
    SWITCH = "switch"
    BREATH = "breath"


_COLOURS: dict[PhaseLook, tuple[str, str]] = {
    # (on a light palette, on a dark palette)
    PhaseLook.READY: ("#b8690b", "#f2b457"),
    PhaseLook.HOLD: ("#2f6fd6", "#6aa9ff"),
    PhaseLook.RELAX: ("#1f8a58", "#5fd39a"),
    PhaseLook.SWITCH: ("#7452cc", "#b49cff"),
    PhaseLook.BREATH: ("#16839a", "#5cc8dc"),
}

_CAUTION = ("#b3261e", "#ff8a80")


def phase_look(segment: Segment) -> PhaseLook:
    """Return the visual family of ``segment``'s phase."""
    return {
        Phase.READY: PhaseLook.READY,
        Phase.HOLD: PhaseLook.HOLD,
        Phase.RELAX: PhaseLook.RELAX,
        Phase.REST: PhaseLook.RELAX,
        Phase.SWITCH: PhaseLook.SWITCH,
        Phase.INHALE: PhaseLook.BREATH,
        Phase.HOLD_BREATH: PhaseLook.BREATH,
        Phase.EXHALE: PhaseLook.BREATH,
    }[segment.phase]


def phase_colour(look: PhaseLook, palette: QPalette) -> QColor:
    """Return the colour of ``look`` that reads well on ``palette``."""
    light, dark = _COLOURS[look]
    return QColor(dark if is_dark(palette) else light)


def caution_colour(palette: QPalette) -> QColor:
    """Return the caution red that reads well on ``palette`` (pain button, help panel)."""
    return QColor(_CAUTION[1] if is_dark(palette) else _CAUTION[0])


def pain_palette(palette: QPalette) -> QPalette:
    """``palette`` with the caution red as button text, legible on the button's face (4.5:1).

    On dark the face Fusion draws is a shade lighter than the Button role.
    """
    face = blend(
        palette.color(QPalette.ColorRole.Button),
        palette.color(QPalette.ColorRole.ButtonText),
        0.15 if is_dark(palette) else 0.0,
    )
    own = QPalette(palette)
    own.setColor(QPalette.ColorRole.ButtonText, legible(caution_colour(palette), face))
    return own


def chip_text(colour: QColor, palette: QPalette) -> QColor:
    """The phase word's colour on its chip (``colour`` at 15 % on the window), 4.5:1."""
    chip = blend(palette.color(QPalette.ColorRole.Window), colour, 38 / 255)
    return legible(colour, chip)


def muted_palette(palette: QPalette) -> QPalette:
    """Return ``palette`` with its text blended towards the window, for secondary lines."""
    text = palette.color(QPalette.ColorRole.WindowText)
    window = palette.color(QPalette.ColorRole.Window)
    own = QPalette(palette)
    own.setColor(QPalette.ColorRole.WindowText, soften(text, window, 0.38))
    return own


def font_scale(full_screen: bool) -> float:
    """Return how much larger than the app font the session's text is."""
    return FULL_SCREEN_FONT_SCALE if full_screen else 1.0


def make_label(
    font: QFont,
    factor: float = 1.0,
    weight: QFont.Weight = QFont.Weight.Normal,
    *,
    wrap: bool = False,
) -> QLabel:
    """Return a plain-text label in ``font`` scaled by ``factor``."""
    label = QLabel()
    label.setFont(scaled_font(font, factor, weight))
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


def make_button(
    font: QFont, scale: float, text: str, name: str, description: str, tip: str
) -> QPushButton:
    """Return a large, named and described push button in ``font`` scaled by ``scale``."""
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setAccessibleDescription(description)
    button.setToolTip(tip)
    button.setFont(scaled_font(font, 1.05 * scale, QFont.Weight.Normal))
    em = button.fontMetrics().height()
    button.setMinimumHeight(round(em * 2.3))
    button.setMinimumWidth(max(round(em * 5.5), button.sizeHint().width() + round(em)))
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


def close_row(
    layout: QVBoxLayout, font: QFont, scale: float, name: str, *, centred: bool
) -> tuple[QHBoxLayout, QPushButton]:
    """Add a row ending in a Close button (object name ``name``) to ``layout``.

    Return the row (more may go at its start) and the button.
    """
    row = QHBoxLayout()
    row.addStretch(1)
    close = make_button(
        font,
        scale,
        tr("Close"),
        tr("Close"),
        tr("Close this window."),
        tr("Close this window (Esc)"),
    )
    close.setObjectName(name)
    row.addWidget(close)
    if centred:
        row.addStretch(1)
    layout.addLayout(row)
    return row, close


def scroll_column(name: str, spacing: int) -> tuple[QScrollArea, QVBoxLayout]:
    """Return a frameless scroll area named ``name`` and the column inside it.

    The column's height follows its width (see :class:`Flow`), so wrapped text scrolls only
    when it does not fit.
    """
    content = Flow()
    content.setObjectName(f"{name}Content")
    column = QVBoxLayout(content)
    column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(spacing)
    scroll = QScrollArea()
    scroll.setObjectName(f"{name}Scroll")
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the buttons take focus, not the area
    scroll.viewport().setAutoFillBackground(False)
    content.setAutoFillBackground(False)
    return scroll, column


def window_shortcut(window: QWidget, key: Qt.Key, slot: Callable[[], None]) -> QShortcut:
    """Return a window-wide shortcut for ``key`` that calls ``slot`` once per press."""
    shortcut = QShortcut(QKeySequence(key), window)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.setAutoRepeat(False)
    shortcut.activated.connect(slot)
    return shortcut


def place_window(window: QWidget, full_screen: bool, compact: QSize) -> None:
    """Show ``window`` on the screen under the mouse: full screen, or ``compact`` and centred.

    The compact size shrinks to fit a small screen. The window is raised and activated but
    never kept on top: someone who wants their desk back can always have it.
    """
    screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
    if screen is not None:
        window.setScreen(screen)
    if full_screen and screen is not None:
        window.setGeometry(screen.geometry())
        window.showFullScreen()
    else:
        size = QSize(compact)
        if screen is not None:
            area = screen.availableGeometry()
            size = size.boundedTo(area.size())
            window.resize(size)
            frame = window.frameGeometry()
            frame.moveCenter(area.center())
            window.move(frame.topLeft())
        else:
            window.resize(size)
        window.show()
    window.raise_()
    window.activateWindow()


def page_margins(layout: QVBoxLayout, em: int) -> None:
    """Give a screen's layout the session's margins (``em`` is the font height)."""
    layout.setContentsMargins(round(em * 2), round(em * 1.6), round(em * 2), round(em * 1.4))


class Card(QFrame):
    """A softly rounded panel a shade apart from the window (or tinted with a caution hue)."""

    def __init__(self, parent: QWidget | None = None, *, tinted: bool = False) -> None:
        super().__init__(parent)
        self._tinted = tinted

    def paintEvent(self, event: QPaintEvent) -> None:
        """Fill a rounded rectangle."""
        palette = self.palette()
        window = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        if self._tinted:
            caution = caution_colour(palette)
            fill = blend(window, caution, 0.1 if is_dark(palette) else 0.06)
            edge = blend(window, caution, 0.3)
        elif is_dark(palette):
            fill = blend(window, text, 0.06)
            edge = blend(window, text, 0.09)
        else:
            fill = blend(window, palette.color(QPalette.ColorRole.Base), 0.85)
            edge = blend(window, text, 0.09)
        radius = self.fontMetrics().height() * 0.9
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(edge, 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
        painter.end()


class Flow(QWidget):
    """Scroll-area content whose height follows its width (wrapped text), not its minimum.

    Without this, word-wrapped labels report a tall minimum height and the scroll area
    shows a scroll bar even when everything fits.
    """

    def minimumSizeHint(self) -> QSize:
        """No minimum: the scroll area asks heightForWidth instead."""
        return QSize(0, 0)
