"""Layout and wording that a person reads (issue 15): nothing collides, overflows or repeats.

The timeline's labels never overlap (their rectangles are compared), the breathing words
fit inside the pacer's smallest circle (text width against the circle's chord), the
countdown says "1 second", and the settings window fits a 1366x768 screen and a
1920x1080 screen at 2x, with plain OK / Cancel / Apply buttons and a title that does not
repeat the app's name.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFontMetricsF, QPalette
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from desk_breaks import assets_dir
from desk_breaks.core.clock import ManualClock
from desk_breaks.core.coach_types import SessionPlan
from desk_breaks.core.content_files import load_library, load_safety
from desk_breaks.core.schedule import Occurrence, SessionKind
from desk_breaks.core.settings import Settings
from desk_breaks.ui.art import Illustrations
from desk_breaks.ui.session_dialog import SessionDialog
from desk_breaks.ui.settings.dialog import PREFERRED_SIZE, SettingsDialog, fitted_size
from desk_breaks.ui.settings.timeline import Timeline
from desk_breaks.ui.widgets import Breath, BreathPacer, CountdownRing
from tests.helpers.fake_coach import FakeCoach

BERLIN = ZoneInfo("Europe/Berlin")
ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 23, 11, 5, tzinfo=UTC)


# -- the timeline ----------------------------------------------------------------------------


def _at(hour: int, minute: int, routine: str) -> Occurrence:
    due = datetime(2026, 3, 23, hour, minute, tzinfo=BERLIN)
    return Occurrence(routine, SessionKind.FULL, routine, due)


NAMES = {
    "morning": "Morning mobility",
    "lunch": "Lunch reset",
    "evening": "End-of-day wind-down",
    "extra": "Breathing break",
}


@pytest.mark.parametrize("width", [520, 760, 940])
@pytest.mark.parametrize(
    ("times", "now"),
    [
        ([(7, 44, "morning"), (7, 46, "lunch")], time(7, 28)),  # the review's collision
        ([(9, 30, "morning"), (9, 40, "lunch"), (9, 50, "extra")], time(9, 35)),
        ([(12, 0, "lunch"), (12, 5, "morning"), (12, 10, "extra"), (12, 15, "evening")], None),
        ([(9, 30, "morning"), (12, 30, "lunch"), (17, 30, "evening")], time(12, 28)),
    ],
)
def test_timeline_labels_never_overlap(
    qtbot: QtBot, width: int, times: list[tuple[int, int, str]], now: time | None
) -> None:
    timeline = Timeline()
    qtbot.addWidget(timeline)
    timeline.resize(width, timeline.sizeHint().height())
    timeline.set_day(
        [_at(h, m, r) for h, m, r in times], NAMES, working=(time(9), time(17)), now=now
    )
    placed = timeline.label_boxes()
    rects = placed.rects()
    for i, a in enumerate(rects):
        assert QSize(round(a.width()), round(a.height())) != QSize(0, 0)
        assert timeline.rect().toRectF().contains(a), a
        for b in rects[i + 1 :]:
            assert not a.intersects(b), (a, b)
    # The first session always gets its words; "now" gets its word when it is on screen.
    assert placed.sessions[0][1] is not None
    if now is not None and len(times) <= 2:
        assert placed.now is not None


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshots_of_the_timeline_and_the_pacer(
    qtbot: QtBot, use_palette: Callable[[bool], QPalette], dark: bool
) -> None:
    use_palette(dark)
    tag = "dark" if dark else "light"
    Path("/tmp/shots").mkdir(parents=True, exist_ok=True)
    timeline = Timeline()
    qtbot.addWidget(timeline)
    timeline.resize(760, timeline.sizeHint().height())
    timeline.set_day(
        [_at(7, 44, "morning"), _at(7, 46, "lunch"), _at(12, 30, "evening")],
        NAMES,
        working=(time(9), time(17)),
        now=time(7, 28),
    )
    timeline.show()
    qtbot.waitExposed(timeline)
    assert timeline.grab().save(f"/tmp/shots/theme-timeline-close-{tag}.png")
    pacer = BreathPacer()
    qtbot.addWidget(pacer)
    pacer.resize(180, 180)
    pacer.set_colour(QColor("#16839a" if not dark else "#5cc8dc"))
    pacer.set_breath(Breath.OUT, 1.0, "Breathe out", 6)
    pacer.show()
    qtbot.waitExposed(pacer)
    assert pacer.grab().save(f"/tmp/shots/theme-pacer-out-{tag}.png")


# -- the breathing pacer ---------------------------------------------------------------------


@pytest.mark.parametrize("side", [150, 180, 260, 420])
@pytest.mark.parametrize("word", ["Breathe in", "Breathe out", "Hold the breath"])
def test_breathing_words_fit_inside_the_smallest_circle(qtbot: QtBot, side: int, word: str) -> None:
    pacer = BreathPacer()
    qtbot.addWidget(pacer)
    pacer.resize(side, side)
    pacer.set_breath(Breath.OUT, 1.0, word, 6)  # fully out: the circle at its smallest
    layout = pacer.text_layout()
    width = QFontMetricsF(layout.word_font).horizontalAdvance(word)
    radius = pacer.smallest_radius()
    centre = pacer.rect().toRectF().center()
    reach = max(abs(layout.word_box.top() - centre.y()), abs(layout.word_box.bottom() - centre.y()))
    chord = 2 * math.sqrt(max(0.0, radius * radius - reach * reach))
    assert width <= chord, (word, side, width, chord)
    # The count fits too: its glyphs lie within the circle at the count's lower edge.
    number = QFontMetricsF(layout.number_font).tightBoundingRect("12")
    low = layout.number_box.center().y() + number.height() / 2 - centre.y()
    assert number.width() <= 2 * math.sqrt(max(0.0, radius * radius - low * low))


def test_the_countdown_says_one_second(qtbot: QtBot) -> None:
    library = load_library([assets_dir()])
    clock = ManualClock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    dialog = SessionDialog(
        SessionPlan(library.routines["check-in"]),
        clock,
        Illustrations([assets_dir() / "illustrations"]),
        load_safety(assets_dir() / "safety.toml"),
    )
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.begin()
    ring = dialog.findChild(CountdownRing)
    assert ring is not None
    captions = set()
    for _ in range(12):
        clock.advance(0.5)
        dialog.tick()
        captions.add((ring.seconds(), ring.caption()))
    assert (1, "second") in captions
    assert all(caption == "seconds" for seconds, caption in captions if seconds != 1)


# -- the settings window ---------------------------------------------------------------------


@pytest.fixture
def dialog(qtbot: QtBot) -> SettingsDialog:
    made = SettingsDialog(
        Settings(),
        load_library([assets_dir()]),
        Illustrations([assets_dir() / "illustrations"]),
        apply=lambda _settings: None,
        history=[],
        files={},
        now=NOW,
        coach=FakeCoach(),
    )
    qtbot.addWidget(made)
    return made


def test_ok_cancel_apply_carry_no_icons(dialog: SettingsDialog) -> None:
    buttons = dialog.buttons.findChildren(QPushButton)
    assert {b.text().replace("&", "") for b in buttons} == {"OK", "Cancel", "Apply"}
    assert all(b.icon().isNull() for b in buttons)
    assert dialog.ok_button.isDefault()


def test_the_title_does_not_repeat_the_app_name(dialog: SettingsDialog) -> None:
    # The desktop (Qt's xcb, Wayland) adds " — Desk Breaks" itself.
    assert dialog.windowTitle() == "Settings"


@pytest.mark.parametrize(
    "available",
    [QSize(1366, 768 - 32), QSize(1366, 768), QSize(960, 540 - 27), QSize(1280, 720 - 32)],
    ids=["1366x768-panel", "1366x768", "1920x1080@2x-panel", "1280x720-panel"],
)
def test_the_settings_window_fits_the_screen(dialog: SettingsDialog, available: QSize) -> None:
    minimum = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
    assert minimum.width() <= available.width() - 16
    assert minimum.height() <= available.height() - 56
    size = fitted_size(PREFERRED_SIZE, minimum, available)
    assert size.width() <= available.width() and size.height() <= available.height() - 40
    assert size.expandedTo(minimum) == size


_FIT_PROBE = """
import json, sys
from datetime import UTC, datetime
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from desk_breaks import assets_dir
from desk_breaks.core.content_files import load_library
from desk_breaks.core.settings import Settings
from desk_breaks.ui.art import Illustrations
from desk_breaks.ui.settings.dialog import SettingsDialog
from tests.helpers.fake_coach import FakeCoach
dialog = SettingsDialog(Settings(), load_library([assets_dir()]),
    Illustrations([assets_dir() / "illustrations"]), apply=lambda s: None, history=[],
    files={}, now=datetime(2026, 3, 23, 11, 5, tzinfo=UTC), coach=FakeCoach())
dialog.show()
app.processEvents()
screen = app.primaryScreen()
area = screen.availableGeometry()
print(json.dumps({"area": [area.width(), area.height()], "dpr": screen.devicePixelRatio(),
    "size": [dialog.width(), dialog.height()],
    "ok_bottom": dialog.ok_button.mapTo(dialog, dialog.ok_button.rect().bottomLeft()).y()}))
"""


@pytest.mark.parametrize(
    ("screen", "scale", "logical"),
    [("1366x768", "1", (1366, 768)), ("1920x1080", "2", (960, 540))],
)
def test_the_settings_window_opens_within_the_screen(
    tmp_path: Path, screen: str, scale: str, logical: tuple[int, int]
) -> None:
    width, height = (int(n) for n in screen.split("x"))
    config = tmp_path / "screens.json"
    config.write_text(
        json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": width, "height": height}]})
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=scale)
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-c", _FIT_PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=ROOT,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert tuple(found["area"]) == logical
    shown_w, shown_h = found["size"]
    assert shown_w <= logical[0] - 16 and shown_h <= logical[1] - 40
    assert found["ok_bottom"] < shown_h  # OK is inside the window, so on the screen
