"""Whatever is found at the history's path, History.open gives a usable history and one notice.

The cases are data: each builds what a user could have on disk, and the test checks the
state, the notice (it names the file and says what was done) and that the user's file is
exactly as it was, moved aside or left in place. We run as root, so a read-only file is
simulated by opening it the way SQLite opens a file it may not write (``mode=ro``).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from desk_breaks.core.clock import ManualClock
from desk_breaks.core.engine import Outcome, Record
from desk_breaks.core.history import History, HistoryError, HistoryState, pending_file
from desk_breaks.core.history_file import SCHEMA_VERSION

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 23, 12, 30, tzinfo=BERLIN)
STAMP = "2026-03-23-123000"
RECORD = Record("lunch", "lunch-reset", Outcome.COMPLETED, NOW)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A data folder of its own (tmp_path also holds the test's XDG folders)."""
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


def clock() -> ManualClock:
    return ManualClock(NOW, BERLIN)


def good_history(path: Path, rows: int = 3) -> None:
    """A real history with ``rows`` records, closed (no -wal left)."""
    history = History(path)
    history.close()
    db = sqlite3.connect(path)
    db.executemany(
        "INSERT INTO sessions (key, routine_id, outcome, at) VALUES (?, 'r', 'completed', ?)",
        [(f"k{number}", NOW.isoformat()) for number in range(rows)],
    )
    db.commit()
    db.close()


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry of ``folder``: file bytes, or what a link points to, or 'dir'/'fifo'."""
    found: dict[str, bytes | str] = {}
    for entry in sorted(folder.iterdir()):
        mode = os.lstat(entry).st_mode
        if stat.S_ISLNK(mode):
            found[entry.name] = f"-> {os.readlink(entry)}"
        elif stat.S_ISDIR(mode):
            found[entry.name] = "dir"
        elif stat.S_ISFIFO(mode):
            found[entry.name] = "fifo"
        else:
            found[entry.name] = entry.read_bytes()
    return found


# -- damaged files: set aside untouched, a fresh history started -------------------------------


def not_sqlite(path: Path) -> None:
    path.write_bytes(b"these are my notes, not a database\n" * 50)


def truncated(path: Path) -> None:
    good_history(path, rows=400)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def header_only(path: Path) -> None:
    good_history(path, rows=400)
    path.write_bytes(path.read_bytes()[:60])


def someone_elses_database(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.commit()
    db.close()


def wrong_columns(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE sessions (id INTEGER PRIMARY KEY, key TEXT)")
    db.execute("INSERT INTO sessions (key) VALUES ('lunch')")
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()


def clashing_table(path: Path) -> None:
    """Version 0 (as if never migrated) but a sessions table already there."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE sessions (x)")
    db.commit()
    db.close()


def damaged_with_wal(path: Path) -> None:
    """A WAL database whose main file is garbage but whose -wal and -shm are there."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE t (x)")
    keep_open = sqlite3.connect(path, isolation_level=None)
    keep_open.execute("SELECT * FROM t").fetchall()  # keeps -wal and -shm after close
    db.execute("INSERT INTO t VALUES (1)")
    db.close()
    keep_open.close()
    path.write_bytes(b"\x00garbage" * 100)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if not side.exists():
            side.write_bytes(b"side " + suffix.encode())


DAMAGED: dict[str, Callable[[Path], None]] = {
    "not SQLite": not_sqlite,
    "truncated in the middle": truncated,
    "truncated inside the header": header_only,
    "another program's database": someone_elses_database,
    "wrong columns": wrong_columns,
    "our table name, not our table": clashing_table,
    "damaged, with its -wal and -shm": damaged_with_wal,
}


@pytest.mark.parametrize("make", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_history_is_set_aside_untouched_and_a_fresh_one_started(
    home: Path, make: Callable[[Path], None]
) -> None:
    path = home / "history.sqlite3"
    make(path)
    before = snapshot(home)
    history, notice = History.open(path, clock())
    try:
        assert history.state is HistoryState.FRESH_AFTER_DAMAGE
        assert history.recent() == []
        history.record(RECORD)
        assert history.recent() == [RECORD]
    finally:
        history.close()
    aside = f"history.sqlite3.broken-{STAMP}"
    assert notice is not None
    assert str(path) in notice and aside in notice and "new, empty history" in notice
    after = snapshot(home)
    # Every file that was there is there under the dated name, byte for byte.
    for name, content in before.items():
        assert after[name.replace("history.sqlite3", aside)] == content


def test_a_damaged_history_is_set_aside_once_not_at_every_start(home: Path) -> None:
    path = home / "history.sqlite3"
    not_sqlite(path)
    first, notice = History.open(path, clock())
    first.close()
    assert notice is not None
    second, notice = History.open(path, clock())
    second.close()
    assert notice is None
    assert len(list(home.glob("*.broken-*"))) == 1


def test_a_second_damaged_file_in_the_same_second_gets_its_own_name(home: Path) -> None:
    path = home / "history.sqlite3"
    not_sqlite(path)
    History.open(path, clock()).history.close()
    path.write_bytes(b"different garbage" * 20)
    history, notice = History.open(path, clock())
    history.close()
    assert notice is not None and f"broken-{STAMP}-2" in notice
    assert (home / f"history.sqlite3.broken-{STAMP}-2").read_bytes() == b"different garbage" * 20
    assert (home / f"history.sqlite3.broken-{STAMP}").read_bytes().startswith(b"these")


def test_a_damaged_file_that_cannot_be_moved_is_left_and_reported(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = home / "history.sqlite3"
    not_sqlite(path)
    before = snapshot(home)

    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "rename", refuse)
    history, notice = History.open(path, clock())
    assert history.state is HistoryState.UNAVAILABLE
    assert notice is not None and "could not be moved aside (permission denied)" in notice
    assert pending_file(path).name in notice
    with pytest.raises(HistoryError):
        history.record(RECORD)
    assert history.recent() == [] and history.last_activity() is None
    history.close()
    assert snapshot(home) == before


# -- a newer version's file: read, never written ---------------------------------------------


def newer(path: Path, *, wal: bool) -> None:
    good_history(path, rows=2)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.execute("ALTER TABLE sessions ADD COLUMN mood TEXT")
    if not wal:
        db.execute("PRAGMA journal_mode=DELETE")
    db.close()


@pytest.mark.parametrize("wal", [True, False], ids=["wal", "rollback journal"])
def test_a_newer_history_is_read_and_never_written(home: Path, wal: bool) -> None:
    path = home / "history.sqlite3"
    newer(path, wal=wal)
    before = snapshot(home)
    history, notice = History.open(path, clock())
    assert history.state is HistoryState.READ_ONLY_NEWER
    assert notice is not None
    assert "newer Desk Breaks" in notice and "left unchanged" in notice
    assert pending_file(path).name in notice
    assert [r.key for r in history.recent()] == ["k1", "k0"]
    assert history.last_activity() == NOW
    assert history.summary_since(NOW).completed == 2
    with pytest.raises(HistoryError, match="not being written"):
        history.record(RECORD)
    history.close()
    assert snapshot(home) == before  # not a byte changed, no -wal or -shm made


def test_a_newer_history_left_with_a_wal_by_a_crash_is_read_with_it(home: Path) -> None:
    source = home / "source"
    source.mkdir()
    newer(source / "history.sqlite3", wal=True)
    writer = sqlite3.connect(source / "history.sqlite3", isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute(
        "INSERT INTO sessions (key, routine_id, outcome, at) VALUES ('in-wal', 'r', 'skipped', ?)",
        (NOW.isoformat(),),
    )
    # A copy taken while the writer is open is what a crash leaves: the row is in the -wal.
    path = home / "history.sqlite3"
    for suffix in ("", "-wal"):
        path.with_name(path.name + suffix).write_bytes(
            (source / f"history.sqlite3{suffix}").read_bytes()
        )
    writer.close()
    before = {p.name: p.read_bytes() for p in home.glob("history.sqlite3*")}
    history, notice = History.open(path, clock())
    assert history.state is HistoryState.READ_ONLY_NEWER and notice is not None
    assert history.recent(1)[0].key == "in-wal"
    history.close()
    # SQLite may add its -shm index to read the -wal; the file and the -wal stay as found.
    assert {name: path.with_name(name).read_bytes() for name in before} == before


# -- not a regular file: left where it is, nothing followed --------------------------------------


def a_folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("mine")


def link_to_another_file(path: Path) -> None:
    (path.parent / "notes.txt").write_text("my notes")
    path.symlink_to(path.parent / "notes.txt")


def link_to_a_real_history(path: Path) -> None:
    good_history(path.parent / "elsewhere.sqlite3")
    path.symlink_to(path.parent / "elsewhere.sqlite3")


def dangling_link(path: Path) -> None:
    path.symlink_to(path.parent / "gone" / "history.sqlite3")


def a_fifo(path: Path) -> None:
    os.mkfifo(path)


NOT_A_FILE: dict[str, tuple[Callable[[Path], None], str]] = {
    "a folder": (a_folder, "is a folder"),
    "a link to another file": (link_to_another_file, "is a symbolic link (to "),
    "a link to a history": (link_to_a_real_history, "is a symbolic link (to "),
    "a dangling link": (dangling_link, "is a symbolic link (to "),
    "a FIFO": (a_fifo, "is a special file"),
}


@pytest.mark.parametrize(("make", "words"), NOT_A_FILE.values(), ids=NOT_A_FILE.keys())
def test_something_other_than_a_file_at_the_path_is_left_alone(
    home: Path, make: Callable[[Path], None], words: str
) -> None:
    path = home / "history.sqlite3"
    make(path)
    before = snapshot(home)
    history, notice = History.open(path, clock())
    assert history.state is HistoryState.UNAVAILABLE
    assert notice is not None and str(path) in notice and words in notice
    assert "not being saved" in notice and pending_file(path).name in notice
    assert history.recent() == [] and history.last_activity() is None
    with pytest.raises(HistoryError):
        history.record(RECORD)
    history.close()
    assert snapshot(home) == before


def test_a_data_folder_that_is_a_file(home: Path) -> None:
    data = home / "data"
    data.write_text("not a folder")
    history, notice = History.open(data / "history.sqlite3", clock())
    assert history.state is HistoryState.UNAVAILABLE
    assert notice is not None
    assert str(data) in notice and "a file is in the way" in notice
    assert "only until Desk Breaks quits" in notice
    assert history.recent() == []
    history.close()
    assert data.read_text() == "not a folder"


# -- refused by the system: locked, read-only ----------------------------------------------------


@pytest.fixture
def locked(home: Path) -> Iterator[Path]:
    """A history another program holds an exclusive lock on."""
    path = home / "history.sqlite3"
    good_history(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("DELETE FROM sessions WHERE key = 'nothing'")
    yield path
    holder.execute("ROLLBACK")
    holder.close()


def test_a_locked_history_leaves_the_app_running_without_it(locked: Path) -> None:
    before = locked.read_bytes()
    history, notice = History.open(locked, clock(), busy_timeout_ms=20)
    assert history.state is HistoryState.UNAVAILABLE
    assert notice is not None and "locked by another program" in notice
    assert str(locked) in notice and pending_file(locked).name in notice
    assert history.recent() == []
    with pytest.raises(HistoryError):
        history.record(RECORD)
    history.close()
    assert locked.read_bytes() == before
    assert not list(locked.parent.glob("*.broken-*"))


def open_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every writable open behave as SQLite does for a file it may not write."""
    real: Callable[..., sqlite3.Connection] = sqlite3.connect

    def connect(target: Any, **kwargs: Any) -> sqlite3.Connection:
        if isinstance(target, Path):
            return real(f"file:{target}?mode=ro", uri=True, **kwargs)
        return real(target, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)


@pytest.mark.parametrize("wal", [True, False], ids=["wal", "rollback journal"])
def test_a_read_only_history_is_shown_and_not_written(
    home: Path, monkeypatch: pytest.MonkeyPatch, wal: bool
) -> None:
    path = home / "history.sqlite3"
    good_history(path, rows=2)
    if not wal:
        db = sqlite3.connect(path)
        db.execute("PRAGMA journal_mode=DELETE")
        db.close()
    before = path.read_bytes()
    open_read_only(monkeypatch)
    history, notice = History.open(path, clock())
    assert history.state is HistoryState.READ_ONLY
    assert notice is not None and "readonly" in notice
    assert "Past sessions are shown" in notice and "not being saved" in notice
    assert [r.key for r in history.recent()] == ["k1", "k0"]
    with pytest.raises(HistoryError):
        history.record(RECORD)
    history.close()
    assert path.read_bytes() == before


def test_a_read_only_empty_folder_is_reported(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    history, notice = History.open(home / "history.sqlite3", clock())
    assert history.state is HistoryState.UNAVAILABLE
    assert notice is not None and "cannot be created: permission denied" in notice
    history.close()
    assert list(home.iterdir()) == []


# -- private to the user -------------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_history_and_its_wal_are_private(home: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        history = History(home / "data" / "history.sqlite3")
        history.record(RECORD)
        sides = [home / "data" / f"history.sqlite3{s}" for s in ("", "-wal", "-shm")]
        assert [mode(p) for p in sides] == [0o600, 0o600, 0o600]
        assert mode(home / "data") == 0o700
        history.close()
    finally:
        os.umask(old_umask)


def test_an_existing_readable_history_is_made_private(home: Path) -> None:
    path = home / "history.sqlite3"
    good_history(path)
    path.chmod(0o644)
    History(path).close()
    assert mode(path) == 0o600
