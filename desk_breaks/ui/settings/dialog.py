"""The settings dialog's frame: the page list, the banner, and OK / Apply / Cancel.

The pages (:mod:`desk_breaks.ui.settings.pages`) each edit their part of a copy of the
settings; the dialog never writes a file. OK and Apply hand the new
:class:`~desk_breaks.core.settings.Settings` to the ``apply`` callback of the composition
root, which puts them in force and saves them; a message it returns (a save error) is
shown in the banner, and OK then keeps the dialog open. Cancel closes without calling
anything.

Every edit folds the pages over the settings (:meth:`Page.apply_to`) and runs
:func:`~desk_breaks.core.settings.validate`. Each page shows the issues whose path points
at one of its fields; the page gets a marker in the list on the left, an issue no page
shows goes to the banner, and OK and Apply stay disabled until nothing is left to fix.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk_breaks.core.coach_api import CoachPort
from desk_breaks.core.content import Library
from desk_breaks.core.engine import Record
from desk_breaks.core.i18n import N_, tr, trn
from desk_breaks.core.presentation import routine_choice
from desk_breaks.core.settings import Settings, SettingsIssue, spec_at, validate
from desk_breaks.ui.art import Illustrations
from desk_breaks.ui.settings.fields import ERROR_COLOURS, Page, colour, dot_icon
from desk_breaks.ui.settings.pages.check_ins import CheckInsPage
from desk_breaks.ui.settings.pages.coach import CoachPage
from desk_breaks.ui.settings.pages.general import GeneralPage
from desk_breaks.ui.settings.pages.history import HistoryPage
from desk_breaks.ui.settings.pages.prompts import PromptsPage
from desk_breaks.ui.settings.pages.routines import RoutinesPage
from desk_breaks.ui.settings.pages.schedule import SchedulePage
from desk_breaks.ui.settings.style import stylesheet

PAGES = (
    N_("Schedule"),
    N_("Check-ins"),
    N_("Prompts"),
    N_("Routines"),
    N_("Coach"),
    N_("General"),
    N_("History"),
)
"""Every page, in order, by its English name (its key; the list shows it translated).

The Coach page is left out when the dialog is given no coach.
"""

ApplyCallback = Callable[[Settings], "str | None"]

PREFERRED_SIZE = QSize(1000, 680)
"""The dialog's size where the screen has room for it."""
FRAME_ALLOWANCE = QSize(16, 56)
"""Room left for the window frame and title bar the desktop adds around the dialog."""


def fitted_size(preferred: QSize, minimum: QSize, available: QSize) -> QSize:
    """``preferred``, shrunk to fit ``available`` with its frame, never below ``minimum``.

    On 1920x1080 at 2x (960x540 logical) the dialog's 940x680 used to leave OK and Cancel
    below the screen edge.
    """
    room = available - FRAME_ALLOWANCE
    return preferred.boundedTo(room).expandedTo(minimum)


def preferred_size(dialog: SettingsDialog) -> QSize:
    """:data:`PREFERRED_SIZE`, wider where a page's words need it (a long translation).

    Where the screen has no room for that, the page scrolls sideways (see Page).
    """
    widest = max(page.wanted_width() for page in dialog.page_widgets.values())
    return PREFERRED_SIZE.expandedTo(QSize(dialog.nav.width() + widest, 0))


def fit_to_screen(dialog: SettingsDialog) -> None:
    """Size ``dialog`` to :func:`preferred_size`, within its screen, never below its minimum."""
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry().size()
    dialog.resize(fitted_size(preferred_size(dialog), dialog.minimumSizeHint(), available))


def issues_text(count: int, pages: Sequence[str]) -> str:
    """The line beside OK: "2 settings to fix before saving (Schedule, Prompts)."."""
    where = tr(", ", "list separator").join(tr(page) for page in pages)
    return trn(
        "{n} setting to fix before saving ({pages}).",
        "{n} settings to fix before saving ({pages}).",
        count,
        pages=where,
    )


class SettingsDialog(QDialog):
    """Preferences with a page list on the left, OK / Apply / Cancel at the bottom."""

    safety_check_requested = Signal()
    """The Coach page asked to review the safety check (the app opens the welcome)."""

    progress_requested = Signal()
    """The History page asked for the progress window."""

    def __init__(
        self,
        settings: Settings,
        library: Library,
        illustrations: Illustrations,
        *,
        apply: ApplyCallback,
        history: Sequence[Record],
        files: Mapping[str, Path],
        notices: Sequence[str] = (),
        sound_problem: str | None = None,
        idle_problem: str | None = None,
        now: datetime,
        coach: CoachPort | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Settings"))  # the desktop shows "Settings — Desk Breaks"
        self._library = library
        self._apply_callback = apply
        self._baseline = settings
        self._notices = list(notices)
        self._save_error: str | None = None
        self._issues: list[SettingsIssue] = []
        self._unplaced: list[SettingsIssue] = []
        self._current = settings
        routine_choices = sorted(
            ((r.id, routine_choice(r)) for r in library.routines.values()),
            key=lambda pair: pair[1].lower(),
        )
        self._building = True

        self.banner = QFrame()
        self.banner.setObjectName("banner")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextFormat(Qt.TextFormat.RichText)
        self.banner_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner_text.setAccessibleName(tr("Settings notices"))
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(14, 10, 14, 10)
        banner_layout.addWidget(self.banner_text)

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName(tr("Settings pages"))
        self.nav.setIconSize(QSize(10, 10))
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages = QStackedWidget()
        self.schedule = SchedulePage(settings, library, routine_choices, now)
        self.check_ins = CheckInsPage(settings, routine_choices)
        self.prompts = PromptsPage(settings, sound_problem)
        self.routines = RoutinesPage(library, illustrations)
        self.coach: CoachPage | None = None
        if coach is not None:
            self.coach = CoachPage(settings, coach)
            self.coach.review_requested.connect(self.safety_check_requested)
        self.general = GeneralPage(settings, files, self._open, idle_problem)
        self.history = HistoryPage(history, library.routines, now)
        self.history.progress_requested.connect(self.progress_requested)
        self.page_widgets: dict[str, Page] = {}
        pages = (self.schedule, self.check_ins, self.prompts, self.routines, self.coach)
        for page in (*pages, self.general, self.history):
            if page is None:
                continue
            item = QListWidgetItem(tr(page.title))
            item.setIcon(dot_icon(None))
            item.setSizeHint(QSize(0, self.fontMetrics().height() + 16))
            self.nav.addItem(item)
            self.page_widgets[page.title] = page
            self.pages.addWidget(page)
            page.changed.connect(self._changed)
        self.page_names = tuple(self.page_widgets)
        """The pages shown, in order (:data:`PAGES`, without Coach when there is no coach)."""
        assert [p for p in PAGES if p in self.page_names] == list(self.page_names)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        widest = max(self.fontMetrics().horizontalAdvance(tr(p)) for p in PAGES)
        self.nav.setFixedWidth(widest + 60)

        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        # Plain buttons in the standard roles (the box orders them the desktop's way). The
        # standard buttons would carry the style's icons, which without an icon theme are
        # Qt's own bitmaps (an olive tick, a red cross); GNOME's HIG puts none there.
        self.buttons = QDialogButtonBox()
        role = QDialogButtonBox.ButtonRole
        self.ok_button = self.buttons.addButton(tr("OK"), role.AcceptRole)
        self.apply_button = self.buttons.addButton(tr("&Apply"), role.ApplyRole)
        self.cancel_button = self.buttons.addButton(tr("Cancel"), role.RejectRole)
        for button, name in (
            (self.ok_button, tr("OK: apply the settings and close")),
            (self.apply_button, tr("Apply the settings")),
            (self.cancel_button, tr("Cancel: close without changing anything")),
        ):
            button.setAccessibleName(name)
        self.ok_button.clicked.connect(self._ok)
        self.apply_button.clicked.connect(self._apply)
        self.cancel_button.clicked.connect(self.reject)

        bottom = QHBoxLayout()
        bottom.setContentsMargins(16, 10, 16, 14)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.buttons)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.nav)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        banner_box = QVBoxLayout()
        banner_box.setContentsMargins(16, 12, 16, 0)
        banner_box.addWidget(self.banner)
        right.addLayout(banner_box)
        right.addWidget(self.pages, 1)
        right.addLayout(bottom)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(body)

        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(lambda s=step: self._step_page(s))

        self.ok_button.setDefault(True)  # once inside the dialog: Return means OK
        self.nav.setCurrentRow(0)
        self._restyle()
        self._building = False
        self._refresh_banner()
        self._changed()
        fit_to_screen(self)
        self._fitted_shown = False

    def showEvent(self, event: QShowEvent) -> None:
        """Fit the window again when first shown: only laid out can the pages say their width."""
        super().showEvent(event)
        if not self._fitted_shown:
            self._fitted_shown = True
            fit_to_screen(self)

    # -- public ----------------------------------------------------------------------------

    def current_settings(self) -> Settings:
        """The settings as the fields show them now (the last readable value of each)."""
        return self._current

    def issues(self) -> list[SettingsIssue]:
        """What must be fixed before the settings can be applied."""
        return list(self._issues)

    def show_page(self, name: str) -> None:
        """Switch to the page called ``name``."""
        self.nav.setCurrentRow(self.page_names.index(name))

    def current_page(self) -> str:
        """The name of the page showing."""
        return self.page_names[self.pages.currentIndex()]

    def is_dirty(self) -> bool:
        """Whether there are changes not yet applied."""
        return self._current != self._baseline

    # -- reacting to edits -----------------------------------------------------------------

    def _collect(self) -> tuple[Settings, list[SettingsIssue]]:
        settings = self._current
        unreadable: list[SettingsIssue] = []
        for page in self.page_widgets.values():
            settings = page.apply_to(settings)
            unreadable += page.unreadable
        # Text that cannot be read is told instead of what validate says of the value kept.
        typed = {issue.path for issue in unreadable}
        issues = unreadable + [
            i for i in validate(settings, self._library.routines) if i.path not in typed
        ]
        return settings, issues

    def _changed(self) -> None:
        if self._building:
            return
        self._current, self._issues = self._collect()
        for page in self.page_widgets.values():
            page.refresh(self._current)
        self._show_issues()
        valid = not self._issues
        self.ok_button.setEnabled(valid)
        self.apply_button.setEnabled(valid and self.is_dirty())

    def _show_issues(self) -> None:
        pages_with_issues: set[str] = set()
        placed: list[SettingsIssue] = []
        for name, page in self.page_widgets.items():
            mine = page.show_issues(self._issues)
            placed += mine
            if mine:
                pages_with_issues.add(name)
        self._unplaced = [i for i in self._issues if i not in placed]
        for issue in self._unplaced:
            spec = spec_at(issue.path)
            pages_with_issues.add(spec.page if spec is not None else "Schedule")
        error = colour(self, ERROR_COLOURS)
        for index, name in enumerate(self.page_names):
            item = self.nav.item(index)
            bad = name in pages_with_issues
            item.setIcon(dot_icon(error if bad else None))
            shown = tr(name)
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                tr("{page}, needs attention", page=shown) if bad else shown,
            )
        pages = [p for p in self.page_names if p in pages_with_issues]
        self.status.setText(issues_text(len(self._issues), pages) if self._issues else "")
        self._refresh_banner()

    def _open(self, path: Path) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self._save_error = tr(
                "Could not open {path}: no application is set up for it.", path=path
            )
            self._refresh_banner()

    def _refresh_banner(self) -> None:
        messages = list(self._notices) + [str(i) for i in self._unplaced]
        error = self._save_error
        if not messages and error is None:
            self.banner.hide()
            return
        lines = []
        if error is not None:
            lines.append(tr("<b>Not saved.</b> {error}", error=html.escape(error)))
        lines += [html.escape(m) for m in messages]
        self.banner_text.setText("<br>".join(lines))
        self.banner_text.setAccessibleName(
            tr("Settings notices: {notices}", notices=" ".join([error or "", *messages]).strip())
        )
        self.banner.setProperty("error", error is not None)
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner.show()

    def _step_page(self, step: int) -> None:
        self.nav.setCurrentRow((self.nav.currentRow() + step) % len(self.page_names))

    # -- OK / Apply / Cancel -----------------------------------------------------------

    def _apply(self) -> bool:
        """Hand the settings to the app; return True when they were saved."""
        self._changed()
        if self._issues:
            return False
        settings = self._current
        message = self._apply_callback(settings)
        self._save_error = message
        if message is None:
            self._baseline = settings
        self._refresh_banner()
        self.apply_button.setEnabled(self.is_dirty())
        return message is None

    def _ok(self) -> None:
        if (self.is_dirty() or self._save_error is not None) and not self._apply():
            return
        self.accept()

    # -- looks --------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        """Follow palette changes (light and dark themes)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not getattr(self, "_restyling", False):
            self._restyle()

    def _restyle(self) -> None:
        self._restyling = True
        try:
            self.setStyleSheet(stylesheet(self))
        finally:
            self._restyling = False
