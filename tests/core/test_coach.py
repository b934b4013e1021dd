"""The coach's store and its smaller rules, one at a time."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desk_breaks.core.coach import Coach
from desk_breaks.core.coach_store import CoachStore
from desk_breaks.core.coach_types import (
    Action,
    AdviceShown,
    Choice,
    Feeling,
    JournalEntry,
    Mode,
    NoteKind,
    Screening,
    SessionEvent,
)
from desk_breaks.core.history import History
from tests.helpers.coach_sim import MONDAY, Person, shipped

LUNCH = "lunch-reset"


def test_every_kind_of_event_comes_back_from_the_file_in_time_order(tmp_path: Path) -> None:
    person = Person(tmp_path)
    person.at(0, 9, 0)
    person.coach.answer_screening({"arm-symptoms": False, "not-a-question": True})
    person.at(0, 12, 30)
    done = person.session(LUNCH, feeling=Feeling.SAME)
    person.at(0, 20, 0)
    person.coach.journal(6, "  stiff after the drive  ")
    person.coach.choose("chin-drop", Action.LEAVE_OUT)
    person.history.close()
    store = CoachStore(History(tmp_path / "history.sqlite3"))
    events = store.events()
    assert [type(e) for e in events] == [Screening, SessionEvent, JournalEntry, Choice]
    screening, session, entry, choice = events
    assert isinstance(screening, Screening) and screening.answers == {"arm-symptoms": False}
    assert isinstance(session, SessionEvent)
    assert session.session_id == done.session_id and session.feeling is Feeling.SAME
    assert isinstance(entry, JournalEntry) and (entry.score, entry.note) == (
        6,
        "stiff after the drive",
    )
    assert isinstance(choice, Choice) and choice.action is Action.LEAVE_OUT


def test_rows_a_newer_version_wrote_are_skipped(tmp_path: Path) -> None:
    person = Person(tmp_path)
    person.at(0, 12, 30)
    person.session(LUNCH)
    db = sqlite3.connect(tmp_path / "history.sqlite3")
    db.execute(
        "INSERT INTO ratings (session_id, at, feeling) VALUES (1, ?, 'ecstatic')",
        (MONDAY.isoformat(),),
    )
    db.execute(
        "INSERT INTO coach_events (at, kind, data) VALUES (?, 'hologram', '{}')",
        (MONDAY.isoformat(),),
    )
    db.execute(
        "INSERT INTO coach_events (at, kind, exercise_id, data)"
        " VALUES (?, 'choice', 'x', '{\"action\": \"dance\"}')",
        (MONDAY.isoformat(),),
    )
    db.execute("INSERT INTO journal (at, score) VALUES ('soon', 4)")
    db.execute("INSERT INTO journal (at, score) VALUES (?, 42)", (MONDAY.isoformat(),))
    db.commit()
    db.close()
    events = person.coach._store.events()
    assert [type(e) for e in events] == [SessionEvent]
    assert isinstance(events[0], SessionEvent) and events[0].feeling is None


def test_when_the_history_is_not_written_the_coach_still_hears_this_run(tmp_path: Path) -> None:
    person = Person(tmp_path)
    person.at(0, 12, 30)
    person.session(LUNCH)
    person.history.state = person.history.state.READ_ONLY  # as History.open leaves it
    person.coach.choose("chin-drop", Action.LEAVE_OUT)
    person.coach.journal(3)
    person.coach.rate(Feeling.WORSE)
    person.coach.answer_screening(None)
    assert person.coach.view().states["chin-drop"].mode is Mode.LEFT_OUT
    assert not person.coach.journal_due()
    assert not person.coach.needs_welcome()
    assert person.coach._store.sessions()[-1].feeling is Feeling.WORSE
    db = sqlite3.connect(tmp_path / "history.sqlite3")
    assert db.execute("SELECT count(*) FROM coach_events").fetchone()[0] == 0


def test_rating_without_a_session_says_so_and_records_nothing(tmp_path: Path) -> None:
    person = Person(tmp_path)
    assert person.coach.rate(Feeling.BETTER) == "There is no session to rate yet."
    assert person.coach.last_session_id() is None


def test_a_rating_tells_what_it_changed(tmp_path: Path) -> None:
    person = Person(tmp_path)
    person.at(0, 12, 30)
    person.session(LUNCH, feeling=Feeling.WORSE)
    person.at(1, 12, 30)
    person.session(LUNCH)
    said = person.coach.rate(Feeling.WORSE)
    assert said.startswith("Noted: your neck feels worse after Lunch reset.")
    assert "Backward neck stretch will be gentler from now on." in said
    assert person.coach.rate(Feeling.BETTER, session_id=1).startswith(
        "Noted: your neck feels better"
    )


def test_the_journal_takes_whole_numbers_from_0_to_10(tmp_path: Path) -> None:
    person = Person(tmp_path)
    for bad in (-1, 11):
        with pytest.raises(ValueError, match="from 0 to 10"):
            person.coach.journal(bad)
    assert person.coach.journal_due()
    assert person.coach.journal(0, "x" * 500) == "Today's comfort: 0 of 10. Noted in your journal."
    assert not person.coach.journal_due()
    entry = person.coach.view().journal_today
    assert entry is not None and len(entry.note) == 200
    person.at(1, 8, 0)
    assert person.coach.journal_due()  # a new day


def test_the_daily_rating_is_not_offered_when_the_setting_is_off(tmp_path: Path) -> None:
    library, safety = shipped()
    person = Person(tmp_path)
    coach = Coach(
        library, safety, CoachStore(person.history), person.clock, journal_enabled=lambda: False
    )
    assert not coach.journal_due()


def test_a_routine_never_ends_up_empty(tmp_path: Path) -> None:
    person = Person(tmp_path)
    routine = person.library.routine("check-in")
    person.coach.choose("chin-tuck-seated", Action.LEAVE_OUT)
    plan = person.coach.plan(routine)
    assert [e.id for e in plan.routine.exercises] == [
        "chin-tuck-seated",
        "breathing-chin-retraction",
    ]
    assert all(e.eased for e in plan.routine.exercises[:1])
    assert [n.kind for n in plan.notes] == [NoteKind.LEFT_OUT, NoteKind.FALLBACK]
    assert plan.routine.name == routine.name


def test_choices_that_cannot_apply_say_why(tmp_path: Path) -> None:
    person = Person(tmp_path)
    assert (
        person.coach.choose("neck-circles", Action.LEAVE_OUT)
        == "There is no exercise called 'neck-circles'."
    )
    no_regression = [e for e in person.library.exercises.values() if e.regression is None]
    for exercise in no_regression:
        assert person.coach.choose(exercise.id, Action.USE_GENTLER).endswith(
            "has no gentler version."
        )
    # Going back a dose with nothing to go back to changes nothing.
    person.coach.choose("chin-drop", Action.PREVIOUS_DOSE)
    assert person.coach.view().states["chin-drop"].hold_s == 30


def test_a_skipped_safety_check_is_never_asked_again_and_changes_nothing(tmp_path: Path) -> None:
    person = Person(tmp_path)
    assert person.coach.answer_screening(None) == ()
    assert not person.coach.needs_welcome()
    assert all(s.mode is Mode.NORMAL for s in person.coach.view().states.values())
    assert person.coach.tailoring({}) == ("Nothing changes: every exercise stays in your plan.",)


def test_the_persons_choice_outlives_a_new_safety_check(tmp_path: Path) -> None:
    person = Person(tmp_path)
    person.coach.answer_screening({"arm-symptoms": True})
    person.coach.choose("neck-extension-backward", Action.BRING_BACK)
    person.coach.answer_screening({"arm-symptoms": True})
    assert person.coach.view().states["neck-extension-backward"].mode is Mode.NORMAL


def test_advice_shown_is_remembered_across_starts(tmp_path: Path) -> None:
    person = Person(tmp_path)
    person.coach._store.add(AdviceShown(MONDAY, "pain-stops"))
    person.history.close()
    store = CoachStore(History(tmp_path / "history.sqlite3"))
    assert [type(e) for e in store.events()] == [AdviceShown]


def test_a_pain_stop_rated_worse_is_one_occasion_not_two(tmp_path: Path) -> None:
    person = Person(tmp_path)
    person.at(0, 12, 30)
    person.session(LUNCH, stop_for_pain_at="chin-drop", feeling=Feeling.WORSE)
    states = person.coach.view().states
    assert states["chin-drop"].mode is Mode.GENTLER  # not left out by the same session
    assert states["chin-drop"].reason == (
        "Gentler version: you stopped for pain or dizziness during it on Mon 2 Nov."
    )
    person.at(1, 12, 30)
    plan = person.coach.plan(person.library.routine(LUNCH))
    note = next(n for n in plan.notes if n.exercise_id == "chin-drop")
    assert note.text == (
        "Chin drop comes in its gentler version: you stopped for pain or dizziness during it"
        " on Mon 2 Nov."
    )


def test_the_replay_is_kept_until_something_new_is_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import desk_breaks.core.coach as coach_module

    replays: list[int] = []
    real_fold = coach_module.fold

    def counting_fold(*args: object, **kwargs: object) -> object:
        replays.append(1)
        return real_fold(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(coach_module, "fold", counting_fold)
    person = Person(tmp_path)
    person.at(0, 12, 30)
    person.coach.view()
    person.coach.view()
    person.coach.plan(person.library.routine(LUNCH))
    assert len(replays) == 1  # nothing new: the same replay answers all three
    person.session(LUNCH)  # a history row the engine wrote, not the coach
    assert person.coach.view().states["chin-drop"].mode is Mode.NORMAL
    assert len(replays) == 2
    person.history.state = person.history.state.READ_ONLY  # kept in memory from now on
    person.coach.rate(Feeling.WORSE)
    before = len(replays)
    person.coach.rate(Feeling.WORSE)  # the same session rated again, in memory
    person.coach.view()
    assert len(replays) == before + 1  # the new rating is seen (once), then kept
