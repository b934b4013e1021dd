"""The settings dialog's Coach page: its two settings, the safety check, each exercise's state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QCheckBox, QLabel
from pytestqt.qtbot import QtBot

from desk_breaks import assets_dir
from desk_breaks.core.coach_types import Action, Mode, Screening, Why
from desk_breaks.core.content import Library
from desk_breaks.core.content_files import load_library
from desk_breaks.core.settings import CoachSettings, Settings
from desk_breaks.ui.art import Illustrations
from desk_breaks.ui.settings.dialog import PAGES, SettingsDialog
from desk_breaks.ui.settings.pages.coach import screening_summary
from desk_breaks.ui.windows import Windows
from tests.helpers.fake_coach import FAKE_NOW, QUESTION_IDS, FakeCoach, coach_safety, state

NOW = datetime(2026, 3, 23, 11, 5, tzinfo=ZoneInfo("Europe/Berlin"))
SHOTS = Path("/tmp/shots")


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([assets_dir()])


def states() -> dict[str, Any]:
    found = [
        state(
            "neck-extension",
            Mode.LEFT_OUT,
            why=Why.SAFETY_CHECK,
            reason="Left out after your answer about arm symptoms in the safety check.",
        ),
        state(
            "upper-trap-stretch",
            Mode.GENTLER,
            why=Why.PAIN_STOP,
            reason="You stopped for pain or dizziness during it on Fri 20 Mar.",
        ),
        state(
            "chin-tuck",
            Mode.PROGRESSED,
            why=Why.PRACTICE,
            level=1,
            hold_s=25,
            previous_hold_s=20,
            can_go_back=True,
            reason="Comfortable practice on 2 different days.",
        ),
        state("belly-breathing"),
    ]
    return {s.exercise_id: s for s in found}


@pytest.fixture
def make(qtbot: QtBot, library: Library) -> Callable[..., SettingsDialog]:
    def build(coach: FakeCoach | None, settings: Settings | None = None) -> SettingsDialog:
        dialog = SettingsDialog(
            settings or Settings(),
            library,
            Illustrations([assets_dir() / "illustrations"]),
            apply=received.append,  # type: ignore[arg-type]
            history=[],
            files={},
            now=NOW,
            coach=coach,
        )
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    received: list[Settings] = []
    build.received = received  # type: ignore[attr-defined]
    return build


def click(qtbot: QtBot, widget: Any) -> None:
    if isinstance(widget, QCheckBox):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_without_a_coach_the_page_is_not_there(make: Callable[..., SettingsDialog]) -> None:
    dialog = make(None)
    assert dialog.coach is None and "Coach" not in dialog.page_names
    assert dialog.page_names == tuple(p for p in PAGES if p != "Coach")
    dialog.show_page("History")
    assert dialog.current_page() == "History"
    assert make(FakeCoach()).page_names == PAGES


def test_the_two_questions_are_settings_applied_with_ok(
    make: Callable[..., SettingsDialog], qtbot: QtBot
) -> None:
    dialog = make(FakeCoach())
    dialog.show_page("Coach")
    page = dialog.coach
    assert page is not None
    assert page.ask_feeling.isChecked() and page.daily_journal.isChecked()
    assert page.ask_feeling.text().replace("&", "") == "Ask how my neck feels after a session"
    click(qtbot, page.daily_journal)
    assert dialog.apply_button.isEnabled()
    click(qtbot, dialog.ok_button)
    got = make.received  # type: ignore[attr-defined]
    assert [s.coach for s in got] == [CoachSettings(ask_feeling=True, daily_journal=False)]
    off = replace(Settings(), coach=CoachSettings(ask_feeling=False, daily_journal=False))
    page = make(FakeCoach(), off).coach
    assert page is not None and not page.ask_feeling.isChecked()


def test_the_safety_check_summary_and_its_review_button(
    make: Callable[..., SettingsDialog], qtbot: QtBot
) -> None:
    safety = coach_safety()
    assert screening_summary(None, safety) == "Not answered yet."
    assert screening_summary(Screening(FAKE_NOW, None), safety).startswith(
        "Skipped on Mon 23 Mar 2026."
    )
    answers = dict.fromkeys(QUESTION_IDS, False) | {"arm-symptoms": True, "dizziness": True}
    assert screening_summary(Screening(FAKE_NOW, answers), safety) == (
        "Answered on Mon 23 Mar 2026: you said yes to arm symptoms, dizziness."
    )
    no = dict.fromkeys(QUESTION_IDS, False)
    assert screening_summary(Screening(FAKE_NOW, no), safety).endswith("no to every question.")

    coach = FakeCoach()
    dialog = make(coach)
    dialog.show_page("Coach")
    page = dialog.coach
    assert page is not None and page.screening.text() == "Not answered yet."
    with qtbot.waitSignal(dialog.safety_check_requested):
        click(qtbot, page.review_button)
    coach.answer_screening(None)
    page.refresh_coach()
    assert page.screening.text().startswith("Skipped on")


def test_each_exercise_shows_its_state_and_its_one_action(
    make: Callable[..., SettingsDialog], qtbot: QtBot
) -> None:
    coach = FakeCoach(states=states())
    dialog = make(coach)
    dialog.show_page("Coach")
    page = dialog.coach
    assert page is not None
    buttons = {key: b.text() for key, b in page.action_buttons.items()}
    assert buttons == {
        "neck-extension": "Bring it back",
        "upper-trap-stretch": "Bring it back",
        "chin-tuck": "Previous dose",
    }
    names = [w.accessibleName() for w in page.rows["chin-tuck"].findChildren(QLabel)]
    assert "Chin tuck: Holds 25 s, up from 20 s" in names

    click(qtbot, page.action_buttons["neck-extension"])
    assert coach.called("choose") == [("neck-extension", Action.BRING_BACK)]
    assert "neck-extension" not in page.action_buttons  # redrawn: back to normal
    labels = [w.accessibleName() for w in page.rows["neck-extension"].findChildren(QLabel)]
    assert "Neck extension: As written" in labels
    assert page.said.text() == "Neck extension: done." and not page.said.isHidden()

    click(qtbot, page.action_buttons["chin-tuck"])
    assert coach.called("choose")[-1] == ("chin-tuck", Action.PREVIOUS_DOSE)
    assert "chin-tuck" not in page.action_buttons
    assert not dialog.is_dirty()  # a coach choice is not a settings change


def test_an_empty_coach_says_what_will_appear(make: Callable[..., SettingsDialog]) -> None:
    page = make(FakeCoach()).coach
    assert page is not None and page.rows == {}
    texts = [w.text() for w in page.findChildren(QLabel)]
    assert any(t.startswith("Nothing yet: after your first sessions") for t in texts)


def test_the_open_settings_follow_a_finished_welcome(
    make: Callable[..., SettingsDialog], qtbot: QtBot
) -> None:
    coach = FakeCoach()
    nothing = cast(Any, None)
    windows = Windows(
        icon=QIcon(),
        store=nothing,
        library=nothing,
        illustration_dirs=[],
        safety=coach.safety,
        clock=nothing,
        history=nothing,
        files={},
        tray=nothing,
        notices=[],
        command=lambda _c: None,
        apply=lambda _s: None,
        session_finished=lambda _r: None,
        coach=coach,
    )
    dialog = make(coach)
    windows.settings_dialog = dialog
    dialog.safety_check_requested.connect(
        lambda: windows.calm.show_welcome(existing_user=True, start_at_questions=True)
    )
    assert dialog.coach is not None
    click(qtbot, dialog.coach.review_button)
    welcome = windows.calm.welcome
    assert welcome is not None and welcome.current() == 1
    for box in welcome.boxes:
        click(qtbot, box.no)
    click(qtbot, welcome.next_button)
    click(qtbot, welcome.next_button)
    assert dialog.coach.screening.text().endswith("no to every question.")
    windows.settings_dialog = None


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshot(
    make: Callable[..., SettingsDialog], use_palette: Callable[[bool], QPalette], dark: bool
) -> None:
    use_palette(dark)
    answers = dict.fromkeys(QUESTION_IDS, False) | {"arm-symptoms": True}
    dialog = make(FakeCoach(states=states(), screening=Screening(FAKE_NOW, answers)))
    dialog.show_page("Coach")
    SHOTS.mkdir(exist_ok=True)
    image = dialog.grab().toImage()
    assert not image.isNull()
    image.save(str(SHOTS / f"settings-coach-{'dark' if dark else 'light'}.png"))
