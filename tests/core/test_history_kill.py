"""A process SIGKILLed in a burst of history writes never leaves a broken database.

A child process writes records as fast as it can and prints each number once it is
committed; the test reads a random number of those lines, so the kill lands at a random
point of the child's next write, then checks the database the way the app would find it.
Repeated many times over the same file, with the next child continuing the numbering.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desk_breaks.core.engine import Outcome
from desk_breaks.core.history import History

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

ROUNDS = 20

WRITER = """
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desk_breaks.core.engine import Outcome, Record
from desk_breaks.core.history import History

history = History(Path(sys.argv[1]))
number = int(sys.argv[2])
outcomes = list(Outcome)
t0 = datetime(2026, 1, 1, tzinfo=UTC)
while True:
    history.record(
        Record(
            key=f"k{number}",
            routine_id=f"r{number}",
            outcome=outcomes[number % len(outcomes)],
            at=t0 + timedelta(seconds=number),
            due_at=t0 + timedelta(seconds=number - 1),
            started_at=t0,
            snooze_min=number % 60,
            exercises_done=tuple(f"e{number}-{j}" for j in range(number % 4)),
            exercise_stopped=f"s{number}",
        )
    )
    sys.stdout.write(f"{number}\\n")
    sys.stdout.flush()
    number += 1
"""


def check_whole(path: Path) -> int:
    """Check the database as the app would open it; return how many records it holds."""
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        raw.close()
    history = History(path)
    try:
        records = list(reversed(history.recent(10**6)))
        assert history._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        history.close()
    outcomes = list(Outcome)
    for expected, record in enumerate(records, start=1):
        number = int(record.key[1:])
        assert number == expected, f"record {expected} is missing or out of order"
        assert record.routine_id == f"r{number}"
        assert record.outcome is outcomes[number % len(outcomes)]
        assert record.snooze_min == number % 60
        assert record.exercises_done == tuple(f"e{number}-{j}" for j in range(number % 4))
        assert record.exercise_stopped == f"s{number}"
        assert record.due_at is not None and record.started_at is not None
        assert (record.at - record.due_at).total_seconds() == 1
    return len(records)


def test_sigkill_during_a_burst_of_writes_never_breaks_the_history(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    count = 0
    killed_mid_burst = 0
    for round_number in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(count + 1)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None and child.stderr is not None
        # Round 0 also covers a kill while the database is being created.
        wanted = 0 if round_number == 0 else rng.randint(1, 25)
        acknowledged = count
        for _ in range(wanted):
            line = child.stdout.readline()
            if not line:
                child.wait()
                pytest.fail(f"writer died by itself (seed {seed}): {child.stderr.read()}")
            acknowledged = int(line)
        still_writing = child.poll() is None
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        child.stderr.close()
        killed_mid_burst += still_writing and wanted > 0
        assert child.returncode == -signal.SIGKILL, f"seed {seed}"
        count = check_whole(path)
        # Everything the writer reported as committed survived the kill.
        assert count >= acknowledged, f"seed {seed}: lost committed records"
    assert killed_mid_burst >= ROUNDS - 1, f"seed {seed}"
    assert count > ROUNDS, f"seed {seed}: too few writes to mean anything"
