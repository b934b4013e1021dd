"""The progress view's session list: the newest sessions a filter lets through, in words.

Asked through :meth:`desk_breaks.core.progress.ProgressBook.sessions`. One indexed query
with a ``LIMIT``; the text filter matches the words a row is shown with (routine and
exercise names, or the ids' words for ones no longer in the library).
"""

from __future__ import annotations

import json
from datetime import timedelta

from desk_breaks.core.clock import Clock
from desk_breaks.core.coach_types import feeling_words
from desk_breaks.core.content import Library
from desk_breaks.core.engine_types import Outcome
from desk_breaks.core.history import History, parse_stored_time, stored_iso
from desk_breaks.core.i18n import tr
from desk_breaks.core.presentation import exercise_name, routine_name, session_words
from desk_breaks.core.progress_days import (
    PERIOD_DAYS,
    day_start,
    escape_like,
    local_day,
    parse_names,
    sql_list,
)
from desk_breaks.core.progress_types import SessionFilter, SessionRow


class SessionList:
    """The session list of ``history``, in ``library``'s names, on ``clock``'s days."""

    def __init__(self, history: History, library: Library, clock: Clock) -> None:
        """Keep what the list needs; nothing is read until it is asked."""
        self._history = history
        self._library = library
        self._clock = clock

    def sessions(self, chosen: SessionFilter, limit: int = 500) -> list[SessionRow]:
        """The newest sessions that ``chosen`` lets through, newest first.

        The period reaches back :data:`PERIOD_DAYS` local days, today included. The text
        matches words of a routine's or an exercise's name (as shown: the library's name,
        or the id in words for one no longer there); every word must match.
        """
        zone = self._clock.timezone()
        now = self._clock.now()
        where = ["1"]
        parameters: list[object] = []
        reach = PERIOD_DAYS[chosen.period]
        if reach is not None:
            since = day_start(local_day(now, zone) - timedelta(days=reach - 1), zone)
            where.append("s.at >= ?")
            parameters.append(stored_iso(since))
        if chosen.outcomes:
            where.append(f"s.outcome IN ({sql_list(sorted(chosen.outcomes, key=str))})")
        if chosen.routine_id is not None:
            where.append("s.routine_id = ?")
            parameters.append(chosen.routine_id)
        for word in chosen.text.split():
            clause, values = self._word_clause(word)
            where.append(clause)
            parameters.extend(values)
        rows = self._history.rows(
            "SELECT s.id, s.at, s.routine_id, s.outcome, s.exercises_done, s.exercise_stopped,"
            " s.snooze_min, (SELECT r.feeling FROM ratings r WHERE r.session_id = s.id"
            " ORDER BY r.id DESC LIMIT 1)"
            f" FROM sessions s WHERE {' AND '.join(where)}"
            " ORDER BY s.at DESC, s.id DESC LIMIT ?",
            (*parameters, max(0, int(limit))),
        )
        found: list[SessionRow] = []
        for row in rows:
            made = self._session_row(row)
            if made is not None:
                found.append(made)
        return found

    def _word_clause(self, word: str) -> tuple[str, list[object]]:
        """One word of the text filter: the routine's or any exercise's name has it."""
        needle = word.casefold()
        routines = [rid for rid, r in self._library.routines.items() if needle in r.name.casefold()]
        exercises = [
            eid for eid, e in self._library.exercises.items() if needle in e.name.casefold()
        ]
        if needle in "natural break" or needle in tr("Natural break", "outcome").casefold():
            routines.append("")
        # Ids hold the words of the names they fall back to ("neck-press" for "Neck
        # press"), so an id that has the word matches too: a routine or an exercise no
        # longer in the library is found by the words it is shown with.
        like = f"%{escape_like(needle.replace(' ', '-'))}%"
        parts = ["s.routine_id LIKE ? ESCAPE '\\'"]
        values: list[object] = [like]
        if routines:
            parts.append("s.routine_id IN (SELECT value FROM json_each(?))")
            values.append(json.dumps(routines))
        for eid in exercises:
            parts.append("s.exercises_done LIKE ? ESCAPE '\\' OR s.exercise_stopped = ?")
            values.extend([f'%"{escape_like(eid)}"%', eid])
        parts.append("s.exercises_done LIKE ? ESCAPE '\\' OR s.exercise_stopped LIKE ? ESCAPE '\\'")
        values.extend([like, like])
        return "(" + " OR ".join(f"({p})" for p in parts) + ")", values

    def _session_row(self, row: tuple[object, ...]) -> SessionRow | None:
        session_id, at, routine_id, outcome, done, stopped, snooze_min, feeling = row
        when = parse_stored_time(at)
        if not isinstance(session_id, int) or when is None or not isinstance(routine_id, str):
            return None
        try:
            known = Outcome(outcome)
        except ValueError:
            return None
        exercises = self._library.exercises
        done_ids = parse_names(done)
        stopped_name = (
            exercise_name(stopped, exercises) if isinstance(stopped, str) and stopped else ""
        )
        routine = self._library.routines.get(routine_id)
        return SessionRow(
            session_id=session_id,
            at=when.astimezone(self._clock.timezone()),
            routine_id=routine_id,
            routine_name=routine_name(routine_id, self._library.routines),
            outcome=known,
            outcome_words=session_words(
                known,
                done=len(done_ids),
                planned=len(routine.exercises) if routine is not None else None,
                stopped_at=stopped_name,
                snooze_min=snooze_min if isinstance(snooze_min, int) else None,
            ),
            exercises=tuple(exercise_name(e, exercises) for e in done_ids),
            stopped_at=stopped_name,
            feeling=feeling_words(feeling),
        )
