"""Idle time on GNOME: Mutter's idle monitor on the session bus (X11 and Wayland).

The idle time is polled with ``GetIdletime`` (the presence monitor looks about once a
minute while the user is present). While the user is away, Mutter's one-shot
``AddUserActiveWatch`` tells of the next input instead: Mutter sends ``WatchFired(id)`` to
the connection that added the watch, so the watch has a connection of its own, which does
nothing but add and remove watches and is otherwise only read, without blocking, when its
socket becomes readable.
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Any

from desk_breaks.desktop._backends import PortUnavailable
from desk_breaks.desktop.bindings import dbus
from desk_breaks.desktop.idle._dbus import DBusIdleSource

if TYPE_CHECKING:
    import socket

__all__ = ["GnomeIdleSource"]

_log = logging.getLogger(__name__)

SERVICE = "org.gnome.Mutter.IdleMonitor"
PATH = "/org/gnome/Mutter/IdleMonitor/Core"
INTERFACE = "org.gnome.Mutter.IdleMonitor"

_READ_SIZE = 65536


def watch_match_rule() -> str:
    """A match rule for WatchFired, in case a Mutter broadcasts it instead of addressing us."""
    return f"type='signal',interface='{INTERFACE}',member='WatchFired',path='{PATH}'"


class GnomeIdleSource(DBusIdleSource):
    """``org.gnome.Mutter.IdleMonitor.GetIdletime`` on ``/org/gnome/Mutter/IdleMonitor/Core``.

    Also an :class:`~desk_breaks.desktop.idle.ActivityWatch` through ``AddUserActiveWatch``.
    """

    name = "gnome"
    desktop = "GNOME"
    SERVICE = SERVICE
    PATH = PATH
    INTERFACE = INTERFACE
    METHOD = "GetIdletime"

    def __init__(self, bus: dbus.Bus | None = None) -> None:
        """Use ``bus`` (not closed by us) or open the session bus; probe once."""
        # Set before the probe: a failed probe calls close(), which looks at them.
        self._watch_bus: dbus.Bus | None = None
        self._watch_id: int | None = None
        super().__init__(bus)

    def _watch_connection(self) -> dbus.Bus:
        if self._watch_bus is None or not self._watch_bus.is_open:
            try:
                bus = dbus.Bus(self._bus.address, "session")
                dbus.add_match(bus, watch_match_rule())
            except dbus.DBusError as exc:
                raise PortUnavailable(f"no connection for Mutter's watch: {exc}") from exc
            self._watch_bus = bus
        return self._watch_bus

    def arm_activity_watch(self) -> int:
        """Add a user-active watch (replacing a pending one); the watch socket's descriptor."""
        bus = self._watch_connection()
        self.disarm_activity_watch()
        try:
            (watch_id,) = dbus.call(bus, SERVICE, PATH, INTERFACE, "AddUserActiveWatch")
        except dbus.DBusError as exc:
            raise PortUnavailable(f"Mutter refused a user-active watch: {exc}") from exc
        self._watch_id = int(watch_id)
        sock: socket.socket = bus.connection.sock
        return sock.fileno()

    def activity_seen(self) -> bool:
        """Read what arrived on the watch connection; True when our watch fired."""
        bus = self._watch_bus
        if bus is None or not bus.is_open:
            return False
        import socket  # a bus is open, so jeepney has loaded it (not on every desktop)

        conn = bus.connection
        fired = self._take_fired(conn.parser)
        while True:
            try:
                # MSG_DONTWAIT leaves the socket's own mode to jeepney's blocking calls.
                data = conn.sock.recv(_READ_SIZE, socket.MSG_DONTWAIT)
            except (BlockingIOError, InterruptedError):
                return fired
            except OSError as exc:
                _log.info("Mutter's watch connection broke (%s); polling instead", exc)
                self._drop_watch_bus()
                return fired
            if not data:
                self._drop_watch_bus()
                return fired
            conn.parser.add_data(data)
            fired = self._take_fired(conn.parser) or fired

    def _take_fired(self, parser: Any) -> bool:
        from jeepney import HeaderFields, MessageType  # loaded by the bus already

        fired = False
        while (message := parser.get_next_message()) is not None:
            header = message.header
            if (
                header.message_type is MessageType.signal
                and header.fields.get(HeaderFields.member) == "WatchFired"
                and message.body
                and self._watch_id is not None
                and int(message.body[0]) == self._watch_id
            ):
                # User-active watches are one-shot: Mutter has already dropped it.
                self._watch_id = None
                fired = True
        return fired

    def disarm_activity_watch(self) -> None:
        """Remove the pending watch, if any (a watch that already fired is gone anyway)."""
        watch_id, self._watch_id = self._watch_id, None
        if watch_id is None or self._watch_bus is None or not self._watch_bus.is_open:
            return
        try:
            dbus.call(self._watch_bus, SERVICE, PATH, INTERFACE, "RemoveWatch", "u", (watch_id,))
        except dbus.DBusError as exc:
            # Already fired, or Mutter restarted: either way there is nothing left to remove.
            _log.debug("RemoveWatch(%d): %s", watch_id, exc)

    def _drop_watch_bus(self) -> None:
        bus, self._watch_bus = self._watch_bus, None
        self._watch_id = None
        if bus is not None:
            with contextlib.suppress(OSError):
                bus.close()

    def close(self) -> None:
        """Drop the watch and its connection, then close the bus if this source opened it."""
        self.disarm_activity_watch()
        self._drop_watch_bus()
        super().close()
