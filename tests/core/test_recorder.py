"""SafeRecorder: a refusing disk never stops the app, every outage is told once, and records
kept aside survive quitting and a crash, then reach the history exactly once.

Most failures are simulated (we run as root, so permissions cannot refuse us): a history
whose writes fail with the errors SQLite gives. The last tests use a real full disk, a
small tmpfs in a private mount namespace, where the machine allows one.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desk_breaks.core.clock import ManualClock
from desk_breaks.core.engine import Outcome, Record
from desk_breaks.core.history import History, HistoryError, HistoryState, pending_file
from desk_breaks.core.recorder import Journal, Pending, SafeRecorder

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 3, 23, 9, 0, tzinfo=BERLIN)
ROOT = Path(__file__).resolve().parents[2]


def record(number: int, outcome: Outcome = Outcome.COMPLETED) -> Record:
    at = T0 + timedelta(minutes=number)
    return Record(f"k{number}", "r", outcome, at, due_at=at, exercises_done=(f"e{number}",))


class FlakyHistory(History):
    """A real history whose writes fail while ``full`` is set, as SQLite fails on a full disk."""

    full = False
    calls = 0

    def record(self, record: Record, uid: str | None = None) -> None:
        self.calls += 1
        if self.full:
            raise HistoryError(
                f"Could not write to the history at {self.path}: database or disk is full"
            )
        super().record(record, uid)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder / "history.sqlite3"


def keys(history: History) -> list[str]:
    return [r.key for r in reversed(history.recent(1000))]


def test_each_new_outage_is_told_once_and_the_records_wait_in_order(path: Path) -> None:
    history = FlakyHistory(path)
    told: list[str] = []
    recorder = SafeRecorder(history, told.append)
    recorder.record(record(1))
    history.full = True
    recorder.record(record(2))
    recorder.record(record(3))
    assert len(told) == 1
    assert "disk is full" in told[0] and str(pending_file(path)) in told[0]
    assert recorder.unsaved == 2
    history.full = False
    recorder.record(record(4))  # the retry comes with the next record
    assert keys(history) == ["k1", "k2", "k3", "k4"] and recorder.unsaved == 0
    history.full = True
    recorder.record(record(5))
    assert len(told) == 2, "a second outage after a success is told again"
    history.full = False
    recorder.close()
    assert keys(History(path)) == ["k1", "k2", "k3", "k4", "k5"], "the retry at quit"


def test_reads_include_what_is_waiting(path: Path) -> None:
    history = FlakyHistory(path)
    recorder = SafeRecorder(history, lambda _: None)
    recorder.record(record(1, Outcome.SKIPPED))
    history.full = True
    recorder.record(record(2, Outcome.COMPLETED))
    assert [r.key for r in recorder.recent(5)] == ["k2", "k1"]
    assert recorder.recent(1)[0].key == "k2"
    assert recorder.last_activity() == record(2).at
    summary = recorder.summary_since(T0)
    assert (summary.completed, summary.skipped) == (1, 1)
    recorder.close()


def test_records_pending_at_quit_survive_in_the_journal_and_are_added_once(path: Path) -> None:
    history = FlakyHistory(path)
    recorder = SafeRecorder(history, lambda _: None)
    recorder.record(record(1))
    history.full = True
    recorder.record(record(2))
    recorder.record(record(3))
    recorder.close()  # quits while the disk is still full
    journal = pending_file(path)
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    assert [e.record for e in Journal(journal).read()] == [record(2), record(3)]

    told: list[str] = []
    again = SafeRecorder(History(path), told.append)  # the next start, disk fine again
    assert told == [] and again.unsaved == 0
    assert keys(History(path)) == ["k1", "k2", "k3"]
    assert Journal(journal).read() == []
    again.close()
    third = SafeRecorder(History(path), told.append)  # nothing is added twice
    third.close()
    assert keys(History(path)) == ["k1", "k2", "k3"]


def test_a_crash_between_storing_and_emptying_the_journal_stores_nothing_twice(
    path: Path,
) -> None:
    entries = [Pending(f"uid-{n}", record(n)) for n in (1, 2)]
    history = History(path)
    history.record(entries[0].record, uid=entries[0].uid)  # stored, then the crash
    history.close()
    Journal(pending_file(path)).append(entries)
    SafeRecorder(History(path), lambda _: None).close()
    assert keys(History(path)) == ["k1", "k2"]


def test_when_the_journal_fails_too_the_user_is_told_what_is_at_risk(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = FlakyHistory(path)
    told: list[str] = []
    recorder = SafeRecorder(history, told.append)
    history.full = True

    def no_room(self: Journal, entries: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Journal, "append", no_room)
    recorder.record(record(1))
    recorder.record(record(2))
    assert len(told) == 1
    assert "no space left on device" in told[0] and "2 sessions" not in told[0]
    assert "will be lost if Desk Breaks quits" in told[0]
    monkeypatch.undo()
    recorder.record(record(3))  # the journal takes all three now; no new outage to tell
    assert len(told) == 1
    assert [e.record.key for e in Journal(pending_file(path)).read()] == ["k1", "k2", "k3"]
    recorder.close()


def test_a_history_not_written_from_the_start_is_not_told_twice(path: Path) -> None:
    History(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version=99")  # a newer version's history
    db.close()
    opened, notice = History.open(path, ManualClock(T0, BERLIN))
    assert opened.state is HistoryState.READ_ONLY_NEWER and notice is not None
    told: list[str] = []
    recorder = SafeRecorder(opened, told.append)
    recorder.record(record(1))
    assert told == []  # the start-up notice said so already
    recorder.close()
    assert [e.record.key for e in Journal(pending_file(path)).read()] == ["k1"]


def test_the_journal_skips_a_line_cut_short_and_starts_the_next_on_its_own_line(
    path: Path,
) -> None:
    journal = Journal(pending_file(path))
    journal.append([Pending("a", record(1))])
    with journal.path.open("ab") as file:
        file.write(b'{"uid": "b", "key": "k2", "rout')  # a crash in the middle of a line
    journal.append([Pending("c", record(3))])
    with journal.path.open("ab") as file:
        file.write(b'{"uid":"d","key":"k","routine_id":"r","outcome":"later","at":"x"}\n')
    assert [e.uid for e in journal.read()] == ["a", "c"]


def test_the_journal_reserves_room_and_empties_without_needing_more(path: Path) -> None:
    journal = Journal(pending_file(path))
    journal.reserve()
    assert journal.path.stat().st_size == Journal.RESERVE_BYTES
    journal.append([Pending("a", record(1))])
    assert journal.path.stat().st_size == Journal.RESERVE_BYTES  # written into the room
    assert [e.uid for e in journal.read()] == ["a"]
    journal.clear()
    assert journal.read() == []
    assert journal.path.read_bytes() == b"\0" * Journal.RESERVE_BYTES


@pytest.mark.parametrize("kind", ["symlink", "folder"])
def test_the_journal_never_follows_a_link_or_writes_into_a_folder(path: Path, kind: str) -> None:
    target = path.parent / "precious.txt"
    target.write_text("mine")
    journal_path = pending_file(path)
    if kind == "symlink":
        journal_path.symlink_to(target)
    else:
        journal_path.mkdir()
    journal = Journal(journal_path)
    with pytest.raises(OSError):
        journal.append([Pending("a", record(1))])
    journal.reserve()  # best effort: no error, and nothing written
    assert journal.read() == []
    assert target.read_text() == "mine"


# -- a crash, and a real full disk ------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import UTC, datetime, timedelta
    from pathlib import Path

    from desk_breaks.core.engine import Outcome, Record
    from desk_breaks.core.history import History, HistoryError
    from desk_breaks.core.recorder import SafeRecorder

    path, mode, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])

    class Refusing(History):
        def record(self, record, uid=None):
            raise HistoryError("database or disk is full")

    history = (Refusing if mode == "refusing" else History)(path)
    recorder = SafeRecorder(history, lambda message: print("told", flush=True))
    if mode == "full-disk":
        with open(path.parent / "filler", "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"x" * 4096)
            except OSError:
                pass
    t0 = datetime(2026, 3, 23, 8, 0, tzinfo=UTC)
    for number in range(1, count + 1):
        at = t0 + timedelta(minutes=number)
        recorder.record(Record(f"k{number}", "r", Outcome.COMPLETED, at))
        print(f"ack {number} unsaved={recorder.unsaved}", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)

CHECK = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from desk_breaks.core.history import History
    from desk_breaks.core.recorder import SafeRecorder

    path = Path(sys.argv[1])
    (path.parent / "filler").unlink(missing_ok=True)
    history = History(path)
    SafeRecorder(history, print).close()
    history = History(path)
    print(",".join(r.key for r in reversed(history.recent(1000))))
    """
)


def test_records_kept_aside_survive_a_sigkill(path: Path) -> None:
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), "refusing", "5"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert child.stdout.splitlines()[0] == "told"
    assert "ack 5 unsaved=5" in child.stdout
    check = subprocess.run(
        [sys.executable, "-c", CHECK, str(path)], capture_output=True, text=True, cwd=ROOT
    )
    assert check.stdout.splitlines() == ["k1,k2,k3,k4,k5"], check.stderr


def _private_tmpfs_works() -> bool:
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _private_tmpfs_works(), reason="needs a private mount namespace")
def test_on_a_really_full_disk_records_go_to_the_reserved_journal_and_survive_a_kill(
    tmp_path: Path,
) -> None:
    mount = tmp_path / "small-disk"
    mount.mkdir()
    path = mount / "history.sqlite3"
    script = (
        f"mount -t tmpfs -o size=2m tmpfs {mount} && "
        f'"$0" -c "$1" {path} full-disk 20; '
        f'echo "killed $?"; "$0" -c "$2" {path}'
    )
    run = subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, sys.executable, CHILD, CHECK],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    lines = run.stdout.splitlines()
    assert lines[0] == "told", run.stderr  # the disk filled up: told once
    assert "ack 20 unsaved=20" in lines, run.stdout + run.stderr
    assert f"killed {128 + signal.SIGKILL}" in lines
    assert lines[-1] == ",".join(f"k{n}" for n in range(1, 21)), run.stdout + run.stderr
