"""Where the coach's events live: tables in the history database, beside the sessions.

The coach reads the guided sessions the engine recorded (with how the neck felt after
each), the daily journal, and the person's choices, safety check and advice shown, and
writes only the last four. Everything is appended, never updated, so a crash or a second
copy of a row can never lose what was said.

When the history is not being written (a newer version's file, a full or read-only disk:
the app has already told the person), what the coach hears is kept in memory for this
run, so the session that follows still honours it.
"""

from __future__ import annotations

import functools
import json
import logging
from datetime import datetime

from desk_breaks.core.coach_rows import event_fields, screening_answers
from desk_breaks.core.coach_types import (
    Action,
    AdviceShown,
    Choice,
    CoachEvent,
    Feeling,
    JournalEntry,
    Screening,
    SessionEvent,
)
from desk_breaks.core.engine_types import GUIDED, Outcome
from desk_breaks.core.history import History, HistoryError, parse_stored_time, stored_iso

log = logging.getLogger(__name__)

_OUTCOMES = {outcome.value: outcome for outcome in Outcome}

"""The outcomes of a session that ran: the ones the coach learns from."""

NOTE_MAX = 200
"""The longest journal note kept, in characters."""

_SESSIONS = (
    "SELECT id, at, routine_id, outcome, exercises_done, exercise_stopped, {eased} FROM sessions"
    " WHERE outcome IN ({outcomes}) ORDER BY id"
)


class CoachStore:
    """Reads and appends the coach's events in ``history`` (memory when it is not written)."""

    def __init__(self, history: History) -> None:
        """Use ``history``'s database; nothing is read until asked for."""
        self._history = history
        self._memory: list[CoachEvent] = []
        self._memory_ratings: dict[int, Feeling] = {}
        self._added = 0  # counts this run's additions, kept in memory or not

    # -- reading ---------------------------------------------------------------------------

    def events(self) -> list[CoachEvent]:
        """Every event the coach folds over, oldest first."""
        found: list[CoachEvent] = [*self.sessions(), *self._journal(), *self._coach_events()]
        found.extend(event for event in self._memory if not isinstance(event, SessionEvent))
        found.sort(key=lambda event: event.at)
        return found

    def version(self) -> tuple[object, ...]:
        """What changes whenever an event is added (rows are only ever appended)."""
        rows = self._history.rows(
            "SELECT (SELECT max(id) FROM sessions), (SELECT max(id) FROM ratings),"
            " (SELECT max(id) FROM journal), (SELECT max(id) FROM coach_events)"
        )
        return (*(rows[0] if rows else ()), self._added)

    def sessions(self) -> list[SessionEvent]:
        """The guided sessions, each with the last feeling given for it."""
        feelings = self._feelings()
        outcomes = ", ".join(f"'{o.value}'" for o in GUIDED)
        rows = self._history.rows(_SESSIONS.format(eased="exercises_eased", outcomes=outcomes))
        if not rows:  # a file from before the coach (read-only) has no exercises_eased
            rows = self._history.rows(_SESSIONS.format(eased="'[]'", outcomes=outcomes))
        events: list[SessionEvent] = []
        for row in rows:
            event = _session(row, feelings)
            if event is not None:
                events.append(event)
        return events

    def last_session_id(self) -> int | None:
        """The history id of the newest guided session, or None."""
        sessions = self.sessions()
        return sessions[-1].session_id if sessions else None

    def _feelings(self) -> dict[int, Feeling]:
        feelings: dict[int, Feeling] = {}
        for session_id, feeling in self._history.rows(
            "SELECT session_id, feeling FROM ratings ORDER BY id"
        ):
            if isinstance(session_id, int):
                try:
                    feelings[session_id] = Feeling(feeling)
                except ValueError:
                    continue  # a feeling from a newer version
        feelings.update(self._memory_ratings)
        return feelings

    def _journal(self) -> list[JournalEntry]:
        entries: list[JournalEntry] = []
        for at, score, note in self._history.rows("SELECT at, score, note FROM journal"):
            when = parse_stored_time(at)
            if when is not None and isinstance(score, int) and 0 <= score <= 10:
                entries.append(JournalEntry(when, score, note if isinstance(note, str) else ""))
        return entries

    def _coach_events(self) -> list[CoachEvent]:
        events: list[CoachEvent] = []
        for at, kind, exercise_id, data in self._history.rows(
            "SELECT at, kind, exercise_id, data FROM coach_events ORDER BY id"
        ):
            event = _coach_event(at, kind, exercise_id, data)
            if event is not None:
                events.append(event)
        return events

    # -- writing ---------------------------------------------------------------------------

    def add_rating(self, session_id: int, at: datetime, feeling: Feeling) -> None:
        """Append how the neck felt after session ``session_id``."""
        self._added += 1
        try:
            self._history.write(
                "INSERT INTO ratings (session_id, at, feeling) VALUES (?, ?, ?)",
                (session_id, stored_iso(at), feeling.value),
            )
        except HistoryError as exc:
            log.warning("rating kept in memory: %s", exc)
            self._memory_ratings[session_id] = feeling

    def add_journal(self, entry: JournalEntry) -> None:
        """Append a daily comfort rating."""
        self._added += 1
        note = entry.note[:NOTE_MAX]
        try:
            self._history.write(
                "INSERT INTO journal (at, score, note) VALUES (?, ?, ?)",
                (stored_iso(entry.at), entry.score, note),
            )
        except HistoryError as exc:
            log.warning("journal entry kept in memory: %s", exc)
            self._memory.append(JournalEntry(entry.at, entry.score, note))

    def add(self, event: Choice | Screening | AdviceShown) -> None:
        """Append a choice, a safety check or an advice shown."""
        self._added += 1
        row: tuple[str, str | None, dict[str, object]]
        if isinstance(event, Choice):
            row = ("choice", event.exercise_id, {"action": event.action.value})
        elif isinstance(event, Screening):
            answers = None if event.answers is None else dict(event.answers)
            row = ("screening", None, {"answers": answers})
        else:
            row = ("advice", None, {"reason": event.reason})
        kind, exercise_id, data = row
        try:
            self._history.write(
                "INSERT INTO coach_events (at, kind, exercise_id, data) VALUES (?, ?, ?, ?)",
                (stored_iso(event.at), kind, exercise_id, json.dumps(data)),
            )
        except HistoryError as exc:
            log.warning("coach event kept in memory: %s", exc)
            self._memory.append(event)


def _names(value: object) -> tuple[str, ...]:
    # Every session of a routine stores the same few lists: each is parsed once.
    return _parsed_names(value) if isinstance(value, str) else ()


@functools.lru_cache(maxsize=1024)
def _parsed_names(value: str) -> tuple[str, ...]:
    try:
        items = json.loads(value)
    except ValueError:
        return ()
    return tuple(str(item) for item in items) if isinstance(items, list) else ()


def _session(row: tuple[object, ...], feelings: dict[int, Feeling]) -> SessionEvent | None:
    # Called for every guided session in the history (tens of thousands for a heavy user
    # of some years), so it checks types directly and looks outcomes up in a dict.
    session_id, at, routine_id, outcome, done, stopped, eased = row
    known = _OUTCOMES.get(outcome) if isinstance(outcome, str) else None
    when = parse_stored_time(at)
    if known is None or when is None or type(session_id) is not int or type(routine_id) is not str:
        return None
    return SessionEvent(
        session_id,
        when,
        routine_id,
        known,
        _names(done),
        stopped if isinstance(stopped, str) and stopped else None,
        _names(eased),
        feelings.get(session_id),
    )


def _coach_event(at: object, kind: object, exercise_id: object, data: object) -> CoachEvent | None:
    """The event in one ``coach_events`` row, or None for one this version does not know."""
    read = event_fields(at, data)
    if read is None:
        return None
    when, fields = read
    if kind == "choice" and isinstance(exercise_id, str):
        try:
            return Choice(when, exercise_id, Action(fields.get("action")))
        except ValueError:
            return None
    if kind == "screening":
        readable, answers = screening_answers(fields)
        return Screening(when, answers) if readable else None
    if kind == "advice":
        return AdviceShown(when, str(fields.get("reason", "")))
    return None
