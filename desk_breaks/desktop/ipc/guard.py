"""The instance lock and the names both sides agree on, from ``runtime_dir`` alone.

The lock file and (on Linux and macOS) the socket live in ``runtime_dir/desk-breaks``, a
folder only its owner may enter; on Windows the socket is a named pipe whose name holds the
user name. :class:`InstanceGuard` holds the lock; :mod:`.instance` serves and sends commands
over the socket named by :func:`server_name`.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QLockFile

from desk_breaks.core.i18n import tr
from desk_breaks.core.paths import check_private_folder

__all__ = ["InstanceGuard", "ensure_private_folder", "lock_holder", "server_name"]

_log = logging.getLogger(__name__)

_FOLDER_NAME = "desk-breaks"
_LOCK_NAME = "instance.lock"
_SOCKET_NAME = "commands.sock"

# A Unix socket path must fit sockaddr_un.sun_path: 104 bytes on macOS, 108 on Linux, with
# the terminating NUL. Qt refuses longer names with a bare "Name error".
_MAX_SOCKET_PATH = 100


# --- Names and folders -------------------------------------------------------------------------


def _digest(runtime_dir: Path) -> str:
    """Return a short stable tag for ``runtime_dir``, so each lock gets its own socket."""
    import hashlib  # only for odd paths and Windows: it loads OpenSSL's libcrypto

    return hashlib.sha256(os.fsencode(runtime_dir)).hexdigest()[:12]


def _user_name() -> str:
    import getpass  # Windows only: it brings termios along

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


def ensure_private_folder(folder: Path) -> None:
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


def lock_holder(runtime_dir: Path) -> int | None:
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
        ensure_private_folder(self.lock_path.parent)
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
        said = tr(
            "cannot create the lock file {path} ({error})",
            path=self.lock_path,
            error=lock.error().name,
        )
        raise OSError(said)

    def release(self) -> None:
        """Give the lock up; harmless when it is not held."""
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
