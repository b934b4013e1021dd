"""A guided session as a state machine over timed segments.

A routine expands into segments (get ready, hold, relax, rest, switch sides, inhale, ...).
The runner keeps one monotonic deadline for the current segment: when a segment ends, the
next one's deadline is the old deadline plus its length, so time never drifts however late
the host's timer fires. Pausing stores the time left and freezes it.

The runner also keeps the session's active time (from the start to the end, less the time
spent paused), so the window that shows it never keeps a second set of books.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, replace

from desk_breaks.core.clock import Clock
from desk_breaks.core.content import (
    START_POSITION,
    SWITCH_SIDES_S,
    Exercise,
    Kind,
    Position,
    Routine,
    Step,
    StepPhase,
    gentler,
)
from desk_breaks.core.engine import Outcome, SessionResult
from desk_breaks.core.i18n import N_, tr

BACK_RESTARTS_WITHIN_S = 3.0
"""Back within this many seconds of an exercise's start goes to the previous exercise."""


class Phase(enum.Enum):
    """What the person is doing during a segment."""

    READY = "ready"
    HOLD = "hold"
    RELAX = "relax"
    REST = "rest"
    SWITCH = "switch"
    INHALE = "inhale"
    HOLD_BREATH = "hold-breath"
    EXHALE = "exhale"

    @property
    def label(self) -> str:
        """The word shown to the person for this phase."""
        return tr(_LABELS[self], "phase")

    @property
    def step_phase(self) -> StepPhase:
        """The exercise step whose cue and picture fit this phase."""
        return _STEP_FOR[self]


_LABELS = {
    Phase.READY: N_("Get ready", "phase"),
    Phase.HOLD: N_("Hold", "phase"),
    Phase.RELAX: N_("Relax", "phase"),
    Phase.REST: N_("Rest", "phase"),
    Phase.SWITCH: N_("Switch sides", "phase"),
    Phase.INHALE: N_("Breathe in", "phase"),
    Phase.HOLD_BREATH: N_("Hold the breath", "phase"),
    Phase.EXHALE: N_("Breathe out", "phase"),
}

_STEP_FOR = {
    Phase.READY: StepPhase.READY,
    Phase.HOLD: StepPhase.HOLD,
    Phase.RELAX: StepPhase.RELEASE,
    Phase.REST: StepPhase.RELEASE,
    Phase.SWITCH: StepPhase.READY,
    Phase.INHALE: StepPhase.INHALE,
    Phase.HOLD_BREATH: StepPhase.HOLD_BREATH,
    Phase.EXHALE: StepPhase.EXHALE,
}


class Side(enum.Enum):
    """Which side a one-sided exercise is on."""

    LEFT = N_("Left side", "side")
    RIGHT = N_("Right side", "side")

    @property
    def label(self) -> str:
        """The side in words, in the active language ("Left side", "Linke Seite")."""
        return tr(self.value, "side")


@dataclass(frozen=True)
class Segment:
    """One timed piece of a session."""

    exercise_index: int
    exercise: Exercise
    phase: Phase
    duration_s: int
    side: Side | None = None
    set_no: int = 1
    sets: int = 1
    rep_no: int = 1
    reps: int = 1
    round_no: int = 0
    rounds: int = 0
    moving_from: Position | None = None
    """Set on a get-ready segment when the person first changes position (from this one)."""

    @property
    def label(self) -> str:
        """The word for this segment: the phase's, or the step's own name for the movement."""
        if self.phase in (Phase.HOLD, Phase.RELAX) and self.step.label:
            return self.step.label
        return self.phase.label

    @property
    def step(self) -> Step:
        """The cue and picture for this segment."""
        return self.exercise.step_for(self.phase.step_phase)

    @property
    def cue(self) -> str:
        """What to do now, in words."""
        if self.phase is Phase.SWITCH:
            ready = self.exercise.step_for(StepPhase.READY).cue
            return tr("Switch to the other side. {cue}", cue=ready)
        if self.phase is Phase.READY and self.moving_from is not None:
            move = tr(_MOVES[(self.moving_from, self.exercise.position)])
            return tr("{snoozed} {left}", "two sentences", snoozed=move, left=self.step.cue)
        return self.step.cue


_MOVES = {
    (Position.SEATED, Position.STANDING): N_("Stand up."),
    (Position.FLOOR, Position.STANDING): N_("Take your time getting up."),
    (Position.STANDING, Position.SEATED): N_("Sit down."),
    (Position.FLOOR, Position.SEATED): N_("Take your time getting up, then sit down."),
    (Position.SEATED, Position.FLOOR): N_("Take your time getting down onto the floor."),
    (Position.STANDING, Position.FLOOR): N_("Take your time getting down onto the floor."),
}


def expand(routine: Routine) -> list[Segment]:
    """Return the routine's segments in order."""
    segments: list[Segment] = []
    for index in range(len(routine.exercises)):
        segments.extend(expand_exercise(routine, index))
    return segments


def expand_exercise(routine: Routine, index: int) -> list[Segment]:
    """Return the segments of the routine's exercise at ``index``."""
    exercise = routine.exercises[index]
    before = routine.exercises[index - 1].position if index > 0 else START_POSITION
    moving_from = before if before is not exercise.position else None
    return list(_exercise(index, exercise, routine.get_ready_s(index), moving_from))


def _exercise(
    index: int, exercise: Exercise, ready_s: int, moving_from: Position | None
) -> Iterator[Segment]:
    if exercise.kind is Kind.BREATHING:
        assert exercise.breathing is not None
        b = exercise.breathing
        yield Segment(
            index, exercise, Phase.READY, ready_s, rounds=b.rounds, moving_from=moving_from
        )
        for n in range(1, b.rounds + 1):
            yield Segment(index, exercise, Phase.INHALE, b.inhale_s, round_no=n, rounds=b.rounds)
            if b.hold_s:
                yield Segment(
                    index, exercise, Phase.HOLD_BREATH, b.hold_s, round_no=n, rounds=b.rounds
                )
            yield Segment(index, exercise, Phase.EXHALE, b.exhale_s, round_no=n, rounds=b.rounds)
        return
    assert exercise.hold is not None
    h = exercise.hold
    sides: list[Side | None] = [Side.LEFT, Side.RIGHT] if h.per_side else [None]
    yield Segment(
        index,
        exercise,
        Phase.READY,
        ready_s,
        side=sides[0],
        sets=h.sets,
        reps=h.reps,
        moving_from=moving_from,
    )
    for side in sides:
        if side is Side.RIGHT:
            yield Segment(
                index, exercise, Phase.SWITCH, SWITCH_SIDES_S, side=side, sets=h.sets, reps=h.reps
            )
        for set_no in range(1, h.sets + 1):
            for rep_no in range(1, h.reps + 1):
                yield Segment(
                    index, exercise, Phase.HOLD, h.hold_s, side, set_no, h.sets, rep_no, h.reps
                )
                if rep_no < h.reps:
                    yield Segment(
                        index,
                        exercise,
                        Phase.RELAX,
                        h.rep_rest_s,
                        side,
                        set_no,
                        h.sets,
                        rep_no,
                        h.reps,
                    )
            if set_no < h.sets:
                yield Segment(
                    index, exercise, Phase.REST, h.rest_s, side, set_no, h.sets, h.reps, h.reps
                )


class RunState(enum.Enum):
    """Where a guided session is."""

    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


class SessionRunner:
    """Walks a routine's segments on a monotonic clock."""

    def __init__(self, routine: Routine, clock: Clock) -> None:
        self.routine = routine
        self.segments = [s for s in expand(routine) if s.duration_s > 0]
        self._eased: list[str] = []
        self._clock = clock
        self._index = 0
        self._state = RunState.READY
        self._deadline = 0.0
        self._left_when_paused = 0.0
        self._done: set[int] = set()
        self._stopped_at: str | None = None
        self._pain = False
        # Active-time books, all on the monotonic clock: when the session started and
        # ended, when the current pause began, and the pauses that are over.
        self._started_at: float | None = None
        self._ended_at: float | None = None
        self._paused_since: float | None = None
        self._paused_total = 0.0

    # -- reading ------------------------------------------------------------------------------

    @property
    def state(self) -> RunState:
        """The runner's state."""
        return self._state

    @property
    def index(self) -> int:
        """The position of the current segment."""
        return self._index

    @property
    def current(self) -> Segment:
        """The segment now running (the last one once finished)."""
        return self.segments[min(self._index, len(self.segments) - 1)]

    def remaining_s(self) -> float:
        """Seconds left in the current segment."""
        if self._state is RunState.PAUSED:
            return self._left_when_paused
        if self._state is not RunState.RUNNING:
            return 0.0 if self._state is not RunState.READY else float(self.current.duration_s)
        return max(0.0, self._deadline - self._clock.monotonic())

    def deadline(self) -> float | None:
        """The monotonic time the current segment ends, while running."""
        return self._deadline if self._state is RunState.RUNNING else None

    def next_exercise(self) -> Exercise | None:
        """The exercise after the current one, if any."""
        following = self.current.exercise_index + 1
        exercises = self.routine.exercises
        return exercises[following] if following < len(exercises) else None

    def active_s(self) -> float:
        """Seconds of the session so far, pauses left out; frozen once it has ended.

        Zero before :meth:`start`. The session ends when the last segment finishes, when
        the last exercise is skipped, or on :meth:`stop` or :meth:`stop_for_pain`.
        """
        if self._started_at is None:
            return 0.0
        end = self._ended_at if self._ended_at is not None else self._clock.monotonic()
        paused = self._paused_total
        if self._paused_since is not None:
            paused += end - self._paused_since
        return max(0.0, end - self._started_at - paused)

    def can_ease(self) -> bool:
        """Whether :meth:`ease_current` would switch the exercise now running."""
        exercise = self.current.exercise
        return (
            self._state in (RunState.READY, RunState.RUNNING, RunState.PAUSED)
            and exercise.regression is not None
            and not exercise.eased
        )

    def total_remaining_s(self) -> float:
        """Seconds left in the whole session."""
        later = sum(s.duration_s for s in self.segments[self._index + 1 :])
        return self.remaining_s() + later

    # -- driving ------------------------------------------------------------------------------

    def start(self) -> None:
        """Begin the first segment now."""
        if self._state is not RunState.READY:
            return
        self._state = RunState.RUNNING
        self._started_at = self._clock.monotonic()
        self._deadline = self._started_at + self.current.duration_s

    def tick(self) -> bool:
        """Advance past every segment whose deadline has passed; return True if it moved."""
        if self._state is not RunState.RUNNING:
            return False
        now = self._clock.monotonic()
        moved = False
        while self._state is RunState.RUNNING and now >= self._deadline:
            moved = True
            self._complete_segment()
            if self._state is RunState.RUNNING:
                self._deadline += self.current.duration_s
        return moved

    def _complete_segment(self) -> None:
        seg = self.current
        last_of_exercise = (
            self._index + 1 >= len(self.segments)
            or self.segments[self._index + 1].exercise_index != seg.exercise_index
        )
        if last_of_exercise:
            self._done.add(seg.exercise_index)
        if self._index + 1 >= len(self.segments):
            self._end(RunState.FINISHED)
            return
        self._index += 1

    def pause(self) -> None:
        """Freeze the countdown."""
        if self._state is RunState.RUNNING:
            self._paused_since = self._clock.monotonic()
            self._left_when_paused = max(0.0, self._deadline - self._paused_since)
            self._state = RunState.PAUSED

    def resume(self) -> None:
        """Continue the countdown from where it was frozen."""
        if self._state is RunState.PAUSED:
            now = self._clock.monotonic()
            if self._paused_since is not None:
                self._paused_total += now - self._paused_since
                self._paused_since = None
            self._deadline = now + self._left_when_paused
            self._state = RunState.RUNNING

    def toggle_pause(self) -> None:
        """Pause if running, resume if paused."""
        if self._state is RunState.PAUSED:
            self.resume()
        else:
            self.pause()

    def skip_exercise(self) -> None:
        """Leave the current exercise (not counted as done) and go to the next one."""
        if self._state not in (RunState.RUNNING, RunState.PAUSED, RunState.READY):
            return
        current = self.current.exercise_index
        following = self._first_segment_of(current + 1)
        if following is None:
            self._end(RunState.FINISHED)
            return
        self._jump(following)

    def back(self) -> None:
        """Restart the current exercise, or go to the previous one right after a start."""
        if self._state not in (RunState.RUNNING, RunState.PAUSED, RunState.READY):
            return
        current = self.current.exercise_index
        start = self._first_segment_of(current)
        assert start is not None
        elapsed: float = sum(s.duration_s for s in self.segments[start : self._index + 1])
        elapsed -= self.remaining_s()
        target = current
        if elapsed < BACK_RESTARTS_WITHIN_S and current > 0:
            target = current - 1
        self._done.discard(target)
        first = self._first_segment_of(target)
        assert first is not None
        self._jump(first)

    def ease_current(self) -> bool:
        """Switch the current exercise to its gentler version for the rest of the session.

        During the exercise's get-ready nothing restarts: the get-ready runs on (with its
        deadline) and the gentler holds follow it. Later on, the exercise restarts at its
        first hold (or in-breath) with a fresh deadline: the person is already in position,
        and a second get-ready (10 s before a warned exercise, 12 s getting to the floor)
        would only be waiting. Return False, changing nothing, when the exercise has no
        gentler version, already is one, or the session is over.
        """
        if not self.can_ease():
            return False
        seg = self.current
        index = seg.exercise_index
        exercises = list(self.routine.exercises)
        exercises[index] = gentler(seg.exercise)
        self.routine = replace(self.routine, exercises=tuple(exercises))
        first = self._first_segment_of(index)
        assert first is not None
        after = first + sum(1 for s in self.segments if s.exercise_index == index)
        fresh = [s for s in expand_exercise(self.routine, index) if s.duration_s > 0]
        self.segments[first:after] = fresh
        self._eased.append(seg.exercise.id)
        self._done.discard(index)
        if seg.phase is Phase.READY and self._index == first:
            return True  # the same get-ready goes on, now of the gentler version
        start = next((i for i, s in enumerate(fresh) if s.phase in (Phase.HOLD, Phase.INHALE)), 0)
        self._jump(first + start)
        return True

    def _jump(self, index: int) -> None:
        self._index = index
        if self._state is RunState.PAUSED:
            self._left_when_paused = float(self.current.duration_s)
        elif self._state is RunState.RUNNING:
            self._deadline = self._clock.monotonic() + self.current.duration_s

    def _first_segment_of(self, exercise_index: int) -> int | None:
        for i, seg in enumerate(self.segments):
            if seg.exercise_index == exercise_index:
                return i
        return None

    def stop(self) -> None:
        """End the session early (before :meth:`start`, no exercise counts as stopped at)."""
        if self._state in (RunState.FINISHED, RunState.STOPPED):
            return
        if self._state is not RunState.READY:
            self._stopped_at = self.current.exercise.id
        self._end(RunState.STOPPED)

    def stop_for_pain(self) -> None:
        """End the session because something hurts or the person feels dizzy.

        Before :meth:`start` no exercise ran, so none is named as the one stopped at.
        """
        if self._state is RunState.FINISHED:
            return
        if self._state is not RunState.READY:
            self._stopped_at = self.current.exercise.id
        self._pain = True
        self._end(RunState.STOPPED)

    def _end(self, state: RunState) -> None:
        """Enter ``state`` and freeze the active time (a pause running now ends with it)."""
        self._state = state
        if self._ended_at is None and self._started_at is not None:
            self._ended_at = self._clock.monotonic()
            if self._paused_since is not None:
                self._paused_total += self._ended_at - self._paused_since
                self._paused_since = None

    def result(self) -> SessionResult:
        """How the session went, for the history."""
        done = tuple(ex.id for i, ex in enumerate(self.routine.exercises) if i in self._done)
        eased = tuple(self._eased)
        if self._pain:
            return SessionResult(Outcome.STOPPED_PAIN, done, self._stopped_at, eased)
        if self._state is RunState.STOPPED:
            return SessionResult(Outcome.STOPPED, done, self._stopped_at, eased)
        if len(done) == len(self.routine.exercises):
            return SessionResult(Outcome.COMPLETED, done, exercises_eased=eased)
        return SessionResult(Outcome.PARTIAL, done, exercises_eased=eased)
