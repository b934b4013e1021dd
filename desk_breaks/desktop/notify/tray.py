"""Notifications as the tray icon's balloon (``QSystemTrayIcon.showMessage``).

On Windows Qt shows it as a native toast from the tray icon, on macOS through the
Notification Center, on Linux as a freedesktop notification through Qt's own D-Bus code or
an old-style balloon: wherever a tray works, this works. Qt offers no call to withdraw a
balloon, so :meth:`TrayNotifier.close` can only stop tracking it; a new message replaces
the old one on Windows and stacks elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from desk_breaks.desktop.notify import DEFAULT_TIMEOUT_MS

__all__ = ["BALLOON_DEFAULT_MS", "BalloonHost", "TrayNotifier", "tray_unavailable_reason"]

BALLOON_DEFAULT_MS = 10_000
"""Qt's own default display time, used when the caller lets the desktop decide."""


class BalloonHost(Protocol):
    """What the notifier needs of a tray icon (``QSystemTrayIcon`` has it)."""

    def showMessage(self, title: str, msg: str, icon: QIcon, msecs: int = ...) -> None:
        """Show a balloon message from the icon."""
        ...

    def icon(self) -> QIcon:
        """The tray icon's image."""
        ...

    def isVisible(self) -> bool:
        """Whether the icon was shown."""
        ...


def tray_unavailable_reason(
    tray: BalloonHost | None, available: Callable[[], bool] | None = None
) -> str | None:
    """Why ``tray`` cannot show a balloon right now, or None when it can."""
    if tray is None:
        return "no tray icon"
    if not (available or QSystemTrayIcon.isSystemTrayAvailable)():
        return "no system tray on this desktop"
    if not tray.isVisible():
        return "the tray icon is hidden"
    return None


class TrayNotifier:
    """:class:`~desk_breaks.desktop.notify.Notifier` through the tray icon's balloon."""

    def __init__(
        self,
        tray: BalloonHost,
        *,
        app_icon: str | None = None,
        available: Callable[[], bool] | None = None,
    ) -> None:
        """Show balloons from ``tray``; ``available`` is asked before each one.

        ``app_icon`` (a file path or theme icon name) replaces the tray icon's own image.
        """
        self._tray = tray
        self._app_icon = app_icon
        self._available = available or QSystemTrayIcon.isSystemTrayAvailable
        self.shown = False

    @property
    def description(self) -> str:
        """Names the tray balloon."""
        return "the tray icon's balloon"

    def notify(
        self,
        title: str,
        body: str,
        *,
        icon: str | None = None,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
    ) -> bool:
        """Show the balloon; False when there is no tray to show it from."""
        if tray_unavailable_reason(self._tray, self._available) is not None:
            return False
        name = icon if icon is not None else self._app_icon
        image = _icon(name) if name else self._tray.icon()
        # Qt reads 0 as "the platform default" and has no "until dismissed" for balloons.
        msecs = timeout_ms if timeout_ms > 0 else BALLOON_DEFAULT_MS
        self._tray.showMessage(title, body, image, msecs)
        self.shown = True
        return True

    def close(self) -> None:
        """Forget the balloon: Qt cannot withdraw it, the desktop times it out."""
        self.shown = False

    def disconnect(self) -> None:
        """Nothing to release: the tray icon belongs to the app."""


def _icon(name: str) -> QIcon:
    icon = QIcon(name) if ("/" in name or "\\" in name) else QIcon.fromTheme(name)
    return icon
