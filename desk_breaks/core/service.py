"""Carrying out commands: what the tray, the prompt and the command line ask, and the answer.

:class:`CommandService` is where every :data:`~desk_breaks.core.commands.Command` ends,
whoever sent it: it catches the engine up with the clock, calls the engine, and words the
:class:`~desk_breaks.core.commands.Reply` (``status`` included). It has no Qt and no
windows, so it is tested on a :class:`~desk_breaks.core.clock.ManualClock` like the
engine. What only the app can do is left to it: ``Reply.quit`` says to leave once the
reply is on its way, and ``Show`` brings the app's own windows forward there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from desk_breaks import APP_NAME, __version__
from desk_breaks.core.clock import Clock, real_time_between
from desk_breaks.core.commands import (
    ChooseExercise,
    Command,
    Journal,
    Meeting,
    Pause,
    Quit,
    Rate,
    Reply,
    Resume,
    SetAutostart,
    Show,
    Skip,
    Snooze,
    Start,
    Status,
    StopSession,
    UseSettings,
)
from desk_breaks.core.content import Library
from desk_breaks.core.engine import CommandRefused, Engine, Outcome, Record, State
from desk_breaks.core.history import History
from desk_breaks.core.presentation import (
    Snapshot,
    exercise_name,
    next_session_text,
    prompt_headline,
    routine_name,
    session_words,
    status_data,
    time_left_text,
)
from desk_breaks.core.recorder import SafeRecorder
from desk_breaks.core.schedule import Occurrence
from desk_breaks.core.settings import Settings
from desk_breaks.core.settings_store import SettingsStore

if TYPE_CHECKING:
    from desk_breaks.core.coach_api import CoachPort


class CommandService:
    """Carries out commands on the engine and says how they went."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        library: Library,
        settings: SettingsStore,
        recorder: SafeRecorder,
        history: History,
        notices: Sequence[str],
        coach: CoachPort | None = None,
        apply_settings: Callable[[Settings], str | None] | None = None,
    ) -> None:
        """Serve ``engine``; ``notices`` are the app's start-up problems (``status`` shows them).

        ``coach`` answers ``rate`` and ``journal`` and gives ``status`` each exercise's state.
        ``apply_settings`` puts settings in force everywhere and saves them (the app's own
        ``apply_settings``), for ``desk-breaks settings-import``.
        """
        self.engine = engine
        self.clock = clock
        self.library = library
        self.settings = settings
        self.recorder = recorder
        self.history = history
        self.notices = notices
        self.coach = coach
        self.apply_settings = apply_settings

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

    def next_session_text(self) -> str:
        """The first line of the tray menu, e.g. "Lunch reset at 12:30"."""
        return next_session_text(self.snapshot(), self.library.routines)

    def start_notice(self) -> tuple[str, str] | None:
        """The one notification (title, body) for the problems met at start, if any."""
        notices = self.notices
        if len(notices) == 1:
            return APP_NAME, notices[0]
        if notices:
            # One notification for all of them: a burst of bubbles would hide all but the last.
            body = "\n".join(f"• {notice}" for notice in notices)
            return f"{APP_NAME}: {len(notices)} problems at start", body
        return None

    def heads_up_notice(self, upcoming: Occurrence) -> tuple[str, str] | None:
        """The heads-up (title, body) for ``upcoming``; None if its routine is gone."""
        routine = self.library.routines.get(upcoming.routine_id)
        if routine is None:
            return None
        left = real_time_between(self.clock.now(), upcoming.due_at).total_seconds()
        return f"{routine.name} in {max(1, round(left))} seconds", prompt_headline(routine)

    def handle(self, command: Command) -> Reply:
        """Carry out one command and say how it went (a refusal is a Reply, not an error)."""
        # Catch the engine up with the clock first: a clock set since the last wake-up
        # (noticed otherwise only by the once-a-minute check) must not shape the answer.
        self.engine.tick()
        try:
            return self._dispatch(command)
        except CommandRefused as exc:
            return Reply(False, str(exc))

    def _dispatch(self, command: Command) -> Reply:
        engine = self.engine
        now = self.clock.now()
        match command:
            case Status():
                return self.status()
            case Show():
                return Reply(True, f"{APP_NAME} is already running. {self.next_session_text()}.")
            case Start(routine=routine_id):
                return self._start(routine_id)
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
                return Reply(True, f"Quitting {APP_NAME}.", quit=True)
            case Meeting(minutes="off"):
                engine.meeting_off()
                return Reply(True, "Meeting mode is off; anything held comes in a minute.")
            case Meeting(minutes=int(minutes)):
                until = engine.meeting_for(minutes)
                return Reply(True, f"Meeting mode until {until:%H:%M}: nothing will interrupt.")
            case SetAutostart(enabled=enabled):
                return Reply(*self.settings.switch_start_at_login(enabled))
            case Rate(feeling=feeling):
                if self.coach is None:
                    return Reply(False, "The coach is not available.")
                from desk_breaks.core.coach_types import Feeling  # the coach's: on first use

                said = self.coach.rate(Feeling(feeling))
                return Reply(not said.startswith("There is no"), said)
            case Journal(score=score, note=note):
                if self.coach is None:
                    return Reply(False, "The coach is not available.")
                return Reply(True, self.coach.journal(score, note))
            case ChooseExercise(exercise=exercise_id, action=action):
                if self.coach is None:
                    return Reply(False, "The coach is not available.")
                if exercise_id not in self.library.exercises:
                    known = ", ".join(sorted(self.library.exercises))
                    return Reply(False, f"There is no exercise {exercise_id!r}. Known: {known}.")
                from desk_breaks.core.coach_types import Action

                chosen = Action(action)
                exercise = self.library.exercises[exercise_id]
                if chosen is Action.USE_GENTLER and exercise.regression is None:
                    return Reply(False, f"{exercise.name} has no gentler version.")
                return Reply(True, self.coach.choose(exercise_id, chosen))
            case UseSettings(toml=text):
                return self._use_settings(text)
            case StopSession(hurt=hurt):
                # The app closes the window once this reply says yes (Qt is its side).
                if engine.state is not State.IN_SESSION:
                    return Reply(False, "No session is running.")
                if hurt:
                    return Reply(
                        True, "Stopped for pain or dizziness. The safety advice is on screen."
                    )
                return Reply(True, "Session stopped.")
        return Reply(False, f"Unknown command {command!r}.")

    def _use_settings(self, text: str) -> Reply:
        from desk_breaks.core.transfer import read_settings_text  # only for an import

        if self.apply_settings is None:
            return Reply(False, "This Desk Breaks cannot take settings from the command line.")
        try:
            settings = read_settings_text(
                text.encode("utf-8"), "The imported settings", self.library.routines
            )
        except ValueError as exc:
            return Reply(False, str(exc))
        problem = self.apply_settings(settings)
        if problem:
            return Reply(True, f"The imported settings are in use, but: {problem}")
        return Reply(True, "The imported settings are in use and saved.")

    def _start(self, routine_id: str | None) -> Reply:
        routines = self.library.routines
        if routine_id is not None and routine_id not in routines:
            known = ", ".join(sorted(routines))
            return Reply(False, f"There is no routine {routine_id!r}. Known: {known}.")
        if routine_id is None and self.engine.offer is None:
            upcoming = self.engine.next_due()
            routine_id = (
                upcoming.routine_id if upcoming else self.settings.current.check_ins.routine
            )
        started = self.engine.start(routine_id)
        return Reply(True, f"Starting {self.library.routine(started).name}.")

    def status(self) -> Reply:
        """The state, today's outcomes and the last session, for people and for programs."""
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
            "pain_stops": summary.pain_stops,
        }
        if self.coach is not None:
            data.update(coach_status(self.coach))
        headline = f"{APP_NAME} {__version__}: {data['summary']}"
        if snap.state is State.WAITING and snap.next_due is not None:
            headline += f" ({time_left_text(real_time_between(snap.now, snap.next_due.due_at))})"
        lines = [f"{headline}."]
        stopped = f"{summary.stopped} stopped"
        if summary.pain_stops:
            stopped += f" ({summary.pain_stops} for pain or dizziness)"
        lines.append(
            f"Today: {summary.completed} completed, {summary.partial} partly done, "
            f"{stopped}, {summary.skipped} skipped, {summary.snoozed} snoozed."
        )
        if last is not None:
            lines.append(self._last_line(last, snap.now))
        return Reply(True, "\n".join(lines), data)

    def _last_line(self, last: Record, now: datetime) -> str:
        """E.g. "Last: Lunch reset, partly done (3 of 7) at 12:34", in names, never ids."""
        when = f"{last.at.astimezone(now.tzinfo):%H:%M}"
        if last.outcome is Outcome.NATURAL_BREAK or not last.routine_id:
            return f"Last: a natural break at {when}."
        routine = self.library.routines.get(last.routine_id)
        stopped = last.exercise_stopped
        words = session_words(
            last.outcome,
            done=len(last.exercises_done),
            planned=len(routine.exercises) if routine is not None else None,
            stopped_at=exercise_name(stopped, self.library.exercises) if stopped else "",
            snooze_min=last.snooze_min,
        )
        name = routine_name(last.routine_id, self.library.routines)
        return f"Last: {name}, {words[:1].lower()}{words[1:]} at {when}."


def coach_status(coach: CoachPort) -> dict[str, object]:
    """The coach's part of ``status --json``: every exercise's state, the safety check, today."""
    view = coach.view()
    exercises = []
    for state in view.states.values():
        exercises.append(
            {
                "id": state.exercise_id,
                "name": state.name,
                "state": state.mode.value,
                "why": state.why.value,
                "hold_s": state.hold_s,
                "rounds": state.rounds,
                "previous_hold_s": state.previous_hold_s,
                "previous_rounds": state.previous_rounds,
                "reason": state.reason,
                "since": state.since.isoformat() if state.since else None,
            }
        )
    screening = view.screening
    if screening is None:
        check: dict[str, object] = {"state": "not-asked"}
    elif screening.answers is None:
        check = {"state": "skipped", "at": screening.at.isoformat()}
    else:
        check = {
            "state": "answered",
            "at": screening.at.isoformat(),
            "yes": sorted(k for k, v in screening.answers.items() if v),
        }
    entry = view.journal_today
    return {
        "exercises": exercises,
        "coach": {
            "safety_check": check,
            "journal_today": None if entry is None else {"score": entry.score, "note": entry.note},
            "journal_due": coach.journal_due(),
            "advice_due": None if view.advice is None else view.advice.reason.value,
        },
    }
