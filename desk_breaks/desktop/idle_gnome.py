"""Idle time on GNOME: Mutter's idle monitor on the session bus (X11 and Wayland)."""

from __future__ import annotations

from desk_breaks.desktop.idle_dbus import DBusIdleSource

SERVICE = "org.gnome.Mutter.IdleMonitor"
PATH = "/org/gnome/Mutter/IdleMonitor/Core"
INTERFACE = "org.gnome.Mutter.IdleMonitor"


class GnomeIdleSource(DBusIdleSource):
    """``org.gnome.Mutter.IdleMonitor.GetIdletime`` on ``/org/gnome/Mutter/IdleMonitor/Core``.

    Mutter also offers idle watches (signals); polling is used instead because the
    presence monitor polls about once a minute anyway and needs no listener on the bus.
    """

    name = "gnome"
    desktop = "GNOME"
    SERVICE = SERVICE
    PATH = PATH
    INTERFACE = INTERFACE
    METHOD = "GetIdletime"
