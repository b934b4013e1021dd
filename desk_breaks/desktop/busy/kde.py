"""Do not disturb on KDE Plasma: the notification server's ``Inhibited`` property."""

from __future__ import annotations

from desk_breaks.desktop.bindings import dbus
from desk_breaks.desktop.bindings.session_service import SessionService
from desk_breaks.desktop.busy import DO_NOT_DISTURB

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"


class KdeDndSource(SessionService):
    """Plasma's notification server sets ``Inhibited`` while Do Not Disturb is on.

    That includes the automatic cases Plasma offers (while screens are mirrored, as when
    presenting, and while an app holds an inhibition). Other notification servers have no
    such property; the probe then reports the backend unavailable.
    """

    name = "kde-dnd"

    def __init__(self, bus: dbus.Bus | None = None) -> None:
        """Use ``bus`` (not closed by us) or open the session bus; probe once."""
        super().__init__(bus, "Do Not Disturb state from KDE")
        self._probe(self._query, f"no Inhibited property on {SERVICE}")

    def _query(self) -> bool:
        return bool(dbus.get_property(self._bus, SERVICE, PATH, INTERFACE, "Inhibited"))

    def busy_reason(self) -> str | None:
        """Return "Do Not Disturb is on", or None (also when the server does not answer)."""
        return DO_NOT_DISTURB if self._ask(self._query) else None
