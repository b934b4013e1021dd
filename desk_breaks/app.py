"""The composition root: the one place that builds and wires everything.

Nothing else in the package creates long-lived objects or reads the user's folders; every
piece gets what it needs from here, which is also what lets the tests build the same app
around temporary folders and a fake clock. The windows come and go with the user, so
:class:`~desk_breaks.ui.windows.Windows`, built here, makes each when first needed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from desk_breaks import APP_NAME, assets_dir
from desk_breaks.app_parts import (
    day_text,
    export_to,
    relabel_content,
    release_free_heap,
    user_files,
)
from desk_breaks.core.clock import Clock
from desk_breaks.core.coach_lazy import LazyCoach
from desk_breaks.core.commands import (
    Command,
    Meeting,
    Pause,
    Reply,
    Resume,
    Show,
    Skip,
    Snooze,
    Start,
    StopSession,
)
from desk_breaks.core.content import Library, Safety
from desk_breaks.core.content_files import load_library, load_safety
from desk_breaks.core.engine import CommandRefused, Engine, Offer, SessionResult, State
from desk_breaks.core.history import History
from desk_breaks.core.i18n import tr
from desk_breaks.core.paths import AppPaths
from desk_breaks.core.recorder import SafeRecorder
from desk_breaks.core.schedule import Occurrence
from desk_breaks.core.service import CommandService
from desk_breaks.core.settings import Settings
from desk_breaks.core.settings_store import Change, SettingsStore
from desk_breaks.desktop.autostart import Autostart as AutostartPort
from desk_breaks.desktop.autostart import AutostartError, NullAutostart, switch_autostart
from desk_breaks.desktop.idle import why_unavailable
from desk_breaks.desktop.ipc.instance import CommandServer, InstanceGuard
from desk_breaks.desktop.ports import Ports
from desk_breaks.desktop.qt.busy_monitor import BusyMonitor
from desk_breaks.desktop.qt.language import (
    LanguageSwitch,
    language_changed,
    speak_settings_language,
)
from desk_breaks.desktop.qt.presence import PresenceMonitor
from desk_breaks.ui.engine_host import EngineHost
from desk_breaks.ui.settings_watcher import SettingsWatcher
from desk_breaks.ui.theme import apply_theme
from desk_breaks.ui.tray import TrayController
from desk_breaks.ui.windows import Windows

if TYPE_CHECKING:
    from desk_breaks.core.coach_api import CoachPort
    from desk_breaks.core.progress_types import ProgressSource

log = logging.getLogger("desk_breaks")

TRAY_ICON_NAMES = ("tray-active", "tray-due", "tray-snoozed", "tray-paused")


def load_icons() -> dict[str, QIcon]:
    """Load the app and tray icons from the SVGs in ``assets/icons``."""
    folder = assets_dir() / "icons"
    icons = {name: QIcon(str(folder / f"{name}.svg")) for name in TRAY_ICON_NAMES}
    icons["app"] = QIcon(str(folder / "desk-breaks.svg"))
    return icons


def autostart_entry(port: AutostartPort) -> bool | None:
    """What the desktop's autostart entry says; None when there is none to ask, or no answer."""
    if isinstance(port, NullAutostart):
        return None
    try:
        return port.is_enabled()
    except AutostartError as exc:
        log.warning("Cannot tell whether Desk Breaks starts at login: %s", exc)
        return None


def load_content(paths: AppPaths, notices: list[str]) -> tuple[Safety, Library]:
    """Load the safety guidance and the exercises and routines; a bad file is a notice."""
    safety = load_safety(assets_dir() / "safety.toml")
    # The safety check's question ids: an exercise naming another one is refused, since
    # a rule that can never match would not protect whom it is meant for.
    library = load_library(
        [assets_dir(), paths.user_content_dir],
        question_ids={question.id for question in safety.screening},
    )
    notices.extend(problem.notice for problem in library.problems)
    return safety, library


def wire_tray(
    tray: TrayController,
    command: Callable[[Command], object],
    windows: Windows,
    quit_app: Callable[[], None],
) -> None:
    """Connect the tray menu: its choices become commands, or open windows."""
    tray.start_requested.connect(lambda rid: command(Start(rid)))
    tray.snooze_requested.connect(lambda m: command(Snooze(m)))
    tray.skip_requested.connect(lambda: command(Skip()))
    tray.pause_requested.connect(lambda v: command(Pause(v)))
    tray.resume_requested.connect(lambda: command(Resume()))
    tray.meeting_requested.connect(lambda m: command(Meeting(m)))
    tray.settings_requested.connect(windows.show_settings)
    tray.journal_requested.connect(windows.calm.show_journal)
    tray.progress_requested.connect(windows.calm.show_progress)
    tray.quit_requested.connect(quit_app)


def coach_for(
    library: Library,
    safety: Safety,
    history: History,
    clock: Clock,
    store: SettingsStore,
) -> LazyCoach:
    """The coach, built on its first question (a session, a window, a command).

    Not in the idle tray: at start only whether the welcome is needed is asked, in one query.
    """
    return LazyCoach(
        library, safety, history, clock, journal_enabled=lambda: store.current.coach.daily_journal
    )


def progress_book_for(
    history: History,
    library: Library,
    clock: Clock,
    coach: CoachPort,
    settings: Callable[[], Settings],
) -> Callable[[], ProgressSource]:
    """The progress numbers' maker: the book is built, and its modules imported, on first use.

    Only the progress window and the finish screen ask, so an idle tray never carries it.
    """
    made: list[ProgressSource] = []

    def book() -> ProgressSource:
        if not made:
            from desk_breaks.core.progress import ProgressBook

            made.append(ProgressBook(history, library, clock, coach, settings))
        return made[0]

    return book


class DeskBreaks(QObject):
    """The running app: engine, tray, windows, history and command server, wired together."""

    def __init__(
        self,
        paths: AppPaths,
        clock: Clock,
        guard: InstanceGuard,
        parent: QObject | None = None,
        *,
        ports: Ports | None = None,
        tray_icon: QSystemTrayIcon | None = None,
        languages: LanguageSwitch | None = None,
    ) -> None:
        """Build for ``paths`` (``tray_icon``: to take over; ``languages``: picks the language)."""
        super().__init__(parent)
        self.paths = paths
        self.clock = clock
        self.ports = ports or Ports()
        # What the desktop gave Qt, for the "system" theme after a light or dark one. A copy
        # already (returned by value): QPalette(palette) would build all of Qt's enums while
        # it picks among QPalette's constructors (about 2 MiB, the memory rule).
        self._system_palette: QPalette = QApplication.palette()
        self.notices: list[str] = []

        autostart = self.ports.autostart
        self.settings_store = SettingsStore(
            paths.settings_file,
            self.notices,
            switch_autostart=(
                None
                if isinstance(autostart, NullAutostart)
                else partial(switch_autostart, autostart)
            ),
        )
        loaded = self.settings_store.read()
        self.languages = languages
        speak_settings_language(languages, loaded.settings.language, self.notices)
        self.safety, self.library = load_content(paths, self.notices)
        self.settings_store.start(
            loaded, self.library.routines, autostart_enabled=autostart_entry(autostart)
        )

        # Whatever is at the path, the app starts; a problem becomes one notice.
        self.history, history_notice = History.open(paths.history_file, clock)
        if history_notice is not None:
            self.notices.append(history_notice)
        self.icons = load_icons()
        self.tray = TrayController(
            self.icons,
            self.library.routines,
            self.settings.prompts.snooze_choices_min,
            self,
            icon=tray_icon,
        )
        self.notifier = self.ports.notifier(self.tray.icon)
        self.recorder = SafeRecorder(
            self.history, lambda message: self.notifier.notify(tr("History not saved"), message)
        )
        self.busy = BusyMonitor(self.ports.busy, self, poll_s=self.ports.busy_poll_s)
        self.engine = Engine(self.settings, clock, self.recorder, busy=self.busy.check)
        self.coach = coach_for(self.library, self.safety, self.history, clock, self.settings_store)
        self.service = CommandService(
            self.engine,
            clock,
            self.library,
            self.settings_store,
            self.recorder,
            self.history,
            self.notices,
            self.coach,
            apply_settings=self.apply_settings,
        )
        self.progress = progress_book_for(
            self.history, self.library, clock, self.coach, lambda: self.settings
        )
        self.host = EngineHost(self.engine, clock, self, clock_change=self.ports.clock_change())
        # 5 s while away: the return is stamped with the moment of input anyway, and
        # slower polling keeps an empty desk cheap (about 12 wake-ups a minute).
        self.presence = PresenceMonitor(
            self.ports.idle, clock, self.settings.idle_threshold_min * 60, self, away_poll_s=5.0
        )
        self.sleep = self.ports.sleep(self)
        self.windows = Windows(
            icon=self.icons["app"],
            store=self.settings_store,
            library=self.library,
            illustration_dirs=[
                paths.user_content_dir / "illustrations",
                assets_dir() / "illustrations",
            ],
            safety=self.safety,
            clock=clock,
            history=self.history,
            files=user_files(paths),
            tray=self.tray,
            notices=self.notices,
            command=self._command,
            apply=self.apply_settings,
            session_finished=self._session_finished,
            coach=self.coach,
            progress=self.progress,
            day_text=partial(day_text, self.progress, self.service.next_session_text),
            parent=self,
        )
        self.windows.idle_problem = why_unavailable(self.ports.idle)
        self.windows.export_requested = lambda path, fmt: self.tray.notify(
            *export_to(paths.history_file, Path(path), fmt)
        )
        self.server = CommandServer(guard, self.handle, self)
        self._shut_down = False
        self.watcher = SettingsWatcher(paths.settings_file, parent=self)
        self.settings_store.on_saved = self.watcher.note_saved
        self._wire()

    # -- settings --------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        """The settings in force (owned by :attr:`settings_store`)."""
        return self.settings_store.current

    def apply_settings(self, settings: Settings) -> str | None:
        """Put ``settings`` in force at once, then save them; return a save error or None.

        The settings stay in force when the save fails (a read-only folder, a full disk):
        the app runs on them and the message says the file was not written.
        """
        change = self.settings_store.apply(settings)
        self._settings_changed(change)
        return change.problem

    def _settings_changed(self, change: Change) -> None:
        """Bring the Qt side and the engine in line with settings just put in force."""
        old, new = change.old, change.new
        self.presence.set_threshold(new.idle_threshold_min * 60)
        if new.theme is not old.theme:
            self._apply_theme()
        if new.language != old.language and self.languages is not None:
            relabel = partial(relabel_content, self.paths, self.safety, self.library, self.notices)
            language_changed(self.languages, new.language, self.tray, relabel, self.refresh)
        if new.prompts.snooze_choices_min != old.prompts.snooze_choices_min:
            self.tray.set_snooze_choices(new.prompts.snooze_choices_min)
            self.windows.snooze_choices_changed()
        self.host.call(lambda engine: engine.apply_settings(new))

    def _settings_file_changed(self) -> None:
        """A hand edit: the store takes it whole or not at all; the user is told which."""
        reload = self.settings_store.reload_from_disk()
        if reload.change is not None:
            self._settings_changed(reload.change)
        if reload.title is not None:
            self.notifier.notify(reload.title, reload.body)

    def _wire(self) -> None:
        self.host.changed.connect(self.refresh)
        self.host.offer_changed.connect(self._on_offer)
        self.host.session_requested.connect(self.windows.open_session)
        self.host.heads_up.connect(self._show_heads_up)
        wire_tray(self.tray, self._command, self.windows, self.quit)
        self.busy.cleared.connect(lambda: self.host.call(Engine.busy_ended))
        self.busy.reason_changed.connect(lambda _reason: self.refresh())
        self.presence.went_away.connect(self._went_away)
        self.presence.came_back.connect(lambda at: self.host.call(lambda e: e.user_back(at)))
        self.sleep.about_to_sleep.connect(lambda: log.info("the system is going to sleep"))
        self.sleep.resumed.connect(lambda: log.info("the system woke up; checking the schedule"))
        self.sleep.resumed.connect(self.host.check_clock)
        self.watcher.changed.connect(self._settings_file_changed)

    def _apply_theme(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.settings.theme, self._system_palette)

    def start(self) -> None:
        """Show the tray, start listening for commands and begin the day."""
        self._apply_theme()
        self.server.start()
        self.tray.show()
        # The icon first: what a first run writes (the settings file, fsynced) comes right
        # after, on the loop's next turn; shutdown() writes it if the app quits before.
        QTimer.singleShot(0, self.settings_store.write_pending)
        last_activity = self.recorder.last_activity()
        self.host.call(lambda engine: engine.begin(last_activity))
        self.host.start()
        self.presence.start()
        if not QSystemTrayIcon.isSystemTrayAvailable():
            log.warning("no system tray is available; showing the status window instead")
            self.windows.show_status_window(until_tray=QSystemTrayIcon.isSystemTrayAvailable)
        # After the icon: the welcome (with the disclaimer and the safety check) until it
        # is answered or skipped; advice waits for the next session or journal entry.
        existing_user = self.history.last_activity() is not None
        QTimer.singleShot(0, lambda: self.windows.calm.greet(existing_user=existing_user))
        QTimer.singleShot(0, release_free_heap)  # after the turns of the loop above
        for notice in self.notices:
            log.warning("%s", notice)
        told = self.service.start_notice()
        if told is not None:
            self.notifier.notify(*told)
        log.info("started; %s", self.service.next_session_text())

    # -- reacting --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Bring the tray (or status window) and the busy watch up to date."""
        self.tray.update(self.service.snapshot(), can_snooze=self.engine.can_snooze())
        self.windows.refresh_status()
        if self.engine.state is not State.DEFERRED or self.engine.defer_reason is None:
            self.busy.cancel()

    # -- desktop ports ---------------------------------------------------------------------

    def _went_away(self, since: datetime) -> None:
        # No input while a full-screen video plays is watching, not a break.
        if self.busy.check() is not None:
            self.busy.cancel()
            return
        self.host.call(lambda engine: engine.user_away(since))

    def _show_heads_up(self, upcoming: Occurrence) -> None:
        told = self.service.heads_up_notice(upcoming)
        if told is not None:
            self.notifier.notify(*told)

    def _on_offer(self, offer: Offer | None) -> None:
        if offer is None or self.engine.state is not State.PROMPTING:
            self.windows.withdraw_prompt()
            return
        self.notifier.close()  # the heads-up has done its job
        routine = self.library.routines.get(offer.routine_id)
        if routine is None:
            log.error("the routine %r is gone; skipping the session", offer.routine_id)
            self._command(Skip())
            return
        self.windows.present_prompt(offer, routine, can_snooze=self.engine.can_snooze())

    def _session_finished(self, result: SessionResult) -> None:
        try:
            self.host.call(lambda engine: engine.finish_session(result))
        except CommandRefused as exc:
            log.warning("%s", exc)
        self.windows.calm.refresh_progress()

    def _command(self, command: Command) -> Reply:
        reply = self.handle(command)
        if not reply.ok:
            self.tray.notify(APP_NAME, reply.message)
        return reply

    # -- commands (tray, prompt and command line all come through here) ----------------------

    def handle(self, command: Command) -> Reply:
        """Carry out one command (see :class:`CommandService`) and say how it went."""
        reply = self.host.call(lambda _engine: self.service.handle(command))
        if isinstance(command, Show):  # the prompt (back after Escape) gets the keyboard
            self._on_offer(self.engine.offer)
            if not self.windows.bring_forward():
                status = self.service.next_session_text()
                self.tray.notify(APP_NAME, tr("Already running. {status}.", status=status))
        if isinstance(command, StopSession) and reply.ok:
            # Outside the engine call: closing the window reports the session's result.
            self.windows.stop_session(hurt=command.hurt)
        if reply.quit:
            QTimer.singleShot(0, self.quit)  # after the reply has gone out
        return reply

    # -- quitting ------------------------------------------------------------------------------

    def quit(self) -> None:
        """Leave cleanly: an open session counts as stopped, then everything is closed."""
        self.windows.close_session()
        self.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def shutdown(self) -> None:
        """Write what a first run left pending; stop timers; close windows, socket, database.

        Idempotent: a second call does nothing.
        """
        if self._shut_down:
            return
        self._shut_down = True
        self.settings_store.write_pending()  # a quit before start()'s turn of the loop came
        self.host.stop()
        self.watcher.stop()
        self.windows.close_all()
        self.presence.stop()
        self.busy.cancel()
        self.sleep.stop()
        self.notifier.disconnect()
        for port in (self.ports.idle, self.ports.busy):
            if port is not None:
                port.close()
        self.server.close()
        self.tray.hide()
        self.recorder.close()  # a last try for unsaved sessions, then the database closes
