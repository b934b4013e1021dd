"""Busy on macOS: the frontmost window covers a whole display (full screen, a presentation).

Through ctypes on CoreGraphics and CoreFoundation: ``CGWindowListCopyWindowInfo`` lists the
on-screen windows front to back with their layer and bounds (no screen-recording
permission is needed for those two keys, only for window titles). The first window in
the normal layer (0) belongs to the frontmost app; if its bounds equal the bounds of an
active display (``CGGetActiveDisplayList`` / ``CGDisplayBounds``), it is full screen: a
native full-screen Space, a slideshow, a full-screen video or game. A merely zoomed window
is not, because the menu bar stays.

Not covered: Focus modes (Do Not Disturb). macOS has no public API to read them without
an Intents entitlement and the user's permission (``INFocusStatusCenter``).
"""

from __future__ import annotations

import ctypes
import logging
import sys
from ctypes import (
    POINTER,
    Structure,
    byref,
    c_bool,
    c_char_p,
    c_double,
    c_int32,
    c_long,
    c_uint32,
    c_void_p,
)
from typing import Any, ClassVar

from desk_breaks.desktop._backends import FailureLog, PortUnavailable
from desk_breaks.desktop.busy import FULL_SCREEN

_log = logging.getLogger(__name__)

COREGRAPHICS = "/System/Library/Frameworks/CoreGraphics.framework/CoreGraphics"
COREFOUNDATION = "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation"
ON_SCREEN_ONLY = 1 << 0
EXCLUDE_DESKTOP_ELEMENTS = 1 << 4
NULL_WINDOW_ID = 0
UTF8 = 0x08000100
SINT32_TYPE = 3
MAX_DISPLAYS = 16
_TOLERANCE = 1.0  # points; Retina scaling can leave a fraction


class CGPoint(Structure):
    """``CGPoint``."""

    _fields_: ClassVar[list[tuple[str, Any]]] = [("x", c_double), ("y", c_double)]


class CGSize(Structure):
    """``CGSize``."""

    _fields_: ClassVar[list[tuple[str, Any]]] = [("width", c_double), ("height", c_double)]


class CGRect(Structure):
    """``CGRect``."""

    _fields_: ClassVar[list[tuple[str, Any]]] = [("origin", CGPoint), ("size", CGSize)]

    def as_tuple(self) -> tuple[float, float, float, float]:
        """``(x, y, width, height)``."""
        return (self.origin.x, self.origin.y, self.size.width, self.size.height)


def load_frameworks() -> tuple[Any, Any]:
    """CoreGraphics and CoreFoundation; PortUnavailable anywhere but macOS."""
    if sys.platform != "darwin":
        raise PortUnavailable("not macOS")
    try:
        return ctypes.CDLL(COREGRAPHICS), ctypes.CDLL(COREFOUNDATION)
    except OSError as exc:
        raise PortUnavailable(f"cannot load CoreGraphics: {exc}") from exc


class MacBusySource:
    """Busy while the frontmost app's front window covers a whole display."""

    name = "macos"

    def __init__(self, coregraphics: Any = None, corefoundation: Any = None) -> None:
        """Use the given library objects (tests pass fakes) or load the frameworks; probe."""
        if coregraphics is None or corefoundation is None:
            coregraphics, corefoundation = load_frameworks()
        cg, cf = coregraphics, corefoundation
        cg.CGWindowListCopyWindowInfo.argtypes = [c_uint32, c_uint32]
        cg.CGWindowListCopyWindowInfo.restype = c_void_p
        cg.CGGetActiveDisplayList.argtypes = [c_uint32, POINTER(c_uint32), POINTER(c_uint32)]
        cg.CGGetActiveDisplayList.restype = c_int32
        cg.CGDisplayBounds.argtypes = [c_uint32]
        cg.CGDisplayBounds.restype = CGRect
        cg.CGRectMakeWithDictionaryRepresentation.argtypes = [c_void_p, POINTER(CGRect)]
        cg.CGRectMakeWithDictionaryRepresentation.restype = c_bool
        cf.CFArrayGetCount.argtypes = [c_void_p]
        cf.CFArrayGetCount.restype = c_long
        cf.CFArrayGetValueAtIndex.argtypes = [c_void_p, c_long]
        cf.CFArrayGetValueAtIndex.restype = c_void_p
        cf.CFDictionaryGetValue.argtypes = [c_void_p, c_void_p]
        cf.CFDictionaryGetValue.restype = c_void_p
        cf.CFNumberGetValue.argtypes = [c_void_p, c_long, c_void_p]
        cf.CFNumberGetValue.restype = c_bool
        cf.CFStringCreateWithCString.argtypes = [c_void_p, c_char_p, c_uint32]
        cf.CFStringCreateWithCString.restype = c_void_p
        cf.CFRelease.argtypes = [c_void_p]
        cf.CFRelease.restype = None
        self._cg, self._cf = cg, cf
        self._key_layer = cf.CFStringCreateWithCString(None, b"kCGWindowLayer", UTF8)
        self._key_bounds = cf.CFStringCreateWithCString(None, b"kCGWindowBounds", UTF8)
        self._failures = FailureLog(_log, "window list from macOS")
        if self._front_window_bounds() is None and not self._displays():
            self.close()
            raise PortUnavailable("no window list and no displays from CoreGraphics")

    def _displays(self) -> list[tuple[float, float, float, float]]:
        ids = (c_uint32 * MAX_DISPLAYS)()
        count = c_uint32(0)
        if self._cg.CGGetActiveDisplayList(MAX_DISPLAYS, ids, byref(count)) != 0:
            return []
        return [self._cg.CGDisplayBounds(ids[i]).as_tuple() for i in range(count.value)]

    def _front_window_bounds(self) -> tuple[float, float, float, float] | None:
        """Bounds of the frontmost normal-layer window, or None."""
        windows = self._cg.CGWindowListCopyWindowInfo(
            ON_SCREEN_ONLY | EXCLUDE_DESKTOP_ELEMENTS, NULL_WINDOW_ID
        )
        if not windows:
            return None
        try:
            for i in range(self._cf.CFArrayGetCount(windows)):
                info = self._cf.CFArrayGetValueAtIndex(windows, i)
                layer_ref = self._cf.CFDictionaryGetValue(info, self._key_layer)
                layer = c_int32(-1)
                if not layer_ref or not self._cf.CFNumberGetValue(
                    layer_ref, SINT32_TYPE, byref(layer)
                ):
                    continue
                if layer.value != 0:
                    continue  # menu bar, Dock, overlays, screen savers
                bounds_ref = self._cf.CFDictionaryGetValue(info, self._key_bounds)
                rect = CGRect()
                if bounds_ref and self._cg.CGRectMakeWithDictionaryRepresentation(
                    bounds_ref, byref(rect)
                ):
                    return rect.as_tuple()
                return None
            return None
        finally:
            self._cf.CFRelease(windows)

    def busy_reason(self) -> str | None:
        """Return "a full-screen window is active", or None."""
        front = self._front_window_bounds()
        if front is None:
            return None
        displays = self._displays()
        if not displays:
            self._failures.failed("no active displays")
            return None
        self._failures.ok()
        for display in displays:
            if all(abs(a - b) <= _TOLERANCE for a, b in zip(front, display, strict=True)):
                return FULL_SCREEN
        return None

    def close(self) -> None:
        """Release the dictionary keys (idempotent)."""
        for attr in ("_key_layer", "_key_bounds"):
            key = getattr(self, attr, None)
            if key:
                self._cf.CFRelease(key)
                setattr(self, attr, None)
