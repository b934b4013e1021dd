"""A small window with the tray's actions, for desktops that have no system tray.

GNOME without the AppIndicator extension, and some Wayland sessions, show no tray icons.
There the app puts this window up instead: the app icon beside the next-session line and
the time left (as the tray tooltip says it), then one button per tray menu entry (a button
with a drop-down where the entry is a submenu). The buttons are made from the tray menu's
own actions, so the two can never disagree about what is enabled or shown. Closing the
window only minimises it: the app keeps running, and the command line still controls
everything.

Sizes are in units of the font's line height, and colours come from the palette, so the
window follows the desktop's font size and a light or dark theme, also while it is open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QIcon, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from desk_breaks import APP_NAME
from desk_breaks.core.i18n import N_, tr, trn
from desk_breaks.ui.theme import soften
from desk_breaks.ui.tray import TrayController
from desk_breaks.ui.widgets import scaled_font

log = logging.getLogger(__name__)

_ANY_SIZE = 16_777_215  # QWIDGETSIZE_MAX: no maximum
NOTE = N_("No system tray here, so Desk Breaks shows this window instead.")


class _IconView(QWidget):
    """Paints an icon at the screen's pixel ratio (sharp on HiDPI, re-drawn on a move)."""

    def __init__(self, icon: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = icon
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the icon to fill the widget; QIcon picks the device's pixel ratio."""
        painter = QPainter(self)
        self.icon.paint(painter, self.rect())
        painter.end()


class StatusWindow(QWidget):
    """The tray's menu as a small window."""

    def __init__(self, tray: TrayController, icon: QIcon, parent: QWidget | None = None) -> None:
        """Build buttons for ``tray``'s menu entries."""
        super().__init__(parent)
        self.setObjectName("statusWindow")
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icon)
        self.setAccessibleName(tr("{app} status", app=APP_NAME))
        self.setAccessibleDescription(
            tr("Shown because this desktop has no system tray: the next session and every action")
        )
        self._tray = tray

        self.icon_view = _IconView(icon)
        self.icon_view.setObjectName("appIcon")
        self.headline = QLabel()
        self.headline.setObjectName("headline")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("detail")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.hide()
        self.note = QLabel(tr(NOTE))
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.note.setAccessibleName(tr(NOTE))

        self._header = QHBoxLayout()
        self._header.addWidget(self.icon_view, 0, Qt.AlignmentFlag.AlignVCenter)
        self._titles = QVBoxLayout()
        self._titles.addStretch(1)
        self._titles.addWidget(self.headline)
        self._titles.addWidget(self.detail)
        self._titles.addStretch(1)
        self._header.addLayout(self._titles, 1)

        self.buttons: dict[str, QPushButton] = {}
        self._rows: list[QBoxLayout] = []
        self._actions = QVBoxLayout()
        self._footer = QHBoxLayout()
        self._add_buttons()

        self._layout = QVBoxLayout(self)
        self._layout.addLayout(self._header)
        self._layout.addLayout(self._actions)
        self._layout.addLayout(self._footer)
        self._layout.addWidget(self.problems)
        self._layout.addWidget(self.note)
        self._strut = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self._layout.addItem(self._strut)
        self._apply_metrics()
        self._apply_palette()
        self.refresh()

    # -- building ---------------------------------------------------------------------------

    def _add_buttons(self) -> None:
        """Lay the menu out as it reads: one group per section, the app's entries last.

        A separator starts a new group. The middle section's two halves (start, snooze,
        skip; pause, resume, meeting mode) take a row each, so a button keeps its row as
        entries appear and disappear with the state. The last section (settings, quit) is
        the window's footer: settings on the left, quit on the right.
        """
        sections: list[list[QAction]] = [[]]
        for action in self._tray.menu.actions():
            if action.isSeparator():
                sections.append([])
            elif action is not self._tray.next_action:
                sections[-1].append(action)
        sections = [section for section in sections if section]
        if not sections:
            return
        *groups, last = sections if len(sections) > 1 else [*sections, []]
        row_breaks = {self._tray.pause_menu.menuAction()}
        for group in groups:
            row = self._new_row()
            for action in group:
                if action in row_breaks and row.count():
                    row = self._new_row()
                row.addWidget(self._button_for(action), 1)
        for index, action in enumerate(last):
            if index == len(last) - 1 and index > 0:
                self._footer.addStretch(1)
            self._footer.addWidget(self._button_for(action))

    def _new_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self._rows.append(row)
        self._actions.addLayout(row)
        return row

    def _button_for(self, action: QAction) -> QPushButton:
        text = action.text().replace("…", "")
        button = QPushButton(action.text(), self)  # a child at once: never a stray window
        button.setAccessibleName(text)
        button.setAutoDefault(False)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            button.setMenu(submenu)
            button.setAccessibleDescription(tr("Opens the {menu} choices", menu=text))
        else:
            button.clicked.connect(action.trigger)
        action.changed.connect(lambda b=button, a=action: self._mirror(b, a))
        self._mirror(button, action)
        self.buttons[text] = button
        return button

    @staticmethod
    def _mirror(button: QPushButton, action: QAction) -> None:
        button.setEnabled(action.isEnabled())
        button.setVisible(action.isVisible())

    # -- following the desktop --------------------------------------------------------------

    def _apply_metrics(self) -> None:
        """Size margins, spacing, the icon and the fonts from the current font."""
        em = self.fontMetrics().height()
        self._layout.setContentsMargins(
            round(em * 1.3), round(em * 1.1), round(em * 1.3), round(em * 0.9)
        )
        self._layout.setSpacing(round(em * 0.9))
        self._header.setSpacing(round(em * 0.8))
        self._titles.setSpacing(round(em * 0.15))
        self._actions.setSpacing(round(em * 0.45))
        for row in self._rows:
            row.setSpacing(round(em * 0.45))
        self._footer.setSpacing(round(em * 0.45))
        side = round(em * 2.6)
        self.icon_view.setFixedSize(QSize(side, side))
        self.headline.setFont(scaled_font(self.font(), 1.2, QFont.Weight.DemiBold))
        self.note.setFont(scaled_font(self.font(), 0.9))
        for button in self.buttons.values():
            button.setMinimumHeight(round(em * 1.9))
            button.setMinimumWidth(0)  # measure the hint afresh for the new font
            button.setMinimumWidth(button.sizeHint().width() + round(em * 0.6))
        # A strut, not the window's own minimum: that would stop the layout from widening
        # the window when more buttons show (paused during a meeting shows four in a row).
        self._strut.changeSize(round(em * 26), 0, QSizePolicy.Policy.Minimum)
        self._layout.invalidate()
        self._fit()

    def _fit(self) -> None:
        """Take the size the content needs and keep it: minimum = maximum.

        A fixed size is how a Wayland window asks a tiling compositor to float it (sway
        floats a toplevel whose minimum and maximum sizes are equal), so the window shows at
        its own size instead of tiled across the screen. Fitted again whenever what it shows
        changes (a longer line, more buttons, another font).
        """
        # The hint itself: adjustSize() would cap it at 2/3 of the screen and clip buttons.
        self.setMinimumSize(0, 0)
        self.setMaximumSize(_ANY_SIZE, _ANY_SIZE)
        self.setFixedSize(self.sizeHint())

    def _apply_palette(self) -> None:
        """Mute the secondary line and the footnote against the current palette."""
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        window = palette.color(QPalette.ColorRole.Window)
        for label, amount in ((self.detail, 0.3), (self.note, 0.42)):
            own = QPalette(palette)
            own.setColor(QPalette.ColorRole.WindowText, soften(text, window, amount))
            label.setPalette(own)

    def changeEvent(self, event: QEvent) -> None:
        """Follow palette and font changes of the desktop while open."""
        super().changeEvent(event)
        if not hasattr(self, "_layout"):  # not while the constructor is still building
            return
        kind = event.type()
        if kind in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_palette()
        elif kind in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._apply_metrics()

    # -- showing ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the tray's current first line and the time left."""
        headline = self._tray.next_action.text()
        detail = self._tray.time_left[:1].upper() + self._tray.time_left[1:]
        self.headline.setText(headline)
        self.headline.setAccessibleName(headline)
        self.headline.setAccessibleDescription(tr("Next session"))
        self.detail.setText(detail)
        self.detail.setAccessibleName(detail)
        self.detail.setVisible(bool(detail))
        self._fit()

    def set_notices(self, notices: list[str]) -> None:
        """Show what went wrong at start, where a notification may have had nowhere to go.

        Without a tray there may be no notification service either (the tray balloon is the
        fallback), so this window is the one place sure to be seen.
        """
        text = "\n".join(notices)
        self.problems.setText("\n".join(f"• {notice}" for notice in notices))
        self.problems.setAccessibleName(
            trn(
                "{n} problem at start: {text}",
                "{n} problems at start: {text}",
                len(notices),
                text=text,
            )
        )
        self.problems.setVisible(bool(notices))
        self._fit()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Minimise instead of closing: without a tray this window is the way back in."""
        event.ignore()
        self.setWindowState(self.windowState() | Qt.WindowState.WindowMinimized)


class TrayWatch(QObject):
    """Notices a system tray that appears after the start, while the window stands in for it.

    A panel may start after the app (a StatusNotifier host on a slow login, a tray applet
    added later). Qt then docks the icon by itself, but tells no one: there is no signal,
    only the question :meth:`QSystemTrayIcon.isSystemTrayAvailable`. So while this window
    stands in for the tray the question is asked twice a minute; the timer exists only in
    that case and stops for good at the first yes.
    """

    appeared = Signal()
    """A tray is there now."""

    def __init__(
        self,
        available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
        interval_ms: int = 30_000,
        parent: QObject | None = None,
    ) -> None:
        """Ask ``available`` every ``interval_ms`` once started."""
        super().__init__(parent)
        self._available = available
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._check)

    def start(self) -> None:
        """Begin asking."""
        self._timer.start()

    def stop(self) -> None:
        """Stop asking."""
        self._timer.stop()

    def is_watching(self) -> bool:
        """Whether it is still asking."""
        return self._timer.isActive()

    def _check(self) -> None:
        if self._available():
            self._timer.stop()
            self.appeared.emit()


def put_away_when_a_tray_appears(
    window: StatusWindow, available: Callable[[], bool], forget: Callable[[], None]
) -> TrayWatch:
    """Watch for a tray (``available``); when one appears, close ``window`` and ``forget`` it.

    The icon has docked by then (Qt does that by itself), so the window has done its job.
    The watch belongs to the window and goes with it.
    """
    watch = TrayWatch(available, parent=window)

    def appeared() -> None:
        log.info("a system tray appeared: the icon is there, the status window goes")
        forget()
        window.hide()
        window.deleteLater()

    watch.appeared.connect(appeared)
    watch.start()
    return watch
