"""One Desk Breaks per user, and the socket other ``desk-breaks`` processes talk to it through.

Start-up of the app::

    guard = InstanceGuard(runtime_dir)
    if not guard.try_acquire():
        reply = send_command(runtime_dir, Show())   # another instance runs: bring it forward
        ...
    server = CommandServer(guard, handler)          # handler: Command -> Reply, GUI thread
    server.start()
    ...
    server.close()                                  # last thing before exiting

and a command line client::

    reply = send_command(runtime_dir, Snooze(15))   # None: no Desk Breaks is running

Both sides agree on everything from ``runtime_dir`` alone: the lock file and (on Linux and
macOS) the socket live in ``runtime_dir/desk-breaks``, a folder only its owner may enter; on
Windows the socket is a named pipe whose name holds the user name and which
``QLocalServer.UserAccessOption`` limits to that user.

The lock, not the socket, decides who is the instance: with ``UserAccessOption`` a second
``QLocalServer.listen()`` on a live name succeeds and silently takes the name over, while
``QLockFile`` refuses a second holder and notices a holder that was killed.

The lock and the names live in :mod:`.guard`; this module re-exports :class:`InstanceGuard`
and :func:`server_name`, so callers need one import.

Threading: :class:`InstanceGuard` and :class:`CommandServer` belong to the GUI thread (the
server's handler runs there, so it may touch widgets and the scheduler directly).
:func:`send_command` blocks and may run on any thread, with or without a ``QCoreApplication``.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QObject

from desk_breaks.core.commands import (
    MAX_LINE_BYTES,
    Command,
    Reply,
    decode_reply,
    decode_request,
    encode_reply,
    encode_request,
)
from desk_breaks.core.i18n import tr
from desk_breaks.core.paths import UnsafeFolder, check_private_folder
from desk_breaks.desktop.ipc import Listener, NotListening
from desk_breaks.desktop.ipc.guard import (
    InstanceGuard,
    ensure_private_folder,
    lock_holder,
    server_name,
)

__all__ = [
    "CONNECTION_TIMEOUT_MS",
    "STARTUP_GRACE_S",
    "CommandServer",
    "InstanceGuard",
    "send_command",
    "server_name",
]

_log = logging.getLogger(__name__)

CONNECTION_TIMEOUT_MS = 5000
"""How long the server waits for a client's request line before dropping the client."""

STARTUP_GRACE_S = 2.0
"""How long a client keeps retrying while the lock is held but nobody listens yet."""


# --- Server ------------------------------------------------------------------------------------


def _transport(platform: str | None = None) -> ModuleType:
    """The module that moves lines on this system: named pipes on Windows, else Unix sockets."""
    if (sys.platform if platform is None else platform) == "win32":
        from desk_breaks.desktop.ipc import qt as ipc_qt

        return ipc_qt
    from desk_breaks.desktop.ipc import unix as ipc_unix

    return ipc_unix


class CommandServer(QObject):
    """Answers commands from other ``desk-breaks`` processes, on the GUI thread.

    Each connection carries one request line; the server decodes it, calls ``handler`` with
    the :data:`~desk_breaks.core.commands.Command`, writes the :class:`Reply` line and
    hangs up. ``handler`` runs on the thread that created the server (the transport's
    notifications arrive there), synchronously, so it must be quick; it may raise, which
    becomes an ``ok=False`` reply and a logged traceback. Malformed requests get an
    ``ok=False`` reply naming the problem. No exception from a client's bytes ever reaches
    Qt's event loop.

    The server needs a running Qt event loop and a held :class:`InstanceGuard`: only the
    lock holder may remove a socket file left behind by a crashed instance.
    """

    def __init__(
        self,
        guard: InstanceGuard,
        handler: Callable[[Command], Reply],
        parent: QObject | None = None,
        *,
        transport: ModuleType | None = None,
    ) -> None:
        """Prepare the server for ``guard``'s runtime folder; :meth:`start` listens.

        ``transport`` defaults to this system's (:func:`_transport`); tests pass the other.
        """
        super().__init__(parent)
        self._guard = guard
        self._handler = handler
        self._name = server_name(guard.runtime_dir)
        self._transport = transport or _transport()
        self._listener: Listener | None = None
        self._closed = False

    @property
    def name(self) -> str:
        """Return the socket path (POSIX) or pipe name (Windows) the server listens on."""
        return self._name

    @property
    def open_connections(self) -> int:
        """How many clients are connected now (0 when not listening)."""
        return self._listener.open_connections if self._listener is not None else 0

    def start(self) -> None:
        """Start listening.

        Raises :class:`RuntimeError` unless the guard is held, and :class:`OSError` when the
        socket cannot be set up.
        """
        if self._closed:
            raise RuntimeError("this CommandServer was closed; make a new one")
        if not self._guard.held:
            raise RuntimeError("start() needs the instance lock; call try_acquire() first")
        if self._listener is not None:
            return
        if sys.platform != "win32":
            ensure_private_folder(Path(self._name).parent)
        listener: Listener = self._transport.LISTENER(
            self._name,
            self._respond,
            self._refuse,
            max_line_bytes=MAX_LINE_BYTES,
            timeout_ms=CONNECTION_TIMEOUT_MS,
            parent=self,
        )
        # Replacing whatever sits at the name is safe only because we hold the lock: it is
        # a dead instance's leftover.
        listener.listen()
        self._listener = listener

    def close(self) -> None:
        """Stop listening, drop open connections, remove the socket, then release the lock.

        In that order, so a new instance can never see its fresh socket removed by this one.
        Call it as the last step of quitting; calling it twice is harmless.
        """
        self._closed = True
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        self._guard.release()

    def _respond(self, line: bytes) -> bytes:
        return self._encode(self._run(line))

    def _refuse(self, message: str) -> bytes:
        return self._encode(Reply(False, message))

    @staticmethod
    def _encode(reply: Reply) -> bytes:
        try:
            return encode_reply(reply)
        except ValueError as exc:
            _log.error("cannot encode the reply to a command: %s", exc)
            return encode_reply(
                Reply(False, tr("the reply could not be encoded: {error}", error=exc))
            )

    def _run(self, line: bytes) -> Reply:
        """Decode one request line and run it; every failure becomes an ok=False reply."""
        try:
            command = decode_request(line)
        except ValueError as exc:
            return Reply(False, tr("malformed request: {error}", error=exc))
        try:
            reply = self._handler(command)
        except Exception as exc:
            _log.exception("the %r command failed", command.name)
            return Reply(False, tr("{command} failed: {error}", command=command.name, error=exc))
        if not isinstance(reply, Reply):
            _log.error("the handler returned %r for %r, not a Reply", reply, command.name)
            return Reply(False, tr("{command} gave no answer", command=command.name))
        return reply


# --- Client ------------------------------------------------------------------------------------


class _NoAnswer(Exception):
    """The connection failed or timed out: the app did not answer (message for people)."""


def _exchange(
    transport: ModuleType, name: str, request: bytes, timeout_ms: int
) -> Reply | NotListening | _NoAnswer:
    """One connection: send ``request``, read the reply line; blocking, no event loop needed."""
    try:
        line = transport.exchange(name, request, timeout_ms, MAX_LINE_BYTES)
    except NotListening as exc:
        return exc
    except (TimeoutError, OSError) as exc:
        if isinstance(exc, TimeoutError):
            return _NoAnswer(str(exc))
        return _NoAnswer(tr("cannot reach Desk Breaks: {error}", error=exc))
    if not line:
        return _NoAnswer(tr("Desk Breaks hung up without answering"))
    try:
        return decode_reply(line)
    except ValueError as exc:
        return Reply(False, tr("Desk Breaks gave a malformed answer: {error}", error=exc))


def send_command(
    runtime_dir: Path,
    command: Command,
    timeout_ms: int = 3000,
    *,
    transport: ModuleType | None = None,
) -> Reply | None:
    """Send ``command`` to the Desk Breaks running for ``runtime_dir`` and return its reply.

    Returns None when no instance is running: nothing listens and no live process holds the
    lock. While the lock is held but nothing listens yet (the app is starting), it retries
    for up to :data:`STARTUP_GRACE_S` seconds; an instance that still does not listen then
    gets an ``ok=False`` reply saying so, as do time-outs (``timeout_ms`` for connecting and
    again for the exchange; a hung instance), malformed answers, and a socket folder that
    fails :func:`~desk_breaks.core.paths.check_private_folder` (another user's, a symlink,
    open to others): nothing is sent through a folder that someone else could control.

    Blocking, and needs no ``QCoreApplication`` or event loop, so a command line client
    creates none. It may run on any thread, including a worker thread of a process whose
    GUI thread serves, but never on the thread that runs the :class:`CommandServer` it talks
    to: that server could not answer until this call had given up. ``transport`` defaults
    to this system's.
    """
    request = encode_request(command)
    name = server_name(Path(runtime_dir))
    transport = transport or _transport()
    if os.name == "posix":
        try:
            check_private_folder(Path(name).parent, tighten=True)
        except FileNotFoundError:
            pass  # nothing was ever started there: the exchange finds nobody listening
        except UnsafeFolder as exc:
            said = tr(
                "Desk Breaks will not send commands through {folder}: it {reason}.",
                folder=exc.folder,
                reason=exc.reason,
            )
            return Reply(False, said)
        except OSError as exc:
            return Reply(False, tr("cannot reach Desk Breaks: {error}", error=exc))
    give_up = time.monotonic() + STARTUP_GRACE_S
    while True:
        outcome = _exchange(transport, name, request, timeout_ms)
        if isinstance(outcome, Reply):
            return outcome
        holder = lock_holder(Path(runtime_dir))
        if isinstance(outcome, _NoAnswer):
            if holder is None:
                return Reply(False, str(outcome))
            said = tr("{reason} (process {pid})", reason=outcome, pid=holder)
            return Reply(False, said)
        if holder is None:
            return None
        if time.monotonic() >= give_up:
            said = tr("Desk Breaks is running (process {pid}) but does not answer", pid=holder)
            return Reply(False, said)
        time.sleep(0.05)
