"""Idle time on macOS: CoreGraphics' seconds since the last input event, through ctypes."""

from __future__ import annotations

import ctypes
import logging
import math
import sys
from ctypes import c_double, c_int32, c_uint32
from typing import Any

from desk_breaks.desktop._backends import FailureLog, PortUnavailable

_log = logging.getLogger(__name__)

COREGRAPHICS = "/System/Library/Frameworks/CoreGraphics.framework/CoreGraphics"
HID_SYSTEM_STATE = 1
"""``kCGEventSourceStateHIDSystemState``: input from the hardware, not synthesized events."""
ANY_INPUT_EVENT = 0xFFFFFFFF
"""``kCGAnyInputEventType`` (``~0``)."""


def load_coregraphics() -> Any:
    """The CoreGraphics framework; PortUnavailable anywhere but macOS."""
    if sys.platform != "darwin":
        raise PortUnavailable("not macOS")
    try:
        return ctypes.CDLL(COREGRAPHICS)
    except OSError as exc:
        raise PortUnavailable(f"cannot load CoreGraphics: {exc}") from exc


class MacIdleSource:
    """``CGEventSourceSecondsSinceLastEventType(HIDSystemState, AnyInputEvent)``.

    Needs no permission (unlike event taps), and works for the whole login session.
    """

    name = "macos"

    def __init__(self, coregraphics: Any = None) -> None:
        """Use the given library object (tests pass a fake) or load CoreGraphics; probe."""
        cg = coregraphics if coregraphics is not None else load_coregraphics()
        cg.CGEventSourceSecondsSinceLastEventType.argtypes = [c_int32, c_uint32]
        cg.CGEventSourceSecondsSinceLastEventType.restype = c_double
        self._cg = cg
        self._failures = FailureLog(_log, "idle time from CoreGraphics")
        if self._query() is None:
            raise PortUnavailable("CGEventSourceSecondsSinceLastEventType gave no time")

    def _query(self) -> int | None:
        seconds = float(
            self._cg.CGEventSourceSecondsSinceLastEventType(HID_SYSTEM_STATE, ANY_INPUT_EVENT)
        )
        if not math.isfinite(seconds) or seconds < 0:
            return None
        return round(seconds * 1000)

    def idle_ms(self) -> int | None:
        """Milliseconds since the last hardware input, None if the answer is nonsense."""
        value = self._query()
        if value is None:
            self._failures.failed("CGEventSourceSecondsSinceLastEventType gave no time")
        else:
            self._failures.ok()
        return value

    def close(self) -> None:
        """Nothing to release: the framework stays loaded."""
