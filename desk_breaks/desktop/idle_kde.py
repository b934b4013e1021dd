"""Idle time on KDE Plasma: ``org.freedesktop.ScreenSaver`` on the session bus."""

from __future__ import annotations

import logging

from desk_breaks.desktop import dbus
from desk_breaks.desktop.idle import FailureLog, PortUnavailable

_log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.ScreenSaver"
PATH = "/ScreenSaver"
INTERFACE = "org.freedesktop.ScreenSaver"


class KdeIdleSource:
    """``org.freedesktop.ScreenSaver.GetSessionIdleTime`` (milliseconds, from KIdleTime).

    GNOME answers this method with an error (NotSupported), which the probe turns into
    "unavailable"; other desktops that implement it work too.
    """

    name = "kde"

    def __init__(self, bus: dbus.Bus | None = None) -> None:
        """Use ``bus`` (not closed by us) or open the session bus; probe once."""
        try:
            self._bus = bus if bus is not None else dbus.session_bus()
        except dbus.DBusError as exc:
            raise PortUnavailable(str(exc)) from exc
        self._owns_bus = bus is None
        try:
            self._query()
        except dbus.DBusError as exc:
            self.close()
            raise PortUnavailable(f"{SERVICE}: {exc}") from exc
        self._failures = FailureLog(_log, "idle time from KDE")

    def _query(self) -> int:
        (idle,) = dbus.call(self._bus, SERVICE, PATH, INTERFACE, "GetSessionIdleTime")
        return int(idle)

    def idle_ms(self) -> int | None:
        """Milliseconds since the last input, None when the service does not answer."""
        try:
            value = self._query()
        except dbus.DBusError as exc:
            self._failures.failed(exc)
            return None
        self._failures.ok()
        return value

    def close(self) -> None:
        """Close the bus connection if this source opened it."""
        if self._owns_bus:
            self._bus.close()
