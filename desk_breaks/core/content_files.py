"""Reading the content files: exercises, routines and the safety text, from TOML, checked.

The format is documented in ``docs/content-format.md``; the model the files turn into is
:mod:`desk_breaks.core.content`. Shipped files live in ``assets/exercises`` and
``assets/routines``; users may add their own in the same format under the user data
folder. A problem in a shipped file is a bug (the tests load every one); a problem in a
user's file skips that file with a notice and never stops the app. The notice's reason is a
:class:`~desk_breaks.core.i18n.Text` (:attr:`ContentError.said`): in the person's language
on screen, in English in ``status --json``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from desk_breaks.core.content import (
    Area,
    BreathTiming,
    ContentError,
    Exercise,
    HoldTiming,
    Kind,
    Library,
    Need,
    Position,
    Problem,
    Progression,
    Regression,
    Routine,
    Step,
    StepPhase,
)
from desk_breaks.core.content_fields import (
    Fields,
    check_id,
    is_plain_file_name,
    list_of_tables,
    not_a_question,
    not_a_table,
    not_an_exercise,
    only_breathing,
    read_toml,
    taken,
)
from desk_breaks.core.content_text import translated_library
from desk_breaks.core.i18n import Text
from desk_breaks.core.safety_file import load_safety, read_safety
from desk_breaks.core.settings import short_repr

__all__ = [
    "is_plain_file_name",
    "load_library",
    "load_safety",
    "parse_exercise",
    "parse_routine",
    "read_library",
    "read_safety",
]


def load_library(roots: Iterable[Path], *, question_ids: Collection[str] | None = None) -> Library:
    """Load exercises and routines (see :func:`read_library`) in the active language.

    The shipped texts are translated through the catalog (:mod:`desk_breaks.core.content_text`);
    a person's own files are not in it and stay as written. Load again after the language
    changes.
    """
    return translated_library(read_library(roots, question_ids=question_ids))


def read_library(roots: Iterable[Path], *, question_ids: Collection[str] | None = None) -> Library:
    """Read exercises and routines from each root in turn (shipped first, then the user's).

    The texts are as the files write them (English for the shipped ones).

    Each root may hold ``exercises/``, ``routines/`` and ``illustrations/``. A later root
    may add new ids; it may not replace a shipped one (that would be confusing to debug,
    so such a file is reported and skipped). Files that fail validation are skipped and
    reported in :attr:`Library.problems`.

    ``question_ids`` are the safety check's questions (``Safety.screening``): an exercise
    whose ``leave_out_if`` or ``gentler_if`` names another id is skipped, since a rule
    that can never match would let the exercise run for the very people it must spare.
    None skips that one check (a test that has no safety file).
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
                exercise = parse_exercise(read_toml(path), path, illustration_dirs, question_ids)
                if exercise.id in exercises:
                    raise ContentError(taken(exercise.id))
            except ContentError as exc:
                problems.append(Problem(path, exc.said))
                skipped.add(path.stem)
                continue
            exercises[exercise.id] = exercise
    for root in root_list:
        for path in _toml_files(root / "routines", problems):
            try:
                routine = parse_routine(read_toml(path), path, exercises, skipped)
                if routine.id in routines:
                    raise ContentError(taken(routine.id))
            except ContentError as exc:
                problems.append(Problem(path, exc.said))
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
        said = Text("the folder cannot be read ({error})", error=exc.strerror or exc)
        problems.append(Problem(folder, said))
        return []


def parse_exercise(
    data: Mapping[str, Any],
    path: Path,
    illustration_dirs: Iterable[Path],
    question_ids: Collection[str] | None = None,
) -> Exercise:
    """Validate one exercise table; raise :class:`ContentError` naming the bad field.

    ``question_ids``, when given, are the safety-check questions its ``[screening]`` may name.
    """
    f = Fields(data, "")
    exercise_id = check_id(f.text("id"), path)
    kind = f.choice("kind", Kind)
    hold = breathing = None
    hold_table = f.table("timing")
    breath_table = f.table("breathing")
    if kind is Kind.HOLD:
        if hold_table is None:
            raise ContentError(
                Text("'{field}' is missing (a hold exercise needs hold_s and reps)", field="timing")
            )
        if breath_table is not None:
            raise ContentError(only_breathing("breathing"))
        hold = _parse_hold(hold_table, "timing")
    else:
        if breath_table is None:
            raise ContentError(
                Text("'{field}' is missing (inhale_s, hold_s, exhale_s, rounds)", field="breathing")
            )
        if hold_table is not None:
            raise ContentError(Text("'{field}' belongs only to hold exercises", field="timing"))
        breathing = _parse_breath(breath_table, "breathing")
    steps = _parse_steps(f.raw("steps"), kind, list(illustration_dirs))
    progression = None
    if (table := f.table("progression")) is not None:
        g = Fields(table, "progression")
        if hold is not None:
            progression = Progression(g.seconds("hold_step_s"), g.seconds("hold_max_s"))
            if progression.hold_max_s < hold.hold_s:
                raise ContentError(
                    Text(
                        "'{field}' is shorter than '{other}'",
                        field="progression.hold_max_s",
                        other="timing.hold_s",
                    )
                )
        else:
            assert breathing is not None
            progression = Progression(
                rounds_step=g.seconds("rounds_step"), rounds_max=g.seconds("rounds_max")
            )
            if progression.rounds_max < breathing.rounds:
                raise ContentError(
                    Text(
                        "'{field}' is fewer than '{other}'",
                        field="progression.rounds_max",
                        other="breathing.rounds",
                    )
                )
        g.done()
    regression = None
    if (table := f.table("regression")) is not None:
        regression = _parse_regression(table, hold, breathing)
    leave_out_if, gentler_if = _parse_screening(f.table("screening"), question_ids)
    if gentler_if and regression is None:
        raise ContentError(
            Text(
                "'{field}' needs a {table} table: the gentler version to use",
                field="screening.gentler_if",
                table="[regression]",
            )
        )
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
        needs=f.choices("needs", Need),
        warning=f.text("warning", ""),
        leave_out_if=frozenset(leave_out_if),
        gentler_if=frozenset(gentler_if),
    )
    f.done()
    return exercise


def _parse_regression(
    table: Mapping[str, Any], hold: HoldTiming | None, breathing: BreathTiming | None
) -> Regression:
    """Read ``[regression]``: a cue, and the seconds it changes (each optional).

    A hold exercise may shorten its hold (``hold_s`` > 0, not longer than the usual one); a
    breathing exercise may change ``inhale_s``, ``exhale_s`` and its breath hold, where
    ``hold_s = 0`` leaves the pause out.
    """
    g = Fields(table, "regression")
    cue = g.text("cue")
    if hold is not None:
        for key in ("inhale_s", "exhale_s"):
            if key in table:
                raise ContentError(only_breathing(f"regression.{key}"))
        hold_s = g.seconds("hold_s") if "hold_s" in table else None
        if hold_s is not None and hold_s > hold.hold_s:
            raise ContentError(
                Text(
                    "'{field}' is {value}, longer than '{other}' ({usual}): the gentler version "
                    "may not hold longer",
                    field="regression.hold_s",
                    value=hold_s,
                    other="timing.hold_s",
                    usual=hold.hold_s,
                )
            )
        regression = Regression(cue, hold_s)
    else:
        assert breathing is not None
        regression = Regression(
            cue,
            hold_s=g.seconds("hold_s", allow_zero=True) if "hold_s" in table else None,
            inhale_s=g.seconds("inhale_s") if "inhale_s" in table else None,
            exhale_s=g.seconds("exhale_s") if "exhale_s" in table else None,
        )
    g.done()
    return regression


def _parse_screening(
    table: Mapping[str, Any] | None, question_ids: Collection[str] | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Read ``[screening]``: the safety-check answers that leave out or soften the exercise."""
    if table is None:
        return (), ()
    g = Fields(table, "screening")
    leave_out_if, gentler_if = g.ids("leave_out_if"), g.ids("gentler_if")
    g.done()
    both = [q for q in leave_out_if if q in gentler_if]
    if both:
        raise ContentError(
            Text(
                "'{field}' names {value} in both '{first}' and '{second}'; an exercise left out "
                "needs no gentler version",
                field="screening",
                value=short_repr(both[0]),
                first="leave_out_if",
                second="gentler_if",
            )
        )
    if question_ids is not None:
        for key, ids in (("leave_out_if", leave_out_if), ("gentler_if", gentler_if)):
            unknown = [q for q in ids if q not in question_ids]
            if unknown:
                raise ContentError(not_a_question(f"screening.{key}", unknown[0], question_ids))
    return leave_out_if, gentler_if


def _parse_hold(table: Mapping[str, Any], where: str) -> HoldTiming:
    g = Fields(table, where)
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
        raise ContentError(
            Text("'{field}' must be set when there are several reps", field=f"{where}.rep_rest_s")
        )
    if timing.sets > 1 and timing.rest_s == 0:
        raise ContentError(
            Text("'{field}' must be set when there are several sets", field=f"{where}.rest_s")
        )
    return timing


def _parse_breath(table: Mapping[str, Any], where: str) -> BreathTiming:
    g = Fields(table, where)
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
        raise ContentError(list_of_tables("steps"))
    steps: list[Step] = []
    for index, table in enumerate(value, start=1):
        if not isinstance(table, dict):
            raise ContentError(not_a_table("steps", index))
        g = Fields(table, f"steps[{index}]")
        phase = g.choice("phase", StepPhase)
        illustration = g.text("illustration")
        if not is_plain_file_name(illustration):
            raise ContentError(
                Text(
                    "'{field}' must be the name of a picture in an illustrations folder, not the "
                    "path {value}",
                    field=f"steps[{index}].illustration",
                    value=short_repr(illustration),
                )
            )
        if not any((folder / illustration).is_file() for folder in illustration_dirs):
            raise ContentError(
                Text(
                    "'{field}' names {value}, which is not in any illustrations folder",
                    field=f"steps[{index}].illustration",
                    value=short_repr(illustration),
                )
            )
        label = g.text("label", "")
        if label and phase not in (StepPhase.HOLD, StepPhase.RELEASE):
            raise ContentError(
                Text(
                    "'{field}' is only for 'hold' and 'release' steps",
                    field=f"steps[{index}].label",
                )
            )
        if len(label) > 24:
            raise ContentError(
                Text(
                    "'{field}' is longer than {count} characters",
                    field=f"steps[{index}].label",
                    count=24,
                )
            )
        steps.append(Step(phase, g.text("cue"), illustration, label))
        g.done()
    phases = {step.phase for step in steps}
    for needed in _REQUIRED_PHASES[kind]:
        if needed not in phases:
            raise ContentError(
                Text(
                    "'{field}' has no step for the {phase} phase",
                    field="steps",
                    phase=repr(needed.value),
                )
            )
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
    names one can say so rather than call it unknown. An item's ``steady = true`` keeps
    that exercise's dose from growing in this routine (:attr:`Routine.steady`).
    """
    f = Fields(data, "")
    routine_id = check_id(f.text("id"), path)
    name = f.text("name")
    description = f.text("description")
    items = f.raw("items")
    f.done()
    if not isinstance(items, list) or not items:
        raise ContentError(list_of_tables("items"))
    resolved: list[Exercise] = []
    steady: dict[str, bool] = {}
    for index, table in enumerate(items, start=1):
        if not isinstance(table, dict):
            raise ContentError(not_a_table("items", index))
        g = Fields(table, f"items[{index}]")
        exercise_id = g.text("exercise")
        if exercise_id not in exercises:
            raise ContentError(not_an_exercise(f"items[{index}].exercise", exercise_id, skipped))
        exercise = exercises[exercise_id]
        overrides = {
            key: g.seconds(key, allow_zero=key.endswith("rest_s"))
            for key in _ITEM_OVERRIDES[exercise.kind]
            if key in table
        }
        is_steady = g.flag("steady", False)
        g.done()
        if steady.setdefault(exercise_id, is_steady) != is_steady:
            raise ContentError(
                Text(
                    "'{field}' must match the earlier item for {id}: an exercise's dose either "
                    "grows in this routine or stays as it is",
                    field=f"items[{index}].steady",
                    id=repr(exercise_id),
                )
            )
        resolved.append(_with_dose(exercise, overrides, f"items[{index}]"))
    return Routine(
        routine_id,
        name,
        description,
        tuple(resolved),
        path,
        steady=frozenset(k for k, v in steady.items() if v),
    )


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
        said = Text(
            "'{field}' asks for several reps with no '{other}'", field=where, other="rep_rest_s"
        )
        raise ContentError(said)
    if hold.sets > 1 and hold.rest_s == 0:
        said = Text(
            "'{field}' asks for several sets with no '{other}'", field=where, other="rest_s"
        )
        raise ContentError(said)
    return replace(exercise, hold=hold)
