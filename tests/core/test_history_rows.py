"""Rows the code does not understand never break reading, and the schema upgrade keeps rows.

A newer version may write an outcome this one does not know; a hand edit or another tool
may leave a bad date or NULLs. ``recent()``, ``last_activity()`` and ``summary_since()``
skip or map such a row and never raise; the history still opens as healthy.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desk_breaks.core.clock import ManualClock
from desk_breaks.core.engine import Outcome, Record
from desk_breaks.core.history import DaySummary, History, HistoryState
from desk_breaks.core.history_file import MIGRATIONS, SCHEMA_VERSION

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 3, 23, 12, 30, tzinfo=BERLIN)
GOOD = Record("lunch", "lunch-reset", Outcome.COMPLETED, T0)

# Columns: key, routine_id, outcome, at, due_at, started_at, snooze_min, exercises_done,
# exercise_stopped.
NOW = T0.isoformat()
BAD_ROWS = {
    "an outcome from a newer version": ("k", "r", "half-done", NOW, None, None, None, "[]", None),
    "a date that is not a date": ("k", "r", "completed", "someday", None, None, None, "[]", None),
    "a NULL key": (None, "r", "completed", NOW, None, None, None, "[]", None),
    "a NULL outcome": ("k", "r", None, NOW, None, None, None, "[]", None),
    "a NULL time": ("k", "r", "completed", None, None, None, None, "[]", None),
    "a number for a time": ("k", "r", "completed", 1234, None, None, None, "[]", None),
    "a blob for a key": (b"\x00", "r", "completed", NOW, None, None, None, "[]", None),
}


def history_with(path: Path, *rows: tuple[object, ...]) -> None:
    """A history whose table has no constraints, holding a good row and then ``rows``."""
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE sessions (id INTEGER PRIMARY KEY, key, routine_id, outcome, at, due_at,"
        " started_at, snooze_min, exercises_done, exercise_stopped, uid, exercises_eased)"
    )
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    db.commit()
    db.close()
    history = History(path)
    history.record(GOOD)
    history.close()
    db = sqlite3.connect(path)
    db.executemany(
        "INSERT INTO sessions (key, routine_id, outcome, at, due_at, started_at, snooze_min,"
        " exercises_done, exercise_stopped) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.commit()
    db.close()


@pytest.mark.parametrize("row", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_row_not_understood_is_skipped_by_every_read(
    tmp_path: Path, row: tuple[object, ...]
) -> None:
    path = tmp_path / "history.sqlite3"
    history_with(path, row)
    history, notice = History.open(path, ManualClock(T0, BERLIN))
    assert notice is None and history.state is HistoryState.OK
    assert history.recent() == [GOOD]
    assert history.last_activity() == T0
    summary = history.summary_since(T0 - timedelta(days=1))
    assert summary == DaySummary(completed=1)
    history.record(GOOD)  # and it still takes new records
    assert history.recent() == [GOOD, GOOD]
    history.close()


def test_minor_fields_that_cannot_be_read_are_left_out_not_the_row(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    naive = T0.astimezone(UTC).replace(tzinfo=None).isoformat()
    history_with(
        path,
        ("k", "r", "skipped", naive, "soon", 7, "ten", "{not json", 42),
        ("k2", "r", "partial", T0.isoformat(), None, None, None, '{"a": 1}', ""),
    )
    history = History(path)
    newest, older, _ = history.recent()
    assert (newest.key, newest.exercises_done) == ("k2", ())
    assert newest.exercise_stopped is None
    # A time written without an offset is read as UTC, the way every time is stored.
    assert older.at == T0 and older.at.tzinfo is not None
    assert (older.due_at, older.started_at, older.snooze_min) == (None, None, None)
    assert (older.exercises_done, older.exercise_stopped) == ((), None)
    assert history.summary_since(T0 - timedelta(minutes=1)).skipped == 1
    history.close()


def test_a_database_error_while_reading_reads_as_empty(tmp_path: Path) -> None:
    history = History(tmp_path / "history.sqlite3")
    history.record(GOOD)
    db = sqlite3.connect(tmp_path / "history.sqlite3")
    db.execute("ALTER TABLE sessions RENAME COLUMN outcome TO result")  # under its feet
    db.commit()
    db.close()
    assert history.recent() == []
    assert history.summary_since(T0).completed == 0
    assert history.last_activity() == T0  # 'at' is still there
    history.close()


def test_the_uid_upgrade_keeps_every_version_1_row(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version=1")
    db.executemany(
        "INSERT INTO sessions (key, routine_id, outcome, at, exercises_done)"
        " VALUES (?, 'r', ?, ?, ?)",
        [
            (f"k{n}", "completed", (T0 + timedelta(minutes=n)).isoformat(), '["e"]')
            for n in range(5)
        ],
    )
    db.close()
    history, notice = History.open(path, ManualClock(T0, BERLIN))
    assert notice is None
    assert [r.key for r in history.recent()] == ["k4", "k3", "k2", "k1", "k0"]
    assert history.recent()[0].exercises_done == ("e",)
    history.record(GOOD, uid="same")
    history.record(GOOD, uid="same")  # stored once
    assert len(history.recent()) == 6
    history.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    assert db.execute("SELECT count(*) FROM sessions WHERE uid IS NULL").fetchone()[0] == 5
    db.close()


def test_the_coach_upgrade_keeps_every_version_2_row(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS[0](db)
    MIGRATIONS[1](db)
    db.execute("PRAGMA user_version=2")
    db.executemany(
        "INSERT INTO sessions (key, routine_id, outcome, at, exercises_done, exercise_stopped,"
        " uid) VALUES (?, 'r', ?, ?, '[\"a\", \"b\"]', ?, ?)",
        [
            (f"k{n}", outcome, (T0 + timedelta(minutes=n)).isoformat(), stopped, f"u{n}")
            for n, (outcome, stopped) in enumerate(
                [("completed", None), ("stopped-pain", "b"), ("skipped", None)]
            )
        ],
    )
    before = db.execute("SELECT * FROM sessions ORDER BY id").fetchall()
    db.close()
    history, notice = History.open(path, ManualClock(T0, BERLIN))
    assert notice is None
    assert [r.key for r in history.recent()] == ["k2", "k1", "k0"]
    assert history.recent()[1].exercise_stopped == "b"
    history.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 4
    after = db.execute("SELECT * FROM sessions ORDER BY id").fetchall()
    assert [row[:-1] for row in after] == before  # every old value kept ...
    assert {row[-1] for row in after} == {"[]"}  # ... and nothing eased in the old rows
    for table in ("ratings", "journal", "coach_events"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    db.close()
