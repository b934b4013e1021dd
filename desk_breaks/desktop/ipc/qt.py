"""The command socket on Windows: ``QLocalServer`` named pipes.

The pipe is created with ``UserAccessOption``, which limits it to the user who runs the app.
This module works on every system (Qt maps it to a Unix socket elsewhere), which is how the
test suite exercises it on Linux; the app uses it on Windows only, because on Linux and macOS
:mod:`~desk_breaks.desktop.ipc.unix` does the same without loading QtNetwork.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from shiboken6 import Shiboken

from desk_breaks.core.i18n import tr
from desk_breaks.desktop.ipc import LineExchange, NotListening, Refuse, Respond

_log = logging.getLogger(__name__)


class PipeListener(QObject):
    """Accept connections on a local server name and answer one line on each."""

    def __init__(
        self,
        name: str,
        respond: Respond,
        refuse: Refuse,
        *,
        max_line_bytes: int,
        timeout_ms: int,
        parent: QObject | None = None,
    ) -> None:
        """Prepare to listen on ``name``; :meth:`listen` starts."""
        super().__init__(parent)
        self.name = name
        self.respond = respond
        self.refuse = refuse
        self.max_line_bytes = max_line_bytes
        self.timeout_ms = timeout_ms
        self._server: QLocalServer | None = None
        self._connections: set[_QtConnection] = set()

    def listen(self) -> None:
        """Listen on the name, replacing a dead instance's leftover (the caller holds the lock)."""
        server = QLocalServer(self)
        if sys.platform == "win32":
            server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # Elsewhere no socket options on purpose: with UserAccessOption Qt binds in a
        # temporary folder and renames over the name, replacing a live socket; a plain bind
        # fails instead. The 0700 folder already keeps other users out.
        QLocalServer.removeServer(self.name)
        if not server.listen(self.name):
            message = server.errorString()
            server.deleteLater()
            raise OSError(tr("cannot listen on {name}: {error}", name=self.name, error=message))
        server.newConnection.connect(self._on_new_connection)
        self._server = server

    def close(self) -> None:
        """Stop listening, drop open connections (Unix: Qt also unlinks the socket file)."""
        for connection in list(self._connections):
            connection.timer.stop()
            connection.socket.abort()
            connection.socket.deleteLater()
        self._connections.clear()
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    @property
    def open_connections(self) -> int:
        """How many clients are connected now."""
        return len(self._connections)

    def forget(self, connection: _QtConnection) -> None:
        """Drop a finished connection."""
        self._connections.discard(connection)

    def _on_new_connection(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            socket = server.nextPendingConnection()
            if socket is not None:
                self._connections.add(_QtConnection(self, socket))


class _QtConnection(LineExchange):
    """One client: collect its request line, answer it once, then hang up."""

    def __init__(self, listener: PipeListener, socket: QLocalSocket) -> None:
        super().__init__(listener)
        self.listener = listener
        self.socket = socket
        # Qt would buffer whatever a client sends; one line is all we ever read.
        socket.setReadBufferSize(listener.max_line_bytes)
        self.timer = QTimer(socket)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.time_out)
        socket.readyRead.connect(self.on_ready_read)
        socket.disconnected.connect(self.on_disconnected)
        self.timer.start(listener.timeout_ms)

    def on_ready_read(self) -> None:
        # A slot: an exception here would land in Qt's event loop, so nothing escapes.
        try:
            self.receive(bytes(self.socket.readAll().data()))
        except Exception:
            _log.exception("command connection failed")
            self.socket.abort()

    def stop_timer(self) -> None:
        """Stop the time-out."""
        self.timer.stop()

    def send(self, line: bytes) -> None:
        """Write the reply and hang up, unless the client or the server is gone."""
        self.timer.stop()
        # The handler may have closed the server (or the client may have given up).
        if self.socket.state() != QLocalSocket.LocalSocketState.ConnectedState:
            return
        self.socket.write(line)
        # Hand the bytes over now: if the handler asked the app to quit, the event loop may
        # never run again to write them.
        self.socket.flush()
        self.socket.disconnectFromServer()

    def on_disconnected(self) -> None:
        self.timer.stop()
        self.listener.forget(self)
        self.socket.deleteLater()


# PySide6 keeps the GIL inside QLocalSocket.waitFor*(): one long wait would freeze every
# other Python thread of the process, including a GUI thread that has to answer. Short
# slices let them run in between; a slice ends early as soon as there is something to do.
_SLICE_MS = 10


def _remaining_ms(deadline: float) -> int:
    return max(0, int((deadline - time.monotonic()) * 1000))


def _wait(
    socket: QLocalSocket,
    wait: Callable[[int], bool],
    deadline: float,
    while_in: QLocalSocket.LocalSocketState,
) -> bool:
    """Run a ``waitFor*`` call in slices until it succeeds, the state changes or time is up."""
    while True:
        if wait(min(_SLICE_MS, _remaining_ms(deadline))):
            return True
        if socket.state() != while_in or _remaining_ms(deadline) == 0:
            return False


def exchange(name: str, request: bytes, timeout_ms: int, max_line_bytes: int) -> bytes:
    """Connect, send ``request`` and return the reply line (empty if the server hung up).

    Blocking; the ``waitFor*`` calls drive the socket, so no event loop is needed. Raises
    :class:`NotListening`, :class:`TimeoutError` or :class:`OSError` like the Unix transport.
    """
    connected = QLocalSocket.LocalSocketState.ConnectedState
    socket = QLocalSocket()
    try:
        socket.connectToServer(name)
        deadline = time.monotonic() + timeout_ms / 1000
        connecting = QLocalSocket.LocalSocketState.ConnectingState
        if not _wait(socket, socket.waitForConnected, deadline, connecting):
            if socket.error() in (
                QLocalSocket.LocalSocketError.ServerNotFoundError,
                QLocalSocket.LocalSocketError.ConnectionRefusedError,
            ):
                raise NotListening(name)
            if socket.state() == connecting:
                raise TimeoutError(tr("Desk Breaks did not accept within {ms} ms", ms=timeout_ms))
            raise OSError(tr("cannot reach Desk Breaks: {error}", error=socket.errorString()))
        deadline = time.monotonic() + timeout_ms / 1000
        socket.write(request)
        while socket.bytesToWrite() > 0:
            if not _wait(socket, socket.waitForBytesWritten, deadline, connected):
                raise TimeoutError(
                    tr("Desk Breaks did not take the command within {ms} ms", ms=timeout_ms)
                )
        buffer = bytearray()
        while b"\n" not in buffer and len(buffer) <= max_line_bytes:
            if socket.bytesAvailable() > 0:
                buffer += socket.readAll().data()
            elif socket.state() != connected:
                break  # the server hung up; whatever it sent is in the buffer
            elif (
                not _wait(socket, socket.waitForReadyRead, deadline, connected)
                and socket.state() == connected
            ):
                raise TimeoutError(tr("Desk Breaks did not answer within {ms} ms", ms=timeout_ms))
        return bytes(buffer).partition(b"\n")[0]
    finally:
        socket.abort()
        # Destroyed here, on the thread that made it: a traceback that keeps this frame
        # alive would otherwise have it destroyed later, on whichever thread collects it.
        Shiboken.delete(socket)


LISTENER = PipeListener
"""The server side this transport offers (see :mod:`desk_breaks.desktop.ipc`)."""
