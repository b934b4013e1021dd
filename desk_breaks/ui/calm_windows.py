"""The calm windows: the coach's welcome, daily rating and advice, and the progress window.

:class:`CalmWindows` makes each when first wanted (the window modules are imported inside
the method that opens them: the memory rule in ``docs/architecture.md``), brings an open
one forward, and forgets it when it closes. It also decides when they are offered: the
welcome at start until it is answered or skipped, the advice when the coach says it is
due and no session is on screen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon

if TYPE_CHECKING:
    from desk_breaks.core.coach_api import CoachPort
    from desk_breaks.core.coach_types import Advice
    from desk_breaks.core.progress_types import ProgressSource
    from desk_breaks.ui.advice import AdviceWindow
    from desk_breaks.ui.journal import JournalWindow
    from desk_breaks.ui.progress.window import ProgressWindow
    from desk_breaks.ui.welcome import WelcomeWindow

    Calm = WelcomeWindow | JournalWindow | AdviceWindow | ProgressWindow


class CalmWindows(QObject):
    """Opens the coach's windows for ``coach`` and the progress window for ``progress``.

    Either may be None: then its windows never open. ``progress`` makes the progress
    source when the window first opens. ``session_open`` says whether a
    session window is on screen (the advice waits for it to go); ``notify`` shows the
    coach's sentence after a rating is saved; ``routines`` (id to name) feeds the progress
    window's filter and ``export_requested`` carries out its Export… (a path, "csv"/"json").
    """

    welcome_finished = Signal()
    """The welcome was answered, skipped or closed (an open Coach page redraws)."""

    def __init__(
        self,
        icon: QIcon,
        coach: CoachPort | None,
        *,
        session_open: Callable[[], bool],
        notify: Callable[[str], None],
        progress: Callable[[], ProgressSource] | None = None,
        routines: Callable[[], Mapping[str, str]] = dict,
        export_requested: Callable[[str, str], None] = lambda _path, _fmt: None,
        parent: QObject | None = None,
    ) -> None:
        """Keep what the windows need; none is made until wanted."""
        super().__init__(parent)
        self._progress_source = progress
        self._routines = routines
        self._export_requested = export_requested
        self.progress: ProgressWindow | None = None
        """The open progress window, None when it is closed."""
        self._icon = icon
        self._coach = coach
        self._session_open = session_open
        self._notify = notify
        self.welcome: WelcomeWindow | None = None
        """The open welcome (and safety check), None when it is closed."""
        self.journal: JournalWindow | None = None
        """The open daily comfort rating, None when it is closed."""
        self.advice: AdviceWindow | None = None
        """The open advice to see a professional, None when it is closed."""

    def greet(self, *, existing_user: bool) -> None:
        """At start: the welcome until the safety check is answered or skipped.

        Start does not ask whether advice is due: that replays the whole history through the
        coach's rules, which would build the coach in every idle tray. Advice is offered
        after each session window closes and after a journal entry is saved, which is when
        what makes it due (pain stops, the comfort trend) can change.
        """
        if self._coach is not None and self._coach.needs_welcome():
            self.show_welcome(existing_user)

    def show_welcome(self, existing_user: bool, start_at_questions: bool = False) -> None:
        """Open the welcome and safety check (or bring the open one forward).

        ``start_at_questions`` opens it at the questions (from Settings).
        """
        if self._coach is None:
            return
        if self.welcome is not None:
            self._forward(self.welcome)
            return
        from desk_breaks.ui.welcome import WelcomeWindow

        window = WelcomeWindow(
            self._coach, existing_user=existing_user, start_at_questions=start_at_questions
        )
        window.finished.connect(self.welcome_finished)
        window.destroyed.connect(self._welcome_gone)
        self.welcome = window
        self._show(window)

    def _welcome_gone(self) -> None:
        self.welcome = None

    def show_journal(self) -> None:
        """Offer today's comfort rating (or bring the open one forward)."""
        if self._coach is None:
            return
        if self.journal is not None:
            self._forward(self.journal)
            return
        from desk_breaks.ui.journal import JournalWindow

        window = JournalWindow(self._coach)
        window.saved.connect(self._journal_saved)
        window.destroyed.connect(self._journal_gone)
        self.journal = window
        self._show(window)

    def _journal_saved(self, said: str) -> None:
        self._notify(said)
        self.offer_advice()

    def _journal_gone(self) -> None:
        self.journal = None

    def offer_advice(self) -> None:
        """Show the "see a professional" advice if the coach says it is due (never mid-session)."""
        if self._coach is None or self._session_open():
            return
        advice = self._coach.advice_due()
        if advice is not None:
            self.show_advice(advice)

    def show_advice(self, advice: Advice) -> None:
        """Show the advice and tell the coach it was shown; never over a session window."""
        if self._coach is None or self._session_open():
            return
        if self.advice is not None:
            self._forward(self.advice)
            return
        from desk_breaks.ui.advice import AdviceWindow

        window = AdviceWindow(self._coach.safety, advice)
        window.destroyed.connect(self._advice_gone)
        self.advice = window
        self._coach.advice_shown(advice)
        self._show(window)

    def _advice_gone(self) -> None:
        self.advice = None

    def show_progress(self) -> None:
        """Open the progress window (or bring the open one forward)."""
        if self._progress_source is None:
            return
        if self.progress is not None:
            self._forward(self.progress)
            return
        from desk_breaks.ui.progress.window import ProgressWindow

        window = ProgressWindow(self._progress_source(), self._routines())
        window.export_requested.connect(lambda path, fmt: self._export_requested(path, fmt))
        window.destroyed.connect(self._progress_gone)
        self.progress = window
        self._show(window)

    def _progress_gone(self) -> None:
        self.progress = None

    def refresh_progress(self) -> None:
        """Show the newest figures in the progress window, if it is open (after a session)."""
        if self.progress is not None:
            self.progress.refresh()

    def _show(self, window: Calm) -> None:
        from PySide6.QtCore import Qt  # all of Qt's enums: not for an idle tray

        window.setWindowIcon(self._icon)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        self._forward(window)

    @staticmethod
    def _forward(window: Calm) -> None:
        window.raise_()
        window.activateWindow()

    def close_all(self) -> None:
        """Let go of every calm window without answering for the person.

        Hidden, not closed: quitting is not an answer, so an unanswered welcome is offered
        again at the next start, and an unsaved rating is simply not saved.
        """
        for window in (self.welcome, self.journal, self.advice, self.progress):
            if window is not None:
                window.hide()
                window.deleteLater()
        self.welcome = self.journal = self.advice = self.progress = None
