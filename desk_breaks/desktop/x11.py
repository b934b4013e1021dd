"""A small ctypes binding of Xlib: just what idle time and full-screen detection need.

No python-xlib or xcffib dependency: libX11 and libXss are on every X11 desktop (and in
RUNTIME_APT; libXss pulls in libXext, which has the SYNC extension's client side), and the
handful of calls below are stable since the 1990s.

One :class:`X11Display` is one connection to the X server, opened once and closed by
:meth:`X11Display.close`. It belongs to the GUI thread. Protocol errors (a window that was
destroyed between two calls, which is normal on a live desktop) do not abort the process,
as Xlib's default handler would: they are recorded and turn into :class:`X11Error`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from ctypes import (
    POINTER,
    Structure,
    byref,
    c_char_p,
    c_int,
    c_long,
    c_uint,
    c_ulong,
    c_void_p,
)
from typing import Any, ClassVar

__all__ = ["X11Display", "X11Error", "X11Unavailable"]

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
    path = ctypes.util.find_library(name) or soname
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


class X11Display:
    """One Xlib connection: idle time, SYNC alarms, atoms, window properties, focus, geometry."""

    # Xlib has one error handler per process. Ours records errors per connection and
    # never exits; it must outlive every display, so it lives on the class, installed once.
    _handler: ClassVar[Any] = None
    _errors: ClassVar[dict[int, int]] = {}
    _libs: ClassVar[_Libs | None] = None

    def __init__(self, display: str | None = None) -> None:
        """Connect to ``display`` (``$DISPLAY`` when None); raise X11Unavailable."""
        name = display if display is not None else os.environ.get("DISPLAY", "")
        if not name:
            raise X11Unavailable("DISPLAY is not set")
        libs = X11Display._load_libs()
        self._x = libs.x11
        self._xss = libs.xss
        self._xext = libs.xext
        handle = self._x.XOpenDisplay(name.encode())
        if not handle:
            raise X11Unavailable(f"cannot open display {name!r}")
        self.name = name
        self._dpy: int | None = handle
        self.root: int = self._x.XDefaultRootWindow(handle)
        self._atoms: dict[str, int] = {}
        self._sync_event_base: int | None = None

    @classmethod
    def _load_libs(cls) -> _Libs:
        if cls._libs is None:
            libs = _Libs()

            def record(_dpy: int, event: Any) -> int:
                cls._errors[int(_dpy or 0)] = int(event.contents.error_code)
                return 0

            cls._handler = _ErrorHandler(record)
            libs.x11.XSetErrorHandler(cls._handler)
            cls._libs = libs
        return cls._libs

    @property
    def _handle(self) -> int:
        if self._dpy is None:
            raise X11Error("the display is closed")
        return self._dpy

    def close(self) -> None:
        """Close the connection (idempotent)."""
        handle, self._dpy = self._dpy, None
        if handle is not None:
            self._x.XCloseDisplay(handle)
            X11Display._errors.pop(int(handle), None)

    def __enter__(self) -> X11Display:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check(self, what: str) -> None:
        """Flush, then raise X11Error if any request since the last check failed."""
        self._x.XSync(self._handle, 0)
        code = X11Display._errors.pop(int(self._handle), None)
        if code is not None:
            raise X11Error(f"{what} failed with X error code {code}")

    # -- idle time (MIT-SCREEN-SAVER) ------------------------------------------------------

    def has_screensaver_extension(self) -> bool:
        """Whether libXss is loaded and the server offers MIT-SCREEN-SAVER."""
        if self._xss is None:
            return False
        event_base, error_base = c_int(), c_int()
        return bool(
            self._xss.XScreenSaverQueryExtension(self._handle, byref(event_base), byref(error_base))
        )

    def idle_ms(self) -> int:
        """Milliseconds since the last keyboard or pointer input on this server."""
        if self._xss is None:
            raise X11Error("libXss is not available")
        info = _XScreenSaverInfo()
        if not self._xss.XScreenSaverQueryInfo(self._handle, self.root, byref(info)):
            raise X11Error("XScreenSaverQueryInfo failed")
        return int(info.idle)

    # -- SYNC extension: alarms on system counters (IDLETIME) -------------------------------
    #
    # An alarm's notification is an event, read from the connection's socket. Xlib reads
    # events into its own queue whenever it waits for a reply, and an event in that queue
    # no longer makes the socket readable. So a connection that waits for alarms with
    # poll/select must not wait for replies while an alarm may fire: create_sync_alarm()
    # only flushes, and the event is read by fired_alarms().

    def fileno(self) -> int:
        """The connection's socket: readable when the server sent something (an event)."""
        return int(self._x.XConnectionNumber(self._handle))

    def init_sync(self) -> None:
        """Initialise the SYNC extension on this connection; raise X11Unavailable without it."""
        if self._sync_event_base is not None:
            return
        if self._xext is None:
            raise X11Unavailable("libXext.so.6 is not available (the X SYNC extension's client)")
        event_base, error_base = c_int(), c_int()
        if not self._xext.XSyncQueryExtension(self._handle, byref(event_base), byref(error_base)):
            raise X11Unavailable("the X server has no SYNC extension")
        major, minor = c_int(), c_int()
        if not self._xext.XSyncInitialize(self._handle, byref(major), byref(minor)):
            raise X11Unavailable("the X server's SYNC extension did not initialise")
        self._sync_event_base = event_base.value

    def _sync(self) -> ctypes.CDLL:
        self.init_sync()
        assert self._xext is not None  # init_sync() raised otherwise
        return self._xext

    def system_counter(self, name: str) -> int | None:
        """The id of the SYNC system counter ``name`` (``IDLETIME``), None when there is none."""
        xext = self._sync()
        count = c_int()
        counters = xext.XSyncListSystemCounters(self._handle, byref(count))
        if not counters:
            return None
        try:
            wanted = name.encode()
            for i in range(count.value):
                if counters[i].name == wanted:
                    return int(counters[i].counter)
            return None
        finally:
            xext.XSyncFreeSystemCounterList(counters)

    def counter_value(self, counter: int) -> int:
        """The current value of a SYNC counter (IDLETIME: milliseconds since the last input)."""
        xext = self._sync()
        value = _XSyncValue()
        status = xext.XSyncQueryCounter(self._handle, counter, byref(value))
        self._check("XSyncQueryCounter")
        if not status:
            raise X11Error("XSyncQueryCounter failed")
        return (int(value.hi) << 32) | int(value.lo)

    def create_sync_alarm(self, counter: int, at_most: int) -> int:
        """An alarm that notifies once, as soon as ``counter`` is ``at_most`` or less.

        A negative comparison, not a transition: it is a level, so it also fires when the
        counter dropped already, between reading it and creating the alarm. The request is
        flushed, not waited for (see above); an error for it is raised by the next
        :meth:`fired_alarms`.
        """
        xext = self._sync()
        attributes = _XSyncAlarmAttributes()
        attributes.trigger.counter = counter
        attributes.trigger.value_type = _XSYNC_ABSOLUTE
        attributes.trigger.wait_value = _sync_value(at_most)
        attributes.trigger.test_type = _XSYNC_NEGATIVE_COMPARISON
        # Delta 0 with a comparison test: the alarm turns inactive after its one event.
        attributes.delta = _sync_value(0)
        attributes.events = 1
        mask = (
            _XSYNC_CA_COUNTER
            | _XSYNC_CA_VALUE_TYPE
            | _XSYNC_CA_VALUE
            | _XSYNC_CA_TEST_TYPE
            | _XSYNC_CA_DELTA
            | _XSYNC_CA_EVENTS
        )
        alarm = int(xext.XSyncCreateAlarm(self._handle, mask, byref(attributes)))
        self._x.XFlush(self._handle)
        if not alarm:
            raise X11Error("XSyncCreateAlarm failed")
        return alarm

    def destroy_sync_alarm(self, alarm: int) -> None:
        """Destroy an alarm, then drop the events it sent (the server notifies destruction too).

        Waits for the server, so the descriptor is left quiet: the "destroyed" notice is
        read and dropped here instead of waking the caller later.
        """
        xext = self._sync()
        xext.XSyncDestroyAlarm(self._handle, alarm)
        try:
            self._check("XSyncDestroyAlarm")
        finally:
            self._drain()

    def fired_alarms(self) -> set[int]:
        """Read the events received so far, without blocking; the alarms among them that fired.

        Other events (and "destroyed" notices) are dropped. Raises X11Error when a request
        failed since the last check (an alarm the server refused).
        """
        fired = self._drain()
        code = X11Display._errors.pop(int(self._handle), None)
        if code is not None:
            raise X11Error(f"an X request failed with X error code {code}")
        return fired

    def _drain(self) -> set[int]:
        fired: set[int] = set()
        notify_type = None
        if self._sync_event_base is not None:
            notify_type = self._sync_event_base + _XSYNC_ALARM_NOTIFY
        event = _XEvent()
        # XPending reads only what the socket already holds, so this never blocks.
        while self._x.XPending(self._handle) > 0:
            self._x.XNextEvent(self._handle, byref(event))
            notify = _XSyncAlarmNotifyEvent.from_buffer(event)
            if notify.type == notify_type and notify.state != _XSYNC_ALARM_DESTROYED:
                fired.add(int(notify.alarm))
        return fired

    # -- windows ---------------------------------------------------------------------------

    def atom(self, name: str, *, only_if_exists: bool = False) -> int:
        """The atom for ``name`` (0 when ``only_if_exists`` and nobody interned it yet)."""
        cached = self._atoms.get(name)
        if cached:
            return cached
        value = int(self._x.XInternAtom(self._handle, name.encode(), int(only_if_exists)))
        if value:
            self._atoms[name] = value
        return value

    def _property_longs(self, window: int, prop: str, req_type: int) -> list[int] | None:
        atom = self.atom(prop, only_if_exists=True)
        if not atom:
            return None
        actual_type, actual_format = Atom(), c_int()
        n_items, bytes_after = c_ulong(), c_ulong()
        data = c_void_p()
        status = self._x.XGetWindowProperty(
            self._handle,
            window,
            atom,
            0,
            1024,
            0,
            req_type,
            byref(actual_type),
            byref(actual_format),
            byref(n_items),
            byref(bytes_after),
            byref(data),
        )
        try:
            self._check(f"reading {prop}")
            if status != _SUCCESS or actual_type.value == 0:
                return None
            if actual_format.value != 32 or not data.value:
                return []
            # Format-32 properties come back as an array of C longs, whatever their width.
            values = ctypes.cast(data, POINTER(c_ulong))
            return [int(values[i]) for i in range(n_items.value)]
        finally:
            if data.value:
                self._x.XFree(data)

    def active_window(self) -> int | None:
        """``_NET_ACTIVE_WINDOW`` of the root: the window manager's idea of the active window.

        None when no EWMH window manager keeps the property; 0 when nothing is active.
        """
        values = self._property_longs(self.root, "_NET_ACTIVE_WINDOW", _XA_WINDOW)
        if values is None:
            return None
        return values[0] if values else 0

    def window_state(self, window: int) -> set[str]:
        """The atoms in the window's ``_NET_WM_STATE``, by name (only those we ask about)."""
        values = self._property_longs(window, "_NET_WM_STATE", _XA_ATOM) or []
        wanted = ("_NET_WM_STATE_FULLSCREEN", "_NET_WM_STATE_HIDDEN")
        by_atom = {self.atom(n, only_if_exists=True): n for n in wanted}
        return {by_atom[v] for v in values if v in by_atom and v}

    def input_focus(self) -> int | None:
        """The window with the keyboard focus, or None (no focus, or focus follows pointer)."""
        focus, revert = Window(), c_int()
        self._x.XGetInputFocus(self._handle, byref(focus), byref(revert))
        self._check("XGetInputFocus")
        if focus.value in (0, _POINTER_ROOT) or focus.value == self.root:
            return None
        return int(focus.value)

    def toplevel(self, window: int) -> int:
        """The ancestor of ``window`` that is a direct child of the root (itself if it is)."""
        current = window
        for _ in range(64):  # a sane bound: real trees are a few levels deep
            root, parent = Window(), Window()
            children, count = c_void_p(), c_uint()
            status = self._x.XQueryTree(
                self._handle, current, byref(root), byref(parent), byref(children), byref(count)
            )
            if children.value:
                self._x.XFree(children)
            self._check("XQueryTree")
            if not status:
                raise X11Error("XQueryTree failed")
            if parent.value in (0, root.value):
                return current
            current = int(parent.value)
        return current

    def geometry(self, window: int) -> tuple[int, int, int, int]:
        """``(x, y, width, height)`` of ``window``, position relative to its parent."""
        root = Window()
        x, y = c_int(), c_int()
        width, height, border, depth = c_uint(), c_uint(), c_uint(), c_uint()
        status = self._x.XGetGeometry(
            self._handle,
            window,
            byref(root),
            byref(x),
            byref(y),
            byref(width),
            byref(height),
            byref(border),
            byref(depth),
        )
        self._check("XGetGeometry")
        if not status:
            raise X11Error("XGetGeometry failed")
        return x.value, y.value, width.value, height.value

    def screen_size(self) -> tuple[int, int]:
        """Width and height of the root window (all monitors of the screen together)."""
        _x, _y, width, height = self.geometry(self.root)
        return width, height
