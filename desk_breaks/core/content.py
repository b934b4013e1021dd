"""Exercises, routines and the safety guidance: the content of a session, as data.

This module is the model: frozen dataclasses and the timing rules between exercises.
Reading and checking the TOML files that hold the content is
:mod:`desk_breaks.core.content_files`; the format is documented in
``docs/content-format.md``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from desk_breaks.core.i18n import N_, Text, tr, trn

GET_READY_S = 3
"""Seconds of "get ready" before an exercise done in the same position as the one before."""

CHANGE_STANCE_S = 6
"""Seconds of "get ready" when moving between sitting and standing."""

TO_OR_FROM_FLOOR_S = 12
"""Seconds of "get ready" when getting down onto the floor or back up from it."""

SWITCH_SIDES_S = 3
"""Seconds to change sides between the left and the right half of an exercise."""

WARNING_READY_S = 10
"""At least this many seconds of "get ready" before an exercise with a ``warning``.

The warning shows during the get-ready, so it can be read before the first hold.
"""


class Kind(enum.Enum):
    """How an exercise is paced."""

    HOLD = "hold"
    BREATHING = "breathing"


class Position(enum.Enum):
    """Where the body is during an exercise."""

    SEATED = "seated"
    STANDING = "standing"
    FLOOR = "floor"

    @property
    def words(self) -> str:
        """How a list of exercises names it: "seated", "standing", "on the floor"."""
        return tr(_POSITION_WORDS[self.value], "exercise position")


_POSITION_WORDS = {
    "seated": N_("seated", "exercise position"),
    "standing": N_("standing", "exercise position"),
    "floor": N_("on the floor", "exercise position"),
}


SUMMARY_LABELS_MAX = 4
"""A routine's summary names at most this many kinds of exercise (the prompt is small)."""

START_POSITION = Position.SEATED
"""Where a person is when a session begins: at the desk, where the prompt reached them."""


def get_ready_s(before: Position | None, now: Position) -> int:
    """Return the get-ready seconds before an exercise in ``now`` after one in ``before``.

    ``before`` is None for the first exercise of a routine, which starts from
    :data:`START_POSITION`. Getting down to the floor or up from it takes longest.
    """
    before = START_POSITION if before is None else before
    if before is now:
        return GET_READY_S
    if Position.FLOOR in (before, now):
        return TO_OR_FROM_FLOOR_S
    return CHANGE_STANCE_S


class Area(enum.Enum):
    """The body area an exercise is for."""

    NECK = "neck"
    UPPER_BACK = "upper-back"
    SHOULDERS = "shoulders"
    CHEST = "chest"
    BREATHING = "breathing"
    POSTURE = "posture"

    @property
    def words(self) -> str:
        """How a list of exercises names it: "neck", "upper back"."""
        return tr(_AREA_WORDS[self.value], "body area")


_AREA_WORDS = {
    "neck": N_("neck", "body area"),
    "upper-back": N_("upper back", "body area"),
    "shoulders": N_("shoulders", "body area"),
    "chest": N_("chest", "body area"),
    "breathing": N_("breathing", "body area"),
    "posture": N_("posture", "body area"),
}


class Need(enum.Enum):
    """Something a person needs besides a chair, said before the session begins."""

    WALL = "wall"
    DOORWAY = "doorway"
    FLOOR = "floor"

    @property
    def words(self) -> str:
        """How a sentence names it: "a wall", "a doorway", "space on the floor"."""
        return tr(_NEED_WORDS[self.value], "needed thing")


# As the object of "You need ...": German needs the accusative ("einen Türrahmen").
_NEED_WORDS = {
    "wall": N_("a wall", "needed thing"),
    "doorway": N_("a doorway", "needed thing"),
    "floor": N_("space on the floor", "needed thing"),
}


def list_words(items: list[str]) -> str:
    """Return "a, b and c" in the active language ("" for none)."""
    if len(items) <= 1:
        return "".join(items)
    return tr("{items} and {last}", "list", items=", ".join(items[:-1]), last=items[-1])


def needs_words(needs: tuple[Need, ...]) -> str:
    """Return e.g. "a wall and a doorway" ("" when nothing is needed)."""
    return list_words([need.words for need in needs])


def needs_sentence(needs: tuple[Need, ...]) -> str:
    """Return e.g. "You need a wall and a doorway." ("" when nothing is needed)."""
    words = needs_words(needs)
    return tr("You need {things}.", "needed thing", things=words) if words else ""


class StepPhase(enum.Enum):
    """The part of an exercise a step's cue and picture belong to."""

    READY = "ready"
    HOLD = "hold"
    RELEASE = "release"
    INHALE = "inhale"
    HOLD_BREATH = "hold-breath"
    EXHALE = "exhale"


@dataclass(frozen=True)
class Step:
    """One cue with its illustration, shown during one phase of the exercise.

    ``label`` replaces the phase word ("Hold", "Relax") where the movement has its own
    name, e.g. "Round up" and "Arch" in a flowing exercise.
    """

    phase: StepPhase
    cue: str
    illustration: str
    label: str = ""


@dataclass(frozen=True)
class HoldTiming:
    """The dose of a hold exercise: ``sets`` x ``reps`` holds of ``hold_s`` seconds."""

    hold_s: int
    reps: int = 1
    sets: int = 1
    rep_rest_s: int = 0
    rest_s: int = 0
    per_side: bool = False
    tempo: str = ""


@dataclass(frozen=True)
class BreathTiming:
    """The pace of a breathing exercise: ``rounds`` of inhale, hold and exhale."""

    inhale_s: int
    hold_s: int
    exhale_s: int
    rounds: int


@dataclass(frozen=True)
class Progression:
    """How the dose grows once an exercise feels easy.

    Hold exercises grow the hold (``hold_step_s`` up to ``hold_max_s``); breathing
    exercises add rounds (``rounds_step`` up to ``rounds_max``). The other pair is zero.
    """

    hold_step_s: int = 0
    hold_max_s: int = 0
    rounds_step: int = 0
    rounds_max: int = 0


@dataclass(frozen=True)
class Regression:
    """A gentler version for a sore day.

    ``cue`` says how it is gentler; the seconds, when given, replace the exercise's own
    (``hold_s`` is the hold, or the breath hold of a breathing exercise, 0 leaving it out).
    """

    cue: str
    hold_s: int | None = None
    inhale_s: int | None = None
    exhale_s: int | None = None


@dataclass(frozen=True)
class Exercise:
    """A single exercise as the user sees it."""

    id: str
    name: str
    purpose: str
    area: Area
    position: Position
    kind: Kind
    steps: tuple[Step, ...]
    hold: HoldTiming | None = None
    breathing: BreathTiming | None = None
    mistakes: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    progression: Progression | None = None
    regression: Regression | None = None
    summary: str = ""
    source: Path | None = None
    needs: tuple[Need, ...] = ()
    """What the exercise needs besides a chair (a wall, a doorway, the floor)."""
    warning: str = ""
    """A safety caution shown before the first step, e.g. who should skip this exercise."""
    leave_out_if: frozenset[str] = frozenset()
    """Safety-check answers (question ids) that leave this exercise out of the plan."""
    gentler_if: frozenset[str] = frozenset()
    """Safety-check answers (question ids) that switch this exercise to its gentler version."""
    eased: bool = False
    """True when this is the gentler version (:func:`gentler`): show ``regression.cue``."""

    def step_for(self, phase: StepPhase) -> Step:
        """Return the step to show in ``phase``, falling back to the first step."""
        for step in self.steps:
            if step.phase is phase:
                return step
        if phase is StepPhase.HOLD_BREATH:
            return self.step_for(StepPhase.INHALE)
        return self.steps[0]

    @property
    def per_side(self) -> bool:
        """Whether the exercise is done once for each side."""
        return self.hold is not None and self.hold.per_side

    @property
    def summary_label(self) -> str:
        """The few words naming this exercise in a routine's summary, e.g. "chin tucks"."""
        return self.summary or self.name.lower()

    def duration_s(self, ready_s: int = GET_READY_S) -> int:
        """Return the exercise's length in seconds with ``ready_s`` of get-ready first."""
        if self.breathing is not None:
            b = self.breathing
            return ready_s + b.rounds * (b.inhale_s + b.hold_s + b.exhale_s)
        assert self.hold is not None
        h = self.hold
        one_set = h.reps * h.hold_s + (h.reps - 1) * h.rep_rest_s
        one_side = h.sets * one_set + (h.sets - 1) * h.rest_s
        if h.per_side:
            return ready_s + 2 * one_side + SWITCH_SIDES_S
        return ready_s + one_side


@dataclass(frozen=True)
class Routine:
    """A named sequence of exercises with their doses for this routine."""

    id: str
    name: str
    description: str
    exercises: tuple[Exercise, ...]
    source: Path | None = None
    steady: frozenset[str] = frozenset()
    """Exercise ids whose dose never grows in this routine (a check-in stays short)."""

    @property
    def needs(self) -> tuple[Need, ...]:
        """What the routine needs besides a chair, in the order its exercises need it."""
        found: list[Need] = []
        for exercise in self.exercises:
            found.extend(need for need in exercise.needs if need not in found)
        return tuple(found)

    def get_ready_s(self, index: int) -> int:
        """Return the get-ready seconds before the exercise at ``index``.

        Longer when the person has to change position first (see :func:`get_ready_s`),
        and at least :data:`WARNING_READY_S` when the exercise has a warning to read.
        """
        exercise = self.exercises[index]
        before = self.exercises[index - 1].position if index > 0 else None
        ready = get_ready_s(before, exercise.position)
        return max(ready, WARNING_READY_S) if exercise.warning else ready

    def duration_s(self) -> int:
        """Return the routine's total length in seconds."""
        return sum(
            exercise.duration_s(self.get_ready_s(index))
            for index, exercise in enumerate(self.exercises)
        )

    def summary(self) -> str:
        """Return the short list of what the routine holds, e.g. "chin tucks, breathing"."""
        labels: list[str] = []
        for exercise in self.exercises:
            if exercise.summary_label not in labels:
                labels.append(exercise.summary_label)
        if len(labels) > SUMMARY_LABELS_MAX:
            shown = ", ".join(labels[: SUMMARY_LABELS_MAX - 1])
            return tr("{labels} and more", "routine summary", labels=shown)
        return ", ".join(labels)


def gentler(exercise: Exercise) -> Exercise:
    """Return the exercise's gentler version (itself if it has none or already is one)."""
    r = exercise.regression
    if r is None or exercise.eased:
        return exercise
    hold, breathing = exercise.hold, exercise.breathing
    if hold is not None and r.hold_s is not None:
        hold = replace(hold, hold_s=r.hold_s)
    if breathing is not None:
        breathing = replace(
            breathing,
            hold_s=breathing.hold_s if r.hold_s is None else r.hold_s,
            inhale_s=r.inhale_s or breathing.inhale_s,
            exhale_s=r.exhale_s or breathing.exhale_s,
        )
    return replace(exercise, hold=hold, breathing=breathing, eased=True)


def format_duration(seconds: int) -> str:
    """Return a short human duration: "30 s", "2 min", "5 min" (German "5 Min.")."""
    if seconds < 90:
        return trn("{n} s", "{n} s", seconds, "duration")
    return trn("{n} min", "{n} min", round(seconds / 60), "duration")


@dataclass(frozen=True)
class Problem:
    """A content file that could not be used, and why, in words a person understands."""

    path: Path
    message: str
    """What is wrong, usually a :class:`~desk_breaks.core.i18n.Text` (said again on demand)."""

    def __str__(self) -> str:
        return f"{self.path.name}: {self.message}"

    @property
    def notice(self) -> Text:
        """What the person is told: the file skipped and why (English in ``status --json``)."""
        return Text("Skipped {path} — {problem}", path=self.path, problem=self.message)


@dataclass(frozen=True)
class Library:
    """All exercises and routines that loaded, plus the problems met on the way."""

    exercises: Mapping[str, Exercise]
    routines: Mapping[str, Routine]
    problems: tuple[Problem, ...] = field(default=())

    def routine(self, routine_id: str) -> Routine:
        """Return a routine by id; raise KeyError with a readable message if it is unknown."""
        try:
            return self.routines[routine_id]
        except KeyError:
            known = ", ".join(sorted(self.routines)) or "none"
            raise KeyError(f"no routine called {routine_id!r} (known: {known})") from None


class ContentError(ValueError):
    """A content file breaks the format; the message names the field.

    The message is a :class:`~desk_breaks.core.i18n.Text` (see :attr:`said`), so the notice
    about a person's file is said again in their language and in English for ``status --json``.
    """

    @property
    def said(self) -> str:
        """The message as made (a Text, said again on demand); ``str()`` would flatten it."""
        message = self.args[0] if self.args else ""
        return message if isinstance(message, str) else str(message)


@dataclass(frozen=True)
class SafetyGroup:
    """A heading and the points under it."""

    heading: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    """One yes/no question of the first-run safety check.

    ``id`` is what exercises name in ``leave_out_if``/``gentler_if``; ``short`` names the
    answer inside a sentence ("tingling or numbness in an arm"); ``advice`` is said when
    the answer is yes.
    """

    id: str
    text: str
    short: str
    advice: str


@dataclass(frozen=True)
class Safety:
    """The safety guidance: the disclaimer, the stop page, the safety check, the advice."""

    disclaimer: str
    stop_title: str
    stop_now: SafetyGroup
    ease_off: SafetyGroup
    seek_help: SafetyGroup
    screening: tuple[Question, ...] = ()
    """The first-run safety check's questions, in the order they are asked."""
    advice_title: str = ""
    """The heading of the calm "time to see a professional" screen."""
    advice_points: tuple[str, ...] = ()
    """What that screen says, whatever the reason it is shown."""

    @property
    def groups(self) -> tuple[SafetyGroup, SafetyGroup, SafetyGroup]:
        """The three groups in the order they are shown."""
        return (self.stop_now, self.ease_off, self.seek_help)
