"""The app's windows: the prompt, the session, the settings dialog and the status window.

:class:`Windows` owns their lifecycles: each is made when first needed, brought forward
when asked for again, and forgotten when closed. It never drives the engine itself; what
a window asks for goes back to the app through the callables it is given.

Most of the day no window is open, and each window module costs megabytes of an idle
tray's memory (the memory rule in ``docs/architecture.md``), so they are imported inside
the method that first opens them; the imports under ``TYPE_CHECKING`` are for type
checkers only (``tests/ui/test_lean_imports.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon

from desk_breaks import APP_NAME
from desk_breaks.core.clock import Clock
from desk_breaks.core.commands import Command, Skip, Snooze, Start
from desk_breaks.core.content import Library, Routine, Safety
from desk_breaks.core.engine import Offer, SessionResult
from desk_breaks.core.history import History
from desk_breaks.core.settings import DialogSize, Settings
from desk_breaks.core.settings_store import SettingsStore
from desk_breaks.ui.calm_windows import CalmWindows
from desk_breaks.ui.tray import TrayController

if TYPE_CHECKING:
    from desk_breaks.core.coach_api import CoachPort
    from desk_breaks.core.coach_types import Action
    from desk_breaks.core.progress_types import ProgressSource
    from desk_breaks.ui.art import Illustrations
    from desk_breaks.ui.prompt import PromptWindow
    from desk_breaks.ui.session_dialog import SessionDialog
    from desk_breaks.ui.settings.dialog import SettingsDialog
    from desk_breaks.ui.status_window import StatusWindow, TrayWatch


class Windows(QObject):
    """Makes, brings forward and closes the app's windows; holds the open ones.

    ``command`` carries out what the prompt asks for (start, snooze, skip), ``apply``
    puts settings from the dialog in force and returns a save error or None, and
    ``session_finished`` takes the one result a session window reports.
    """

    def __init__(
        self,
        *,
        icon: QIcon,
        store: SettingsStore,
        library: Library,
        illustration_dirs: Sequence[Path],
        safety: Safety,
        clock: Clock,
        history: History,
        files: Mapping[str, Path],
        tray: TrayController,
        notices: list[str],
        command: Callable[[Command], object],
        apply: Callable[[Settings], str | None],
        session_finished: Callable[[SessionResult], None],
        coach: CoachPort | None = None,
        progress: Callable[[], ProgressSource] | None = None,
        day_text: Callable[[], str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """Keep what the windows will need; no window is made until one is wanted.

        ``progress`` feeds the progress window; ``day_text`` gives the finish screen's
        line about the day (today's count, the streak, what comes next).
        """
        super().__init__(parent)
        self._icon = icon
        self._store = store
        self._library = library
        self._illustration_dirs = list(illustration_dirs)
        self._art: Illustrations | None = None
        self._safety = safety
        self._clock = clock
        self._history = history
        self._files = dict(files)
        self._tray = tray
        self._notices = notices
        self._command = command
        self._apply = apply
        self._session_finished = session_finished
        self._prompt: PromptWindow | None = None
        self._tray_watch: TrayWatch | None = None
        self.session: SessionDialog | None = None
        """The open session window (or its finish screen), None when there is none."""
        self.settings_dialog: SettingsDialog | None = None
        """The open settings dialog, None when it is closed."""
        self.status_window: StatusWindow | None = None
        """The no-tray window, once shown; None until then and after :meth:`close_all`."""
        self._coach = coach
        self._day_text = day_text
        self.idle_problem: str | None = None
        """Why this desktop gives no idle time, for Settings (None when it does; the app)."""
        self.export_requested: Callable[[str, str], None] = lambda _path, _fmt: None
        """Carries out the progress window's Export… (a path and "csv" or "json"; the app)."""
        self.calm = CalmWindows(
            icon,
            coach,
            session_open=lambda: self.session is not None,
            notify=lambda text: tray.notify(APP_NAME, text),
            progress=progress,
            routines=lambda: {rid: r.name for rid, r in library.routines.items()},
            export_requested=lambda path, fmt: self.export_requested(path, fmt),
            parent=self,
        )
        """The welcome, daily rating, advice and progress windows."""
        self.calm.welcome_finished.connect(self._welcome_finished)

    def _illustrations(self) -> Illustrations:
        """The illustrations the session and settings windows draw, made for the first one.

        :mod:`desk_breaks.ui.art` (with QtSvg and its widget) is imported only then.
        """
        if self._art is None:
            from desk_breaks.ui.art import Illustrations

            self._art = Illustrations(self._illustration_dirs)
        return self._art

    # -- the prompt ------------------------------------------------------------------------

    @property
    def prompt(self) -> PromptWindow:
        """The prompt window, made when first needed: most of the day there is none to show."""
        if self._prompt is None:
            from desk_breaks.ui.prompt import PromptWindow

            settings = self._store.current
            prompt = PromptWindow(settings.prompts.snooze_choices_min, self._icon)
            prompt.start_requested.connect(lambda: self._command(Start()))
            prompt.snooze_requested.connect(lambda m: self._command(Snooze(m)))
            prompt.skip_requested.connect(lambda: self._command(Skip()))
            self._prompt = prompt
        return self._prompt

    def present_prompt(self, offer: Offer, routine: Routine, *, can_snooze: bool) -> None:
        """Show the prompt for ``offer``; it says how many snoozes the settings leave."""
        cap = self._store.current.prompts.snooze_cap
        self.prompt.present(offer, routine, can_snooze=can_snooze, snooze_cap=cap)

    def withdraw_prompt(self) -> None:
        """Take the prompt off the screen, if there is one."""
        if self._prompt is not None:
            self._prompt.withdraw()

    def bring_forward(self) -> bool:
        """Give the keyboard to the prompt on screen, else to the session window.

        For a second ``desk-breaks`` (which a desktop shortcut can run): the way in for someone
        who does not use a mouse. False when neither window is open.
        """
        if self._prompt is not None and self._prompt.isVisible():
            self._prompt.focus_on_purpose()
            return True
        if self.session is not None:
            self.session.raise_()
            self.session.activateWindow()
            return True
        return False

    def snooze_choices_changed(self) -> None:
        """Drop a hidden prompt: it is made again with the new choices when needed."""
        if self._prompt is not None and not self._prompt.isVisible():
            self._prompt.deleteLater()
            self._prompt = None

    # -- the session -----------------------------------------------------------------------

    def open_session(self, routine_id: str, key: str) -> None:
        """Open the guided session for ``routine_id`` (the prompt goes, an old finish too).

        The coach plans it (doses, gentler versions, what is left out); what the person
        says in the window (how the neck feels, a choice about an exercise, the daily
        rating) goes back to the coach.
        """
        from PySide6.QtCore import Qt  # all of Qt's enums: not for an idle tray

        from desk_breaks.core.coach_types import SessionPlan
        from desk_breaks.ui.session_dialog import SessionDialog
        from desk_breaks.ui.sound import make_cue_player

        routine = self._library.routine(routine_id)
        coach = self._coach
        plan = coach.plan(routine) if coach is not None else SessionPlan(routine)
        settings = self._store.current
        self.withdraw_prompt()
        if self.session is not None:
            self.session.close()  # a finish screen still open from the last session
        dialog = SessionDialog(
            plan,
            self._clock,
            self._illustrations(),
            self._safety,
            ask_feeling=coach is not None and settings.coach.ask_feeling,
            journal_due=coach is not None and coach.journal_due(),
            reduced_motion=settings.reduced_motion,
            full_screen=settings.dialog_size is DialogSize.FULL_SCREEN,
            cues=make_cue_player(settings.prompts.sounds, settings.prompts.volume_pct),
            day_text=self._day_text,
        )
        dialog.setWindowIcon(self._icon)
        # The finish and safety screens outlive the result; the window goes when closed.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.session_finished.connect(self._session_finished)
        # Only this window's own end forgets it: an earlier window's deferred delete may
        # arrive while this one is open.
        dialog.destroyed.connect(lambda _=None, gone=dialog: self._session_window_gone(gone))
        if coach is not None:
            dialog.feeling_chosen.connect(lambda feeling: coach.rate(feeling))
            dialog.choice_made.connect(
                lambda exercise_id, action: self._choice_in_session(routine_id, exercise_id, action)
            )
            dialog.journal_requested.connect(self.calm.show_journal)
        self.session = dialog
        dialog.begin()

    def _choice_in_session(self, routine_id: str, exercise_id: str, action: Action) -> None:
        """Carry out a choice made on the preface or the safety screen."""
        if self._coach is None:
            return
        self._coach.choose(exercise_id, action)
        if self.session is not None:
            # Made before Begin ("Keep 20 s"), it applies to this very session.
            self.session.use_plan(self._coach.plan(self._library.routine(routine_id)))

    def _session_window_gone(self, gone: SessionDialog) -> None:
        if self.session is gone:
            self.session = None
            self.calm.offer_advice()  # held back while the session was on screen

    def close_session(self) -> None:
        """Close an open session window; a session still running counts as stopped."""
        if self.session is not None:
            self.session.close()

    def stop_session(self, *, hurt: bool) -> None:
        """End the running session as ``desk-breaks stop`` asks: closed, or for pain.

        A stop for pain keeps the window open on the safety screen, as the button does.
        """
        if self.session is None:
            return
        if hurt:
            self.session.stop_for_pain()
            self.session.raise_()
            self.session.activateWindow()
        else:
            self.session.stop()

    # -- settings and status ---------------------------------------------------------------

    def show_settings(self) -> None:
        """Open the settings dialog (or bring the open one forward)."""
        if self.settings_dialog is not None:
            self.settings_dialog.raise_()
            self.settings_dialog.activateWindow()
            return
        from PySide6.QtCore import Qt

        from desk_breaks.ui.settings.dialog import SettingsDialog
        from desk_breaks.ui.sound import probe_sound

        dialog = SettingsDialog(
            self._store.current,
            self._library,
            self._illustrations(),
            apply=self._apply,
            history=self._history.recent(200),
            files=self._files,
            notices=self._notices,
            sound_problem=probe_sound(),
            idle_problem=self.idle_problem,
            now=self._clock.now(),
            coach=self._coach,
        )
        dialog.safety_check_requested.connect(
            lambda: self.calm.show_welcome(existing_user=True, start_at_questions=True)
        )
        dialog.progress_requested.connect(self.calm.show_progress)
        dialog.setWindowIcon(self._icon)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._settings_dialog_gone)
        self.settings_dialog = dialog
        dialog.show()

    def _welcome_finished(self) -> None:
        dialog = self.settings_dialog
        if dialog is not None and dialog.coach is not None:
            dialog.coach.refresh_coach()

    def _settings_dialog_gone(self) -> None:
        self.settings_dialog = None

    def show_status_window(self, *, until_tray: Callable[[], bool] | None = None) -> None:
        """Show the no-tray window (made on first use); with ``until_tray``, until a tray is."""
        from desk_breaks.ui.status_window import StatusWindow, put_away_when_a_tray_appears

        if self.status_window is None:
            self.status_window = StatusWindow(self._tray, self._icon)
            self.status_window.set_notices(self._notices)
        self.status_window.refresh()
        self.status_window.show()
        if until_tray is not None and self._tray_watch is None:
            self._tray_watch = put_away_when_a_tray_appears(
                self.status_window, until_tray, self._forget_status_window
            )

    def _forget_status_window(self) -> None:
        self.status_window, self._tray_watch = None, None

    def refresh_status(self) -> None:
        """Bring the status window up to date, if it was ever shown."""
        if self.status_window is not None:
            self.status_window.refresh()

    # -- quitting --------------------------------------------------------------------------

    def close_all(self) -> None:
        """Close the settings dialog; let go of the status window, the prompt, the coach's."""
        if self.settings_dialog is not None:
            self.settings_dialog.close()
        if self.status_window is not None:
            self.status_window.hide()
            self.status_window.deleteLater()
            self.status_window = None
        if self._prompt is not None:
            self._prompt.withdraw()
            self._prompt.deleteLater()
            self._prompt = None
        self.calm.close_all()
