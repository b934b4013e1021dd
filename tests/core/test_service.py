"""Commands without Qt: the service on a manual clock, as the engine is tested."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desk_breaks import __version__, assets_dir
from desk_breaks.core.clock import ManualClock
from desk_breaks.core.commands import (
    Pause,
    Quit,
    SetAutostart,
    Show,
    Skip,
    Snooze,
    Start,
    Status,
    UseSettings,
    encode_reply,
)
from desk_breaks.core.content_files import load_library
from desk_breaks.core.engine import NATURAL_BREAK_KEY, Engine, Outcome, Record, State
from desk_breaks.core.history import History
from desk_breaks.core.recorder import SafeRecorder
from desk_breaks.core.service import CommandService
from desk_breaks.core.settings_store import SettingsStore

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_NOON = datetime(2026, 3, 23, 12, 20, tzinfo=BERLIN)


@pytest.fixture
def served(tmp_path: Path) -> tuple[CommandService, ManualClock]:
    clock = ManualClock(MONDAY_NOON, BERLIN)
    library = load_library([assets_dir()])
    store = SettingsStore(tmp_path / "settings.toml", ["a notice"])
    store.start(store.read(), library.routines)
    history, _ = History.open(tmp_path / "history.sqlite3", clock)
    recorder = SafeRecorder(history, lambda message: None)
    engine = Engine(store.current, clock, recorder)
    engine.begin(None)
    service = CommandService(engine, clock, library, store, recorder, history, store.notices)
    return service, clock


def test_status_says_what_comes_next_for_people_and_programs(
    served: tuple[CommandService, ManualClock],
) -> None:
    service, _ = served
    reply = service.handle(Status())
    assert reply.ok
    assert reply.message.splitlines()[0] == (
        f"Desk Breaks {__version__}: Lunch reset at 12:30 (in 10 min)."
    )
    assert reply.data["state"] == "waiting"
    assert reply.data["notices"] == ["a notice"]
    assert reply.data["history"] == {"state": "ok", "unsaved": 0}


def test_a_command_catches_the_engine_up_with_the_clock_first(
    served: tuple[CommandService, ManualClock],
) -> None:
    service, clock = served
    clock.advance(timedelta(minutes=11))  # no wake-up came: the app may have been busy
    reply = service.handle(Snooze(5))
    assert reply.ok and reply.message == "Snoozed until 12:36."
    assert service.engine.state is State.SNOOZED


def test_a_refusal_is_a_reply_with_the_reason(served: tuple[CommandService, ManualClock]) -> None:
    service, _ = served
    reply = service.handle(Skip())
    assert not reply.ok and reply.message == "Nothing is due, so there is nothing to skip."
    unknown = service.handle(Start("nope"))
    assert not unknown.ok and unknown.message.startswith("There is no routine 'nope'. Known: ")


def test_start_without_an_offer_runs_the_next_session(
    served: tuple[CommandService, ManualClock],
) -> None:
    service, _ = served
    assert service.handle(Start()).message == "Starting Lunch reset."
    assert service.engine.state is State.IN_SESSION


def test_pause_and_skip_are_recorded_through_the_recorder(
    served: tuple[CommandService, ManualClock],
) -> None:
    service, clock = served
    clock.advance(timedelta(minutes=10))
    assert service.handle(Skip()).message == "Skipped."
    assert service.recorder.recent(1)[0].outcome is Outcome.SKIPPED
    reply = service.handle(Pause(30))
    assert reply.message == "Paused until 13:00 (in 30 min)."


def test_quit_is_a_flag_for_the_app_that_never_goes_on_the_wire(
    served: tuple[CommandService, ManualClock],
) -> None:
    service, _ = served
    reply = service.handle(Quit())
    assert reply.ok and reply.quit and reply.message == "Quitting Desk Breaks."
    assert "quit" not in json.loads(encode_reply(reply))
    assert not service.handle(Status()).quit


def test_show_answers_with_the_next_session(served: tuple[CommandService, ManualClock]) -> None:
    service, _ = served
    reply = service.handle(Show())
    assert reply.message == "Desk Breaks is already running. Lunch reset at 12:30."


def test_start_at_login_needs_an_autostart_port(served: tuple[CommandService, ManualClock]) -> None:
    service, _ = served
    reply = service.handle(SetAutostart(True))
    assert not reply.ok and reply.message == "Starting at login is not available on this system."


def test_status_counts_pain_stops_and_names_the_last_session_in_words(
    served: tuple[CommandService, ManualClock],
) -> None:
    service, clock = served
    now = clock.now()
    done = ("chin-tuck-seated", "breathing-chin-retraction", "isometric-neck-press-front")
    service.recorder.record(Record("lunch", "lunch-reset", Outcome.COMPLETED, now))
    service.recorder.record(
        Record("lunch", "lunch-reset", Outcome.STOPPED_PAIN, now, exercise_stopped="chin-drop")
    )
    service.recorder.record(Record("x", "my-physio", Outcome.PARTIAL, now, exercises_done=done))
    reply = service.handle(Status())
    lines = reply.message.splitlines()
    assert lines[1] == (
        "Today: 1 completed, 1 partly done, 1 stopped (1 for pain or dizziness), "
        "0 skipped, 0 snoozed."
    )
    assert lines[2] == "Last: My physio at 12:20: Partly done (3 done)."
    assert reply.data["today"]["pain_stops"] == 1  # type: ignore[index]
    service.recorder.record(
        Record("lunch", "lunch-reset", Outcome.STOPPED_PAIN, now, exercise_stopped="chin-drop")
    )
    assert service.handle(Status()).message.splitlines()[2] == (
        "Last: Lunch reset at 12:20: Stopped for pain or dizziness (during Chin drop)."
    )
    service.recorder.record(
        Record(NATURAL_BREAK_KEY, "", Outcome.NATURAL_BREAK, now + timedelta(minutes=45))
    )
    assert service.handle(Status()).message.splitlines()[2] == "Last: a natural break at 13:05."


def test_imported_settings_are_checked_again_then_applied(
    served: tuple[CommandService, ManualClock],
) -> None:
    service, _ = served
    assert not service.handle(UseSettings('theme = "dark"\n')).ok  # no way to apply them
    applied: list[object] = []
    service.apply_settings = lambda settings: applied.append(settings)  # type: ignore[assignment,func-returns-value]
    reply = service.handle(UseSettings('schema_version = 2\ntheme = "purple"\n'))
    assert not reply.ok and "theme" in reply.message and applied == []
    reply = service.handle(UseSettings('schema_version = 2\ntheme = "dark"\n'))
    assert reply.ok and reply.message == "The imported settings are in use and saved."
    assert len(applied) == 1
