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
from desk_breaks.core.i18n import N_, tr, trn
from desk_breaks.core.progress_types import ExerciseStats
from desk_breaks.ui.progress.look import short_day

HEADERS = (
    N_("Exercise", "column"),
    N_("Done", "column"),
    N_("Last done", "column"),
    N_("Stops", "column"),
    N_("Now", "column"),
    N_("Why", "column"),
)
"""The table's column heads in English (translated on use, context "column")."""

MODES = {
    Mode.NORMAL: N_("As in the routine"),
    Mode.PROGRESSED: N_("Progressed"),
    Mode.GENTLER: N_("Gentler version"),
}


def _hold(hold: int, before: int | None) -> str:
    if before is None or before == hold:
        return tr("hold {hold} s", hold=hold)
    if hold > before:
        return tr("hold {hold} s, up from {before} s", hold=hold, before=before)
    return tr("hold {hold} s, down from {before} s", hold=hold, before=before)


def _rounds(rounds: int, before: int | None) -> str:
    if before is None or before == rounds:
        return trn("{n} round", "{n} rounds", rounds)
    if rounds > before:
        return trn(
            "{n} round, up from {before}", "{n} rounds, up from {before}", rounds, before=before
        )
    return trn(
        "{n} round, down from {before}", "{n} rounds, down from {before}", rounds, before=before
    )


def dose_text(state: ExerciseState | None) -> str:
    """Return the dose in words: "Hold 25 s, up from 20 s", "6 rounds", "Left out"."""
    if state is None:
        return tr("As in the routine")
    if state.mode is Mode.LEFT_OUT:
        return tr("Left out")
    dose = ""
    if state.hold_s is not None:
        dose = _hold(state.hold_s, state.previous_hold_s)
    elif state.rounds is not None:
        dose = _rounds(state.rounds, state.previous_rounds)
    mode = tr(MODES[state.mode])
    return tr("{mode}: {dose}", mode=mode, dose=dose) if dose else mode


def stops_text(stats: ExerciseStats) -> str:
    """Return "3 (2 for pain)", "2, for pain", "1", or "None"."""
    if not stats.stops and not stats.pain_stops:
        return tr("None", "no stops")
    if stats.pain_stops >= stats.stops:
        return tr("{pain}, for pain", pain=stats.pain_stops)
    if stats.pain_stops:
        return tr("{stops} ({pain} for pain)", stops=stats.stops, pain=stats.pain_stops)
    return str(stats.stops)


def count_text(count: int) -> str:
    """A whole number with the language's thousands separator: "1,234", "1.234"."""
    return f"{count:,}".replace(",", tr(",", "thousands separator"))


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
        self.setAccessibleName(tr("Each exercise: how often done, stops, dose now and why"))
        self.setHorizontalHeaderLabels([tr(head, "column") for head in HEADERS])
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
                count_text(stats.done),
                (
                    short_day(stats.last_done.astimezone().date())
                    if stats.last_done
                    else tr("Not yet")
                ),
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
