"""Small exercises and routines built in code, independent of the shipped assets."""

from __future__ import annotations

from desk_breaks.core.content import (
    Area,
    BreathTiming,
    Exercise,
    HoldTiming,
    Kind,
    Position,
    Routine,
    Step,
    StepPhase,
)


def hold_exercise(
    ex_id: str = "tuck",
    *,
    hold_s: int = 5,
    reps: int = 2,
    sets: int = 1,
    rep_rest_s: int = 2,
    rest_s: int = 0,
    per_side: bool = False,
    name: str = "Seated chin tuck",
    position: Position = Position.SEATED,
    labels: tuple[str, str] = ("", ""),
) -> Exercise:
    """A hold exercise; ``labels`` name its hold and release movements (default: none)."""
    return Exercise(
        id=ex_id,
        name=name,
        purpose="Test purpose.",
        area=Area.NECK,
        position=position,
        kind=Kind.HOLD,
        steps=(
            Step(StepPhase.READY, f"{name}: sit tall.", "a.svg"),
            Step(StepPhase.HOLD, f"{name}: hold it.", "b.svg", labels[0]),
            Step(StepPhase.RELEASE, f"{name}: let go.", "a.svg", labels[1]),
        ),
        hold=HoldTiming(hold_s, reps, sets, rep_rest_s, rest_s, per_side),
        summary="chin tucks" if "chin tuck" in name.lower() else "neck stretch",
    )


def breath_exercise(ex_id: str = "breath", rounds: int = 2) -> Exercise:
    return Exercise(
        id=ex_id,
        name="Paced breathing",
        purpose="Test purpose.",
        area=Area.BREATHING,
        position=Position.SEATED,
        kind=Kind.BREATHING,
        steps=(
            Step(StepPhase.READY, "Settle.", "a.svg"),
            Step(StepPhase.INHALE, "In through the nose.", "b.svg"),
            Step(StepPhase.EXHALE, "Out slowly.", "a.svg"),
        ),
        breathing=BreathTiming(4, 2, 6, rounds),
        summary="breathing",
    )


def routine(*exercises: Exercise, routine_id: str = "test-routine") -> Routine:
    return Routine(routine_id, "Test routine", "For tests.", tuple(exercises))
