"""The finish screen tells the day and says truthfully what happened (issue 14).

A partly done session is called "Partly done", as History calls it, with how many
exercises were done or plainly that none was; the line about the day comes from the app's
callable, asked after the result is reported, so its count includes this session.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot

from desk_breaks.core.clock import ManualClock
from desk_breaks.core.coach_types import SessionPlan
from desk_breaks.core.content import Routine
from desk_breaks.core.engine import Outcome, SessionResult
from desk_breaks.core.presentation import OUTCOME_WORDS
from desk_breaks.ui.art import Illustrations
from desk_breaks.ui.session.finish import finish_summary
from desk_breaks.ui.session.pages import Screen
from desk_breaks.ui.session_dialog import SessionDialog
from tests.helpers.content import hold_exercise, routine
from tests.ui.test_session_dialog import label, make_safety, step, write_art

SHOTS = Path("/tmp/shots")
TWO = routine(hold_exercise("one"), hold_exercise("two"))


def test_a_completed_session_says_how_long_it_took() -> None:
    done = SessionResult(Outcome.COMPLETED, ("one", "two"))
    assert finish_summary(TWO, done, 23) == "You did all 2 exercises in 23 s."


def test_a_partly_done_session_says_how_many_exercises_were_done() -> None:
    partly = SessionResult(Outcome.PARTIAL, ("one",))
    assert finish_summary(TWO, partly, 12) == "Partly done: you did 1 of 2 exercises in 12 s."


def test_a_partly_done_session_with_none_finished_says_so_plainly() -> None:
    partly = SessionResult(Outcome.PARTIAL, ())
    said = finish_summary(TWO, partly, 8)
    assert said == "Partly done: none of the 2 exercises was finished this time, and that is fine."
    assert said.startswith(OUTCOME_WORDS[Outcome.PARTIAL])  # History's word for it
    one = routine(hold_exercise("one"))
    assert finish_summary(one, partly, 3).startswith("Partly done: the exercise was not finished")


@pytest.fixture
def build(qtbot: QtBot, tmp_path: Path) -> Callable[..., tuple[SessionDialog, ManualClock]]:
    def make(
        the_routine: Routine, day_text: Callable[[], str] | None
    ) -> tuple[SessionDialog, ManualClock]:
        clock = ManualClock(datetime(2026, 12, 2, 10, 0, tzinfo=UTC))
        dialog = SessionDialog(
            SessionPlan(the_routine),
            clock,
            Illustrations([write_art(tmp_path / "art")]),
            make_safety(),
            day_text=day_text,
        )
        qtbot.addWidget(dialog)
        with qtbot.waitActive(dialog):
            dialog.begin()
        return dialog, clock

    return make


def test_the_finish_screen_shows_the_day_after_the_result_is_reported(
    build: Callable[..., tuple[SessionDialog, ManualClock]], qtbot: QtBot
) -> None:
    order: list[str] = []

    def day_text() -> str:
        order.append("day")
        return "3 sessions today · 5 working days in a row · Next: Lunch reset at 12:30"

    dialog, clock = build(TWO, day_text)
    dialog.session_finished.connect(lambda _result: order.append("result"))
    while dialog.runner.current.exercise.id == "one":  # do the first exercise in full
        step(dialog, clock, 1)
    with qtbot.waitSignal(dialog.session_finished) as blocker:
        dialog.skip_exercise()
    assert blocker.args == [SessionResult(Outcome.PARTIAL, ("one",))]
    assert order == ["result", "day"]
    assert dialog.screen_shown is Screen.FINISHED
    assert label(dialog, "finishTitle").text() == "Well done"
    summary = label(dialog, "finishSummary").text()
    assert summary.startswith("Partly done: you did 1 of 2 exercises in")
    day = label(dialog, "finishDay")
    assert day.isVisibleTo(dialog)
    assert day.text() == "3 sessions today · 5 working days in a row · Next: Lunch reset at 12:30"
    assert dialog.announcement.endswith(
        "3 sessions today. 5 working days in a row. Next: Lunch reset at 12:30."
    )


def test_skipping_everything_is_partly_done_in_words_and_without_a_day_line(
    build: Callable[..., tuple[SessionDialog, ManualClock]],
) -> None:
    dialog, _ = build(TWO, None)
    dialog.skip_exercise()
    dialog.skip_exercise()
    assert label(dialog, "finishTitle").text() == "That's all for now"
    assert label(dialog, "finishSummary").text() == (
        "Partly done: none of the 2 exercises was finished this time, and that is fine."
    )
    assert not label(dialog, "finishDay").isVisibleTo(dialog)
    assert "No exercises this time" not in dialog.announcement


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshot_of_the_finish_screen_with_the_day(
    build: Callable[..., tuple[SessionDialog, ManualClock]],
    use_palette: Callable[[bool], QPalette],
    qtbot: QtBot,
    dark: bool,
) -> None:
    use_palette(dark)
    dialog, clock = build(
        TWO,
        lambda: (
            "2 sessions and 6 check-ins today · 13 working days in a row · Next: "
            "Evening unwind at 17:30"
        ),
    )
    while dialog.runner.current.exercise.id == "one":
        step(dialog, clock, 1)
    dialog.skip_exercise()
    qtbot.wait(1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SHOTS / f"finish-day-{'dark' if dark else 'light'}.png"))
