"""The tray menu: every action emits its request; entries follow the engine's state."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

from desk_breaks.core.engine import Offer, State
from desk_breaks.core.presentation import Snapshot
from desk_breaks.core.schedule import Occurrence, SessionKind
from desk_breaks.ui.tray import TrayController
from tests.helpers.content import breath_exercise, hold_exercise, routine
from tests.helpers.snapshots import snapshot

Z = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 23, 12, 5, tzinfo=Z)
LUNCH = Occurrence("lunch", SessionKind.FULL, "lunch-reset", NOW.replace(minute=30))
ROUTINES = {
    "lunch-reset": routine(hold_exercise(), breath_exercise(), routine_id="lunch-reset"),
    "check-in": routine(hold_exercise(), routine_id="check-in"),
}
ICONS = {name: QIcon() for name in ("tray-active", "tray-due", "tray-snoozed", "tray-paused")}


@pytest.fixture
def tray(qtbot: QtBot) -> TrayController:
    controller = TrayController(ICONS, ROUTINES, (5, 10, 15))
    qtbot.addWidget(controller.menu)
    return controller


def snap(state: State = State.WAITING, **kw: object) -> Snapshot:
    return snapshot(state, now=NOW, next_due=kw.pop("next_due", LUNCH), **kw)  # type: ignore[arg-type]


def test_the_first_line_names_the_next_session(tray: TrayController) -> None:
    tray.update(snap(State.WAITING), can_snooze=False)
    assert tray.next_action.text() == "Test routine at 12:30"
    # Legible (a disabled entry is drawn grey) and bold; it opens Settings with the day.
    assert tray.next_action.isEnabled() and tray.next_action.font().bold()
    assert tray.icon.toolTip() == "Desk Breaks\nTest routine at 12:30 (in 25 min)"


def test_start_now_lists_routines_shortest_first(tray: TrayController, qtbot: QtBot) -> None:
    labels = [a.text() for a in tray.start_menu.actions()]
    assert labels == ["Test routine (15 s)", "Test routine (42 s)"]
    with qtbot.waitSignal(tray.start_requested) as blocker:
        tray.start_menu.actions()[1].trigger()
    assert blocker.args == ["lunch-reset"]


def test_snooze_only_while_a_session_is_due(tray: TrayController, qtbot: QtBot) -> None:
    tray.update(snap(State.WAITING), can_snooze=False)
    assert not tray.snooze_menu.isEnabled()
    assert not tray.skip_action.isVisible()
    tray.update(snap(State.PROMPTING, offer=Offer(LUNCH)), can_snooze=True)
    assert tray.snooze_menu.isEnabled()
    with qtbot.waitSignal(tray.snooze_requested) as blocker:
        tray.actions_by_text()["10 minutes"].trigger()
    assert blocker.args == [10]
    with qtbot.waitSignal(tray.skip_requested):
        tray.skip_action.trigger()
    tray.update(snap(State.PROMPTING, offer=Offer(LUNCH, 3)), can_snooze=False)
    assert not tray.snooze_menu.isEnabled()


@pytest.mark.parametrize(
    ("label", "value"), [("For 30 minutes", 30), ("For 1 hour", 60), ("Until tomorrow", "tomorrow")]
)
def test_pause_choices(tray: TrayController, qtbot: QtBot, label: str, value: object) -> None:
    with qtbot.waitSignal(tray.pause_requested) as blocker:
        tray.actions_by_text()[label].trigger()
    assert blocker.args == [value]


def test_resume_shows_only_while_paused(tray: TrayController, qtbot: QtBot) -> None:
    tray.update(snap(State.WAITING), can_snooze=False)
    assert not tray.resume_action.isVisible() and tray.pause_menu.isEnabled()
    tray.update(snap(State.PAUSED, paused_until=NOW.replace(hour=13, minute=0)), can_snooze=False)
    assert tray.resume_action.isVisible() and not tray.pause_menu.isEnabled()
    assert tray.next_action.text() == "Paused until 13:00"
    with qtbot.waitSignal(tray.resume_requested):
        tray.resume_action.trigger()


def test_settings_and_quit(tray: TrayController, qtbot: QtBot) -> None:
    with qtbot.waitSignal(tray.settings_requested):
        tray.settings_action.trigger()
    with qtbot.waitSignal(tray.quit_requested):
        tray.quit_action.trigger()


def test_an_icon_already_in_the_tray_is_taken_over(qtbot: QtBot) -> None:
    # launch.run shows the icon before the app is built; the controller keeps that one.
    early = QSystemTrayIcon(QIcon())
    early.setToolTip("Desk Breaks — starting…")
    controller = TrayController(ICONS, ROUTINES, (5, 10, 15), icon=early)
    qtbot.addWidget(controller.menu)
    assert controller.icon is early
    assert early.contextMenu() is controller.menu
    controller.update(snap(State.WAITING), can_snooze=False)
    assert early.toolTip() == "Desk Breaks\nTest routine at 12:30 (in 25 min)"


def test_progress_opens_from_the_menu(tray: TrayController, qtbot: QtBot) -> None:
    actions = tray.actions_by_text()
    assert list(actions).index("Progress…") < list(actions).index("Settings and history…")
    with qtbot.waitSignal(tray.progress_requested):
        actions["Progress…"].trigger()


def test_the_first_line_opens_settings(tray: TrayController, qtbot: QtBot) -> None:
    with qtbot.waitSignal(tray.settings_requested):
        tray.next_action.trigger()
