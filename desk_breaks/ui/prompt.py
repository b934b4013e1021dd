"""The quiet prompt: a small window in the screen corner offering Start, Snooze or Skip.

It never takes keyboard focus from what the person is typing: it is shown without being
activated, and its keys are guarded (below), so a sentence being typed cannot start or
dismiss a session by accident. There is only ever one prompt window; a new offer updates it.

Keyboard and screen-reader users still get in, on purpose:

* when it appears it sends an accessibility alert and a polite announcement of what is due
  and the choices (Qt's AT-SPI bridge drops ``Alert`` but speaks the announcement; Windows
  plays the alert sound);
* it is an ordinary titled window, so the window switcher (Alt+Tab) reaches it, and
  :meth:`PromptWindow.focus_on_purpose` (a second ``desk-breaks``, which a desktop shortcut can
  run) brings it forward with the keyboard on Start;
* once it has focus, Tab walks Start → Snooze → Skip, Space or Enter presses the focused
  button, and Escape puts the prompt away without answering (the offer stays in the tray).

The key guard eats every key for two seconds after the prompt appears, and again for two
seconds after any typed character: someone still typing into it by mistake (a window
manager that gave it focus anyway) never presses a button with their next space.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QColor,
    QCursor,
    QFont,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_breaks.core.content import Routine, needs_sentence
from desk_breaks.core.engine import Offer
from desk_breaks.core.i18n import tr, trn
from desk_breaks.core.presentation import prompt_headline, snooze_note
from desk_breaks.core.schedule import SessionKind
from desk_breaks.ui.theme import BOUNDARY_CONTRAST, legible, soften

KEY_GUARD_S = 2.0
"""Seconds after a prompt appears (or after a typed character) during which it ignores keys."""

FOCUSABLE_AFTER_S = 1.0
"""Seconds after it appears before the prompt accepts focus (the WM has mapped it by then)."""

FOCUS_RING_PX = 2
"""Width of the ring drawn round the button that has keyboard focus."""

_GUARDED = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride}
_MARGIN = 16
_ANY_SIZE = 16_777_215  # QWIDGETSIZE_MAX: no maximum


class _KeyGuard(QObject):
    """Eats key events on the buttons until the guard time has passed."""

    def __init__(self, monotonic: Callable[[], float], parent: QObject) -> None:
        super().__init__(parent)
        self._monotonic = monotonic
        self._until = 0.0

    def arm(self, seconds: float) -> None:
        self._until = self._monotonic() + seconds

    def disarm(self) -> None:
        self._until = 0.0

    def active(self) -> bool:
        return self._monotonic() < self._until

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in _GUARDED:
            return False
        if isinstance(event, QKeyEvent) and _is_typing(event):
            self.arm(KEY_GUARD_S)  # still typing: this was meant for another window
        if self.active():
            event.accept()
            return True
        return False


def _is_typing(event: QKeyEvent) -> bool:
    """Whether ``event`` types a visible character (not Space, Enter, Tab, Escape or a chord)."""
    text = event.text()
    chord = event.modifiers() & (
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.MetaModifier
    )
    return bool(text) and text.isprintable() and not text.isspace() and not chord


def focus_colour(palette: QPalette) -> QColor:
    """The focus ring's colour: the highlight, darkened on light and lightened on dark.

    The same rule as the calm windows' focus border, so the ring reads at well over 3:1
    against the window in both of the app's palettes.
    """
    highlight = palette.color(QPalette.ColorRole.Highlight)
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return highlight.lighter(150) if dark else highlight.darker(140)


class PromptButton(QPushButton):
    """A push button that draws a clear ring when it has keyboard focus.

    The style's own focus cue (a faint outline in Fusion) is too weak to find at a glance;
    the ring is drawn from the palette at paint time, so it follows a theme switched live.
    """

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.hasFocus():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(focus_colour(self.palette()), FOCUS_RING_PX)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = FOCUS_RING_PX / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), 3, 3)
        painter.end()


class PromptWindow(QFrame):
    """The prompt. Call :meth:`present` with an offer; listen to its three signals."""

    start_requested = Signal()
    snooze_requested = Signal(int)
    skip_requested = Signal()
    dismissed = Signal()
    """Escape put the prompt away without an answer; the offer is still open."""

    def __init__(
        self,
        snooze_choices_min: Sequence[int],
        icon: QIcon,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("prompt")
        self.setWindowTitle("Desk Breaks")  # a title alone; Qt adds nothing to it
        self.setWindowIcon(icon)
        # An ordinary top-level window (not a tool window, which switchers and taskbars
        # leave out), so Alt+Tab and the taskbar reach it; frameless, the title is for the
        # switcher. It appears refusing focus (X11: WM_HINTS input False), so no window
        # manager can hand it the keyboard on map, not even one that ignores "show without
        # activating"; once it is on screen it accepts focus, for the switcher and
        # focus_on_purpose (see _accept_focus).
        self.setWindowFlags(
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self._focusable = QTimer(self)
        self._focusable.setSingleShot(True)
        self._focusable.setInterval(round(FOCUSABLE_AFTER_S * 1000))
        self._focusable.timeout.connect(self._accept_focus)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(tr("Desk Breaks prompt"))
        self._guard = _KeyGuard(monotonic, self)
        self._spoken = ""

        self._title = QLabel()
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setBold(True)
        self._title.setFont(title_font)
        self._detail = QLabel()
        self._detail.setWordWrap(True)
        # What the session needs besides a chair ("You need a wall and a doorway."): its own
        # line, so a snooze note never hides it.
        self._needs = QLabel()
        self._needs.setObjectName("needs")
        self._needs.setWordWrap(True)
        self._note = QLabel()
        self._note.setObjectName("note")
        self._note.setWordWrap(True)

        self.start_button = PromptButton(tr("Start"))
        self.start_button.setObjectName("primary")  # looks like the main action
        self.start_button.setDefault(False)
        self.start_button.setAccessibleName(tr("Start the session"))
        self.start_button.setAccessibleDescription(tr("Opens the guided session now."))
        self.start_button.clicked.connect(self.start_requested)

        self.skip_button = PromptButton(tr("Skip"))
        self.skip_button.setAccessibleName(tr("Skip this session"))
        self.skip_button.setAccessibleDescription(tr("Lets this session go; the next one stays."))
        self.skip_button.clicked.connect(self.skip_requested)

        self._snooze_label = QLabel(tr("Snooze"))
        self.snooze_buttons: list[QPushButton] = []
        snooze_row = QHBoxLayout()
        snooze_row.setSpacing(4)
        snooze_row.addWidget(self._snooze_label)
        self._snooze_minutes = list(snooze_choices_min)
        for minutes in snooze_choices_min:
            button = PromptButton(tr("{n} min", n=minutes))
            button.setAccessibleName(trn("Snooze {n} minute", "Snooze {n} minutes", minutes))
            button.setAccessibleDescription(
                trn(
                    "Offers this session again in {n} minute.",
                    "Offers this session again in {n} minutes.",
                    minutes,
                )
            )
            button.clicked.connect(lambda _=False, m=minutes: self.snooze_requested.emit(m))
            self.snooze_buttons.append(button)
            snooze_row.addWidget(button)

        self.installEventFilter(self._guard)
        for guarded in self.buttons():
            # Tab reaches them (a click does not move the focus); Enter presses the
            # focused one. None is the default button: Enter elsewhere starts nothing.
            guarded.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            guarded.setAutoDefault(True)
            guarded.setDefault(False)
            guarded.setCursor(Qt.CursorShape.PointingHandCursor)
            guarded.installEventFilter(self._guard)

        actions = QHBoxLayout()
        actions.setSpacing(8)
        actions.addWidget(self.start_button)
        actions.addStretch(1)
        actions.addLayout(snooze_row)
        actions.addStretch(1)
        actions.addWidget(self.skip_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(6)
        layout.addWidget(self._title)
        layout.addWidget(self._detail)
        layout.addWidget(self._needs)
        layout.addWidget(self._note)
        layout.addSpacing(6)
        layout.addLayout(actions)
        for before, after in itertools.pairwise(self.buttons()):  # Start, Snooze..., Skip
            QWidget.setTabOrder(before, after)
        self.setMinimumWidth(440)
        self._restyling = False
        self._restyle()

    def _restyle(self) -> None:
        """Make the style sheet from the current palette (again after a theme change)."""
        self._restyling = True
        try:
            self.setStyleSheet(stylesheet(self.palette()))
        finally:
            self._restyling = False

    def changeEvent(self, event: QEvent) -> None:
        """Follow a switch between light and dark while the prompt is open.

        Qt resolves a style sheet's colours when the widget is polished, so without this
        the labels kept the old palette's text colour (black on dark).
        """
        super().changeEvent(event)
        kind = event.type()
        if (
            kind in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
            and not self._restyling
        ):
            self._restyle()

    def buttons(self) -> list[QPushButton]:
        """Every button of the prompt, in Tab order."""
        return [self.start_button, *self.snooze_buttons, self.skip_button]

    def key_guard_active(self) -> bool:
        """Whether key presses on the prompt are still being ignored."""
        return self._guard.active()

    @property
    def spoken(self) -> str:
        """What the last appearance told screen readers (the announcement's text)."""
        return self._spoken

    def present(
        self, offer: Offer, routine: Routine, *, can_snooze: bool, snooze_cap: int | None = None
    ) -> None:
        """Show (or update) the prompt for ``offer`` near the corner of the mouse's screen.

        It is shown without taking focus, and screen readers are told it is there.
        ``snooze_cap`` is how many snoozes the settings allow (to say how many are left).
        """
        kind = offer.occurrence.kind
        title = (
            tr("Time for a check-in") if kind is SessionKind.CHECK_IN else tr("Time for a break")
        )
        headline = prompt_headline(routine)
        self._title.setText(title)
        self.setWindowTitle(tr("{title} — Desk Breaks", title=title))
        self._detail.setText(headline)
        self._detail.setAccessibleName(headline)
        needs = needs_sentence(routine.needs)
        self._needs.setText(needs)
        self._needs.setAccessibleName(needs)
        self._needs.setVisible(bool(needs))
        cap = offer.snoozes if offer.snoozes and not can_snooze else snooze_cap
        self._note.setText(snooze_note(offer.snoozes, cap) or routine.description)
        self._note.setAccessibleName(self._note.text())
        self._snooze_label.setVisible(can_snooze)
        for button in self.snooze_buttons:
            button.setVisible(can_snooze)
        choices = choices_text(self._snooze_minutes if can_snooze else [])
        self.setAccessibleName(tr("{title}: Desk Breaks", title=title))
        self.setAccessibleDescription(" ".join(filter(None, [_spoken(headline), needs, choices])))
        self._spoken = " ".join(
            filter(
                None,
                [tr("Desk Breaks. {title}:", title=title), _spoken(headline), needs, choices],
            )
        )
        was_visible = self.isVisible()
        self._guard.arm(KEY_GUARD_S)
        self._fit()
        self.move(self._corner_position())
        if not was_visible:
            self._refuse_focus()
            self.show()
            self._focusable.start()
        self.raise_()
        self._alert()

    def _fit(self) -> None:
        """Take the size the content needs and keep it there: minimum = maximum.

        A fixed size is how a Wayland window asks a tiling compositor to float it: sway
        floats an xdg toplevel whose minimum and maximum sizes are equal, so the prompt
        appears at its own size instead of tiled across the screen. Elsewhere it changes
        nothing: the prompt is frameless and nobody resizes it.
        """
        self.setMinimumSize(0, 0)
        self.setMaximumSize(_ANY_SIZE, _ANY_SIZE)
        self.adjustSize()
        self.setFixedSize(self.size())

    def accepts_focus(self) -> bool:
        """Whether the window system may give the prompt the keyboard now."""
        handle = self.windowHandle()
        return handle is not None and not handle.flags() & Qt.WindowType.WindowDoesNotAcceptFocus

    def _refuse_focus(self) -> None:
        handle = self.windowHandle()
        if handle is not None:
            handle.setFlag(Qt.WindowType.WindowDoesNotAcceptFocus, True)

    def _accept_focus(self) -> None:
        """Let the switcher and a second ``desk-breaks`` give it focus (it is mapped by now).

        Set on the native window only: changing a shown widget's flags would hide it.
        """
        handle = self.windowHandle()
        if handle is not None and self.isVisible():
            handle.setFlag(Qt.WindowType.WindowDoesNotAcceptFocus, False)

    def _alert(self) -> None:
        """Tell assistive technology the prompt appeared: an alert and a polite announcement."""
        if not QAccessible.isActive():
            return
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Alert))
        announcement = QAccessibleAnnouncementEvent(self, self._spoken)
        announcement.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
        QAccessible.updateAccessibility(announcement)

    def focus_on_purpose(self) -> None:
        """Bring the shown prompt forward with the keyboard on Start (a second ``desk-breaks``).

        The person asked for it, so the key guard stops at once.
        """
        if not self.isVisible():
            return
        self._focusable.stop()
        self._accept_focus()
        self._guard.disarm()
        self.raise_()
        self.activateWindow()
        self._focus_first_button()

    def _focus_first_button(self) -> None:
        focused = self.focusWidget()
        if focused is None or not focused.isVisible() or focused not in self.buttons():
            self.start_button.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def event(self, event: QEvent) -> bool:
        """On activation (Alt+Tab, a click, :meth:`focus_on_purpose`) the keyboard is on Start."""
        handled = super().event(event)
        if event.type() == QEvent.Type.WindowActivate:
            self._focus_first_button()
        return handled

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape puts the prompt away unanswered (the tray and a second `desk-breaks` offer it)."""
        if event.key() == Qt.Key.Key_Escape and not event.isAutoRepeat():
            event.accept()
            self.withdraw()
            self.dismissed.emit()
            return
        super().keyPressEvent(event)

    def _corner_position(self) -> QPoint:
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        area: QRect = screen.availableGeometry()
        size = self.sizeHint().expandedTo(self.size())
        return QPoint(
            area.right() - size.width() - _MARGIN + 1,
            area.bottom() - size.height() - _MARGIN + 1,
        )

    def withdraw(self) -> None:
        """Hide the prompt (the offer was answered or went away)."""
        self.hide()


def stylesheet(palette: QPalette) -> str:
    """The prompt's style sheet for ``palette``: Start as the main action, a legible note."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    on_highlight = legible(palette.color(QPalette.ColorRole.HighlightedText), highlight)
    edge = soften(text, window, 0.6, BOUNDARY_CONTRAST)
    note = soften(text, window, 0.3)
    return f"""
        #prompt {{ border: 1px solid {edge.name()}; border-radius: 0px; }}
        #note {{ color: {note.name()}; }}
        #needs {{ font-weight: bold; }}
        QPushButton {{ padding: 5px 12px; outline: none; }}
        QPushButton#primary {{ background: {highlight.name()}; color: {on_highlight.name()};
            border: 1px solid {highlight.darker(115).name()}; border-radius: 3px;
            font-weight: bold; padding: 5px 18px; }}
        QPushButton#primary:hover {{ background: {highlight.lighter(110).name()}; }}
        QPushButton#primary:pressed {{ background: {highlight.darker(110).name()}; }}
        """


def choices_text(snooze_minutes: Sequence[int]) -> str:
    """The choices as screen readers hear them ("Choices: Start, Snooze 5 or 10 minutes...")."""
    if not snooze_minutes:
        return tr("Choices: Start or Skip.")
    if len(snooze_minutes) == 1:
        return trn(
            "Choices: Start, Snooze {n} minute, or Skip.",
            "Choices: Start, Snooze {n} minutes, or Skip.",
            snooze_minutes[0],
        )
    minutes = [str(m) for m in snooze_minutes]
    return tr(
        "Choices: Start, Snooze {some} or {last} minutes, or Skip.",
        some=tr(", ", "list separator").join(minutes[:-1]),
        last=minutes[-1],
    )


def _spoken(headline: str) -> str:
    """The headline as a sentence to hear: "Lunch reset, 5 min, chin tucks, ..."."""
    return headline.replace(" · ", ", ").rstrip(".") + "."
