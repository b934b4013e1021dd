"""Pure helpers that turn the engine's state into words and icon names.

No Qt here, so every wording is tested with plain parametrized tests.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from desk_breaks.core.clock import real_time_between
from desk_breaks.core.content import Exercise, Routine, format_duration
from desk_breaks.core.engine import Offer, Outcome, State
from desk_breaks.core.i18n import (
    N_,
    again,
    date_text,
    in_english,
    time_text,
    tr,
    trn,
    weekday_short,
)
from desk_breaks.core.schedule import Occurrence

OUTCOME_WORDS = {
    Outcome.COMPLETED: N_("Completed", "outcome"),
    Outcome.PARTIAL: N_("Partly done", "outcome"),
    Outcome.SKIPPED: N_("Skipped", "outcome"),
    Outcome.SNOOZED: N_("Snoozed", "outcome"),
    Outcome.STOPPED: N_("Stopped", "outcome"),
    Outcome.STOPPED_PAIN: N_("Stopped: pain or dizziness", "outcome"),
    Outcome.MISSED: N_("Missed", "outcome"),
    Outcome.DEFERRED: N_("Held while busy", "outcome"),
    Outcome.NATURAL_BREAK: N_("Natural break", "outcome"),
}
"""How the history names each outcome, in English: show it with :func:`outcome_name`."""


def outcome_name(outcome: Outcome) -> str:
    """The outcome's name in the active language ("Completed", "Erledigt")."""
    return tr(OUTCOME_WORDS[outcome], "outcome")


@dataclass(frozen=True)
class Snapshot:
    """What the tray and the command line need to know, taken at one moment."""

    state: State
    now: datetime
    offer: Offer | None
    next_due: Occurrence | None
    snoozed_until: datetime | None
    paused_until: datetime | None
    meeting_until: datetime | None = None
    defer_reason: str | None = None
    away_since: datetime | None = None


def clock_text(when: datetime, now: datetime) -> str:
    """Return "12:30" for today, "tomorrow 09:30" or "Mon 09:30" for later days.

    In the active language's words and time style ("9:30 AM", "morgen 09:30").
    """
    local = when.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    clock = time_text(local)
    if days == 0:
        return clock
    if days == 1:
        return tr("tomorrow {time}", "clock", time=clock)
    if days < 7:
        return tr("{weekday} {time}", "clock", weekday=weekday_short(local), time=clock)
    return tr("{date} {time}", "clock", date=date_text(local.date()), time=clock)


def time_left_text(delta: timedelta) -> str:
    """Return "in 5 min", "in 1 h 20 min", "now"."""
    minutes = int((delta.total_seconds() + 59) // 60)
    if minutes <= 0:
        return tr("now", "time left")
    if minutes < 60:
        return tr("in {minutes} min", "time left", minutes=minutes)
    hours, rest = divmod(minutes, 60)
    if hours >= 24:
        days, hours = divmod(hours, 24)
        if hours:
            return tr("in {days} d {hours} h", "time left", days=days, hours=hours)
        return tr("in {days} d", "time left", days=days)
    if rest:
        return tr("in {hours} h {minutes} min", "time left", hours=hours, minutes=rest)
    return tr("in {hours} h", "time left", hours=hours)


def readable_id(identifier: str) -> str:
    """Return an id as words, for a routine or exercise no longer in the library.

    "isometric-neck-press-side" becomes "Isometric neck press side".
    """
    words = " ".join(identifier.replace("-", " ").replace("_", " ").split())
    return words[:1].upper() + words[1:]


def routine_name(routine_id: str, routines: Mapping[str, Routine]) -> str:
    """Return a routine's name; an unknown one reads as its id in words.

    A natural break runs no routine (its id is empty): it reads "Natural break".
    """
    if not routine_id:
        return tr("Natural break", "outcome")
    routine = routines.get(routine_id)
    # again(): said in the active language (English for status --json), whatever it was read in.
    return again(routine.name) if routine is not None else readable_id(routine_id)


def exercise_name(exercise_id: str, exercises: Mapping[str, Exercise]) -> str:
    """Return an exercise's name; an unknown one reads as its id in words."""
    exercise = exercises.get(exercise_id)
    return again(exercise.name) if exercise is not None else readable_id(exercise_id)


def session_words(
    outcome: Outcome,
    *,
    done: int = 0,
    planned: int | None = None,
    stopped_at: str = "",
    snooze_min: int | None = None,
) -> str:
    """Return what became of one session, e.g. "Partly done (3 of 7)".

    ``done`` is how many exercises were done, ``planned`` how many the routine has (None
    when the routine is no longer known), ``stopped_at`` the name of the exercise it
    stopped at, ``snooze_min`` the length of a snooze.
    """
    if planned:
        count = tr("{done} of {planned}", "exercises done", done=done, planned=planned)
    else:
        count = tr("{done} done", "exercises done", done=done)
    if outcome is Outcome.PARTIAL:
        return tr("Partly done ({count})", count=count)
    if outcome is Outcome.STOPPED_PAIN:
        if stopped_at:
            return tr("Stopped for pain or dizziness (during {exercise})", exercise=stopped_at)
        return tr("Stopped for pain or dizziness")
    if outcome is Outcome.STOPPED:
        return tr("Stopped early ({count})", count=count) if done else tr("Stopped early")
    if outcome is Outcome.SNOOZED and snooze_min:
        return tr("Snoozed ({minutes} min)", minutes=snooze_min)
    return outcome_name(outcome)


def next_session_text(snap: Snapshot, routines: Mapping[str, Routine]) -> str:
    """Return the first line of the tray menu, e.g. "Lunch reset at 12:30"."""
    if snap.state is State.IN_SESSION:
        return tr("Session in progress")
    if snap.state is State.PROMPTING and snap.offer is not None:
        return tr("{routine} is due now", routine=routine_name(snap.offer.routine_id, routines))
    if snap.state is State.SNOOZED and snap.offer is not None and snap.snoozed_until:
        name = routine_name(snap.offer.routine_id, routines)
        until = clock_text(snap.snoozed_until, snap.now)
        return tr("{routine} snoozed until {time}", routine=name, time=until)
    if snap.state is State.PAUSED and snap.paused_until is not None:
        return tr("Paused until {time}", time=clock_text(snap.paused_until, snap.now))
    if snap.meeting_until is not None:
        until = clock_text(snap.meeting_until, snap.now)
        if snap.offer is not None:
            name = routine_name(snap.offer.routine_id, routines)
            return tr("Meeting mode until {time}; {routine} waits", time=until, routine=name)
        return tr("Meeting mode until {time}", time=until)
    if snap.state is State.DEFERRED and snap.offer is not None:
        name = routine_name(snap.offer.routine_id, routines)
        if snap.defer_reason:
            why = tr(snap.defer_reason, "busy reason")
            return tr("{routine} waits until you are free ({reason})", routine=name, reason=why)
        return tr("{routine} waits until you are free", routine=name)
    if snap.state is State.AWAY:
        if snap.offer is not None:
            name = routine_name(snap.offer.routine_id, routines)
            return tr("Away; {routine} waits for you", routine=name)
        return tr("Away from the desk: a natural break")
    if snap.next_due is None:
        return tr("No sessions scheduled")
    name = routine_name(snap.next_due.routine_id, routines)
    return tr("{routine} at {time}", routine=name, time=clock_text(snap.next_due.due_at, snap.now))


def time_left_detail(snap: Snapshot) -> str:
    """Return the time left to what the first menu line names ("in 25 min"), or ""."""
    target: datetime | None = None
    if snap.state is State.SNOOZED:
        target = snap.snoozed_until
    elif snap.state is State.PAUSED:
        target = snap.paused_until
    elif snap.meeting_until is not None:
        target = snap.meeting_until
    elif snap.state is State.WAITING and snap.next_due is not None:
        target = snap.next_due.due_at
    return "" if target is None else time_left_text(real_time_between(snap.now, target))


def tooltip_text(snap: Snapshot, routines: Mapping[str, Routine]) -> str:
    """Return the tray tooltip: the app, the next session and the time left."""
    line = next_session_text(snap, routines)
    detail = time_left_detail(snap)
    if detail:
        line = tr("{status} ({time_left})", status=line, time_left=detail)
    return f"Desk Breaks\n{line}"


def icon_name(state: State) -> str:
    """Return the tray icon's file stem for ``state``."""
    return {
        State.WAITING: "tray-active",
        State.IN_SESSION: "tray-active",
        State.PROMPTING: "tray-due",
        State.SNOOZED: "tray-snoozed",
        State.PAUSED: "tray-paused",
        State.AWAY: "tray-active",
        State.DEFERRED: "tray-paused",
    }[state]


_STATED_LENGTH = re.compile(r"\b(\d+)[- ](second|minute|min)s?\b", re.IGNORECASE)


def stated_length_s(name: str) -> int | None:
    """The length a routine's name states ("30-second check-in": 30), or None."""
    found = _STATED_LENGTH.search(name)
    if found is None:
        return None
    return int(found.group(1)) * (1 if found.group(2).lower() == "second" else 60)


def routine_length(routine: Routine) -> str:
    """Return "5 min", or "" when the name already says the length truthfully.

    "30-second check-in" takes 29 s: saying "30-second check-in (29 s)" names two lengths
    that disagree. A stated length within 15 % of the real one is the length, said once; a
    name that states a wrong length still gets the real one beside it.
    """
    actual = routine.duration_s()
    # The English name states it in words this reads, whatever language the name is in now.
    stated = stated_length_s(in_english(routine.name))
    if stated is not None and abs(stated - actual) <= 0.15 * max(actual, 1):
        return ""
    return format_duration(actual)


def prompt_headline(routine: Routine) -> str:
    """Return "Lunch reset · 5 min · chin tucks, breathing, neck stretch"."""
    length = routine_length(routine)
    parts = (
        [routine.name, length, routine.summary()] if length else [routine.name, routine.summary()]
    )
    return " · ".join(part for part in parts if part)


def needs_list(routine: Routine) -> str:
    """What a routine needs as a list: "a wall", "a wall and a doorway" ("" for nothing)."""
    words = [need.words for need in routine.needs]
    if not words:
        return ""
    listed = words[-1]
    if len(words) > 1:
        listed = tr("{items} and {last}", "list", items=", ".join(words[:-1]), last=words[-1])
    return listed


def menu_label(routine: Routine) -> str:
    """Return "Lunch reset (5 min)", or "Morning mobility (5 min, needs a wall and a doorway)"."""
    length, needs = routine_length(routine), needs_list(routine)
    name = routine.name
    if length and needs:
        return tr("{routine} ({length}, needs {needs})", routine=name, length=length, needs=needs)
    if needs:
        return tr("{routine} (needs {needs})", routine=name, needs=needs)
    return routine_choice(routine)


def routine_choice(routine: Routine) -> str:
    """Return "Lunch reset (5 min)" or "30-second check-in" (a routine picker's entry)."""
    length = routine_length(routine)
    if length:
        return tr("{routine} ({length})", routine=routine.name, length=length)
    return routine.name


def snooze_note(snoozes: int, cap: int | None) -> str:
    """Say how often an offer was snoozed and what is left ("" when never snoozed).

    ``cap`` is how many snoozes are allowed (None: not known, say only what was done).
    """
    if snoozes <= 0:
        return ""
    left = cap - snoozes if cap is not None else 1
    if left <= 0:
        if snoozes == 2:
            return tr("Snoozed twice: start it now, or skip it.")
        return trn(
            "Snoozed once: start it now, or skip it.",
            "Snoozed {n} times: start it now, or skip it.",
            snoozes,
        )
    done = (
        tr("Snoozed twice.")
        if snoozes == 2
        else trn("Snoozed once.", "Snoozed {n} times.", snoozes)
    )
    if cap is None:
        return done
    if left == 2:
        more = tr("You can snooze it twice more.")
    else:
        more = trn("You can snooze it once more.", "You can snooze it {n} times more.", left)
    return tr("{snoozed} {left}", "two sentences", snoozed=done, left=more)


def seconds_caption(seconds: int) -> str:
    """The word under a countdown's number: "second" for 1, else "seconds"."""
    return trn("second", "seconds", seconds, "countdown")


def status_data(snap: Snapshot, routines: Mapping[str, Routine]) -> dict[str, object]:
    """Return the machine-readable status for ``desk-breaks status --json``."""

    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    data: dict[str, object] = {
        "state": snap.state.value,
        "now": iso(snap.now),
        "summary": next_session_text(snap, routines),
        "next": None,
        "offer": None,
        "snoozed_until": iso(snap.snoozed_until),
        "paused_until": iso(snap.paused_until),
        "meeting_until": iso(snap.meeting_until),
        "deferred_because": snap.defer_reason,
        "away_since": iso(snap.away_since),
    }
    if snap.next_due is not None:
        data["next"] = {
            "slot": snap.next_due.key,
            "routine": snap.next_due.routine_id,
            "name": routine_name(snap.next_due.routine_id, routines),
            "due_at": iso(snap.next_due.due_at),
        }
    if snap.offer is not None:
        data["offer"] = {
            "slot": snap.offer.occurrence.key,
            "routine": snap.offer.routine_id,
            "due_at": iso(snap.offer.occurrence.due_at),
            "snoozes": snap.offer.snoozes,
        }
    return data
