"""Each exercise over the whole history: how often done, stops, its dose now and why.

A plain table (keyboard and screen readers know how to walk one); the coach's state is
said in words ("Progressed: hold 25 s, up from 20 s") with its reason in the last column,
so the page can be read aloud to a physiotherapist as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from desk_breaks.core.coach_types import ExerciseState, Mode
from desk_breaks.core.progress_types import ExerciseStats
from desk_breaks.ui.progress.look import short_day

HEADERS = ("Exercise", "Done", "Last done", "Stops", "Now", "Why")


def dose_text(state: ExerciseState | None) -> str:
    """Return the dose in words: "Hold 25 s, up from 20 s", "6 rounds", "Left out"."""
    if state is None:
        return "As in the routine"
    if state.mode is Mode.LEFT_OUT:
        return "Left out"
    dose = ""
    if state.hold_s is not None:
        dose = f"hold {state.hold_s} s"
        if state.previous_hold_s is not None and state.previous_hold_s != state.hold_s:
            change = "up" if state.hold_s > state.previous_hold_s else "down"
            dose += f", {change} from {state.previous_hold_s} s"
    elif state.rounds is not None:
        dose = f"{state.rounds} rounds"
        if state.previous_rounds is not None and state.previous_rounds != state.rounds:
            change = "up" if state.rounds > state.previous_rounds else "down"
            dose += f", {change} from {state.previous_rounds}"
    mode = {
        Mode.NORMAL: "As in the routine",
        Mode.PROGRESSED: "Progressed",
        Mode.GENTLER: "Gentler version",
    }[state.mode]
    return f"{mode}: {dose}" if dose else mode


def stops_text(stats: ExerciseStats) -> str:
    """Return "3 (2 for pain)", "2, for pain", "1", or "None"."""
    if not stats.stops and not stats.pain_stops:
        return "None"
    if stats.pain_stops >= stats.stops:
        return f"{stats.pain_stops}, for pain"
    if stats.pain_stops:
        return f"{stats.stops} ({stats.pain_stops} for pain)"
    return str(stats.stops)


def why_text(stats: ExerciseStats) -> str:
    """Return the coach's reason ("" when it has none to give)."""
    state = stats.state
    if state is None or not state.reason:
        return ""
    return state.reason


class ExerciseTable(QTableWidget):
    """One row per exercise, most done first."""

    def __init__(self) -> None:
        super().__init__(0, len(HEADERS))
        self.setObjectName("exerciseTable")
        self.setAccessibleName("Each exercise: how often done, stops, dose now and why")
        self.setHorizontalHeaderLabels(list(HEADERS))
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column in range(len(HEADERS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def set_exercises(self, exercises: Sequence[ExerciseStats]) -> None:
        """Show ``exercises`` in the order given."""
        self.setRowCount(0)
        for stats in exercises:
            row = self.rowCount()
            self.insertRow(row)
            cells = (
                stats.name,
                f"{stats.done:,}",
                short_day(stats.last_done.astimezone().date()) if stats.last_done else "Not yet",
                stops_text(stats),
                dose_text(stats.state),
                why_text(stats),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (1,):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                else:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                    )
                self.setItem(row, column, item)
        self.resizeRowsToContents()
        header = self.horizontalHeaderItem(1)
        if header is not None:
            header.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
