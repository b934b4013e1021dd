"""Idle time on Windows: ``GetLastInputInfo`` against ``GetTickCount64``, through ctypes."""

from __future__ import annotations

import ctypes
import logging
import sys
from ctypes import POINTER, Structure, c_uint32, c_uint64, sizeof
from typing import Any, ClassVar

from desk_breaks.desktop._backends import FailureLog, PortUnavailable

_log = logging.getLogger(__name__)


class LASTINPUTINFO(Structure):
    """``LASTINPUTINFO``: the tick count (milliseconds since boot, 32 bits) of the last input."""

    _fields_: ClassVar[list[tuple[str, Any]]] = [("cbSize", c_uint32), ("dwTime", c_uint32)]


def load_libraries() -> tuple[Any, Any]:
    """``user32`` and ``kernel32``; PortUnavailable anywhere but Windows."""
    if sys.platform == "win32":
        return ctypes.WinDLL("user32"), ctypes.WinDLL("kernel32")
    raise PortUnavailable("not Windows")


class WindowsIdleSource:
    """``GetLastInputInfo`` (session-wide last input) and ``GetTickCount64``.

    ``dwTime`` is a 32-bit tick count that wraps every 49.7 days; the difference is taken
    modulo 2**32 so the wrap does not produce a negative or huge idle time.
    """

    name = "windows"

    def __init__(self, user32: Any = None, kernel32: Any = None) -> None:
        """Use the given library objects (tests pass fakes) or load the real ones; probe."""
        if user32 is None or kernel32 is None:
            user32, kernel32 = load_libraries()
        user32.GetLastInputInfo.argtypes = [POINTER(LASTINPUTINFO)]
        user32.GetLastInputInfo.restype = ctypes.c_int
        kernel32.GetTickCount64.argtypes = []
        kernel32.GetTickCount64.restype = c_uint64
        self._user32 = user32
        self._kernel32 = kernel32
        self._failures = FailureLog(_log, "idle time from Windows")
        if self._query() is None:
            raise PortUnavailable("GetLastInputInfo failed")

    def _query(self) -> int | None:
        info = LASTINPUTINFO(cbSize=sizeof(LASTINPUTINFO))
        if not self._user32.GetLastInputInfo(ctypes.pointer(info)):
            return None
        now = int(self._kernel32.GetTickCount64()) & 0xFFFFFFFF
        return (now - int(info.dwTime)) & 0xFFFFFFFF

    def idle_ms(self) -> int | None:
        """Milliseconds since the last input in this session, None if the call fails."""
        value = self._query()
        if value is None:
            self._failures.failed("GetLastInputInfo returned 0")
        else:
            self._failures.ok()
        return value

    def close(self) -> None:
        """Nothing to release: the system libraries stay loaded."""
