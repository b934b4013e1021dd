"""A read-only window on the schedule, the history and the files behind them.

Until the settings editor exists, this shows what is in force and where to change it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_breaks.core.content import Routine, format_duration
from desk_breaks.core.engine import Outcome, Record
from desk_breaks.core.schedule import Occurrence
from desk_breaks.core.settings import WEEKDAY_NAMES, Settings
from desk_breaks.ui.presentation import OUTCOME_WORDS, clock_text, routine_name


def outcome_text(record: Record, routines: Mapping[str, Routine]) -> str:
    """Return the history's wording for one record, with its details."""
    words = OUTCOME_WORDS[record.outcome]
    if record.outcome is Outcome.SNOOZED and record.snooze_min:
        return f"{words} {record.snooze_min} min"
    if record.outcome is Outcome.STOPPED_PAIN and record.exercise_stopped:
        return f"{words} (during {record.exercise_stopped})"
    if record.outcome is Outcome.PARTIAL and record.exercises_done:
        return f"{words}: {', '.join(record.exercises_done)}"
    return words


def _days(days: frozenset[int]) -> str:
    if days == frozenset(range(5)):
        return "Mon–Fri"
    if days == frozenset(range(7)):
        return "Every day"
    return ", ".join(WEEKDAY_NAMES[d].title() for d in sorted(days)) or "No days"


class SettingsView(QDialog):
    """Schedule, history and files, read-only."""

    def __init__(
        self,
        settings: Settings,
        routines: Mapping[str, Routine],
        upcoming: Sequence[Occurrence],
        history: Sequence[Record],
        files: Mapping[str, Path],
        now: datetime,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Desk Breaks — Settings and history")
        self.resize(680, 480)
        tabs = QTabWidget()
        tabs.addTab(self._schedule_tab(settings, routines, upcoming, now), "Schedule")
        tabs.addTab(self._history_tab(history, routines, now), "History")
        tabs.addTab(self._files_tab(files), "Files")
        self.tabs = tabs
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)

    def _schedule_tab(
        self,
        settings: Settings,
        routines: Mapping[str, Routine],
        upcoming: Sequence[Occurrence],
        now: datetime,
    ) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        for slot in settings.active_slots():
            name = routine_name(slot.routine, routines)
            form.addRow(f"{slot.time:%H:%M}", QLabel(f"{name} · {_days(slot.weekdays)}"))
        if settings.check_ins_active():
            c = settings.check_ins
            form.addRow(
                "Check-ins",
                QLabel(
                    f"Every {c.interval_min} min, {c.start:%H:%M}–{c.end:%H:%M}, "
                    f"{_days(c.weekdays)}; not within {c.clearance_min} min of a session"
                ),
            )
        table = self._table(["When", "Session", "Length"])
        for occurrence in upcoming:
            routine = routines.get(occurrence.routine_id)
            length = format_duration(routine.duration_s()) if routine else "?"
            self._add_row(
                table,
                [
                    clock_text(occurrence.due_at, now),
                    routine_name(occurrence.routine_id, routines),
                    length,
                ],
            )
        note = QLabel(
            "To change the schedule, edit settings.toml (see the Files tab); "
            "Desk Breaks applies it when it starts."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(QLabel("Coming up"))
        layout.addWidget(table)
        layout.addWidget(note)
        return page

    def _history_tab(
        self, history: Sequence[Record], routines: Mapping[str, Routine], now: datetime
    ) -> QWidget:
        table = self._table(["When", "Session", "Outcome"])
        for record in history:
            self._add_row(
                table,
                [
                    clock_text(record.at, now)
                    if record.at.date() == now.date()
                    else f"{record.at.astimezone(now.tzinfo):%a %d %b %H:%M}",
                    routine_name(record.routine_id, routines),
                    outcome_text(record, routines),
                ],
            )
        self.history_table = table
        page = QWidget()
        layout = QVBoxLayout(page)
        if not history:
            layout.addWidget(QLabel("Nothing yet: your sessions will be listed here."))
        layout.addWidget(table)
        return page

    def _files_tab(self, files: Mapping[str, Path]) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        for label, path in files.items():
            row = QHBoxLayout()
            text = QLabel(f"<b>{label}</b><br>{path}")
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            button = QPushButton("Open folder")
            button.setAccessibleName(f"Open the folder of the {label.lower()}")
            button.clicked.connect(
                lambda _=False, p=path: QDesktopServices.openUrl(
                    QUrl.fromLocalFile(str(p if p.is_dir() else p.parent))
                )
            )
            row.addWidget(text, 1)
            row.addWidget(button)
            layout.addLayout(row)
        layout.addStretch(1)
        return page

    @staticmethod
    def _table(headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    @staticmethod
    def _add_row(table: QTableWidget, cells: list[str]) -> None:
        row = table.rowCount()
        table.insertRow(row)
        for column, text in enumerate(cells):
            table.setItem(row, column, QTableWidgetItem(text))
