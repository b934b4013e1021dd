"""Busy on Windows: ``SHQueryUserNotificationState`` (shell32), through ctypes."""

from __future__ import annotations

import ctypes
import logging
import sys
from ctypes import POINTER, c_int
from typing import Any

from desk_breaks.core.i18n import N_
from desk_breaks.desktop._backends import FailureLog, PortUnavailable

_log = logging.getLogger(__name__)

QUNS_NOT_PRESENT = 1
QUNS_BUSY = 2
QUNS_RUNNING_D3D_FULL_SCREEN = 3
QUNS_PRESENTATION_MODE = 4
QUNS_ACCEPTS_NOTIFICATIONS = 5
QUNS_QUIET_TIME = 6
QUNS_APP = 7

REASONS = {
    QUNS_BUSY: N_("a full-screen app is active", "busy reason"),
    QUNS_RUNNING_D3D_FULL_SCREEN: N_("a full-screen game or video is running", "busy reason"),
    QUNS_PRESENTATION_MODE: N_("presentation mode is on", "busy reason"),
    QUNS_QUIET_TIME: N_("Windows quiet time is on", "busy reason"),
}
"""States in which Windows itself holds back notifications, and how we say so.

QUNS_NOT_PRESENT (screen locked, screen saver, another user) is left to idle detection;
QUNS_APP (a Windows Store app full screen) and QUNS_ACCEPTS_NOTIFICATIONS are not busy.
"""


def load_shell32() -> Any:
    """``shell32``; PortUnavailable anywhere but Windows."""
    if sys.platform == "win32":
        return ctypes.WinDLL("shell32")
    raise PortUnavailable("not Windows")


class WindowsBusySource:
    """``SHQueryUserNotificationState``: full-screen apps, presentation mode, quiet time.

    Focus Assist (Windows 10/11 do not disturb) is not reported by this call and has no
    documented API, so it is not covered.
    """

    name = "windows"

    def __init__(self, shell32: Any = None) -> None:
        """Use the given library object (tests pass a fake) or load shell32; probe once."""
        shell32 = shell32 if shell32 is not None else load_shell32()
        shell32.SHQueryUserNotificationState.argtypes = [POINTER(c_int)]
        shell32.SHQueryUserNotificationState.restype = ctypes.c_long  # HRESULT
        self._shell32 = shell32
        self._failures = FailureLog(_log, "notification state from Windows")
        if self._query() is None:
            raise PortUnavailable("SHQueryUserNotificationState failed")

    def _query(self) -> int | None:
        state = c_int(0)
        if self._shell32.SHQueryUserNotificationState(ctypes.pointer(state)) != 0:
            return None
        return state.value

    def busy_reason(self) -> str | None:
        """The reason for a busy state, None otherwise (also when the call fails)."""
        state = self._query()
        if state is None:
            self._failures.failed("SHQueryUserNotificationState failed")
            return None
        self._failures.ok()
        return REASONS.get(state)

    def close(self) -> None:
        """Nothing to release."""
