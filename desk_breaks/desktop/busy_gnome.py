"""Do not disturb on GNOME: ``show-banners`` read through the desktop settings portal."""

from __future__ import annotations

import logging
from typing import Any

from desk_breaks.desktop import dbus
from desk_breaks.desktop.busy import DO_NOT_DISTURB
from desk_breaks.desktop.idle import FailureLog, PortUnavailable

_log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.portal.Desktop"
PATH = "/org/freedesktop/portal/desktop"
INTERFACE = "org.freedesktop.portal.Settings"
NAMESPACE = "org.gnome.desktop.notifications"
KEY = "show-banners"
PROBE_TIMEOUT_S = 2.0
"""The first call may start xdg-desktop-portal (D-Bus activation), which takes a moment."""


def _unwrap(value: Any) -> Any:
    # Read() answers a variant holding a variant; ReadOne() a single variant.
    while isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        value = value[1]
    return value


class GnomeDndSource:
    """GNOME's Do Not Disturb switch is ``show-banners = false`` in its notification settings.

    Read through ``org.freedesktop.portal.Settings`` rather than dconf: dconf's D-Bus
    service only writes (reads go to a memory-mapped file, not reachable over the bus), and
    the portal also answers inside a Flatpak sandbox. ``ReadOne`` (portal version 2) is
    tried first, then the older ``Read``.
    """

    name = "gnome-dnd"

    def __init__(self, bus: dbus.Bus | None = None) -> None:
        """Use ``bus`` (not closed by us) or open the session bus; probe once."""
        try:
            self._bus = bus if bus is not None else dbus.session_bus()
        except dbus.DBusError as exc:
            raise PortUnavailable(str(exc)) from exc
        self._owns_bus = bus is None
        self._method = "ReadOne"
        try:
            try:
                self._query(PROBE_TIMEOUT_S)
            except dbus.DBusError as exc:
                if exc.name != "org.freedesktop.DBus.Error.UnknownMethod":
                    raise
                self._method = "Read"
                self._query(PROBE_TIMEOUT_S)
        except dbus.DBusError as exc:
            self.close()
            raise PortUnavailable(f"{NAMESPACE} {KEY} through the portal: {exc}") from exc
        self._failures = FailureLog(_log, "Do Not Disturb state from GNOME")

    def _query(self, timeout_s: float | None = None) -> bool:
        (value,) = dbus.call(
            self._bus,
            SERVICE,
            PATH,
            INTERFACE,
            self._method,
            "ss",
            (NAMESPACE, KEY),
            timeout_s=timeout_s,
        )
        show_banners = _unwrap(value)
        if not isinstance(show_banners, bool):
            raise dbus.DBusError(f"{KEY} is not a boolean: {value!r}")
        return show_banners

    def busy_reason(self) -> str | None:
        """Return "Do Not Disturb is on", or None (also when the portal does not answer)."""
        try:
            show_banners = self._query()
        except dbus.DBusError as exc:
            self._failures.failed(exc)
            return None
        self._failures.ok()
        return None if show_banners else DO_NOT_DISTURB

    def close(self) -> None:
        """Close the bus connection if this source opened it."""
        if self._owns_bus:
            self._bus.close()
