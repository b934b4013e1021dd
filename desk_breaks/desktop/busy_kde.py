"""Do not disturb on KDE Plasma: the notification server's ``Inhibited`` property."""

from __future__ import annotations

import logging

from desk_breaks.desktop import dbus
from desk_breaks.desktop.busy import DO_NOT_DISTURB
from desk_breaks.desktop.idle import FailureLog, PortUnavailable

_log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"


class KdeDndSource:
    """Plasma's notification server sets ``Inhibited`` while Do Not Disturb is on.

    That includes the automatic cases Plasma offers (while screens are mirrored, as when
    presenting, and while an app holds an inhibition). Other notification servers have no
    such property; the probe then reports the backend unavailable.
    """

    name = "kde-dnd"

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
            raise PortUnavailable(f"no Inhibited property on {SERVICE}: {exc}") from exc
        self._failures = FailureLog(_log, "Do Not Disturb state from KDE")

    def _query(self) -> bool:
        return bool(dbus.get_property(self._bus, SERVICE, PATH, INTERFACE, "Inhibited"))

    def busy_reason(self) -> str | None:
        """Return "Do Not Disturb is on", or None (also when the server does not answer)."""
        try:
            inhibited = self._query()
        except dbus.DBusError as exc:
            self._failures.failed(exc)
            return None
        self._failures.ok()
        return DO_NOT_DISTURB if inhibited else None

    def close(self) -> None:
        """Close the bus connection if this source opened it."""
        if self._owns_bus:
            self._bus.close()
