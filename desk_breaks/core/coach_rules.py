"""The coach's rules, as one fold over what happened, oldest first.

The rules come from the source documents (``shared/exercise-facts.md``): pain-free
movement is the standard; first comfort, then 5-10 s more hold, never more range; an
exercise that keeps leaving you worse is changed or dropped. In this app:

* **Progression.** An exercise done in full, in a session with no pain stop and not rated
  "worse", is practised comfortably that day. Comfortable practice on
  :data:`COMFORTABLE_DAYS` different days grows its dose one step (its file's
  ``[progression]``: the hold, or the rounds of a breathing exercise) up to the file's
  maximum; then the count starts again. Range never grows. After the person goes back to
  the previous dose, only days at least :data:`REGROW_AFTER` later count.
* **Back-off.** A stop for pain or dizziness during an exercise switches it to its gentler
  version (one dose step down as well); feeling worse after sessions containing it on
  :data:`WORSE_TIMES` occasions within :data:`WORSE_WINDOW` does the same. A further stop
  or "worse" while it is gentler leaves it out.
* **The safety check.** A "yes" that an exercise's ``leave_out_if`` names leaves it out; one
  its ``gentler_if`` names makes it gentler. A later check undoes only what an earlier check
  did; the person's own choices always win.

Everything here is pure: no clock, no files. :mod:`desk_breaks.core.coach` feeds it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from desk_breaks.core.coach_types import (
    Action,
    Choice,
    CoachEvent,
    Feeling,
    Mode,
    Screening,
    SessionEvent,
    Why,
)
from desk_breaks.core.content import Exercise, Question
from desk_breaks.core.engine_types import Outcome
from desk_breaks.core.i18n import Text, again, date_said, tr

COMFORTABLE_DAYS = 2
"""Different days of comfortable practice before a dose grows one step."""

WORSE_TIMES = 2
"""Sessions rated "worse" that make an exercise gentler ..."""

WORSE_WINDOW = timedelta(days=7)
"""... when they fall within this span."""

REGROW_AFTER = timedelta(days=7)
"""After going back to the previous dose, practice counts again only this much later."""


@dataclass
class Track:
    """One exercise's state while the fold runs (mutable; the coach copies it out)."""

    mode: Mode = Mode.NORMAL
    why: Why = Why.NONE
    level: int = 0
    since: datetime | None = None
    because: str = ""
    """Why it is in its mode, as a clause: "you stopped for pain ... on Tue 1 Dec"."""
    comfortable: set[date] = field(default_factory=set)
    worse: list[datetime] = field(default_factory=list)
    level_changed_at: datetime | None = None
    last_done_at: datetime | None = None
    regrow_from: datetime | None = None

    def set_mode(self, mode: Mode, why: Why, at: datetime, because: str) -> None:
        """Enter ``mode`` for ``why`` at ``at``; practice counted so far starts again."""
        self.mode, self.why, self.since, self.because = mode, why, at, because
        self.comfortable.clear()
        self.worse.clear()

    @property
    def reason(self) -> str:
        """One sentence for the person: "Gentler version: you stopped for pain ..."."""
        if not self.because:
            return ""
        because = again(self.because)
        if self.mode is Mode.LEFT_OUT:
            return Text("Left out: {reason}.", reason=because)
        if self.mode is Mode.GENTLER:
            return Text("Gentler version: {reason}.", reason=because)
        # Only the first letter: the clause reads inside a sentence elsewhere.
        said = str(because)
        return f"{said[:1].upper()}{said[1:]}."


def day_words(at: datetime, zone: tzinfo) -> Text:
    """Return e.g. "Tue 1 Dec" for ``at`` in ``zone`` (said again in another language)."""
    return date_said(at.astimezone(zone).date(), weekday=True)


def max_level(exercise: Exercise) -> int:
    """How many progression steps the exercise's own dose can take before its maximum."""
    p = exercise.progression
    if p is None:
        return 0
    if exercise.hold is not None and p.hold_step_s > 0:
        return max(0, -(-(p.hold_max_s - exercise.hold.hold_s) // p.hold_step_s))
    if exercise.breathing is not None and p.rounds_step > 0:
        return max(0, -(-(p.rounds_max - exercise.breathing.rounds) // p.rounds_step))
    return 0


def fold(
    events: Iterable[CoachEvent],
    exercises: Mapping[str, Exercise],
    questions: Iterable[Question],
    zone: tzinfo,
) -> dict[str, Track]:
    """Replay ``events`` (oldest first) and return each known exercise's track."""
    tracks = {exercise_id: Track() for exercise_id in exercises}
    shorts = {q.id: q.short for q in questions}
    for event in events:
        if isinstance(event, SessionEvent):
            _session(event, tracks, exercises, zone)
        elif isinstance(event, Choice):
            if event.exercise_id in tracks:
                _choice(event, tracks[event.exercise_id], exercises[event.exercise_id], zone)
        elif isinstance(event, Screening):
            _screening(event, tracks, exercises, shorts)
    return tracks


def _session(
    event: SessionEvent, tracks: dict[str, Track], exercises: Mapping[str, Exercise], zone: tzinfo
) -> None:
    day = event.at.astimezone(zone).date()
    pain = event.outcome is Outcome.STOPPED_PAIN
    worse = event.feeling is Feeling.WORSE
    for exercise_id in event.exercises_done:
        track = tracks.get(exercise_id)
        if track is not None:
            track.last_done_at = event.at
    stopped = event.exercise_stopped
    if pain and stopped in tracks:
        track = tracks[stopped]
        _back_off(
            track,
            exercises[stopped],
            event.at,
            Why.PAIN_STOP,
            Text(
                "you stopped for pain or dizziness during it on {date}",
                "coach reason",
                date=day_words(event.at, zone),
            ),
        )
    if worse:
        involved = set(event.exercises_done)
        if stopped is not None:
            involved.add(stopped)
        for exercise_id in sorted(involved):
            track = tracks.get(exercise_id)
            if track is None or track.mode is Mode.LEFT_OUT:
                continue
            if pain and exercise_id == stopped:
                continue  # this very session already backed it off: one occasion, one step
            track.worse = [t for t in track.worse if event.at - t < WORSE_WINDOW]
            track.worse.append(event.at)
            track.comfortable.clear()
            if track.mode is Mode.GENTLER or len(track.worse) >= WORSE_TIMES:
                _back_off(
                    track,
                    exercises[exercise_id],
                    event.at,
                    Why.WORSE,
                    Text(
                        "your neck felt worse after sessions with it, most recently on {date}",
                        "coach reason",
                        date=day_words(event.at, zone),
                    ),
                )
        return
    if pain:
        return  # a session with a pain stop is not comfortable practice for anything in it
    for exercise_id in event.exercises_done:
        track = tracks.get(exercise_id)
        if track is None or exercise_id in event.exercises_eased:
            continue
        if track.mode not in (Mode.NORMAL, Mode.PROGRESSED):
            continue
        if track.regrow_from is not None and event.at < track.regrow_from:
            continue
        track.comfortable.add(day)
        exercise = exercises[exercise_id]
        if len(track.comfortable) >= COMFORTABLE_DAYS and track.level < max_level(exercise):
            track.level += 1
            track.level_changed_at = event.at
            track.comfortable.clear()
            track.regrow_from = None
            if track.mode is Mode.NORMAL:
                track.mode, track.why = Mode.PROGRESSED, Why.PRACTICE
            track.since = event.at
            track.because = Text(
                "grown after comfortable practice on {days} days, up to {date}",
                "coach reason",
                days=COMFORTABLE_DAYS,
                date=day_words(event.at, zone),
            )


def _back_off(track: Track, exercise: Exercise, at: datetime, why: Why, because: str) -> None:
    """Make the exercise gentler, or leave it out if it is gentler already (or has none)."""
    if track.mode is Mode.LEFT_OUT:
        return
    if track.mode is Mode.GENTLER or exercise.regression is None:
        track.set_mode(Mode.LEFT_OUT, why, at, because)
        return
    if track.level > 0:
        track.level -= 1
        track.level_changed_at = at
    track.set_mode(Mode.GENTLER, why, at, because)


def _choice(event: Choice, track: Track, exercise: Exercise, zone: tzinfo) -> None:
    when = day_words(event.at, zone)
    chose = Text("you chose this on {date}", "coach reason", date=when)
    if event.action is Action.LEAVE_OUT:
        track.set_mode(Mode.LEFT_OUT, Why.CHOICE, event.at, chose)
    elif event.action is Action.USE_GENTLER:
        if exercise.regression is not None:
            track.set_mode(Mode.GENTLER, Why.CHOICE, event.at, chose)
    elif event.action is Action.BRING_BACK:
        mode = Mode.PROGRESSED if track.level > 0 else Mode.NORMAL
        back = Text("you brought it back on {date}", "coach reason", date=when)
        track.set_mode(mode, Why.CHOICE, event.at, back)
    elif event.action is Action.PREVIOUS_DOSE and track.level > 0:
        track.level -= 1
        track.level_changed_at = None  # nothing to announce: the person chose it
        track.regrow_from = event.at + REGROW_AFTER
        track.comfortable.clear()
        if track.mode is Mode.PROGRESSED and track.level == 0:
            track.mode = Mode.NORMAL
        track.why = Why.CHOICE
        track.because = Text(
            "you went back to the previous dose on {date}", "coach reason", date=when
        )


def _screening(
    event: Screening,
    tracks: dict[str, Track],
    exercises: Mapping[str, Exercise],
    shorts: Mapping[str, str],
) -> None:
    answers = event.answers or {}
    yes = {question for question, said_yes in answers.items() if said_yes}
    for exercise_id, track in tracks.items():
        exercise = exercises[exercise_id]
        out = sorted(yes & exercise.leave_out_if)
        soft = sorted(yes & exercise.gentler_if)
        if track.why is Why.SAFETY_CHECK:
            track.set_mode(Mode.PROGRESSED if track.level else Mode.NORMAL, Why.NONE, event.at, "")
        if track.why is Why.CHOICE:
            continue  # the person decided about this one themselves
        if out and track.mode is not Mode.LEFT_OUT:
            track.set_mode(
                Mode.LEFT_OUT,
                Why.SAFETY_CHECK,
                event.at,
                Text(
                    "your safety check mentioned {answers}",
                    "coach reason",
                    answers=_answers(out, shorts),
                ),
            )
        elif soft and track.mode not in (Mode.LEFT_OUT, Mode.GENTLER) and exercise.regression:
            track.set_mode(
                Mode.GENTLER,
                Why.SAFETY_CHECK,
                event.at,
                Text(
                    "your safety check mentioned {answers}",
                    "coach reason",
                    answers=_answers(soft, shorts),
                ),
            )


def _answers(ids: list[str], shorts: Mapping[str, str]) -> str:
    words = [shorts.get(question, question) for question in ids]
    if len(words) == 1:
        return words[0]
    return tr("{items} and {last}", "list", items=", ".join(words[:-1]), last=words[-1])
