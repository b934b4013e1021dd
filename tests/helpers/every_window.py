"""Every window of the app, opened on fakes, and every text a person sees or hears in it.

For the language tests (``tests/ui/test_pseudo_locale.py``, ``tests/ui/test_languages.py``)
and the screenshots in ``tests/artifacts/i18n``: :func:`every_window` opens each window at
the size the app gives it (the prompt, the session on its preface, hold, breathing, safety
and finish screens, Settings on every page, progress on every tab and empty, the welcome's
three pages, the daily rating, the advice, the no-tray status window and the tray menu),
and :func:`texts_of` walks a window's widgets for what they show and what they say to
screen readers. Build the windows after installing the language: they read it when made.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desk_breaks import assets_dir
from desk_breaks.app import load_icons
from desk_breaks.core.clock import ManualClock
from desk_breaks.core.coach_types import Action, Note, NoteKind, SessionPlan
from desk_breaks.core.content_files import load_library, load_safety
from desk_breaks.core.engine import Offer, State
from desk_breaks.core.engine_types import Outcome, Record
from desk_breaks.core.progress_types import Period, SessionFilter
from desk_breaks.core.schedule import Occurrence, SessionKind
from desk_breaks.core.session import Phase
from desk_breaks.core.settings import Settings, settings_of
from desk_breaks.ui.advice import AdviceWindow
from desk_breaks.ui.art import Illustrations
from desk_breaks.ui.journal import JournalWindow
from desk_breaks.ui.progress.window import ProgressWindow
from desk_breaks.ui.prompt import PromptWindow
from desk_breaks.ui.session.pages import Screen
from desk_breaks.ui.session_dialog import COMPACT_SIZE, SessionDialog
from desk_breaks.ui.settings.dialog import SettingsDialog, fitted_size, preferred_size
from desk_breaks.ui.status_window import StatusWindow
from desk_breaks.ui.tray import TrayController
from desk_breaks.ui.welcome import WelcomeWindow
from tests.helpers.fake_coach import QUESTION_IDS, FakeCoach, advice, coach_safety
from tests.helpers.fake_progress import FakeProgress, routine_choices
from tests.helpers.snapshots import snapshot

ZONE = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 23, 12, 5, tzinfo=ZONE)
SCREEN = QSize(1366, 768 - 32)
"""The smallest screen the app is made for (1366x768 with a panel)."""
FILES = {"Settings file": Path("/home/x/settings.toml"), "History database": Path("/home/x")}
"""The user's files the General page lists (their paths are the person's data)."""
_MARKUP = re.compile(r"<[^<>]*>")
_ENTITY = re.compile(r"&(#x?[0-9a-fA-F]+|[a-z]+);")


@dataclass
class Shown:
    """One window as a person meets it, and the words painted in it that no widget holds."""

    name: str
    widget: QWidget
    painted: list[str] = field(default_factory=list)


def _show(qtbot: QtBot, widget: QWidget, size: QSize | None = None) -> None:
    qtbot.addWidget(widget)
    if size is not None:
        widget.resize(size)
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()


def prompt(qtbot: QtBot, kind: SessionKind = SessionKind.FULL) -> Iterator[Shown]:
    """The prompt for a full session (snoozed once) or a check-in."""
    library = load_library([assets_dir()])
    routine = library.routines["lunch-reset" if kind is SessionKind.FULL else "check-in"]
    window = PromptWindow((5, 10, 15), QIcon())
    qtbot.addWidget(window)
    occurrence = Occurrence("lunch", kind, routine.id, NOW + timedelta(minutes=25))
    window.present(Offer(occurrence, snoozes=1), routine, can_snooze=True, snooze_cap=3)
    qtbot.waitExposed(window)
    # The prompt takes its size hint (adjustSize), which Qt keeps within 2/3 of the screen:
    # the test's 800 px screen, not the 1366 px the app is made for.
    window.resize(window.sizeHint().expandedTo(window.size()))
    yield Shown(f"prompt-{kind.value}", window)


def tray_and_status(qtbot: QtBot) -> Iterator[Shown]:
    """The tray menu (with its submenus) and the window shown where there is no tray."""
    library = load_library([assets_dir()])
    icons = load_icons()
    tray = TrayController(icons, library.routines, (5, 10, 15))
    qtbot.addWidget(tray.menu)
    due = Occurrence("lunch", SessionKind.FULL, "lunch-reset", NOW + timedelta(minutes=25))
    tray.update(snapshot(State.WAITING, now=NOW, next_due=due), can_snooze=True)
    yield Shown("tray-menu", tray.menu)
    status = StatusWindow(tray, icons["app"])
    status.refresh()
    _show(qtbot, status)
    status.adjustSize()
    yield Shown("status", status)


def _session(qtbot: QtBot, plan: SessionPlan, **options: Any) -> tuple[SessionDialog, ManualClock]:
    clock = ManualClock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    dialog = SessionDialog(
        plan,
        clock,
        Illustrations([assets_dir() / "illustrations"]),
        load_safety(assets_dir() / "safety.toml"),
        **options,
    )
    qtbot.addWidget(dialog)
    dialog.resize(COMPACT_SIZE)
    dialog.begin()
    qtbot.waitExposed(dialog)
    return dialog, clock


def _step(dialog: SessionDialog, clock: ManualClock, seconds: float) -> None:
    clock.advance(seconds)
    dialog.tick()


def session(qtbot: QtBot) -> Iterator[Shown]:
    """The session window on its preface, a hold, a breath, the safety and finish screens."""
    library = load_library([assets_dir()])
    routine = library.routines["lunch-reset"]
    first = routine.exercises[0]
    note = Note(NoteKind.PROGRESSED, first.id, first.name, Action.PREVIOUS_DOSE)
    dialog, clock = _session(qtbot, SessionPlan(routine, (note,), first.name))
    assert dialog.screen_shown is Screen.PREFACE
    yield Shown("session-preface", dialog)
    dialog.start_session()
    for _ in range(400):
        if dialog.runner.current.phase is Phase.HOLD:
            break
        _step(dialog, clock, 0.5)
    yield Shown("session-hold", dialog)
    for _ in range(2000):
        if dialog.runner.current.phase is Phase.INHALE:
            break
        _step(dialog, clock, 0.5)
    yield Shown("session-breathing", dialog)
    dialog.findChild(QAbstractButton, "painButton").click()  # type: ignore[union-attr]
    QApplication.processEvents()
    assert dialog.screen_shown is Screen.SAFETY
    yield Shown("session-safety", dialog)
    dialog.close()
    done, clock = _session(qtbot, SessionPlan(routine), ask_feeling=True, journal_due=True)
    for _ in range(4000):
        if done.screen_shown is not Screen.SESSION:
            break
        _step(done, clock, 1)
    assert done.screen_shown is Screen.FINISHED
    yield Shown("session-finish", done)
    done.close()


def _history() -> list[Record]:
    at = NOW - timedelta(days=1)
    return [
        Record("a", "lunch-reset", Outcome.COMPLETED, at),
        Record("b", "lunch-reset", Outcome.SNOOZED, at, snooze_min=10),
        Record("c", "lunch-reset", Outcome.PARTIAL, at, exercises_done=("chin-tuck-seated",)),
        Record("d", "lunch-reset", Outcome.STOPPED_PAIN, NOW, exercise_stopped="chin-tuck-seated"),
    ]


def settings(qtbot: QtBot) -> Iterator[Shown]:
    """Settings on each of its pages, at the size the app opens it on a 1366x768 screen."""
    dialog = SettingsDialog(
        Settings(),
        load_library([assets_dir()]),
        Illustrations([assets_dir() / "illustrations"]),
        apply=lambda _settings: None,
        history=_history(),
        files=FILES,
        sound_problem=None,
        now=NOW.astimezone(UTC),
        coach=FakeCoach(),
    )
    _show(qtbot, dialog)
    # As the dialog fits itself when shown, on the 1366x768 screen the app is made for.
    dialog.resize(fitted_size(preferred_size(dialog), dialog.minimumSizeHint(), SCREEN))
    QApplication.processEvents()
    for name in dialog.page_names:
        dialog.show_page(name)
        QApplication.processEvents()
        painted = dialog.schedule.timeline.painted_texts() if name == "Schedule" else []
        yield Shown(f"settings-{name.lower()}", dialog, painted)


def progress(qtbot: QtBot) -> Iterator[Shown]:
    """The progress window on each tab, and with nothing recorded yet."""
    window = ProgressWindow(FakeProgress(), routine_choices())
    _show(qtbot, window, QSize(1000, 700))
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        painted: list[str] = []
        if index == 0:
            for chart in (window.week_chart, window.calendar, window.trend):
                painted += chart.painted_texts()
                painted += [chart.item_text(i) for i in range(chart.item_count())][:40]
        yield Shown(f"progress-{index}", window, painted)
    window.close()
    empty = ProgressWindow(FakeProgress(empty=True), routine_choices())
    _show(qtbot, empty, QSize(1000, 700))
    yield Shown("progress-empty", empty)


def calm_windows(qtbot: QtBot) -> Iterator[Shown]:
    """The welcome (each page; a new and an upgrading person), daily rating, and advice."""
    for existing in (False, True):
        welcome = WelcomeWindow(FakeCoach(), existing_user=existing)
        _show(qtbot, welcome)
        yield Shown(f"welcome-{'upgrade' if existing else 'new'}", welcome)
        if existing:
            continue
        welcome.next_button.click()
        yield Shown("welcome-questions", welcome)
        for number, box in enumerate(welcome.boxes):
            box.set_answer(number == 0)
        welcome.next_button.click()
        QApplication.processEvents()
        yield Shown("welcome-plan", welcome)
    journal = JournalWindow(FakeCoach())
    _show(qtbot, journal)
    journal.score_buttons[7].setChecked(True)
    yield Shown("journal", journal)
    window = AdviceWindow(coach_safety(), advice())
    _show(qtbot, window)
    yield Shown("advice", window)


def every_window(qtbot: QtBot) -> Iterator[Shown]:
    """Every window, on every screen, page and tab, one after the other."""
    yield from prompt(qtbot)
    yield from prompt(qtbot, SessionKind.CHECK_IN)
    yield from tray_and_status(qtbot)
    yield from session(qtbot)
    yield from settings(qtbot)
    yield from progress(qtbot)
    yield from calm_windows(qtbot)


# -- what a person reads and hears ---------------------------------------------------------------


def plain(text: str) -> str:
    """``text`` without markup, entities and mnemonic markers."""
    text = _ENTITY.sub(" ", _MARKUP.sub(" ", text))
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _widget_texts(widget: QWidget) -> Iterator[str]:
    yield widget.toolTip()
    yield widget.accessibleName()
    yield widget.accessibleDescription()
    if isinstance(widget, QLabel):
        yield widget.text()
    if isinstance(widget, QAbstractButton):
        yield widget.text()
    if isinstance(widget, QGroupBox):
        yield widget.title()
    if isinstance(widget, QLineEdit):
        yield widget.placeholderText()
    if isinstance(widget, QSpinBox):
        yield widget.suffix()
        yield widget.specialValueText()
    if isinstance(widget, QAbstractSpinBox):
        yield widget.text()
    if isinstance(widget, QComboBox):
        yield from (widget.itemText(i) for i in range(widget.count()))
    if isinstance(widget, QTabWidget):
        yield from (widget.tabText(i) for i in range(widget.count()))
    if isinstance(widget, QListWidget):
        for row in range(widget.count()):
            item = widget.item(row)
            yield item.text()
            yield str(item.data(Qt.ItemDataRole.AccessibleTextRole) or "")
    if isinstance(widget, QTableWidget):
        for column in range(widget.columnCount()):
            head = widget.horizontalHeaderItem(column)
            yield head.text() if head is not None else ""
        for row in range(min(widget.rowCount(), 30)):
            for column in range(widget.columnCount()):
                cell = widget.item(row, column)
                yield cell.text() if cell is not None else ""
    if isinstance(widget, QMenu):
        yield widget.title()
        for action in widget.actions():
            yield action.text()
            yield action.toolTip() if action.toolTip() != action.text().replace("&", "") else ""
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                yield from _widget_texts(submenu)


def texts_of(shown: Shown) -> list[str]:
    """Every non-empty text of the window: its title, its widgets' texts, what is painted."""
    window = shown.widget
    found = [window.windowTitle(), *_widget_texts(window)]
    for child in window.findChildren(QWidget):
        found += _widget_texts(child)
    found += shown.painted
    return [plain(text).strip() for text in found if text and plain(text).strip()]


def strings_in(value: object, depth: int = 0) -> Iterator[str]:
    """Every string inside ``value``: fields of dataclasses, items of mappings and sequences."""
    if depth > 6:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, enum.Enum) or value is None or isinstance(value, int | float | date):
        return
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from strings_in(getattr(value, item.name), depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key, depth + 1)
            yield from strings_in(item, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from strings_in(item, depth + 1)


def fixture_texts() -> set[str]:
    """Text the fakes made: the person's history, the coach's replies and reasons, files.

    In the app they come from the core and the content, each translated at its source.
    """
    source = FakeProgress()
    coach = FakeCoach()
    found = set(strings_in(source.progress()))
    found |= set(strings_in(FakeProgress(empty=True).progress()))
    found |= set(strings_in(source.exercises()))
    found |= set(strings_in(source.sessions(SessionFilter(period=Period.ALL), 500)))
    found |= set(strings_in([coach.view(), coach.safety, coach_safety(), advice()]))
    for question in QUESTION_IDS:
        found |= set(strings_in(coach.tailoring({question: True}, record=False)))
    found |= {str(path) for path in FILES.values()}
    return {text for text in found if re.search("[A-Za-z]{3,}", text)}


def spec_texts() -> set[str]:
    """The settings' own words (labels, notes, names, "None"): the core translates them."""
    found: set[str] = set()
    for setting in settings_of(Settings):
        spec = setting.spec
        for text in (spec.label, spec.note, spec.description, spec.zero_text):
            found.add(plain(text).strip())
    return found - {""}
