"""The session window's coach parts: the preface, Make it easier, the warning, the tips,
the feeling question, the journal button and the safety screen's choices.

Driven with real clicks and keys on a ManualClock; screenshots go to /tmp/shots.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desk_breaks.core.clock import ManualClock
from desk_breaks.core.coach_types import Action, Feeling, Note, NoteKind, SessionPlan
from desk_breaks.core.content import (
    WARNING_READY_S,
    Exercise,
    Need,
    Regression,
    Routine,
    needs_sentence,
)
from desk_breaks.core.engine import Outcome, SessionResult
from desk_breaks.core.session import Phase, RunState
from desk_breaks.ui.art import Illustrations
from desk_breaks.ui.session_dialog import Screen, SessionDialog
from tests.helpers.content import breath_exercise, hold_exercise, routine
from tests.ui.test_session_dialog import make_safety, write_art

SHOTS = Path("/tmp/shots")

WARNING = (
    "Skip this stretch and get advice first if you have tingling or numbness in an arm, "
    "a recent neck injury or known neck instability."
)


def stretch(ex_id: str = "ext", **kw: object) -> Exercise:
    """A hold exercise with a warning, a tempo, mistakes and a gentler version."""
    base = hold_exercise(ex_id, name="Backward neck stretch", hold_s=20, reps=1, sets=2, rest_s=10)
    return replace(
        base,
        hold=replace(base.hold, tempo="Tip back over 2–3 s, return over 2–3 s"),  # type: ignore[arg-type]
        mistakes=("Leaning the whole upper body back.", "Shrugging the shoulders."),
        regression=Regression("Tip back only a little, upper back against the chair.", hold_s=10),
        warning=WARNING,
        **kw,  # type: ignore[arg-type]
    )


def tuck(ex_id: str = "tuck") -> Exercise:
    """A chin tuck with a gentler version and no warning."""
    return replace(
        hold_exercise(ex_id),
        regression=Regression("Tuck only halfway.", hold_s=3),
        mistakes=("Nodding the chin down instead of gliding back.",),
    )


def plan_with_notes(the_routine: Routine) -> SessionPlan:
    return SessionPlan(
        the_routine,
        notes=(
            Note(
                NoteKind.PROGRESSED,
                "tuck",
                "Seated chin tuck: holds are 10 s now, up from 5 s.",
                Action.PREVIOUS_DOSE,
                "Keep 5 s",
            ),
            Note(
                NoteKind.LEFT_OUT,
                "chin-drop",
                "Chin drop is left out: you felt worse after it twice this week.",
                Action.BRING_BACK,
                "Bring it back",
            ),
            Note(NoteKind.GENTLER, "ext", "Backward neck stretch: the gentler version for now."),
        ),
        needs_text=needs_sentence((Need.WALL, Need.DOORWAY)),
    )


Make = Callable[..., tuple[SessionDialog, ManualClock]]


@pytest.fixture
def art_dir(tmp_path: Path) -> Path:
    return write_art(tmp_path / "illustrations")


@pytest.fixture
def make(qtbot: QtBot, art_dir: Path) -> Make:
    def build(
        plan: SessionPlan | Routine, *, ask_feeling: bool = False, journal_due: bool = False
    ) -> tuple[SessionDialog, ManualClock]:
        clock = ManualClock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
        dialog = SessionDialog(
            plan if isinstance(plan, SessionPlan) else SessionPlan(plan),
            clock,
            Illustrations([art_dir]),
            make_safety(),
            ask_feeling=ask_feeling,
            journal_due=journal_due,
        )
        qtbot.addWidget(dialog)
        with qtbot.waitActive(dialog):
            dialog.begin()
        return dialog, clock

    return build


def step(dialog: SessionDialog, clock: ManualClock, seconds: float) -> None:
    clock.advance(seconds)
    dialog.tick()


def find(dialog: QWidget, kind: type, name: str) -> QWidget:
    found = dialog.findChild(kind, name)
    assert found is not None, name
    return found  # type: ignore[no-any-return]


def label(dialog: QWidget, name: str) -> QLabel:
    return find(dialog, QLabel, name)  # type: ignore[return-value]


def button(dialog: QWidget, name: str) -> QPushButton:
    return find(dialog, QPushButton, name)  # type: ignore[return-value]


def buttons_named(dialog: QWidget, text: str) -> list[QPushButton]:
    return [b for b in dialog.findChildren(QPushButton) if b.text() == text]


def shown_text(dialog: QWidget) -> str:
    return " ".join(w.text() for w in dialog.findChildren(QLabel) if w.isVisible())


def tab_reaches(qtbot: QtBot, dialog: QWidget, target: QWidget, limit: int = 20) -> bool:
    """Press Tab until ``target`` has focus (True) or ``limit`` presses went by."""
    for _ in range(limit):
        if target.hasFocus():
            return True
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Tab)
    return target.hasFocus()


def shoot(qtbot: QtBot, widget: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(1)
    assert widget.grab().save(str(SHOTS / f"session-{name}.png"))


# -- the preface -------------------------------------------------------------------------------


def test_the_preface_waits_for_begin_and_its_buttons_answer_once(make: Make, qtbot: QtBot) -> None:
    plan = plan_with_notes(routine(tuck(), stretch()))
    dialog, clock = make(plan)
    assert dialog.screen_shown is Screen.PREFACE
    assert dialog.runner.state is RunState.READY
    step(dialog, clock, 120)  # the session's clock does not run before Begin
    assert dialog.runner.state is RunState.READY and dialog.runner.active_s() == 0
    text = shown_text(dialog)
    assert "Before you begin" in text and "You need a wall and a doorway." in text
    for note in plan.notes:
        assert note.text in text
    assert dialog.announcement.startswith("Before you begin. You need a wall and a doorway.")
    assert dialog.announcement.endswith("Press Enter to begin.")
    begin = button(dialog, "beginButton")
    assert begin.hasFocus() and begin.isDefault()

    keep = buttons_named(dialog, "Keep 5 s")[0]
    assert keep.accessibleName() == "Keep 5 s" and keep.accessibleDescription()
    assert tab_reaches(qtbot, dialog, keep)
    with qtbot.waitSignal(dialog.choice_made) as blocker:
        qtbot.keyClick(keep, Qt.Key.Key_Space)
    assert blocker.args == ["tuck", Action.PREVIOUS_DOSE]
    assert keep.isHidden() and begin.hasFocus()  # focus never falls into the void
    assert "Done: back to the previous dose." in shown_text(dialog)
    assert dialog.announcement == "Done: back to the previous dose."
    with qtbot.assertNotEmitted(dialog.choice_made):
        keep.click()  # hidden, and answered: nothing more

    back = buttons_named(dialog, "Bring it back")[0]
    with qtbot.waitSignal(dialog.choice_made) as blocker:
        qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert blocker.args == ["chin-drop", Action.BRING_BACK]
    assert len(buttons_named(dialog, "Keep 5 s") + buttons_named(dialog, "Bring it back")) == 2

    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # Enter: Begin
    assert dialog.screen_shown is Screen.SESSION
    assert dialog.runner.state is RunState.RUNNING
    assert button(dialog, "pauseButton").hasFocus()
    assert not begin.isDefault()
    assert dialog.announcement.startswith(
        "Seated chin tuck. Rep 1 of 2 · Exercise 1 of 2. Get ready"
    )


def test_the_app_may_hand_a_new_plan_before_begin(make: Make, qtbot: QtBot) -> None:
    dialog, clock = make(plan_with_notes(routine(tuck())))
    dialog.use_plan(SessionPlan(routine(hold_exercise("tuck", hold_s=7))))
    qtbot.mouseClick(button(dialog, "beginButton"), Qt.MouseButton.LeftButton)
    step(dialog, clock, 3)
    assert dialog.runner.current.duration_s == 7
    dialog.use_plan(SessionPlan(routine(hold_exercise("tuck", hold_s=9))))  # too late
    assert dialog.runner.current.duration_s == 7


def test_without_notes_or_needs_the_session_starts_at_once(make: Make) -> None:
    dialog, _ = make(routine(tuck()))
    assert dialog.screen_shown is Screen.SESSION
    assert dialog.runner.state is RunState.RUNNING


def test_closing_the_preface_reports_a_stop_with_no_exercise(make: Make, qtbot: QtBot) -> None:
    dialog, _ = make(SessionPlan(routine(tuck()), needs_text="You need a wall."))
    with qtbot.waitSignal(dialog.session_finished) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert blocker.args == [SessionResult(Outcome.STOPPED, (), None)]
    second, _ = make(SessionPlan(routine(tuck()), needs_text="You need a wall."))
    with qtbot.waitSignal(second.session_finished):
        qtbot.mouseClick(button(second, "notNowButton"), Qt.MouseButton.LeftButton)
    assert not second.isVisible()


# -- the exercise screen -----------------------------------------------------------------------


def test_make_it_easier_switches_to_the_gentler_version(make: Make, qtbot: QtBot) -> None:
    dialog, clock = make(routine(tuck(), hold_exercise("plain", name="Chin drop")))
    ease = button(dialog, "easeButton")
    assert ease.isVisible() and ease.accessibleName() == "Make it easier"
    assert ease.accessibleDescription()
    assert not label(dialog, "gentler").isVisible()
    step(dialog, clock, 3 + 2)  # 2 s into the first 5 s hold
    heard: list[str] = []
    dialog.announced.connect(heard.append)
    assert tab_reaches(qtbot, dialog, ease)
    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_Space)  # the focused button wins
    assert dialog.runner.current.exercise.eased
    assert (dialog.runner.current.phase, dialog.runner.current.duration_s) == (Phase.HOLD, 3)
    assert not ease.isVisible()
    assert button(dialog, "pauseButton").hasFocus()
    gentler = label(dialog, "gentler")
    assert gentler.isVisible() and gentler.text() == "Gentler version: Tuck only halfway."
    assert heard == [
        "Gentler version: Tuck only halfway. Hold, 3 seconds. Seated chin tuck: hold it."
    ]
    step(dialog, clock, 3 + 2 + 3)
    assert dialog.runner.current.exercise.id == "plain"
    assert not ease.isVisible() and not gentler.isVisible()  # Chin drop has no regression
    with qtbot.waitSignal(dialog.session_finished) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert blocker.args[0].exercises_eased == ("tuck",)


def test_tempo_and_one_mistake_show_in_a_quiet_caption(make: Make) -> None:
    dialog, _ = make(routine(stretch(), breath_exercise()))
    tips = label(dialog, "tips")
    assert tips.text() == (
        "Tempo: Tip back over 2–3 s, return over 2–3 s\n"
        "Watch for: Leaning the whole upper body back."
    )
    dialog.skip_exercise()
    assert not tips.isVisible()  # the breathing exercise has no tempo and no mistakes


def test_a_warning_shows_in_a_caution_card_during_the_get_ready(make: Make) -> None:
    dialog, clock = make(routine(hold_exercise("a", reps=1), stretch()))
    card = find(dialog, QWidget, "warningCard")
    assert not card.isVisible()
    step(dialog, clock, 3 + 5)
    assert dialog.runner.current.phase is Phase.READY
    assert card.isVisible() and label(dialog, "warning").text() == WARNING
    assert card.accessibleName() == f"Caution: {WARNING}"
    assert dialog.announcement == (
        f"Backward neck stretch. Set 1 of 2 · Exercise 2 of 2. Caution: {WARNING} "
        f"Get ready, {WARNING_READY_S} seconds. Backward neck stretch: sit tall."
    )
    step(dialog, clock, WARNING_READY_S)
    assert dialog.runner.current.phase is Phase.HOLD
    assert not card.isVisible()


# -- the finish screen -------------------------------------------------------------------------


def finish(dialog: SessionDialog, clock: ManualClock) -> None:
    for _ in range(400):
        if dialog.screen_shown is not Screen.SESSION:
            return
        step(dialog, clock, 1)


def test_the_feeling_question_is_one_tap_and_never_blocks(make: Make, qtbot: QtBot) -> None:
    dialog, clock = make(routine(hold_exercise("a", reps=1)), ask_feeling=True)
    results: list[SessionResult] = []
    dialog.session_finished.connect(results.append)
    finish(dialog, clock)
    assert results and results[0].outcome is Outcome.COMPLETED
    question = label(dialog, "feelingQuestion")
    assert question.isVisible() and question.text() == "How does your neck feel now?"
    assert "How does your neck feel now?" in dialog.announcement
    close = button(dialog, "finishClose")
    assert close.hasFocus()  # Enter or Escape still just closes
    worse = button(dialog, "feelingWorse")
    assert worse.accessibleName() == "My neck feels worse"
    assert tab_reaches(qtbot, dialog, worse)
    with qtbot.waitSignal(dialog.feeling_chosen) as blocker:
        qtbot.keyClick(worse, Qt.Key.Key_Space)
    assert blocker.args == [Feeling.WORSE]
    assert close.hasFocus()
    assert all(not b.isVisible() for b in (worse, button(dialog, "feelingBetter")))
    assert "the coach will ease it off or leave it out" in shown_text(dialog)
    assert "ease it off" in dialog.announcement
    assert not button(dialog, "journalButton").isVisible()
    with (
        qtbot.assertNotEmitted(dialog.feeling_chosen),
        qtbot.assertNotEmitted(dialog.session_finished),
    ):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_no_question_when_not_asked_or_when_nothing_was_done(make: Make, qtbot: QtBot) -> None:
    quiet, clock = make(routine(hold_exercise("a", reps=1)))
    finish(quiet, clock)
    assert not label(quiet, "feelingQuestion").isVisible()
    skipped, _ = make(routine(hold_exercise("a")), ask_feeling=True)
    qtbot.keyClick(skipped, Qt.Key.Key_Right)
    assert skipped.screen_shown is Screen.FINISHED
    assert not label(skipped, "feelingQuestion").isVisible()


def test_a_partial_session_asks_and_offers_the_journal(make: Make, qtbot: QtBot) -> None:
    dialog, clock = make(
        routine(hold_exercise("a", reps=1), hold_exercise("b")), ask_feeling=True, journal_due=True
    )
    step(dialog, clock, 3 + 5)
    qtbot.keyClick(dialog, Qt.Key.Key_Right)
    assert dialog.session_result().outcome is Outcome.PARTIAL
    journal = button(dialog, "journalButton")
    assert journal.isVisible() and journal.accessibleName() == "Rate today's comfort"
    assert tab_reaches(qtbot, dialog, journal)
    with qtbot.waitSignal(dialog.journal_requested):
        qtbot.keyClick(journal, Qt.Key.Key_Space)
    with qtbot.waitSignal(dialog.feeling_chosen) as blocker:
        qtbot.mouseClick(button(dialog, "feelingBetter"), Qt.MouseButton.LeftButton)
    assert blocker.args == [Feeling.BETTER]


# -- the safety screen -------------------------------------------------------------------------


def test_the_safety_screen_offers_gentler_or_leave_out(make: Make, qtbot: QtBot) -> None:
    dialog, clock = make(routine(hold_exercise("a", reps=1), stretch()))
    step(dialog, clock, 3 + 5 + 4)
    results: list[SessionResult] = []
    dialog.session_finished.connect(results.append)
    qtbot.mouseClick(button(dialog, "painButton"), Qt.MouseButton.LeftButton)
    assert results == [SessionResult(Outcome.STOPPED_PAIN, ("a",), "ext")]
    gentler, leave = button(dialog, "useGentlerButton"), button(dialog, "leaveOutButton")
    assert gentler.accessibleName() == "Use the gentler version of Backward neck stretch"
    assert leave.accessibleName() == "Leave Backward neck stretch out"
    assert "For next time, Backward neck stretch:" in shown_text(dialog)
    assert dialog.announcement.endswith(
        "For next time, Backward neck stretch: use the gentler version or leave this exercise out."
    )
    assert button(dialog, "safetyClose").hasFocus()
    assert tab_reaches(qtbot, dialog, gentler)
    with qtbot.waitSignal(dialog.choice_made) as blocker:
        qtbot.keyClick(gentler, Qt.Key.Key_Space)
    assert blocker.args == ["ext", Action.USE_GENTLER]
    assert not gentler.isVisible() and not leave.isVisible()
    assert "the gentler version from your next session" in shown_text(dialog)
    assert dialog.announcement == (
        "Backward neck stretch: the gentler version from your next session."
    )
    assert button(dialog, "safetyClose").hasFocus()
    assert len(results) == 1


def test_after_easing_the_safety_screen_offers_only_leave_out(make: Make, qtbot: QtBot) -> None:
    dialog, clock = make(routine(tuck()))
    step(dialog, clock, 4)
    qtbot.mouseClick(button(dialog, "easeButton"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button(dialog, "painButton"), Qt.MouseButton.LeftButton)
    assert dialog.findChild(QPushButton, "useGentlerButton") is None
    with qtbot.waitSignal(dialog.choice_made) as blocker:
        qtbot.mouseClick(button(dialog, "leaveOutButton"), Qt.MouseButton.LeftButton)
    assert blocker.args == ["tuck", Action.LEAVE_OUT]
    assert dialog.session_result().exercises_eased == ("tuck",)


def test_every_new_control_is_named_and_described(make: Make, qtbot: QtBot) -> None:
    plan = plan_with_notes(routine(tuck(), stretch()))
    dialog, _ = make(plan, ask_feeling=True, journal_due=True)
    qtbot.mouseClick(button(dialog, "beginButton"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button(dialog, "painButton"), Qt.MouseButton.LeftButton)
    for b in dialog.findChildren(QAbstractButton):
        assert b.accessibleName().strip(), b.objectName() or b.text()
        assert b.accessibleDescription().strip(), b.objectName() or b.text()
        assert b.focusPolicy() & Qt.FocusPolicy.TabFocus, b.objectName() or b.text()


# -- screenshots -------------------------------------------------------------------------------


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshots(
    qtbot: QtBot, use_palette: Callable[[bool], QPalette], make: Make, dark: bool
) -> None:
    """Grab each new screen to /tmp/shots/session-*.png for a person to look at."""
    use_palette(dark)
    theme = "dark" if dark else "light"
    the_routine = routine(tuck(), stretch())
    dialog, clock = make(plan_with_notes(the_routine), ask_feeling=True, journal_due=True)
    shoot(qtbot, dialog, f"preface-{theme}")
    qtbot.mouseClick(buttons_named(dialog, "Keep 5 s")[0], Qt.MouseButton.LeftButton)
    shoot(qtbot, dialog, f"preface-answered-{theme}")
    qtbot.mouseClick(button(dialog, "beginButton"), Qt.MouseButton.LeftButton)
    step(dialog, clock, 4.4)
    shoot(qtbot, dialog, f"ease-offered-{theme}")
    qtbot.mouseClick(button(dialog, "easeButton"), Qt.MouseButton.LeftButton)
    step(dialog, clock, 1.3)
    shoot(qtbot, dialog, f"eased-{theme}")
    dialog.skip_exercise()
    step(dialog, clock, 2.2)
    shoot(qtbot, dialog, f"warning-{theme}")
    qtbot.mouseClick(button(dialog, "painButton"), Qt.MouseButton.LeftButton)
    shoot(qtbot, dialog, f"safety-choices-{theme}")
    qtbot.mouseClick(button(dialog, "leaveOutButton"), Qt.MouseButton.LeftButton)
    shoot(qtbot, dialog, f"safety-answered-{theme}")
    dialog.close()

    done, clock = make(
        routine(tuck(), hold_exercise("b", name="Chin drop")), ask_feeling=True, journal_due=True
    )
    finish(done, clock)
    shoot(qtbot, done, f"finish-ask-{theme}")
    qtbot.mouseClick(button(done, "feelingWorse"), Qt.MouseButton.LeftButton)
    shoot(qtbot, done, f"finish-thanks-{theme}")
    done.close()
