"""The no-tray status window: the tray's own actions as buttons, the next session, the palette."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from desk_breaks.app import load_icons
from desk_breaks.core.engine import Offer, State
from desk_breaks.core.presentation import Snapshot
from desk_breaks.core.schedule import Occurrence, SessionKind
from desk_breaks.ui.status_window import NOTE, StatusWindow
from desk_breaks.ui.tray import TrayController
from tests.helpers.content import breath_exercise, hold_exercise, routine
from tests.helpers.snapshots import snapshot

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
Z = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 23, 12, 5, tzinfo=Z)
LUNCH = Occurrence("lunch", SessionKind.FULL, "lunch-reset", NOW.replace(minute=30))
ROUTINES = {
    "lunch-reset": replace(
        routine(hold_exercise(), breath_exercise(), routine_id="lunch-reset"), name="Lunch reset"
    ),
    "check-in": replace(routine(hold_exercise(), routine_id="check-in"), name="Check-in"),
}


def snap(state: State = State.WAITING, **kw: object) -> Snapshot:
    return snapshot(state, now=NOW, next_due=kw.pop("next_due", LUNCH), **kw)  # type: ignore[arg-type]


class Window:
    """A status window over a real tray controller, updated the way the app does it."""

    def __init__(self, qtbot: QtBot) -> None:
        icons = load_icons()
        self.tray = TrayController(icons, ROUTINES, (5, 10, 15))
        qtbot.addWidget(self.tray.menu)
        self.tray.update(snap(State.WAITING), can_snooze=False)
        self.window = StatusWindow(self.tray, icons["app"])
        qtbot.addWidget(self.window)

    def update(self, state: Snapshot, *, can_snooze: bool = True) -> None:
        self.tray.update(state, can_snooze=can_snooze)
        self.window.refresh()


@pytest.fixture
def status(qtbot: QtBot) -> Window:
    made = Window(qtbot)
    made.window.show()
    qtbot.waitExposed(made.window)
    return made


def test_buttons_trigger_the_tray_menu_actions(status: Window, qtbot: QtBot) -> None:
    buttons = status.window.buttons
    with qtbot.waitSignal(status.tray.settings_requested):
        qtbot.mouseClick(buttons["Settings and history"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(status.tray.quit_requested):
        qtbot.mouseClick(buttons["Quit Desk Breaks"], Qt.MouseButton.LeftButton)
    status.update(snap(State.PROMPTING, offer=Offer(LUNCH)))
    with qtbot.waitSignal(status.tray.skip_requested):
        qtbot.mouseClick(buttons["Skip this session"], Qt.MouseButton.LeftButton)
    # Submenus are the tray's own menus, so each choice emits the tray's own request.
    assert buttons["Pause"].menu() is status.tray.pause_menu
    assert buttons["Start a session now"].menu() is status.tray.start_menu
    assert buttons["Snooze"].menu() is status.tray.snooze_menu
    assert buttons["Meeting mode"].menu() is status.tray.meeting_menu
    with qtbot.waitSignal(status.tray.pause_requested) as blocker:
        status.tray.pause_menu.actions()[0].trigger()
    assert blocker.args == [30]


def test_every_menu_entry_has_a_button(status: Window) -> None:
    entries = {
        a.text().replace("…", "")
        for a in status.tray.menu.actions()
        if not a.isSeparator() and a is not status.tray.next_action
    }
    assert set(status.window.buttons) == entries


def test_a_disabled_or_hidden_action_disables_or_hides_its_button(status: Window) -> None:
    buttons = status.window.buttons
    assert not buttons["Snooze"].isEnabled()  # nothing is due
    assert not buttons["Skip this session"].isVisible()
    assert not buttons["Resume"].isVisible()
    status.tray.settings_action.setEnabled(False)
    assert not buttons["Settings and history"].isEnabled()
    status.tray.settings_action.setEnabled(True)
    assert buttons["Settings and history"].isEnabled()

    status.update(snap(State.PROMPTING, offer=Offer(LUNCH)))
    assert buttons["Snooze"].isEnabled()
    assert buttons["Skip this session"].isVisible()
    status.update(snap(State.PAUSED, paused_until=NOW + timedelta(hours=1)))
    assert not buttons["Pause"].isEnabled()
    assert buttons["Resume"].isVisible() and buttons["Resume"].isEnabled()
    assert not buttons["Meeting mode"].isEnabled()


def test_headline_and_time_left_follow_the_tray(status: Window) -> None:
    window = status.window
    assert window.headline.text() == "Lunch reset at 12:30"
    assert window.detail.text() == "In 25 min"
    assert window.detail.isVisible()
    assert status.tray.icon.toolTip() == "Desk Breaks\nLunch reset at 12:30 (in 25 min)"

    status.update(snap(State.PROMPTING, offer=Offer(LUNCH)))
    assert window.headline.text() == "Lunch reset is due now"
    assert window.detail.text() == ""
    assert not window.detail.isVisible()  # nothing to count down to: no empty line

    until = NOW + timedelta(hours=1, minutes=10)
    status.update(snap(State.PAUSED, paused_until=until))
    assert window.headline.text() == "Paused until 13:15"
    assert window.detail.text() == "In 1 h 10 min"
    assert window.detail.isVisible()
    assert window.headline.accessibleName() == "Paused until 13:15"
    assert window.detail.accessibleName() == "In 1 h 10 min"


def test_closing_only_minimises(status: Window, qtbot: QtBot) -> None:
    window = status.window
    assert not window.close()  # the close is refused...
    assert window.isVisible()
    assert window.windowState() & Qt.WindowState.WindowMinimized  # ...and the window minimised
    window.setWindowState(Qt.WindowState.WindowNoState)


def test_every_button_has_an_accessible_name(status: Window) -> None:
    window = status.window
    found = window.findChildren(QPushButton)
    assert len(found) == len(window.buttons) >= 9
    for button in found:
        assert button.accessibleName(), button.text()
        assert "…" not in button.accessibleName()
        if button.menu() is not None:
            assert button.accessibleDescription().startswith("Opens the ")
    assert window.accessibleName() == "Desk Breaks status"
    assert window.note.text() == NOTE and window.note.accessibleName() == NOTE


def test_sizes_follow_the_font(status: Window, qtbot: QtBot) -> None:
    window = status.window
    small = window.icon_view.width()
    headline = window.headline.font().pointSizeF()
    assert headline > window.font().pointSizeF()  # the headline stands out
    assert window.note.font().pointSizeF() < window.font().pointSizeF()  # a footnote
    font = window.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    window.setFont(font)
    assert window.icon_view.width() > small
    assert window.headline.font().pointSizeF() > headline


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_follows_the_palette_and_saves_a_screenshot(
    qtbot: QtBot, use_palette: Callable[[bool], QPalette], dark: bool
) -> None:
    palette = use_palette(dark)
    made = Window(qtbot)
    window = made.window
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(1)  # let layouts settle before grabbing
    base = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    assert window.palette().color(QPalette.ColorRole.Window) == base
    assert window.headline.palette().color(QPalette.ColorRole.WindowText) == text
    for quiet in (window.detail, window.note):
        muted = quiet.palette().color(QPalette.ColorRole.WindowText)
        assert muted != text
        assert abs(muted.lightness() - base.lightness()) > 60  # still readable
    image = window.grab().toImage()
    corner = image.pixelColor(2, image.height() // 2)
    assert abs(corner.lightness() - base.lightness()) < 8
    ARTIFACTS.mkdir(exist_ok=True)
    assert window.grab().save(str(ARTIFACTS / f"status-window-{'dark' if dark else 'light'}.png"))

    note = window.note.palette().color(QPalette.ColorRole.WindowText)
    use_palette(not dark)  # the desktop switches theme while the window is open
    after = window.note.palette().color(QPalette.ColorRole.WindowText)
    assert after != note
    window_colour = QApplication.palette().color(QPalette.ColorRole.Window)
    assert abs(after.lightness() - window_colour.lightness()) > 60


def test_problems_at_start_show_in_the_window(status: Window, qtbot: QtBot) -> None:
    window = status.window
    assert not window.problems.isVisible()
    notices = [
        "Settings: check_ins.interval_min must be 1 or more; using 30.",
        "The history file could not be read; a fresh one was started.",
    ]
    window.set_notices(notices)
    assert window.problems.isVisible()
    assert window.problems.text() == "\n".join(f"• {n}" for n in notices)
    assert window.problems.accessibleName().startswith("2 problems at start: Settings:")
    ARTIFACTS.mkdir(exist_ok=True)
    qtbot.wait(1)
    assert window.grab().save(str(ARTIFACTS / "status-window-problems.png"))
    window.set_notices([])
    assert not window.problems.isVisible()


def test_the_window_keeps_the_size_its_content_needs(status: Window) -> None:
    """Minimum = maximum = what the content needs: sway floats it instead of tiling it."""
    window = status.window
    assert window.minimumSize() == window.maximumSize() == window.size() == window.sizeHint()
    status.update(snap(State.PAUSED, paused_until=NOW + timedelta(hours=1)))
    assert window.minimumSize() == window.maximumSize() == window.size() == window.sizeHint()
    status.window.set_notices(["One problem at start, told in a long line " * 3])
    assert window.size() == window.sizeHint()


def test_the_tray_watch_asks_until_a_tray_answers(qtbot: QtBot) -> None:
    from desk_breaks.ui.status_window import TrayWatch

    answers = iter([False, False, True])
    asked: list[bool] = []

    def available() -> bool:
        asked.append(True)
        return next(answers)

    watch = TrayWatch(available, interval_ms=5)
    watch.start()
    with qtbot.waitSignal(watch.appeared, timeout=5000):
        pass
    assert len(asked) == 3 and not watch.is_watching()
