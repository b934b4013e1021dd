"""A fake Wayland compositor on one end of a socketpair: globals, sync, bind, idle notifications.

It speaks the wire format itself (struct, not the codec under test) and answers the
requests the idle backend sends, from a thread, as a compositor would while the backend
waits in its constructor. The test decides what is offered and when input stops
(:meth:`FakeCompositor.idle`) or resumes, and reads back what the client asked.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

WORD = struct.Struct("=I")
HEADER = struct.Struct("=II")

SEAT = ("wl_seat", 7)
COMPOSITOR = ("wl_compositor", 5)
EXT = ("ext_idle_notifier_v1", 1)
KDE = ("org_kde_kwin_idle", 1)


def encode(object_id: int, opcode: int, *args: int | str) -> bytes:
    body = b""
    for arg in args:
        if isinstance(arg, str):
            data = arg.encode() + b"\0"
            body += WORD.pack(len(data)) + data + b"\0" * (-len(data) % 4)
        else:
            body += WORD.pack(arg)
    return HEADER.pack(object_id, (8 + len(body)) << 16 | opcode) + body


def words(body: bytes) -> list[int]:
    return [WORD.unpack_from(body, at)[0] for at in range(0, len(body) - len(body) % 4, 4)]


@dataclass
class Notification:
    id: int
    protocol: str
    timeout_ms: int
    seat: int
    destroyed: bool = False


@dataclass
class FakeCompositor:
    """Serves one client on ``server``; ``globals`` are announced in order, names from 1."""

    server: socket.socket
    globals: list[tuple[str, int]]
    requests: list[tuple[int, int]] = field(default_factory=list)
    bound: dict[int, tuple[str, int]] = field(default_factory=dict)
    notifications: list[Notification] = field(default_factory=list)
    error_on_notify: bool = False
    registry: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, data: bytes) -> None:
        # The client may have hung up already (a destroy answered as it closes).
        with self._lock, contextlib.suppress(OSError):
            self.server.sendall(data)

    def serve(self) -> None:
        buffer = b""
        while True:
            try:
                data = self.server.recv(4096)
            except OSError:
                return
            if not data:
                return
            buffer += data
            while len(buffer) >= 8:
                object_id, word = HEADER.unpack_from(buffer)
                size = word >> 16
                if len(buffer) < size:
                    break
                self.handle(object_id, word & 0xFFFF, buffer[8:size])
                buffer = buffer[size:]

    def handle(self, object_id: int, opcode: int, body: bytes) -> None:
        self.requests.append((object_id, opcode))
        args = words(body)
        if object_id == 1 and opcode == 1:  # get_registry(new_id)
            self.registry = args[0]
            out = b""
            for name, (interface, version) in enumerate(self.globals, start=1):
                out += encode(args[0], 0, name, interface, version)
            self.send(out)
        elif object_id == 1 and opcode == 0:  # sync(new_id): done, then delete_id
            self.send(encode(args[0], 0, 1234) + encode(1, 1, args[0]))
        elif object_id == self.registry:
            # bind(name, interface, version, new_id): the string sits between the words.
            name = args[0]
            length = args[1]
            rest = words(body[8 + length + (-length % 4) :])
            interface = self.globals[name - 1][0]
            self.bound[rest[1]] = (interface, rest[0])
            if interface == "wl_seat":
                self.send(encode(rest[1], 0, 3))  # capabilities: pointer and keyboard
        elif object_id in self.bound:
            interface = self.bound[object_id][0]
            if self.error_on_notify:
                self.send(encode(1, 0, object_id, 0, "invalid request"))
            elif interface == "ext_idle_notifier_v1" and opcode == 1:
                self.notifications.append(Notification(args[0], interface, args[1], args[2]))
            elif interface == "org_kde_kwin_idle" and opcode == 0:
                self.notifications.append(Notification(args[0], interface, args[2], args[1]))
        else:
            for note in self.notifications:
                if note.id == object_id and opcode == 0:
                    note.destroyed = True
                    self.send(encode(1, 1, object_id))  # delete_id

    @property
    def current(self) -> Notification:
        return [n for n in self.notifications if not n.destroyed][-1]

    def idle(self) -> None:
        self.send(encode(self.current.id, 0))

    def resume(self) -> None:
        self.send(encode(self.current.id, 1))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()


@contextmanager
def fake_compositor(
    *offered: tuple[str, int], error_on_notify: bool = False
) -> Iterator[tuple[FakeCompositor, socket.socket]]:
    """A served fake and the client's end of the pair (hand it to the backend)."""
    server, client = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    fake = FakeCompositor(server, list(offered), error_on_notify=error_on_notify)
    thread = threading.Thread(target=fake.serve, daemon=True)
    thread.start()
    try:
        yield fake, client
    finally:
        fake.close()
        client.close()
        thread.join(timeout=5)
