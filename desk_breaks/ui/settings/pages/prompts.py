"""The Prompts page: snoozing, the heads-up before a session, and sound."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QSlider

from desk_breaks.core.i18n import N_, tr
from desk_breaks.core.settings import IssueCode, Settings, SettingsIssue, spec_at
from desk_breaks.ui.settings.fields import (
    FieldError,
    Form,
    Page,
    heading,
    mark_invalid,
    note,
    spec_name,
    unit_suffix,
)

CHOICES = ("prompts", "snooze_choices_min")
VOLUME = ("prompts", "volume_pct")


def parse_minutes_list(text: str) -> tuple[int, ...] | None:
    """Read "5, 10, 15" into minutes; None when it is not a list of whole numbers."""
    parts = [p.strip() for p in text.replace(";", ",").split(",")]
    if not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


class PromptsPage(Page):
    """How a break is offered, how often it may wait, and whether it makes a sound."""

    title = N_("Prompts")

    def __init__(self, settings: Settings, sound_problem: str | None) -> None:
        super().__init__(tr("How a break is offered, and how often it may wait."))
        p = settings.prompts
        layout = self.body
        form = Form()
        choices = spec_at(CHOICES)
        assert choices is not None
        self.snooze_choices = QLineEdit(", ".join(str(m) for m in p.snooze_choices_min))
        self.snooze_choices.setAccessibleName(spec_name(choices))
        self.snooze_choices.setMaximumWidth(220)
        self.snooze_choices.textChanged.connect(self.edited)
        self.snooze_error = self.errors[CHOICES] = FieldError()
        form.add(tr(choices.label), self.snooze_choices, self.snooze_error, tr(choices.note))
        self.snooze_cap = self.number_row(form, settings, ("prompts", "snooze_cap"))
        self.heads_up = self.number_row(form, settings, ("prompts", "heads_up_s"))
        layout.addLayout(form)

        layout.addSpacing(10)
        layout.addWidget(heading(tr("Sound")))
        sounds = spec_at(("prompts", "sounds"))
        assert sounds is not None
        self.sounds = QCheckBox(tr(sounds.label))
        self.sounds.setChecked(p.sounds)
        self.sounds.setAccessibleName(spec_name(sounds))
        self.sounds.toggled.connect(self.edited)
        layout.addWidget(self.sounds)
        volume = spec_at(VOLUME)
        assert volume is not None and volume.limits is not None
        volume_row = QHBoxLayout()
        volume_label = QLabel(tr(volume.label))
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(*volume.limits)
        self.volume.setValue(p.volume_pct)
        self.volume.setPageStep(10)
        self.volume.setAccessibleName(spec_name(volume))
        self.volume.setMaximumWidth(260)
        volume_label.setBuddy(self.volume)
        unit = unit_suffix(volume.unit)
        self.volume_value = QLabel(f"{p.volume_pct}{unit}")
        self.volume_value.setMinimumWidth(self.fontMetrics().horizontalAdvance(f"100{unit}") + 6)
        self.volume.valueChanged.connect(lambda v: self.volume_value.setText(f"{v}{unit}"))
        self.volume.valueChanged.connect(self.edited)
        self.numbers[VOLUME] = self.volume
        volume_row.setContentsMargins(22, 0, 0, 0)
        volume_row.addWidget(volume_label)
        volume_row.addWidget(self.volume)
        volume_row.addWidget(self.volume_value)
        volume_row.addStretch(1)
        layout.addLayout(volume_row)
        self.volume_error = self.errors[VOLUME] = FieldError()
        layout.addWidget(self.volume_error)
        # Settings added to this page later get their rows at the end of the page.
        others = Form()
        self.add_other_numbers(others, settings)
        if others.row:
            layout.addLayout(others)
        self.sound_problem = note(
            tr("Sound is not available on this computer: {reason}", reason=sound_problem)
            if sound_problem
            else ""
        )
        self.sound_problem.setObjectName("warningNote")
        self.sound_problem.setVisible(bool(sound_problem))
        layout.addWidget(self.sound_problem)
        layout.addStretch(1)

    def apply_to(self, settings: Settings) -> Settings:
        """Return ``settings`` with the prompt settings as edited."""
        settings = super().apply_to(settings)
        choices = parse_minutes_list(self.snooze_choices.text())
        if choices is None:
            self.unreadable.append(
                SettingsIssue(
                    CHOICES, IssueCode.WRONG_TYPE, tr("enter whole minutes separated by commas")
                )
            )
        prompts = replace(
            settings.prompts,
            snooze_choices_min=(
                choices if choices is not None else settings.prompts.snooze_choices_min
            ),
            sounds=self.sounds.isChecked(),
        )
        return replace(settings, prompts=prompts)

    def show_issues(self, issues: Sequence[SettingsIssue]) -> list[SettingsIssue]:
        """Show each issue under its field and frame the snooze choices when they are wrong."""
        placed = super().show_issues(issues)
        mark_invalid(self.snooze_choices, any(i.path == CHOICES for i in issues))
        return placed

    def refresh(self, settings: Settings) -> None:
        """The volume only counts while sounds are on."""
        self.volume.setEnabled(settings.prompts.sounds)
        self.volume_value.setEnabled(settings.prompts.sounds)
