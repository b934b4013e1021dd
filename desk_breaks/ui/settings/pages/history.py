"""The History page: every session offered, newest first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from desk_breaks.core.content import Routine
from desk_breaks.core.engine import Outcome, Record
from desk_breaks.core.presentation import OUTCOME_WORDS, clock_text, routine_name
from desk_breaks.ui.settings.fields import Page, note


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


class HistoryPage(Page):
    """A read-only table of the records given, newest first."""

    title = "History"

    def __init__(
        self, history: Sequence[Record], routines: Mapping[str, Routine], now: datetime
    ) -> None:
        super().__init__("Every session offered, newest first.", scrolling=False)
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
            self.body.addWidget(note("Nothing yet: your sessions will be listed here."))
        self.body.addWidget(table, 1)
