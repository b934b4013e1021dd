"""Export the history (sessions and the comfort journal) as CSV or JSON.

``desk-breaks export`` runs this in its own process, reading the history read-only: it
works whether or not the app runs, and the file never passes through the command socket
(whose lines are at most 64 KiB). The columns are documented in ``docs/export-format.md``.

CSV is **one file** with a ``record`` column (``session`` or ``journal``), so that it can
go to stdout and opens as one sheet; the columns a record does not use are empty. JSON is
one object with a ``sessions`` and a ``journal`` list. Names are the library's names (an
id no longer in the library is given in words); ids are kept in their own columns.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from typing import TextIO

from desk_breaks import __version__
from desk_breaks.core.coach_types import feeling_words
from desk_breaks.core.content import Library
from desk_breaks.core.engine_types import Outcome
from desk_breaks.core.history import parse_stored_time
from desk_breaks.core.i18n import Text
from desk_breaks.core.presentation import exercise_name, routine_name, session_words
from desk_breaks.core.progress_types import ExportFormat
from desk_breaks.core.schedule import CHECK_IN_KEY

EXPORT_VERSION = 1
"""The ``version`` of the JSON export; raised when a field changes meaning."""

CSV_COLUMNS = (
    "record",
    "date",
    "time",
    "at_utc",
    "kind",
    "routine_id",
    "routine",
    "outcome",
    "outcome_words",
    "exercises_done",
    "exercise_stopped",
    "feeling",
    "snooze_min",
    "comfort",
    "note",
)
"""The CSV header, in order (docs/export-format.md describes each)."""


class ExportError(Exception):
    """The export could not be made; the message says why, for the user."""


def _names(value: object) -> list[str]:
    try:
        items = json.loads(value) if isinstance(value, str) else []
    except ValueError:
        return []
    return [str(item) for item in items] if isinstance(items, list) else []


def _kind(key: object, outcome: Outcome) -> str:
    if outcome is Outcome.NATURAL_BREAK:
        return "natural-break"
    return "check-in" if key == CHECK_IN_KEY else "session"


def sessions(
    db: sqlite3.Connection, library: Library, zone: tzinfo, since: datetime | None
) -> Iterator[dict[str, object]]:
    """Every session row from ``since`` (all when None), oldest first, as export fields."""
    try:
        feeling = (
            "(SELECT r.feeling FROM ratings r WHERE r.session_id = s.id ORDER BY r.id DESC LIMIT 1)"
            if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'ratings'").fetchone()
            else "NULL"
        )
        cursor = db.execute(
            "SELECT s.key, s.routine_id, s.outcome, s.at, s.exercises_done, s.exercise_stopped,"
            f" s.snooze_min, {feeling} FROM sessions s WHERE s.at >= ? ORDER BY s.at, s.id",
            (_iso(since),),
        )
        rows = cursor.fetchall()
    except sqlite3.Error as exc:
        raise ExportError(Text("The history could not be read: {error}.", error=exc)) from exc
    exercises, routines = library.exercises, library.routines
    for key, routine_id, outcome, at, done, stopped, snooze, felt in rows:
        when = parse_stored_time(at)
        try:
            known = Outcome(outcome)
        except ValueError:
            continue  # an outcome from a newer version
        if when is None or not isinstance(routine_id, str):
            continue
        local = when.astimezone(zone)
        done_ids = _names(done)
        stopped_id = stopped if isinstance(stopped, str) and stopped else ""
        routine = routines.get(routine_id)
        yield {
            "record": "session",
            "date": local.date().isoformat(),
            "time": f"{local:%H:%M}",
            "at_utc": when.astimezone(UTC).isoformat(),
            "kind": _kind(key, known),
            "routine_id": routine_id,
            "routine": routine_name(routine_id, routines),
            "outcome": known.value,
            "outcome_words": session_words(
                known,
                done=len(done_ids),
                planned=len(routine.exercises) if routine is not None else None,
                stopped_at=exercise_name(stopped_id, exercises) if stopped_id else "",
                snooze_min=snooze if isinstance(snooze, int) else None,
            ),
            "exercises_done": [exercise_name(e, exercises) for e in done_ids],
            "exercise_stopped": exercise_name(stopped_id, exercises) if stopped_id else "",
            "feeling": feeling_words(felt),
            "snooze_min": snooze if isinstance(snooze, int) else None,
        }


def journal(
    db: sqlite3.Connection, zone: tzinfo, since: datetime | None
) -> Iterator[dict[str, object]]:
    """Every comfort rating from ``since``, oldest first (none in a history before the coach)."""
    try:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'journal'").fetchone():
            return
        rows = db.execute(
            "SELECT at, score, note FROM journal WHERE at >= ? ORDER BY at, id", (_iso(since),)
        ).fetchall()
    except sqlite3.Error as exc:
        raise ExportError(Text("The history could not be read: {error}.", error=exc)) from exc
    for at, score, note in rows:
        when = parse_stored_time(at)
        if when is None or not isinstance(score, int) or not 0 <= score <= 10:
            continue
        local = when.astimezone(zone)
        yield {
            "record": "journal",
            "date": local.date().isoformat(),
            "time": f"{local:%H:%M}",
            "at_utc": when.astimezone(UTC).isoformat(),
            "comfort": score,
            "note": note if isinstance(note, str) else "",
        }


def _iso(since: datetime | None) -> str:
    return since.astimezone(UTC).isoformat() if since is not None else "0000"


def since_start(day: date | None, zone: tzinfo) -> datetime | None:
    """The first instant of the local ``day`` (None: from the beginning)."""
    return None if day is None else datetime.combine(day, time(0), tzinfo=zone)


def write(
    out: TextIO,
    fmt: ExportFormat,
    db: sqlite3.Connection,
    library: Library,
    zone: tzinfo,
    since: date | None = None,
    now: datetime | None = None,
) -> tuple[int, int]:
    """Write the export to ``out``; return how many sessions and journal entries it holds."""
    start = since_start(since, zone)
    session_rows = sessions(db, library, zone, start)
    entries = journal(db, zone, start)
    if fmt is ExportFormat.CSV:
        writer = csv.DictWriter(out, CSV_COLUMNS, restval="", lineterminator="\n")
        writer.writeheader()
        count = 0
        for row in session_rows:
            row["exercises_done"] = "; ".join(row["exercises_done"])  # type: ignore[arg-type]
            if row["snooze_min"] is None:
                row["snooze_min"] = ""
            writer.writerow(row)
            count += 1
        notes = 0
        for entry in entries:
            writer.writerow(entry)
            notes += 1
        return count, notes
    listed = [{k: v for k, v in row.items() if k != "record"} for row in session_rows]
    noted = [{k: v for k, v in entry.items() if k != "record"} for entry in entries]
    document = {
        "format": "desk-breaks-export",
        "version": EXPORT_VERSION,
        "app_version": __version__,
        "exported_at": (now or datetime.now(UTC)).astimezone(zone).isoformat(),
        "since": since.isoformat() if since is not None else None,
        "time_zone": str(zone),
        "sessions": listed,
        "journal": noted,
    }
    json.dump(document, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(listed), len(noted)


def write_file_atomically(path: Path, text_writer: Callable[[TextIO], object]) -> None:
    """Write ``path`` through a temporary file beside it, replaced only when complete.

    ``text_writer`` is called with the open text file. Raises :class:`ExportError` (the
    file at ``path`` is then unchanged) when the folder refuses.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ExportError(
            Text("Cannot write to {folder}: {error}.", folder=folder, error=exc.strerror or exc)
        ) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            text_writer(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise ExportError(
            Text("Cannot write {path}: {error}.", path=path, error=exc.strerror or exc)
        ) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
