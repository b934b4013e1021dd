"""Idle time from a desktop service on the session bus: what the GNOME and KDE backends share.

Each backend names the service, object, interface and method that answer "milliseconds
since the last input"; :class:`~desk_breaks.desktop.bindings.session_service.OneMethodService` does
the bus, the probe and the failure log.
"""

from __future__ import annotations

from desk_breaks.desktop.bindings.session_service import OneMethodService


class DBusIdleSource(OneMethodService):
    """Polls ``METHOD`` of ``SERVICE`` at ``PATH`` for the idle time in milliseconds."""

    WHAT = "idle time"

    def _query(self) -> int:
        return int(self._call())

    def idle_ms(self) -> int | None:
        """Milliseconds since the last input, None when the service does not answer."""
        return self._ask(self._query)
