"""Idle time from a desktop service on the session bus: what the GNOME and KDE backends share.

Each backend names the service, object, interface and method that answer "milliseconds
since the last input"; :class:`~desk_breaks.desktop.session_service.SessionService` does the
bus, the probe and the failure log.
"""

from __future__ import annotations

from typing import ClassVar

from desk_breaks.desktop import dbus
from desk_breaks.desktop.session_service import SessionService


class DBusIdleSource(SessionService):
    """Polls ``METHOD`` of ``SERVICE`` at ``PATH`` for the idle time in milliseconds."""

    name: ClassVar[str]
    desktop: ClassVar[str]
    SERVICE: ClassVar[str]
    PATH: ClassVar[str]
    INTERFACE: ClassVar[str]
    METHOD: ClassVar[str]

    def __init__(self, bus: dbus.Bus | None = None) -> None:
        """Use ``bus`` (not closed by us) or open the session bus; probe once."""
        super().__init__(bus, f"idle time from {self.desktop}")
        self._probe(self._query, self.SERVICE)

    def _query(self) -> int:
        (idle,) = dbus.call(self._bus, self.SERVICE, self.PATH, self.INTERFACE, self.METHOD)
        return int(idle)

    def idle_ms(self) -> int | None:
        """Milliseconds since the last input, None when the service does not answer."""
        return self._ask(self._query)
