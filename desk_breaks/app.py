"""The composition root: the one place that builds and wires everything.

Nothing else in the package creates long-lived objects or reads the user's folders; every
piece gets what it needs from here, which is also what lets the tests build the same app
around temporary folders and a fake clock.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from desk_breaks import APP_ID, APP_NAME, __version__, assets_dir
from desk_breaks.core import settings_file
from desk_breaks.core.clock import Clock, SystemClock, real_time_between
from desk_breaks.core.commands import (
    Autostart,
    Command,
    Meeting,
    Pause,
    Quit,
    Reply,
    Resume,
    Show,
    Skip,
    Snooze,
    Start,
    Status,
)
from desk_breaks.core.content import Library, Safety, load_library, load_safety
from desk_breaks.core.engine import CommandRefused, Engine, Offer, SessionResult, State
from desk_breaks.core.history import History
from desk_breaks.core.paths import AppPaths
from desk_breaks.core.recorder import SafeRecorder
from desk_breaks.core.schedule import SessionKind
from desk_breaks.core.settings import DialogSize, Settings, repair, validate
from desk_breaks.desktop.autostart import Autostart as AutostartPort
from desk_breaks.desktop.autostart import AutostartError, switch_autostart
from desk_breaks.desktop.busy import BusySource
from desk_breaks.desktop.busy_monitor import BusyMonitor
from desk_breaks.desktop.idle import IdleSource
from desk_breaks.desktop.instance import CommandServer, InstanceGuard
from desk_breaks.desktop.notify import Notifier, NullNotifier
from desk_breaks.desktop.presence import PresenceMonitor
from desk_breaks.desktop.sleep import NullSleepWatcher, SleepWatcher
from desk_breaks.ui.art import Illustrations
from desk_breaks.ui.engine_host import EngineHost
from desk_breaks.ui.presentation import (
    Snapshot,
    next_session_text,
    outcome_words,
    prompt_headline,
    routine_name,
    status_data,
    time_left_text,
)
from desk_breaks.ui.settings_watcher import SettingsWatcher
from desk_breaks.ui.theme import apply_theme
from desk_breaks.ui.tray import TrayController

if TYPE_CHECKING:
    # Imported when first opened: an idle tray app need not carry them (about 7 MiB).
    from desk_breaks.desktop.clock_change import ClockChangeSource
    from desk_breaks.ui.prompt import PromptWindow
    from desk_breaks.ui.session_dialog import SessionDialog
    from desk_breaks.ui.settings.dialog import SettingsDialog
    from desk_breaks.ui.status_window import StatusWindow

log = logging.getLogger("desk_breaks")

TRAY_ICON_NAMES = ("tray-active", "tray-due", "tray-snoozed", "tray-paused")


def load_icons() -> dict[str, QIcon]:
    """Load the app and tray icons from the SVGs in ``assets/icons``."""
    folder = assets_dir() / "icons"
    icons = {name: QIcon(str(folder / f"{name}.svg")) for name in TRAY_ICON_NAMES}
    icons["app"] = QIcon(str(folder / "desk-breaks.svg"))
    return icons


def _no_notifier(tray: QSystemTrayIcon | None) -> Notifier:
    return NullNotifier("notifications are not wired in this set-up")


def _no_sleep_watcher(parent: QObject) -> SleepWatcher:
    return NullSleepWatcher("suspend is noticed by the clock-jump check only", parent)


@dataclass
class Ports:
    """The desktop ports the app talks to. :func:`system_ports` makes the real ones.

    The defaults are inert (no idle time, never busy, no notifications, no autostart), which
    is what the UI tests want; they inject fakes where a test is about a port.
    """

    idle: IdleSource | None = None
    busy: BusySource | None = None
    notifier: Callable[[QSystemTrayIcon | None], Notifier] = field(default=_no_notifier)
    sleep: Callable[[QObject], SleepWatcher] = field(default=_no_sleep_watcher)
    autostart: AutostartPort | None = None
    busy_poll_s: float = 5.0
    """How often a busy state is asked again until it clears."""
    clock_change: Callable[[], ClockChangeSource | None] = field(default=lambda: None)
    """Opens the OS's report of a set clock (None: the minute check notices it)."""


def system_ports() -> Ports:
    """Pick this desktop's backends; each factory logs once what is unavailable and why."""
    from desk_breaks.desktop.autostart import make_autostart
    from desk_breaks.desktop.busy import create_busy_source
    from desk_breaks.desktop.clock_change import open_clock_change_source
    from desk_breaks.desktop.idle import create_idle_source
    from desk_breaks.desktop.notify import make_notifier
    from desk_breaks.desktop.sleep import make_sleep_watcher

    return Ports(
        idle=create_idle_source(),
        busy=create_busy_source(),
        notifier=lambda tray: make_notifier(tray),
        sleep=lambda parent: make_sleep_watcher(parent),
        autostart=make_autostart(),
        clock_change=open_clock_change_source,
    )


class DeskBreaks(QObject):
    """The running app: engine, tray, prompt, sessions, history and command server."""

    def __init__(
        self,
        paths: AppPaths,
        clock: Clock,
        guard: InstanceGuard,
        parent: QObject | None = None,
        *,
        ports: Ports | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.clock = clock
        self.ports = ports or Ports()
        # What the desktop gave Qt, for the "system" theme after a light or dark one.
        self._system_palette = QPalette(QApplication.palette())
        self.notices: list[str] = []

        # The single-instance lock is held: a temporary file of ours is from a killed save.
        for stale in settings_file.remove_stale_temp_files(paths.config_dir):
            log.info("removed %s, left by a save that was interrupted", stale)
        # Bad values arrive here already put back to their defaults (one check, the same
        # for hand edits); the file itself is never changed by reading it.
        loaded = settings_file.load(paths.settings_file)
        first_run = loaded.missing
        if loaded.problem:
            self.notices.append(loaded.problem)
        self.notices.extend(f"{paths.settings_file}: {issue}" for issue in loaded.issues)

        self.library: Library = load_library([assets_dir(), paths.user_content_dir])
        self.notices.extend(
            f"Skipped {problem.path} — {problem.message}" for problem in self.library.problems
        )
        self.safety: Safety = load_safety(assets_dir() / "safety.toml")
        self.settings = self._usable(loaded.settings)
        followed_entry = self._follow_autostart_entry()
        # A file that could not be read, or held values that were not used, stays exactly
        # as the user left it until they save on purpose (Settings, or a command).
        if first_run or (followed_entry and loaded.may_overwrite):
            self._save_quietly(self.settings)

        # Whatever is at the path, the app starts; a problem becomes one notice.
        self.history, history_notice = History.open(paths.history_file, clock)
        if history_notice is not None:
            self.notices.append(history_notice)
        self.icons = load_icons()
        self.illustrations = Illustrations(
            [paths.user_content_dir / "illustrations", assets_dir() / "illustrations"]
        )
        self.tray = TrayController(
            self.icons, self.library.routines, self.settings.prompts.snooze_choices_min, self
        )
        self.notifier = self.ports.notifier(self.tray.icon)
        self.recorder = SafeRecorder(
            self.history, lambda message: self.notifier.notify("History not saved", message)
        )
        self.busy = BusyMonitor(self.ports.busy, self, poll_s=self.ports.busy_poll_s)
        self.engine = Engine(self.settings, clock, self.recorder, busy=self.busy.check)
        self.host = EngineHost(self.engine, clock, self, clock_change=self.ports.clock_change())
        # 5 s while away: the return is stamped with the moment of input anyway, and
        # slower polling keeps an empty desk cheap (about 12 wake-ups a minute).
        self.presence = PresenceMonitor(
            self.ports.idle, clock, self.settings.idle_threshold_min * 60, self, away_poll_s=5.0
        )
        self.sleep = self.ports.sleep(self)
        self.heads_up = QTimer(self)
        self.heads_up.setSingleShot(True)
        self.heads_up.setTimerType(Qt.TimerType.CoarseTimer)
        self._heads_up_for: datetime | None = None
        self.status_window: StatusWindow | None = None
        self._prompt: PromptWindow | None = None
        self.session: SessionDialog | None = None
        self.server = CommandServer(guard, self.handle, self)
        self._first_run = first_run
        self._shut_down = False
        self._settings_dialog: SettingsDialog | None = None
        self.watcher = SettingsWatcher(paths.settings_file, parent=self)
        self._wire()

    # -- building --------------------------------------------------------------------------

    def _usable(self, settings: Settings) -> Settings:
        """Return ``settings`` safe to run on, saying what was changed, instead of failing later.

        A value that is not allowed falls back to its default (``repair``: a no-op for
        settings from the file, which ``settings_file.load`` has already repaired, and the
        guard for any other caller), and sessions whose routine is missing are switched off.
        """
        settings, repaired = repair(settings)
        for issue in repaired:
            self.notices.append(f"{self.paths.settings_file}: {issue}")
        known = self.library.routines
        # After the repair only missing routines are left to report.
        for issue in validate(settings, known):
            self.notices.append(f"{self.paths.settings_file}: {issue}; it is switched off")
        slots = tuple(
            slot if slot.routine in known else replace(slot, enabled=False)
            for slot in settings.slots
        )
        check_ins = settings.check_ins
        if check_ins.routine not in known:
            check_ins = replace(check_ins, enabled=False)
        return replace(settings, slots=slots, check_ins=check_ins)

    def _follow_autostart_entry(self) -> bool:
        """Make ``start_at_login`` say what the desktop will do; True when it changed.

        The entry itself is the truth: ``desk-breaks autostart on`` may have written it while
        the app was not running, or the user removed it in the desktop's own settings.
        """
        port = self.ports.autostart
        if port is None:
            return False
        try:
            enabled = port.is_enabled()
        except AutostartError as exc:
            log.warning("Cannot tell whether Desk Breaks starts at login: %s", exc)
            return False
        if enabled == self.settings.start_at_login:
            return False
        self.settings = replace(self.settings, start_at_login=enabled)
        return True

    def _save_quietly(self, settings: Settings) -> None:
        message = self._save(settings)
        if message is not None:
            self.notices.append(message)

    def _save(self, settings: Settings) -> str | None:
        """Write the settings file; return the error for people, or None."""
        try:
            written = settings_file.save(self.paths.settings_file, settings)
        except settings_file.SaveError as exc:
            log.error("%s", exc)
            return str(exc)
        watcher = getattr(self, "watcher", None)  # not yet made on the first-run save
        if watcher is not None:
            watcher.note_saved(written)
        return None

    def apply_settings(self, settings: Settings) -> str | None:
        """Put ``settings`` in force at once, then save them; return a save error or None.

        The settings stay in force when the save fails (a read-only folder, a full disk):
        the app runs on them and the message says the file was not written.
        """
        problem = self._use(settings)
        saved = self._save(self.settings)
        return "; ".join(p for p in (problem, saved) if p) or None

    def _use(self, settings: Settings) -> str | None:
        old = self.settings
        self.settings = self._usable(settings)
        self.engine.apply_settings(self.settings)
        self.presence.set_threshold(self.settings.idle_threshold_min * 60)
        if self.settings.theme is not old.theme:
            self._apply_theme()
        if self.settings.prompts.snooze_choices_min != old.prompts.snooze_choices_min:
            self.tray.set_snooze_choices(self.settings.prompts.snooze_choices_min)
            if self._prompt is not None and not self._prompt.isVisible():
                self._prompt.deleteLater()  # made again with the new choices when needed
                self._prompt = None
        problem = None
        if self.settings.start_at_login != old.start_at_login and self.ports.autostart:
            ok, message = switch_autostart(self.ports.autostart, self.settings.start_at_login)
            problem = None if ok else message
        self.host.rearm()
        self.refresh()
        return problem

    def _settings_file_changed(self) -> None:
        """A hand edit: read it, check it, and apply it or say what is wrong."""
        path = self.paths.settings_file
        loaded = settings_file.load(path)
        if loaded.problem:
            self.notifier.notify("Settings file not used", loaded.problem)
            return
        # The same check as at start (load repairs and reports); an edit with a fault is
        # refused as a whole, so the settings in use stay as they were.
        issues = [issue.problem for issue in loaded.issues]
        issues += [issue.problem for issue in validate(loaded.settings, self.library.routines)]
        if issues:
            issues.append("Nothing was changed: the settings in use stay as they were.")
            self.notifier.notify(f"{path.name} has problems; not applied", "\n".join(issues))
            return
        if loaded.settings == self.settings:
            return
        problem = self._use(loaded.settings)
        log.info("applied the settings edited in %s", path)
        self.notifier.notify("Settings updated", problem or f"Applied your changes to {path.name}.")

    def _wire(self) -> None:
        self.host.changed.connect(self.refresh)
        self.host.offer_changed.connect(self._on_offer)
        self.host.session_requested.connect(self._open_session)
        t = self.tray
        t.start_requested.connect(lambda rid: self._command(Start(rid)))
        t.snooze_requested.connect(lambda m: self._command(Snooze(m)))
        t.skip_requested.connect(lambda: self._command(Skip()))
        t.pause_requested.connect(lambda v: self._command(Pause(v)))
        t.resume_requested.connect(lambda: self._command(Resume()))
        t.meeting_requested.connect(lambda m: self._command(Meeting(m)))
        t.settings_requested.connect(self.show_settings)
        t.quit_requested.connect(self.quit)
        self.busy.cleared.connect(self._busy_cleared)
        self.busy.reason_changed.connect(lambda _reason: self.refresh())
        self.presence.went_away.connect(self._went_away)
        self.presence.came_back.connect(self._came_back)
        self.sleep.about_to_sleep.connect(lambda: log.info("the system is going to sleep"))
        self.sleep.resumed.connect(self._resumed)
        self.heads_up.timeout.connect(self._show_heads_up)
        self.watcher.changed.connect(self._settings_file_changed)

    @property
    def prompt(self) -> PromptWindow:
        """The prompt window, made when first needed: most of the day there is none to show."""
        if self._prompt is None:
            from desk_breaks.ui.prompt import PromptWindow

            prompt = PromptWindow(self.settings.prompts.snooze_choices_min, self.icons["app"])
            prompt.start_requested.connect(lambda: self._command(Start()))
            prompt.snooze_requested.connect(lambda m: self._command(Snooze(m)))
            prompt.skip_requested.connect(lambda: self._command(Skip()))
            self._prompt = prompt
        return self._prompt

    def _withdraw_prompt(self) -> None:
        if self._prompt is not None:
            self._prompt.withdraw()

    def _apply_theme(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.settings.theme, self._system_palette)

    def start(self) -> None:
        """Show the tray, start listening for commands and begin the day."""
        self._apply_theme()
        self.server.start()
        self.tray.show()
        self.engine.begin(self.recorder.last_activity())
        self.host.start()
        self.presence.start()
        if not QSystemTrayIcon.isSystemTrayAvailable():
            log.warning("no system tray is available; showing the status window instead")
            self.show_status_window()
        self.refresh()
        if self._first_run:
            self.notifier.notify(f"Welcome to {APP_NAME}", self.safety.disclaimer)
        for notice in self.notices:
            log.warning("%s", notice)
        if len(self.notices) == 1:
            self.notifier.notify(APP_NAME, self.notices[0])
        elif self.notices:
            # One notification for all of them: a burst of bubbles would hide all but the last.
            self.notifier.notify(
                f"{APP_NAME}: {len(self.notices)} problems at start",
                "\n".join(f"• {notice}" for notice in self.notices),
            )
        log.info("started; %s", next_session_text(self.snapshot(), self.library.routines))

    # -- reacting --------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The state as the tray and the command line show it."""
        engine = self.engine
        return Snapshot(
            state=engine.state,
            now=self.clock.now(),
            offer=engine.offer,
            next_due=engine.next_due(),
            snoozed_until=engine.snoozed_until,
            paused_until=engine.paused_until,
            meeting_until=engine.meeting_until,
            defer_reason=engine.defer_reason,
            away_since=engine.away_since,
        )

    def refresh(self) -> None:
        """Bring the tray (or status window), the busy watch and the heads-up up to date."""
        self.tray.update(self.snapshot(), can_snooze=self.engine.can_snooze())
        if self.status_window is not None:
            self.status_window.refresh()
        if self.engine.state is not State.DEFERRED or self.engine.defer_reason is None:
            self.busy.cancel()
        self._arm_heads_up()

    def show_status_window(self) -> None:
        """Show the no-tray window with the tray's actions (made on first use)."""
        from desk_breaks.ui.status_window import StatusWindow

        if self.status_window is None:
            self.status_window = StatusWindow(self.tray, self.icons["app"])
            self.status_window.set_notices(self.notices)
        self.status_window.refresh()
        self.status_window.show()

    # -- desktop ports ---------------------------------------------------------------------

    def _busy_cleared(self) -> None:
        self.engine.busy_ended()
        self.host.rearm()
        self.refresh()

    def _went_away(self, since: datetime) -> None:
        # No input while a full-screen video plays is watching, not a break.
        if self.busy.check() is not None:
            self.busy.cancel()
            return
        self.engine.user_away(since)
        self.host.rearm()
        self.refresh()

    def _came_back(self, at: datetime) -> None:
        self.engine.user_back(at)
        self.host.rearm()
        self.refresh()

    def _resumed(self) -> None:
        log.info("the system woke up; checking the schedule")
        self.host.check_clock()

    def _arm_heads_up(self) -> None:
        """Arm the heads-up for the next full session (none for check-ins)."""
        lead_s = self.settings.prompts.heads_up_s
        upcoming = self.engine.next_due()
        if (
            lead_s <= 0
            or self.engine.state is not State.WAITING
            or upcoming is None
            or upcoming.kind is not SessionKind.FULL
        ):
            self.heads_up.stop()
            self._heads_up_for = None
            return
        if self._heads_up_for == upcoming.due_at and self.heads_up.isActive():
            return
        wait_s = real_time_between(self.clock.now(), upcoming.due_at).total_seconds() - lead_s
        if wait_s < 0:
            return  # too late for a heads-up: the prompt comes soon
        self._heads_up_for = upcoming.due_at
        self.heads_up.start(int(min(wait_s, 24 * 3600) * 1000))

    def _show_heads_up(self) -> None:
        upcoming = self.engine.next_due()
        if upcoming is None or upcoming.due_at != self._heads_up_for:
            self._arm_heads_up()
            return
        left = real_time_between(self.clock.now(), upcoming.due_at).total_seconds()
        if left > self.settings.prompts.heads_up_s + 60:
            self._arm_heads_up()  # the timer fired early (coarse, or the clock moved)
            return
        routine = self.library.routines.get(upcoming.routine_id)
        if routine is None:
            return
        self.notifier.notify(
            f"{routine.name} in {max(1, round(left))} seconds",
            prompt_headline(routine),
        )

    def _on_offer(self, offer: Offer | None) -> None:
        if offer is None or self.engine.state is not State.PROMPTING:
            self._withdraw_prompt()
            return
        self.notifier.close()  # the heads-up has done its job
        routine = self.library.routines.get(offer.routine_id)
        if routine is None:
            log.error("the routine %r is gone; skipping the session", offer.routine_id)
            self._command(Skip())
            return
        self.prompt.present(offer, routine, can_snooze=self.engine.can_snooze())

    def _open_session(self, routine_id: str, key: str) -> None:
        from desk_breaks.ui.session_dialog import SessionDialog
        from desk_breaks.ui.sound import make_cue_player

        routine = self.library.routine(routine_id)
        self._withdraw_prompt()
        if self.session is not None:
            self.session.close()  # a finish screen still open from the last session
        dialog = SessionDialog(
            routine,
            self.clock,
            self.illustrations,
            self.safety,
            reduced_motion=self.settings.reduced_motion,
            full_screen=self.settings.dialog_size is DialogSize.FULL_SCREEN,
            cues=make_cue_player(self.settings.prompts.sounds, self.settings.prompts.volume_pct),
        )
        dialog.setWindowIcon(self.icons["app"])
        # The finish and safety screens outlive the result; the window goes when closed.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.session_finished.connect(self._session_finished)
        dialog.destroyed.connect(self._session_window_gone)
        self.session = dialog
        dialog.begin()

    def _session_window_gone(self) -> None:
        self.session = None

    def _session_finished(self, result: SessionResult) -> None:
        try:
            self.engine.finish_session(result)
        except CommandRefused as exc:
            log.warning("%s", exc)
        self.host.rearm()
        self.refresh()

    def _command(self, command: Command) -> Reply:
        reply = self.handle(command)
        if not reply.ok:
            self.tray.notify("Desk Breaks", reply.message)
        return reply

    # -- commands (tray, prompt and command line all come through here) ----------------------

    def handle(self, command: Command) -> Reply:
        """Carry out one command and say how it went."""
        # Catch the engine up with the clock first: a clock set since the last wake-up
        # (noticed otherwise only by the once-a-minute check) must not shape the answer.
        self.engine.tick()
        try:
            reply = self._dispatch(command)
        except CommandRefused as exc:
            reply = Reply(False, str(exc))
        self.host.rearm()
        self.refresh()
        return reply

    def _dispatch(self, command: Command) -> Reply:
        engine = self.engine
        now = self.clock.now()
        match command:
            case Status():
                return self._status()
            case Show():
                if engine.state is State.PROMPTING and engine.offer is not None:
                    self._on_offer(engine.offer)
                text = next_session_text(self.snapshot(), self.library.routines)
                self.tray.notify(APP_NAME, f"Already running. {text}.")
                return Reply(True, f"Desk Breaks is already running. {text}.")
            case Start(routine=routine_id):
                if routine_id is not None and routine_id not in self.library.routines:
                    known = ", ".join(sorted(self.library.routines))
                    return Reply(False, f"There is no routine {routine_id!r}. Known: {known}.")
                if routine_id is None and engine.offer is None:
                    upcoming = engine.next_due()
                    routine_id = (
                        upcoming.routine_id if upcoming else self.settings.check_ins.routine
                    )
                started = engine.start(routine_id)
                return Reply(True, f"Starting {self.library.routine(started).name}.")
            case Snooze(minutes=minutes):
                until = engine.snooze(minutes)
                return Reply(True, f"Snoozed until {until:%H:%M}.")
            case Skip():
                engine.skip()
                return Reply(True, "Skipped.")
            case Pause(minutes="tomorrow"):
                until = engine.pause_until_tomorrow()
                return Reply(True, f"Paused until {until:%a %H:%M}.")
            case Pause(minutes=int(minutes)):
                until = engine.pause_for(minutes)
                left = time_left_text(real_time_between(now, until))
                return Reply(True, f"Paused until {until:%H:%M} ({left}).")
            case Resume():
                engine.resume()
                return Reply(True, "Resumed.")
            case Quit():
                QTimer.singleShot(0, self.quit)
                return Reply(True, "Quitting Desk Breaks.")
            case Meeting(minutes="off"):
                engine.meeting_off()
                return Reply(True, "Meeting mode is off; anything held comes in a minute.")
            case Meeting(minutes=int(minutes)):
                until = engine.meeting_for(minutes)
                return Reply(True, f"Meeting mode until {until:%H:%M}: nothing will interrupt.")
            case Autostart(enabled=enabled):
                return self._set_autostart(enabled)
        return Reply(False, f"Unknown command {command!r}.")

    def _set_autostart(self, enabled: bool) -> Reply:
        port = self.ports.autostart
        if port is None:
            return Reply(False, "Starting at login is not available on this system.")
        ok, message = switch_autostart(port, enabled)
        if ok and self.settings.start_at_login != enabled:
            self.settings = replace(self.settings, start_at_login=enabled)
            self._save_quietly(self.settings)
        return Reply(ok, message)

    def _status(self) -> Reply:
        snap = self.snapshot()
        data = status_data(snap, self.library.routines)
        data["version"] = __version__
        data["notices"] = list(self.notices)
        # Through the recorder: sessions not yet written (a full disk) still count.
        recent = self.recorder.recent(1)
        last = recent[0] if recent else None
        if last is not None:
            data["last"] = {
                "slot": last.key,
                "routine": last.routine_id,
                "outcome": last.outcome.value,
                "at": last.at.isoformat(),
                "exercises_done": list(last.exercises_done),
            }
        today = snap.now.replace(hour=0, minute=0, second=0, microsecond=0)
        summary = self.recorder.summary_since(today)
        data["history"] = {"state": self.history.state.value, "unsaved": self.recorder.unsaved}
        data["today"] = {
            "completed": summary.completed,
            "partial": summary.partial,
            "skipped": summary.skipped,
            "snoozed": summary.snoozed,
            "stopped": summary.stopped,
        }
        headline = f"Desk Breaks {__version__}: {data['summary']}"
        if snap.state is State.WAITING and snap.next_due is not None:
            headline += f" ({time_left_text(real_time_between(snap.now, snap.next_due.due_at))})"
        lines = [f"{headline}."]
        lines.append(
            f"Today: {summary.completed} completed, {summary.partial} partly done, "
            f"{summary.skipped} skipped, {summary.snoozed} snoozed."
        )
        if last is not None:
            name = routine_name(last.routine_id, self.library.routines)
            when = last.at.astimezone(snap.now.tzinfo)
            lines.append(f"Last: {name} — {outcome_words(last.outcome)} at {when:%H:%M}.")
        return Reply(True, "\n".join(lines), data)

    # -- windows and quitting ---------------------------------------------------------------------

    def show_settings(self) -> None:
        """Open the settings dialog (or bring the open one forward)."""
        if self._settings_dialog is not None:
            self._settings_dialog.raise_()
            self._settings_dialog.activateWindow()
            return
        from desk_breaks.ui.settings.dialog import SettingsDialog
        from desk_breaks.ui.sound import probe_sound

        dialog = SettingsDialog(
            self.settings,
            self.library,
            self.illustrations,
            apply=self.apply_settings,
            history=self.history.recent(200),
            files={
                "Settings file": self.paths.settings_file,
                "History database": self.paths.history_file,
                "Your own exercises and routines": self.paths.user_content_dir,
            },
            notices=self.notices,
            sound_problem=probe_sound(),
            now=self.clock.now(),
        )
        dialog.setWindowIcon(self.icons["app"])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._settings_dialog_gone)
        self._settings_dialog = dialog
        dialog.show()

    def _settings_dialog_gone(self) -> None:
        self._settings_dialog = None

    def quit(self) -> None:
        """Leave cleanly: an open session counts as stopped, then everything is closed."""
        if self.session is not None:
            self.session.close()
        self.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def shutdown(self) -> None:
        """Stop timers, close windows, the socket and the database (idempotent)."""
        if self._shut_down:
            return
        self._shut_down = True
        self.host.stop()
        self.heads_up.stop()
        self.watcher.stop()
        if self._settings_dialog is not None:
            self._settings_dialog.close()
        self.presence.stop()
        self.busy.cancel()
        self.sleep.stop()
        self.notifier.disconnect()
        for port in (self.ports.idle, self.ports.busy):
            if port is not None:
                port.close()
        if self.status_window is not None:
            self.status_window.hide()
            self.status_window.deleteLater()
            self.status_window = None
        self.server.close()
        if self._prompt is not None:
            self._prompt.withdraw()
            self._prompt.deleteLater()
            self._prompt = None
        self.tray.hide()
        self.recorder.close()  # a last try for unsaved sessions, then the database closes


def _configure_logging() -> None:
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


START_FAILURE_TITLE = f"{APP_NAME} cannot start"
"""The title of the dialog that says why the app could not start."""


def _display_available() -> bool:
    """Whether a dialog would reach a person (not offscreen, not a session without a screen)."""
    import os

    qapp = QApplication.instance()
    if isinstance(qapp, QGuiApplication):
        return QGuiApplication.platformName() not in ("offscreen", "minimal")
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0]
    if platform in ("offscreen", "minimal"):
        return False
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def show_start_failure(
    reason: str, argv: list[str] | None = None, *, show_box: bool | None = None
) -> int:
    """Tell the user why the app cannot start, and return the exit code for it.

    Started from a menu or at login, the app's stderr goes nowhere, so besides printing and
    logging the reason it shows a modal message box titled :data:`START_FAILURE_TITLE`
    (``show_box`` None: whenever a display is available) and returns when it is closed.
    ``argv`` is for the QApplication the box may need.
    """
    from desk_breaks.cli import EXIT_CANNOT_START

    _configure_logging()
    text = reason[:1].upper() + reason[1:]
    print(f"{START_FAILURE_TITLE}: {reason}", file=sys.stderr)
    log.error("cannot start: %s", reason)
    if show_box if show_box is not None else _display_available():
        from PySide6.QtWidgets import QMessageBox

        qapp = QApplication.instance() or QApplication(argv or [sys.argv[0]])
        assert isinstance(qapp, QApplication)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            START_FAILURE_TITLE,
            text,
            QMessageBox.StandardButton.Ok,
        )
        box.setObjectName("start-failure")
        box.exec()
        box.deleteLater()
    return EXIT_CANNOT_START


def run(argv: list[str], *, paths: AppPaths | None = None) -> int:
    """Start the GUI app and run until it quits; return the exit code.

    Whatever keeps it from starting (no safe runtime folder, a lock it cannot take, a
    running instance that does not answer) goes through :func:`show_start_failure`. A
    running instance that answers is told to show itself, and that is success.
    """
    from desk_breaks.core.paths import NoSafeRuntimeDir
    from desk_breaks.desktop.instance import send_command

    _configure_logging()
    try:
        paths = paths or AppPaths.for_user()
    except NoSafeRuntimeDir as exc:
        return show_start_failure(str(exc), argv)
    guard = InstanceGuard(paths.runtime_dir)
    try:
        acquired = guard.try_acquire()
    except OSError as exc:
        return show_start_failure(f"cannot take the single-instance lock: {exc}", argv)
    if not acquired:
        # Started at the same moment as another one, or the other one is stuck.
        reply = send_command(paths.runtime_dir, Show(), timeout_ms=1500)
        if reply is not None and reply.ok:
            print(reply.message)
            return 0
        # None: it quit in the meantime, and the lock is free again.
        if reply is not None or not guard.try_acquire():
            from desk_breaks.cli import not_responding

            message = reply.message if reply is not None else "it holds the lock"
            return show_start_failure(not_responding(message), argv)
    qapp = QApplication.instance() or QApplication(argv)
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("desk-breaks")
    qapp.setApplicationDisplayName(APP_NAME)
    qapp.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)
    qapp.setQuitOnLastWindowClosed(False)
    app = DeskBreaks(paths, SystemClock(), guard, ports=system_ports())
    # Told first: the folder refused is a neighbour's doing, the rest the user's own files.
    app.notices[:0] = paths.runtime_notices
    qapp.setWindowIcon(app.icons["app"])
    try:
        app.start()
    except OSError as exc:  # the command socket could not be set up
        app.shutdown()
        guard.release()
        return show_start_failure(str(exc), argv)
    try:
        return qapp.exec()
    finally:
        app.shutdown()
        guard.release()
