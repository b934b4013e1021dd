"""The coach's rows in the history, as far as the idle tray reads them: no coach needed.

At start the app only wants to know whether the welcome's safety check was ever answered
or skipped (:func:`screening_answered`); the coach itself (its rules, its event types, its
store) is built when something first asks it a question (:mod:`desk_breaks.core.coach_lazy`).
This module holds what that check and :mod:`desk_breaks.core.coach_store` share: how a
time and a safety check are stored.
"""

from __future__ import annotations

import json
from datetime import datetime

from desk_breaks.core.history import History, parse_stored_time

_SCREENINGS = "SELECT at, data FROM coach_events WHERE kind = 'screening' ORDER BY id"


def event_fields(at: object, data: object) -> tuple[datetime, dict[str, object]] | None:
    """The time and the JSON fields of one ``coach_events`` row, or None when unreadable."""
    when = parse_stored_time(at)
    try:
        fields = json.loads(data) if isinstance(data, str) else {}
    except ValueError:
        return None
    if when is None or not isinstance(fields, dict):
        return None
    return when, fields


def screening_answers(fields: dict[str, object]) -> tuple[bool, dict[str, bool] | None]:
    """Whether a safety check row is one, and its answers (None: skipped)."""
    answers = fields.get("answers")
    if answers is None:
        return True, None
    if isinstance(answers, dict):
        return True, {str(k): v is True for k, v in answers.items()}
    return False, None


def screening_answered(history: History) -> bool:
    """True once the safety check was answered or skipped: what the coach's store would say.

    One query, read as :class:`~desk_breaks.core.coach_store.CoachStore` reads the rows (a
    row this version cannot read does not count), without importing the coach.
    """
    for at, data in history.rows(_SCREENINGS):
        read = event_fields(at, data)
        if read is not None and screening_answers(read[1])[0]:
            return True
    return False
