"""The calm windows: the coach's welcome, journal and advice, and the progress window.

:class:`CalmWindows` makes each on first use, brings an open one forward, and forgets it
when it closes; :class:`~desk_breaks.ui.windows.Windows` holds one and passes its calls
on. The window modules are imported inside the methods that open them (the memory rule
in ``docs/architecture.md``); the imports under ``TYPE_CHECKING`` are for type checkers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from desk_breaks.core.coach_api import CoachPort
    from desk_breaks.core.coach_types import Advice
    from desk_breaks.core.progress_types import ProgressSource
    from desk_breaks.ui.advice import AdviceWindow
    from desk_breaks.ui.journal import JournalWindow
    from desk_breaks.ui.progress.window import ProgressWindow
    from desk_breaks.ui.welcome import WelcomeWindow


class CalmWindows(QObject):
    """Opens, brings forward and forgets the welcome, journal, advice and progress windows.

    ``session_open`` says whether a session window is open (the advice never shows over
    one), ``welcome_finished`` is called once the welcome is answered, skipped or closed,
    and ``journal_saved`` gets the coach's sentence after a rating is saved. ``progress``
    feeds the progress window, ``routines`` (id to name) its routine filter, and
    ``export_requested`` carries out its Export… (a path, and "csv" or "json").
    """

    def __init__(
        self,
        coach: CoachPort | None,
        icon: QIcon,
        *,
        session_open: Callable[[], bool],
        welcome_finished: Callable[[], None],
        journal_saved: Callable[[str], None],
        progress: ProgressSource | None = None,
        routines: Callable[[], Mapping[str, str]] = dict,
        export_requested: Callable[[str, str], None] = lambda _path, _fmt: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._coach = coach
        self._icon = icon
        self._session_open = session_open
        self._welcome_finished = welcome_finished
        self._journal_saved = journal_saved
        self.welcome: WelcomeWindow | None = None
        """The open welcome (and safety check), None when it is closed."""
        self.journal: JournalWindow | None = None
        """The open daily comfort rating, None when it is closed."""
        self.advice: AdviceWindow | None = None
        """The open advice to see a professional, None when it is closed."""
        self._progress_source = progress
        self._routines = routines
        self._export_requested = export_requested
        self.progress: ProgressWindow | None = None
        """The open progress window, None when it is closed."""

    def _present(self, window: QWidget) -> None:
        window.setWindowIcon(self._icon)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        window.raise_()
        window.activateWindow()

    def show_welcome(self, existing_user: bool, start_at_questions: bool = False) -> None:
        """Open the welcome and safety check (or bring the open one forward).

        ``start_at_questions`` opens it at the questions (from Settings). Once it is
        answered, skipped or closed, an open settings dialog shows the new summary.
        """
        if self._coach is None:
            return
        if self.welcome is not None:
            self.welcome.raise_()
            self.welcome.activateWindow()
            return
        from desk_breaks.ui.welcome import WelcomeWindow

        window = WelcomeWindow(
            self._coach, existing_user=existing_user, start_at_questions=start_at_questions
        )
        window.finished.connect(lambda _result=0: self._welcome_finished())
        window.destroyed.connect(self._welcome_gone)
        self.welcome = window
        self._present(window)

    def _welcome_gone(self) -> None:
        self.welcome = None

    def show_journal(self) -> None:
        """Offer today's comfort rating (or bring the open one forward)."""
        if self._coach is None:
            return
        if self.journal is not None:
            self.journal.raise_()
            self.journal.activateWindow()
            return
        from desk_breaks.ui.journal import JournalWindow

        window = JournalWindow(self._coach)
        window.saved.connect(lambda reply: self._journal_saved(reply))
        window.destroyed.connect(self._journal_gone)
        self.journal = window
        self._present(window)

    def _journal_gone(self) -> None:
        self.journal = None

    def show_advice(self, advice: Advice) -> None:
        """Show the advice to see a professional, and tell the coach it was shown.

        Never while a session window is open: the caller asks again later.
        """
        if self._coach is None or self._session_open():
            return
        if self.advice is not None:
            self.advice.raise_()
            return
        from desk_breaks.ui.advice import AdviceWindow

        window = AdviceWindow(self._coach.safety, advice)
        window.destroyed.connect(self._advice_gone)
        self.advice = window
        self._coach.advice_shown(advice)
        self._present(window)

    def _advice_gone(self) -> None:
        self.advice = None

    def show_progress(self) -> None:
        """Open the progress window (or bring the open one forward)."""
        if self._progress_source is None:
            return
        if self.progress is not None:
            self.progress.raise_()
            self.progress.activateWindow()
            return
        from desk_breaks.ui.progress.window import ProgressWindow

        window = ProgressWindow(self._progress_source, self._routines())
        window.export_requested.connect(lambda path, fmt: self._export_requested(path, fmt))
        window.destroyed.connect(self._progress_gone)
        self.progress = window
        self._present(window)

    def _progress_gone(self) -> None:
        self.progress = None

    def close_all(self) -> None:
        """Let go of every open one, hidden, not closed.

        Quitting is not an answer: an unanswered welcome is offered again at the next
        start, and an unsaved rating is simply not saved.
        """
        for window in (self.welcome, self.journal, self.advice, self.progress):
            if window is not None:
                window.hide()
                window.deleteLater()
        self.welcome = self.journal = self.advice = self.progress = None
