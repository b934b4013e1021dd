"""The settings dialog driven like a person would: clicks, typing and the keyboard alone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QDialog,
    QRadioButton,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desk_breaks import assets_dir
from desk_breaks.core.content import Library
from desk_breaks.core.content_files import load_library
from desk_breaks.core.engine import Outcome, Record
from desk_breaks.core.schedule import Plan, SessionKind
from desk_breaks.core.settings import Preset, Setting, Settings, ranged, value_at
from desk_breaks.ui.art import Illustrations
from desk_breaks.ui.settings.dialog import PAGES, SettingsDialog
from tests.core.test_settings_spec import MoreSettings
from tests.helpers.fake_coach import FakeCoach

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 23, 11, 5, tzinfo=BERLIN)  # a Monday
FILES = {
    "Settings file": Path("/home/ada/.config/desk-breaks/settings.toml"),
    "History database": Path("/home/ada/.local/share/desk-breaks/history.sqlite3"),
    "Your own exercises and routines": Path("/home/ada/.local/share/desk-breaks"),
}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([assets_dir()])


@pytest.fixture(scope="module")
def illustrations() -> Illustrations:
    return Illustrations([assets_dir() / "illustrations"])


class Sink:
    """The app's apply callback: records what it got, answers with ``reply``."""

    def __init__(self) -> None:
        self.received: list[Settings] = []
        self.reply: str | None = None

    def __call__(self, settings: Settings) -> str | None:
        self.received.append(settings)
        return self.reply


@pytest.fixture
def sink() -> Sink:
    return Sink()


@pytest.fixture
def make(
    qtbot: QtBot, library: Library, illustrations: Illustrations, sink: Sink
) -> Callable[..., SettingsDialog]:
    def build(settings: Settings | None = None, **kwargs: object) -> SettingsDialog:
        options: dict[str, object] = {
            "apply": sink,
            "history": [],
            "files": FILES,
            "now": NOW,
            "coach": FakeCoach(),
        }
        options.update(kwargs)
        dialog = SettingsDialog(settings or Settings(), library, illustrations, **options)  # type: ignore[arg-type]
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return build


def lunch_row(dialog: SettingsDialog):  # type: ignore[no-untyped-def]
    return next(r for r in dialog.schedule.slot_rows if r.slot.id == "lunch")


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click on a check box's or radio button's label, as a person would."""
    if isinstance(button, QCheckBox | QRadioButton):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def retype(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def next_due(settings: Settings) -> list[tuple[str, datetime]]:
    """The next full sessions the schedule computes from ``settings``."""
    plan = Plan.from_settings(replace(settings, preset=Preset.SESSIONS), BERLIN)
    return [(o.key, o.due_at) for o in plan.upcoming(NOW, 3)]


# ---------------------------------------------------------------------------------------


def test_changing_a_session_time_and_pressing_ok_hands_over_the_new_schedule(
    make: Callable[..., SettingsDialog], sink: Sink, qtbot: QtBot
) -> None:
    dialog = make()
    row = lunch_row(dialog)
    before = [m.minute for m in dialog.schedule.timeline.marks() if m.kind is SessionKind.FULL]
    retype(qtbot, row.time, "13:15")
    after = [m.minute for m in dialog.schedule.timeline.marks() if m.kind is SessionKind.FULL]
    assert 12 * 60 + 30 in before and 13 * 60 + 15 in after  # the timeline follows live
    assert "Lunch reset 13:15" in dialog.schedule.day_summary.text()
    assert dialog.apply_button.isEnabled()
    click(qtbot, dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert len(sink.received) == 1
    got = sink.received[0]
    assert next(s for s in got.slots if s.id == "lunch").time == time(13, 15)
    assert got == replace(
        Settings(),
        slots=tuple(
            replace(s, time=time(13, 15)) if s.id == "lunch" else s for s in Settings().slots
        ),
    )
    assert ("lunch", NOW.replace(hour=13, minute=15, second=0, microsecond=0)) in next_due(got)
    assert next_due(got) != next_due(Settings())


def test_an_invalid_time_is_marked_at_its_field_and_blocks_ok(
    make: Callable[..., SettingsDialog], sink: Sink, qtbot: QtBot
) -> None:
    dialog = make()
    row = lunch_row(dialog)
    retype(qtbot, row.time, "25:00")
    assert not dialog.ok_button.isEnabled() and not dialog.apply_button.isEnabled()
    assert row.error.isVisible()
    assert "Lunch: enter a time from 00:00 to 23:59" in row.error.text()
    assert row.time.property("invalid") is True
    assert "needs attention" in dialog.nav.item(0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "1 setting to fix" in dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)  # the default button must not slip through
    assert sink.received == [] and dialog.isVisible()
    retype(qtbot, row.time, "12:45")
    assert dialog.ok_button.isEnabled() and not row.error.isVisible()
    assert dialog.status.text() == ""


@pytest.mark.parametrize(
    ("edit", "field_error", "message"),
    [
        ("working_hours", "hours_error", "Working hours end at 08:00, before they start at 09:00."),
        ("same_time", "slot_error", "starts at 09:30 on Mon, the same time as 'morning'"),
        ("no_days", "slot_error", "Lunch is switched on but has no weekday."),
        ("snooze", "snooze_error", "Enter whole minutes separated by commas."),
        ("snooze_range", "snooze_error", "Must be from 1 to 60 minutes, not 90."),
    ],
)
def test_each_kind_of_problem_shows_under_its_field(
    make: Callable[..., SettingsDialog],
    qtbot: QtBot,
    edit: str,
    field_error: str,
    message: str,
) -> None:
    dialog = make()
    row = lunch_row(dialog)
    if edit == "working_hours":
        retype(qtbot, dialog.check_ins.work_end, "08:00")
    elif edit == "same_time":
        retype(qtbot, row.time, "09:30")
    elif edit == "no_days":
        for button in row.days.buttons:
            if button.isChecked():
                click(qtbot, button)
    elif edit == "snooze":
        retype(qtbot, dialog.prompts.snooze_choices, "5, soon")
    else:
        retype(qtbot, dialog.prompts.snooze_choices, "5, 90")
    page = dialog.check_ins if field_error == "hours_error" else dialog.prompts
    error = row.error if field_error == "slot_error" else getattr(page, field_error)
    assert message in error.text()
    assert not error.isHidden()
    assert not dialog.ok_button.isEnabled()


def test_cancel_discards_every_change(
    make: Callable[..., SettingsDialog], sink: Sink, qtbot: QtBot
) -> None:
    dialog = make()
    retype(qtbot, lunch_row(dialog).time, "14:00")
    dialog.show_page("General")
    click(qtbot, dialog.general.reduced_motion)
    assert dialog.is_dirty()
    click(qtbot, dialog.cancel_button)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert sink.received == []


def test_apply_keeps_the_dialog_open_and_only_sends_changes(
    make: Callable[..., SettingsDialog], sink: Sink, qtbot: QtBot
) -> None:
    dialog = make()
    assert not dialog.apply_button.isEnabled()  # nothing changed yet
    dialog.show_page("General")
    click(qtbot, dialog.general.start_at_login)
    click(qtbot, dialog.apply_button)
    assert [s.start_at_login for s in sink.received] == [True]
    assert dialog.isVisible() and not dialog.apply_button.isEnabled()
    click(qtbot, dialog.ok_button)
    assert len(sink.received) == 1  # OK with nothing new to apply does not save again
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_save_error_is_shown_and_ok_stays_open_until_it_works(
    make: Callable[..., SettingsDialog], sink: Sink, qtbot: QtBot
) -> None:
    dialog = make()
    sink.reply = "Could not save the settings to /x/settings.toml: No space left on device."
    dialog.show_page("General")
    click(qtbot, dialog.general.reduced_motion)
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible()
    assert not dialog.banner.isHidden()
    assert "No space left on device" in dialog.banner_text.text()
    assert "/x/settings.toml" in dialog.banner_text.text()
    sink.reply = None
    click(qtbot, dialog.ok_button)
    assert len(sink.received) == 2
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_load_problems_are_shown_in_the_banner(make: Callable[..., SettingsDialog]) -> None:
    notice = "/home/ada/.config/desk-breaks/settings.toml is not valid TOML (line 3)."
    dialog = make(notices=[notice])
    assert not dialog.banner.isHidden()
    assert "settings.toml is not valid TOML" in dialog.banner_text.text()
    assert make().banner.isHidden()


def test_the_plan_picker_switches_sessions_and_check_ins(
    make: Callable[..., SettingsDialog], qtbot: QtBot
) -> None:
    dialog = make()
    kinds = {m.kind for m in dialog.schedule.timeline.marks()}
    assert kinds == {SessionKind.FULL, SessionKind.CHECK_IN}
    click(qtbot, dialog.schedule.preset_buttons[Preset.SESSIONS])
    assert {m.kind for m in dialog.schedule.timeline.marks()} == {SessionKind.FULL}
    assert dialog.check_ins.check_ins_note.text().startswith("The plan on the Schedule page")
    click(qtbot, dialog.schedule.preset_buttons[Preset.CHECK_INS])
    assert {m.kind for m in dialog.schedule.timeline.marks()} == {SessionKind.CHECK_IN}
    assert not lunch_row(dialog).time.isEnabled()
    dialog.check_ins.interval.setValue(45)
    assert dialog.schedule.preset_buttons[Preset.CHECK_INS].text() == "Ever&y 45 minutes"
    assert dialog.current_settings().preset is Preset.CHECK_INS


def test_sessions_can_be_added_and_removed(
    make: Callable[..., SettingsDialog], qtbot: QtBot
) -> None:
    dialog = make()
    click(qtbot, dialog.schedule.add_slot_button)
    slots = dialog.current_settings().slots
    assert [s.id for s in slots] == ["morning", "lunch", "evening", "bedtime", "session-5"]
    assert slots[-1].time == time(15, 0)
    click(qtbot, lunch_row(dialog).remove)
    ids = [s.id for s in dialog.current_settings().slots]
    assert ids == ["morning", "evening", "bedtime", "session-5"]
    assert dialog.ok_button.isEnabled()


def test_a_missing_routine_is_kept_and_reported(make: Callable[..., SettingsDialog]) -> None:
    settings = replace(
        Settings(),
        slots=tuple(replace(s, routine="gone") if s.id == "lunch" else s for s in Settings().slots),
    )
    dialog = make(settings)
    row = lunch_row(dialog)
    assert row.routine.currentText() == "gone (not found)"
    assert "the routine 'gone' does not exist" in row.error.text()
    assert not dialog.ok_button.isEnabled()


def test_the_day_picker_shows_other_days(make: Callable[..., SettingsDialog]) -> None:
    dialog = make()
    dialog.schedule.day_combo.setCurrentIndex(6)  # Sunday: the defaults are weekdays only
    assert dialog.schedule.timeline.marks() == []
    assert "Nothing scheduled on Sunday" in dialog.schedule.timeline.accessibleDescription()


def test_prompts_page_reports_why_sound_is_unavailable(
    make: Callable[..., SettingsDialog], qtbot: QtBot
) -> None:
    dialog = make(sound_problem="libpulse0 is missing")
    dialog.show_page("Prompts")
    assert dialog.prompts.sound_problem.isVisible()
    assert "libpulse0 is missing" in dialog.prompts.sound_problem.text()
    assert not dialog.prompts.volume.isEnabled()
    click(qtbot, dialog.prompts.sounds)
    assert dialog.prompts.volume.isEnabled()
    assert not make().prompts.sound_problem.isVisible()


def test_general_page_says_when_the_desktop_cannot_tell_that_you_are_away(
    make: Callable[..., SettingsDialog],
) -> None:
    why = "x11: a Wayland session; wayland: the compositor offers neither protocol"
    dialog = make(idle_problem=why)
    dialog.show_page("General")
    problem = dialog.general.idle_problem
    assert problem.isVisible()
    assert problem.text().startswith(
        "This desktop does not tell Desk Breaks when you are away, so natural breaks are not"
    )
    assert why in problem.text()
    assert dialog.general.idle.isEnabled()  # the threshold is kept for another desktop
    general = make()
    general.show_page("General")
    assert not general.general.idle_problem.isVisible()


def test_routines_page_shows_illustrations_and_durations(
    make: Callable[..., SettingsDialog], library: Library
) -> None:
    dialog = make()
    dialog.show_page("Routines")
    items = [
        dialog.routines.content_list.item(i).text()
        for i in range(dialog.routines.content_list.count())
    ]
    assert items[0] == "ROUTINES"
    routine = library.routines["lunch-reset"]
    row = next(i for i, text in enumerate(items) if text.startswith(routine.name + "\n"))
    dialog.routines.content_list.setCurrentRow(row)
    detail = dialog.routines.content_detail.widget()
    labels = [w.text() for w in detail.findChildren(type(dialog.status))]
    assert any(routine.description == text for text in labels)
    assert sum(1 for w in detail.findChildren(QWidget) if w.objectName() == "card") == len(
        routine.exercises
    )
    exercise = next(iter(library.exercises.values()))
    row = next(i for i, text in enumerate(items) if text.startswith(exercise.name + "\n"))
    dialog.routines.content_list.setCurrentRow(row)
    art = [
        w
        for w in dialog.routines.content_detail.widget().findChildren(type(dialog.status))
        if w.objectName() == "art"
    ]
    assert art and not art[0].pixmap().isNull()


def test_file_buttons_open_the_files_and_folders(
    make: Callable[..., SettingsDialog], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def fake_open(url: QUrl) -> bool:
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", fake_open)
    dialog = make()
    dialog.show_page("General")
    for button in dialog.general.file_buttons:
        click(qtbot, button)
    assert opened == [
        "/home/ada/.config/desk-breaks/settings.toml",
        "/home/ada/.config/desk-breaks",
        "/home/ada/.local/share/desk-breaks",
        "/home/ada/.local/share/desk-breaks",
    ]


def test_history_page_lists_records(make: Callable[..., SettingsDialog]) -> None:
    records = [
        Record("lunch", "lunch-reset", Outcome.SNOOZED, NOW, snooze_min=10),
        Record("morning", "morning-mobility", Outcome.COMPLETED, NOW.replace(day=20)),
    ]
    dialog = make(history=records)
    table = dialog.history.history_table
    cells = [[table.item(r, c).text() for c in range(3)] for r in range(table.rowCount())]
    assert cells == [
        ["11:05", "Lunch reset", "Snoozed 10 min"],
        ["Fri 20 Mar 11:05", "Morning mobility", "Completed"],
    ]


def test_history_page_names_exercises_and_opens_the_progress_window(
    make: Callable[..., SettingsDialog], library: Library, qtbot: QtBot
) -> None:
    exercise = next(iter(library.routines.values())).exercises[0]
    records = [
        Record("lunch", "lunch-reset", Outcome.STOPPED_PAIN, NOW, exercise_stopped=exercise.id),
        Record("lunch", "lunch-reset", Outcome.PARTIAL, NOW),
    ]
    dialog = make(history=records)
    table = dialog.history.history_table
    assert table.item(0, 2).text() == f"Stopped: pain or dizziness (during {exercise.name})"
    assert table.item(1, 2).text() == "Partly done: no exercise finished"
    with qtbot.waitSignal(dialog.progress_requested):
        qtbot.mouseClick(dialog.history.progress_button, Qt.MouseButton.LeftButton)


# ---------------------------------------------------------------------------------------
# Each setting described once: the dialog shows every ranged setting from its spec


@pytest.mark.parametrize("setting", [s for s in ranged() if s.is_int], ids=lambda s: s.name)
def test_every_ranged_setting_is_shown_on_its_page_from_its_spec(
    make: Callable[..., SettingsDialog], setting: Setting
) -> None:
    dialog = make()
    widget = dialog.page_widgets[setting.spec.page].numbers[setting.path]
    assert (widget.minimum(), widget.maximum()) == setting.spec.limits
    assert widget.value() == setting.default
    assert widget.accessibleName() == setting.spec.accessible_name
    widget.setValue(widget.maximum())
    assert value_at(dialog.current_settings(), setting.path) == widget.maximum()


def test_a_new_setting_appears_on_its_page_with_no_edit_to_the_dialog(
    make: Callable[..., SettingsDialog], sink: Sink, qtbot: QtBot
) -> None:
    dialog = make(MoreSettings())
    spin = dialog.prompts.numbers[("prompts", "stretch_s")]
    assert isinstance(spin, QSpinBox)
    assert (spin.minimum(), spin.maximum(), spin.suffix()) == (5, 90, " s")
    assert spin.value() == 20 and dialog.prompts.isAncestorOf(spin)
    spin.setValue(40)
    click(qtbot, dialog.ok_button)
    got = sink.received[0]
    assert isinstance(got, MoreSettings) and got.prompts.stretch_s == 40


# ---------------------------------------------------------------------------------------
# Keyboard only


def activate(dialog: SettingsDialog, qtbot: QtBot) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> QWidget:
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key, modifier)
    focus = QApplication.focusWidget()
    assert focus is not None
    return focus


def test_every_page_can_be_walked_with_tab_and_every_control_is_named(
    make: Callable[..., SettingsDialog], qtbot: QtBot
) -> None:
    dialog = make(history=[Record("lunch", "lunch-reset", Outcome.COMPLETED, NOW)])
    activate(dialog, qtbot)
    dialog.nav.setFocus()
    for index, page in enumerate(PAGES):
        dialog.nav.setFocus()
        if index:
            press(qtbot, Qt.Key.Key_Down)
        assert dialog.current_page() == page
        seen: list[QWidget] = []
        focus: QWidget = dialog.nav
        for _ in range(80):
            focus = press(qtbot, Qt.Key.Key_Tab)
            if focus is dialog.nav:
                break
            seen.append(focus)
        assert focus is dialog.nav, f"tab never came back round on {page}"
        unnamed = [type(w).__name__ for w in seen if not w.accessibleName()]
        assert unnamed == [], f"{page}: {unnamed}"
        assert dialog.ok_button in seen and dialog.cancel_button in seen
        page_widget = dialog.page_widgets[page]
        assert any(page_widget.isAncestorOf(w) for w in seen), f"nothing to reach on {page}"


def test_keyboard_only_change_and_confirm(
    make: Callable[..., SettingsDialog], sink: Sink, qtbot: QtBot
) -> None:
    dialog = make()
    activate(dialog, qtbot)
    dialog.nav.setFocus()
    press(qtbot, Qt.Key.Key_Down)  # Check-ins
    assert dialog.current_page() == "Check-ins"
    focus = press(qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # &Interval
    assert focus is dialog.check_ins.interval
    qtbot.keyClick(focus, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(focus, "45")
    focus = press(qtbot, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # &Working hours
    assert focus is dialog.check_ins.work_start
    qtbot.keyClick(focus, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(focus, "08:30")
    press(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # next page
    assert dialog.current_page() == "Prompts"
    focus = QApplication.focusWidget()
    assert focus is not None and dialog.isAncestorOf(focus)
    qtbot.keyClick(focus, Qt.Key.Key_Return)  # the default button: OK
    assert dialog.result() == QDialog.DialogCode.Accepted
    got = sink.received[0].check_ins
    assert (got.interval_min, got.start) == (45, time(8, 30))


# ---------------------------------------------------------------------------------------
# Screenshots (look at them: tests/artifacts/settings-*.png)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshots_of_every_page(
    make: Callable[..., SettingsDialog],
    use_palette: Callable[[bool], QPalette],
    qtbot: QtBot,
    dark: bool,
) -> None:
    use_palette(dark)
    records = [
        Record("lunch", "lunch-reset", Outcome.COMPLETED, NOW),
        Record("check-in", "check-in", Outcome.SNOOZED, NOW.replace(hour=10), snooze_min=5),
        Record(
            "morning",
            "morning-mobility",
            Outcome.STOPPED_PAIN,
            NOW.replace(day=20),
            exercise_stopped="chin-drop",
        ),
    ]
    dialog = make(
        history=records,
        notices=[
            "/home/ada/.config/desk-breaks/settings.toml is not valid TOML (Expected ']' at "
            "line 3); using the default settings. A copy of the file was kept as "
            "settings.toml.broken-2026-03-23-110500."
        ],
        sound_problem="the sound library (libpulse0) is not installed",
    )
    ARTIFACTS.mkdir(exist_ok=True)
    tag = "dark" if dark else "light"
    for page in PAGES:
        dialog.show_page(page)
        image = dialog.grab().toImage()
        assert not image.isNull()
        image.save(str(ARTIFACTS / f"settings-{page.lower()}-{tag}.png"))
    dialog.show_page("Schedule")
    retype(qtbot, lunch_row(dialog).time, "25:00")
    retype(qtbot, dialog.check_ins.work_end, "08:00")
    dialog.grab().save(str(ARTIFACTS / f"settings-invalid-{tag}.png"))
