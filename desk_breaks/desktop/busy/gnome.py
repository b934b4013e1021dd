"""Do not disturb on GNOME: ``show-banners`` read through the desktop settings portal."""

from __future__ import annotations

from typing import Any

from desk_breaks.desktop.bindings import dbus
from desk_breaks.desktop.bindings.session_service import SessionService
from desk_breaks.desktop.busy import DO_NOT_DISTURB

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


class GnomeDndSource(SessionService):
    """GNOME's Do Not Disturb switch is ``show-banners = false`` in its notification settings.

    Read through ``org.freedesktop.portal.Settings`` rather than dconf: dconf's D-Bus
    service only writes (reads go to a memory-mapped file, not reachable over the bus), and
    the portal also answers inside a Flatpak sandbox. ``ReadOne`` (portal version 2) is
    tried first, then the older ``Read``.
    """

    name = "gnome-dnd"

    def __init__(self, bus: dbus.Bus | None = None) -> None:
        """Use ``bus`` (not closed by us) or open the session bus; probe once."""
        super().__init__(bus, "Do Not Disturb state from GNOME")
        self._method = "ReadOne"
        self._probe(self._first_query, f"{NAMESPACE} {KEY} through the portal")

    def _first_query(self) -> bool:
        try:
            return self._query(PROBE_TIMEOUT_S)
        except dbus.DBusError as exc:
            if exc.name != "org.freedesktop.DBus.Error.UnknownMethod":
                raise
            self._method = "Read"
            return self._query(PROBE_TIMEOUT_S)

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
        return DO_NOT_DISTURB if self._ask(self._query) is False else None
