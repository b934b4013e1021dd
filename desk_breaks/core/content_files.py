"""Reading the content files: exercises, routines and the safety text, from TOML, checked.

The format is documented in ``docs/content-format.md``; the model the files turn into is
:mod:`desk_breaks.core.content`. Shipped files live in ``assets/exercises`` and
``assets/routines``; users may add their own in the same format under the user data
folder. A problem in a shipped file is a bug (the tests load every one); a problem in a
user's file skips that file with a notice and never stops the app.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from desk_breaks.core.content import (
    Area,
    BreathTiming,
    ContentError,
    Exercise,
    HoldTiming,
    Kind,
    Library,
    Position,
    Problem,
    Progression,
    Regression,
    Routine,
    Safety,
    SafetyGroup,
    Step,
    StepPhase,
)
from desk_breaks.core.settings import short_repr
from desk_breaks.core.settings_file import (
    MAX_FILE_BYTES,
    UnreadableFile,
    parse_toml,
    read_user_file,
)


def load_library(roots: Iterable[Path]) -> Library:
    """Load exercises and routines from each root in turn (shipped first, then the user's).

    Each root may hold ``exercises/``, ``routines/`` and ``illustrations/``. A later root
    may add new ids; it may not replace a shipped one (that would be confusing to debug,
    so such a file is reported and skipped). Files that fail validation are skipped and
    reported in :attr:`Library.problems`.
    """
    exercises: dict[str, Exercise] = {}
    routines: dict[str, Routine] = {}
    problems: list[Problem] = []
    skipped: set[str] = set()
    root_list = list(roots)
    illustration_dirs = [root / "illustrations" for root in root_list]
    for root in root_list:
        for path in _toml_files(root / "exercises", problems):
            try:
                exercise = parse_exercise(_read_toml(path), path, illustration_dirs)
                if exercise.id in exercises:
                    raise ContentError(f"the id {exercise.id!r} is already taken")
            except ContentError as exc:
                problems.append(Problem(path, str(exc)))
                skipped.add(path.stem)
                continue
            exercises[exercise.id] = exercise
    for root in root_list:
        for path in _toml_files(root / "routines", problems):
            try:
                routine = parse_routine(_read_toml(path), path, exercises, skipped)
                if routine.id in routines:
                    raise ContentError(f"the id {routine.id!r} is already taken")
            except ContentError as exc:
                problems.append(Problem(path, str(exc)))
                continue
            routines[routine.id] = routine
    return Library(exercises, routines, tuple(problems))


def _toml_files(folder: Path, problems: list[Problem]) -> list[Path]:
    """Return the folder's ``*.toml`` entries in name order; an unreadable folder is a problem.

    Every entry is returned, not only regular files: a folder, a named pipe or a link to
    something else that is named like a content file is reported when read, not ignored.
    """
    try:
        if not folder.is_dir():
            return []
        return sorted(folder.glob("*.toml"))
    except OSError as exc:
        problems.append(Problem(folder, f"the folder cannot be read ({exc.strerror})"))
        return []


def _read_toml(path: Path) -> dict[str, Any]:
    """Read one content file safely (see :func:`read_user_file`); raise ContentError."""
    try:
        raw, _mtime = read_user_file(path, MAX_FILE_BYTES)
    except UnreadableFile as exc:
        raise ContentError(str(exc)) from None
    except OSError as exc:  # gone between listing and reading
        raise ContentError(f"cannot be read ({exc.strerror or exc})") from None
    try:
        return parse_toml(raw)
    except ValueError as exc:
        raise ContentError(f"not valid TOML ({exc})") from None


def is_plain_file_name(name: str) -> bool:
    """Whether ``name`` is a bare file name: no folder part, not absolute, nothing odd.

    Content names its pictures this way; ``../../etc/shadow`` or ``/tmp/x.svg`` must be
    refused when the file is loaded, not met later as a silent placeholder.
    """
    if name in ("", ".", "..") or any(c in name for c in "/\\\0"):
        return False
    return PurePosixPath(name).name == name and PureWindowsPath(name).name == name


class _Fields:
    """Reads one TOML table, tracking which keys were used so unknown ones are reported."""

    def __init__(self, table: Mapping[str, Any], where: str) -> None:
        self._table = table
        self._where = where
        self._used: set[str] = set()

    def _name(self, key: str) -> str:
        return f"{self._where}.{key}" if self._where else key

    def raw(self, key: str, default: Any = ...) -> Any:
        self._used.add(key)
        if key not in self._table:
            if default is ...:
                raise ContentError(f"'{self._name(key)}' is missing")
            return default
        return self._table[key]

    def text(self, key: str, default: str | None = None) -> str:
        value = self.raw(key, ... if default is None else default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise ContentError(f"'{self._name(key)}' must be a non-empty text")
        return value.strip()

    def seconds(self, key: str, default: int | None = None, *, allow_zero: bool = False) -> int:
        value = self.raw(key, ... if default is None else default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ContentError(
                f"'{self._name(key)}' must be a whole number, not {short_repr(value)}"
            )
        if value < 0 or (value == 0 and not allow_zero):
            limit = "zero or more" if allow_zero else "greater than zero"
            raise ContentError(f"'{self._name(key)}' must be {limit}, not {value}")
        if value > 3600:
            raise ContentError(f"'{self._name(key)}' is {value}; at most 3600 is allowed")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise ContentError(f"'{self._name(key)}' must be true or false")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.raw(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ContentError(f"'{self._name(key)}' must be a list of texts")
        return tuple(v.strip() for v in value)

    def choice(self, key: str, enum_type: type[enum.Enum]) -> Any:
        value = self.raw(key)
        try:
            return enum_type(value)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in enum_type)
            raise ContentError(
                f"'{self._name(key)}' must be one of {allowed}, not {short_repr(value)}"
            ) from None

    def table(self, key: str) -> Mapping[str, Any] | None:
        value = self.raw(key, None)
        if value is not None and not isinstance(value, dict):
            raise ContentError(f"'{self._name(key)}' must be a table")
        return value

    def done(self) -> None:
        unknown = sorted(set(self._table) - self._used)
        if unknown:
            names = ", ".join(f"'{self._name(k)}'" for k in unknown)
            raise ContentError(f"unknown field {names}")


def _check_id(value: str, path: Path) -> str:
    if value != path.stem:
        raise ContentError(f"'id' is {short_repr(value)} but the file is named {path.name!r}")
    if not all(c.isalnum() or c == "-" for c in value) or value.lower() != value:
        raise ContentError(
            f"'id' {short_repr(value)} may hold only lower-case letters, digits and '-'"
        )
    return value


def parse_exercise(
    data: Mapping[str, Any], path: Path, illustration_dirs: Iterable[Path]
) -> Exercise:
    """Validate one exercise table; raise :class:`ContentError` naming the bad field."""
    f = _Fields(data, "")
    exercise_id = _check_id(f.text("id"), path)
    kind = f.choice("kind", Kind)
    hold = breathing = None
    hold_table = f.table("timing")
    breath_table = f.table("breathing")
    if kind is Kind.HOLD:
        if hold_table is None:
            raise ContentError("'timing' is missing (a hold exercise needs hold_s and reps)")
        if breath_table is not None:
            raise ContentError("'breathing' belongs only to breathing exercises")
        hold = _parse_hold(hold_table, "timing")
    else:
        if breath_table is None:
            raise ContentError("'breathing' is missing (inhale_s, hold_s, exhale_s, rounds)")
        if hold_table is not None:
            raise ContentError("'timing' belongs only to hold exercises")
        breathing = _parse_breath(breath_table, "breathing")
    steps = _parse_steps(f.raw("steps"), kind, list(illustration_dirs))
    progression = None
    if (table := f.table("progression")) is not None:
        g = _Fields(table, "progression")
        if hold is not None:
            progression = Progression(g.seconds("hold_step_s"), g.seconds("hold_max_s"))
            if progression.hold_max_s < hold.hold_s:
                raise ContentError("'progression.hold_max_s' is shorter than 'timing.hold_s'")
        else:
            assert breathing is not None
            progression = Progression(
                rounds_step=g.seconds("rounds_step"), rounds_max=g.seconds("rounds_max")
            )
            if progression.rounds_max < breathing.rounds:
                raise ContentError("'progression.rounds_max' is fewer than 'breathing.rounds'")
        g.done()
    regression = None
    if (table := f.table("regression")) is not None:
        g = _Fields(table, "regression")
        regression = Regression(g.text("cue"), g.seconds("hold_s", 0, allow_zero=True) or None)
        g.done()
    exercise = Exercise(
        id=exercise_id,
        name=f.text("name"),
        purpose=f.text("purpose"),
        area=f.choice("area", Area),
        position=f.choice("position", Position),
        kind=kind,
        steps=steps,
        hold=hold,
        breathing=breathing,
        mistakes=f.texts("mistakes"),
        cautions=f.texts("cautions"),
        progression=progression,
        regression=regression,
        summary=f.text("summary", ""),
        source=path,
    )
    f.done()
    return exercise


def _parse_hold(table: Mapping[str, Any], where: str) -> HoldTiming:
    g = _Fields(table, where)
    timing = HoldTiming(
        hold_s=g.seconds("hold_s"),
        reps=g.seconds("reps", 1),
        sets=g.seconds("sets", 1),
        rep_rest_s=g.seconds("rep_rest_s", 0, allow_zero=True),
        rest_s=g.seconds("rest_s", 0, allow_zero=True),
        per_side=g.flag("per_side", False),
        tempo=g.text("tempo", ""),
    )
    g.done()
    if timing.reps > 1 and timing.rep_rest_s == 0:
        raise ContentError(f"'{where}.rep_rest_s' must be set when there are several reps")
    if timing.sets > 1 and timing.rest_s == 0:
        raise ContentError(f"'{where}.rest_s' must be set when there are several sets")
    return timing


def _parse_breath(table: Mapping[str, Any], where: str) -> BreathTiming:
    g = _Fields(table, where)
    timing = BreathTiming(
        inhale_s=g.seconds("inhale_s"),
        hold_s=g.seconds("hold_s", 0, allow_zero=True),
        exhale_s=g.seconds("exhale_s"),
        rounds=g.seconds("rounds"),
    )
    g.done()
    return timing


_REQUIRED_PHASES = {
    Kind.HOLD: (StepPhase.READY, StepPhase.HOLD),
    Kind.BREATHING: (StepPhase.READY, StepPhase.INHALE, StepPhase.EXHALE),
}


def _parse_steps(value: Any, kind: Kind, illustration_dirs: list[Path]) -> tuple[Step, ...]:
    if not isinstance(value, list) or not value:
        raise ContentError("'steps' must be a list of [[steps]] tables")
    steps: list[Step] = []
    for index, table in enumerate(value, start=1):
        if not isinstance(table, dict):
            raise ContentError(f"'steps' entry {index} must be a table")
        g = _Fields(table, f"steps[{index}]")
        phase = g.choice("phase", StepPhase)
        illustration = g.text("illustration")
        if not is_plain_file_name(illustration):
            raise ContentError(
                f"'steps[{index}].illustration' must be the name of a picture in an "
                f"illustrations folder, not the path {short_repr(illustration)}"
            )
        if not any((folder / illustration).is_file() for folder in illustration_dirs):
            raise ContentError(
                f"'steps[{index}].illustration' names {short_repr(illustration)}, "
                "which is not in any illustrations folder"
            )
        label = g.text("label", "")
        if label and phase not in (StepPhase.HOLD, StepPhase.RELEASE):
            raise ContentError(f"'steps[{index}].label' is only for 'hold' and 'release' steps")
        if len(label) > 24:
            raise ContentError(f"'steps[{index}].label' is longer than 24 characters")
        steps.append(Step(phase, g.text("cue"), illustration, label))
        g.done()
    phases = {step.phase for step in steps}
    for needed in _REQUIRED_PHASES[kind]:
        if needed not in phases:
            raise ContentError(f"'steps' has no step for the {needed.value!r} phase")
    return tuple(steps)


_ITEM_OVERRIDES = {
    Kind.HOLD: ("hold_s", "reps", "sets", "rep_rest_s", "rest_s"),
    Kind.BREATHING: ("rounds",),
}


def parse_routine(
    data: Mapping[str, Any],
    path: Path,
    exercises: Mapping[str, Exercise],
    skipped: Collection[str] = (),
) -> Routine:
    """Validate one routine table against the known exercises.

    ``skipped`` holds the ids of exercise files that failed to load, so a routine that
    names one can say so rather than call it unknown.
    """
    f = _Fields(data, "")
    routine_id = _check_id(f.text("id"), path)
    name = f.text("name")
    description = f.text("description")
    items = f.raw("items")
    f.done()
    if not isinstance(items, list) or not items:
        raise ContentError("'items' must be a list of [[items]] tables")
    resolved: list[Exercise] = []
    for index, table in enumerate(items, start=1):
        if not isinstance(table, dict):
            raise ContentError(f"'items' entry {index} must be a table")
        g = _Fields(table, f"items[{index}]")
        exercise_id = g.text("exercise")
        if exercise_id not in exercises:
            why = (
                "whose file was skipped (see the notice about it)"
                if exercise_id in skipped
                else "which is not a known exercise"
            )
            raise ContentError(f"'items[{index}].exercise' names {short_repr(exercise_id)}, {why}")
        exercise = exercises[exercise_id]
        overrides = {
            key: g.seconds(key, allow_zero=key.endswith("rest_s"))
            for key in _ITEM_OVERRIDES[exercise.kind]
            if key in table
        }
        g.done()
        resolved.append(_with_dose(exercise, overrides, f"items[{index}]"))
    return Routine(routine_id, name, description, tuple(resolved), path)


def _with_dose(exercise: Exercise, overrides: Mapping[str, int], where: str) -> Exercise:
    if not overrides:
        return exercise
    if exercise.breathing is not None:
        rounds = overrides.get("rounds", exercise.breathing.rounds)
        return replace(exercise, breathing=replace(exercise.breathing, rounds=rounds))
    assert exercise.hold is not None
    h = exercise.hold
    hold = replace(
        h,
        hold_s=overrides.get("hold_s", h.hold_s),
        reps=overrides.get("reps", h.reps),
        sets=overrides.get("sets", h.sets),
        rep_rest_s=overrides.get("rep_rest_s", h.rep_rest_s),
        rest_s=overrides.get("rest_s", h.rest_s),
    )
    if hold.reps > 1 and hold.rep_rest_s == 0:
        raise ContentError(f"'{where}' asks for several reps with no 'rep_rest_s'")
    if hold.sets > 1 and hold.rest_s == 0:
        raise ContentError(f"'{where}' asks for several sets with no 'rest_s'")
    return replace(exercise, hold=hold)


_SAFETY_GROUPS = ("stop_now", "ease_off", "seek_help")


def load_safety(path: Path) -> Safety:
    """Load ``safety.toml``; raise :class:`ContentError` naming the bad field.

    Each group is a table with a ``heading`` and a list of ``points``.
    """
    f = _Fields(_read_toml(path), "")
    groups: dict[str, SafetyGroup] = {}
    for name in _SAFETY_GROUPS:
        table = f.table(name)
        if table is None:
            raise ContentError(f"'{name}' is missing (a table with heading and points)")
        g = _Fields(table, name)
        group = SafetyGroup(g.text("heading"), g.texts("points"))
        g.done()
        if not group.points:
            raise ContentError(f"'{name}.points' must list at least one point")
        groups[name] = group
    safety = Safety(
        disclaimer=f.text("disclaimer"),
        stop_title=f.text("stop_title"),
        stop_now=groups["stop_now"],
        ease_off=groups["ease_off"],
        seek_help=groups["seek_help"],
    )
    f.done()
    return safety
