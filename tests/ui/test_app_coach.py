"""The coach in the composed app (offscreen, fake clock): welcome, journal, advice, stop."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from desk_breaks.app import DeskBreaks
from desk_breaks.core.clock import ManualClock
from desk_breaks.core.engine import Outcome, Record
from desk_breaks.core.history import History
from desk_breaks.core.paths import AppPaths
from desk_breaks.desktop.ipc.instance import InstanceGuard

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_NOON = datetime(2026, 3, 23, 12, 20, tzinfo=BERLIN)


class Started:
    """Starts the app in a home folder, as often as a test likes (one at a time)."""

    def __init__(self, tmp_path: Path) -> None:
        self.paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "run")
        (tmp_path / "run").mkdir(mode=0o700)
        self.clock = ManualClock(MONDAY_NOON, BERLIN)
        self.desk: DeskBreaks | None = None
        self.guard: InstanceGuard | None = None

    def start(self) -> DeskBreaks:
        self.stop()
        self.guard = InstanceGuard(self.paths.runtime_dir)
        assert self.guard.try_acquire()
        self.desk = DeskBreaks(self.paths, self.clock, self.guard)
        self.desk.start()
        return self.desk

    def stop(self) -> None:
        if self.desk is not None:
            self.desk.shutdown()
            self.desk = None
        if self.guard is not None:
            self.guard.release()
            self.guard = None


@pytest.fixture
def started(tmp_path: Path) -> Iterator[Started]:
    runner = Started(tmp_path)
    yield runner
    runner.stop()


def test_a_new_user_meets_the_welcome_once(started: Started, qtbot: QtBot) -> None:
    desk = started.start()
    qtbot.waitUntil(
        lambda: desk.windows.calm.welcome is not None and desk.windows.calm.welcome.isVisible()
    )
    welcome = desk.windows.calm.welcome
    assert welcome is not None and welcome.windowTitle().startswith("Welcome")
    for box in welcome.boxes:
        box.set_answer(box.question.id == "arm-symptoms")
    welcome._go(2)  # the result page
    welcome.next_button.click()
    assert not desk.coach.needs_welcome()
    states = {s.exercise_id: s for s in desk.coach.view().states.values()}
    assert states["neck-extension-backward"].mode.value == "left-out"
    started.stop()
    desk = started.start()
    qtbot.wait(50)
    assert desk.windows.calm.welcome is None  # never asked again once answered


def test_quitting_with_the_welcome_open_asks_again_next_time(
    started: Started, qtbot: QtBot
) -> None:
    desk = started.start()
    qtbot.waitUntil(lambda: desk.windows.calm.welcome is not None)
    started.stop()
    desk = started.start()
    qtbot.waitUntil(lambda: desk.windows.calm.welcome is not None)
    welcome = desk.windows.calm.welcome
    assert welcome is not None
    welcome.close()  # closing it is a skip
    assert not desk.coach.needs_welcome()


def test_an_existing_user_is_offered_the_check_once_after_the_upgrade(
    started: Started, qtbot: QtBot
) -> None:
    started.paths.data_dir.mkdir(parents=True)
    history = History(started.paths.history_file)
    history.record(
        Record("lunch", "lunch-reset", Outcome.COMPLETED, MONDAY_NOON - timedelta(days=3))
    )
    history.close()
    desk = started.start()
    qtbot.waitUntil(lambda: desk.windows.calm.welcome is not None)
    welcome = desk.windows.calm.welcome
    assert welcome is not None and welcome.windowTitle().startswith("What's new")


def test_the_tray_offers_the_journal_and_a_sliding_trend_brings_the_advice(
    started: Started, qtbot: QtBot
) -> None:
    desk = started.start()
    qtbot.waitUntil(lambda: desk.windows.calm.welcome is not None)
    desk.coach.answer_screening(None)
    for day in range(21):  # three weeks of ratings sliding from 7 to 3
        started.clock.advance(timedelta(days=1) if day else timedelta(0))
        desk.coach.journal(7 - day // 5)
    started.clock.advance(timedelta(days=1))
    desk.tray.journal_action.trigger()
    journal = desk.windows.calm.journal
    assert journal is not None and journal.isVisible()
    journal.score_buttons[3].click()
    journal.save_button.click()
    assert desk.windows.calm.journal is None or not journal.isVisible()
    qtbot.waitUntil(lambda: desk.windows.calm.advice is not None)
    advice = desk.windows.calm.advice
    assert advice is not None and advice.isVisible()
    assert desk.coach.advice_due() is None  # shown: the next one waits a week


def test_the_advice_never_interrupts_a_session(started: Started, qtbot: QtBot) -> None:
    from desk_breaks.core.commands import Start, StopSession
    from desk_breaks.ui.session.pages import Screen

    desk = started.start()
    qtbot.waitUntil(lambda: desk.windows.calm.welcome is not None)
    desk.coach.answer_screening(None)
    for n in range(3):  # three stops for pain within two weeks make the advice due ...
        started.clock.advance(timedelta(hours=1))
        assert desk.handle(Start("lunch-reset")).ok
        assert desk.handle(StopSession(hurt=True)).ok
        session = desk.windows.session
        assert session is not None and session.screen_shown is Screen.SAFETY
        desk.windows.calm.offer_advice()
        assert desk.windows.calm.advice is None  # ... but never over the safety screen
        if n < 2:
            session.close()
            qtbot.waitUntil(lambda: desk.windows.session is None)
            assert desk.windows.calm.advice is None
    assert desk.coach.advice_due() is not None
    session.close()  # the safety screen goes: now it is shown
    qtbot.waitUntil(lambda: desk.windows.calm.advice is not None)


def test_what_the_person_says_in_the_session_window_reaches_the_coach(
    started: Started, qtbot: QtBot
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from desk_breaks.core.commands import Start

    desk = started.start()
    qtbot.waitUntil(lambda: desk.windows.calm.welcome is not None)
    desk.coach.answer_screening(None)
    # Stopped for pain during the first exercise; "Leave this exercise out" is one click.
    assert desk.handle(Start("check-in")).ok
    session = desk.windows.session
    assert session is not None
    pain = session.findChild(QPushButton, "painButton")
    qtbot.mouseClick(pain, Qt.MouseButton.LeftButton)
    leave = session.findChild(QPushButton, "leaveOutButton")
    qtbot.mouseClick(leave, Qt.MouseButton.LeftButton)
    state = desk.coach.view().states["chin-tuck-seated"]
    assert (state.mode.value, state.why.value) == ("left-out", "choice")
    session.close()
    qtbot.waitUntil(lambda: desk.windows.session is None)
    # The next check-in falls back to gentle tucks and breathing, and says why first.
    assert desk.handle(Start("check-in")).ok
    session = desk.windows.session
    assert session is not None
    assert [e.id for e in session.runner.routine.exercises] == [
        "chin-tuck-seated",
        "breathing-chin-retraction",
    ]
    begin = session.findChild(QPushButton, "beginButton")
    assert begin is not None and begin.isVisible()  # the preface says what changed
    qtbot.mouseClick(begin, Qt.MouseButton.LeftButton)
    qtbot.keyClick(session, Qt.Key.Key_Right)  # past the first exercise ...
    qtbot.keyClick(session, Qt.Key.Key_Right)  # ... and the last: a partial session
    better = session.findChild(QPushButton, "feelingBetter")
    qtbot.mouseClick(better, Qt.MouseButton.LeftButton)
    assert desk.coach.coach._store.sessions()[-1].feeling is not None
