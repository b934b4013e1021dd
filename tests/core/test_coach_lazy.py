"""The coach as the idle tray holds it: one query at start, the real coach on first question."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desk_breaks.core.coach_lazy import LazyCoach
from desk_breaks.core.coach_rows import screening_answered
from desk_breaks.core.coach_types import Feeling
from desk_breaks.core.history import History
from desk_breaks.core.history_file import SCHEMA_VERSION
from tests.helpers.coach_sim import MONDAY, Person, shipped

LUNCH = "lunch-reset"


def _lazy(person: Person) -> LazyCoach:
    library, safety = shipped()
    return LazyCoach(library, safety, person.history, person.clock)


@pytest.mark.parametrize(
    ("data", "counts"),
    [
        ('{"answers": null}', True),  # skipped
        ('{"answers": {"arm-symptoms": true}}', True),
        ('{"answers": ["arm-symptoms"]}', False),  # not a safety check this version reads
        ("not json", False),
        ("[]", False),
    ],
)
def test_the_one_query_reads_a_safety_check_row_as_the_coach_does(
    tmp_path: Path, data: str, counts: bool
) -> None:
    person = Person(tmp_path)
    assert not screening_answered(person.history) and person.coach.needs_welcome()
    db = sqlite3.connect(tmp_path / "history.sqlite3")
    db.execute(
        "INSERT INTO coach_events (at, kind, data) VALUES (?, 'screening', ?)",
        (MONDAY.isoformat(), data),
    )
    db.commit()
    db.close()
    assert screening_answered(person.history) is counts
    assert person.coach.needs_welcome() is not counts


def test_a_row_with_no_time_does_not_count(tmp_path: Path) -> None:
    person = Person(tmp_path)
    db = sqlite3.connect(tmp_path / "history.sqlite3")
    db.execute("INSERT INTO coach_events (at, kind, data) VALUES ('soon', 'screening', '{}')")
    db.commit()
    db.close()
    assert not screening_answered(person.history)
    assert person.coach.needs_welcome()


def test_the_welcome_question_is_answered_without_building_the_coach(tmp_path: Path) -> None:
    person = Person(tmp_path)
    lazy = _lazy(person)
    assert lazy.needs_welcome() and not lazy.built
    person.coach.answer_screening(None)
    assert not lazy.needs_welcome() and not lazy.built
    assert lazy.safety.screening and not lazy.built


def test_the_first_question_builds_the_coach_and_it_answers_from_then_on(tmp_path: Path) -> None:
    person = Person(tmp_path)
    person.at(0, 12, 30)
    done = person.session(LUNCH)
    lazy = _lazy(person)
    assert lazy.last_session_id() == done.session_id and lazy.built
    assert lazy.view() == person.coach.view()
    assert lazy.rate(Feeling.BETTER).startswith("Noted:")
    assert person.coach._store.sessions()[-1].feeling is Feeling.BETTER


def test_a_check_kept_in_memory_is_honoured_once_the_coach_is_built(tmp_path: Path) -> None:
    # A history that is not being written (a newer version's): the coach keeps the answer
    # for this run, and the lazy coach asks it (the file still says "never answered").
    person = Person(tmp_path)
    person.history.close()
    db = sqlite3.connect(tmp_path / "history.sqlite3")
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    history = History.open(tmp_path / "history.sqlite3", person.clock).history
    assert not history.writable
    library, safety = shipped()
    lazy = LazyCoach(library, safety, history, person.clock)
    assert lazy.needs_welcome()
    lazy.answer_screening(None)
    assert not lazy.needs_welcome()
    assert not screening_answered(history)
