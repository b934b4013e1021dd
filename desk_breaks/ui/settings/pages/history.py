"""The History page: every session offered, newest first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from desk_breaks.core.content import Routine
from desk_breaks.core.engine import Outcome, Record
from desk_breaks.core.i18n import N_, date_text, time_text, tr
from desk_breaks.core.presentation import OUTCOME_WORDS, clock_text, routine_name
from desk_breaks.ui.settings.fields import Page, note


def outcome_text(record: Record, names: Mapping[str, str] | None = None) -> str:
    """Return the history's wording for one record, with its details.

    ``names`` maps exercise ids to the names a person saw (an unknown id shows as is).
    """
    names = names or {}
    words = tr(OUTCOME_WORDS[record.outcome])
    if record.outcome is Outcome.SNOOZED and record.snooze_min:
        return tr("{outcome} {minutes} min", outcome=words, minutes=record.snooze_min)
    if record.outcome is Outcome.STOPPED_PAIN and record.exercise_stopped:
        during = names.get(record.exercise_stopped, record.exercise_stopped)
        return tr("{outcome} (during {exercise})", outcome=words, exercise=during)
    if record.outcome is Outcome.PARTIAL and record.exercises_done:
        done = tr(", ", "list separator").join(names.get(e, e) for e in record.exercises_done)
        return tr("{outcome}: {exercises}", outcome=words, exercises=done)
    if record.outcome is Outcome.PARTIAL:
        return tr("{outcome}: no exercise finished", outcome=words)
    return words


class HistoryPage(Page):
    """A read-only table of the records given, newest first, and a way to the progress view."""

    title = N_("History")

    progress_requested = Signal()
    """The Progress… button was pressed (the app opens the progress window)."""

    def __init__(
        self, history: Sequence[Record], routines: Mapping[str, Routine], now: datetime
    ) -> None:
        super().__init__(tr("Every session offered, newest first."), scrolling=False)
        table = QTableWidget(0, 3)
        table.setHorizontalHeaderLabels(
            [tr("When", "column"), tr("Session", "column"), tr("Outcome", "column")]
        )
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setTabKeyNavigation(False)  # Tab leaves the table instead of walking its cells
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setAccessibleName(tr("Session history"))
        names = {ex.id: ex.name for r in routines.values() for ex in r.exercises}
        for record in history:
            local = record.at.astimezone(now.tzinfo)
            when = (
                clock_text(record.at, now)
                if local.date() == now.date()
                else tr(
                    "{date} {time}",
                    "date and time",
                    date=date_text(local.date(), weekday=True),
                    time=time_text(local),
                )
            )
            cells = [when, routine_name(record.routine_id, routines), outcome_text(record, names)]
            row = table.rowCount()
            table.insertRow(row)
            for column, text in enumerate(cells):
                table.setItem(row, column, QTableWidgetItem(text))
        self.history_table = table
        if not history:
            self.body.addWidget(note(tr("Nothing yet: your sessions will be listed here.")))
        self.body.addWidget(table, 1)
        self.progress_button = QPushButton(tr("&Progress…"))
        self.progress_button.setObjectName("progressButton")
        self.progress_button.setAutoDefault(False)
        self.progress_button.setAccessibleName(
            tr("Progress: your week, months, streak and comfort")
        )
        self.progress_button.setToolTip(
            tr(
                "Your week, a calendar of the months, your streak, the comfort trend, each "
                "exercise, and every session with filters and export."
            )
        )
        self.progress_button.clicked.connect(self.progress_requested)
        under = QHBoxLayout()
        under.addStretch(1)
        under.addWidget(self.progress_button)
        self.body.addLayout(under)
