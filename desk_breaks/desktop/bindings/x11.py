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
import os
from ctypes import (
    POINTER,
    byref,
    c_int,
    c_uint,
    c_ulong,
    c_void_p,
)
from typing import Any, ClassVar

from desk_breaks.desktop.bindings._x11_libs import (
    _POINTER_ROOT,
    _SUCCESS,
    _XA_ATOM,
    _XA_WINDOW,
    Atom,
    Window,
    X11Error,
    X11Unavailable,
    _ErrorHandler,
    _Libs,
    _XScreenSaverInfo,
)
from desk_breaks.desktop.bindings.x11_sync import SyncConnection

__all__ = ["X11Display", "X11Error", "X11Unavailable"]


class X11Display(SyncConnection):
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
