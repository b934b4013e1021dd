"""Suspend and resume on Linux: systemd-logind's ``PrepareForSleep`` on the system bus.

logind (and elogind on systems without systemd) broadcasts
``org.freedesktop.login1.Manager.PrepareForSleep(true)`` before a suspend or hibernation
and ``PrepareForSleep(false)`` after the resume. The watcher subscribes with a match rule
on its own jeepney connection and then only reads: a ``QSocketNotifier`` on the
connection's socket wakes the GUI thread when bytes arrive, the bytes go through jeepney's
parser without blocking, and nothing polls.

No delay inhibitor is taken: the app has nothing it must finish before the sleep, so the
``true`` signal may arrive just before the sleep or only at resume; the ``false`` one
always comes after it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSocketNotifier

from desk_breaks.desktop._backends import PortUnavailable
from desk_breaks.desktop.bindings.dbus import Bus, DBusError, add_match, name_has_owner, system_bus
from desk_breaks.desktop.sleep import SleepWatcher

if TYPE_CHECKING:
    import socket

__all__ = ["LOGIND", "MANAGER", "LogindSleepWatcher", "match_rule"]

_log = logging.getLogger(__name__)

LOGIND = "org.freedesktop.login1"
PATH = "/org/freedesktop/login1"
MANAGER = "org.freedesktop.login1.Manager"

_READ_SIZE = 65536


def match_rule() -> str:
    """The D-Bus match rule for logind's PrepareForSleep (from logind, not impostors)."""
    return (
        f"type='signal',sender='{LOGIND}',path='{PATH}',"
        f"interface='{MANAGER}',member='PrepareForSleep'"
    )


class LogindSleepWatcher(SleepWatcher):
    """:class:`~desk_breaks.desktop.sleep.SleepWatcher` fed by logind's PrepareForSleep."""

    def __init__(self, bus: Bus, parent: QObject | None = None) -> None:
        """Listen on ``bus`` (already subscribed with :func:`match_rule`)."""
        super().__init__(parent)
        self._bus = bus
        conn = bus.connection
        self._parser = conn.parser
        self._sock: socket.socket = conn.sock
        self._sock.setblocking(False)
        self._notifier: QSocketNotifier | None = QSocketNotifier(
            self._sock.fileno(), QSocketNotifier.Type.Read, self
        )
        self._notifier.activated.connect(self._read)

    @classmethod
    def create(
        cls, address: str | None = None, parent: QObject | None = None
    ) -> LogindSleepWatcher:
        """Connect to the system bus and subscribe; raise PortUnavailable saying why not."""
        try:
            bus = system_bus(address)
        except DBusError as exc:
            raise PortUnavailable(str(exc)) from exc
        try:
            if not name_has_owner(bus, LOGIND):
                bus.close()
                raise PortUnavailable(
                    f"logind is not running ({LOGIND} has no owner on the system bus)"
                )
            add_match(bus, match_rule())
        except DBusError as exc:
            bus.close()
            raise PortUnavailable(f"cannot subscribe to logind's PrepareForSleep: {exc}") from exc
        return cls(bus, parent)

    @property
    def description(self) -> str:
        """Names the signal."""
        return "logind's PrepareForSleep on the system bus"

    @property
    def listening(self) -> bool:
        """Whether the connection is still open and watched."""
        return self._notifier is not None

    def stop(self) -> None:
        """Stop watching the socket and close the connection."""
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        self._bus.close()

    def _read(self, *_args: Any) -> None:
        try:
            data = self._sock.recv(_READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:
            self._lost(str(exc))
            return
        if not data:
            self._lost("the system bus closed the connection")
            return
        self._parser.add_data(data)
        while (message := self._parser.get_next_message()) is not None:
            self._dispatch(message)

    def _dispatch(self, message: Any) -> None:
        from jeepney import HeaderFields, MessageType  # loaded by the bus already

        header = message.header
        if header.message_type is not MessageType.signal:
            return
        fields = header.fields
        if (
            fields.get(HeaderFields.interface) != MANAGER
            or fields.get(HeaderFields.member) != "PrepareForSleep"
            or not message.body
        ):
            return
        if message.body[0]:
            self.about_to_sleep.emit()
        else:
            self.resumed.emit()

    def _lost(self, why: str) -> None:
        _log.warning(
            "stopped listening to logind (%s); resume is still noticed from the clock", why
        )
        self.stop()
