"""Opening the history database file, and telling what is wrong with one.

The schema and its migrations, the checks that refuse a damaged or newer file without
writing to it, the read-only opens that leave a file exactly as found, and setting a
damaged file aside with its side files. What the app does about each problem, and the
records themselves, are :mod:`desk_breaks.core.history`.
"""

from __future__ import annotations

import enum
import logging
import os
import sqlite3
import stat
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from desk_breaks.core.i18n import Text

log = logging.getLogger(__name__)


def _create_sessions(db: sqlite3.Connection) -> None:
    db.execute(
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            routine_id TEXT NOT NULL,
            outcome TEXT NOT NULL,
            at TEXT NOT NULL,
            due_at TEXT,
            started_at TEXT,
            snooze_min INTEGER,
            exercises_done TEXT NOT NULL DEFAULT '[]',
            exercise_stopped TEXT
        )
        """
    )
    db.execute("CREATE INDEX sessions_at ON sessions (at)")


def _add_uid(db: sqlite3.Connection) -> None:
    # A record kept aside while the disk was full is added again at the next start; its
    # uid makes that idempotent. Older rows keep NULL, which a UNIQUE index allows.
    db.execute("ALTER TABLE sessions ADD COLUMN uid TEXT")
    db.execute("CREATE UNIQUE INDEX sessions_uid ON sessions (uid)")


def _add_coach(db: sqlite3.Connection) -> None:
    # The coach (issue 13): which exercises were eased in a session, how the neck felt
    # after one, the daily comfort journal, and the person's choices and safety check.
    # Every existing row stays as it is; older rows read as "nothing eased".
    db.execute("ALTER TABLE sessions ADD COLUMN exercises_eased TEXT NOT NULL DEFAULT '[]'")
    db.execute(
        """
        CREATE TABLE ratings (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL,
            at TEXT NOT NULL,
            feeling TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE journal (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            score INTEGER NOT NULL,
            note TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute(
        """
        CREATE TABLE coach_events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            exercise_id TEXT,
            data TEXT NOT NULL DEFAULT '{}'
        )
        """
    )


def _add_progress_indexes(db: sqlite3.Connection) -> None:
    # The progress view (issue 14) reads five years in a few queries: day counts scan
    # (at, key, outcome) from the index alone, the session list finds each row's
    # feeling by session, and the journal is read by time. Indexes only: every row stays.
    db.execute("CREATE INDEX sessions_at_key_outcome ON sessions (at, key, outcome)")
    db.execute("CREATE INDEX sessions_routine_at ON sessions (routine_id, at)")
    db.execute("CREATE INDEX ratings_session ON ratings (session_id)")
    db.execute("CREATE INDEX journal_at ON journal (at)")


MIGRATIONS: Sequence[Callable[[sqlite3.Connection], None]] = (
    _create_sessions,
    _add_uid,
    _add_coach,
    _add_progress_indexes,
)
"""Migration ``n`` brings the schema from version ``n`` to ``n + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)

COLUMNS = (
    "key",
    "routine_id",
    "outcome",
    "at",
    "due_at",
    "started_at",
    "snooze_min",
    "exercises_done",
    "exercise_stopped",
)
# Files SQLite keeps beside the database; they travel with it when it is set aside.
_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")

DEFAULT_BUSY_TIMEOUT_MS = 2000


class Problem(enum.Enum):
    """Why a history could not be opened for writing."""

    DAMAGED = "damaged"
    """Not a Desk Breaks history (not SQLite, corrupt, wrong tables or columns)."""
    NEWER = "newer"
    """Written by a newer version."""
    LOCKED = "locked"
    """Another program holds a lock on it."""
    NOT_A_FILE = "not-a-file"
    """A folder, a symbolic link or some other special file is at the path."""
    UNWRITABLE = "unwritable"
    """The disk or the system refuses (read-only, full, I/O error, folder missing)."""


class HistoryError(Exception):
    """The history cannot be opened or written; the message says why, for the user."""

    def __init__(self, message: str, problem: Problem = Problem.UNWRITABLE) -> None:
        super().__init__(message)
        self.problem = problem

    @property
    def said(self) -> str:
        """The message as made (a :class:`~desk_breaks.core.i18n.Text`, said again on demand)."""
        message = self.args[0] if self.args else ""
        return message if isinstance(message, str) else str(message)


def open_writable(
    path: Path,
    migrations: Sequence[Callable[[sqlite3.Connection], None]],
    busy_timeout_ms: int,
) -> sqlite3.Connection:
    """Open, check and migrate the database; raise :class:`HistoryError` with its kind.

    The checks run on a read-only connection first: a writable one, once closed, would
    checkpoint a -wal into the file, and a file refused here (damaged, newer) must stay
    exactly as it was found, side files included.
    """
    _prepare_file(path)
    _check_header(path)
    target = len(migrations)
    checked = False
    # A short wait: if it is locked, the writable open waits the full time and says so.
    probe = open_read_only(path, min(busy_timeout_ms, 200))
    if probe is not None:
        try:
            _check_content(probe, path, target)
            checked = True
        except sqlite3.Error as exc:
            failure = _classify(path, exc)
            if failure.problem is Problem.DAMAGED:
                raise failure from exc
            # Otherwise (busy, say) the writable connection below finds out for itself.
        finally:
            probe.close()
    db: sqlite3.Connection | None = None
    try:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=True)
        db.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        version = _check_content(db, path, target, quick=not checked)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        _migrate(db, version, migrations)
        _check_columns(db, path, (*COLUMNS, "uid", "exercises_eased"))
        # A read-only file or folder shows only at the first write: try one now, and roll
        # it back, so the user hears about it at start rather than at the first session.
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute(f"PRAGMA user_version={target}")
        finally:
            db.execute("ROLLBACK")
        _make_private(path)
    except sqlite3.Error as exc:
        if db is not None:
            db.close()
        raise _classify(path, exc) from exc
    except HistoryError:
        if db is not None:
            db.close()
        raise
    return db


def _check_content(db: sqlite3.Connection, path: Path, target: int, *, quick: bool = True) -> int:
    """Refuse a newer or damaged database without writing to it; return its version."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > target:
        raise HistoryError(
            Text(
                "The history at {path} was written by a newer Desk Breaks (schema {version}); "
                "this version knows up to {known}.",
                path=path,
                version=version,
                known=target,
            ),
            Problem.NEWER,
        )
    if quick:
        check = db.execute("PRAGMA quick_check").fetchall()
        if check != [("ok",)]:
            raise HistoryError(
                Text("The history file {path} is damaged ({error}).", path=path, error=check[0][0]),
                Problem.DAMAGED,
            )
    if version <= 0:
        if version < 0 or db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise HistoryError(
                Text(
                    "The history file {path} is an SQLite database, but not a Desk Breaks history.",
                    path=path,
                ),
                Problem.DAMAGED,
            )
    else:
        _check_columns(db, path, COLUMNS)
    return version


_SQLITE_MAGIC = b"SQLite format 3\x00"


def _check_header(path: Path) -> None:
    """Refuse a non-empty file that does not start as SQLite, before SQLite touches it.

    SQLite would open it, look for (and may tidy) -wal and -shm files beside it, and only
    then say "not a database"; checking first keeps those side files as they were.
    """
    try:
        with path.open("rb") as file:
            head = file.read(len(_SQLITE_MAGIC))
    except OSError:
        return  # SQLite says what is wrong, in its words
    if head and head != _SQLITE_MAGIC:
        raise HistoryError(
            Text("The history file {path} is damaged (it is not an SQLite database).", path=path),
            Problem.DAMAGED,
        )


def _prepare_file(path: Path) -> None:
    """Make sure ``path`` is a regular file of ours (created private), or say why not."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise HistoryError(
            Text(
                "The history cannot be kept in {folder}: {reason}.",
                folder=path.parent,
                reason=os_reason(exc),
            ),
            Problem.UNWRITABLE,
        ) from exc
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        try:
            # Created private before SQLite sees it: SQLite gives the -wal and -shm files
            # the database's own mode, so there is never a moment they are readable.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW, 0o600))
        except FileExistsError:
            return _prepare_file(path)
        except OSError as exc:
            raise HistoryError(
                Text(
                    "The history file {path} cannot be created: {reason}.",
                    path=path,
                    reason=os_reason(exc),
                ),
                Problem.UNWRITABLE,
            ) from exc
        return None
    except OSError as exc:
        raise HistoryError(
            Text(
                "The history file {path} cannot be reached: {reason}.",
                path=path,
                reason=os_reason(exc),
            ),
            Problem.UNWRITABLE,
        ) from exc
    if stat.S_ISREG(info.st_mode):
        return None
    if stat.S_ISLNK(info.st_mode):
        try:
            what = Text("a symbolic link (to {target})", target=os.readlink(path))
        except OSError:
            what = Text("a symbolic link")
    elif stat.S_ISDIR(info.st_mode):
        what = Text("a folder")
    else:
        what = Text("a special file, not a regular one")
    raise HistoryError(
        Text(
            "The history file {path} is {what}; Desk Breaks only uses a regular file there "
            "and left it as it is.",
            path=path,
            what=what,
        ),
        Problem.NOT_A_FILE,
    )


_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _make_private(path: Path) -> None:
    """Give the database and its side files mode 0600 (only regular files of this user)."""
    for candidate in (path, *(_side(path, suffix) for suffix in _SIDE_SUFFIXES)):
        try:
            info = os.lstat(candidate)
            if stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o077:
                os.chmod(candidate, 0o600)
        except OSError:
            continue  # not there, or not ours to change: SQLite still works


def _migrate(
    db: sqlite3.Connection,
    version: int,
    migrations: Sequence[Callable[[sqlite3.Connection], None]],
) -> None:
    for index in range(version, len(migrations)):
        # Each step and its version bump commit together: a crash leaves the old
        # version or the new one, never a half-migrated schema.
        db.execute("BEGIN IMMEDIATE")
        try:
            migrations[index](db)
            db.execute(f"PRAGMA user_version={index + 1}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


def _check_columns(db: sqlite3.Connection, path: Path, needed: Sequence[str]) -> None:
    have = {str(row[1]) for row in db.execute("PRAGMA table_info(sessions)")}
    missing = [name for name in needed if name not in have]
    if missing:
        raise HistoryError(
            Text(
                "The history file {path} does not have the columns Desk Breaks needs "
                "(missing: {columns}).",
                path=path,
                columns=", ".join(missing),
            ),
            Problem.DAMAGED,
        )


def _classify(path: Path, exc: sqlite3.Error) -> HistoryError:
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        said = Text("The history file {path} is damaged ({error}).", path=path, error=exc)
        return HistoryError(said, Problem.DAMAGED)
    if primary in (sqlite3.SQLITE_ERROR, sqlite3.SQLITE_SCHEMA, sqlite3.SQLITE_CONSTRAINT):
        # Tables that clash with ours: some other database, or one damaged by hand.
        return HistoryError(
            Text(
                "The history file {path} is not a Desk Breaks history ({error}).",
                path=path,
                error=exc,
            ),
            Problem.DAMAGED,
        )
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return HistoryError(
            Text(
                "The history file {path} is locked by another program ({error}).",
                path=path,
                error=exc,
            ),
            Problem.LOCKED,
        )
    said = Text("The history at {path} cannot be opened: {error}.", path=path, error=exc)
    return HistoryError(said, Problem.UNWRITABLE)


def open_read_only(
    path: Path, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS
) -> sqlite3.Connection | None:
    """Open ``path`` for reading only, writing nothing; None if it cannot be read."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
    except OSError:
        return None
    uri = f"file:{quote(str(path))}"
    # With no -wal there is nothing beyond the file itself: "immutable" reads it without
    # making -wal and -shm files beside a file that must not change. With a -wal, its
    # content counts; "immutable" is the fallback when the folder refuses the -shm.
    if _side(path, "-journal").exists():
        # A transaction cut short: "immutable" would read it half-done, so only a plain
        # read-only open (which fails, leaving the roll-back to a writable one) will do.
        tries: tuple[str, ...] = ("?mode=ro",)
    elif _side(path, "-wal").exists():
        tries = ("?mode=ro", "?mode=ro&immutable=1")
    else:
        tries = ("?mode=ro&immutable=1",)
    for options in tries:
        db: sqlite3.Connection | None = None
        try:
            db = sqlite3.connect(uri + options, uri=True, isolation_level=None)
            db.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            log.info("cannot read %s (%s): %s", path, options, exc)
            if db is not None:
                db.close()
            if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY:
                return None  # locked: "immutable" would read it half-written
            continue
        return db
    return None


def set_aside(path: Path, now: datetime) -> Path:
    """Rename ``path`` and its side files to a free dated name; return the new name."""
    stamp = now.strftime("%Y-%m-%d-%H%M%S")
    for number in range(1, 1000):
        suffix = "" if number == 1 else f"-{number}"
        target = path.with_name(f"{path.name}.broken-{stamp}{suffix}")
        taken = [target, *(_side(target, s) for s in _SIDE_SUFFIXES)]
        if not any(os.path.lexists(p) for p in taken):
            break
    else:
        raise OSError(f"no free name for {path.name}.broken-{stamp}")
    # The side files go first: a crash in between leaves the main file where it was,
    # and renaming only ever moves names, so the content stays exactly as found.
    for side in _SIDE_SUFFIXES:
        if os.path.lexists(_side(path, side)):
            os.rename(_side(path, side), _side(target, side))
    os.rename(path, target)
    log.warning("moved the damaged history %s aside to %s", path, target)
    return target


def _side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def os_reason(exc: OSError) -> str:
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return Text("a file is in the way where a folder should be")
    return (exc.strerror or str(exc)).lower()
