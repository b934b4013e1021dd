"""A small blocking D-Bus client on jeepney: open a bus, call a method, read a property.

Shared by the desktop ports that talk to Linux desktop services (idle time, do not disturb,
notifications, logind). Every call has a short timeout, so a hung service costs the GUI
thread at most that long, and every failure comes out as one exception type,
:class:`DBusError`, so callers can degrade with a single ``except``::

    bus = session_bus()                         # DBusError: no session bus
    (idle_ms,) = call(bus, "org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core",
                      "org.gnome.Mutter.IdleMonitor", "GetIdletime")
    inhibited = get_property(bus, "org.freedesktop.Notifications",
                             "/org/freedesktop/Notifications",
                             "org.freedesktop.Notifications", "Inhibited")
    bus.close()

Why jeepney and not QtDBus: PySide6's QtDBus cannot marshal the ``uint32`` that
``org.freedesktop.Notifications.Notify`` needs (see the stack notes), and jeepney is pure
Python and small. It is imported only when a bus is actually reached (inside the functions
below), so a desktop without D-Bus (a bare X session, a container) never loads it: an
address that names a socket which does not exist fails here without jeepney, with the same
message as jeepney's failed connect (``tests/ui/test_lean_imports.py``).

A :class:`Bus` keeps its connection open between calls (a poll costs one round trip, not a
connect and authentication). When the connection breaks (the bus went away) the next call
opens a new one. A :class:`Bus` belongs to one thread; it does no locking.
"""

from __future__ import annotations

import contextlib
import errno
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jeepney.io.blocking import DBusConnection

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "Bus",
    "DBusError",
    "call",
    "get_property",
    "name_has_owner",
    "session_bus",
    "system_bus",
]

DEFAULT_TIMEOUT_S = 0.5
"""How long a call waits for its reply; D-Bus services answer in about a millisecond."""

_SYSTEM_BUS_DEFAULT = "unix:path=/var/run/dbus/system_bus_socket"


class DBusError(Exception):
    """A D-Bus operation failed: no bus, no such service, an error reply, or no reply in time.

    ``name`` is the D-Bus error name when the service answered with an error (for example
    ``org.freedesktop.DBus.Error.ServiceUnknown``), otherwise None.
    """

    def __init__(self, message: str, *, name: str | None = None) -> None:
        super().__init__(message)
        self.name = name


class Bus:
    """One connection to a message bus, opened on creation and reopened after a break."""

    def __init__(self, address: str, label: str, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        """Connect to the bus at ``address`` (a D-Bus address string); raise DBusError."""
        self.address = address
        self.label = label
        self.timeout_s = timeout_s
        self._conn: DBusConnection | None = None
        self._open()

    def _open(self) -> DBusConnection:
        from jeepney.io.blocking import open_dbus_connection

        try:
            conn = open_dbus_connection(self.address, auth_timeout=self.timeout_s)
        except (OSError, RuntimeError, ValueError) as exc:
            # RuntimeError/ValueError: jeepney's answer to an address it cannot parse or use.
            raise DBusError(f"cannot connect to the {self.label} bus: {exc}") from exc
        except Exception as exc:  # jeepney's AuthenticationError and friends
            raise DBusError(f"cannot connect to the {self.label} bus: {exc!r}") from exc
        self._conn = conn
        return conn

    @property
    def connection(self) -> DBusConnection:
        """The open jeepney connection (for signal subscriptions); reopened if it broke."""
        return self._conn if self._conn is not None else self._open()

    @property
    def is_open(self) -> bool:
        """Whether a connection is currently open."""
        return self._conn is not None

    def unique_name(self) -> str:
        """Our unique name on the bus (``:1.42``)."""
        name: str = self.connection.unique_name
        return name

    def send_and_get_reply(self, message: Any, timeout_s: float | None = None) -> tuple[Any, ...]:
        """Send a method-call message and return the body of its reply; raise DBusError."""
        from jeepney import DBusErrorResponse, MessageType

        timeout = self.timeout_s if timeout_s is None else timeout_s
        conn = self.connection
        try:
            reply = conn.send_and_get_reply(message, timeout=timeout)
        except TimeoutError as exc:
            # The connection is still fine: a late reply is dropped when it arrives.
            raise DBusError(f"no reply on the {self.label} bus within {timeout} s") from exc
        except OSError as exc:
            self.close()
            raise DBusError(f"the {self.label} bus connection broke: {exc}") from exc
        if reply.header.message_type is MessageType.error:
            err = DBusErrorResponse(reply)
            raise DBusError(str(err), name=err.name)
        body: tuple[Any, ...] = reply.body
        return body

    def close(self) -> None:
        """Close the connection (a later call opens a new one)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.close()

    def __enter__(self) -> Bus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Bus {self.label} {self.address!r} {'open' if self.is_open else 'closed'}>"


def session_bus(address: str | None = None, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> Bus:
    """Connect to the session bus (``DBUS_SESSION_BUS_ADDRESS`` unless ``address``)."""
    address = address or os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not address:
        raise DBusError("no session bus: DBUS_SESSION_BUS_ADDRESS is not set")
    _check_address(address, "session")
    return Bus(address, "session", timeout_s=timeout_s)


def system_bus(address: str | None = None, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> Bus:
    """Connect to the system bus (``DBUS_SYSTEM_BUS_ADDRESS``, else the standard socket)."""
    address = address or os.environ.get("DBUS_SYSTEM_BUS_ADDRESS", "") or _SYSTEM_BUS_DEFAULT
    _check_address(address, "system")
    return Bus(address, "system", timeout_s=timeout_s)


def _check_address(address: str, label: str) -> None:
    _fail_if_no_socket(address, label)
    from jeepney.bus import get_bus

    try:
        get_bus(address)
    except (RuntimeError, ValueError, StopIteration) as exc:
        # jeepney speaks only unix: transports (not tcp: or launchd:).
        raise DBusError(f"unusable {label} bus address {address!r}: {exc}") from exc


def _fail_if_no_socket(address: str, label: str) -> None:
    """Raise DBusError for a plain ``unix:path=`` address whose socket does not exist.

    The same error (and message) connecting would give, without importing jeepney: on a
    machine with no system bus (a container, a bare X session) the sleep port asks for one
    at every start. Other addresses (escapes, several entries, abstract sockets) are left
    to jeepney.
    """
    transport, _, path = address.partition(":path=")
    if transport != "unix" or not path or any(c in path for c in ",;%"):
        return
    try:
        os.stat(path)
    except FileNotFoundError:
        missing = FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT))
        raise DBusError(f"cannot connect to the {label} bus: {missing}") from missing
    except OSError:
        return  # connecting says what is wrong


def call(
    bus: Bus,
    destination: str,
    path: str,
    interface: str,
    method: str,
    signature: str | None = None,
    body: tuple[Any, ...] = (),
    *,
    timeout_s: float | None = None,
) -> tuple[Any, ...]:
    """Call ``interface.method`` on ``destination`` at ``path``; return the reply's body.

    ``signature`` is the D-Bus type string of ``body`` (``"su"``), None for no arguments.
    Variants in the reply come back as ``(signature, value)`` pairs, as jeepney gives them.
    Raises DBusError on any failure, within ``timeout_s`` (the bus's default when None).
    """
    from jeepney import DBusAddress, new_method_call

    address = DBusAddress(path, bus_name=destination, interface=interface)
    message = new_method_call(address, method, signature, body)
    return bus.send_and_get_reply(message, timeout_s)


def get_property(
    bus: Bus,
    destination: str,
    path: str,
    interface: str,
    name: str,
    *,
    timeout_s: float | None = None,
) -> Any:
    """Read property ``interface.name`` of the object at ``path``; the value, unwrapped.

    Raises DBusError on any failure (including an unknown property).
    """
    from jeepney import DBusAddress, Properties

    address = DBusAddress(path, bus_name=destination, interface=interface)
    body = bus.send_and_get_reply(Properties(address).get(name), timeout_s)
    try:
        (variant,) = body
        _signature, value = variant
    except (TypeError, ValueError) as exc:
        raise DBusError(f"unexpected reply to Get({interface}.{name}): {body!r}") from exc
    return value


def name_has_owner(bus: Bus, name: str, *, timeout_s: float | None = None) -> bool:
    """Whether some client owns the well-known ``name`` on this bus right now."""
    (owned,) = call(
        bus,
        "org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus",
        "NameHasOwner",
        "s",
        (name,),
        timeout_s=timeout_s,
    )
    return bool(owned)


def add_match(bus: Bus, rule: str) -> None:
    """Ask the bus to route the signals that match ``rule`` to this connection."""
    call(
        bus,
        "org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus",
        "AddMatch",
        "s",
        (rule,),
    )
