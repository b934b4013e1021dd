"""The command socket on Linux and macOS: a Unix socket served from Qt's event loop.

Python's own sockets and a :class:`QSocketNotifier` do what ``QLocalServer`` does on
these systems, without loading QtNetwork (and the Kerberos and TLS libraries it links):
about 3.5 MiB less for a process that sits in the tray all day. Windows keeps
``QLocalServer``'s named pipes (:mod:`desk_breaks.desktop.ipc.qt`).

The sockets are :mod:`_socket`'s, the C type under :class:`socket.socket`: the
:mod:`socket` module around it builds its address-family, kind and flag enums and imports
``selectors`` and ``array`` (about 0.3 MiB in the idle tray) for nothing used here. The
one call that differs is ``accept``, which gives a descriptor (:func:`_accept`).

One connection carries one request line and one reply line, then the server hangs up. The
protocol itself (what a line means) belongs to :mod:`desk_breaks.desktop.ipc.instance`; this
module only moves lines.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from _socket import AF_UNIX, SHUT_RDWR, SOCK_STREAM, socket

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

from desk_breaks.core.i18n import tr
from desk_breaks.desktop.ipc import LineExchange, NotListening, Refuse, Respond

_log = logging.getLogger(__name__)

_BACKLOG = 128
"""Connections the kernel queues while the GUI thread is busy (was 8: a ninth client waiting
got "Resource temporarily unavailable" at once); clients also retry a full queue."""
_RETRY_S = 0.01
"""Pause between connection attempts while the server's queue is full."""
_SEND_TIMEOUT_S = 1.0
"""How long a reply may take to hand over; replies are a few hundred bytes."""


class UnixListener(QObject):
    """Accept connections on a Unix socket path and answer one line on each.

    ``respond(line)`` turns a request line into the reply line; ``refuse(message)`` makes
    the reply for a request that never came whole (too long, or too slow). Both run on the
    GUI thread, from the event loop.
    """

    def __init__(
        self,
        path: str,
        respond: Respond,
        refuse: Refuse,
        *,
        max_line_bytes: int,
        timeout_ms: int,
        parent: QObject | None = None,
    ) -> None:
        """Prepare to listen on ``path``; :meth:`listen` binds."""
        super().__init__(parent)
        self.path = path
        self.respond = respond
        self.refuse = refuse
        self.max_line_bytes = max_line_bytes
        self.timeout_ms = timeout_ms
        self._socket: socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._connections: set[_UnixConnection] = set()

    def listen(self) -> None:
        """Bind and listen; replaces a dead socket file at the path (the caller holds the lock).

        Raises :class:`OSError` with the path in the message when that fails.
        """
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        server = socket(AF_UNIX, SOCK_STREAM)
        try:
            server.setblocking(False)
            server.bind(self.path)
            server.listen(_BACKLOG)
        except OSError as exc:
            server.close()
            said = tr("cannot listen on {name}: {error}", name=self.path, error=exc.strerror or exc)
            raise OSError(said) from exc
        self._socket = server
        self._notifier = QSocketNotifier(server.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._accept)

    def close(self) -> None:
        """Stop listening, drop open connections and remove the socket file."""
        for connection in list(self._connections):
            connection.close()
        self._connections.clear()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)

    @property
    def open_connections(self) -> int:
        """How many clients are connected now."""
        return len(self._connections)

    def forget(self, connection: _UnixConnection) -> None:
        """Drop a finished connection."""
        self._connections.discard(connection)

    def _accept(self) -> None:
        # A slot: nothing may escape into Qt's event loop.
        while self._socket is not None:
            try:
                client = _accept(self._socket)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                _log.exception("accepting a command connection failed")
                return
            self._connections.add(_UnixConnection(self, client))


class _UnixConnection(LineExchange):
    """One client: collect its request line, answer it once, then hang up."""

    def __init__(self, listener: UnixListener, client: socket) -> None:
        super().__init__(listener)
        self.listener = listener
        self.client = client
        self.closed = False
        client.setblocking(False)
        self.notifier = QSocketNotifier(client.fileno(), QSocketNotifier.Type.Read, listener)
        self.notifier.activated.connect(self.on_readable)
        self.timer = QTimer(listener)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.time_out)
        self.timer.start(listener.timeout_ms)

    def on_readable(self) -> None:
        try:
            try:
                data = self.client.recv(self.listener.max_line_bytes)
            except (BlockingIOError, InterruptedError):
                return
            if not data:
                self.close()  # the client gave up before sending a whole line
                return
            self.receive(data)
        except Exception:
            _log.exception("command connection failed")
            self.close()

    def time_out(self) -> None:
        """No whole line in time (a closed connection has nothing left to say)."""
        if not self.closed:
            super().time_out()

    def stop_timer(self) -> None:
        """Stop the time-out."""
        self.timer.stop()

    def send(self, line: bytes) -> None:
        """Hand the reply to the kernel now, then hang up.

        Now rather than later: if the handler asked the app to quit, the event loop may
        never run again to write it.
        """
        if self.closed:
            return  # the handler closed the server, or the client went away
        try:
            self.client.settimeout(_SEND_TIMEOUT_S)
            self.client.sendall(line)
        except OSError as exc:
            _log.info("a command client left before its reply: %s", exc)
        self.close()

    def close(self) -> None:
        """Stop watching the client and close its socket (idempotent)."""
        if self.closed:
            return
        self.closed = True
        self.timer.stop()
        self.notifier.setEnabled(False)
        self.notifier.deleteLater()
        self.timer.deleteLater()
        with contextlib.suppress(OSError):
            self.client.shutdown(SHUT_RDWR)
        self.client.close()
        self.listener.forget(self)


def _accept(server: socket) -> socket:
    """Accept one connection on ``server``, as :meth:`socket.socket.accept` does."""
    fd, _address = server._accept()  # type: ignore[attr-defined]  # (not in its stub)
    return socket(server.family, server.type, server.proto, fd)


def _connect(client: socket, path: str, deadline: float, timeout_ms: int) -> None:
    """Connect before ``deadline``, waiting while the server's queue is full.

    A Unix socket whose listen queue is full refuses a non-blocking (or timed) connect
    with EAGAIN at once instead of waiting; the app is busy, not gone, so try again.
    """
    while True:
        client.settimeout(max(0.001, deadline - time.monotonic()))
        try:
            client.connect(path)
            return
        except (FileNotFoundError, ConnectionRefusedError) as exc:
            raise NotListening(path) from exc
        except BlockingIOError as exc:  # EAGAIN: the queue is full
            if time.monotonic() + _RETRY_S >= deadline:
                raise TimeoutError(
                    tr(
                        "Desk Breaks did not accept within {ms} ms (too many waiting)",
                        ms=timeout_ms,
                    )
                ) from exc
            time.sleep(_RETRY_S)
        except TimeoutError as exc:
            raise TimeoutError(
                tr("Desk Breaks did not accept within {ms} ms", ms=timeout_ms)
            ) from exc


def exchange(path: str, request: bytes, timeout_ms: int, max_line_bytes: int) -> bytes:
    """Connect, send ``request`` and return the reply line (empty if the server hung up).

    Blocking, with no Qt event loop involved. Raises :class:`NotListening` when nothing
    listens, :class:`TimeoutError` and :class:`OSError` (with a message for people) otherwise.
    """
    client = socket(AF_UNIX, SOCK_STREAM)
    try:
        deadline = time.monotonic() + timeout_ms / 1000
        _connect(client, path, deadline, timeout_ms)
        deadline = time.monotonic() + timeout_ms / 1000
        try:
            client.sendall(request)
        except TimeoutError as exc:
            raise TimeoutError(
                tr("Desk Breaks did not take the command within {ms} ms", ms=timeout_ms)
            ) from exc
        buffer = bytearray()
        while b"\n" not in buffer and len(buffer) <= max_line_bytes:
            client.settimeout(max(0.001, deadline - time.monotonic()))
            try:
                chunk = client.recv(65536)
            except TimeoutError as exc:
                raise TimeoutError(
                    tr("Desk Breaks did not answer within {ms} ms", ms=timeout_ms)
                ) from exc
            if not chunk:
                break
            buffer += chunk
        return bytes(buffer).partition(b"\n")[0]
    finally:
        client.close()


LISTENER = UnixListener
"""The server side this transport offers (see :mod:`desk_breaks.desktop.ipc`)."""
