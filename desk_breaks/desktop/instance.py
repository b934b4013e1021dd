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

Threading: :class:`InstanceGuard` and :class:`CommandServer` belong to the GUI thread (the
server's handler runs there, so it may touch widgets and the scheduler directly).
:func:`send_command` blocks and may run on any thread, with or without a ``QCoreApplication``.
"""

from __future__ import annotations

import getpass
import logging
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import QLockFile, QObject

from desk_breaks.core.commands import (
    MAX_LINE_BYTES,
    Command,
    Reply,
    decode_reply,
    decode_request,
    encode_reply,
    encode_request,
)
from desk_breaks.core.paths import UnsafeFolder, check_private_folder
from desk_breaks.desktop.ipc import Listener, NotListening

__all__ = [
    "CONNECTION_TIMEOUT_MS",
    "STARTUP_GRACE_S",
    "CommandServer",
    "InstanceGuard",
    "send_command",
    "server_name",
]

_log = logging.getLogger(__name__)

_FOLDER_NAME = "desk-breaks"
_LOCK_NAME = "instance.lock"
_SOCKET_NAME = "commands.sock"

CONNECTION_TIMEOUT_MS = 5000
"""How long the server waits for a client's request line before dropping the client."""

STARTUP_GRACE_S = 2.0
"""How long a client keeps retrying while the lock is held but nobody listens yet."""

# A Unix socket path must fit sockaddr_un.sun_path: 104 bytes on macOS, 108 on Linux, with
# the terminating NUL. Qt refuses longer names with a bare "Name error".
_MAX_SOCKET_PATH = 100


# --- Names and folders -------------------------------------------------------------------------


def _digest(runtime_dir: Path) -> str:
    """Return a short stable tag for ``runtime_dir``, so each lock gets its own socket."""
    import hashlib  # only for odd paths and Windows: it loads OpenSSL's libcrypto

    return hashlib.sha256(os.fsencode(runtime_dir)).hexdigest()[:12]


def _user_name() -> str:
    try:
        name = getpass.getuser()
    except Exception:  # no USERNAME and no pwd entry; still one name per machine user
        name = "user"
    # Pipe names may not hold backslashes; keep letters of any script, digits, '.', '-'.
    return re.sub(r"[^\w.-]", "_", name) or "user"


def server_name(runtime_dir: Path, *, platform: str | None = None, user: str | None = None) -> str:
    """Return the name the command server listens on for ``runtime_dir``.

    POSIX: the full path ``runtime_dir/desk-breaks/commands.sock``; if that is too long for a
    Unix socket (deep test folders, macOS temp folders, a deep home's state folder), a
    user-only folder in the system temp folder (``/tmp`` if that is deep too) named after
    the user id and ``runtime_dir`` instead; both sides check it like any other. Windows: the pipe
    ``desk-breaks-<user>-<tag of runtime_dir>``. ``platform`` and ``user`` default to
    ``sys.platform`` and the login name; tests pass them to check another system's choice.
    """
    platform = sys.platform if platform is None else platform
    runtime_dir = Path(runtime_dir)
    if platform == "win32":
        name = user if user is not None else _user_name()
        return f"{_FOLDER_NAME}-{name}-{_digest(runtime_dir)}"
    path = runtime_dir / _FOLDER_NAME / _SOCKET_NAME
    if len(os.fsencode(path)) <= _MAX_SOCKET_PATH:
        return str(path)
    leaf = Path(f"{_FOLDER_NAME}-{os.getuid()}-{_digest(runtime_dir)}") / _SOCKET_NAME
    short = Path(tempfile.gettempdir()) / leaf
    if len(os.fsencode(short)) > _MAX_SOCKET_PATH:
        short = Path("/tmp") / leaf  # a deep TMPDIR too: /tmp always exists on POSIX
    return str(short)


def _ensure_private_folder(folder: Path) -> None:
    """Create ``folder`` readable by its owner only, or check that an existing one is.

    On POSIX, a folder mode of 0700 is what keeps other users from reaching the socket (Linux
    and macOS check the folder on connect). A folder that is a symlink, is not a folder,
    belongs to someone else (planted in a shared /tmp, say) or that others could write is
    refused with :class:`~desk_breaks.core.paths.UnsafeFolder` (a :class:`PermissionError`)
    rather than used; the command line runs the same check before it connects. Windows: the
    folder is in the user's profile and the pipe carries its own ACL.
    """
    check_private_folder(folder, create=True, tighten=True)


def _lock_path(runtime_dir: Path) -> Path:
    return Path(runtime_dir) / _FOLDER_NAME / _LOCK_NAME


def _process_alive(pid: int) -> bool:
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        try:
            code = ctypes.c_ulong()
            still_active = 259
            return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and (
                code.value == still_active
            )
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, but is someone else's
    return True


def _proc_locks_say_held(path: Path) -> bool | None:
    """Whether ``/proc/locks`` lists an flock on ``path`` (None: cannot tell, not Linux)."""
    try:
        info = os.stat(path)
        with open("/proc/locks", encoding="ascii", errors="replace") as table:
            lines = table.readlines()
    except OSError:
        return None
    # Lines read "1: FLOCK  ADVISORY  WRITE 1234 fe:00:2252863 0 EOF" (device in hex).
    key = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    return any(" FLOCK " in line and key in line.split() for line in lines)


def _lock_is_held(path: Path) -> bool:
    """Whether a live process holds the lock file at ``path`` (POSIX).

    The pid written in the file is not proof: after a crash and a reboot (or a long
    uptime) that pid can belong to an unrelated program, even another Python, and Qt
    believes a process of the same name. What proves it is the ``flock`` every
    ``QLockFile`` holder keeps on the file for as long as it lives. On Linux this is read
    from ``/proc/locks`` without touching the lock (taking it even for a moment could make
    an app starting at that very moment believe another instance runs); elsewhere a
    shared, non-blocking flock is tried and dropped at once.
    """
    held = _proc_locks_say_held(path) if sys.platform.startswith("linux") else None
    if held is not None:
        return held
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return False
    except OSError:
        return True  # cannot look: do not call a live instance dead
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return True
    finally:
        os.close(fd)  # closing the only descriptor drops the probe's lock too
    return False


def _lock_holder(runtime_dir: Path) -> int | None:
    """Return the pid holding the instance lock if that process still holds it, else None.

    This only reads: see :func:`_lock_is_held` for why a live pid alone is not believed.
    """
    path = _lock_path(runtime_dir)
    pid, _host, _app = QLockFile(str(path)).getLockInfo()
    if pid <= 0 or pid == os.getpid():
        return None
    if not _process_alive(pid):
        return None
    if os.name == "posix" and not _lock_is_held(path):
        return None  # the pid was reused by another program; the lock is a leftover
    return pid


def _remove_unheld_lock(path: Path) -> bool:
    """Remove a lock file nobody holds, as Qt does with a stale one; True if removed.

    Under an exclusive flock, so a holder that takes the file at the same moment keeps it.
    """
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.unlink(path)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


# --- Instance guard ----------------------------------------------------------------------------


class InstanceGuard:
    """The per-user lock that makes one process *the* Desk Breaks.

    Backed by a :class:`QLockFile` in ``runtime_dir/desk-breaks``. A lock left by a process
    that was killed (same machine, pid gone or reused by another program) is taken over.
    Use it on the GUI thread; it needs no ``QCoreApplication``. The lock is also released
    when the guard is garbage-collected, but call :meth:`release` (or
    :meth:`CommandServer.close`) explicitly.
    """

    def __init__(self, runtime_dir: Path) -> None:
        """Prepare the guard; nothing touches the disk until :meth:`try_acquire`."""
        self.runtime_dir = Path(runtime_dir)
        self.lock_path = _lock_path(self.runtime_dir)
        self._lock: QLockFile | None = None

    @property
    def held(self) -> bool:
        """Return True while this guard holds the lock."""
        return self._lock is not None

    def try_acquire(self) -> bool:
        """Take the lock without waiting; return False if a live instance holds it.

        Raises :class:`OSError` when the lock cannot be taken for another reason (the
        folder is not writable, or is not private), so that is never mistaken for
        "another instance runs".
        """
        if self._lock is not None:
            return True
        _ensure_private_folder(self.lock_path.parent)
        lock = QLockFile(str(self.lock_path))
        # 0 turns off Qt's age rule (by default a 30 s old lock counts as stale even when
        # its holder lives, and only the holder's flock saves it); a dead holder is still
        # recognised by its pid.
        lock.setStaleLockTime(0)
        if lock.tryLock(0):
            self._lock = lock
            return True
        if lock.error() == QLockFile.LockError.LockFailedError:
            # Qt believes any live process with the recorded pid and program name; one
            # that does not hold the file's flock is a stranger who got a reused pid.
            if os.name != "posix" or _lock_is_held(self.lock_path):
                return False
            pid = lock.getLockInfo()[0]
            if not _remove_unheld_lock(self.lock_path) or not lock.tryLock(0):
                return False
            _log.warning(
                "took over the lock file %s: process %d, named in it, does not hold it "
                "(its process id was reused after Desk Breaks stopped)",
                self.lock_path,
                pid,
            )
            self._lock = lock
            return True
        raise OSError(f"cannot create the lock file {self.lock_path} ({lock.error().name})")

    def release(self) -> None:
        """Give the lock up; harmless when it is not held."""
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


# --- Server ------------------------------------------------------------------------------------


def _transport(platform: str | None = None) -> ModuleType:
    """The module that moves lines on this system: named pipes on Windows, else Unix sockets."""
    if (sys.platform if platform is None else platform) == "win32":
        from desk_breaks.desktop import ipc_qt

        return ipc_qt
    from desk_breaks.desktop import ipc_unix

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
            _ensure_private_folder(Path(self._name).parent)
        listener: Listener = self._transport.Listener(
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
            return encode_reply(Reply(False, f"the reply could not be encoded: {exc}"))

    def _run(self, line: bytes) -> Reply:
        """Decode one request line and run it; every failure becomes an ok=False reply."""
        try:
            command = decode_request(line)
        except ValueError as exc:
            return Reply(False, f"malformed request: {exc}")
        try:
            reply = self._handler(command)
        except Exception as exc:
            _log.exception("the %r command failed", command.name)
            return Reply(False, f"{command.name} failed: {exc}")
        if not isinstance(reply, Reply):
            _log.error("the handler returned %r for %r, not a Reply", reply, command.name)
            return Reply(False, f"{command.name} gave no answer")
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
        message = str(exc) if isinstance(exc, TimeoutError) else f"cannot reach Desk Breaks: {exc}"
        return _NoAnswer(message)
    if not line:
        return _NoAnswer("Desk Breaks hung up without answering")
    try:
        return decode_reply(line)
    except ValueError as exc:
        return Reply(False, f"Desk Breaks gave a malformed answer: {exc}")


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
            return Reply(
                False,
                f"Desk Breaks will not send commands through {exc.folder}: it {exc.reason}.",
            )
        except OSError as exc:
            return Reply(False, f"cannot reach Desk Breaks: {exc}")
    give_up = time.monotonic() + STARTUP_GRACE_S
    while True:
        outcome = _exchange(transport, name, request, timeout_ms)
        if isinstance(outcome, Reply):
            return outcome
        holder = _lock_holder(Path(runtime_dir))
        if isinstance(outcome, _NoAnswer):
            pid = f" (process {holder})" if holder is not None else ""
            return Reply(False, f"{outcome}{pid}")
        if holder is None:
            return None
        if time.monotonic() >= give_up:
            return Reply(False, f"Desk Breaks is running (process {holder}) but does not answer")
        time.sleep(0.05)
