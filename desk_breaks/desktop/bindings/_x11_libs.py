"""Xlib and its extensions, loaded with ctypes: constants, structures and argument types.

The part of :mod:`.x11` that describes the C side, kept apart so the connection classes
(:class:`~.x11_sync.SyncConnection`, :class:`~.x11.X11Display`) read as Python.
"""

from __future__ import annotations

import ctypes
from ctypes import (
    POINTER,
    Structure,
    c_char_p,
    c_int,
    c_long,
    c_uint,
    c_ulong,
    c_void_p,
)
from typing import Any, ClassVar

Window = c_ulong
Atom = c_ulong
_XA_WINDOW = 33
_XA_ATOM = 4
_ANY_PROPERTY_TYPE = 0
_SUCCESS = 0
_POINTER_ROOT = 1

# From X11/extensions/syncconst.h.
_XSYNC_ALARM_NOTIFY = 1  # event code, added to the extension's event base
_XSYNC_CA_COUNTER = 1 << 0
_XSYNC_CA_VALUE_TYPE = 1 << 1
_XSYNC_CA_VALUE = 1 << 2
_XSYNC_CA_TEST_TYPE = 1 << 3
_XSYNC_CA_DELTA = 1 << 4
_XSYNC_CA_EVENTS = 1 << 5
_XSYNC_ABSOLUTE = 0
_XSYNC_NEGATIVE_COMPARISON = 3
_XSYNC_ALARM_DESTROYED = 2


class X11Unavailable(RuntimeError):
    """No X server to talk to (no DISPLAY, no libX11, or the server refused us)."""


class X11Error(RuntimeError):
    """An X request failed (typically BadWindow: the window went away)."""


class _XErrorEvent(Structure):
    _fields_: ClassVar[list[tuple[str, Any]]] = [
        ("type", c_int),
        ("display", c_void_p),
        ("resourceid", c_ulong),
        ("serial", c_ulong),
        ("error_code", ctypes.c_ubyte),
        ("request_code", ctypes.c_ubyte),
        ("minor_code", ctypes.c_ubyte),
    ]


class _XScreenSaverInfo(Structure):
    _fields_: ClassVar[list[tuple[str, Any]]] = [
        ("window", Window),
        ("state", c_int),
        ("kind", c_int),
        ("til_or_since", c_ulong),
        ("idle", c_ulong),
        ("eventMask", c_ulong),
    ]


class _XSyncValue(Structure):
    _fields_: ClassVar[list[tuple[str, Any]]] = [("hi", c_int), ("lo", c_uint)]


class _XSyncSystemCounter(Structure):
    _fields_: ClassVar[list[tuple[str, Any]]] = [
        ("name", c_char_p),
        ("counter", c_ulong),
        ("resolution", _XSyncValue),
    ]


class _XSyncTrigger(Structure):
    _fields_: ClassVar[list[tuple[str, Any]]] = [
        ("counter", c_ulong),
        ("value_type", c_int),
        ("wait_value", _XSyncValue),
        ("test_type", c_int),
    ]


class _XSyncAlarmAttributes(Structure):
    _fields_: ClassVar[list[tuple[str, Any]]] = [
        ("trigger", _XSyncTrigger),
        ("delta", _XSyncValue),
        ("events", c_int),
        ("state", c_int),
    ]


class _XSyncAlarmNotifyEvent(Structure):
    _fields_: ClassVar[list[tuple[str, Any]]] = [
        ("type", c_int),
        ("serial", c_ulong),
        ("send_event", c_int),
        ("display", c_void_p),
        ("alarm", c_ulong),
        ("counter_value", _XSyncValue),
        ("alarm_value", _XSyncValue),
        ("time", c_ulong),
        ("state", c_int),
    ]


# Xlib's XEvent is a union padded to 24 longs; every event type fits in it.
_XEvent = c_long * 24


def _sync_value(value: int) -> _XSyncValue:
    return _XSyncValue(value >> 32, value & 0xFFFFFFFF)


_ErrorHandler = ctypes.CFUNCTYPE(c_int, c_void_p, POINTER(_XErrorEvent))


def _load(name: str, soname: str) -> ctypes.CDLL:
    """The library by its usual soname, else wherever ``find_library`` says it is.

    The soname is what ``find_library`` answers on Linux anyway; asking it first costs
    ``ctypes.util`` (subprocess and friends) and an ``ldconfig -p`` run at every start.
    """
    try:
        return ctypes.CDLL(soname)
    except OSError:
        pass
    from ctypes.util import find_library

    path = find_library(name) or soname
    try:
        return ctypes.CDLL(path)
    except OSError as exc:
        raise X11Unavailable(f"cannot load {soname}: {exc}") from exc


class _Libs:
    """libX11 (and libXss and libXext when present), with argument types declared once."""

    def __init__(self) -> None:
        x = _load("X11", "libX11.so.6")
        x.XOpenDisplay.argtypes = [c_char_p]
        x.XOpenDisplay.restype = c_void_p
        x.XCloseDisplay.argtypes = [c_void_p]
        x.XDefaultRootWindow.argtypes = [c_void_p]
        x.XDefaultRootWindow.restype = Window
        x.XInternAtom.argtypes = [c_void_p, c_char_p, c_int]
        x.XInternAtom.restype = Atom
        x.XGetWindowProperty.argtypes = [
            c_void_p,
            Window,
            Atom,
            c_long,
            c_long,
            c_int,
            Atom,
            POINTER(Atom),
            POINTER(c_int),
            POINTER(c_ulong),
            POINTER(c_ulong),
            POINTER(c_void_p),
        ]
        x.XFree.argtypes = [c_void_p]
        x.XGetInputFocus.argtypes = [c_void_p, POINTER(Window), POINTER(c_int)]
        x.XQueryTree.argtypes = [
            c_void_p,
            Window,
            POINTER(Window),
            POINTER(Window),
            POINTER(c_void_p),
            POINTER(c_uint),
        ]
        x.XGetGeometry.argtypes = [
            c_void_p,
            Window,
            POINTER(Window),
            POINTER(c_int),
            POINTER(c_int),
            POINTER(c_uint),
            POINTER(c_uint),
            POINTER(c_uint),
            POINTER(c_uint),
        ]
        x.XSync.argtypes = [c_void_p, c_int]
        x.XFlush.argtypes = [c_void_p]
        x.XConnectionNumber.argtypes = [c_void_p]
        x.XPending.argtypes = [c_void_p]
        x.XNextEvent.argtypes = [c_void_p, POINTER(_XEvent)]
        x.XSetErrorHandler.argtypes = [_ErrorHandler]
        x.XSetErrorHandler.restype = c_void_p
        self.x11 = x
        self.xss: ctypes.CDLL | None
        try:
            xss = _load("Xss", "libXss.so.1")
        except X11Unavailable:
            self.xss = None
        else:
            xss.XScreenSaverQueryExtension.argtypes = [c_void_p, POINTER(c_int), POINTER(c_int)]
            xss.XScreenSaverQueryInfo.argtypes = [c_void_p, Window, POINTER(_XScreenSaverInfo)]
            self.xss = xss
        self.xext: ctypes.CDLL | None
        try:
            xext = _load("Xext", "libXext.so.6")
        except X11Unavailable:
            self.xext = None
        else:
            xext.XSyncQueryExtension.argtypes = [c_void_p, POINTER(c_int), POINTER(c_int)]
            xext.XSyncInitialize.argtypes = [c_void_p, POINTER(c_int), POINTER(c_int)]
            xext.XSyncListSystemCounters.argtypes = [c_void_p, POINTER(c_int)]
            xext.XSyncListSystemCounters.restype = POINTER(_XSyncSystemCounter)
            xext.XSyncFreeSystemCounterList.argtypes = [POINTER(_XSyncSystemCounter)]
            xext.XSyncFreeSystemCounterList.restype = None
            xext.XSyncQueryCounter.argtypes = [c_void_p, c_ulong, POINTER(_XSyncValue)]
            xext.XSyncCreateAlarm.argtypes = [c_void_p, c_ulong, POINTER(_XSyncAlarmAttributes)]
            xext.XSyncCreateAlarm.restype = c_ulong
            xext.XSyncDestroyAlarm.argtypes = [c_void_p, c_ulong]
            self.xext = xext
