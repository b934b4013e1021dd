"""A client of one desktop service on the session bus, as the D-Bus port backends use it.

The idle (GNOME, KDE) and do-not-disturb (GNOME, KDE) backends all do the same around
their one query: open the session bus (or use one they are given, which they then do not
close), probe once so an absent service makes the backend unavailable, and log a run of
failed queries once rather than at every poll.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from desk_breaks.desktop._backends import FailureLog, PortUnavailable
from desk_breaks.desktop.bindings import dbus

__all__ = ["OneMethodService", "SessionService"]

T = TypeVar("T")


class SessionService:
    """Owns (or borrows) a session-bus connection; :meth:`_ask` never raises."""

    def __init__(self, bus: dbus.Bus | None, what: str) -> None:
        """Use ``bus`` or open the session bus; ``what`` names the answers in log lines."""
        try:
            self._bus = bus if bus is not None else dbus.session_bus()
        except dbus.DBusError as exc:
            raise PortUnavailable(str(exc)) from exc
        self._owns_bus = bus is None
        self._failures = FailureLog(logging.getLogger(type(self).__module__), what)

    def _probe(self, query: Callable[[], object], unavailable: str) -> None:
        """Run ``query`` once; on failure close and raise PortUnavailable("unavailable: why")."""
        try:
            query()
        except dbus.DBusError as exc:
            self.close()
            raise PortUnavailable(f"{unavailable}: {exc}") from exc

    def _ask(self, query: Callable[[], T]) -> T | None:
        """``query()``, or None when the service does not answer (logged once per run)."""
        try:
            value = query()
        except dbus.DBusError as exc:
            self._failures.failed(exc)
            return None
        self._failures.ok()
        return value

    def close(self) -> None:
        """Close the bus connection if this client opened it."""
        if self._owns_bus:
            self._bus.close()


class OneMethodService(SessionService):
    """A service asked one method, named by class attributes; probed once on creation."""

    name: ClassVar[str]
    desktop: ClassVar[str]
    WHAT: ClassVar[str]
    """What the answers are, for log lines ("idle time")."""
    SERVICE: ClassVar[str]
    PATH: ClassVar[str]
    INTERFACE: ClassVar[str]
    METHOD: ClassVar[str]
    SIGNATURE: ClassVar[str | None] = None
    BODY: ClassVar[tuple[object, ...]] = ()

    def __init__(self, bus: dbus.Bus | None = None) -> None:
        """Use ``bus`` (not closed by us) or open the session bus; probe once."""
        super().__init__(bus, f"{self.WHAT} from {self.desktop}")
        self._probe(self._call, self.SERVICE)

    def _call(self) -> Any:
        """The method's one return value; raises DBusError."""
        (value,) = dbus.call(
            self._bus,
            self.SERVICE,
            self.PATH,
            self.INTERFACE,
            self.METHOD,
            self.SIGNATURE,
            self.BODY,
        )
        return value
