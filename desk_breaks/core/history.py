"""The history of every session outcome, in SQLite.

The database runs in WAL mode with ``synchronous=FULL``, and every record is one
transaction, so a process killed in the middle of a write leaves either the whole record
or none of it. The schema version lives in ``PRAGMA user_version``; each migration is a
small named function in :data:`MIGRATIONS`.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from desk_breaks.core.engine import Outcome, Record


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


MIGRATIONS: Sequence[Callable[[sqlite3.Connection], None]] = (_create_sessions,)
"""Migration ``n`` brings the schema from version ``n`` to ``n + 1``."""

SCHEMA_VERSION = len(MIGRATIONS)


class HistoryError(Exception):
    """The history cannot be opened or written; the message says why, for the user."""


@dataclass(frozen=True)
class DaySummary:
    """Counts of outcomes over some span."""

    completed: int = 0
    partial: int = 0
    skipped: int = 0
    snoozed: int = 0
    stopped: int = 0
    missed: int = 0


class History:
    """Reads and writes the history database at ``path``."""

    def __init__(
        self,
        path: Path,
        *,
        migrations: Sequence[Callable[[sqlite3.Connection], None]] = MIGRATIONS,
    ) -> None:
        """Open (creating or upgrading) the database at ``path``.

        ``migrations`` defaults to :data:`MIGRATIONS`; tests pass a longer table to check
        an upgrade. Raises :class:`HistoryError` for a database it cannot use, including
        one from a newer version, which is left untouched.
        """
        self.path = path
        self._migrations = tuple(migrations)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=True)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA busy_timeout=2000")
            self._migrate()
        except sqlite3.Error as exc:
            db = getattr(self, "_db", None)
            if db is not None:
                db.close()
            raise HistoryError(f"The history at {path} cannot be opened: {exc}") from exc

    def _migrate(self) -> None:
        target = len(self._migrations)
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if version > target:
            self._db.close()
            raise HistoryError(
                f"The history at {self.path} was written by a newer Desk Breaks "
                f"(schema {version}); this version knows up to {target}."
            )
        for index in range(version, target):
            # Each step and its version bump commit together: a crash leaves the old
            # version or the new one, never a half-migrated schema.
            with self._transaction():
                self._migrations[index](self._db)
                self._db.execute(f"PRAGMA user_version={index + 1}")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def record(self, record: Record) -> None:
        """Append one record (one transaction)."""
        try:
            with self._transaction():
                self._db.execute(
                    "INSERT INTO sessions (key, routine_id, outcome, at, due_at, started_at,"
                    " snooze_min, exercises_done, exercise_stopped)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    ),
                )
        except sqlite3.Error as exc:
            raise HistoryError(f"Could not write to the history at {self.path}: {exc}") from exc

    def recent(self, limit: int = 50) -> list[Record]:
        """Return the newest records, newest first."""
        rows = self._db.execute(
            "SELECT key, routine_id, outcome, at, due_at, started_at, snooze_min,"
            " exercises_done, exercise_stopped FROM sessions ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [_row_to_record(row) for row in rows]

    def last_activity(self) -> datetime | None:
        """Return when the newest record was written, or None for an empty history."""
        row = self._db.execute("SELECT at FROM sessions ORDER BY id DESC LIMIT 1").fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def summary_since(self, since: datetime) -> DaySummary:
        """Count outcomes recorded at or after ``since``."""
        counts = dict(
            self._db.execute(
                "SELECT outcome, COUNT(*) FROM sessions WHERE at >= ? GROUP BY outcome",
                (_iso(since),),
            ).fetchall()
        )
        return DaySummary(
            completed=counts.get(Outcome.COMPLETED.value, 0),
            partial=counts.get(Outcome.PARTIAL.value, 0),
            skipped=counts.get(Outcome.SKIPPED.value, 0),
            snoozed=counts.get(Outcome.SNOOZED.value, 0),
            stopped=counts.get(Outcome.STOPPED.value, 0)
            + counts.get(Outcome.STOPPED_PAIN.value, 0),
            missed=counts.get(Outcome.MISSED.value, 0),
        )

    def close(self) -> None:
        """Checkpoint the WAL and close the database."""
        # Another reader may hold the WAL; it stays consistent either way.
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._db.close()


def _iso(value: datetime | None) -> str | None:
    # Stored in UTC so that text order is time order, whatever the offsets were.
    return value.astimezone(UTC).isoformat() if value is not None else None


def _row_to_record(row: tuple[object, ...]) -> Record:
    key, routine_id, outcome, at, due_at, started_at, snooze_min, done, stopped = row
    return Record(
        key=str(key),
        routine_id=str(routine_id),
        outcome=Outcome(outcome),
        at=datetime.fromisoformat(str(at)),
        due_at=datetime.fromisoformat(str(due_at)) if due_at else None,
        started_at=datetime.fromisoformat(str(started_at)) if started_at else None,
        snooze_min=int(str(snooze_min)) if snooze_min is not None else None,
        exercises_done=tuple(json.loads(str(done))),
        exercise_stopped=str(stopped) if stopped else None,
    )
