"""The list of sessions, in words, with filters and an Export… button.

The filters (how far back, which outcome, which routine, words in a name) become one
:class:`~desk_breaks.core.progress_types.SessionFilter`, and the list asks the source again
(its SQL does the filtering; typing waits a moment before asking). Export… asks where to
save and in which format, and hands that to the app through :attr:`SessionList.export_requested`:
the export itself (everything, not just the rows shown) is the app's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_breaks.core.engine_types import Outcome
from desk_breaks.core.i18n import N_, time_text, tr, trn
from desk_breaks.core.progress_types import (
    ExportFormat,
    Period,
    ProgressSource,
    SessionFilter,
    SessionRow,
)
from desk_breaks.ui.progress.look import short_day

PERIODS = (
    (N_("Past week"), Period.WEEK),
    (N_("Past month"), Period.MONTH),
    (N_("Past year"), Period.YEAR),
    (N_("All time"), Period.ALL),
)

OUTCOME_CHOICES: tuple[tuple[str, frozenset[Outcome]], ...] = (
    (N_("Every outcome"), frozenset()),
    (N_("Done (fully or partly)"), frozenset({Outcome.COMPLETED, Outcome.PARTIAL})),
    (N_("Completed"), frozenset({Outcome.COMPLETED})),
    (N_("Partly done"), frozenset({Outcome.PARTIAL})),
    (N_("Stopped for pain or dizziness"), frozenset({Outcome.STOPPED_PAIN})),
    (N_("Stopped"), frozenset({Outcome.STOPPED})),
    (N_("Skipped or missed"), frozenset({Outcome.SKIPPED, Outcome.MISSED})),
)

HEADERS = (
    N_("Date", "column"),
    N_("Time", "column"),
    N_("Session", "column"),
    N_("Outcome", "column"),
    N_("Exercises done", "column"),
)

FORMATS = (
    (N_("CSV spreadsheet (*.csv)"), ExportFormat.CSV),
    (N_("JSON (*.json)"), ExportFormat.JSON),
)
"""The export's file types, as the save dialog offers them (translated on use)."""

LIMIT = 500
TYPING_PAUSE_MS = 250


def outcome_cell(row: SessionRow) -> str:
    """Return the outcome in words, with how the neck felt after it if said."""
    if row.feeling:
        return tr("{outcome}; neck felt {feeling}", outcome=row.outcome_words, feeling=row.feeling)
    return row.outcome_words


def export_path(chosen: str, name_filter: str) -> tuple[str, str]:
    """Return the path (with the format's suffix) and the format's name for a save choice."""
    path = Path(chosen)
    fmt = next((f for label, f in FORMATS if tr(label) == name_filter), None)
    if fmt is None:
        fmt = ExportFormat.JSON if path.suffix.lower() == ".json" else ExportFormat.CSV
    if path.suffix.lower() != f".{fmt.value}":
        path = path.with_name(path.name + f".{fmt.value}")
    return str(path), fmt.value


class SessionList(QWidget):
    """The filters, the table of sessions, a count, and Export…."""

    export_requested = Signal(str, str)
    """A path and a format ("csv" or "json") the person chose to export everything to."""

    def __init__(
        self, source: ProgressSource, routines: Mapping[str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._source = source
        self.today = date.today()
        self.period = QComboBox()
        self.period.setObjectName("periodFilter")
        self.period.setAccessibleName(tr("How far back"))
        for text, period in PERIODS:
            self.period.addItem(tr(text), period)
        self.period.setCurrentIndex(1)
        self.outcome = QComboBox()
        self.outcome.setObjectName("outcomeFilter")
        self.outcome.setAccessibleName(tr("Outcome", "column"))
        for text, outcomes in OUTCOME_CHOICES:
            self.outcome.addItem(tr(text), outcomes)
        self.routine = QComboBox()
        self.routine.setObjectName("routineFilter")
        self.routine.setAccessibleName(tr("Routine", "column"))
        self.routine.addItem(tr("Every routine"), None)
        for routine_id, name in sorted(routines.items(), key=lambda pair: pair[1].lower()):
            self.routine.addItem(name, routine_id)
        self.search = QLineEdit()
        self.search.setObjectName("searchFilter")
        self.search.setPlaceholderText(tr("Find a routine or exercise"))
        self.search.setAccessibleName(tr("Find sessions by routine or exercise name"))
        self.search.setClearButtonEnabled(True)
        self.export_button = QPushButton(tr("Export…"))
        self.export_button.setObjectName("exportButton")
        self.export_button.setAutoDefault(False)
        self.export_button.setAccessibleName(tr("Export all sessions and the comfort journal"))
        self.export_button.setAccessibleDescription(
            tr("Save everything as a CSV spreadsheet or as JSON, e.g. for a physiotherapist.")
        )
        self.export_button.clicked.connect(self.choose_export)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        for widget in (self.period, self.outcome, self.routine):
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.export_button)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("sessionTable")
        self.table.setAccessibleName(tr("Sessions, newest first"))
        self.table.setHorizontalHeaderLabels([tr(head, "column") for head in HEADERS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column in range(len(HEADERS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.count = QLabel()
        self.count.setObjectName("muted")
        self.empty = QLabel(tr("No sessions match these filters."))
        self.empty.setObjectName("muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.count)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._typing.start())
        for combo in (self.period, self.outcome, self.routine):
            combo.currentIndexChanged.connect(lambda _index: self.refresh())
        self.rows: list[SessionRow] = []
        """The rows shown."""

    def chosen(self) -> SessionFilter:
        """The filter the controls make."""
        return SessionFilter(
            period=self.period.currentData(),
            outcomes=self.outcome.currentData(),
            routine_id=self.routine.currentData(),
            text=self.search.text().strip(),
        )

    def refresh(self) -> None:
        """Ask the source for the rows the filters let through, and show them."""
        self._typing.stop()
        self.rows = self._source.sessions(self.chosen(), LIMIT)
        table = self.table
        table.setUpdatesEnabled(False)
        table.setRowCount(len(self.rows))
        year = any(row.at.year != self.today.year for row in self.rows)
        for index, row in enumerate(self.rows):
            local = row.at.astimezone() if row.at.tzinfo else row.at
            cells = (
                short_day(local.date(), year=year),
                time_text(local),
                row.routine_name,
                outcome_cell(row),
                tr(", ", "list separator").join(row.exercises),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 4 and row.exercises:
                    item.setToolTip("\n".join(row.exercises))
                table.setItem(index, column, item)
        table.setUpdatesEnabled(True)
        shown = len(self.rows)
        self.table.setVisible(bool(shown))
        self.empty.setVisible(not shown)
        if shown >= LIMIT:
            self.count.setText(
                tr("The newest {limit} sessions; narrow the filters to see others.", limit=LIMIT)
            )
        else:
            self.count.setText(trn("{n} session", "{n} sessions", shown))

    def choose_export(self) -> None:
        """Ask where to save the export; emit :attr:`export_requested` unless cancelled."""
        suggested = Path.home() / f"desk-breaks-{self.today.isoformat()}.csv"
        chosen, name_filter = QFileDialog.getSaveFileName(
            self,
            tr("Export sessions and the comfort journal"),
            str(suggested),
            ";;".join(tr(label) for label, _ in FORMATS),
        )
        if not chosen:
            return
        path, fmt = export_path(chosen, name_filter)
        self.export_requested.emit(path, fmt)
