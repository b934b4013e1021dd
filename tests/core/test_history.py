"""The SQLite history: round trips, WAL, schema versions."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desk_breaks.core.engine import Outcome, Record
from desk_breaks.core.history import History, HistoryError
from desk_breaks.core.history_file import MIGRATIONS, SCHEMA_VERSION

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 3, 23, 12, 30, tzinfo=BERLIN)


def test_records_round_trip_newest_first(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    history.record(Record("lunch", "lunch-reset", Outcome.SNOOZED, T0, due_at=T0, snooze_min=10))
    done = Record(
        "lunch",
        "lunch-reset",
        Outcome.STOPPED_PAIN,
        T0 + timedelta(minutes=13),
        due_at=T0,
        started_at=T0 + timedelta(minutes=10),
        exercises_done=("chin-tuck-seated",),
        exercise_stopped="neck-extension-backward",
    )
    history.record(done)
    got = history.recent()
    assert got[0] == done  # aware datetimes compare by instant
    assert got[1].snooze_min == 10
    assert history.last_activity() == done.at
    history.close()


def test_wal_mode_and_schema_version(tmp_path: Path) -> None:
    History(tmp_path / "h.sqlite3").close()
    db = sqlite3.connect(tmp_path / "h.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_newer_history_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(HistoryError, match="newer Desk Breaks"):
        History(path)


def test_summary_counts_across_a_dst_offset_change(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    before_dst = datetime(2026, 3, 28, 23, 30, tzinfo=BERLIN)  # +01:00
    after_dst = datetime(2026, 3, 29, 9, 0, tzinfo=BERLIN)  # +02:00
    history.record(Record("a", "r", Outcome.COMPLETED, before_dst))
    history.record(Record("b", "r", Outcome.SKIPPED, after_dst))
    history.record(Record("c", "r", Outcome.STOPPED_PAIN, after_dst))
    since = datetime(2026, 3, 29, 0, 0, tzinfo=BERLIN)
    summary = history.summary_since(since)
    assert (summary.completed, summary.skipped, summary.stopped) == (0, 1, 1)


def _add_mood(db: sqlite3.Connection) -> None:
    """A test-only step 2: a new column with a default."""
    db.execute("ALTER TABLE sessions ADD COLUMN mood TEXT NOT NULL DEFAULT ''")


def _broken_step(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE sessions ADD COLUMN half TEXT")
    raise sqlite3.OperationalError("disk I/O error")


def test_an_upgrade_keeps_every_record_and_bumps_the_version(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    history = History(path)
    history.record(Record("lunch", "lunch-reset", Outcome.COMPLETED, T0))
    history.close()
    upgraded = History(path, migrations=(*MIGRATIONS, _add_mood))
    assert upgraded.recent()[0].key == "lunch"
    upgraded.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert db.execute("SELECT mood FROM sessions").fetchall() == [("",)]
    db.close()
    # The older version now refuses it instead of writing into a schema it does not know.
    with pytest.raises(HistoryError, match="newer Desk Breaks"):
        History(path)


def test_a_failing_upgrade_leaves_the_old_schema_whole(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    history = History(path)
    history.record(Record("lunch", "lunch-reset", Outcome.COMPLETED, T0))
    history.close()
    with pytest.raises(HistoryError, match="disk I/O error"):
        History(path, migrations=(*MIGRATIONS, _broken_step))
    db = sqlite3.connect(path)
    columns = [row[1] for row in db.execute("PRAGMA table_info(sessions)")]
    assert "half" not in columns
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()
    reopened = History(path)
    assert reopened.recent()[0].key == "lunch"
    reopened.close()
