"""Idle time on KDE Plasma: ``org.freedesktop.ScreenSaver`` on the session bus."""

from __future__ import annotations

from desk_breaks.desktop.idle._dbus import DBusIdleSource

SERVICE = "org.freedesktop.ScreenSaver"
PATH = "/ScreenSaver"
INTERFACE = "org.freedesktop.ScreenSaver"


class KdeIdleSource(DBusIdleSource):
    """``org.freedesktop.ScreenSaver.GetSessionIdleTime`` (milliseconds, from KIdleTime).

    GNOME answers this method with an error (NotSupported), which the probe turns into
    "unavailable"; other desktops that implement it work too.
    """

    name = "kde"
    desktop = "KDE"
    SERVICE = SERVICE
    PATH = PATH
    INTERFACE = INTERFACE
    METHOD = "GetSessionIdleTime"
