"""WCAG AA contrast of every window, measured from rendered pixels in light and in dark.

Each window is built, shown and grabbed (``QWidget.grab``); for every visible label, button,
check box and radio button the text (or the indicator) is compared with the background
behind it (:mod:`tests.helpers.contrast`). The same is done after switching the theme from
light to dark while the window is open, the way Settings does it while the app runs.

Screenshots go to /tmp/shots/theme-*.png: look at them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desk_breaks import assets_dir
from desk_breaks.app import load_icons
from desk_breaks.core.clock import ManualClock
from desk_breaks.core.coach_types import SessionPlan
from desk_breaks.core.content_files import load_library, load_safety
from desk_breaks.core.engine import Offer, State
from desk_breaks.core.schedule import Occurrence, SessionKind
from desk_breaks.core.settings import Settings, Theme
from desk_breaks.ui.advice import AdviceWindow
from desk_breaks.ui.art import Illustrations
from desk_breaks.ui.journal import JournalWindow
from desk_breaks.ui.progress.window import ProgressWindow
from desk_breaks.ui.prompt import PromptWindow
from desk_breaks.ui.session_dialog import SessionDialog
from desk_breaks.ui.settings.dialog import PAGES, SettingsDialog
from desk_breaks.ui.status_window import StatusWindow
from desk_breaks.ui.theme import apply_theme, make_palette
from desk_breaks.ui.tray import TrayController
from desk_breaks.ui.welcome import WelcomeWindow
from tests.helpers.contrast import Reading, failures, measure_window
from tests.helpers.fake_coach import FakeCoach, advice, coach_safety
from tests.helpers.fake_progress import FakeProgress, routine_choices
from tests.helpers.snapshots import snapshot

SHOTS = Path("/tmp/shots")
NOW = datetime(2026, 3, 23, 11, 5, tzinfo=UTC)
LIBRARY = load_library([assets_dir()])

Scene = Callable[[QtBot], Iterator[tuple[str, QWidget]]]
"""Builds a window and yields it once per state worth measuring (page, tab, screen)."""


def _show(qtbot: QtBot, window: QWidget) -> None:
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(1)


def prompt_scene(qtbot: QtBot) -> Iterator[tuple[str, QWidget]]:
    prompt = PromptWindow((5, 10, 15), QIcon())
    qtbot.addWidget(prompt)
    due = Occurrence("lunch", SessionKind.FULL, "lunch-reset", NOW)
    prompt.present(Offer(due), LIBRARY.routines["lunch-reset"], can_snooze=True)
    qtbot.waitExposed(prompt)
    yield "prompt", prompt
    prompt.present(Offer(due, snoozes=1), LIBRARY.routines["lunch-reset"], can_snooze=True)
    yield "prompt-snoozed", prompt


def status_scene(qtbot: QtBot) -> Iterator[tuple[str, QWidget]]:
    icons = load_icons()
    tray = TrayController(icons, LIBRARY.routines, (5, 10, 15))
    qtbot.addWidget(tray.menu)
    due = Occurrence("lunch", SessionKind.FULL, "lunch-reset", NOW.replace(hour=12))
    tray.update(snapshot(State.WAITING, now=NOW, next_due=due), can_snooze=False)
    window = StatusWindow(tray, icons["app"])
    _show(qtbot, window)
    yield "status", window


def settings_scene(qtbot: QtBot) -> Iterator[tuple[str, QWidget]]:
    dialog = SettingsDialog(
        Settings(),
        LIBRARY,
        Illustrations([assets_dir() / "illustrations"]),
        apply=lambda _settings: None,
        history=[],
        files={"Settings file": Path("/home/ada/.config/desk-breaks/settings.toml")},
        now=NOW,
        coach=FakeCoach(),
    )
    _show(qtbot, dialog)
    for index, name in enumerate(PAGES):
        dialog.nav.setCurrentRow(index)
        qtbot.wait(1)
        yield f"settings-{name.lower()}", dialog


def session_scene(qtbot: QtBot) -> Iterator[tuple[str, QWidget]]:
    clock = ManualClock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    dialog = SessionDialog(
        SessionPlan(LIBRARY.routines["lunch-reset"]),
        clock,
        Illustrations([assets_dir() / "illustrations"]),
        load_safety(assets_dir() / "safety.toml"),
    )
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.begin()
    clock.advance(4)
    dialog.tick()
    yield "session", dialog
    qtbot.mouseClick(dialog.findChild(QWidget, "painButton"), Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    qtbot.wait(1)
    yield "session-safety", dialog


def calm_scene(qtbot: QtBot) -> Iterator[tuple[str, QWidget]]:
    welcome = WelcomeWindow(FakeCoach(), existing_user=False)
    _show(qtbot, welcome)
    yield "welcome", welcome
    qtbot.mouseClick(welcome.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(welcome.boxes[0].no, Qt.MouseButton.LeftButton)
    yield "welcome-questions", welcome
    journal = JournalWindow(FakeCoach())
    _show(qtbot, journal)
    yield "journal", journal
    window = AdviceWindow(coach_safety(), advice())
    _show(qtbot, window)
    yield "advice", window


def progress_scene(qtbot: QtBot) -> Iterator[tuple[str, QWidget]]:
    window = ProgressWindow(FakeProgress(), routine_choices())
    _show(qtbot, window)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(1)
        yield f"progress-{index}", window


SCENES: dict[str, Scene] = {
    "prompt": prompt_scene,
    "status": status_scene,
    "settings": settings_scene,
    "session": session_scene,
    "calm": calm_scene,
    "progress": progress_scene,
}


def _measure(
    scene: Scene, qtbot: QtBot, tag: str, switch: Callable[[], None] | None = None
) -> list[Reading]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    readings: list[Reading] = []
    for name, window in scene(qtbot):
        if switch is not None:
            switch()
            switch = None
            qtbot.wait(1)
        window.grab().save(str(SHOTS / f"theme-{name}-{tag}.png"))
        readings += measure_window(window, f"{name} ({tag})")
    return readings


@pytest.fixture
def restore_palette(qapp: QApplication) -> Iterator[None]:
    before = QPalette(qapp.palette())
    yield
    qapp.setPalette(before)


@pytest.mark.usefixtures("restore_palette")
@pytest.mark.parametrize("scene", SCENES)
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_text_and_control_meets_wcag_aa(
    qtbot: QtBot, qapp: QApplication, scene: str, dark: bool
) -> None:
    qapp.setPalette(make_palette(dark))
    readings = _measure(SCENES[scene], qtbot, "dark" if dark else "light")
    assert readings
    assert not failures(readings), "\n".join(failures(readings))


@pytest.mark.usefixtures("restore_palette")
@pytest.mark.parametrize("scene", SCENES)
def test_a_switch_to_dark_while_open_restyles_every_window(
    qtbot: QtBot, qapp: QApplication, scene: str
) -> None:
    apply_theme(qapp, Theme.LIGHT, qapp.palette())

    def to_dark() -> None:
        apply_theme(qapp, Theme.DARK, qapp.palette())
        qapp.processEvents()

    readings = _measure(SCENES[scene], qtbot, "switched", to_dark)
    assert not failures(readings), "\n".join(failures(readings))


def _bare(qtbot: QtBot, dark: bool, *children: QWidget) -> QWidget:
    window = QWidget()
    window.setPalette(make_palette(dark))
    layout = QVBoxLayout(window)
    for child in children:
        layout.addWidget(child)
    _show(qtbot, window)
    return window


def test_the_measure_reads_black_on_white_as_21_to_1(qtbot: QtBot) -> None:
    label = QLabel("Black on white")
    label.setStyleSheet("color: #000000; background: #ffffff;")
    (reading,) = measure_window(_bare(qtbot, False, label), "bare")
    assert reading.background == (255, 255, 255)
    assert reading.foreground == (0, 0, 0)
    assert reading.ratio == pytest.approx(21)


def test_the_measure_sees_what_fusion_alone_draws_on_dark(qtbot: QtBot) -> None:
    """Fusion's own unchecked indicators on the dark palette: the 1.1:1 the review found."""
    box, radio = QCheckBox("Reduce motion"), QRadioButton("Both")
    readings = measure_window(_bare(qtbot, True, box, radio), "bare")
    indicators = [r for r in readings if r.what.endswith("indicator")]
    assert len(indicators) == 2
    assert all(r.ratio < 1.5 for r in indicators)
    texts = [r for r in readings if r.what.endswith("text")]
    assert all(r.passes for r in texts)
