"""The coach's commands through the service: rate, journal, stop, and what status shows."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desk_breaks import assets_dir
from desk_breaks.core.clock import ManualClock
from desk_breaks.core.coach import Coach
from desk_breaks.core.coach_store import CoachStore
from desk_breaks.core.commands import (
    ChooseExercise,
    Journal,
    Rate,
    Start,
    Status,
    StopSession,
)
from desk_breaks.core.content_files import load_library, load_safety
from desk_breaks.core.engine import Engine, Outcome, SessionResult, State
from desk_breaks.core.history import History
from desk_breaks.core.recorder import SafeRecorder
from desk_breaks.core.service import CommandService
from desk_breaks.core.settings_store import SettingsStore

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_NOON = datetime(2026, 3, 23, 12, 20, tzinfo=BERLIN)
EXTENSION = "neck-extension-backward"


@pytest.fixture
def served(tmp_path: Path) -> CommandService:
    clock = ManualClock(MONDAY_NOON, BERLIN)
    library = load_library([assets_dir()])
    safety = load_safety(assets_dir() / "safety.toml")
    store = SettingsStore(tmp_path / "settings.toml", [])
    store.start(store.read(), library.routines)
    history, _ = History.open(tmp_path / "history.sqlite3", clock)
    recorder = SafeRecorder(history, lambda message: None)
    engine = Engine(store.current, clock, recorder)
    engine.begin(None)
    coach = Coach(library, safety, CoachStore(history), clock)
    return CommandService(engine, clock, library, store, recorder, history, [], coach)


def run_lunch(service: CommandService, result: SessionResult) -> None:
    assert service.handle(Start("lunch-reset")).ok
    assert service.engine.state is State.IN_SESSION
    service.engine.finish_session(result)


def test_rate_needs_a_session_and_then_says_what_it_changed(served: CommandService) -> None:
    reply = served.handle(Rate("worse"))
    assert not reply.ok and reply.message == "There is no session to rate yet."
    done = ("chin-tuck-seated", EXTENSION)
    for _ in range(2):
        run_lunch(served, SessionResult(Outcome.PARTIAL, done))
        reply = served.handle(Rate("worse"))
        assert reply.ok
    assert "Backward neck stretch will be gentler from now on." in reply.message


def test_journal_records_todays_comfort(served: CommandService) -> None:
    reply = served.handle(Journal(6, "stiff"))
    assert reply.ok and reply.message == "Today's comfort: 6 of 10. Noted in your journal."
    coach = served.handle(Status()).data["coach"]
    assert isinstance(coach, dict)
    assert coach["journal_today"] == {"score": 6, "note": "stiff"}
    assert coach["journal_due"] is False


def test_stop_is_refused_when_no_session_runs(served: CommandService) -> None:
    reply = served.handle(StopSession())
    assert not reply.ok and reply.message == "No session is running."
    served.handle(Start("lunch-reset"))
    assert served.handle(StopSession(hurt=True)).ok


def test_status_shows_every_exercise_with_its_state_and_why(served: CommandService) -> None:
    run_lunch(served, SessionResult(Outcome.STOPPED_PAIN, ("chin-tuck-seated",), EXTENSION))
    data = served.handle(Status()).data
    exercises = data["exercises"]
    assert isinstance(exercises, list)
    by_id = {e["id"]: e for e in exercises}
    assert set(by_id) == set(served.library.exercises)
    assert by_id[EXTENSION]["state"] == "gentler"
    assert by_id[EXTENSION]["why"] == "pain-stop"
    assert "you stopped for pain or dizziness during it on Mon 23 Mar" in by_id[EXTENSION]["reason"]
    assert by_id["chin-tuck-seated"] == {
        "id": "chin-tuck-seated",
        "name": "Seated chin tuck",
        "state": "normal",
        "why": "none",
        "hold_s": 5,
        "rounds": None,
        "previous_hold_s": None,
        "previous_rounds": None,
        "reason": "",
        "since": None,
    }
    assert data["coach"] == {
        "safety_check": {"state": "not-asked"},
        "journal_today": None,
        "journal_due": True,
        "advice_due": None,
    }


def test_a_script_can_do_what_the_safety_screen_and_settings_do(served: CommandService) -> None:
    left = served.handle(ChooseExercise(EXTENSION, "leave-out"))
    assert left.ok and left.message.startswith("Backward neck stretch is left out.")
    states = {e["id"]: e for e in served.handle(Status()).data["exercises"]}  # type: ignore[union-attr]
    assert states[EXTENSION]["state"] == "left-out"
    back = served.handle(ChooseExercise(EXTENSION, "bring-back"))
    assert back.ok and back.message == "Backward neck stretch is back in its usual version."
    unknown = served.handle(ChooseExercise("neck-circles", "leave-out"))
    assert not unknown.ok and unknown.message.startswith("There is no exercise 'neck-circles'.")
    no_gentler = [e for e in served.library.exercises.values() if e.regression is None]
    for exercise in no_gentler:
        refused = served.handle(ChooseExercise(exercise.id, "use-gentler"))
        assert not refused.ok and refused.message.endswith("has no gentler version.")
