"""The progress window: the week, the months, the streak and the comfort trend at once.

Three tabs. **Overview** shows three figures (this week, the streak, comfort lately) and
the three charts under them: the week, a calendar of the last months and the comfort
trend with the stops for pain. **Exercises** is each exercise with its dose now and why.
**Sessions** is the list of sessions with filters and Export….

Everything comes from a :class:`~desk_breaks.core.progress_types.ProgressSource`, asked
when the window opens and again on :meth:`ProgressWindow.refresh` (after a session). With
no history at all the window says what will show here instead of drawing empty axes.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_breaks import APP_NAME
from desk_breaks.core.i18n import tr
from desk_breaks.core.progress_types import Progress, ProgressSource
from desk_breaks.ui.art import blend
from desk_breaks.ui.calm import CalmWindow, button, label, panel
from desk_breaks.ui.progress import words
from desk_breaks.ui.progress.calendar import CalendarChart
from desk_breaks.ui.progress.exercises import ExerciseTable
from desk_breaks.ui.progress.legend import Key, Legend
from desk_breaks.ui.progress.look import short_day
from desk_breaks.ui.progress.sessions import SessionList
from desk_breaks.ui.progress.trend import TrendChart
from desk_breaks.ui.progress.week import WeekChart

MONTHS = 6
"""How many months the calendar and the trend show."""


class Figure(QFrame):
    """A small card: a caption, a big figure and a line under it."""

    def __init__(self, caption: str, name: str) -> None:
        super().__init__()
        self.setObjectName("card")
        self.caption = label(caption, "step")
        self.value = label("", "big")
        self.value.setObjectName("big")
        self.value.setAccessibleName(caption)
        self.detail = label("", "muted")
        self.value.setProperty("figure", name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def show_figure(self, value: str, detail: str) -> None:
        """Show ``value`` big and ``detail`` under it."""
        self.value.setText(value)
        self.detail.setText(detail)
        self.setAccessibleName(
            tr(
                "{caption}: {value}. {detail}",
                caption=self.caption.text(),
                value=value,
                detail=detail,
            )
        )


def section(title: str, lead: QLabel | None, *widgets: QWidget) -> QFrame:
    """Return a card with a heading, an optional line, and ``widgets`` under each other."""
    frame = panel("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 14, 18, 14)
    layout.setSpacing(8)
    heading = label(title, "lead")
    heading.setProperty("heading", True)
    layout.addWidget(heading)
    if lead is not None:
        layout.addWidget(lead)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return frame


class ProgressWindow(CalmWindow):
    """The progress view; :attr:`export_requested` carries the Export… choice to the app."""

    export_requested = Signal(str, str)
    """A path and a format ("csv" or "json")."""

    def __init__(
        self,
        source: ProgressSource,
        routines: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tr("Progress · {app}", app=APP_NAME), parent)
        self.setObjectName("progressWindow")
        self.setAccessibleName(tr("Your progress"))
        self._source = source
        self.progress: Progress | None = None

        self.title = label(tr("Your progress"), "title")
        self.subtitle = label("", "muted")
        self.subtitle.setObjectName("muted")

        self.week_lead = label("", "muted")
        self.week_lead.setObjectName("weekLead")
        self.streak_figure = Figure(tr("Streak"), "streak")
        self.comfort_figure = Figure(tr("Comfort"), "comfort")
        self.week_chart = WeekChart()
        self.calendar = CalendarChart()
        self.trend = TrendChart()
        self.calendar_lead = label("", "muted")
        self.trend_lead = label("", "muted")
        self.exercises = ExerciseTable()
        self.sessions = SessionList(source, routines)
        self.sessions.export_requested.connect(self.export_requested)
        for chart in (self.week_chart, self.calendar, self.trend):
            chart.item_focused.connect(self.announce)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("progressTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._overview(), tr("Overview"))
        self.exercises_lead = label("", "muted")
        self._exercises_tab = self.tabs.addTab(
            self._padded("exercises", self.exercises_lead, self.exercises), tr("Exercises")
        )
        self._exercises_shown = False
        self.tabs.currentChanged.connect(self._show_exercises)
        self.tabs.addTab(self._padded("sessions", self.sessions), tr("Sessions"))

        self.empty = self._empty_state()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.empty)

        self.close_button = button(tr("Close"), accessible=tr("Close the progress window"))
        self.close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(8)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)

        self._fit_to_screen()
        self.restyle()
        self.refresh()

    # -- building -------------------------------------------------------------------------

    def _fit_to_screen(self) -> None:
        """Take 1000 x 900, or less on a smaller screen."""
        width, height = 1000, 1000
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width = min(width, room.width() - 40)
            height = min(height, room.height() - 60)
        self.resize(max(640, width), max(480, height))

    def _overview(self) -> QWidget:
        inner = QWidget()
        inner.setObjectName("overview")
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(0, 12, 8, 12)
        layout.setSpacing(14)
        week_legend = Legend([(Key.SESSIONS, tr("Sessions")), (Key.CHECK_INS, tr("Check-ins"))])
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(section(tr("This week"), self.week_lead, self.week_chart, week_legend), 5)
        figures = QVBoxLayout()
        figures.setSpacing(14)
        figures.addWidget(self.streak_figure, 1)
        figures.addWidget(self.comfort_figure, 1)
        top.addLayout(figures, 2)
        layout.addLayout(top)
        calendar_legend = Legend(
            [
                (Key.LEVELS, tr("None to all of what was offered")),
                (Key.OFF, tr("Nothing offered")),
                (Key.PAIN_DOT, tr("Stop for pain")),
            ]
        )
        layout.addWidget(
            section(tr("The last six months"), self.calendar_lead, self.calendar, calendar_legend)
        )
        trend_legend = Legend(
            [
                (Key.COMFORT_DOT, tr("A day's rating")),
                (Key.COMFORT_LINE, tr("Two-week average")),
                (Key.PAIN_DIAMOND, tr("Stop for pain or dizziness")),
            ]
        )
        layout.addWidget(section(tr("Comfort"), self.trend_lead, self.trend, trend_legend))
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("overviewScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return scroll

    @staticmethod
    def _padded(name: str, *widgets: QWidget) -> QWidget:
        page = QWidget()
        page.setObjectName(f"{name.lower()}Page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 12, 0, 4)
        layout.setSpacing(10)
        for widget in widgets:
            layout.addWidget(widget)
        return page

    def _empty_state(self) -> QWidget:
        page = QWidget()
        page.setObjectName("emptyState")
        layout = QVBoxLayout(page)
        layout.addStretch(2)
        card = panel("info")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(10)
        heading = label(tr("Your progress will show here"), "lead")
        heading.setProperty("heading", True)
        inner.addWidget(heading)
        self.empty_text = label(
            tr(
                "After your first session this window shows your week, a calendar of the "
                "months, your streak and how your comfort changes. Nothing has been "
                "recorded yet; the next session starts it."
            )
        )
        inner.addWidget(self.empty_text)
        self.empty_next = label("", "muted")
        inner.addWidget(self.empty_next)
        card.setMaximumWidth(560)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(3)
        page.setAccessibleName(tr("No progress yet"))
        return page

    # -- showing --------------------------------------------------------------------------

    @property
    def is_empty(self) -> bool:
        """True when there is no history to show (the friendly empty state)."""
        return self.stack.currentWidget() is self.empty

    def refresh(self) -> None:
        """Ask the source again and show what it says."""
        progress = self._source.progress(MONTHS, exercises=False)
        self.progress = progress
        self.sessions.today = progress.today
        if progress.first_day is None:
            self.subtitle.setText(tr("Nothing recorded yet."))
            streak = progress.streak.text
            self.empty_next.setText(streak if streak.endswith(".") or not streak else streak + ".")
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentWidget(self.tabs)
        since = short_day(progress.first_day, year=True)
        self.subtitle.setText(words.since_text(since, progress.total_done))
        self._show_figures(progress)
        self.week_chart.set_week(progress.week, progress.today)
        calendar = progress.calendar
        self.calendar.set_days(calendar, progress.today)
        start = calendar[0].day if calendar else progress.today
        self.trend.set_trend(progress.comfort, progress.pain_marks, start, progress.today)
        self.calendar_lead.setText(words.calendar_text(calendar))
        rated = len(self.trend.items) - sum(1 for i in self.trend.items if i.score is None)
        self.trend_lead.setText(words.trend_text(rated, sum(d.pain_stops for d in calendar)))
        self._exercises_shown = False  # asked again when the tab is (next) shown
        self._show_exercises()
        self.exercises_lead.setText(words.exercises_text(since))
        self.sessions.refresh()

    def _show_exercises(self, *_: object) -> None:
        """Fill the Exercises tab from the source when it is showing (it asks the coach)."""
        if self._exercises_shown or self.tabs.currentIndex() != self._exercises_tab:
            return
        self._exercises_shown = True
        self.exercises.set_exercises(self._source.exercises())

    def _show_figures(self, progress: Progress) -> None:
        self.week_lead.setText(words.week_text(progress.week))
        self.streak_figure.show_figure(*words.streak_texts(progress.streak))
        value, detail = words.comfort_summary(progress.comfort, progress.today)
        self.comfort_figure.show_figure(value, detail)

    # -- look -----------------------------------------------------------------------------

    def palette_changed(self) -> None:
        """Style the tabs and headings on top of the calm style, for the palette in use."""
        palette = self.palette()
        window = palette.color(palette.ColorRole.Window)
        text = palette.color(palette.ColorRole.WindowText)
        highlight = palette.color(palette.ColorRole.Highlight)
        line = blend(window, text, 0.16)
        muted = blend(text, window, 0.32)
        base = palette.color(palette.ColorRole.Base)
        alt = blend(base, text, 0.035)
        selected = blend(base, highlight, 0.22)
        size = self.font().pointSizeF()
        extra = f"""
            QTabWidget::pane {{ border: none; border-top: 1px solid {line.name()}; }}
            QTabBar::tab {{ background: transparent; color: {muted.name()};
                padding: 7px 16px; margin-right: 4px; border: none;
                border-bottom: 3px solid transparent; }}
            QTabBar::tab:selected {{ color: {text.name()}; font-weight: 600;
                border-bottom: 3px solid {highlight.name()}; }}
            QTabBar::tab:hover {{ color: {text.name()}; }}
            QTabBar::tab:focus {{ color: {text.name()}; }}
            QLabel[heading="true"] {{ font-weight: 600; }}
            QLabel#big {{ font-size: {size * 1.9:.1f}pt; }}
            QScrollArea, QWidget#overview {{ background: transparent; }}
            QComboBox {{ padding: 5px 8px; }}
            QTableWidget {{ background: {base.name()}; alternate-background-color: {alt.name()};
                border: 1px solid {line.name()}; }}
            QTableWidget::item {{ padding: 4px 8px; border: none; }}
            QTableWidget::item:selected {{ background: {selected.name()}; color: {text.name()}; }}
            QHeaderView::section {{ background: {base.name()}; color: {muted.name()};
                font-weight: 600; padding: 7px 11px; border: none;
                border-bottom: 1px solid {line.name()}; }}
        """
        self._restyling = True
        try:
            self.setStyleSheet(self.styleSheet() + extra)
        finally:
            self._restyling = False
        for chart in (self.week_chart, self.calendar, self.trend):
            chart.update()
