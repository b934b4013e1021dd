"""Suspend and resume on Windows: ``WM_POWERBROADCAST`` through a Qt native event filter.

Windows sends ``WM_POWERBROADCAST`` to top-level windows: ``PBT_APMSUSPEND`` before a
sleep, ``PBT_APMRESUMEAUTOMATIC`` after every resume (and ``PBT_APMRESUMESUSPEND`` too
when a user woke it, which is ignored so one resume gives one signal). A tray app may
have no top-level window, so the watcher makes its own hidden ``QWindow`` (never shown)
and, where available (Windows 8+), registers that window with
``RegisterSuspendResumeNotification`` so Modern Standby machines notify it too.

Everything Windows-specific is injected (``user32``) or read from plain memory (``MSG``),
so the filter logic runs and is tested on any OS.
"""

from __future__ import annotations

import ctypes
import logging
from ctypes import wintypes
from typing import Any

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QCoreApplication, QObject
from PySide6.QtGui import QWindow

from desk_breaks.desktop._backends import PortUnavailable
from desk_breaks.desktop.sleep import SleepWatcher

__all__ = [
    "PBT_APMRESUMEAUTOMATIC",
    "PBT_APMRESUMESUSPEND",
    "PBT_APMSUSPEND",
    "WM_POWERBROADCAST",
    "PowerBroadcastFilter",
    "WindowsSleepWatcher",
]

_log = logging.getLogger(__name__)

WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x0004
PBT_APMRESUMESUSPEND = 0x0007
PBT_APMRESUMEAUTOMATIC = 0x0012
DEVICE_NOTIFY_WINDOW_HANDLE = 0x0

# Qt 6 names the native event of a Win32 message so.
_MSG_EVENT_TYPES = (b"windows_generic_MSG", b"windows_dispatcher_MSG")


class PowerBroadcastFilter(QAbstractNativeEventFilter):
    """Turns ``WM_POWERBROADCAST`` for one window into the watcher's signals."""

    def __init__(self, watcher: WindowsSleepWatcher, hwnd: int) -> None:
        """Report messages addressed to ``hwnd`` to ``watcher``."""
        super().__init__()
        self._watcher = watcher
        self._hwnd = hwnd

    def nativeEventFilter(
        self, eventType: QByteArray | bytes | bytearray | memoryview, message: int
    ) -> object:
        """Look at a native message and pass it on untouched (Qt still answers it)."""
        kind = eventType.data() if isinstance(eventType, QByteArray) else eventType
        if bytes(kind) in _MSG_EVENT_TYPES and message:
            msg = wintypes.MSG.from_address(int(message))
            # The broadcast reaches every top-level window of the app: take ours only,
            # so one sleep is reported once.
            if msg.message == WM_POWERBROADCAST and (msg.hWnd or 0) == self._hwnd:
                self._watcher.power_event(int(msg.wParam))
        return False, 0


class WindowsSleepWatcher(SleepWatcher):
    """:class:`~desk_breaks.desktop.sleep.SleepWatcher` fed by ``WM_POWERBROADCAST``."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        user32: Any = None,
        app: QCoreApplication | None = None,
    ) -> None:
        """Make the hidden window, install the filter on ``app`` and register for resume.

        ``user32`` defaults to ``ctypes.WinDLL("user32")``; ``app`` to the running
        application.
        """
        super().__init__(parent)
        running = app or QCoreApplication.instance()
        if running is None:
            raise RuntimeError("the sleep watcher needs a running QApplication")
        self._app: QCoreApplication = running
        self._user32 = user32 if user32 is not None else _load_user32()
        self._window: QWindow | None = QWindow()
        # Creates the native (hidden, top-level) window without showing it.
        self.hwnd = int(self._window.winId())
        self._filter: PowerBroadcastFilter | None = PowerBroadcastFilter(self, self.hwnd)
        self._app.installNativeEventFilter(self._filter)
        self._registration = 0
        register = getattr(self._user32, "RegisterSuspendResumeNotification", None)
        if register is not None:
            self._registration = int(
                register(wintypes.HANDLE(self.hwnd), DEVICE_NOTIFY_WINDOW_HANDLE) or 0
            )
            if not self._registration:
                # Broadcasts still reach the window on machines with classic S3 sleep.
                _log.debug("RegisterSuspendResumeNotification failed; relying on broadcasts")

    @classmethod
    def create(cls, parent: QObject | None = None, *, user32: Any = None) -> WindowsSleepWatcher:
        """Return the watcher; raise PortUnavailable when it cannot be set up."""
        try:
            return cls(parent, user32=user32)
        except (OSError, AttributeError, RuntimeError) as exc:
            raise PortUnavailable(f"cannot watch WM_POWERBROADCAST: {exc}") from exc

    @property
    def description(self) -> str:
        """Names the message."""
        return "WM_POWERBROADCAST to a hidden window"

    def power_event(self, event: int) -> None:
        """Emit the signal for one ``PBT_*`` event (others are ignored)."""
        if event == PBT_APMSUSPEND:
            self.about_to_sleep.emit()
        elif event == PBT_APMRESUMEAUTOMATIC:
            self.resumed.emit()

    def stop(self) -> None:
        """Unregister, remove the filter and destroy the hidden window."""
        if self._registration:
            unregister = getattr(self._user32, "UnregisterSuspendResumeNotification", None)
            if unregister is not None:
                unregister(wintypes.HANDLE(self._registration))
            self._registration = 0
        if self._filter is not None:
            self._app.removeNativeEventFilter(self._filter)
            self._filter = None
        if self._window is not None:
            self._window.destroy()
            self._window = None


def _load_user32() -> Any:
    user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    # Both exist from Windows 8 on; without them the broadcast alone still arrives.
    register = getattr(user32, "RegisterSuspendResumeNotification", None)
    if register is not None:
        register.argtypes = [wintypes.HANDLE, wintypes.DWORD]
        register.restype = wintypes.HANDLE
    unregister = getattr(user32, "UnregisterSuspendResumeNotification", None)
    if unregister is not None:
        unregister.argtypes = [wintypes.HANDLE]
        unregister.restype = wintypes.BOOL
    return user32
