"""Idle time from a desktop service on the session bus: what the GNOME and KDE backends share.

Each backend names the service, object, interface and method that answer "milliseconds
since the last input"; this class opens the bus (or uses one it is given), probes once so
an absent service makes the backend unavailable, and logs a run of failures once.
"""

from __future__ import annotations

import logging
from typing import ClassVar

from desk_breaks.desktop import dbus
from desk_breaks.desktop.idle import FailureLog, PortUnavailable

_log = logging.getLogger(__name__)


class DBusIdleSource:
    """Polls ``METHOD`` of ``SERVICE`` at ``PATH`` for the idle time in milliseconds."""

    name: ClassVar[str]
    desktop: ClassVar[str]
    SERVICE: ClassVar[str]
    PATH: ClassVar[str]
    INTERFACE: ClassVar[str]
    METHOD: ClassVar[str]

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
            raise PortUnavailable(f"{self.SERVICE}: {exc}") from exc
        self._failures = FailureLog(_log, f"idle time from {self.desktop}")

    def _query(self) -> int:
        (idle,) = dbus.call(self._bus, self.SERVICE, self.PATH, self.INTERFACE, self.METHOD)
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
