"""The composed app (offscreen, fake clock): tray and prompt actions drive the engine."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desk_breaks.app import DeskBreaks
from desk_breaks.core.clock import ManualClock
from desk_breaks.core.commands import Status
from desk_breaks.core.engine import Outcome, State
from desk_breaks.core.paths import AppPaths
from desk_breaks.desktop.instance import InstanceGuard

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_NOON = datetime(2026, 3, 23, 12, 20, tzinfo=BERLIN)


@pytest.fixture
def app(tmp_path: Path, qtbot: QtBot) -> Iterator[tuple[DeskBreaks, ManualClock]]:
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "run")
    (tmp_path / "run").mkdir(mode=0o700)
    guard = InstanceGuard(paths.runtime_dir)
    assert guard.try_acquire()
    clock = ManualClock(MONDAY_NOON, BERLIN)
    desk = DeskBreaks(paths, clock, guard)
    desk.start()
    yield desk, clock
    if desk.session is not None:
        desk.session.close()
    desk.shutdown()
    guard.release()


def advance(desk: DeskBreaks, clock: ManualClock, minutes: float) -> None:
    clock.advance(timedelta(minutes=minutes))
    desk.host.check_clock()  # what the minute timer does


def test_first_start_writes_the_settings_file_and_shows_the_next_session(
    app: tuple[DeskBreaks, ManualClock],
) -> None:
    desk, _ = app
    assert desk.paths.settings_file.exists()
    assert desk.tray.next_action.text() == "Lunch reset at 12:30"
    assert desk.host.next_wakeup() == MONDAY_NOON.replace(minute=30)


def test_a_due_session_prompts_and_start_opens_the_guided_session(
    app: tuple[DeskBreaks, ManualClock], qtbot: QtBot
) -> None:
    desk, clock = app
    advance(desk, clock, 10)
    assert desk.engine.state is State.PROMPTING
    assert desk.prompt.isVisible()
    assert "Lunch reset · 5 min" in desk.prompt._detail.text()
    assert desk.tray.snooze_menu.isEnabled()
    clock.advance(3)  # past the key guard is irrelevant for clicks; a click always counts
    qtbot.mouseClick(desk.prompt.start_button, Qt.MouseButton.LeftButton)
    assert desk.engine.state is State.IN_SESSION
    assert not desk.prompt.isVisible()
    assert desk.session is not None and desk.session.isVisible()
    assert desk.tray.next_action.text() == "Session in progress"
    desk.session.stop_for_pain()  # "This hurts / I feel dizzy"
    assert desk.engine.state is State.WAITING
    last = desk.history.recent(1)[0]
    assert (last.key, last.outcome, last.exercise_stopped) == (
        "lunch",
        Outcome.STOPPED_PAIN,
        "chin-tuck-seated",
    )


def test_snooze_from_the_tray_then_skip_from_the_prompt(
    app: tuple[DeskBreaks, ManualClock], qtbot: QtBot
) -> None:
    desk, clock = app
    advance(desk, clock, 10)
    desk.tray.actions_by_text()["10 minutes"].trigger()
    assert desk.engine.state is State.SNOOZED
    assert not desk.prompt.isVisible()
    assert desk.tray.next_action.text() == "Lunch reset snoozed until 12:40"
    advance(desk, clock, 10)
    assert desk.prompt.isVisible()
    qtbot.mouseClick(desk.prompt.skip_button, Qt.MouseButton.LeftButton)
    assert desk.engine.state is State.WAITING
    outcomes = [r.outcome for r in desk.history.recent(5)]
    assert outcomes == [Outcome.SKIPPED, Outcome.SNOOZED]


def test_pause_and_resume_from_the_tray(app: tuple[DeskBreaks, ManualClock]) -> None:
    desk, clock = app
    desk.tray.actions_by_text()["For 1 hour"].trigger()
    assert desk.engine.state is State.PAUSED
    assert desk.tray.next_action.text() == "Paused until 13:20"
    advance(desk, clock, 10)  # lunch falls in the pause: no prompt
    assert not desk.prompt.isVisible()
    desk.tray.resume_action.trigger()
    assert desk.engine.state is State.WAITING
    advance(desk, clock, 30)  # 13:00: the first check-in after lunch
    assert desk.engine.state is State.PROMPTING
    assert desk.prompt._title.text() == "Time for a check-in"


def test_start_now_from_the_tray_and_status_reports_it(app: tuple[DeskBreaks, ManualClock]) -> None:
    desk, _ = app
    label = next(t for t in desk.tray.actions_by_text() if t.startswith("30-second check-in"))
    desk.tray.actions_by_text()[label].trigger()
    assert desk.engine.state is State.IN_SESSION
    reply = desk.handle(Status())
    assert reply.ok and reply.data["state"] == "in session"
    assert desk.session is not None
    desk.session.close()
    assert desk.handle(Status()).data["last"]["outcome"] == "stopped"  # type: ignore[index]


def test_a_broken_settings_file_is_kept_and_reported(tmp_path: Path, qtbot: QtBot) -> None:
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "run")
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_text("preset = [\n")
    (tmp_path / "run").mkdir(mode=0o700)
    guard = InstanceGuard(paths.runtime_dir)
    assert guard.try_acquire()
    desk = DeskBreaks(paths, ManualClock(MONDAY_NOON, BERLIN), guard)
    try:
        assert any("not valid TOML" in n for n in desk.notices)
        assert paths.settings_file.read_text() == "preset = [\n"
        assert list(paths.config_dir.glob("settings.toml.broken-*"))
    finally:
        desk.shutdown()
        guard.release()
