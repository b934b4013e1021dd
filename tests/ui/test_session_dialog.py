"""The guided session dialog, driven by a ManualClock: no real sleeping anywhere."""

from __future__ import annotations

import contextlib
import html
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QCursor,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QPainter,
    QPalette,
)
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

import desk_breaks
from desk_breaks.core.clock import ManualClock
from desk_breaks.core.coach_types import SessionPlan
from desk_breaks.core.content import (
    Area,
    BreathTiming,
    Exercise,
    HoldTiming,
    Kind,
    Position,
    Routine,
    Safety,
    SafetyGroup,
    Step,
    StepPhase,
)
from desk_breaks.core.content_files import load_library, load_safety
from desk_breaks.core.engine import Outcome, SessionResult
from desk_breaks.core.session import Phase, RunState, Segment, Side
from desk_breaks.ui.art import ACCENT, FIGURE, PROPS, Illustrations, IllustrationView
from desk_breaks.ui.session_dialog import COMPACT_SIZE, Screen, SessionDialog
from desk_breaks.ui.sound import Cue, CuePlayer
from desk_breaks.ui.widgets import Breath, BreathPacer, CountdownRing
from tests.helpers.content import breath_exercise, hold_exercise, routine

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

# A seated figure, side view, facing right; b.svg adds the "draw the chin back" arrow.
# Asymmetric on purpose, so mirroring shows.
_FIGURE = f"""
<g fill="none" stroke-linecap="round" stroke-linejoin="round">
  <g stroke="{PROPS}" stroke-width="5">
    <path d="M62 152 H132 M70 152 L62 86 M74 152 V206 M126 152 V206"/>
    <path d="M150 124 H226 M216 124 V206"/>
  </g>
  <g stroke="{FIGURE}" stroke-width="7">
    <circle cx="{{head_x}}" cy="56" r="19"/>
    <path d="M{{neck_x}} 76 L100 94"/>
    <path d="M100 94 C 94 112, 92 130, 94 148"/>
    <path d="M94 148 L146 150 L150 204 L168 204"/>
    <path d="M100 102 L118 130 L160 120"/>
  </g>
</g>
"""
_ARROW = f"""
<g fill="none" stroke="{ACCENT}" stroke-width="5" stroke-linecap="round" stroke-linejoin="round">
  <path d="M160 48 H134"/>
  <path d="M142 40 L133 48 L142 56"/>
</g>
"""


def _svg(body: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 240" '
        f'width="240" height="240">{body}</svg>'
    )


def write_art(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.svg").write_text(_svg(_FIGURE.format(head_x=112, neck_x=107)))
    (folder / "b.svg").write_text(_svg(_FIGURE.format(head_x=104, neck_x=101) + _ARROW))
    return folder


def make_safety() -> Safety:
    return Safety(
        disclaimer="Test disclaimer: general guidance, not medical advice.",
        stop_title="Test stop title",
        stop_now=SafetyGroup("Right now", ("Stop point one.", "Stop point two.")),
        ease_off=SafetyGroup("Next time", ("Ease point one.",)),
        seek_help=SafetyGroup("Get advice", ("Help point one.", "Help point two.")),
    )


Make = Callable[..., tuple[SessionDialog, ManualClock]]


@pytest.fixture
def art_dir(tmp_path: Path) -> Path:
    return write_art(tmp_path / "illustrations")


@pytest.fixture
def make(qtbot: QtBot, art_dir: Path) -> Make:
    """Build a dialog on a ManualClock and begin it."""

    def build(
        the_routine: Routine | SessionPlan,
        *,
        ask_feeling: bool = False,
        journal_due: bool = False,
        begin: bool = True,
        safety: Safety | None = None,
        reduced_motion: bool = False,
        full_screen: bool = False,
        cues: CuePlayer | None = None,
    ) -> tuple[SessionDialog, ManualClock]:
        clock = ManualClock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
        plan = the_routine if isinstance(the_routine, SessionPlan) else SessionPlan(the_routine)
        dialog = SessionDialog(
            plan,
            clock,
            Illustrations([art_dir]),
            safety or make_safety(),
            ask_feeling=ask_feeling,
            journal_due=journal_due,
            reduced_motion=reduced_motion,
            full_screen=full_screen,
            cues=cues,
        )
        qtbot.addWidget(dialog)
        if begin:
            with qtbot.waitActive(dialog):
                dialog.begin()
        return dialog, clock

    return build


def step(dialog: SessionDialog, clock: ManualClock, seconds: float) -> None:
    clock.advance(seconds)
    dialog.tick()


def state(dialog: SessionDialog) -> RunState:
    return dialog.runner.state


def label(dialog: SessionDialog, name: str) -> QLabel:
    found = dialog.findChild(QLabel, name)
    assert found is not None, name
    return found


def ring(dialog: SessionDialog) -> CountdownRing:
    found = dialog.findChild(CountdownRing, "countdown")
    assert found is not None
    return found


def pacer(dialog: SessionDialog) -> BreathPacer:
    found = dialog.findChild(BreathPacer, "pacer")
    assert found is not None
    return found


def button(dialog: SessionDialog, name: str) -> QPushButton:
    found = dialog.findChild(QPushButton, name)
    assert found is not None, name
    return found


def timer(dialog: SessionDialog, name: str) -> QTimer:
    found = dialog.findChild(QTimer, name)
    assert found is not None, name
    return found


# -- the steps ---------------------------------------------------------------------------------


def test_phases_and_cues_follow_the_clock(make: Make) -> None:
    ex = hold_exercise(hold_s=5, reps=2, rep_rest_s=2)
    dialog, clock = make(routine(ex))
    phase, cue = label(dialog, "phase"), label(dialog, "cue")
    assert label(dialog, "exerciseName").text() == "Seated chin tuck"
    assert (phase.text(), cue.text()) == ("Get ready", "Seated chin tuck: sit tall.")
    assert ring(dialog).seconds() == 3
    assert phase.accessibleName() == "Phase: Get ready"

    step(dialog, clock, 3)
    assert (phase.text(), cue.text()) == ("Hold", "Seated chin tuck: hold it.")
    assert phase.accessibleName() == "Phase: Hold"
    assert phase.accessibleDescription() == "Seated chin tuck: hold it."
    assert ring(dialog).seconds() == 5
    assert label(dialog, "progress").text() == "Rep 1 of 2"

    step(dialog, clock, 1.5)
    assert ring(dialog).seconds() == 4  # from the deadline: 3.5 s left shows as 4
    assert ring(dialog).fraction() == pytest.approx(0.7)
    assert "4 seconds left" in ring(dialog).accessibleDescription()

    step(dialog, clock, 3.5)
    assert (phase.text(), cue.text()) == ("Relax", "Seated chin tuck: let go.")
    step(dialog, clock, 2)
    assert phase.text() == "Hold"
    assert label(dialog, "progress").text() == "Rep 2 of 2"
    assert label(dialog, "next").text() == "Last one"


def test_phase_timer_is_armed_for_the_runners_deadline(make: Make) -> None:
    dialog, clock = make(routine(hold_exercise(hold_s=5)))
    phase_timer = timer(dialog, "phaseTimer")
    assert phase_timer.isActive()
    assert phase_timer.isSingleShot()
    assert phase_timer.timerType() is Qt.TimerType.PreciseTimer
    assert phase_timer.interval() == 3000
    step(dialog, clock, 1.25)  # a tick in the middle of a phase re-arms for what is left
    assert phase_timer.interval() == 1750
    assert timer(dialog, "frameTimer").isActive()


def test_per_side_progress_and_mirrored_art(make: Make, art_dir: Path) -> None:
    side_ex = hold_exercise("side", hold_s=5, reps=1, sets=2, rest_s=3, per_side=True)
    dialog, clock = make(routine(side_ex, hold_exercise("tuck", name="Chin drop")))
    progress = label(dialog, "progress")
    art = dialog.findChild(IllustrationView, "illustration")
    assert art is not None
    assert progress.text() == "Set 1 of 2 · Left side · Exercise 1 of 2"
    assert label(dialog, "next").text() == "Next: Chin drop"
    assert not art.mirrored

    step(dialog, clock, 3 + 5)  # ready, hold: rest between sets
    assert label(dialog, "phase").text() == "Rest"
    step(dialog, clock, 3 + 5)  # rest, second hold: switch sides
    assert label(dialog, "phase").text() == "Switch sides"
    assert label(dialog, "cue").text().startswith("Switch to the other side.")
    assert progress.text() == "Set 1 of 2 · Right side · Exercise 1 of 2"
    assert art.mirrored
    step(dialog, clock, 3)
    assert label(dialog, "phase").text() == "Hold"
    assert art.mirrored and art.name == "b.svg"

    # The right side is the left-side drawing flipped (up to anti-aliasing).
    illustrations = Illustrations([art_dir])
    left = illustrations.pixmap("b.svg", QSize(120, 120)).toImage()
    right = illustrations.pixmap("b.svg", QSize(120, 120), mirrored=True).toImage()
    assert _difference(right, left) > 20
    assert _difference(right, left.flipped(Qt.Orientation.Horizontal)) < 2


def _difference(a: QImage, b: QImage) -> float:
    """Return the mean alpha difference of two images of one size, 0..255."""
    total = sum(
        abs(a.pixelColor(x, y).alpha() - b.pixelColor(x, y).alpha())
        for y in range(a.height())
        for x in range(a.width())
    )
    return total / (a.width() * a.height()) * 40  # weighted: ink covers about 1/40


# -- the controls ------------------------------------------------------------------------------


def test_space_pauses_and_resumes_without_losing_time(make: Make, qtbot: QtBot) -> None:
    dialog, clock = make(routine(hold_exercise(hold_s=5)))
    step(dialog, clock, 4)  # 1 s into the hold
    assert button(dialog, "pauseButton").hasFocus()  # where the session puts the keyboard
    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_Space)  # as the keyboard sends it
    assert state(dialog) is RunState.PAUSED
    assert button(dialog, "pauseButton").text() == "Resume"
    assert button(dialog, "pauseButton").accessibleName() == "Resume"
    assert ring(dialog).is_paused() and ring(dialog).caption() == "Paused"
    assert not timer(dialog, "frameTimer").isActive()
    assert not timer(dialog, "phaseTimer").isActive()
    assert label(dialog, "phase").accessibleName() == "Phase: Hold (paused)"

    step(dialog, clock, 60)
    assert ring(dialog).seconds() == 4
    assert dialog.runner.current.exercise.id == "tuck"

    dialog.setFocus()  # no button has the keyboard: Space still pauses (here: resumes)
    assert not isinstance(QApplication.focusWidget(), QAbstractButton)
    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_Space)
    assert state(dialog) is RunState.RUNNING
    assert button(dialog, "pauseButton").text() == "Pause"
    assert timer(dialog, "frameTimer").isActive()
    assert timer(dialog, "phaseTimer").interval() == 4000
    step(dialog, clock, 4)
    assert label(dialog, "phase").text() == "Relax"


def test_space_presses_the_focused_button_the_safety_one_included(make: Make, qtbot: QtBot) -> None:
    """A keyboard user on "This hurts" who presses Space gets help, not "Paused"."""
    dialog, clock = make(routine(hold_exercise(hold_s=5)))
    step(dialog, clock, 4)
    heard: list[str] = []
    dialog.announced.connect(heard.append)
    pain = button(dialog, "painButton")
    while not pain.hasFocus():  # the way a keyboard user gets there: Tab
        qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_Tab)
    with qtbot.waitSignal(dialog.session_finished) as finished:
        qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_Space)
    assert finished.args[0].outcome is Outcome.STOPPED_PAIN
    assert dialog.screen_shown is Screen.SAFETY
    assert heard and "Paused." not in heard


@pytest.mark.parametrize("name", ["skipButton", "backButton"])
def test_space_on_another_focused_button_presses_it_and_does_not_pause(
    make: Make, qtbot: QtBot, name: str
) -> None:
    dialog, clock = make(routine(hold_exercise("one", hold_s=5), hold_exercise("two", hold_s=5)))
    step(dialog, clock, 4)
    focused = button(dialog, name)
    focused.setFocus(Qt.FocusReason.TabFocusReason)
    with qtbot.waitSignal(focused.clicked):
        qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_Space)
    assert state(dialog) is RunState.RUNNING
    expected = "two" if name == "skipButton" else "one"
    assert dialog.runner.current.exercise.id == expected


def test_a_held_space_pauses_once(make: Make, qtbot: QtBot) -> None:
    dialog, clock = make(routine(hold_exercise(hold_s=5)))
    step(dialog, clock, 4)
    dialog.setFocus()
    qtbot.keyPress(dialog.windowHandle(), Qt.Key.Key_Space)
    for _ in range(3):  # the keyboard's auto-repeat while the key is held
        repeat = QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier, " ", True
        )
        QApplication.sendEvent(dialog, repeat)
    assert state(dialog) is RunState.PAUSED


def test_redraws_only_while_visible(make: Make, qtbot: QtBot) -> None:
    dialog, clock = make(routine(hold_exercise(hold_s=5)))
    dialog.hide()
    assert not timer(dialog, "frameTimer").isActive()
    assert timer(dialog, "phaseTimer").isActive()  # phases still change while hidden
    step(dialog, clock, 3)
    assert label(dialog, "phase").text() == "Hold"
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert timer(dialog, "frameTimer").isActive()


def test_arrows_skip_and_go_back(make: Make, qtbot: QtBot) -> None:
    first = hold_exercise("one", name="Seated chin tuck")
    second = hold_exercise("two", name="Chin drop")
    dialog, clock = make(routine(first, second))
    qtbot.keyClick(dialog, Qt.Key.Key_Right)
    assert label(dialog, "exerciseName").text() == "Chin drop"
    assert label(dialog, "phase").text() == "Get ready"
    assert label(dialog, "progress").text() == "Rep 1 of 2 · Exercise 2 of 2"

    step(dialog, clock, 5)  # well into the exercise: Left restarts it
    qtbot.keyClick(dialog, Qt.Key.Key_Left)
    assert label(dialog, "exerciseName").text() == "Chin drop"
    assert label(dialog, "phase").text() == "Get ready"
    assert ring(dialog).seconds() == 3

    qtbot.keyClick(dialog, Qt.Key.Key_Left)  # right after a start: the previous exercise
    assert label(dialog, "exerciseName").text() == "Seated chin tuck"
    assert label(dialog, "next").text() == "Next: Chin drop"


def test_skipping_the_last_exercise_shows_the_finish(make: Make, qtbot: QtBot) -> None:
    dialog, _ = make(routine(hold_exercise("one"), hold_exercise("two")))
    qtbot.keyClick(dialog, Qt.Key.Key_Right)
    with qtbot.waitSignal(dialog.session_finished) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_Right)
    assert blocker.args == [SessionResult(Outcome.PARTIAL, ())]
    assert dialog.screen_shown is Screen.FINISHED
    assert label(dialog, "finishTitle").text() == "That's all for now"
    assert label(dialog, "finishList").isHidden()
    with qtbot.assertNotEmitted(dialog.session_finished):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_escape_stops_and_reports_stopped(make: Make, qtbot: QtBot) -> None:
    dialog, clock = make(routine(hold_exercise("one"), hold_exercise("two")))
    step(dialog, clock, 2)
    with qtbot.waitSignal(dialog.session_finished, timeout=1000) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert blocker.args == [SessionResult(Outcome.STOPPED, (), "one")]
    assert not dialog.isVisible()


def test_stop_button_and_window_close_report_once(make: Make, qtbot: QtBot) -> None:
    dialog, _ = make(routine(hold_exercise("one")))
    results: list[SessionResult] = []
    dialog.session_finished.connect(results.append)
    qtbot.mouseClick(button(dialog, "stopButton"), Qt.MouseButton.LeftButton)
    dialog.close()
    assert [r.outcome for r in results] == [Outcome.STOPPED]


def test_closing_the_window_mid_session_stops_it(make: Make, qtbot: QtBot) -> None:
    dialog, _ = make(routine(hold_exercise("one")))
    qtbot.keyClick(dialog, Qt.Key.Key_Space)  # paused counts as mid-session too
    with qtbot.waitSignal(dialog.session_finished) as blocker:
        dialog.close()
    assert blocker.args[0].outcome is Outcome.STOPPED
    active = [t.objectName() for t in dialog.findChildren(QTimer) if t.isActive()]
    assert active == []


def test_pain_button_shows_safety_then_reports_pain(make: Make, qtbot: QtBot) -> None:
    safety = make_safety()
    first = hold_exercise("one")
    dialog, clock = make(routine(first, hold_exercise("two")), safety=safety)
    step(dialog, clock, 3 + 5 + 2 + 5)  # "one" is done
    step(dialog, clock, 4)
    pain = button(dialog, "painButton")
    assert pain.isVisible() and pain.text() == "This hurts / I feel dizzy"
    results: list[SessionResult] = []
    dialog.session_finished.connect(results.append)
    qtbot.mouseClick(pain, Qt.MouseButton.LeftButton)

    # Reported at once (the schedule must not wait on the window), read at leisure.
    assert dialog.screen_shown is Screen.SAFETY
    assert dialog.isVisible()
    assert results == [SessionResult(Outcome.STOPPED_PAIN, ("one",), "two")]
    assert not any(t.isActive() for t in dialog.findChildren(QTimer))
    shown = " ".join(w.text() for w in dialog.findChildren(QLabel) if w.isVisible())
    for text in (safety.stop_title, safety.disclaimer, *safety.stop_now.points):
        assert html.escape(text, quote=False) in shown
    for text in (*safety.ease_off.points, *safety.seek_help.points):
        assert html.escape(text, quote=False) in shown
    headings = [
        label(dialog, f"{name}Heading")
        for name in ("safetyStopNow", "safetyEaseOff", "safetySeekHelp")
    ]
    assert [h.text() for h in headings] == ["Right now", "Next time", "Get advice"]
    assert all(h.isVisible() and h.font().bold() for h in headings)
    # Each heading sits right above its own points.
    for heading, name in zip(
        headings, ("safetyStopNow", "safetyEaseOff", "safetySeekHelp"), strict=True
    ):
        points = label(dialog, name)
        top = points.mapTo(dialog, points.rect().topLeft()).y()
        assert 0 < top - heading.mapTo(dialog, heading.rect().bottomLeft()).y() < 20
    assert label(dialog, "safetySeekHelp").accessibleName() == "Get advice: " + " ".join(
        safety.seek_help.points
    )
    assert dialog.announcement.startswith("Test stop title. Right now: Stop point one.")
    close = button(dialog, "safetyClose")
    assert close.hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_Space)  # no pausing a session that is over
    assert dialog.screen_shown is Screen.SAFETY

    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert len(results) == 1


def test_full_walk_reaches_the_finish_screen(make: Make, qtbot: QtBot) -> None:
    the_routine = routine(hold_exercise("tuck", reps=1), breath_exercise(rounds=1))
    dialog, clock = make(the_routine)
    results: list[SessionResult] = []
    dialog.session_finished.connect(results.append)
    seen: list[str] = []
    for _ in range(the_routine.duration_s() + 2):
        if dialog.screen_shown is not Screen.SESSION:
            break
        text = label(dialog, "phase").text()
        if not seen or seen[-1] != text:
            seen.append(text)
        step(dialog, clock, 1)
    assert seen == [
        "Get ready",
        "Hold",
        "Get ready",
        "Breathe in",
        "Hold the breath",
        "Breathe out",
    ]
    assert dialog.screen_shown is Screen.FINISHED
    assert label(dialog, "finishTitle").text() == "Well done"
    assert label(dialog, "finishSummary").text() == "You did all 2 exercises in 23 s."
    assert label(dialog, "finishList").text() == "Seated chin tuck · Paced breathing"
    close = button(dialog, "finishClose")
    assert close.isVisible() and close.hasFocus()
    assert not any(t.isActive() for t in dialog.findChildren(QTimer))
    assert results == [SessionResult(Outcome.COMPLETED, ("tuck", "breath"))]
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert len(results) == 1


def test_pacer_grows_on_the_inbreath_and_shrinks_on_the_outbreath(make: Make) -> None:
    dialog, clock = make(routine(breath_exercise(rounds=2)))
    p = pacer(dialog)
    assert not p.isVisible()  # the get-ready phase shows the ring
    step(dialog, clock, 3)
    assert p.isVisible() and p.breath() is Breath.IN and p.word() == "Breathe in"
    assert label(dialog, "progress").text() == "Round 1 of 2"
    levels = []
    for _ in range(3):
        step(dialog, clock, 1)
        levels.append(p.level())
    assert levels == sorted(levels) and levels[0] < levels[-1]
    step(dialog, clock, 1)  # hold the breath (4 s in, 2 s hold)
    assert p.breath() is Breath.HOLD and p.level() == 1.0
    step(dialog, clock, 2)
    assert p.breath() is Breath.OUT and p.word() == "Breathe out" and p.seconds() == 6
    levels = []
    for _ in range(4):
        step(dialog, clock, 1.2)
        levels.append(p.level())
    assert levels == sorted(levels, reverse=True) and levels[0] > levels[-1]
    assert "left: Breathe out" in p.accessibleDescription()


def test_reduced_motion_pacer_shows_only_text(make: Make, qtbot: QtBot) -> None:
    dialog, clock = make(routine(breath_exercise()), reduced_motion=True)
    assert timer(dialog, "frameTimer").interval() >= 200
    step(dialog, clock, 3.5)
    p = pacer(dialog)
    assert p.reduced_motion() and not p.draws_circle()
    assert (p.word(), p.seconds()) == ("Breathe in", 4)
    image = p.grab().toImage()
    assert _colour_pixels(image, p.colour()) == 0  # no circle in the phase colour
    plain = BreathPacer()
    qtbot.addWidget(plain)
    plain.resize(p.size())
    plain.set_colour(p.colour())
    plain.set_breath(Breath.IN, 0.5, "Breathe in", 4)
    assert plain.draws_circle()
    assert _colour_pixels(plain.grab().toImage(), p.colour()) > 100


def _colour_pixels(image: QImage, colour: QColor) -> int:
    count = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            if abs(pixel.hue() - colour.hue()) < 12 and pixel.saturation() > 60:
                count += 1
    return count


# -- accessibility, placement, palettes, art ----------------------------------------------------


def test_every_button_is_named_and_described(make: Make) -> None:
    dialog, _ = make(routine(hold_exercise()))
    buttons = dialog.findChildren(QAbstractButton)
    assert len(buttons) >= 7
    for b in buttons:
        assert b.accessibleName().strip(), b.objectName()
        assert b.accessibleDescription().strip(), b.objectName()
    assert ring(dialog).accessibleName() == "Seconds left"
    assert label(dialog, "phase").accessibleName().startswith("Phase: ")


def _grabs_nothing(dialog: SessionDialog) -> bool:
    """No keyboard or mouse grab, no always-on-top or window-manager bypass."""
    flags = dialog.windowFlags()
    return (
        QWidget.keyboardGrabber() is None
        and QWidget.mouseGrabber() is None
        and not flags & Qt.WindowType.WindowStaysOnTopHint
        and not flags & Qt.WindowType.X11BypassWindowManagerHint
        and dialog.windowModality() is Qt.WindowModality.NonModal
    )


def test_compact_window_is_centred_on_the_screen(make: Make) -> None:
    dialog, _ = make(routine(hold_exercise()))
    screen = QGuiApplication.primaryScreen()
    assert dialog.size() == COMPACT_SIZE.boundedTo(screen.availableGeometry().size())
    # Centred before the window manager adds its frame, so within a frame's width.
    offset = dialog.frameGeometry().center() - screen.availableGeometry().center()
    assert offset.manhattanLength() <= 8
    assert not dialog.isFullScreen()
    assert not dialog.windowState() & Qt.WindowState.WindowFullScreen
    assert _grabs_nothing(dialog)


def test_full_screen_covers_one_screen(make: Make) -> None:
    dialog, _ = make(routine(hold_exercise()), full_screen=True)
    assert dialog.isFullScreen()
    assert dialog.windowState() & Qt.WindowState.WindowFullScreen
    assert dialog.geometry() == dialog.screen().geometry()
    assert (
        dialog.screen() is QGuiApplication.screenAt(QCursor.pos())
        or len(QGuiApplication.screens()) == 1
    )
    assert _grabs_nothing(dialog)
    # The content keeps a readable width in the middle rather than stretching edge to edge.
    page = dialog.findChild(QWidget, "sessionPage")
    assert page is not None and page.width() < dialog.width()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_follows_the_palette(
    make: Make, use_palette: Callable[[bool], QPalette], dark: bool
) -> None:
    palette = use_palette(dark)
    dialog, _ = make(routine(hold_exercise()))
    window = palette.color(QPalette.ColorRole.Window)
    assert dialog.palette().color(QPalette.ColorRole.Window) == window
    cue = label(dialog, "cue")
    assert cue.palette().color(QPalette.ColorRole.WindowText) == palette.color(
        QPalette.ColorRole.WindowText
    )
    muted = label(dialog, "progress").palette().color(QPalette.ColorRole.WindowText)
    assert muted != palette.color(QPalette.ColorRole.WindowText)
    contrast = abs(ring(dialog).colour().lightness() - window.lightness())
    assert contrast > 60
    image = dialog.grab().toImage()
    corner = image.pixelColor(2, image.height() // 2)
    assert abs(corner.lightness() - window.lightness()) < 8

    before = ring(dialog).colour()
    use_palette(not dark)  # the desktop switches theme while the window is open
    assert ring(dialog).colour() != before
    contrast = (
        ring(dialog).colour().lightness()
        - dialog.palette().color(QPalette.ColorRole.Window).lightness()
    )
    assert abs(contrast) > 60


def test_illustrations_render_sharp_recoloured_and_cached(
    qapp: QApplication, art_dir: Path, use_palette: Callable[[bool], QPalette]
) -> None:
    illustrations = Illustrations([Path("/nonexistent"), art_dir])
    assert illustrations.find("a.svg") == art_dir / "a.svg"
    one = illustrations.pixmap("a.svg", QSize(100, 100))
    two = illustrations.pixmap("a.svg", QSize(100, 100), dpr=2.0)
    assert (one.width(), one.devicePixelRatio()) == (100, 1.0)
    assert (two.width(), two.devicePixelRatio()) == (200, 2.0)
    assert two.deviceIndependentSize().toSize() == QSize(100, 100)
    assert illustrations.pixmap("a.svg", QSize(100, 100)).cacheKey() == one.cacheKey()

    light = use_palette(False)
    on_light = illustrations.pixmap("b.svg", QSize(240, 240), palette=light).toImage()
    dark = use_palette(True)
    on_dark = illustrations.pixmap("b.svg", QSize(240, 240), palette=dark).toImage()
    text = dark.color(QPalette.ColorRole.WindowText)
    assert _has_colour(on_dark, text) and not _has_colour(on_dark, QColor(FIGURE))
    assert _has_colour(on_light, QColor(FIGURE)) and not _has_colour(on_light, text)
    assert on_dark.pixelColor(0, 0).alpha() == 0  # transparent background kept


def _has_colour(image: QImage, colour: QColor) -> bool:
    return any(
        image.pixelColor(x, y).rgb() == colour.rgb() and image.pixelColor(x, y).alpha() == 255
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
    )


def test_missing_illustration_is_a_placeholder_logged_once(
    qapp: QApplication, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    illustrations = Illustrations([tmp_path])
    with caplog.at_level(logging.WARNING, logger="desk_breaks.ui.art"):
        first = illustrations.pixmap("gone.svg", QSize(80, 80))
        illustrations.pixmap("gone.svg", QSize(160, 160), mirrored=True)
    assert not first.isNull() and first.width() == 80
    assert not illustrations.has("gone.svg")
    assert [r.getMessage().count("gone.svg") for r in caplog.records] == [1]


# -- screenshots --------------------------------------------------------------------------------


def _sample_routine() -> Routine:
    """A routine with realistic lengths of text, for the screenshots (test data only)."""

    def exercise(ex_id: str, name: str, cues: dict[StepPhase, str], **kw: object) -> Exercise:
        steps = tuple(
            Step(phase, cue, "b.svg" if phase is StepPhase.HOLD else "a.svg")
            for phase, cue in cues.items()
        )
        return Exercise(
            id=ex_id,
            name=name,
            purpose="Screenshot sample.",
            area=Area.NECK,
            position=Position.SEATED,
            steps=steps,
            **kw,  # type: ignore[arg-type]
        )

    tuck = exercise(
        "tuck",
        "Seated chin tuck",
        {
            StepPhase.READY: "Sit tall with your shoulders relaxed and your eyes level.",
            StepPhase.HOLD: "Gently draw your chin straight back, as if making a double "
            "chin. Keep your eyes level.",
            StepPhase.RELEASE: "Let your head glide forward again and relax.",
        },
        kind=Kind.HOLD,
        hold=HoldTiming(hold_s=5, reps=3, rep_rest_s=3),
    )
    side = exercise(
        "side",
        "Side neck stretch",
        {
            StepPhase.READY: "Sit tall and let your shoulders drop away from your ears.",
            StepPhase.HOLD: "Tilt your ear toward your shoulder until you feel a mild "
            "stretch along the side of your neck.",
            StepPhase.RELEASE: "Bring your head back to the middle.",
        },
        kind=Kind.HOLD,
        hold=HoldTiming(hold_s=20, sets=2, rest_s=5, per_side=True),
    )
    breath = exercise(
        "breath",
        "Slow breathing",
        {
            StepPhase.READY: "Rest your hands in your lap and let your shoulders soften.",
            StepPhase.INHALE: "Breathe in slowly through your nose.",
            StepPhase.EXHALE: "Breathe out gently through your mouth.",
        },
        kind=Kind.BREATHING,
        breathing=BreathTiming(4, 2, 6, 5),
    )
    return Routine("sample", "Neck reset", "Screenshot sample.", (tuck, side, breath))


SCREENSHOT_EXERCISES = ("chin-tuck-seated", "cross-body-arm-stretch", "diaphragmatic-breathing")
"""Shipped exercises for realistic screenshots: a hold, a per-side hold, a breathing one."""


def _screenshot_content(art_dir: Path) -> tuple[Routine, Safety, Illustrations]:
    """The shipped exercises, art and safety text when they load, else the samples."""
    routine_, safety, illustrations = _sample_routine(), make_safety(), Illustrations([art_dir])
    try:
        assets = desk_breaks.assets_dir()
    except FileNotFoundError:
        return routine_, safety, illustrations
    with contextlib.suppress(ValueError):  # still being written: keep the sample
        safety = load_safety(assets / "safety.toml")
    library = load_library([assets])
    if all(ex in library.exercises for ex in SCREENSHOT_EXERCISES):
        exercises = tuple(library.exercises[ex] for ex in SCREENSHOT_EXERCISES)
        routine_ = Routine("screens", "Neck reset", "Screenshots.", exercises)
        illustrations = Illustrations([assets / "illustrations"])
    return routine_, safety, illustrations


def _run_until(
    dialog: SessionDialog, clock: ManualClock, done: Callable[[Segment], bool], then: float
) -> None:
    for _ in range(2000):
        if done(dialog.runner.current):
            step(dialog, clock, then)
            return
        step(dialog, clock, 0.5)
    raise AssertionError("never reached")


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshots(
    qtbot: QtBot, use_palette: Callable[[bool], QPalette], art_dir: Path, dark: bool
) -> None:
    """Save the main screens as PNGs in tests/artifacts for a person to look at."""
    use_palette(dark)
    theme = "dark" if dark else "light"
    ARTIFACTS.mkdir(exist_ok=True)
    the_routine, safety, illustrations = _screenshot_content(art_dir)

    def start() -> tuple[SessionDialog, ManualClock]:
        clock = ManualClock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
        dialog = SessionDialog(SessionPlan(the_routine), clock, illustrations, safety)
        qtbot.addWidget(dialog)
        with qtbot.waitActive(dialog):
            dialog.begin()
        return dialog, clock

    def shoot(dialog: SessionDialog, name: str) -> None:
        qtbot.wait(1)  # let layouts settle before grabbing
        path = ARTIFACTS / f"session-{name}-{theme}.png"
        assert dialog.grab().save(str(path))

    dialog, clock = start()
    _run_until(dialog, clock, lambda seg: seg.phase is Phase.HOLD, 1.4)
    shoot(dialog, "hold")

    qtbot.keyClick(dialog, Qt.Key.Key_Right)
    _run_until(dialog, clock, lambda seg: seg.side is Side.RIGHT and seg.phase is Phase.HOLD, 4.6)
    shoot(dialog, "per-side")

    qtbot.keyClick(dialog, Qt.Key.Key_Right)
    _run_until(dialog, clock, lambda seg: seg.phase is Phase.INHALE, 2.2)
    shoot(dialog, "breathing")

    qtbot.mouseClick(button(dialog, "painButton"), Qt.MouseButton.LeftButton)
    shoot(dialog, "safety")
    dialog.close()

    done, clock = start()
    while done.screen_shown is Screen.SESSION:
        step(done, clock, 1)
    shoot(done, "finish")
    done.close()


# -- sound cues and screen-reader announcements --------------------------------------------------


class RecordingCuePlayer(CuePlayer):
    """A cue player that remembers what it was asked to play."""

    def __init__(self) -> None:
        super().__init__(None)
        self.played: list[Cue] = []

    def play(self, cue: Cue) -> None:
        self.played.append(cue)


def test_cues_mark_each_phase_change(make: Make) -> None:
    player = RecordingCuePlayer()
    the_routine = routine(hold_exercise(hold_s=5, reps=2, rep_rest_s=2), breath_exercise(rounds=1))
    dialog, clock = make(the_routine, cues=player)
    assert dialog.cues is player
    assert player.played == [Cue.START]
    step(dialog, clock, 3)
    step(dialog, clock, 2)  # mid-phase ticks play nothing
    assert player.played == [Cue.START, Cue.HOLD]
    for seconds in (3, 2, 5, 3, 4, 2):  # relax, hold, get ready, in, hold the breath, out
        step(dialog, clock, seconds)
    assert player.played == [
        *(Cue.START, Cue.HOLD, Cue.RELEASE, Cue.HOLD),
        *(Cue.START, Cue.HOLD, Cue.HOLD, Cue.RELEASE),
    ]
    step(dialog, clock, 60)  # a stalled timer catches up with one cue, not a burst

    assert dialog.screen_shown is Screen.FINISHED
    assert player.played[8:] == [Cue.END]


def test_pausing_plays_no_cue(make: Make, qtbot: QtBot) -> None:
    player = RecordingCuePlayer()
    dialog, clock = make(routine(hold_exercise()), cues=player)
    step(dialog, clock, 1)
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    assert player.played == [Cue.START]


def test_without_a_player_the_session_is_silent(make: Make) -> None:
    dialog, clock = make(routine(hold_exercise()))
    assert not dialog.cues.audible and dialog.cues.reason
    step(dialog, clock, 3)
    assert label(dialog, "phase").text() == "Hold"


def test_phase_changes_are_announced_to_screen_readers(make: Make, qtbot: QtBot) -> None:
    dialog, clock = make(routine(hold_exercise(hold_s=25, reps=1), hold_exercise("two", reps=1)))
    live = label(dialog, "announcement")
    assert live.accessibleName() == dialog.announcement
    assert dialog.announcement == (
        "Seated chin tuck. Exercise 1 of 2. Get ready, 3 seconds. Seated chin tuck: sit tall."
    )
    with qtbot.waitSignal(dialog.announced) as blocker:
        step(dialog, clock, 3)
    assert blocker.args == ["Hold, 25 seconds. Seated chin tuck: hold it."]
    assert live.accessibleName() == blocker.args[0]

    heard: list[str] = []
    dialog.announced.connect(heard.append)
    for _ in range(24):  # every second of the hold is drawn, only every tenth is spoken
        step(dialog, clock, 1)
    assert heard == ["20 seconds left.", "10 seconds left."]
    assert "left: Hold" in ring(dialog).accessibleDescription()

    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    assert live.accessibleName() == "Paused."
    qtbot.keyClick(dialog, Qt.Key.Key_Space)
    assert live.accessibleName() == "Resumed. Hold, 1 second."
    step(dialog, clock, 1)
    assert live.accessibleName().startswith("Seated chin tuck. Exercise 2 of 2. Get ready")


@pytest.mark.parametrize("dpr", [1.0, 2.0], ids=["1x", "2x"])
def test_every_shipped_illustration_renders_sharp(
    qapp: QApplication, use_palette: Callable[[bool], QPalette], dpr: float
) -> None:
    """Draw every shipped illustration, light and dark, into one sheet for a person to check."""
    folder = desk_breaks.assets_dir() / "illustrations"
    names = sorted(path.name for path in folder.glob("*.svg"))
    illustrations = Illustrations([folder])
    side, columns = 160, 6
    rows = -(-len(names) // columns)
    sheet = QImage(
        round(side * columns * 2 * dpr), round(side * rows * dpr), QImage.Format.Format_ARGB32
    )
    sheet.setDevicePixelRatio(dpr)
    painter = QPainter(sheet)
    for half, dark in enumerate((False, True)):
        palette = use_palette(dark)
        painter.fillRect(
            QRectF(half * side * columns, 0, side * columns, side * rows),
            palette.color(QPalette.ColorRole.Window),
        )
        for index, name in enumerate(names):
            assert illustrations.has(name), name
            pixmap = illustrations.pixmap(name, QSize(side, side), dpr=dpr, palette=palette)
            assert pixmap.width() == round(side * dpr)  # rendered at the device's pixels
            x = half * side * columns + (index % columns) * side
            painter.drawPixmap(QPointF(x, (index // columns) * side), pixmap)
    painter.end()
    ARTIFACTS.mkdir(exist_ok=True)
    assert sheet.save(str(ARTIFACTS / f"illustrations-{dpr:.0f}x.png"))


_TWO_SCREENS = """
import json, sys
from datetime import UTC, datetime
from pathlib import Path
from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from desk_breaks.core.clock import ManualClock
from desk_breaks.core.coach_types import SessionPlan
from desk_breaks.ui.art import Illustrations
from desk_breaks.ui.session_dialog import SessionDialog
from tests.helpers.content import hold_exercise, routine
from tests.ui.test_session_dialog import make_safety

app = QApplication([])
QCursor.setPos(1500, 300)  # on the right-hand screen
found = {}
for full in (False, True):
    dialog = SessionDialog(
        SessionPlan(routine(hold_exercise())), ManualClock(datetime(2026, 3, 2, tzinfo=UTC)),
        Illustrations([Path(sys.argv[1])]), make_safety(), full_screen=full,
    )
    dialog.begin()
    app.processEvents()
    found["full" if full else "compact"] = {
        "screen": dialog.screen().name(),
        "geometry": dialog.geometry().getRect(),
        "centre": dialog.frameGeometry().center().toTuple(),
        "full_screen": dialog.isFullScreen(),
        "grabbed": QWidget.keyboardGrabber() is not None or QWidget.mouseGrabber() is not None,
    }
    dialog.close()
print(json.dumps(found))
"""


def test_the_window_opens_on_the_screen_with_the_mouse(tmp_path: Path, art_dir: Path) -> None:
    """Two virtual screens (offscreen config): compact and full screen follow the mouse."""
    config = tmp_path / "screens.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {"name": "left", "x": 0, "y": 0, "width": 1280, "height": 800},
                    {"name": "right", "x": 1280, "y": 0, "width": 1920, "height": 1080},
                ]
            }
        )
    )
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", _TWO_SCREENS, str(art_dir)],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=60,
        check=True,
    )
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["full"] == {
        "screen": "right",
        "geometry": [1280, 0, 1920, 1080],
        "centre": found["full"]["centre"],
        "full_screen": True,
        "grabbed": False,
    }
    compact = found["compact"]
    assert compact["screen"] == "right" and not compact["full_screen"]
    assert compact["geometry"][2:] == [COMPACT_SIZE.width(), COMPACT_SIZE.height()]
    cx, cy = compact["centre"]
    assert abs(cx - (1280 + 1920 // 2)) <= 8 and abs(cy - 1080 // 2) <= 8
    assert not compact["grabbed"]
