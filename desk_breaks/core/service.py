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
from desk_breaks.core.history import DaySummary, History
from desk_breaks.core.i18n import again, english, in_english, speaking, time_text, tr, trn
from desk_breaks.core.presentation import (
    Snapshot,
    clock_text,
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
            title = trn(
                "{app}: {n} problem at start",
                "{app}: {n} problems at start",
                len(notices),
                app=APP_NAME,
            )
            return title, body
        return None

    def heads_up_notice(self, upcoming: Occurrence) -> tuple[str, str] | None:
        """The heads-up (title, body) for ``upcoming``; None if its routine is gone."""
        routine = self.library.routines.get(upcoming.routine_id)
        if routine is None:
            return None
        left = max(1, round(real_time_between(self.clock.now(), upcoming.due_at).total_seconds()))
        title = trn(
            "{routine} in {n} second", "{routine} in {n} seconds", left, routine=routine.name
        )
        return title, prompt_headline(routine)

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
                said = tr(
                    "{app} is already running. {status}.",
                    app=APP_NAME,
                    status=self.next_session_text(),
                )
                return Reply(True, said)
            case Start(routine=routine_id):
                return self._start(routine_id)
            case Snooze(minutes=minutes):
                until = engine.snooze(minutes)
                return Reply(True, tr("Snoozed until {time}.", time=time_text(until)))
            case Skip():
                engine.skip()
                return Reply(True, tr("Skipped."))
            case Pause(minutes="tomorrow"):
                until = engine.pause_until_tomorrow()
                return Reply(True, tr("Paused until {time}.", time=clock_text(until, now)))
            case Pause(minutes=int(minutes)):
                until = engine.pause_for(minutes)
                left = time_left_text(real_time_between(now, until))
                said = tr(
                    "Paused until {time} ({time_left}).", time=time_text(until), time_left=left
                )
                return Reply(True, said)
            case Resume():
                engine.resume()
                return Reply(True, tr("Resumed."))
            case Quit():
                return Reply(True, tr("Quitting {app}.", app=APP_NAME), quit=True)
            case Meeting(minutes="off"):
                engine.meeting_off()
                return Reply(True, tr("Meeting mode is off; anything held comes in a minute."))
            case Meeting(minutes=int(minutes)):
                until = engine.meeting_for(minutes)
                said = tr(
                    "Meeting mode until {time}: nothing will interrupt.", time=time_text(until)
                )
                return Reply(True, said)
            case SetAutostart(enabled=enabled):
                return Reply(*self.settings.switch_start_at_login(enabled))
            case Rate(feeling=feeling):
                if self.coach is None:
                    return Reply(False, tr("The coach is not available."))
                from desk_breaks.core.coach_types import NO_SESSION_TO_RATE, Feeling

                said = self.coach.rate(Feeling(feeling))
                return Reply(said != tr(NO_SESSION_TO_RATE), said)
            case Journal(score=score, note=note):
                if self.coach is None:
                    return Reply(False, tr("The coach is not available."))
                return Reply(True, self.coach.journal(score, note))
            case ChooseExercise(exercise=exercise_id, action=action):
                if self.coach is None:
                    return Reply(False, tr("The coach is not available."))
                if exercise_id not in self.library.exercises:
                    known = ", ".join(sorted(self.library.exercises))
                    said = tr(
                        "There is no exercise {exercise!r}. Known: {known}.",
                        exercise=exercise_id,
                        known=known,
                    )
                    return Reply(False, said)
                from desk_breaks.core.coach_types import Action

                chosen = Action(action)
                exercise = self.library.exercises[exercise_id]
                if chosen is Action.USE_GENTLER and exercise.regression is None:
                    said = tr("{exercise} has no gentler version.", exercise=exercise.name)
                    return Reply(False, said)
                return Reply(True, self.coach.choose(exercise_id, chosen))
            case UseSettings(toml=text):
                return self._use_settings(text)
            case StopSession(hurt=hurt):
                # The app closes the window once this reply says yes (Qt is its side).
                if engine.state is not State.IN_SESSION:
                    return Reply(False, tr("No session is running."))
                if hurt:
                    said = tr("Stopped for pain or dizziness. The safety advice is on screen.")
                    return Reply(True, said)
                return Reply(True, tr("Session stopped."))
        return Reply(False, tr("Unknown command {command!r}.", command=command))

    def _use_settings(self, text: str) -> Reply:
        from desk_breaks.core.transfer import read_settings_text  # only for an import

        if self.apply_settings is None:
            said = tr("This Desk Breaks cannot take settings from the command line.")
            return Reply(False, said)
        try:
            settings = read_settings_text(
                text.encode("utf-8"), tr("The imported settings"), self.library.routines
            )
        except ValueError as exc:
            return Reply(False, str(exc))
        problem = self.apply_settings(settings)
        if problem:
            return Reply(
                True, tr("The imported settings are in use, but: {problem}", problem=problem)
            )
        return Reply(True, tr("The imported settings are in use and saved."))

    def _start(self, routine_id: str | None) -> Reply:
        routines = self.library.routines
        if routine_id is not None and routine_id not in routines:
            known = ", ".join(sorted(routines))
            said = tr(
                "There is no routine {routine!r}. Known: {known}.", routine=routine_id, known=known
            )
            return Reply(False, said)
        if routine_id is None and self.engine.offer is None:
            upcoming = self.engine.next_due()
            routine_id = (
                upcoming.routine_id if upcoming else self.settings.current.check_ins.routine
            )
        started = self.engine.start(routine_id)
        return Reply(True, tr("Starting {routine}.", routine=self.library.routine(started).name))

    def status(self) -> Reply:
        """The state, today's outcomes and the last session, for people and for programs.

        The data (``status --json``) is the same in every language: its text fields,
        ``message`` included, are written in English; the reply's message is in the
        active language.
        """
        snap = self.snapshot()
        with speaking(english()):
            data = status_data(snap, self.library.routines)
            coach = coach_status(self.coach) if self.coach is not None else {}
        data["version"] = __version__
        data["notices"] = [in_english(notice) for notice in self.notices]
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
        data.update(coach)
        with speaking(english()):
            data["message"] = self._status_text(snap, summary, last)
        return Reply(True, self._status_text(snap, summary, last), data)

    def _status_text(self, snap: Snapshot, summary: DaySummary, last: Record | None) -> str:
        """The status for people, in the active language."""
        status = next_session_text(snap, self.library.routines)
        if snap.state is State.WAITING and snap.next_due is not None:
            left = time_left_text(real_time_between(snap.now, snap.next_due.due_at))
            status = tr("{status} ({time_left})", status=status, time_left=left)
        headline = tr(
            "{app} {version}: {status}.", app=APP_NAME, version=__version__, status=status
        )
        stopped = trn("{n} stopped", "{n} stopped", summary.stopped)
        if summary.pain_stops:
            stopped = trn(
                "{n} stopped ({pain} for pain or dizziness)",
                "{n} stopped ({pain} for pain or dizziness)",
                summary.stopped,
                pain=summary.pain_stops,
            )
        today = tr(
            "Today: {completed} completed, {partial} partly done, {stopped}, "
            "{skipped} skipped, {snoozed} snoozed.",
            completed=summary.completed,
            partial=summary.partial,
            stopped=stopped,
            skipped=summary.skipped,
            snoozed=summary.snoozed,
        )
        lines = [headline, today]
        if last is not None:
            lines.append(self._last_line(last, snap.now))
        return "\n".join(lines)

    def _last_line(self, last: Record, now: datetime) -> str:
        """E.g. "Last: Lunch reset at 12:34: Partly done (3 of 7).", in names, never ids."""
        when = time_text(last.at.astimezone(now.tzinfo))
        if last.outcome is Outcome.NATURAL_BREAK or not last.routine_id:
            return tr("Last: a natural break at {time}.", time=when)
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
        return tr("Last: {routine} at {time}: {outcome}.", routine=name, time=when, outcome=words)


def coach_status(coach: CoachPort) -> dict[str, object]:
    """The coach's part of ``status --json``: every exercise's state, the safety check, today."""
    view = coach.view()
    exercises = []
    for state in view.states.values():
        exercises.append(
            {
                "id": state.exercise_id,
                "name": again(state.name),
                "state": state.mode.value,
                "why": state.why.value,
                "hold_s": state.hold_s,
                "rounds": state.rounds,
                "previous_hold_s": state.previous_hold_s,
                "previous_rounds": state.previous_rounds,
                "reason": in_english(state.reason),
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
