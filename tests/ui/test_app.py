"""The composed app (offscreen, fake clock): tray and prompt actions drive the engine."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desk_breaks.app import DeskBreaks, Ports
from desk_breaks.core.clock import ManualClock
from desk_breaks.core.commands import Pause, Show, Skip, Snooze, Status
from desk_breaks.core.engine import Outcome, Record, State
from desk_breaks.core.history import History, HistoryError, pending_file
from desk_breaks.core.paths import AppPaths
from desk_breaks.core.recorder import Journal
from desk_breaks.desktop.ipc.instance import InstanceGuard
from desk_breaks.launch import show_starting_icon
from tests.helpers.fakes import FakeNotifier

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
    if desk.windows.session is not None:
        desk.windows.session.close()
    desk.shutdown()
    guard.release()


def advance(desk: DeskBreaks, clock: ManualClock, minutes: float) -> None:
    clock.advance(timedelta(minutes=minutes))
    desk.host.check_clock()  # what the minute timer does


def test_first_start_writes_the_settings_file_and_shows_the_next_session(
    app: tuple[DeskBreaks, ManualClock], qtbot: QtBot
) -> None:
    desk, _ = app
    qtbot.waitUntil(desk.paths.settings_file.exists)  # written once the icon shows
    assert desk.paths.settings_file.exists()
    assert desk.tray.next_action.text() == "Lunch reset at 12:30"
    assert desk.host.next_wakeup() == MONDAY_NOON.replace(minute=30)


def test_the_app_takes_over_the_icon_launch_put_in_the_tray(tmp_path: Path, qtbot: QtBot) -> None:
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "run")
    (tmp_path / "run").mkdir(mode=0o700)
    guard = InstanceGuard(paths.runtime_dir)
    assert guard.try_acquire()
    early = show_starting_icon()
    assert early.toolTip() == "Desk Breaks — starting…"
    desk = DeskBreaks(paths, ManualClock(MONDAY_NOON, BERLIN), guard, tray_icon=early)
    try:
        desk.start()
        assert desk.tray.icon is early
        assert early.contextMenu() is desk.tray.menu
        assert early.toolTip().startswith("Desk Breaks\nLunch reset at 12:30")
    finally:
        desk.shutdown()
        guard.release()
    assert not early.isVisible()


def test_the_icon_shows_before_a_first_run_writes_and_a_quick_quit_still_writes(
    tmp_path: Path, qtbot: QtBot
) -> None:
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "run")
    (tmp_path / "run").mkdir(mode=0o700)
    guard = InstanceGuard(paths.runtime_dir)
    assert guard.try_acquire()
    desk = DeskBreaks(paths, ManualClock(MONDAY_NOON, BERLIN), guard)
    try:
        desk.start()
        assert desk.tray.icon.isVisible()
        assert not paths.settings_file.exists()  # due on the event loop's next turn
    finally:
        desk.shutdown()  # quit before that turn came
        guard.release()
    assert paths.settings_file.exists()


def test_a_due_session_prompts_and_start_opens_the_guided_session(
    app: tuple[DeskBreaks, ManualClock], qtbot: QtBot
) -> None:
    desk, clock = app
    advance(desk, clock, 10)
    assert desk.engine.state is State.PROMPTING
    assert desk.windows.prompt.isVisible()
    assert "Lunch reset · 5 min" in desk.windows.prompt._detail.text()
    assert desk.tray.snooze_menu.isEnabled()
    clock.advance(3)  # past the key guard is irrelevant for clicks; a click always counts
    qtbot.mouseClick(desk.windows.prompt.start_button, Qt.MouseButton.LeftButton)
    assert desk.engine.state is State.IN_SESSION
    assert not desk.windows.prompt.isVisible()
    assert desk.windows.session is not None and desk.windows.session.isVisible()
    assert desk.tray.next_action.text() == "Session in progress"
    desk.windows.session.stop_for_pain()  # "This hurts / I feel dizzy"
    assert desk.engine.state is State.WAITING
    last = desk.history.recent(1)[0]
    assert (last.key, last.outcome, last.exercise_stopped) == (
        "lunch",
        Outcome.STOPPED_PAIN,
        "chin-tuck-seated",
    )


def test_show_gives_the_keyboard_to_the_prompt_and_brings_it_back_after_escape(
    app: tuple[DeskBreaks, ManualClock], qtbot: QtBot
) -> None:
    """a second ``desk-breaks`` (a desktop shortcut can run it) is the keyboard's way in."""
    desk, clock = app
    advance(desk, clock, 10)  # 12:30, lunch is due
    prompt = desk.windows.prompt
    assert prompt.isVisible()
    notified: list[str] = []
    desk.tray.notify = lambda _title, message: notified.append(message)  # type: ignore[method-assign]
    assert desk.handle(Show()).ok
    qtbot.waitUntil(lambda: QApplication.activeWindow() is prompt)
    assert prompt.start_button.hasFocus() and not prompt.key_guard_active()
    assert notified == []  # the prompt answers; no balloon on top
    qtbot.keyClick(prompt.windowHandle(), Qt.Key.Key_Escape)  # put away, not answered
    assert not prompt.isVisible()
    assert desk.engine.state is State.PROMPTING
    elsewhere = QWidget()  # the window manager gives the keyboard back to the last window
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is elsewhere)
    assert desk.handle(Show()).ok
    qtbot.waitUntil(lambda: QApplication.activeWindow() is prompt)
    qtbot.keyClick(prompt.windowHandle(), Qt.Key.Key_Tab)  # Start → 5 min
    qtbot.keyClick(prompt.windowHandle(), Qt.Key.Key_Return)
    assert desk.engine.state is State.SNOOZED
    assert not prompt.isVisible()


def test_show_with_nothing_to_answer_says_the_app_is_running(
    app: tuple[DeskBreaks, ManualClock],
) -> None:
    desk, _ = app
    notified: list[str] = []
    desk.tray.notify = lambda _title, message: notified.append(message)  # type: ignore[method-assign]
    assert desk.handle(Show()).ok
    assert notified == ["Already running. Lunch reset at 12:30."]


def test_snooze_from_the_tray_then_skip_from_the_prompt(
    app: tuple[DeskBreaks, ManualClock], qtbot: QtBot
) -> None:
    desk, clock = app
    advance(desk, clock, 10)
    desk.tray.actions_by_text()["10 minutes"].trigger()
    assert desk.engine.state is State.SNOOZED
    assert not desk.windows.prompt.isVisible()
    assert desk.tray.next_action.text() == "Lunch reset snoozed until 12:40"
    advance(desk, clock, 10)
    assert desk.windows.prompt.isVisible()
    qtbot.mouseClick(desk.windows.prompt.skip_button, Qt.MouseButton.LeftButton)
    assert desk.engine.state is State.WAITING
    outcomes = [r.outcome for r in desk.history.recent(5)]
    assert outcomes == [Outcome.SKIPPED, Outcome.SNOOZED]


def test_pause_and_resume_from_the_tray(app: tuple[DeskBreaks, ManualClock]) -> None:
    desk, clock = app
    desk.tray.actions_by_text()["For 1 hour"].trigger()
    assert desk.engine.state is State.PAUSED
    assert desk.tray.next_action.text() == "Paused until 13:20"
    advance(desk, clock, 10)  # lunch falls in the pause: no prompt
    assert not desk.windows.prompt.isVisible()
    desk.tray.resume_action.trigger()
    assert desk.engine.state is State.WAITING
    advance(desk, clock, 30)  # 13:00: the first check-in after lunch
    assert desk.engine.state is State.PROMPTING
    assert desk.windows.prompt._title.text() == "Time for a check-in"


def test_start_now_from_the_tray_and_status_reports_it(app: tuple[DeskBreaks, ManualClock]) -> None:
    desk, _ = app
    label = next(t for t in desk.tray.actions_by_text() if t.startswith("30-second check-in"))
    desk.tray.actions_by_text()[label].trigger()
    assert desk.engine.state is State.IN_SESSION
    reply = desk.handle(Status())
    assert reply.ok and reply.data["state"] == "in session"
    assert desk.windows.session is not None
    desk.windows.session.close()
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


# -- the history: whatever is on disk, the app starts and says so once ---------------------------


def start_app(tmp_path: Path, notifier: FakeNotifier) -> tuple[DeskBreaks, InstanceGuard]:
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "run")
    (tmp_path / "run").mkdir(mode=0o700, exist_ok=True)
    guard = InstanceGuard(paths.runtime_dir)
    assert guard.try_acquire()
    ports = Ports(notifier=lambda tray: notifier)
    desk = DeskBreaks(paths, ManualClock(MONDAY_NOON, BERLIN), guard, ports=ports)
    desk.start()
    return desk, guard


def history_notices(desk: DeskBreaks) -> list[str]:
    return [n for n in desk.notices if "history" in n.lower()]


def test_a_damaged_history_is_set_aside_and_the_app_starts_and_says_so(
    tmp_path: Path, qtbot: QtBot
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "history.sqlite3").write_bytes(b"not a database" * 100)
    notifier = FakeNotifier()
    desk, guard = start_app(tmp_path, notifier)
    try:
        (notice,) = history_notices(desk)
        aside = "history.sqlite3.broken-2026-03-23-122000"
        assert aside in notice and "new, empty history" in notice
        assert any(aside in shown.body for shown in notifier.shown)  # told on the desktop
        reply = desk.handle(Status())
        assert reply.data["notices"] == desk.notices
        assert reply.data["history"] == {"state": "fresh-after-damage", "unsaved": 0}
        assert (tmp_path / "data" / aside).read_bytes() == b"not a database" * 100
    finally:
        desk.shutdown()
        guard.release()


def test_a_newer_history_is_never_written_and_the_sessions_wait_beside_it(
    tmp_path: Path, qtbot: QtBot
) -> None:
    path = tmp_path / "data" / "history.sqlite3"
    path.parent.mkdir()
    History(path).close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version=99")
    db.close()
    before = path.read_bytes()
    desk, guard = start_app(tmp_path, FakeNotifier())
    try:
        (notice,) = history_notices(desk)
        assert "newer Desk Breaks" in notice and "history.sqlite3.pending.jsonl" in notice
        assert isinstance(desk.clock, ManualClock)
        advance(desk, desk.clock, 10)
        assert desk.handle(Skip()).ok
        reply = desk.handle(Status())
        assert reply.data["last"]["outcome"] == "skipped"  # type: ignore[index]
        assert reply.data["today"]["skipped"] == 1  # type: ignore[index]
        assert reply.data["history"] == {"state": "read-only-newer", "unsaved": 1}
    finally:
        desk.shutdown()
        guard.release()
    assert path.read_bytes() == before
    assert [e.record.key for e in Journal(pending_file(path)).read()] == ["lunch"]


def test_a_row_from_a_newer_version_does_not_break_status_or_the_start(
    tmp_path: Path, qtbot: QtBot
) -> None:
    path = tmp_path / "data" / "history.sqlite3"
    path.parent.mkdir()
    history = History(path)
    history.record(Record("lunch", "lunch-reset", Outcome.COMPLETED, MONDAY_NOON))
    history.close()
    db = sqlite3.connect(path)
    db.execute(
        "INSERT INTO sessions (key, routine_id, outcome, at) VALUES ('x', 'y', 'levitated', ?)",
        (MONDAY_NOON.isoformat(),),
    )
    db.commit()
    db.close()
    desk, guard = start_app(tmp_path, FakeNotifier())
    try:
        assert history_notices(desk) == []
        reply = desk.handle(Status())
        assert reply.ok and reply.data["last"]["outcome"] == "completed"  # type: ignore[index]
        assert reply.data["today"]["completed"] == 1  # type: ignore[index]
    finally:
        desk.shutdown()
        guard.release()


@pytest.mark.parametrize("kind", ["data folder is a file", "history is a folder"])
def test_a_history_that_cannot_be_used_leaves_the_app_running(
    tmp_path: Path, qtbot: QtBot, kind: str
) -> None:
    if kind == "data folder is a file":
        (tmp_path / "data").write_text("a file")
    else:
        (tmp_path / "data" / "history.sqlite3").mkdir(parents=True)
    desk, guard = start_app(tmp_path, FakeNotifier())
    try:
        (notice,) = history_notices(desk)
        assert str(tmp_path / "data") in notice and "not being saved" in notice
        assert desk.handle(Status()).data["history"]["state"] == "unavailable"  # type: ignore[index]
    finally:
        desk.shutdown()
        guard.release()


def test_a_disk_that_fills_up_is_told_once_per_spell_and_loses_nothing_at_quit(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    notifier = FakeNotifier()
    desk, guard = start_app(tmp_path, notifier)
    clock = desk.clock
    assert isinstance(clock, ManualClock)
    real_record = desk.history.record

    def disk_full(record: Record, uid: str | None = None) -> None:
        raise HistoryError("Could not write to the history: database or disk is full")

    def told() -> int:
        return sum(shown.title == "History not saved" for shown in notifier.shown)

    try:
        monkeypatch.setattr(desk.history, "record", disk_full)
        advance(desk, clock, 10)
        assert desk.handle(Snooze(5)).ok
        assert told() == 1
        monkeypatch.setattr(desk.history, "record", real_record)
        advance(desk, clock, 5)
        assert desk.handle(Skip()).ok  # the disk has room again: everything goes in
        assert desk.handle(Status()).data["history"]["unsaved"] == 0  # type: ignore[index]
        monkeypatch.setattr(desk.history, "record", disk_full)
        while desk.engine.state is not State.PROMPTING:  # the next check-in
            advance(desk, clock, 1)
        assert desk.handle(Skip()).ok  # a second spell
        assert told() == 2
    finally:
        desk.shutdown()  # quits while the disk is still full
        guard.release()
    monkeypatch.undo()
    again, guard = start_app(tmp_path, FakeNotifier())
    try:
        outcomes = [r.outcome for r in again.history.recent(10)]
        assert outcomes == [Outcome.SKIPPED, Outcome.SKIPPED, Outcome.SNOOZED]
        assert history_notices(again) == []
    finally:
        again.shutdown()
        guard.release()


# -- one change, one redraw ---------------------------------------------------------------------


def count_redraws(desk: DeskBreaks, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count TrayController.update calls; the list holds one counter."""
    calls = [0]
    update = desk.tray.update

    def counted(*args: object, **kwargs: object) -> None:
        calls[0] += 1
        update(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(desk.tray, "update", counted)
    return calls


@pytest.mark.parametrize(
    ("command", "due_first"),
    [(Snooze(5), True), (Skip(), True), (Pause(30), False), (Status(), False)],
)
def test_one_command_redraws_the_tray_once(
    app: tuple[DeskBreaks, ManualClock],
    monkeypatch: pytest.MonkeyPatch,
    command: Snooze | Skip | Pause | Status,
    due_first: bool,
) -> None:
    desk, clock = app
    if due_first:
        advance(desk, clock, 10)
        assert desk.engine.state is State.PROMPTING
    redraws = count_redraws(desk, monkeypatch)
    assert desk.handle(command).ok
    assert redraws == [1]


def test_a_due_prompt_redraws_the_tray_once(
    app: tuple[DeskBreaks, ManualClock], monkeypatch: pytest.MonkeyPatch
) -> None:
    desk, clock = app
    redraws = count_redraws(desk, monkeypatch)
    clock.advance(timedelta(minutes=10))
    desk.host._due.timeout.emit()  # the due timer fires at 12:30
    assert desk.engine.state is State.PROMPTING and desk.windows.prompt.isVisible()
    assert redraws == [1]
    advance(desk, clock, 1)  # the minute check finds nothing new: one redraw still
    assert redraws == [2]


def test_a_reaction_to_an_event_runs_after_the_change_and_still_redraws_once(
    app: tuple[DeskBreaks, ManualClock], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The offered routine is gone: the app skips it from its offer reaction, which runs
    # after the engine has finished changing (not from inside the engine's own call).
    desk, clock = app
    monkeypatch.delitem(desk.library.routines, "lunch-reset")
    redraws = count_redraws(desk, monkeypatch)
    advance(desk, clock, 10)
    assert desk.engine.state is State.WAITING and desk.engine.offer is None
    assert desk.history.recent(1)[0].outcome is Outcome.SKIPPED
    assert redraws == [1]


def test_stop_from_the_command_line_ends_the_session_and_hurt_shows_the_safety_screen(
    app: tuple[DeskBreaks, ManualClock], qtbot: QtBot
) -> None:
    from desk_breaks.core.commands import Start, StopSession
    from desk_breaks.ui.session.pages import Screen

    desk, _ = app
    assert not desk.handle(StopSession()).ok  # nothing is running
    assert desk.handle(Start("lunch-reset")).ok
    assert desk.handle(StopSession()).ok
    assert desk.engine.state is State.WAITING
    assert desk.windows.session is None or not desk.windows.session.isVisible()
    assert desk.handle(Status()).data["last"]["outcome"] == "stopped"  # type: ignore[index]

    assert desk.handle(Start("lunch-reset")).ok
    reply = desk.handle(StopSession(hurt=True))
    assert reply.ok and "safety advice" in reply.message
    session = desk.windows.session
    assert session is not None and session.screen_shown is Screen.SAFETY
    status = desk.handle(Status()).data
    assert status["last"]["outcome"] == "stopped-pain"  # type: ignore[index]
    states = {e["id"]: e["state"] for e in status["exercises"]}  # type: ignore[union-attr,index]
    assert states["chin-tuck-seated"] == "gentler"  # the first exercise, where it stopped
