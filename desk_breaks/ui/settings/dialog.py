"""The settings dialog: schedule, check-ins, prompts, routines, general options and history.

The dialog edits a copy of the settings and never writes a file. OK and Apply hand the
new :class:`~desk_breaks.core.settings.Settings` to the ``apply`` callback of the
composition root, which puts them in force and saves them; a message it returns (a save
error) is shown in the banner, and OK then keeps the dialog open. Cancel closes without
calling anything.

Every edit rebuilds the settings from the fields and runs
:func:`~desk_breaks.core.settings.validate`; each issue is shown under the field its name
points to, the page gets a marker in the list on the left, and OK and Apply stay disabled
until nothing is left to fix. The timeline on the Schedule page asks the real schedule
(:class:`~desk_breaks.core.schedule.Plan`) for the day, so it shows what the app will do.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QIcon,
    QKeySequence,
    QPainter,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk_breaks.core.content import Exercise, Library, Routine, StepPhase, format_duration
from desk_breaks.core.engine import Outcome, Record
from desk_breaks.core.schedule import Plan, SessionKind
from desk_breaks.core.settings import (
    LIMITS,
    CheckIns,
    DialogSize,
    IssueCode,
    Preset,
    Prompts,
    Settings,
    SettingsIssue,
    Slot,
    Theme,
    validate,
)
from desk_breaks.core.settings_read import parse_clock_time
from desk_breaks.ui.art import Illustrations, blend, is_dark
from desk_breaks.ui.presentation import OUTCOME_WORDS, clock_text, routine_name
from desk_breaks.ui.settings.timeline import Timeline

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_SHORT = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
ERROR_COLOURS = ("#b3261e", "#ff8a80")
WARNING_COLOURS = (("#fff4d6", "#8a5a00"), ("#3a3020", "#f2c46d"))
"""Banner fill and edge for notices, on a light and on a dark palette."""

PAGES = ("Schedule", "Check-ins", "Prompts", "Routines", "General", "History")

_PAGE_OF_FIELD = {
    "slots": "Schedule",
    "preset": "Schedule",
    "check_ins": "Check-ins",
    "prompts": "Prompts",
    "idle_threshold_min": "General",
}

ApplyCallback = Callable[[Settings], "str | None"]


def outcome_text(record: Record) -> str:
    """Return the history's wording for one record, with its details."""
    words = OUTCOME_WORDS[record.outcome]
    if record.outcome is Outcome.SNOOZED and record.snooze_min:
        return f"{words} {record.snooze_min} min"
    if record.outcome is Outcome.STOPPED_PAIN and record.exercise_stopped:
        return f"{words} (during {record.exercise_stopped})"
    if record.outcome is Outcome.PARTIAL and record.exercises_done:
        return f"{words}: {', '.join(record.exercises_done)}"
    return words


def slot_title(slot_id: str) -> str:
    """Return how a session's id reads as a title ("lunch" -> "Lunch")."""
    return slot_id.replace("-", " ").replace("_", " ").strip().capitalize() or slot_id


def parse_minutes_list(text: str) -> tuple[int, ...] | None:
    """Read "5, 10, 15" into minutes; None when it is not a list of whole numbers."""
    parts = [p.strip() for p in text.replace(";", ",").split(",")]
    if not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


def _colour(widget: QWidget, pair: tuple[str, str]) -> QColor:
    return QColor(pair[1] if is_dark(widget.palette()) else pair[0])


# ---------------------------------------------------------------------------------------
# Small building blocks


class FieldError(QLabel):
    """The message under a field that needs fixing; hidden while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("fieldError")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def show_messages(self, messages: Sequence[str]) -> None:
        """Show ``messages`` (or hide when empty)."""
        self.setText("\n".join(messages))
        self.setAccessibleName("Problem: " + " ".join(messages) if messages else "")
        self.setVisible(bool(messages))


class DayPicker(QWidget):
    """Seven toggle buttons, Monday first."""

    changed = Signal()

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.buttons: list[QToolButton] = []
        for day, short in enumerate(DAY_SHORT):
            button = QToolButton()
            button.setObjectName("day")
            button.setText(short)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setToolTip(DAY_NAMES[day])
            button.setAccessibleName(f"{what} on {DAY_NAMES[day]}")
            button.toggled.connect(lambda *_: self.changed.emit())
            layout.addWidget(button)
            self.buttons.append(button)
        layout.addStretch(1)

    def days(self) -> frozenset[int]:
        """The days switched on."""
        return frozenset(day for day, b in enumerate(self.buttons) if b.isChecked())

    def set_days(self, days: frozenset[int]) -> None:
        """Switch on exactly ``days``."""
        for day, button in enumerate(self.buttons):
            button.setChecked(day in days)


class TimeField(QLineEdit):
    """A time of day typed as HH:MM; :meth:`value` is None while the text is not one."""

    def __init__(self, value: time, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(_time_text(value))
        self.setPlaceholderText("HH:MM")
        self.setMaxLength(8)
        self.setAccessibleName(name)
        self.setAccessibleDescription("A time from 00:00 to 23:59, such as 09:30")
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("00:00:00") + 22)

    def value(self) -> time | None:
        """The time typed, or None."""
        return parse_clock_time(self.text())


def _time_text(value: time) -> str:
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionHeading")
    return label


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("note")
    label.setWordWrap(True)
    return label


def _spin(low: int, high: int, value: int, suffix: str, name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(min(high, max(low, value)))
    spin.setSuffix(suffix)
    spin.setAccessibleName(name)
    spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance(f"{high}{suffix}") + 44)
    return spin


class SlotRow:
    """The editor of one full session: on/off, time, routine, days and a remove button."""

    def __init__(self, slot: Slot, routines: Sequence[tuple[str, str]]) -> None:
        self.slot = slot
        title = slot_title(slot.id)
        self.enabled = QCheckBox(title)
        self.enabled.setChecked(slot.enabled)
        self.enabled.setAccessibleName(f"{title} session switched on")
        self.time = TimeField(slot.time, f"{title} session time")
        self.routine = QComboBox()
        self.routine.setAccessibleName(f"{title} session routine")
        _fill_routines(self.routine, routines, slot.routine)
        self.days = DayPicker(f"{title} session")
        self.days.set_days(slot.weekdays)
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setObjectName("remove")
        self.remove.setToolTip(f"Remove the {title.lower()} session")
        self.remove.setAccessibleName(f"Remove the {title.lower()} session")
        self.error = FieldError()
        self.last_good_time = slot.time

    def widgets(self) -> list[QWidget]:
        """Every widget of the row, in tab order."""
        return [self.enabled, self.time, self.routine, *self.days.buttons, self.remove]

    def collect(self, issues: list[SettingsIssue]) -> Slot:
        """Return the slot as edited; an unreadable time is reported and the last kept."""
        at = self.time.value()
        if at is None:
            issues.append(
                SettingsIssue(
                    ("slots", self.slot.id, "time"),
                    IssueCode.WRONG_TYPE,
                    "enter a time from 00:00 to 23:59, such as 09:30",
                )
            )
            at = self.last_good_time
        else:
            self.last_good_time = at
        return replace(
            self.slot,
            time=at,
            routine=str(self.routine.currentData()),
            weekdays=self.days.days(),
            enabled=self.enabled.isChecked(),
        )


def _fill_routines(combo: QComboBox, routines: Sequence[tuple[str, str]], current: str) -> None:
    for routine_id, label in routines:
        combo.addItem(label, routine_id)
    index = combo.findData(current)
    if index < 0:
        # Keep a routine that is gone visible (and reported) rather than silently swapped.
        combo.addItem(f"{current} (not found)", current)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def _dot_icon(colour: QColor | None, size: int = 10) -> QIcon:
    # One pixmap per common pixel ratio, so the dot stays crisp on HiDPI screens.
    icon = QIcon()
    for dpr in (1.0, 2.0, 3.0):
        pixmap = QPixmap(round(size * dpr), round(size * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        if colour is not None:
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
            painter.end()
        icon.addPixmap(pixmap)
    return icon


# ---------------------------------------------------------------------------------------
# The dialog


class SettingsDialog(QDialog):
    """Preferences with a page list on the left, OK / Apply / Cancel at the bottom."""

    def __init__(
        self,
        settings: Settings,
        library: Library,
        illustrations: Illustrations,
        *,
        apply: ApplyCallback,
        history: Sequence[Record],
        files: Mapping[str, Path],
        notices: Sequence[str] = (),
        sound_problem: str | None = None,
        now: datetime,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Desk Breaks — Settings")
        self._library = library
        self._illustrations = illustrations
        self._apply_callback = apply
        self._now = now
        self._original = settings
        self._baseline = settings
        self._notices = list(notices)
        self._save_error: str | None = None
        self._issues: list[SettingsIssue] = []
        self._current = settings
        self._routine_choices = sorted(
            (
                (r.id, f"{r.name} ({format_duration(r.duration_s())})")
                for r in library.routines.values()
            ),
            key=lambda pair: pair[1].lower(),
        )
        self._names = {rid: r.name for rid, r in library.routines.items()}
        self._slot_rows: list[SlotRow] = []
        self._building = True

        self.banner = QFrame()
        self.banner.setObjectName("banner")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextFormat(Qt.TextFormat.RichText)
        self.banner_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner_text.setAccessibleName("Settings notices")
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(14, 10, 14, 10)
        banner_layout.addWidget(self.banner_text)

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName("Settings pages")
        self.nav.setIconSize(QSize(10, 10))
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages = QStackedWidget()
        self.page_widgets: dict[str, QWidget] = {}
        builders: dict[str, Callable[[], QWidget]] = {
            "Schedule": self._schedule_page,
            "Check-ins": self._check_ins_page,
            "Prompts": lambda: self._prompts_page(sound_problem),
            "Routines": self._routines_page,
            "General": lambda: self._general_page(files),
            "History": lambda: self._history_page(history),
        }
        for name in PAGES:
            item = QListWidgetItem(name)
            item.setIcon(_dot_icon(None))
            item.setSizeHint(QSize(0, self.fontMetrics().height() + 16))
            self.nav.addItem(item)
            page = builders[name]()
            self.page_widgets[name] = page
            self.pages.addWidget(page)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setFixedWidth(self.fontMetrics().horizontalAdvance("Check-ins") + 90)

        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button.setText("OK")
        self.apply_button.setText("&Apply")
        self.cancel_button.setText("Cancel")
        for button, name in (
            (self.ok_button, "OK: apply the settings and close"),
            (self.apply_button, "Apply the settings"),
            (self.cancel_button, "Cancel: close without changing anything"),
        ):
            button.setAccessibleName(name)
        self.ok_button.clicked.connect(self._ok)
        self.apply_button.clicked.connect(self._apply)
        self.cancel_button.clicked.connect(self.reject)

        bottom = QHBoxLayout()
        bottom.setContentsMargins(16, 10, 16, 14)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.buttons)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        banner_box = QVBoxLayout()
        banner_box.setContentsMargins(16, 12, 16, 0)
        banner_box.addWidget(self.banner)
        right.addLayout(banner_box)
        right.addWidget(self.pages, 1)
        right.addLayout(bottom)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(body)

        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(lambda s=step: self._step_page(s))

        self.nav.setCurrentRow(0)
        self.resize(940, 680)
        self._restyle()
        self._building = False
        self._refresh_banner()
        self._changed()

    # -- public ----------------------------------------------------------------------------

    def current_settings(self) -> Settings:
        """The settings as the fields show them now (the last readable value of each)."""
        return self._current

    def issues(self) -> list[SettingsIssue]:
        """What must be fixed before the settings can be applied."""
        return list(self._issues)

    def show_page(self, name: str) -> None:
        """Switch to the page called ``name``."""
        self.nav.setCurrentRow(PAGES.index(name))

    def current_page(self) -> str:
        """The name of the page showing."""
        return PAGES[self.pages.currentIndex()]

    def is_dirty(self) -> bool:
        """Whether there are changes not yet applied."""
        return self._current != self._baseline

    # -- pages -----------------------------------------------------------------------------

    def _page(self, title: str, subtitle: str) -> tuple[QScrollArea, QVBoxLayout]:
        inner = QWidget()
        inner.setObjectName("page")
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(8)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        sub = _note(subtitle)
        layout.addWidget(sub)
        layout.addSpacing(6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return scroll, layout

    def _schedule_page(self) -> QWidget:
        s = self._original
        page, layout = self._page(
            "Schedule", "When Desk Breaks offers a full session or a check-in."
        )
        layout.addWidget(_heading("Plan"))
        self.preset_group = QButtonGroup(self)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(2)
        self.preset_buttons: dict[Preset, QRadioButton] = {}
        self.preset_notes: dict[Preset, QLabel] = {}
        texts = {
            Preset.SESSIONS: ("&Morning, lunch and evening", "Three full sessions; no check-ins."),
            Preset.CHECK_INS: ("Ever&y 30 minutes", "Short check-ins in working hours only."),
            Preset.BOTH: ("&Both", "Full sessions, with check-ins in between."),
            Preset.CUSTOM: ("C&ustom", "Each session and the check-ins on or off one by one."),
        }
        for index, (preset, (label, note)) in enumerate(texts.items()):
            button = QRadioButton(label)
            button.setAccessibleName(f"Plan: {label.replace('&', '')}")
            button.setAccessibleDescription(note)
            self.preset_group.addButton(button)
            self.preset_buttons[preset] = button
            hint = _note(note)
            hint.setContentsMargins(22, 0, 0, 6)
            self.preset_notes[preset] = hint
            row, column = divmod(index, 2)
            grid.addWidget(button, row * 2, column)
            grid.addWidget(hint, row * 2 + 1, column)
        self.preset_buttons[s.preset].setChecked(True)
        self.preset_group.buttonToggled.connect(lambda *_: self._changed())
        layout.addLayout(grid)

        layout.addSpacing(8)
        head = QHBoxLayout()
        head.addWidget(_heading("The day"))
        head.addStretch(1)
        day_label = QLabel("&Day:")
        self.day_combo = QComboBox()
        self.day_combo.addItems(DAY_NAMES)
        self.day_combo.setCurrentIndex(self._now.weekday())
        self.day_combo.setAccessibleName("Day shown on the timeline")
        day_label.setBuddy(self.day_combo)
        self.day_combo.currentIndexChanged.connect(lambda *_: self._update_timeline())
        head.addWidget(day_label)
        head.addWidget(self.day_combo)
        layout.addLayout(head)
        self.timeline = Timeline()
        layout.addWidget(self.timeline)
        self.day_summary = _note("")
        self.day_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.day_summary)

        layout.addSpacing(8)
        sessions_head = QHBoxLayout()
        sessions_head.addWidget(_heading("Full sessions"))
        sessions_head.addStretch(1)
        layout.addLayout(sessions_head)
        self.sessions_note = _note("")
        layout.addWidget(self.sessions_note)
        self.slot_grid = QGridLayout()
        self.slot_grid.setHorizontalSpacing(12)
        self.slot_grid.setVerticalSpacing(6)
        for column, head_text in enumerate(("Session", "Time", "Routine", "Days")):
            column_head = QLabel(head_text)
            column_head.setObjectName("columnHead")
            self.slot_grid.addWidget(column_head, 0, column)
        self.slot_grid.setColumnStretch(2, 1)
        layout.addLayout(self.slot_grid)
        for slot in s.slots:
            self._add_slot_row(slot)
        self.add_slot_button = QPushButton("Add a &session")
        self.add_slot_button.setAccessibleName("Add a session")
        self.add_slot_button.clicked.connect(self._new_slot)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_slot_button)
        add_row.addStretch(1)
        layout.addLayout(add_row)
        layout.addStretch(1)
        return page

    def _add_slot_row(self, slot: Slot) -> SlotRow:
        row = SlotRow(slot, self._routine_choices)
        self._slot_rows.append(row)
        row.enabled.toggled.connect(lambda *_: self._changed())
        row.time.textChanged.connect(lambda *_: self._changed())
        row.routine.currentIndexChanged.connect(lambda *_: self._changed())
        row.days.changed.connect(self._changed)
        row.remove.clicked.connect(lambda *_, r=row: self._remove_slot(r))
        self._layout_slot_rows()
        return row

    def _layout_slot_rows(self) -> None:
        grid = self.slot_grid
        for r in self._slot_rows:
            for widget in (r.enabled, r.time, r.routine, r.days, r.remove, r.error):
                grid.removeWidget(widget)
        for index, r in enumerate(self._slot_rows):
            line = 1 + index * 2
            grid.addWidget(r.enabled, line, 0)
            grid.addWidget(r.time, line, 1)
            grid.addWidget(r.routine, line, 2)
            grid.addWidget(r.days, line, 3)
            grid.addWidget(r.remove, line, 4)
            grid.addWidget(r.error, line + 1, 0, 1, 5)
        # Tab order follows the rows, then the add button.
        chain: list[QWidget] = [w for r in self._slot_rows for w in r.widgets()]
        if hasattr(self, "add_slot_button"):
            chain.append(self.add_slot_button)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _new_slot(self) -> None:
        taken = {r.slot.id for r in self._slot_rows}
        number = len(self._slot_rows) + 1
        while f"session-{number}" in taken:
            number += 1
        routine = self._routine_choices[0][0] if self._routine_choices else ""
        row = self._add_slot_row(Slot(f"session-{number}", time(15, 0), routine))
        self._changed()
        row.time.setFocus()
        row.time.selectAll()

    def _remove_slot(self, row: SlotRow) -> None:
        index = self._slot_rows.index(row)
        self._slot_rows.remove(row)
        for widget in (row.enabled, row.time, row.routine, row.days, row.remove, row.error):
            self.slot_grid.removeWidget(widget)
            widget.deleteLater()
        self._layout_slot_rows()
        self._changed()
        if self._slot_rows:
            self._slot_rows[min(index, len(self._slot_rows) - 1)].enabled.setFocus()
        else:
            self.add_slot_button.setFocus()

    def _check_ins_page(self) -> QWidget:
        c = self._original.check_ins
        page, layout = self._page(
            "Check-ins", "Short pauses at a steady rhythm within your working hours."
        )
        self.check_ins_note = _note("")
        layout.addWidget(self.check_ins_note)
        self.check_ins_enabled = QCheckBox("&Offer short check-ins")
        self.check_ins_enabled.setChecked(c.enabled)
        self.check_ins_enabled.setAccessibleName("Offer short check-ins")
        self.check_ins_enabled.toggled.connect(lambda *_: self._changed())
        layout.addWidget(self.check_ins_enabled)
        layout.addSpacing(6)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        row = 0

        def add(label_text: str, field: QWidget, error: FieldError, note: str = "") -> None:
            nonlocal row
            label = QLabel(label_text)
            # The buddy must take focus itself: a wrapper's focus proxy is not followed.
            buddy = field.buttons[0] if isinstance(field, DayPicker) else field.focusProxy()
            label.setBuddy(buddy or field)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(field, row, 1)
            row += 1
            if note:
                grid.addWidget(_note(note), row, 1)
                row += 1
            grid.addWidget(error, row, 1)
            row += 1

        low, high = LIMITS["check_ins.interval_min"]
        self.interval = _spin(low, high, c.interval_min, " min", "Check-in interval in minutes")
        self.interval.valueChanged.connect(lambda *_: self._changed())
        self.interval_error = FieldError()
        add("&Interval:", self._left(self.interval), self.interval_error)

        hours = QWidget()
        hours_layout = QHBoxLayout(hours)
        hours_layout.setContentsMargins(0, 0, 0, 0)
        self.work_start = TimeField(c.start, "Working hours start")
        self.work_end = TimeField(c.end, "Working hours end")
        self.work_start.textChanged.connect(lambda *_: self._changed())
        self.work_end.textChanged.connect(lambda *_: self._changed())
        hours_layout.addWidget(self.work_start)
        hours_layout.addWidget(QLabel("to"))
        hours_layout.addWidget(self.work_end)
        hours_layout.addStretch(1)
        self.hours_error = FieldError()
        label = QLabel("&Working hours:")
        grid.addWidget(label, row, 0)
        label.setBuddy(self.work_start)
        grid.addWidget(hours, row, 1)
        grid.addWidget(self.hours_error, row + 1, 1)
        row += 2

        self.check_in_days = DayPicker("Check-ins")
        self.check_in_days.set_days(c.weekdays)
        self.check_in_days.changed.connect(self._changed)
        self.check_in_days_error = FieldError()
        add("Da&ys:", self.check_in_days, self.check_in_days_error)

        self.check_in_routine = QComboBox()
        self.check_in_routine.setAccessibleName("Check-in routine")
        _fill_routines(self.check_in_routine, self._routine_choices, c.routine)
        self.check_in_routine.currentIndexChanged.connect(lambda *_: self._changed())
        self.check_in_routine_error = FieldError()
        add("&Routine:", self._left(self.check_in_routine), self.check_in_routine_error)

        low, high = LIMITS["check_ins.clearance_min"]
        self.clearance = _spin(
            low, high, c.clearance_min, " min", "Leave out check-ins this close to a session"
        )
        self.clearance.valueChanged.connect(lambda *_: self._changed())
        self.clearance_error = FieldError()
        add(
            "&Leave out within:",
            self._left(self.clearance),
            self.clearance_error,
            "A check-in this close to a full session is left out.",
        )
        layout.addLayout(grid)
        layout.addStretch(1)
        return page

    @staticmethod
    def _left(widget: QWidget) -> QWidget:
        box = QWidget()
        line = QHBoxLayout(box)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(widget)
        line.addStretch(1)
        box.setFocusProxy(widget)
        return box

    def _prompts_page(self, sound_problem: str | None) -> QWidget:
        p = self._original.prompts
        page, layout = self._page("Prompts", "How a break is offered, and how often it may wait.")
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)

        self.snooze_choices = QLineEdit(", ".join(str(m) for m in p.snooze_choices_min))
        self.snooze_choices.setAccessibleName("Snooze choices in minutes, separated by commas")
        self.snooze_choices.setMaximumWidth(220)
        self.snooze_choices.textChanged.connect(lambda *_: self._changed())
        self.snooze_error = FieldError()
        label = QLabel("S&nooze choices:")
        label.setBuddy(self.snooze_choices)
        grid.addWidget(label, 0, 0)
        grid.addWidget(self.snooze_choices, 0, 1)
        grid.addWidget(_note("Minutes, separated by commas: 5, 10, 15."), 1, 1)
        grid.addWidget(self.snooze_error, 2, 1)

        low, high = LIMITS["prompts.snooze_cap"]
        self.snooze_cap = _spin(low, high, p.snooze_cap, "", "Snoozes allowed per session")
        self.snooze_cap.setSpecialValueText("No snoozing")
        self.snooze_cap.valueChanged.connect(lambda *_: self._changed())
        self.snooze_cap_error = FieldError()
        label = QLabel("Snoozes &per session:")
        label.setBuddy(self.snooze_cap)
        grid.addWidget(label, 3, 0)
        grid.addWidget(self._left(self.snooze_cap), 3, 1)
        grid.addWidget(self.snooze_cap_error, 4, 1)

        low, high = LIMITS["prompts.heads_up_s"]
        self.heads_up = _spin(low, high, p.heads_up_s, " s", "Heads-up before a session in seconds")
        self.heads_up.setSpecialValueText("None")
        self.heads_up.valueChanged.connect(lambda *_: self._changed())
        self.heads_up_error = FieldError()
        label = QLabel("&Heads-up:")
        label.setBuddy(self.heads_up)
        grid.addWidget(label, 5, 0)
        grid.addWidget(self._left(self.heads_up), 5, 1)
        grid.addWidget(_note("A quiet notice this long before a full session starts."), 6, 1)
        grid.addWidget(self.heads_up_error, 7, 1)
        layout.addLayout(grid)

        layout.addSpacing(10)
        layout.addWidget(_heading("Sound"))
        self.sounds = QCheckBox("Play a soft &sound at each step")
        self.sounds.setChecked(p.sounds)
        self.sounds.setAccessibleName("Play sounds")
        self.sounds.toggled.connect(lambda *_: self._changed())
        layout.addWidget(self.sounds)
        volume_row = QHBoxLayout()
        volume_label = QLabel("&Volume:")
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(*LIMITS["prompts.volume_pct"])
        self.volume.setValue(p.volume_pct)
        self.volume.setPageStep(10)
        self.volume.setAccessibleName("Sound volume in percent")
        self.volume.setMaximumWidth(260)
        volume_label.setBuddy(self.volume)
        self.volume_value = QLabel(f"{p.volume_pct} %")
        self.volume_value.setMinimumWidth(self.fontMetrics().horizontalAdvance("100 %") + 6)
        self.volume.valueChanged.connect(lambda v: self.volume_value.setText(f"{v} %"))
        self.volume.valueChanged.connect(lambda *_: self._changed())
        volume_row.setContentsMargins(22, 0, 0, 0)
        volume_row.addWidget(volume_label)
        volume_row.addWidget(self.volume)
        volume_row.addWidget(self.volume_value)
        volume_row.addStretch(1)
        layout.addLayout(volume_row)
        self.volume_error = FieldError()
        layout.addWidget(self.volume_error)
        self.sound_problem = _note(
            f"Sound is not available on this computer: {sound_problem}" if sound_problem else ""
        )
        self.sound_problem.setObjectName("warningNote")
        self.sound_problem.setVisible(bool(sound_problem))
        layout.addWidget(self.sound_problem)
        layout.addStretch(1)
        return page

    def _routines_page(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(24, 16, 24, 16)
        title = QLabel("Routines")
        title.setObjectName("pageTitle")
        outer.addWidget(title)
        outer.addWidget(_note("What each session holds. Pick one to see its exercises."))
        row = QHBoxLayout()
        row.setSpacing(16)
        self.content_list = QListWidget()
        self.content_list.setObjectName("contentList")
        self.content_list.setAccessibleName("Routines and exercises")
        self.content_list.setFixedWidth(250)
        self.content_list.setIconSize(QSize(36, 36))
        self._content_items: list[Routine | Exercise | None] = []

        def section(text: str) -> None:
            item = QListWidgetItem(text.upper())
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            font = item.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 0.85)
            item.setFont(font)
            self.content_list.addItem(item)
            self._content_items.append(None)

        section("Routines")
        for routine in sorted(self._library.routines.values(), key=lambda r: r.name.lower()):
            item = QListWidgetItem(f"{routine.name}\n{format_duration(routine.duration_s())}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, routine.name)
            self.content_list.addItem(item)
            self._content_items.append(routine)
        section("Exercises")
        for exercise in sorted(self._library.exercises.values(), key=lambda e: e.name.lower()):
            item = QListWidgetItem(f"{exercise.name}\n{format_duration(exercise.duration_s())}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, exercise.name)
            item.setIcon(QIcon(self._art(exercise, 36)))
            self.content_list.addItem(item)
            self._content_items.append(exercise)
        row.addWidget(self.content_list)

        self.content_detail = QScrollArea()
        self.content_detail.setWidgetResizable(True)
        self.content_detail.setFrameShape(QFrame.Shape.NoFrame)
        self.content_detail.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(self.content_detail, 1)
        outer.addLayout(row, 1)
        self.content_list.currentRowChanged.connect(self._show_content)
        if len(self._content_items) > 1 and self._content_items[1] is not None:
            self.content_list.setCurrentRow(1)
        return page

    def _art(self, exercise: Exercise, side: int) -> QPixmap:
        phase = StepPhase.INHALE if exercise.breathing is not None else StepPhase.HOLD
        return self._illustrations.pixmap(
            exercise.step_for(phase).illustration,
            QSize(side, side),
            dpr=self.devicePixelRatioF(),
            palette=self.palette(),
        )

    def _show_content(self, index: int) -> None:
        if not 0 <= index < len(self._content_items):
            return
        thing = self._content_items[index]
        if thing is None:
            return
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        title = QLabel(thing.name)
        title.setObjectName("detailTitle")
        layout.addWidget(title)
        if isinstance(thing, Routine):
            count = len(thing.exercises)
            meta = f"{format_duration(thing.duration_s())} · {count} exercise{'s' * (count != 1)}"
            layout.addWidget(_note(meta))
            description = QLabel(thing.description)
            description.setWordWrap(True)
            layout.addWidget(description)
            layout.addSpacing(4)
            for exercise in thing.exercises:
                layout.addWidget(self._exercise_card(exercise))
        else:
            where = f"{thing.position.value} · {thing.area.value.replace('-', ' ')}"
            layout.addWidget(_note(f"{format_duration(thing.duration_s())} · {where}"))
            picture = QLabel()
            picture.setPixmap(self._art(thing, 200))
            picture.setObjectName("art")
            picture.setAccessibleName(f"Illustration of {thing.name}")
            layout.addWidget(picture)
            purpose = QLabel(thing.purpose)
            purpose.setWordWrap(True)
            layout.addWidget(purpose)
            for caution in thing.cautions:
                text = _note(f"Caution: {caution}")
                layout.addWidget(text)
        layout.addStretch(1)
        self.content_detail.setWidget(box)

    def _exercise_card(self, exercise: Exercise) -> QWidget:
        card = QFrame()
        card.setObjectName("card")
        row = QHBoxLayout(card)
        row.setContentsMargins(10, 8, 10, 8)
        row.setSpacing(12)
        picture = QLabel()
        picture.setPixmap(self._art(exercise, 72))
        picture.setFixedSize(76, 76)
        picture.setAccessibleName(f"Illustration of {exercise.name}")
        row.addWidget(picture)
        text = QVBoxLayout()
        text.setSpacing(2)
        name = QLabel(f"<b>{html.escape(exercise.name)}</b>")
        text.addWidget(name)
        text.addWidget(_note(format_duration(exercise.duration_s())))
        purpose = QLabel(exercise.purpose)
        purpose.setWordWrap(True)
        text.addWidget(purpose)
        row.addLayout(text, 1)
        return card

    def _general_page(self, files: Mapping[str, Path]) -> QWidget:
        s = self._original
        page, layout = self._page("General", "How Desk Breaks starts, looks and notices breaks.")
        self.start_at_login = QCheckBox("Start Desk Breaks when I &log in")
        self.start_at_login.setChecked(s.start_at_login)
        self.start_at_login.setAccessibleName("Start Desk Breaks at login")
        self.start_at_login.toggled.connect(lambda *_: self._changed())
        layout.addWidget(self.start_at_login)
        self.reduced_motion = QCheckBox("&Reduce motion (no growing circle while breathing)")
        self.reduced_motion.setChecked(s.reduced_motion)
        self.reduced_motion.setAccessibleName("Reduce motion")
        self.reduced_motion.toggled.connect(lambda *_: self._changed())
        layout.addWidget(self.reduced_motion)
        layout.addSpacing(6)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        self.theme = QComboBox()
        for theme, text in (
            (Theme.SYSTEM, "Follow the system"),
            (Theme.LIGHT, "Light"),
            (Theme.DARK, "Dark"),
        ):
            self.theme.addItem(text, theme)
        self.theme.setCurrentIndex(self.theme.findData(s.theme))
        self.theme.setAccessibleName("Theme")
        self.theme.currentIndexChanged.connect(lambda *_: self._changed())
        label = QLabel("&Theme:")
        label.setBuddy(self.theme)
        grid.addWidget(label, 0, 0)
        grid.addWidget(self._left(self.theme), 0, 1)

        self.dialog_size = QComboBox()
        for size, text in (
            (DialogSize.COMPACT, "A compact window"),
            (DialogSize.FULL_SCREEN, "Full screen"),
        ):
            self.dialog_size.addItem(text, size)
        self.dialog_size.setCurrentIndex(self.dialog_size.findData(s.dialog_size))
        self.dialog_size.setAccessibleName("Session window size")
        self.dialog_size.currentIndexChanged.connect(lambda *_: self._changed())
        label = QLabel("Sessions &open in:")
        label.setBuddy(self.dialog_size)
        grid.addWidget(label, 1, 0)
        grid.addWidget(self._left(self.dialog_size), 1, 1)

        low, high = LIMITS["idle_threshold_min"]
        self.idle = _spin(
            low, high, s.idle_threshold_min, " min", "Natural break after minutes away"
        )
        self.idle.valueChanged.connect(lambda *_: self._changed())
        label = QLabel("&Natural break after:")
        label.setBuddy(self.idle)
        grid.addWidget(label, 2, 0)
        grid.addWidget(self._left(self.idle), 2, 1)
        grid.addWidget(_note("Time away from the keyboard this long counts as a break."), 3, 1)
        self.idle_error = FieldError()
        grid.addWidget(self.idle_error, 4, 1)
        layout.addLayout(grid)

        layout.addSpacing(10)
        layout.addWidget(_heading("Files"))
        self.file_buttons: list[QPushButton] = []
        for label_text, path in files.items():
            card = QFrame()
            card.setObjectName("card")
            row = QHBoxLayout(card)
            row.setContentsMargins(12, 8, 12, 8)
            where = QLabel(f"<b>{html.escape(label_text)}</b><br>{html.escape(str(path))}")
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            where.setWordWrap(True)
            row.addWidget(where, 1)
            if path.suffix == ".toml":
                opener = QPushButton("Open")
                opener.setAccessibleName(f"Open the {label_text.lower()}")
                opener.clicked.connect(lambda _=False, p=path: self._open(p))
                row.addWidget(opener)
                self.file_buttons.append(opener)
            folder = path if path.suffix == "" else path.parent
            shower = QPushButton("Show folder")
            shower.setAccessibleName(f"Show the folder of the {label_text.lower()}")
            shower.clicked.connect(lambda _=False, p=folder: self._open(p))
            row.addWidget(shower)
            self.file_buttons.append(shower)
            layout.addWidget(card)
        layout.addStretch(1)
        return page

    def _open(self, path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self._save_error = f"Could not open {path}: no application is set up for it."
            self._refresh_banner()

    def _history_page(self, history: Sequence[Record]) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 16, 24, 16)
        title = QLabel("History")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        layout.addWidget(_note("Every session offered, newest first."))
        table = QTableWidget(0, 3)
        table.setHorizontalHeaderLabels(["When", "Session", "Outcome"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setTabKeyNavigation(False)  # Tab leaves the table instead of walking its cells
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setAccessibleName("Session history")
        now = self._now
        routines = self._library.routines
        for record in history:
            local = record.at.astimezone(now.tzinfo)
            when = (
                clock_text(record.at, now)
                if local.date() == now.date()
                else f"{local:%a %d %b %H:%M}"
            )
            cells = [when, routine_name(record.routine_id, routines), outcome_text(record)]
            row = table.rowCount()
            table.insertRow(row)
            for column, text in enumerate(cells):
                table.setItem(row, column, QTableWidgetItem(text))
        self.history_table = table
        if not history:
            layout.addWidget(_note("Nothing yet: your sessions will be listed here."))
        layout.addWidget(table, 1)
        return page

    # -- reacting to edits -----------------------------------------------------------------

    def _collect(self) -> tuple[Settings, list[SettingsIssue]]:
        base = self._current
        issues: list[SettingsIssue] = []
        preset = next(p for p, b in self.preset_buttons.items() if b.isChecked())
        slots = tuple(row.collect(issues) for row in self._slot_rows)

        start, end = self.work_start.value(), self.work_end.value()
        if start is None:
            issues.append(
                SettingsIssue(
                    ("check_ins", "start"), IssueCode.WRONG_TYPE, "enter a time from 00:00 to 23:59"
                )
            )
        if end is None:
            issues.append(
                SettingsIssue(
                    ("check_ins", "end"), IssueCode.WRONG_TYPE, "enter a time from 00:00 to 23:59"
                )
            )
        check_ins = CheckIns(
            enabled=self.check_ins_enabled.isChecked(),
            interval_min=self.interval.value(),
            start=start or base.check_ins.start,
            end=end or base.check_ins.end,
            weekdays=self.check_in_days.days(),
            routine=str(self.check_in_routine.currentData()),
            clearance_min=self.clearance.value(),
        )
        choices = parse_minutes_list(self.snooze_choices.text())
        if choices is None:
            issues.append(
                SettingsIssue(
                    ("prompts", "snooze_choices_min"),
                    IssueCode.WRONG_TYPE,
                    "enter whole minutes separated by commas",
                )
            )
        prompts = Prompts(
            snooze_choices_min=choices if choices is not None else base.prompts.snooze_choices_min,
            snooze_cap=self.snooze_cap.value(),
            heads_up_s=self.heads_up.value(),
            sounds=self.sounds.isChecked(),
            volume_pct=self.volume.value(),
        )
        settings = replace(
            base,
            preset=preset,
            slots=slots,
            check_ins=check_ins,
            prompts=prompts,
            idle_threshold_min=self.idle.value(),
            theme=self.theme.currentData(),
            start_at_login=self.start_at_login.isChecked(),
            dialog_size=self.dialog_size.currentData(),
            reduced_motion=self.reduced_motion.isChecked(),
        )
        if not issues:
            issues = validate(settings, self._library.routines)
        else:
            issues += [
                i
                for i in validate(settings, self._library.routines)
                if i.field not in {j.field for j in issues}
            ]
        return settings, issues

    def _changed(self) -> None:
        if self._building:
            return
        self._current, self._issues = self._collect()
        self._show_issues()
        self._update_timeline()
        self._update_hints()
        valid = not self._issues
        self.ok_button.setEnabled(valid)
        self.apply_button.setEnabled(valid and self.is_dirty())

    def _errors_by_widget(self) -> dict[FieldError, list[str]]:
        targets: dict[str, FieldError] = {
            "check_ins.interval_min": self.interval_error,
            "check_ins.start": self.hours_error,
            "check_ins.end": self.hours_error,
            "check_ins.weekdays": self.check_in_days_error,
            "check_ins.routine": self.check_in_routine_error,
            "check_ins.clearance_min": self.clearance_error,
            "prompts.snooze_choices_min": self.snooze_error,
            "prompts.snooze_cap": self.snooze_cap_error,
            "prompts.heads_up_s": self.heads_up_error,
            "prompts.volume_pct": self.volume_error,
            "idle_threshold_min": self.idle_error,
        }
        for row in self._slot_rows:
            targets[f"slots.{row.slot.id}"] = row.error
            targets[f"slots.{row.slot.id}.time"] = row.error
        titles = {f"slots.{row.slot.id}": slot_title(row.slot.id) for row in self._slot_rows}
        shown: dict[FieldError, list[str]] = {error: [] for error in targets.values()}
        self._unplaced: list[SettingsIssue] = []
        for issue in self._issues:
            target = targets.get(issue.field)
            if target is None:
                self._unplaced.append(issue)
                continue
            message = issue.message
            title = titles.get(issue.field.removesuffix(".time"))
            if title is not None:
                joiner = " " if message.split(" ")[0] in ("is", "starts", "needs") else ": "
                message = f"{title}{joiner}{message}"
            shown[target].append(_sentence(message))
        return shown

    def _show_issues(self) -> None:
        pages_with_issues: set[str] = set()
        for error, messages in self._errors_by_widget().items():
            error.show_messages(messages)
        for issue in self._issues:
            pages_with_issues.add(_PAGE_OF_FIELD.get(issue.field.split(".")[0], "Schedule"))
        colour = _colour(self, ERROR_COLOURS)
        for index, name in enumerate(PAGES):
            item = self.nav.item(index)
            bad = name in pages_with_issues
            item.setIcon(_dot_icon(colour if bad else None))
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{name}, needs attention" if bad else name
            )
        self._mark_fields()
        if self._issues:
            where = ", ".join(p for p in PAGES if p in pages_with_issues)
            count = len(self._issues)
            self.status.setText(
                f"{count} setting{'s' * (count != 1)} to fix before saving ({where})."
            )
        else:
            self.status.setText("")
        self._refresh_banner()

    def _mark_fields(self) -> None:
        bad = {i.field for i in self._issues}
        pairs: list[tuple[QWidget, bool]] = [
            (self.work_start, "check_ins.start" in bad or "check_ins.end" in bad),
            (self.work_end, "check_ins.end" in bad),
            (self.snooze_choices, "prompts.snooze_choices_min" in bad),
        ]
        for row in self._slot_rows:
            pairs.append(
                (
                    row.time,
                    f"slots.{row.slot.id}.time" in bad
                    or (
                        f"slots.{row.slot.id}" in bad
                        and row.time.value() is not None
                        and any(
                            "same time" in i.message
                            for i in self._issues
                            if i.field == f"slots.{row.slot.id}"
                        )
                    ),
                )
            )
        for widget, invalid in pairs:
            if widget.property("invalid") != invalid:
                widget.setProperty("invalid", invalid)
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    def _update_timeline(self) -> None:
        if self._building:
            return
        settings = self._current
        zone = self._now.tzinfo
        assert zone is not None
        plan = Plan.from_settings(settings, zone)
        weekday = self.day_combo.currentIndex()
        day: date = self._now.date() + timedelta(days=(weekday - self._now.weekday()) % 7)
        start = datetime.combine(day, time(0), tzinfo=zone)
        end = datetime.combine(day, time(23, 59, 59), tzinfo=zone)
        occurrences = plan.between(start - timedelta(seconds=1), end)
        working = None
        if settings.check_ins_active() and weekday in settings.check_ins.weekdays:
            working = (settings.check_ins.start, settings.check_ins.end)
        is_today = day == self._now.date()
        self.timeline.set_day(
            occurrences,
            self._names,
            working=working,
            now=self._now.time() if is_today else None,
            empty_text=f"Nothing scheduled on {DAY_NAMES[weekday]}",
        )
        sessions = sum(1 for o in occurrences if o.kind is SessionKind.FULL)
        checks = len(occurrences) - sessions
        parts = [f"{sessions} full session{'s' * (sessions != 1)}"]
        if checks:
            parts.append(f"{checks} check-in{'s' * (checks != 1)}")
        summary = f"{DAY_NAMES[weekday]}: " + " and ".join(parts) + "."
        summary += "  " + self._next_text(plan)
        self.day_summary.setText(summary)
        self.day_summary.setAccessibleName(summary)

    def _next_text(self, plan: Plan) -> str:
        """Say when the next full session and the next check-in fall, from now."""
        firsts: dict[SessionKind, tuple[datetime, str]] = {}
        for entry in plan.entries:
            when = entry.trigger.get_next_fire_time(None, self._now)
            if when is None:
                continue
            if entry.kind not in firsts or when < firsts[entry.kind][0]:
                firsts[entry.kind] = (when, entry.routine_id)
        parts: list[tuple[datetime, str]] = []
        if SessionKind.FULL in firsts:
            when, routine_id = firsts[SessionKind.FULL]
            name = routine_name(routine_id, self._library.routines)
            parts.append((when, f"{name} {clock_text(when, self._now)}"))
        if SessionKind.CHECK_IN in firsts:
            when = firsts[SessionKind.CHECK_IN][0]
            parts.append((when, f"a check-in {clock_text(when, self._now)}"))
        words = [text for _, text in sorted(parts)]
        return "Next: " + " and ".join(words) + "." if words else "Nothing is scheduled at all."

    def _update_hints(self) -> None:
        s = self._current
        interval = s.check_ins.interval_min
        self.preset_buttons[Preset.CHECK_INS].setText(f"Ever&y {interval} minutes")
        self.preset_buttons[Preset.CHECK_INS].setAccessibleName(f"Plan: every {interval} minutes")
        sessions_off = s.preset is Preset.CHECK_INS
        for row in self._slot_rows:
            for widget in row.widgets():
                widget.setEnabled(not sessions_off or widget is row.remove)
        self.sessions_note.setText(
            "The plan is check-ins only, so these sessions are not offered." if sessions_off else ""
        )
        self.sessions_note.setVisible(sessions_off)
        if s.preset is Preset.SESSIONS:
            self.check_ins_note.setText(
                "The plan on the Schedule page is “Morning, lunch and evening”, so check-ins "
                "are not offered. Choose “Both” or “Custom” there to use them."
            )
        elif not s.check_ins.enabled:
            self.check_ins_note.setText("Check-ins are switched off.")
        else:
            self.check_ins_note.setText("")
        self.check_ins_note.setVisible(bool(self.check_ins_note.text()))
        self.volume.setEnabled(s.prompts.sounds)
        self.volume_value.setEnabled(s.prompts.sounds)

    def _refresh_banner(self) -> None:
        messages = list(self._notices)
        if getattr(self, "_unplaced", None):
            messages += [str(i) for i in self._unplaced]
        error = self._save_error
        if not messages and error is None:
            self.banner.hide()
            return
        lines = []
        if error is not None:
            lines.append(f"<b>Not saved.</b> {html.escape(error)}")
        lines += [html.escape(m) for m in messages]
        self.banner_text.setText("<br>".join(lines))
        self.banner_text.setAccessibleName(
            "Settings notices: " + " ".join([error or "", *messages]).strip()
        )
        self.banner.setProperty("error", error is not None)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.show()

    def _step_page(self, step: int) -> None:
        self.nav.setCurrentRow((self.nav.currentRow() + step) % len(PAGES))

    # -- OK / Apply / Cancel -----------------------------------------------------------

    def _apply(self) -> bool:
        """Hand the settings to the app; return True when they were saved."""
        self._changed()
        if self._issues:
            return False
        settings = self._current
        message = self._apply_callback(settings)
        self._save_error = message
        if message is None:
            self._baseline = settings
        self._refresh_banner()
        self.apply_button.setEnabled(self.is_dirty())
        return message is None

    def _ok(self) -> None:
        if (self.is_dirty() or self._save_error is not None) and not self._apply():
            return
        self.accept()

    # -- looks --------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        """Follow palette changes (light and dark themes)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not getattr(self, "_restyling", False):
            self._restyle()

    def _restyle(self) -> None:
        self._restyling = True
        try:
            palette = self.palette()
            dark = is_dark(palette)
            window = palette.color(palette.ColorRole.Window)
            text = palette.color(palette.ColorRole.WindowText)
            base = palette.color(palette.ColorRole.Base)
            highlight = palette.color(palette.ColorRole.Highlight)
            nav_bg = blend(window, text, 0.05 if dark else 0.035)
            line = blend(window, text, 0.12)
            muted = blend(text, window, 0.4)
            card = blend(window, base, 0.7)
            error = _colour(self, ERROR_COLOURS)
            fill, edge = WARNING_COLOURS[1 if dark else 0]
            error_fill = blend(window, error, 0.14 if dark else 0.08)
            focus = highlight.lighter(140) if dark else highlight.darker(130)
            self.setStyleSheet(
                f"""
                QListWidget#nav {{ background: {nav_bg.name()}; border: none;
                    border-right: 1px solid {line.name()}; padding-top: 12px; outline: 0; }}
                QListWidget#nav::item {{ padding: 0px 10px; margin: 1px 8px;
                    border-radius: 6px; color: {text.name()}; }}
                QListWidget#nav::item:selected {{ background: {highlight.name()};
                    color: {palette.color(palette.ColorRole.HighlightedText).name()}; }}
                QLabel#pageTitle {{ font-size: {round(self.font().pointSizeF() * 1.6)}pt;
                    font-weight: 600; }}
                QLabel#detailTitle {{ font-size: {round(self.font().pointSizeF() * 1.3)}pt;
                    font-weight: 600; }}
                QLabel#sectionHeading {{ font-weight: 600; }}
                QLabel#columnHead {{ color: {muted.name()}; }}
                QLabel#note {{ color: {muted.name()}; }}
                QLabel#warningNote {{ color: {edge}; }}
                QLabel#fieldError {{ color: {error.name()}; }}
                QLabel#status {{ color: {error.name()}; }}
                QFrame#banner {{ background: {fill}; border: 1px solid {edge};
                    border-left: 4px solid {edge}; border-radius: 6px; }}
                QFrame#banner[error="true"] {{ background: {error_fill.name()};
                    border: 1px solid {error.name()}; border-left: 4px solid {error.name()}; }}
                QFrame#card {{ background: {card.name()}; border: 1px solid {line.name()};
                    border-radius: 8px; }}
                QLineEdit[invalid="true"] {{ border: 1px solid {error.name()};
                    border-radius: 3px; padding: 2px; }}
                QToolButton#day {{ min-width: 26px; min-height: 22px; border-radius: 4px;
                    border: 1px solid {line.name()}; background: {base.name()}; }}
                QToolButton#day:checked {{ background: {highlight.name()};
                    color: {palette.color(palette.ColorRole.HighlightedText).name()};
                    border-color: {highlight.name()}; }}
                QToolButton#day:focus {{ border: 2px solid {focus.name()}; }}
                QToolButton#day:disabled {{ color: {muted.name()}; background: {window.name()}; }}
                QToolButton#remove {{ border: none; color: {muted.name()}; padding: 2px 6px; }}
                QToolButton#remove:hover, QToolButton#remove:focus {{ color: {error.name()}; }}
                QListWidget#contentList {{ border: 1px solid {line.name()}; border-radius: 6px; }}
                QListWidget#contentList::item {{ padding: 4px; }}
                """
            )
        finally:
            self._restyling = False


def _sentence(message: str) -> str:
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message.endswith(".") else message + "."
