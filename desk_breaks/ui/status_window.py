"""A small window with the tray's actions, for desktops that have no system tray.

GNOME without the AppIndicator extension, and some Wayland sessions, show no tray icons.
There the app puts this window up instead: the next-session line and one button per tray
menu entry (a button with a drop-down where the entry is a submenu). The buttons are made
from the tray menu's own actions, so the two can never disagree about what is enabled.
Closing the window only minimises it: the app keeps running, and the command line still
controls everything.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_breaks import APP_NAME
from desk_breaks.ui.tray import TrayController


class StatusWindow(QWidget):
    """The tray's menu as a small window."""

    def __init__(self, tray: TrayController, icon: QIcon, parent: QWidget | None = None) -> None:
        """Build buttons for ``tray``'s menu entries."""
        super().__init__(parent)
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icon)
        self.setAccessibleName(f"{APP_NAME} status")
        self.setAccessibleDescription(
            "Shown because this desktop has no system tray: the next session and every action"
        )
        self._tray = tray
        self.headline = QLabel()
        self.headline.setObjectName("headline")
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setWeight(font.Weight.DemiBold)
        self.headline.setFont(font)
        self.headline.setAccessibleName("Next session")
        note = QLabel("No system tray here, so Desk Breaks shows this window instead.")
        note.setWordWrap(True)
        note.setEnabled(False)

        self.buttons: dict[str, QPushButton] = {}
        rows = QVBoxLayout()
        row = QHBoxLayout()
        for action in tray.menu.actions():
            if action.isSeparator():
                rows.addLayout(row)
                row = QHBoxLayout()
                continue
            if action is tray.next_action:
                continue
            row.addWidget(self._button_for(action))
        rows.addLayout(row)

        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addLayout(rows)
        layout.addWidget(note)
        self.refresh()

    def _button_for(self, action: QAction) -> QPushButton:
        text = action.text().replace("…", "")
        button = QPushButton(action.text())
        button.setAccessibleName(text)
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            button.setMenu(submenu)
            button.setAccessibleDescription(f"Opens the {text} choices")
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

    def refresh(self) -> None:
        """Show the tray's current first line."""
        self.headline.setText(self._tray.next_action.text())
        self.setToolTip(self._tray.icon.toolTip())

    def closeEvent(self, event: QCloseEvent) -> None:
        """Minimise instead of closing: without a tray this window is the way back in."""
        event.ignore()
        self.setWindowState(self.windowState() | Qt.WindowState.WindowMinimized)
