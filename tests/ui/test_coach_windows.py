"""The coach's windows driven like a person would: the welcome, the journal, the advice.

Screenshots go to /tmp/shots/ (light and dark): look at them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from desk_breaks.core.coach_types import JournalEntry, Screening
from desk_breaks.ui.advice import AdviceWindow
from desk_breaks.ui.journal import NOTE_CHARS, JournalWindow
from desk_breaks.ui.welcome import WelcomeWindow
from desk_breaks.ui.windows import Windows
from tests.helpers.fake_coach import FAKE_NOW, QUESTION_IDS, FakeCoach, advice, coach_safety

SHOTS = Path("/tmp/shots")


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shown(qtbot: QtBot, window: QWidget) -> None:
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def welcome(qtbot: QtBot, coach: FakeCoach, **kwargs: Any) -> WelcomeWindow:
    options: dict[str, Any] = {"existing_user": False}
    options.update(kwargs)
    window = WelcomeWindow(coach, **options)
    shown(qtbot, window)
    return window


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


# -- the welcome ---------------------------------------------------------------------------


def test_answering_every_question_tailors_the_plan_and_is_recorded(qtbot: QtBot) -> None:
    coach = FakeCoach()
    window = welcome(qtbot, coach)
    assert window.current() == 0
    assert coach.safety.disclaimer in window.disclaimer.text()
    click(qtbot, window.next_button)
    assert window.current() == 1
    assert [b.answer() for b in window.boxes] == [None] * 5  # nothing chosen beforehand
    for box in window.boxes:
        assert not window.next_button.isEnabled()  # Continue waits for every answer
        click(qtbot, box.yes if box.question.id == "arm-symptoms" else box.no)
    assert window.progress.text() == "5 of 5 answered"
    assert window.next_button.isEnabled()
    click(qtbot, window.next_button)
    assert window.current() == 2
    assert window.result_title.text() == "Before you carry on"
    assert "Because of arm symptoms: test tailoring." in window.tailoring.text()
    assert window.advice is not None and "Advice for arm symptoms." in window.advice.text()
    assert coach.called("tailoring") == [
        ({**dict.fromkeys(QUESTION_IDS, False), **{"arm-symptoms": True}},)
    ]
    assert not window.skip_button.isVisible()
    with qtbot.waitSignal(window.finished):
        click(qtbot, window.next_button)
    expected = dict.fromkeys(QUESTION_IDS, False) | {"arm-symptoms": True}
    assert coach.called("answer_screening") == [(expected,)]
    assert not window.isVisible()


def test_all_no_says_so_calmly_without_advice(qtbot: QtBot) -> None:
    coach = FakeCoach()
    window = welcome(qtbot, coach, start_at_questions=True)
    for box in window.boxes:
        click(qtbot, box.no)
    click(qtbot, window.next_button)
    assert window.result_title.text() == "You're all set"
    assert window.advice is None
    assert coach.all_clear in window.tailoring.text()
    click(qtbot, window.back_button)  # answers can still be changed
    assert window.current() == 1 and window.boxes[0].answer() is False


def test_the_keyboard_alone_answers_and_finishes(qtbot: QtBot) -> None:
    coach = FakeCoach()
    window = welcome(qtbot, coach)
    assert focus() is window.next_button
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    assert window.current() == 1
    assert focus() is window.boxes[0].yes
    for _ in window.boxes:
        qtbot.keyClick(focus(), Qt.Key.Key_Space)  # Yes
        qtbot.keyClick(focus(), Qt.Key.Key_Right)  # ... no: the arrow moves to No and picks it
        qtbot.keyClick(focus(), Qt.Key.Key_Tab)  # the next question
    assert window.answers() == dict.fromkeys(QUESTION_IDS, False)
    window.next_button.setFocus()
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    assert window.current() == 2 and focus() is window.next_button
    with qtbot.waitSignal(window.finished):
        qtbot.keyClick(focus(), Qt.Key.Key_Return)
    assert coach.called("answer_screening") == [(dict.fromkeys(QUESTION_IDS, False),)]


def test_every_question_is_a_named_group_with_a_yes_and_a_no(qtbot: QtBot) -> None:
    window = welcome(qtbot, FakeCoach(), start_at_questions=True)
    for box, question in zip(window.boxes, coach_safety().screening, strict=True):
        assert box.accessibleName() == question.text
        assert (box.yes.accessibleName(), box.no.accessibleName()) == ("Yes", "No")
        assert box.yes.accessibleDescription() == question.text
    assert all(b.accessibleName() for b in (window.skip_button, window.next_button))


@pytest.mark.parametrize(
    "how", ["skip on the first page", "skip on the questions", "close", "escape"]
)
def test_skipping_or_closing_counts_as_skipped_once(qtbot: QtBot, how: str) -> None:
    coach = FakeCoach()
    window = welcome(qtbot, coach)
    with qtbot.waitSignal(window.finished):
        if how == "skip on the first page":
            click(qtbot, window.skip_button)
        elif how == "skip on the questions":
            click(qtbot, window.next_button)
            click(qtbot, window.boxes[0].yes)
            click(qtbot, window.skip_button)
        elif how == "close":
            window.close()
        else:
            qtbot.keyClick(window, Qt.Key.Key_Escape)
    window.close()  # a second close says nothing more
    assert coach.called("answer_screening") == [(None,)]
    assert not window.isVisible() and not coach.needs_welcome()


def test_an_existing_user_is_told_what_is_new(qtbot: QtBot) -> None:
    window = welcome(qtbot, FakeCoach(), existing_user=True)
    texts = [w.text() for w in window.intro_page.findChildren(type(window.progress))]
    assert "What's new" in texts
    assert window.windowTitle() == "What's new in Desk Breaks"


def test_a_review_shows_the_earlier_answers_and_cancel_keeps_them(qtbot: QtBot) -> None:
    earlier = dict.fromkeys(QUESTION_IDS, False) | {"dizziness": True}
    coach = FakeCoach(screening=Screening(FAKE_NOW, earlier))
    window = welcome(qtbot, coach, existing_user=True, start_at_questions=True)
    assert window.current() == 1
    assert window.answers() == earlier
    assert window.skip_button.text() == "Cancel"
    with qtbot.waitSignal(window.finished):
        click(qtbot, window.skip_button)
    assert coach.called("answer_screening") == []  # the earlier answers stay

    window = welcome(qtbot, coach, existing_user=True, start_at_questions=True)
    click(qtbot, window.boxes[2].no)
    click(qtbot, window.next_button)
    click(qtbot, window.next_button)
    assert coach.called("answer_screening") == [(dict.fromkeys(QUESTION_IDS, False),)]


# -- the journal ---------------------------------------------------------------------------


def test_the_journal_saves_the_score_and_note_and_says_so(qtbot: QtBot) -> None:
    coach = FakeCoach()
    window = JournalWindow(coach)
    shown(qtbot, window)
    assert not window.save_button.isEnabled()  # nothing picked yet
    click(qtbot, window.score_buttons[7])
    assert window.value.text() == "7 out of 10 · a little discomfort"
    assert window.value.accessibleName() == "Your rating: 7 out of 10: a little discomfort"
    assert window.score_buttons[7].accessibleName() == "7 out of 10"
    window.note.setFocus()
    qtbot.keyClicks(window.note, "  stiff after   a long meeting ")
    with qtbot.waitSignal(window.saved) as said:
        qtbot.keyClick(window.note, Qt.Key.Key_Return)  # Enter saves
    assert coach.called("journal") == [(7, "stiff after a long meeting")]
    assert said.args == ["Saved: 7 out of 10 today."]
    assert window.spoken == "Saved: 7 out of 10 today."
    assert not window.isVisible()


def test_the_journal_by_keyboard_and_its_limits(qtbot: QtBot) -> None:
    coach = FakeCoach()
    window = JournalWindow(coach)
    shown(qtbot, window)
    assert focus() is window.score_buttons[5]
    qtbot.keyClick(focus(), Qt.Key.Key_Left)
    qtbot.keyClick(focus(), Qt.Key.Key_Space)
    assert window.score() == 4
    window.note.setFocus()
    qtbot.keyClicks(window.note, "x" * (NOTE_CHARS + 50))
    assert len(window.note.text()) == NOTE_CHARS
    click(qtbot, window.cancel_button)  # "Not today" records nothing
    assert coach.called("journal") == [] and not window.isVisible()


def test_a_second_rating_today_starts_from_the_first(qtbot: QtBot) -> None:
    coach = FakeCoach(journal_today=JournalEntry(FAKE_NOW, 3, "sore"))
    window = JournalWindow(coach)
    shown(qtbot, window)
    assert window.score() == 3 and window.note.text() == "sore"
    click(qtbot, window.score_buttons[6])
    click(qtbot, window.save_button)
    assert coach.called("journal") == [(6, "sore")]


# -- the advice ----------------------------------------------------------------------------


def test_the_advice_shows_the_figures_the_points_and_the_disclaimer(qtbot: QtBot) -> None:
    safety = coach_safety()
    window = AdviceWindow(safety, advice())
    shown(qtbot, window)
    assert window.title.text() == safety.advice_title
    assert window.because.text() == advice().because
    assert all(point in window.points.text() for point in safety.advice_points)
    assert window.disclaimer.text() == safety.disclaimer
    assert window.spoken.startswith(safety.advice_title)
    assert focus() is window.ok_button
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    assert not window.isVisible()


# -- the windows' owner ----------------------------------------------------------------------


def windows_with(coach: FakeCoach | None) -> Windows:
    nothing = cast(Any, None)
    return Windows(
        icon=QIcon(),
        store=nothing,
        library=nothing,
        illustration_dirs=[],
        safety=coach_safety(),
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


def test_windows_opens_each_coach_window_once_and_forgets_it_when_closed(qtbot: QtBot) -> None:
    coach = FakeCoach()
    windows = windows_with(coach)
    windows.calm.show_welcome(existing_user=False)
    first = windows.calm.welcome
    assert first is not None and first.isVisible()
    windows.calm.show_welcome(existing_user=False)
    assert windows.calm.welcome is first  # brought forward, not a second one
    first.close()
    qtbot.waitUntil(lambda: windows.calm.welcome is None)
    assert windows.calm.welcome is None and coach.called("answer_screening") == [(None,)]

    replies: list[str] = []
    windows.calm._notify = replies.append
    windows.calm.show_journal()
    journal = windows.calm.journal
    assert journal is not None
    click(qtbot, journal.score_buttons[8])
    click(qtbot, journal.save_button)
    qtbot.waitUntil(lambda: windows.calm.journal is None)
    assert replies == ["Saved: 8 out of 10 today."] and windows.calm.journal is None

    windows.session = cast(Any, object())  # a session is open: no advice now
    windows.calm.show_advice(advice())
    assert windows.calm.advice is None and coach.called("advice_shown") == []
    windows.session = None
    windows.calm.show_advice(advice())
    assert windows.calm.advice is not None and coach.called("advice_shown") == [(advice(),)]
    windows.calm.advice.close()
    qtbot.waitUntil(lambda: windows.calm.advice is None)


def test_without_a_coach_no_coach_window_opens() -> None:
    windows = windows_with(None)
    windows.calm.show_welcome(existing_user=True)
    windows.calm.show_journal()
    windows.calm.show_advice(advice())
    assert (windows.calm.welcome, windows.calm.journal, windows.calm.advice) == (
        None,
        None,
        None,
    )


# -- screenshots ---------------------------------------------------------------------------


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshots(qtbot: QtBot, use_palette: Callable[[bool], QPalette], dark: bool) -> None:
    use_palette(dark)
    SHOTS.mkdir(exist_ok=True)
    tag = "dark" if dark else "light"

    def save(window: QWidget, name: str) -> None:
        image = window.grab().toImage()
        assert not image.isNull()
        image.save(str(SHOTS / f"{name}-{tag}.png"))

    window = welcome(qtbot, FakeCoach())
    save(window, "welcome-1-about")
    click(qtbot, window.next_button)
    click(qtbot, window.boxes[0].no)
    click(qtbot, window.boxes[1].yes)
    save(window, "welcome-2-questions")
    for box in window.boxes[2:]:
        click(qtbot, box.no)
    click(qtbot, window.next_button)
    save(window, "welcome-3-see-a-professional")
    window = welcome(qtbot, FakeCoach(), existing_user=True)
    save(window, "welcome-1-whats-new")

    journal = JournalWindow(FakeCoach())
    shown(qtbot, journal)
    save(journal, "journal-empty")
    click(qtbot, journal.score_buttons[6])
    journal.note.setText("Stiff after a long meeting")
    save(journal, "journal")
    window_advice = AdviceWindow(coach_safety(), advice())
    shown(qtbot, window_advice)
    save(window_advice, "advice")
