"""Fake D-Bus services for tests: a jeepney server on a thread, exported on a private bus.

    with FakeService(private_bus, "org.gnome.Mutter.IdleMonitor") as svc:
        svc.method("/org/gnome/Mutter/IdleMonitor/Core", "org.gnome.Mutter.IdleMonitor",
                   "GetIdletime", lambda body: ("t", (1234,)))
        svc.prop("/org/freedesktop/Notifications", "org.freedesktop.Notifications",
                 "Inhibited", "b", True)
        ...                                  # the code under test calls it over the bus
        svc.calls                            # [(path, interface, member, body), ...]
        svc.emit("/path", "iface", "Member", "u", (7,), destination=svc.senders[-1])

A handler returns ``(signature, body)`` for the reply, raises :class:`FakeDBusError` to
answer with an error, or returns :data:`NO_REPLY` to stay silent (a hung service).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from jeepney import (
    DBusAddress,
    HeaderFields,
    MessageType,
    new_error,
    new_method_return,
    new_signal,
)
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

Handler = Callable[[tuple[Any, ...]], Any]
NO_REPLY = object()


class FakeDBusError(Exception):
    """Raise from a handler to reply with the D-Bus error ``name``."""

    def __init__(self, name: str, text: str = "") -> None:
        super().__init__(text)
        self.name = name
        self.text = text


class FakeService:
    """A service that owns ``name`` on the bus at ``address`` and answers from tables."""

    def __init__(self, address: str, name: str) -> None:
        self.address = address
        self.name = name
        self.methods: dict[tuple[str, str, str], Handler] = {}
        self.props: dict[tuple[str, str, str], tuple[str, Any]] = {}
        self.calls: list[tuple[str, str, str, tuple[Any, ...]]] = []
        self.senders: list[str] = []
        self._outbox: list[Any] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def method(self, path: str, interface: str, member: str, handler: Handler) -> None:
        """Answer ``interface.member`` at ``path`` with ``handler(body)``."""
        self.methods[(path, interface, member)] = handler

    def prop(self, path: str, interface: str, name: str, signature: str, value: Any) -> None:
        """Set (or change) a property served through org.freedesktop.DBus.Properties.Get."""
        self.props[(path, interface, name)] = (signature, value)

    def emit(
        self,
        path: str,
        interface: str,
        member: str,
        signature: str,
        body: tuple[Any, ...],
        *,
        destination: str | None = None,
    ) -> None:
        """Send a signal from the service (to ``destination`` only, when given)."""
        msg = new_signal(DBusAddress(path, interface=interface), member, signature, body)
        if destination is not None:
            msg.header.fields[HeaderFields.destination] = destination
        with self._lock:
            self._outbox.append(msg)

    def start(self) -> FakeService:
        """Connect, take the name and serve on a thread; return when the name is owned."""
        self._thread = threading.Thread(target=self._serve, name=f"fake {self.name}", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError(f"fake service {self.name} did not start")
        if self._error is not None:
            raise RuntimeError(f"fake service {self.name} failed") from self._error
        return self

    def stop(self) -> None:
        """Release the name, disconnect and join the thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self) -> FakeService:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _serve(self) -> None:
        try:
            conn = open_dbus_connection(self.address)
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            return
        try:
            reply = conn.send_and_get_reply(message_bus.RequestName(self.name, 4), timeout=5)
            if reply.body[0] != 1:  # 1: primary owner
                raise RuntimeError(f"could not own {self.name}: {reply.body}")
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            conn.close()
            return
        self._ready.set()
        try:
            while not self._stop.is_set():
                with self._lock:
                    outbox, self._outbox = self._outbox, []
                for signal in outbox:
                    conn.send(signal)
                try:
                    msg = conn.receive(timeout=0.05)
                except TimeoutError:
                    continue
                if msg.header.message_type is not MessageType.method_call:
                    continue
                answer = self._answer(msg)
                if answer is not None:
                    conn.send(answer)
        finally:
            conn.close()

    def _answer(self, msg: Any) -> Any:
        fields = msg.header.fields
        path = fields[HeaderFields.path]
        interface = fields.get(HeaderFields.interface, "")
        member = fields[HeaderFields.member]
        body = tuple(msg.body)
        self.calls.append((path, interface, member, body))
        self.senders.append(fields.get(HeaderFields.sender, ""))
        if interface == "org.freedesktop.DBus.Properties" and member == "Get":
            iface, prop = body
            if (path, iface, prop) not in self.props:
                return new_error(
                    msg, "org.freedesktop.DBus.Error.UnknownProperty", "s", (f"no {prop}",)
                )
            return new_method_return(msg, "v", (self.props[(path, iface, prop)],))
        handler = self.methods.get((path, interface, member))
        if handler is None:
            return new_error(
                msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", (f"no {member}",)
            )
        try:
            result = handler(body)
        except FakeDBusError as exc:
            return new_error(msg, exc.name, "s", (exc.text,))
        if result is NO_REPLY:
            return None
        signature, out = result
        return new_method_return(msg, signature, out)
