"""The Schedule page: the plan, the day's timeline and the full sessions.

The timeline asks the real schedule (:class:`~desk_breaks.core.schedule.Plan`) for the
day, so it shows what the app will do, clearance rules included.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QToolButton,
    QWidget,
)

from desk_breaks.core.content import Library
from desk_breaks.core.i18n import N_, tr, trn, weekday_name
from desk_breaks.core.presentation import clock_text, routine_name
from desk_breaks.core.schedule import Plan, SessionKind
from desk_breaks.core.settings import IssueCode, Preset, Settings, SettingsIssue, Slot
from desk_breaks.ui.settings.fields import (
    DayPicker,
    FieldError,
    Page,
    TimeField,
    fill_routines,
    heading,
    mark_invalid,
    note,
    plain,
    sentence,
    time_hint,
)
from desk_breaks.ui.settings.timeline import Timeline

PRESET_TEXTS = {
    Preset.SESSIONS: (N_("&Morning, lunch and evening"), N_("Three full sessions; no check-ins.")),
    Preset.CHECK_INS: (N_("Ever&y 30 minutes"), N_("Short check-ins in working hours only.")),
    Preset.BOTH: (N_("&Both"), N_("Full sessions, with check-ins in between.")),
    Preset.CUSTOM: (N_("C&ustom"), N_("Each session and the check-ins on or off one by one.")),
}
"""Each plan's radio button and the line under it, in English (translated on use)."""

SLOT_TITLES = {
    "morning": N_("Morning"),
    "lunch": N_("Lunch"),
    "evening": N_("Evening"),
    "bedtime": N_("Bedtime"),
}
"""The titles of the sessions a new settings file has; others read as their id."""

FOLLOWS_NAME = {
    IssueCode.NO_WEEKDAY,
    IssueCode.DUPLICATE_TIME,
    IssueCode.MISSING,
    IssueCode.BAD_NAME,
}
"""Codes whose message about a session goes on from its name: "Lunch is switched on…",
"Lunch starts at…", "Lunch needs…". Others follow a colon: "Lunch: the routine…"."""


def slot_title(slot_id: str) -> str:
    """Return how a session's id reads as a title ("lunch": "Lunch").

    The sessions a new settings file has, and the added ones, read in the active language.
    """
    if slot_id in SLOT_TITLES:
        return tr(SLOT_TITLES[slot_id])
    number = slot_id.removeprefix("session-")
    if number != slot_id and number.isdigit():
        return tr("Session {n}", n=int(number))
    return slot_id.replace("-", " ").replace("_", " ").strip().capitalize() or slot_id


class SlotRow:
    """The editor of one full session: on/off, time, routine, days and a remove button."""

    def __init__(self, slot: Slot, routines: Sequence[tuple[str, str]]) -> None:
        self.slot = slot
        title = slot_title(slot.id)
        self.enabled = QCheckBox(title)
        self.enabled.setChecked(slot.enabled)
        self.enabled.setAccessibleName(tr("{name} session switched on", name=title))
        self.time = TimeField(slot.time, tr("{name} session time", name=title))
        self.routine = QComboBox()
        self.routine.setAccessibleName(tr("{name} session routine", name=title))
        fill_routines(self.routine, routines, slot.routine)
        self.days = DayPicker(tr("{name} session", name=title))
        self.days.set_days(slot.weekdays)
        self.remove = QToolButton()
        self.remove.setText("✕")
        self.remove.setObjectName("remove")
        self.remove.setToolTip(tr("Remove the session “{name}”", name=title))
        self.remove.setAccessibleName(tr("Remove the session “{name}”", name=title))
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
                    time_hint(),
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


class SchedulePage(Page):
    """The plan, a timeline of one day, and the full sessions one row each."""

    title = N_("Schedule")

    def __init__(
        self,
        settings: Settings,
        library: Library,
        routine_choices: Sequence[tuple[str, str]],
        now: datetime,
    ) -> None:
        super().__init__(tr("When Desk Breaks offers a full session or a check-in."))
        self._library = library
        self._names = {rid: r.name for rid, r in library.routines.items()}
        self._routine_choices = routine_choices
        self._now = now
        self._settings = settings
        self.slot_rows: list[SlotRow] = []
        layout = self.body
        layout.addWidget(heading(tr("Plan")))
        self.preset_group = QButtonGroup(self)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(2)
        self.preset_buttons: dict[Preset, QRadioButton] = {}
        self.preset_notes: dict[Preset, QLabel] = {}
        for index, (preset, (label, text)) in enumerate(PRESET_TEXTS.items()):
            button = QRadioButton(tr(label))
            button.setAccessibleName(tr("Plan: {plan}", plan=plain(tr(label))))
            button.setAccessibleDescription(tr(text))
            self.preset_group.addButton(button)
            self.preset_buttons[preset] = button
            hint = note(tr(text))
            hint.setContentsMargins(22, 0, 0, 6)
            self.preset_notes[preset] = hint
            row, column = divmod(index, 2)
            grid.addWidget(button, row * 2, column)
            grid.addWidget(hint, row * 2 + 1, column)
        self.preset_buttons[settings.preset].setChecked(True)
        self.preset_group.buttonToggled.connect(self.edited)
        layout.addLayout(grid)

        layout.addSpacing(8)
        head = QHBoxLayout()
        head.addWidget(heading(tr("The day")))
        head.addStretch(1)
        day_label = QLabel(tr("&Day:"))
        self.day_combo = QComboBox()
        self.day_combo.addItems([weekday_name(day) for day in range(7)])
        self.day_combo.setCurrentIndex(now.weekday())
        self.day_combo.setAccessibleName(tr("Day shown on the timeline"))
        day_label.setBuddy(self.day_combo)
        self.day_combo.currentIndexChanged.connect(lambda *_: self._update_timeline())
        head.addWidget(day_label)
        head.addWidget(self.day_combo)
        layout.addLayout(head)
        self.timeline = Timeline()
        layout.addWidget(self.timeline)
        self.day_summary = note("")
        self.day_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.day_summary)

        layout.addSpacing(8)
        sessions_head = QHBoxLayout()
        sessions_head.addWidget(heading(tr("Full sessions")))
        sessions_head.addStretch(1)
        layout.addLayout(sessions_head)
        self.sessions_note = note("")
        layout.addWidget(self.sessions_note)
        self.slot_grid = QGridLayout()
        self.slot_grid.setHorizontalSpacing(12)
        self.slot_grid.setVerticalSpacing(6)
        heads = (tr("Session", "column"), tr("Time", "column"), tr("Routine", "column"))
        for column, head_text in enumerate((*heads, tr("Days", "column"))):
            column_head = QLabel(head_text)
            column_head.setObjectName("columnHead")
            self.slot_grid.addWidget(column_head, 0, column)
        self.slot_grid.setColumnStretch(2, 1)
        layout.addLayout(self.slot_grid)
        for slot in settings.slots:
            self._add_slot_row(slot)
        self.add_slot_button = QPushButton(tr("Add a &session"))
        self.add_slot_button.setAccessibleName(plain(self.add_slot_button.text()))
        self.add_slot_button.clicked.connect(self._new_slot)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_slot_button)
        add_row.addStretch(1)
        layout.addLayout(add_row)
        layout.addStretch(1)

    # -- the sessions ----------------------------------------------------------------------

    def _add_slot_row(self, slot: Slot) -> SlotRow:
        row = SlotRow(slot, self._routine_choices)
        self.slot_rows.append(row)
        row.enabled.toggled.connect(self.edited)
        row.time.textChanged.connect(self.edited)
        row.routine.currentIndexChanged.connect(self.edited)
        row.days.changed.connect(self.edited)
        row.remove.clicked.connect(lambda *_, r=row: self._remove_slot(r))
        self._layout_slot_rows()
        return row

    def _layout_slot_rows(self) -> None:
        grid = self.slot_grid
        for r in self.slot_rows:
            for widget in (r.enabled, r.time, r.routine, r.days, r.remove, r.error):
                grid.removeWidget(widget)
        for index, r in enumerate(self.slot_rows):
            line = 1 + index * 2
            grid.addWidget(r.enabled, line, 0)
            grid.addWidget(r.time, line, 1)
            grid.addWidget(r.routine, line, 2)
            grid.addWidget(r.days, line, 3)
            grid.addWidget(r.remove, line, 4)
            grid.addWidget(r.error, line + 1, 0, 1, 5)
        # Tab order follows the rows, then the add button.
        chain: list[QWidget] = [w for r in self.slot_rows for w in r.widgets()]
        if hasattr(self, "add_slot_button"):
            chain.append(self.add_slot_button)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _new_slot(self) -> None:
        taken = {r.slot.id for r in self.slot_rows}
        number = len(self.slot_rows) + 1
        while f"session-{number}" in taken:
            number += 1
        routine = self._routine_choices[0][0] if self._routine_choices else ""
        row = self._add_slot_row(Slot(f"session-{number}", time(15, 0), routine))
        self.changed.emit()
        row.time.setFocus()
        row.time.selectAll()

    def _remove_slot(self, row: SlotRow) -> None:
        index = self.slot_rows.index(row)
        self.slot_rows.remove(row)
        for widget in (row.enabled, row.time, row.routine, row.days, row.remove, row.error):
            self.slot_grid.removeWidget(widget)
            widget.deleteLater()
        self._layout_slot_rows()
        self.changed.emit()
        if self.slot_rows:
            self.slot_rows[min(index, len(self.slot_rows) - 1)].enabled.setFocus()
        else:
            self.add_slot_button.setFocus()

    # -- the page's part -------------------------------------------------------------------

    def apply_to(self, settings: Settings) -> Settings:
        """Return ``settings`` with the plan and the sessions as edited."""
        settings = super().apply_to(settings)
        preset = next(p for p, b in self.preset_buttons.items() if b.isChecked())
        slots = tuple(row.collect(self.unreadable) for row in self.slot_rows)
        return replace(settings, preset=preset, slots=slots)

    def show_issues(self, issues: Sequence[SettingsIssue]) -> list[SettingsIssue]:
        """Show each issue about a session under its row; return those shown here."""
        placed = super().show_issues(issues)
        for row in self.slot_rows:
            where = ("slots", row.slot.id)
            mine = [i for i in issues if i.path in (where, (*where, "time"))]
            title = slot_title(row.slot.id)
            row.error.show_messages([sentence(_about_slot(title, i)) for i in mine])
            placed += mine
            mark_invalid(
                row.time,
                any(
                    i.path == (*where, "time")
                    or (i.code is IssueCode.DUPLICATE_TIME and row.time.value() is not None)
                    for i in mine
                ),
            )
        return placed

    def refresh(self, settings: Settings) -> None:
        """Follow the interval in the plan's name, and grey out sessions the plan leaves out."""
        self._settings = settings
        interval = settings.check_ins.interval_min
        every = trn("Ever&y {n} minute", "Ever&y {n} minutes", interval)
        self.preset_buttons[Preset.CHECK_INS].setText(every)
        self.preset_buttons[Preset.CHECK_INS].setAccessibleName(
            tr("Plan: {plan}", plan=plain(every))
        )
        sessions_off = settings.preset is Preset.CHECK_INS
        for row in self.slot_rows:
            for widget in row.widgets():
                widget.setEnabled(not sessions_off or widget is row.remove)
        self.sessions_note.setText(
            tr("The plan is check-ins only, so these sessions are not offered.")
            if sessions_off
            else ""
        )
        self.sessions_note.setVisible(sessions_off)
        self._update_timeline()

    # -- the timeline ----------------------------------------------------------------------

    def _update_timeline(self) -> None:
        settings = self._settings
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
            empty_text=tr("Nothing scheduled on {day}", day=weekday_name(weekday)),
        )
        sessions = sum(1 for o in occurrences if o.kind is SessionKind.FULL)
        checks = len(occurrences) - sessions
        full = trn("{n} full session", "{n} full sessions", sessions)
        if checks:
            summary = tr(
                "{day}: {sessions} and {check_ins}.",
                day=weekday_name(weekday),
                sessions=full,
                check_ins=trn("{n} check-in", "{n} check-ins", checks),
            )
        else:
            summary = tr("{day}: {sessions}.", day=weekday_name(weekday), sessions=full)
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
            at = clock_text(when, self._now)
            parts.append((when, tr("{routine} {when}", "next session", routine=name, when=at)))
        if SessionKind.CHECK_IN in firsts:
            when = firsts[SessionKind.CHECK_IN][0]
            parts.append((when, tr("a check-in {when}", when=clock_text(when, self._now))))
        words = [text for _, text in sorted(parts)]
        if len(words) == 2:
            return tr("Next: {first} and {second}.", first=words[0], second=words[1])
        if words:
            return tr("Next: {first}.", first=words[0])
        return tr("Nothing is scheduled at all.")


def _about_slot(title: str, issue: SettingsIssue) -> str:
    """An issue about a session, said from its name: "Lunch starts at …", "Lunch: the …"."""
    if issue.code in FOLLOWS_NAME:
        # The message goes on from the name ("is switched on but has no days").
        return tr(
            "{name} {problem}",
            "a session's name, then what is wrong",
            name=title,
            problem=issue.message,
        )
    return tr("{name}: {problem}", name=title, problem=issue.message)
