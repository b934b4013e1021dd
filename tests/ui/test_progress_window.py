"""The progress window driven like a person would, on the fake history of a made-up person.

Screenshots go to /tmp/shots/progress-*.png (each tab, light and dark, the empty state and
a 2x rendering of the overview): look at them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from desk_breaks.core.engine_types import Outcome
from desk_breaks.core.progress_types import Period
from desk_breaks.ui.progress.chart import Chart
from desk_breaks.ui.progress.look import day_text
from desk_breaks.ui.progress.window import ProgressWindow
from desk_breaks.ui.windows import Windows
from tests.helpers.fake_progress import FAKE_TODAY, FakeProgress, routine_choices

SHOTS = Path("/tmp/shots")


def open_window(qtbot: QtBot, source: FakeProgress | None = None) -> ProgressWindow:
    window = ProgressWindow(source or FakeProgress(), routine_choices())
    qtbot.addWidget(window)
    window.resize(1000, 900)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def keys(qtbot: QtBot, chart: Chart, *pressed: Qt.Key) -> str:
    for key in pressed:
        qtbot.keyClick(chart, key)
    return chart.focused_text


def focus_on(qtbot: QtBot, window: ProgressWindow, chart: Chart) -> None:
    window.activateWindow()
    chart.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(chart.hasFocus)


# -- opening -------------------------------------------------------------------------------


def windows_with(source: FakeProgress | None) -> Windows:
    nothing = cast(Any, None)
    library = cast(
        Any,
        SimpleNamespace(
            routines={rid: SimpleNamespace(name=name) for rid, name in routine_choices().items()}
        ),
    )
    return Windows(
        icon=QIcon(),
        store=nothing,
        library=library,
        illustration_dirs=[],
        safety=nothing,
        clock=nothing,
        history=nothing,
        files={},
        tray=nothing,
        notices=[],
        command=lambda _c: None,
        apply=lambda _s: None,
        session_finished=lambda _r: None,
        progress=(lambda: source) if source is not None else None,
    )


def test_windows_opens_the_progress_window_once_and_forgets_it_when_closed(qtbot: QtBot) -> None:
    source = FakeProgress()
    windows = windows_with(source)
    windows.calm.show_progress()
    first = windows.calm.progress
    assert first is not None and first.isVisible()
    assert first.windowTitle() == "Progress · Desk Breaks"
    windows.calm.show_progress()
    assert windows.calm.progress is first  # brought forward, not a second one
    asked = len(source.calls)
    windows.calm.refresh_progress()
    assert len(source.calls) > asked  # asked again, e.g. after a session
    exported: list[tuple[str, str]] = []
    windows.export_requested = lambda path, fmt: exported.append((path, fmt))
    first.export_requested.emit("/tmp/a.csv", "csv")
    assert exported == [("/tmp/a.csv", "csv")]
    first.close()
    qtbot.waitUntil(lambda: windows.calm.progress is None)


def test_without_a_history_there_is_no_progress_window(qtbot: QtBot) -> None:
    windows = windows_with(None)
    windows.calm.show_progress()
    assert windows.calm.progress is None


# -- what it shows -------------------------------------------------------------------------


def test_the_overview_shows_the_week_the_streak_and_comfort_from_the_source(
    qtbot: QtBot,
) -> None:
    source = FakeProgress()
    window = open_window(qtbot, source)
    progress = source.progress()
    week = progress.week
    sessions = sum(d.sessions_done for d in week), sum(d.sessions_offered for d in week)
    checks = sum(d.check_ins_done for d in week), sum(d.check_ins_offered for d in week)
    assert window.week_lead.text() == (
        f"{sessions[0]} of {sessions[1]} sessions and {checks[0]} of {checks[1]} "
        "check-ins done so far."
    )
    assert window.subtitle.text() == (
        f"Since Mon 13 Apr 2026: {progress.total_done:,} sessions and check-ins done."
    )
    streak = progress.streak
    assert window.streak_figure.value.text() == f"{streak.current_days} days"
    assert streak.text in window.streak_figure.detail.text()
    assert window.comfort_figure.value.text() == "7 / 10"
    assert "Up from 4 in" in window.comfort_figure.detail.text()
    assert not window.is_empty
    # Every chart has a name; the week's days are said in words.
    for chart in (window.week_chart, window.calendar, window.trend):
        assert chart.accessibleName()
        assert chart.accessibleDescription()
    tuesday = week[1]
    assert window.week_chart.item_text(1) == (
        f"Tuesday 1 December: {tuesday.sessions_done} of 3 sessions, "
        f"{tuesday.check_ins_done} of 15 check-ins"
        + (f", comfort {tuesday.comfort}" if tuesday.comfort is not None else "")
    )
    assert window.week_chart.item_text(4) == "Friday 4 December: still to come"


def test_the_exercises_tab_says_each_dose_and_why(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    source = window._source
    assert isinstance(source, FakeProgress)
    table = window.exercises
    assert table.rowCount() == 0 and ("exercises", None) not in source.calls  # not asked yet
    window.tabs.setCurrentIndex(1)  # the Exercises tab: now the coach's states are asked
    assert source.calls.count(("exercises", None)) == 1
    rows = {
        table.item(r, 0).text(): [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    }
    assert rows["Wall chin tuck"][4] == "Progressed: hold 25 s, up from 20 s"
    assert rows["Neck press: side"][3] == "5, for pain"
    assert rows["Neck press: side"][4] == "Gentler version: hold 5 s"
    assert rows["Neck press: side"][5].startswith("You stopped for pain or dizziness")
    assert rows["Backward neck stretch"][1:5] == ["0", "Not yet", "None", "Left out"]
    assert rows["Belly breathing"][4] == "As in the routine: 6 rounds"


def test_filters_narrow_the_session_list(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    window.tabs.setCurrentIndex(2)
    listing = window.sessions
    month = len(listing.rows)
    assert month > 100
    assert listing.count.text() == f"{month} sessions"
    listing.period.setCurrentIndex(3)  # all time
    everything = len(listing.rows)
    assert everything > month
    listing.outcome.setCurrentIndex(listing.outcome.findText("Stopped for pain or dizziness"))
    assert 0 < len(listing.rows) < everything
    assert all(row.outcome is Outcome.STOPPED_PAIN for row in listing.rows)
    table = listing.table
    assert table.item(0, 3).text() == "Stopped for pain or dizziness during Neck press: side"
    assert table.item(0, 0).text() == "Fri 9 Oct"
    listing.outcome.setCurrentIndex(0)
    listing.routine.setCurrentIndex(listing.routine.findText("Evening unwind"))
    assert {row.routine_name for row in listing.rows} == {"Evening unwind"}
    listing.routine.setCurrentIndex(0)
    qtbot.keyClicks(listing.search, "belly")
    qtbot.waitUntil(lambda: listing.chosen().text == "belly" and len(listing.rows) < everything)
    assert all("Belly breathing" in row.exercises for row in listing.rows)
    assert listing.chosen().period is Period.ALL
    listing.search.setText("no such exercise")
    listing.refresh()
    assert listing.rows == [] and listing.table.isHidden() and listing.empty.isVisible()


def test_export_asks_where_and_hands_the_choice_to_the_app(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot)
    answers = [("/home/ada/for-my-physio", "JSON (*.json)"), ("", "")]
    asked: list[str] = []

    def save_as(parent: QWidget, caption: str, path: str, filters: str) -> tuple[str, str]:
        asked.append(path)
        return answers.pop(0)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    window.tabs.setCurrentIndex(2)
    with qtbot.waitSignal(window.export_requested) as blocker:
        qtbot.mouseClick(window.sessions.export_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["/home/ada/for-my-physio.json", "json"]
    assert asked[0].endswith(f"desk-breaks-{FAKE_TODAY.isoformat()}.csv")
    with qtbot.assertNotEmitted(window.export_requested):
        qtbot.mouseClick(window.sessions.export_button, Qt.MouseButton.LeftButton)


def test_an_empty_history_shows_a_friendly_word_instead_of_empty_charts(qtbot: QtBot) -> None:
    window = open_window(qtbot, FakeProgress(empty=True))
    assert window.is_empty
    assert window.empty.isVisible() and not window.tabs.isVisible()
    assert "Your streak starts with the next session" in window.empty_next.text()
    assert window.subtitle.text() == "Nothing recorded yet."


# -- keyboard and screen readers -----------------------------------------------------------


def test_arrow_keys_walk_the_calendar_and_say_each_day(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    calendar = window.calendar
    focus_on(qtbot, window, calendar)
    assert calendar.focused_text.startswith("Today, Wednesday 2 December: ")
    said = keys(qtbot, calendar, Qt.Key.Key_Up)
    assert said.startswith("Tuesday 1 December: ")
    assert " of 3 sessions, " in said and " of 15 check-ins" in said
    assert calendar.accessibleDescription().startswith(said)
    assert window.spoken == said  # said to screen readers as the focus moves
    assert keys(qtbot, calendar, Qt.Key.Key_Left).startswith("Tuesday 24 November: ")
    weekend = keys(qtbot, calendar, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Down)
    assert weekend.startswith("Friday 27 November: ")
    assert keys(qtbot, calendar, Qt.Key.Key_Down) == (
        "Saturday 28 November: nothing offered (a day off or paused)"
    )
    assert keys(qtbot, calendar, Qt.Key.Key_Home).startswith("Monday 1 June: ")
    assert keys(qtbot, calendar, Qt.Key.Key_End).startswith("Today, Wednesday 2 December")
    # The pain stop of 9 October is said on its day.
    calendar.move_to(next(i for i, d in enumerate(calendar.days) if d.pain_stops))
    assert "1 stop for pain or dizziness" in calendar.focused_text


def test_the_week_and_the_trend_are_walked_with_the_arrows_too(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    week = window.week_chart
    focus_on(qtbot, window, week)
    assert week.focused_text.startswith("Today, Wednesday 2 December: ")
    assert keys(qtbot, week, Qt.Key.Key_Left).startswith("Tuesday 1 December: ")
    assert keys(qtbot, week, Qt.Key.Key_Home).startswith("Monday 30 November: ")
    trend = window.trend
    focus_on(qtbot, window, trend)
    last = trend.items[-1]
    assert trend.focused_text.startswith(f"{day_text(last.day)}: comfort {last.score}")
    seen = [keys(qtbot, trend, Qt.Key.Key_Left) for _ in range(len(trend.items))]
    stops = [text for text in seen if "stopped for pain or dizziness during" in text]
    assert any(text.startswith("Friday 9 October: ") for text in stops)
    assert trend.focused_text.startswith("Monday 1 June: ") or trend.current == 0


def test_tab_reaches_every_chart(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    window.tabs.tabBar().setFocus()
    qtbot.waitUntil(window.tabs.tabBar().hasFocus)
    reached: list[QWidget] = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is not None:
            reached.append(widget)
    for chart in (window.week_chart, window.calendar, window.trend):
        assert chart in reached


# -- look ----------------------------------------------------------------------------------


def test_the_charts_follow_a_switch_to_dark_while_open(
    qtbot: QtBot, use_palette: Callable[[bool], QPalette]
) -> None:
    use_palette(False)
    window = open_window(qtbot)
    calendar = window.calendar
    light_sheet = window.styleSheet()
    light = calendar.grab().toImage().pixelColor(2, 2)
    assert not calendar.inks().dark and light.lightness() > 200
    use_palette(True)
    qtbot.waitUntil(lambda: calendar.inks().dark)
    assert window.styleSheet() != light_sheet
    dark = window.grab().toImage().pixelColor(4, 4)
    assert dark.lightness() < 80
    assert calendar.inks().text.lightness() > 180


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshots(qtbot: QtBot, use_palette: Callable[[bool], QPalette], dark: bool) -> None:
    use_palette(dark)
    SHOTS.mkdir(parents=True, exist_ok=True)
    theme = "dark" if dark else "light"
    window = open_window(qtbot)

    def shoot(name: str) -> None:
        qtbot.wait(1)  # let layouts settle before grabbing
        assert window.grab().save(str(SHOTS / f"progress-{name}-{theme}.png"))

    shoot("overview")
    focus_on(qtbot, window, window.calendar)
    keys(qtbot, window.calendar, Qt.Key.Key_Up, Qt.Key.Key_Left)
    scroll = window.tabs.widget(0)
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())  # type: ignore[attr-defined]
    focus_on(qtbot, window, window.trend)
    keys(qtbot, window.trend, Qt.Key.Key_Left, Qt.Key.Key_Left)
    shoot("overview-lower")
    for index, name in ((1, "exercises"), (2, "sessions")):
        window.tabs.setCurrentIndex(index)
        shoot(name)
    window.tabs.setCurrentIndex(0)
    # Twice the pixels, as on a HiDPI screen: lines and text stay crisp.
    size = window.size()
    image = QImage(size * 2, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(2.0)
    image.fill(window.palette().color(QPalette.ColorRole.Window))
    window.render(image)
    assert image.size() == QSize(size.width() * 2, size.height() * 2)
    assert image.save(str(SHOTS / f"progress-overview-2x-{theme}.png"))
    window.close()

    empty = open_window(qtbot, FakeProgress(empty=True))
    qtbot.wait(1)
    assert empty.grab().save(str(SHOTS / f"progress-empty-{theme}.png"))


def test_a_click_focuses_the_day_under_the_mouse(qtbot: QtBot) -> None:
    window = open_window(qtbot)
    week = window.week_chart
    column = week.width() / 7
    qtbot.mouseClick(
        week, Qt.MouseButton.LeftButton, pos=QPoint(round(column * 1.5), week.height() // 2)
    )
    assert week.hasFocus()
    assert week.focused_text.startswith("Tuesday 1 December: ")
    assert week.toolTip() == week.focused_text
