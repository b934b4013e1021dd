#!/usr/bin/env python3
"""Time the progress view's questions and the export on five years of a heavy user.

    .venv/bin/python bench/progress_history.py [--years 5] [--repeat 5] [--keep DIR]

Builds, in a temporary folder, a history like a heavy user's after ``--years`` years in
Europe/Berlin (DST changes included): every working day 3 full sessions and about 18
check-ins offered, most done, some skipped, snoozed or missed, some partly done, a pain
stop now and then, a feeling after some sessions (about 40,000 sessions and 1,800 journal
entries over five years), with the coach's choices. Then prints, as the best of
``--repeat`` runs:

- ``ProgressBook.progress()`` (with the coach's state of every exercise) and the first
  page (500 rows) of ``sessions()`` -- target: under 300 ms together (issue 14);
- ``desk-breaks export --format csv`` and ``--format json`` run as the command itself, in
  a fresh process, writing to a file -- target: under 2 s each.

A measurement, never a test assertion.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import desk_breaks  # noqa: E402
from desk_breaks.core.clock import ManualClock  # noqa: E402
from desk_breaks.core.coach import Coach  # noqa: E402
from desk_breaks.core.coach_store import CoachStore  # noqa: E402
from desk_breaks.core.content_files import load_library, load_safety  # noqa: E402
from desk_breaks.core.history import History  # noqa: E402
from desk_breaks.core.progress import ProgressBook  # noqa: E402
from desk_breaks.core.progress_types import Period, SessionFilter  # noqa: E402

BERLIN = ZoneInfo("Europe/Berlin")
FULL = (
    ("morning", "morning-mobility", 9),
    ("lunch", "lunch-reset", 13),
    ("evening", "end-of-day", 17),
)


def build(path: Path, years: int, end: date) -> tuple[int, int]:
    """Write the history; return (sessions, journal entries)."""
    assets = desk_breaks.assets_dir()
    library = load_library([assets])
    History(path).close()  # the schema, made by the app's own code
    rng = random.Random(14)
    sessions: list[tuple[object, ...]] = []
    journal: list[tuple[object, ...]] = []
    ratings: list[tuple[object, ...]] = []
    day = end - timedelta(days=365 * years)
    uid = 0

    def add(
        key: str, routine: str, outcome: str, at: datetime, done: list[str], stop: str | None
    ) -> None:
        nonlocal uid
        uid += 1
        sessions.append(
            (
                key,
                routine,
                outcome,
                at.astimezone(UTC).isoformat(),
                json.dumps(done),
                stop,
                f"u{uid}",
            )
        )

    while day < end:
        if day.weekday() < 5 and rng.random() > 0.06:  # working days, some days off
            for key, routine_id, hour in FULL:
                at = datetime(
                    day.year, day.month, day.day, hour, rng.randrange(0, 20), tzinfo=BERLIN
                )
                exercises = [e.id for e in library.routines[routine_id].exercises]
                roll = rng.random()
                if roll < 0.15:
                    add(key, routine_id, "snoozed", at, [], None)
                    at += timedelta(minutes=10)
                roll = rng.random()
                if roll < 0.70:
                    add(key, routine_id, "completed", at, exercises, None)
                elif roll < 0.80:
                    add(
                        key,
                        routine_id,
                        "partial",
                        at,
                        exercises[: rng.randrange(1, len(exercises))],
                        None,
                    )
                elif roll < 0.83:
                    cut = rng.randrange(1, len(exercises))
                    add(key, routine_id, "stopped-pain", at, exercises[:cut], exercises[cut])
                elif roll < 0.93:
                    add(key, routine_id, "skipped", at, [], None)
                else:
                    add(key, routine_id, "missed", at, [], None)
                if roll < 0.8 and rng.random() < 0.3:
                    ratings.append(
                        (
                            len(sessions),
                            at.astimezone(UTC).isoformat(),
                            rng.choice(["better", "same", "worse"]),
                        )
                    )
            for slot in range(27):  # check-ins every 20 minutes from 8:00 to 17:00
                at = datetime(
                    day.year, day.month, day.day, 8 + slot // 3, 20 * (slot % 3) + 5, tzinfo=BERLIN
                )
                outcome = rng.choice(["completed"] * 6 + ["skipped", "missed", "snoozed"])
                add(
                    "check-in",
                    "check-in",
                    outcome,
                    at,
                    ["chin-tuck-seated"] if outcome == "completed" else [],
                    None,
                )
        if rng.random() < 0.985:  # the daily comfort rating, weekends too
            at = datetime(day.year, day.month, day.day, 18, 5, tzinfo=BERLIN)
            journal.append(
                (
                    at.astimezone(UTC).isoformat(),
                    rng.randrange(3, 10),
                    rng.choice(["", "stiff after a long call", "fine"]),
                )
            )
        day += timedelta(days=1)
    db = sqlite3.connect(path)
    db.executemany(
        "INSERT INTO sessions (key, routine_id, outcome, at, exercises_done, exercise_stopped, uid)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        sessions,
    )
    db.executemany("INSERT INTO journal (at, score, note) VALUES (?, ?, ?)", journal)
    db.executemany("INSERT INTO ratings (session_id, at, feeling) VALUES (?, ?, ?)", ratings)
    db.commit()
    db.close()
    return len(sessions), len(journal)


def best(repeat: int, work: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def rss_kib() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def open_window(book: ProgressBook, library: object, repeat: int) -> tuple[float, int]:
    """Time the progress window from nothing to painted, and what it adds to RSS while open."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([])
    # What the app has loaded before the window opens (Qt's widgets, one shown and painted),
    # so the figure is what the window itself adds.
    warm = QLabel("warm-up")
    warm.show()
    warm.grab()
    app.processEvents()
    before = rss_kib()
    from desk_breaks.ui.progress.window import ProgressWindow

    routines = {rid: r.name for rid, r in library.routines.items()}  # type: ignore[attr-defined]
    times = []
    grown = 0
    for _ in range(max(1, min(repeat, 3))):
        begin = time.perf_counter()
        window = ProgressWindow(book, routines)
        window.show()
        window.grab()  # every chart painted once
        app.processEvents()
        times.append(time.perf_counter() - begin)
        grown = max(grown, rss_kib() - before)
        window.close()
        window.deleteLater()
        app.processEvents()
    return min(times), grown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the history in this folder and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="desk-breaks-bench-"))
    data = folder / "data" / "desk-breaks"
    data.mkdir(parents=True, exist_ok=True)
    path = data / "history.sqlite3"
    if path.exists():
        path.unlink()
    end = date(2026, 11, 20)
    start = time.perf_counter()
    count, entries = build(path, args.years, end)
    print(
        f"history: {count} sessions, {entries} journal entries, "
        f"{path.stat().st_size / 1e6:.1f} MB (built in {time.perf_counter() - start:.1f} s)"
    )

    assets = desk_breaks.assets_dir()
    safety = load_safety(assets / "safety.toml")
    library = load_library([assets], question_ids={q.id for q in safety.screening})
    clock = ManualClock(datetime(2026, 11, 20, 12, 0, tzinfo=BERLIN), BERLIN)
    history = History(path)
    coach = Coach(library, safety, CoachStore(history), clock)
    book = ProgressBook(history, library, clock, coach)
    plain = ProgressBook(history, library, clock)
    first_page = SessionFilter(period=Period.ALL)
    progress_s = best(args.repeat, book.progress)
    progress_plain_s = best(args.repeat, plain.progress)
    coach_s = best(args.repeat, coach.view)
    sessions_s = best(args.repeat, lambda: book.sessions(first_page))
    text_s = best(args.repeat, lambda: book.sessions(SessionFilter(period=Period.ALL, text="neck")))
    today_s = best(args.repeat, book.today_text)
    cold_book = ProgressBook(
        history, library, clock, Coach(library, safety, CoachStore(history), clock)
    )
    cold_window_s, _ = open_window(cold_book, library, 1)  # its coach has replayed nothing
    cold_coach = Coach(library, safety, CoachStore(history), clock)
    cold_progress_s = best(1, ProgressBook(history, library, clock, cold_coach).progress)
    window_s, window_kib = open_window(book, library, args.repeat)
    history.close()
    print(
        f"progress() with the coach:  {progress_s * 1000:7.1f} ms"
        f"  (of which coach.view(): {coach_s * 1000:.1f} ms; without the coach"
        f" {progress_plain_s * 1000:.1f} ms)"
    )
    print(
        f"sessions(), first 500 rows: {sessions_s * 1000:7.1f} ms"
        f"  (filtered by the word 'neck': {text_s * 1000:.1f} ms)"
    )
    total = progress_s + sessions_s
    print(f"view opens in:              {total * 1000:7.1f} ms  (target 300 ms)")
    print(
        f"  the first time, nothing replayed yet: progress() {cold_progress_s * 1000:.1f} ms,"
        f" the window made and painted {cold_window_s * 1000:.1f} ms"
    )
    print(f"today_text():               {today_s * 1000:7.1f} ms")
    print(
        f"the window, made and painted: {window_s * 1000:5.1f} ms (all its questions included;"
        f" offscreen), RSS +{window_kib / 1024:.1f} MiB while open"
    )

    env = {**os.environ, "XDG_DATA_HOME": str(folder / "data"), "HOME": str(folder)}
    for fmt in ("csv", "json"):
        out = folder / f"export.{fmt}"
        times = []
        for _ in range(max(1, min(args.repeat, 3))):
            begin = time.perf_counter()
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "desk_breaks",
                    "export",
                    "--format",
                    fmt,
                    "--output",
                    str(out),
                ],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            times.append(time.perf_counter() - begin)
            if done.returncode != 0:
                print(f"export --format {fmt} failed: {done.stderr.strip()}")
                break
        size = out.stat().st_size / 1e6 if out.exists() else 0
        print(
            f"desk-breaks export --format {fmt}: {min(times):6.2f} s  ({size:.1f} MB; target 2 s)"
        )
    if args.keep is None:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
