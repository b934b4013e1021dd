"""The history of every session outcome, in SQLite.

The database runs in WAL mode with ``synchronous=FULL``, and every record is one
transaction, so a process killed in the middle of a write leaves either the whole record
or none of it. The schema version lives in ``PRAGMA user_version``; each migration is a
small named function in :data:`MIGRATIONS`.

:meth:`History.open` is how the app opens it: whatever is found at the path, it returns a
usable :class:`History` and, when something was wrong, one notice in plain words. What it
does about each kind of problem (:class:`HistoryState`):

* A file that is not a history (not SQLite, truncated or otherwise corrupt, tables or
  columns that are not ours) is renamed aside, untouched, to a dated name together with
  its ``-wal``/``-shm``/``-journal`` files, and a fresh history is started.
* A file written by a newer version is opened read-only and never written.
* A history that cannot be written (read-only file or folder, full disk, locked by another
  program, a folder or symbolic link at the path, a data folder that is a file) is read if
  possible and otherwise left alone; the app keeps running without writing it.

Reading never raises: a row this version does not understand (an outcome from a newer
version, a bad date, NULLs) is skipped, and a database error reads as an empty history.
The file and its ``-wal``/``-shm`` are private to the user (mode 0600).
"""

from __future__ import annotations

import contextlib
import enum
import json
import logging
import os
import sqlite3
import stat
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from desk_breaks.core.clock import Clock
from desk_breaks.core.engine import Outcome, Record

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


MIGRATIONS: Sequence[Callable[[sqlite3.Connection], None]] = (_create_sessions, _add_uid)
"""Migration ``n`` brings the schema from version ``n`` to ``n + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)

_COLUMNS = (
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
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM sessions"

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


class HistoryState(enum.Enum):
    """How :meth:`History.open` left the history."""

    OK = "ok"
    FRESH_AFTER_DAMAGE = "fresh-after-damage"
    """A damaged file was set aside and a new, empty history started."""
    READ_ONLY_NEWER = "read-only-newer"
    """A newer version's file: read, never written."""
    READ_ONLY = "read-only"
    """Readable but not writable (read-only file or folder, full disk)."""
    UNAVAILABLE = "unavailable"
    """Neither read nor written (locked, not a file, damaged and could not be moved)."""

    @property
    def writable(self) -> bool:
        """True when records go into the database."""
        return self in (HistoryState.OK, HistoryState.FRESH_AFTER_DAMAGE)


class Opened(NamedTuple):
    """What :meth:`History.open` gives: always a history, and a notice when needed."""

    history: History
    notice: str | None


@dataclass(frozen=True)
class DaySummary:
    """Counts of outcomes over some span."""

    completed: int = 0
    partial: int = 0
    skipped: int = 0
    snoozed: int = 0
    stopped: int = 0
    missed: int = 0

    def plus(self, other: DaySummary) -> DaySummary:
        """Return the counts of both spans together."""
        return DaySummary(
            completed=self.completed + other.completed,
            partial=self.partial + other.partial,
            skipped=self.skipped + other.skipped,
            snoozed=self.snoozed + other.snoozed,
            stopped=self.stopped + other.stopped,
            missed=self.missed + other.missed,
        )


def summarize(counts: dict[object, int]) -> DaySummary:
    """Turn counts per outcome value into a :class:`DaySummary` (unknown outcomes ignored)."""
    return DaySummary(
        completed=counts.get(Outcome.COMPLETED.value, 0),
        partial=counts.get(Outcome.PARTIAL.value, 0),
        skipped=counts.get(Outcome.SKIPPED.value, 0),
        snoozed=counts.get(Outcome.SNOOZED.value, 0),
        stopped=counts.get(Outcome.STOPPED.value, 0) + counts.get(Outcome.STOPPED_PAIN.value, 0),
        missed=counts.get(Outcome.MISSED.value, 0),
    )


def summary_of(records: Iterable[Record], since: datetime) -> DaySummary:
    """Count the outcomes of ``records`` made at or after ``since``."""
    counts: dict[object, int] = {}
    for record in records:
        if record.at >= since:
            counts[record.outcome.value] = counts.get(record.outcome.value, 0) + 1
    return summarize(counts)


def pending_file(path: Path) -> Path:
    """Where records that could not be written to the history at ``path`` are kept."""
    return path.with_name(path.name + ".pending.jsonl")


class History:
    """Reads and writes the history database at ``path``."""

    def __init__(
        self,
        path: Path,
        *,
        migrations: Sequence[Callable[[sqlite3.Connection], None]] = MIGRATIONS,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    ) -> None:
        """Open (creating or upgrading) the database at ``path`` for writing.

        ``migrations`` defaults to :data:`MIGRATIONS`; tests pass a longer table to check
        an upgrade. Raises :class:`HistoryError` (its ``problem`` says what kind) for a
        database it cannot use, including one from a newer version, which is left
        untouched. The app uses :meth:`open`, which never raises.
        """
        self.path = path
        self.state = HistoryState.OK
        self._migrations = tuple(migrations)
        self._db: sqlite3.Connection | None = _open_writable(
            path, self._migrations, busy_timeout_ms
        )
        self._why_not = ""

    @classmethod
    def open(
        cls,
        path: Path,
        clock: Clock,
        *,
        migrations: Sequence[Callable[[sqlite3.Connection], None]] = MIGRATIONS,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    ) -> Opened:
        """Open the history at ``path`` whatever is there; never raises.

        Returns the history (its :attr:`state` says whether it is written) and, when
        anything was wrong, one notice for the user: what happened, what was done and
        where the old file is. ``clock`` dates the name of a file set aside.
        """
        try:
            return Opened(cls(path, migrations=migrations, busy_timeout_ms=busy_timeout_ms), None)
        except HistoryError as exc:
            failure = exc
        log.warning("%s", failure)
        if os.path.isdir(path.parent):
            kept = (
                f"Until this is fixed, new sessions are kept in {pending_file(path).name} "
                "beside it and added to the history when it can be written."
            )
        else:
            kept = "New sessions are kept only until Desk Breaks quits."
        if failure.problem is Problem.DAMAGED:
            try:
                aside = _set_aside(path, clock.now())
            except OSError as exc:
                return Opened(
                    cls._unwritable(path, HistoryState.UNAVAILABLE, str(failure)),
                    f"{failure} It could not be moved aside ({_os_reason(exc)}), so it was "
                    f"left as it is and the history is not being saved. {kept}",
                )
            try:
                fresh = cls(path, migrations=migrations, busy_timeout_ms=busy_timeout_ms)
            except HistoryError as exc:
                return Opened(
                    cls._unwritable(path, HistoryState.UNAVAILABLE, str(exc)),
                    f"{failure} It was moved aside, unchanged, to {aside.name}, but a new "
                    f"history could not be started: {exc} {kept}",
                )
            fresh.state = HistoryState.FRESH_AFTER_DAMAGE
            return Opened(
                fresh,
                f"{failure} It was moved aside, unchanged, to {aside.name}, and a new, "
                "empty history was started.",
            )
        if failure.problem is Problem.NEWER:
            history = cls._unwritable(path, HistoryState.READ_ONLY_NEWER, str(failure))
            shown = " Past sessions are shown." if history._db is not None else ""
            return Opened(
                history,
                f"{failure} It is left unchanged and this version does not write to it."
                f"{shown} New sessions are kept in {pending_file(path).name} beside it.",
            )
        wanted = HistoryState.READ_ONLY
        if failure.problem is not Problem.UNWRITABLE:
            wanted = HistoryState.UNAVAILABLE  # locked, or not a file: nothing to read
        history = cls._unwritable(path, wanted, str(failure))
        shown = "Past sessions are shown, but the" if history._db is not None else "The"
        return Opened(history, f"{failure} {shown} history is not being saved. {kept}")

    @classmethod
    def _unwritable(cls, path: Path, wanted: HistoryState, why: str) -> History:
        """A history that refuses writes, reading ``path`` read-only if ``wanted`` says so."""
        history = cls.__new__(cls)
        history.path = path
        history._migrations = ()
        history._why_not = why
        history._db = None if wanted is HistoryState.UNAVAILABLE else _open_read_only(path)
        history.state = wanted if history._db is not None else HistoryState.UNAVAILABLE
        return history

    @property
    def writable(self) -> bool:
        """True when :meth:`record` writes to the database."""
        return self.state.writable

    @contextlib.contextmanager
    def _transaction(self, db: sqlite3.Connection) -> Iterator[None]:
        db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def record(self, record: Record, uid: str | None = None) -> None:
        """Append one record (one transaction).

        ``uid`` identifies the record; one that is already stored is not stored again.
        Raises :class:`HistoryError` when the record could not be written.
        """
        if self._db is None or not self.writable:
            raise HistoryError(f"The history at {self.path} is not being written: {self._why_not}")
        db = self._db
        uid = uid or uuid.uuid4().hex
        try:
            with self._transaction(db):
                # Looked up rather than left to the UNIQUE index, so a file that lost its
                # index still never stores a record twice.
                if db.execute("SELECT 1 FROM sessions WHERE uid = ?", (uid,)).fetchone():
                    return
                db.execute(
                    "INSERT INTO sessions (key, routine_id, outcome, at, due_at, started_at,"
                    " snooze_min, exercises_done, exercise_stopped, uid)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        record.key,
                        record.routine_id,
                        record.outcome.value,
                        _iso(record.at),
                        _iso(record.due_at),
                        _iso(record.started_at),
                        record.snooze_min,
                        json.dumps(list(record.exercises_done)),
                        record.exercise_stopped,
                        uid,
                    ),
                )
        except sqlite3.Error as exc:
            raise HistoryError(f"Could not write to the history at {self.path}: {exc}") from exc

    def recent(self, limit: int = 50) -> list[Record]:
        """Return the newest records, newest first (rows not understood are skipped)."""
        records: list[Record] = []
        for row in self._rows(f"{_SELECT} ORDER BY id DESC"):
            record = _row_to_record(row)
            if record is not None:
                records.append(record)
                if len(records) >= limit:
                    break
        return records

    def last_activity(self) -> datetime | None:
        """Return when the newest readable record was written, or None for an empty history."""
        for row in self._rows("SELECT at FROM sessions ORDER BY id DESC"):
            at = _parse_time(row[0])
            if at is not None:
                return at
        return None

    def summary_since(self, since: datetime) -> DaySummary:
        """Count outcomes recorded at or after ``since`` (the rows :meth:`recent` shows)."""
        # The index narrows it to the span; each row is then read as recent() reads it,
        # so a row not understood counts nowhere.
        rows = self._rows(f"{_SELECT} WHERE at >= ?", (_iso(since),))
        return summary_of((r for r in map(_row_to_record, rows) if r is not None), since)

    def _rows(self, sql: str, parameters: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
        """Yield the rows of a query; a database error ends them (logged), never raises."""
        if self._db is None:
            return
        try:
            for row in self._db.execute(sql, parameters):
                yield tuple(row)
        except sqlite3.Error as exc:
            log.warning("could not read the history at %s: %s", self.path, exc)

    def close(self) -> None:
        """Checkpoint the WAL and close the database."""
        if self._db is None:
            return
        if self.writable:
            # Another reader may hold the WAL; it stays consistent either way.
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._db.close()
        self._db = None


# -- opening --------------------------------------------------------------------------------


def _open_writable(
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
    probe = _open_read_only(path, min(busy_timeout_ms, 200))
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
        _check_columns(db, path, (*_COLUMNS, "uid"))
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
            f"The history at {path} was written by a newer Desk Breaks "
            f"(schema {version}); this version knows up to {target}.",
            Problem.NEWER,
        )
    if quick:
        check = db.execute("PRAGMA quick_check").fetchall()
        if check != [("ok",)]:
            raise HistoryError(
                f"The history file {path} is damaged ({check[0][0]}).", Problem.DAMAGED
            )
    if version <= 0:
        if version < 0 or db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise HistoryError(
                f"The history file {path} is an SQLite database, but not a Desk Breaks history.",
                Problem.DAMAGED,
            )
    else:
        _check_columns(db, path, _COLUMNS)
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
            f"The history file {path} is damaged (it is not an SQLite database).",
            Problem.DAMAGED,
        )


def _prepare_file(path: Path) -> None:
    """Make sure ``path`` is a regular file of ours (created private), or say why not."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise HistoryError(
            f"The history cannot be kept in {path.parent}: {_os_reason(exc)}.",
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
                f"The history file {path} cannot be created: {_os_reason(exc)}.",
                Problem.UNWRITABLE,
            ) from exc
        return None
    except OSError as exc:
        raise HistoryError(
            f"The history file {path} cannot be reached: {_os_reason(exc)}.", Problem.UNWRITABLE
        ) from exc
    if stat.S_ISREG(info.st_mode):
        return None
    if stat.S_ISLNK(info.st_mode):
        try:
            what = f"a symbolic link (to {os.readlink(path)})"
        except OSError:
            what = "a symbolic link"
    elif stat.S_ISDIR(info.st_mode):
        what = "a folder"
    else:
        what = "a special file, not a regular one"
    raise HistoryError(
        f"The history file {path} is {what}; Desk Breaks only uses a regular file there "
        "and left it as it is.",
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
            f"The history file {path} does not have the columns Desk Breaks needs "
            f"(missing: {', '.join(missing)}).",
            Problem.DAMAGED,
        )


def _classify(path: Path, exc: sqlite3.Error) -> HistoryError:
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        return HistoryError(f"The history file {path} is damaged ({exc}).", Problem.DAMAGED)
    if primary in (sqlite3.SQLITE_ERROR, sqlite3.SQLITE_SCHEMA, sqlite3.SQLITE_CONSTRAINT):
        # Tables that clash with ours: some other database, or one damaged by hand.
        return HistoryError(
            f"The history file {path} is not a Desk Breaks history ({exc}).", Problem.DAMAGED
        )
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return HistoryError(
            f"The history file {path} is locked by another program ({exc}).", Problem.LOCKED
        )
    return HistoryError(f"The history at {path} cannot be opened: {exc}.", Problem.UNWRITABLE)


def _open_read_only(
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


def _set_aside(path: Path, now: datetime) -> Path:
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


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return "a file is in the way where a folder should be"
    return (exc.strerror or str(exc)).lower()


# -- rows -----------------------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    # Stored in UTC so that text order is time order, whatever the offsets were.
    return value.astimezone(UTC).isoformat() if value is not None else None


def _parse_time(value: object) -> datetime | None:
    """A stored time, always aware (UTC if written without an offset); None if unreadable."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _row_to_record(row: tuple[object, ...]) -> Record | None:
    """The record in ``row``, or None when its key, outcome or time cannot be read."""
    key, routine_id, outcome, at, due_at, started_at, snooze_min, done, stopped = row
    if not isinstance(key, str) or not isinstance(routine_id, str):
        return None
    try:
        known = Outcome(outcome)
    except ValueError:
        return None  # an outcome from a newer version, or damage: not shown
    when = _parse_time(at)
    if when is None:
        return None
    try:
        exercises = json.loads(done) if isinstance(done, str) else []
    except ValueError:
        exercises = []
    if not isinstance(exercises, list):
        exercises = []
    return Record(
        key=key,
        routine_id=routine_id,
        outcome=known,
        at=when,
        due_at=_parse_time(due_at),
        started_at=_parse_time(started_at),
        snooze_min=snooze_min if isinstance(snooze_min, int) else None,
        exercises_done=tuple(str(e) for e in exercises),
        exercise_stopped=stopped if isinstance(stopped, str) and stopped else None,
    )
