"""The history of every session outcome, in SQLite.

The database runs in WAL mode with ``synchronous=FULL``, and every record is one
transaction, so a process killed in the middle of a write leaves either the whole record
or none of it. The schema version lives in ``PRAGMA user_version``; each migration is a
small named function in :data:`~desk_breaks.core.history_file.MIGRATIONS`. Opening and
checking the file is :mod:`desk_breaks.core.history_file`; this module is what the app
does about what it finds, and the records.

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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from desk_breaks.core.clock import Clock
from desk_breaks.core.engine import Outcome, Record
from desk_breaks.core.history_file import (
    COLUMNS,
    DEFAULT_BUSY_TIMEOUT_MS,
    MIGRATIONS,
    HistoryError,
    Problem,
    open_read_only,
    open_writable,
    os_reason,
    set_aside,
)
from desk_breaks.core.i18n import Text

__all__ = [
    "DaySummary",
    "History",
    "HistoryError",
    "HistoryState",
    "Opened",
    "new_uid",
    "pending_file",
    "summarize",
    "summary_of",
]
# HistoryError is History's own error (its constructor and record() raise it), so it is
# offered here too: callers of History need not know the module that opens the file.

log = logging.getLogger(__name__)

_SELECT = f"SELECT {', '.join(COLUMNS)} FROM sessions"


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
    """Stopped early for any reason, pain stops included."""
    missed: int = 0
    pain_stops: int = 0
    """Of the stopped ones, those stopped for pain or dizziness."""

    def plus(self, other: DaySummary) -> DaySummary:
        """Return the counts of both spans together."""
        return DaySummary(
            completed=self.completed + other.completed,
            partial=self.partial + other.partial,
            skipped=self.skipped + other.skipped,
            snoozed=self.snoozed + other.snoozed,
            stopped=self.stopped + other.stopped,
            missed=self.missed + other.missed,
            pain_stops=self.pain_stops + other.pain_stops,
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
        pain_stops=counts.get(Outcome.STOPPED_PAIN.value, 0),
    )


def summary_of(records: Iterable[Record], since: datetime) -> DaySummary:
    """Count the outcomes of ``records`` made at or after ``since``."""
    counts: dict[object, int] = {}
    for record in records:
        if record.at >= since:
            counts[record.outcome.value] = counts.get(record.outcome.value, 0) + 1
    return summarize(counts)


def new_uid() -> str:
    """A random record id: ``uuid.uuid4().hex``, made without :mod:`uuid` (and :mod:`platform`).

    Sixteen random bytes with the version 4 and RFC 4122 variant bits set, as hex.
    """
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    return raw.hex()


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
        self._db: sqlite3.Connection | None = open_writable(path, self._migrations, busy_timeout_ms)
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
        why = failure.said
        if os.path.isdir(path.parent):
            kept = Text(
                "Until this is fixed, new sessions are kept in {file} beside it and added to "
                "the history when it can be written.",
                file=pending_file(path).name,
            )
        else:
            kept = Text("New sessions are kept only until Desk Breaks quits.")
        if failure.problem is Problem.DAMAGED:
            try:
                aside = set_aside(path, clock.now())
            except OSError as exc:
                return Opened(
                    cls._unwritable(path, HistoryState.UNAVAILABLE, failure.said),
                    Text(
                        "{problem} It could not be moved aside ({reason}), so it was left as "
                        "it is and the history is not being saved. {kept}",
                        problem=why,
                        reason=os_reason(exc),
                        kept=kept,
                    ),
                )
            try:
                fresh = cls(path, migrations=migrations, busy_timeout_ms=busy_timeout_ms)
            except HistoryError as exc:
                return Opened(
                    cls._unwritable(path, HistoryState.UNAVAILABLE, exc.said),
                    Text(
                        "{problem} It was moved aside, unchanged, to {file}, but a new history "
                        "could not be started: {error} {kept}",
                        problem=why,
                        file=aside.name,
                        error=exc.said,
                        kept=kept,
                    ),
                )
            fresh.state = HistoryState.FRESH_AFTER_DAMAGE
            return Opened(
                fresh,
                Text(
                    "{problem} It was moved aside, unchanged, to {file}, and a new, empty "
                    "history was started.",
                    problem=why,
                    file=aside.name,
                ),
            )
        if failure.problem is Problem.NEWER:
            history = cls._unwritable(path, HistoryState.READ_ONLY_NEWER, failure.said)
            pending = pending_file(path).name
            if history._db is not None:
                said = Text(
                    "{problem} It is left unchanged and this version does not write to it. "
                    "Past sessions are shown. New sessions are kept in {file} beside it.",
                    problem=why,
                    file=pending,
                )
            else:
                said = Text(
                    "{problem} It is left unchanged and this version does not write to it. "
                    "New sessions are kept in {file} beside it.",
                    problem=why,
                    file=pending,
                )
            return Opened(history, said)
        wanted = HistoryState.READ_ONLY
        if failure.problem is not Problem.UNWRITABLE:
            wanted = HistoryState.UNAVAILABLE  # locked, or not a file: nothing to read
        history = cls._unwritable(path, wanted, failure.said)
        if history._db is not None:
            said = Text(
                "{problem} Past sessions are shown, but the history is not being saved. {kept}",
                problem=why,
                kept=kept,
            )
        else:
            said = Text("{problem} The history is not being saved. {kept}", problem=why, kept=kept)
        return Opened(history, said)

    @classmethod
    def _unwritable(cls, path: Path, wanted: HistoryState, why: str) -> History:
        """A history that refuses writes, reading ``path`` read-only if ``wanted`` says so."""
        history = cls.__new__(cls)
        history.path = path
        history._migrations = ()
        history._why_not = why
        history._db = None if wanted is HistoryState.UNAVAILABLE else open_read_only(path)
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
            raise HistoryError(
                Text(
                    "The history at {path} is not being written: {reason}",
                    path=self.path,
                    reason=self._why_not,
                )
            )
        db = self._db
        uid = uid or new_uid()
        try:
            with self._transaction(db):
                # Looked up rather than left to the UNIQUE index, so a file that lost its
                # index still never stores a record twice.
                if db.execute("SELECT 1 FROM sessions WHERE uid = ?", (uid,)).fetchone():
                    return
                db.execute(
                    "INSERT INTO sessions (key, routine_id, outcome, at, due_at, started_at,"
                    " snooze_min, exercises_done, exercise_stopped, uid, exercises_eased)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                        json.dumps(list(record.exercises_eased)),
                    ),
                )
        except sqlite3.Error as exc:
            raise HistoryError(
                Text("Could not write to the history at {path}: {error}", path=self.path, error=exc)
            ) from exc

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
            at = parse_stored_time(row[0])
            if at is not None:
                return at
        return None

    def summary_since(self, since: datetime) -> DaySummary:
        """Count outcomes recorded at or after ``since`` (the rows :meth:`recent` shows)."""
        # The index narrows it to the span; each row is then read as recent() reads it,
        # so a row not understood counts nowhere.
        rows = self._rows(f"{_SELECT} WHERE at >= ?", (_iso(since),))
        return summary_of((r for r in map(_row_to_record, rows) if r is not None), since)

    def rows(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        """Return the rows of a read query; a database error gives no rows (logged)."""
        if self._db is None:
            return []
        try:
            # Rows are tuples already (no row factory): fetched in one go, not one by one.
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            log.warning("could not read the history at %s: %s", self.path, exc)
            return []

    def write(self, sql: str, parameters: tuple[object, ...] = ()) -> int:
        """Run one writing statement in its own transaction; return the new row's id.

        Raises :class:`HistoryError` when the history is not written or the write fails.
        """
        if self._db is None or not self.writable:
            raise HistoryError(
                Text(
                    "The history at {path} is not being written: {reason}",
                    path=self.path,
                    reason=self._why_not,
                )
            )
        db = self._db
        try:
            with self._transaction(db):
                cursor = db.execute(sql, parameters)
        except sqlite3.Error as exc:
            raise HistoryError(
                Text("Could not write to the history at {path}: {error}", path=self.path, error=exc)
            ) from exc
        return int(cursor.lastrowid or 0)

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


def stored_iso(value: datetime) -> str:
    """``value`` as the history stores times: UTC, so that text order is time order."""
    return value.astimezone(UTC).isoformat()


def _iso(value: datetime | None) -> str | None:
    return stored_iso(value) if value is not None else None


def parse_stored_time(value: object) -> datetime | None:
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
    when = parse_stored_time(at)
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
        due_at=parse_stored_time(due_at),
        started_at=parse_stored_time(started_at),
        snooze_min=snooze_min if isinstance(snooze_min, int) else None,
        exercises_done=tuple(str(e) for e in exercises),
        exercise_stopped=stopped if isinstance(stopped, str) and stopped else None,
    )
