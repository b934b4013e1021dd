"""The Check-ins page: short pauses at a steady rhythm within working hours."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from desk_breaks.core.i18n import N_, tr
from desk_breaks.core.settings import IssueCode, Preset, Settings, SettingsIssue, spec_at
from desk_breaks.ui.settings.fields import (
    DayPicker,
    FieldError,
    Form,
    Page,
    TimeField,
    fill_routines,
    left,
    mark_invalid,
    note,
    plain,
    time_hint,
)
from desk_breaks.ui.settings.pages.schedule import PRESET_TEXTS

START, END = ("check_ins", "start"), ("check_ins", "end")


def _label(path: tuple[str, ...]) -> str:
    spec = spec_at(path)
    assert spec is not None
    return tr(spec.label)


class CheckInsPage(Page):
    """Whether check-ins are offered, how often, in which hours and days, and which routine."""

    title = N_("Check-ins")

    def __init__(self, settings: Settings, routine_choices: Sequence[tuple[str, str]]) -> None:
        super().__init__(tr("Short pauses at a steady rhythm within your working hours."))
        c = settings.check_ins
        layout = self.body
        self.check_ins_note = note("")
        layout.addWidget(self.check_ins_note)
        self.check_ins_enabled = QCheckBox(_label(("check_ins", "enabled")))
        self.check_ins_enabled.setChecked(c.enabled)
        self.check_ins_enabled.setAccessibleName(tr("Offer short check-ins"))
        self.check_ins_enabled.toggled.connect(self.edited)
        layout.addWidget(self.check_ins_enabled)
        layout.addSpacing(6)

        form = Form(centre_labels=True)
        self.interval = self.number_row(form, settings, ("check_ins", "interval_min"))

        hours = QWidget()
        hours_layout = QHBoxLayout(hours)
        hours_layout.setContentsMargins(0, 0, 0, 0)
        self.work_start = TimeField(c.start, tr("Working hours start"))
        self.work_end = TimeField(c.end, tr("Working hours end"))
        self.work_start.textChanged.connect(self.edited)
        self.work_end.textChanged.connect(self.edited)
        hours_layout.addWidget(self.work_start)
        hours_layout.addWidget(QLabel(tr("to", "from a time to a time")))
        hours_layout.addWidget(self.work_end)
        hours_layout.addStretch(1)
        self.hours_error = FieldError()
        self.errors[START] = self.errors[END] = self.hours_error
        label = QLabel(_label(START))
        form.addWidget(label, form.row, 0)
        label.setBuddy(self.work_start)
        form.addWidget(hours, form.row, 1)
        form.addWidget(self.hours_error, form.row + 1, 1)
        form.row += 2

        self.check_in_days = DayPicker(tr("Check-ins"))
        self.check_in_days.set_days(c.weekdays)
        self.check_in_days.changed.connect(self.edited)
        self.check_in_days_error = self.errors[("check_ins", "weekdays")] = FieldError()
        form.add(_label(("check_ins", "weekdays")), self.check_in_days, self.check_in_days_error)

        self.check_in_routine = QComboBox()
        self.check_in_routine.setAccessibleName(tr("Check-in routine"))
        fill_routines(self.check_in_routine, routine_choices, c.routine)
        self.check_in_routine.currentIndexChanged.connect(self.edited)
        self.check_in_routine_error = self.errors[("check_ins", "routine")] = FieldError()
        form.add(
            _label(("check_ins", "routine")),
            left(self.check_in_routine),
            self.check_in_routine_error,
        )
        self.clearance = self.number_row(form, settings, ("check_ins", "clearance_min"))
        self.add_other_numbers(form, settings)
        layout.addLayout(form)
        layout.addStretch(1)

    def apply_to(self, settings: Settings) -> Settings:
        """Return ``settings`` with the check-ins as edited."""
        settings = super().apply_to(settings)
        start, end = self.work_start.value(), self.work_end.value()
        for path, value in ((START, start), (END, end)):
            if value is None:
                self.unreadable.append(SettingsIssue(path, IssueCode.WRONG_TYPE, time_hint()))
        c = settings.check_ins
        check_ins = replace(
            c,
            enabled=self.check_ins_enabled.isChecked(),
            start=start or c.start,
            end=end or c.end,
            weekdays=self.check_in_days.days(),
            routine=str(self.check_in_routine.currentData()),
        )
        return replace(settings, check_ins=check_ins)

    def show_issues(self, issues: Sequence[SettingsIssue]) -> list[SettingsIssue]:
        """Show each issue under its field and frame the working hours that are wrong."""
        placed = super().show_issues(issues)
        paths = {i.path for i in issues}
        mark_invalid(self.work_start, START in paths or END in paths)
        mark_invalid(self.work_end, END in paths)
        return placed

    def refresh(self, settings: Settings) -> None:
        """Say why check-ins are not offered, when they are not."""
        if settings.preset is Preset.SESSIONS:
            self.check_ins_note.setText(
                tr(
                    "The plan on the Schedule page is “{sessions}”, so check-ins are not "
                    "offered. Choose “{both}” or “{custom}” there to use them.",
                    sessions=plain(tr(PRESET_TEXTS[Preset.SESSIONS][0])),
                    both=plain(tr(PRESET_TEXTS[Preset.BOTH][0])),
                    custom=plain(tr(PRESET_TEXTS[Preset.CUSTOM][0])),
                )
            )
        elif not settings.check_ins.enabled:
            self.check_ins_note.setText(tr("Check-ins are switched off."))
        else:
            self.check_ins_note.setText("")
        self.check_ins_note.setVisible(bool(self.check_ins_note.text()))
