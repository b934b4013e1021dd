"""Thin bindings to the desktop's own interfaces, shared by the backends of several ports.

:mod:`.dbus` speaks D-Bus through jeepney (no GLib, no dbus-python), :mod:`.x11` and
:mod:`.x11_sync` load Xlib and its extensions with ctypes, and :mod:`.session_service`
is the common shape of a backend that asks one session-bus service. None of them knows a
port: they raise their own errors, which the backends turn into ``PortUnavailable``.
"""
