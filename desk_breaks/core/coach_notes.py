"""The coach's notes on one exercise: grown, gentler or left out, and the doses they name.

Split from :mod:`desk_breaks.core.coach` so each stays readable; the coach calls these
when it plans a session.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from desk_breaks.core.coach_rules import Track
from desk_breaks.core.coach_types import Action, Mode, Note, NoteKind
from desk_breaks.core.content import Exercise, Library
from desk_breaks.core.i18n import again, tr, trn


def hold_at(exercise: Exercise, level: int) -> int:
    assert exercise.hold is not None
    p = exercise.progression
    if p is None or level <= 0:
        return exercise.hold.hold_s
    top = max(p.hold_max_s, exercise.hold.hold_s)
    return min(exercise.hold.hold_s + level * p.hold_step_s, top)


def rounds_at(exercise: Exercise, level: int) -> int:
    assert exercise.breathing is not None
    p = exercise.progression
    if p is None or level <= 0:
        return exercise.breathing.rounds
    top = max(p.rounds_max, exercise.breathing.rounds)
    return min(exercise.breathing.rounds + level * p.rounds_step, top)


def at_level(exercise: Exercise, level: int) -> Exercise:
    """``exercise`` (at its routine's dose) grown ``level`` steps, within its file's maximum."""
    if exercise.hold is not None:
        return replace(exercise, hold=replace(exercise.hold, hold_s=hold_at(exercise, level)))
    if exercise.breathing is not None:
        rounds = rounds_at(exercise, level)
        return replace(exercise, breathing=replace(exercise.breathing, rounds=rounds))
    return exercise


def progress_note(exercise: Exercise, grown: Exercise, before: Exercise) -> Note | None:
    if grown.hold is not None and before.hold is not None:
        if grown.hold.hold_s == before.hold.hold_s:
            return None
        text = tr(
            "{exercise}: holds are {seconds} s now, up from {before} s.",
            exercise=exercise.name,
            seconds=grown.hold.hold_s,
            before=before.hold.hold_s,
        )
        label = tr("Keep {seconds} s", seconds=before.hold.hold_s)
    elif grown.breathing is not None and before.breathing is not None:
        if grown.breathing.rounds == before.breathing.rounds:
            return None
        text = trn(
            "{exercise}: {n} round now, up from {before}.",
            "{exercise}: {n} rounds now, up from {before}.",
            grown.breathing.rounds,
            exercise=exercise.name,
            before=before.breathing.rounds,
        )
        label = trn("Keep {n} round", "Keep {n} rounds", before.breathing.rounds)
    else:
        return None
    return Note(NoteKind.PROGRESSED, exercise.id, text, Action.PREVIOUS_DOSE, label)


def gentler_note(exercise: Exercise, track: Track) -> Note:
    return Note(
        NoteKind.GENTLER,
        exercise.id,
        tr(
            "{exercise} comes in its gentler version: {reason}.",
            exercise=exercise.name,
            reason=again(track.because),
        ),
        Action.BRING_BACK,
        tr("Use the usual version"),
    )


def left_out_note(exercise: Exercise, track: Track) -> Note:
    return Note(
        NoteKind.LEFT_OUT,
        exercise.id,
        tr(
            "{exercise} is left out for now: {reason}.",
            exercise=exercise.name,
            reason=again(track.because),
        ),
        Action.BRING_BACK,
        tr("Bring it back"),
    )


def rating_changes(
    library: Library, modes: Mapping[str, Mode], tracks: Mapping[str, Track]
) -> list[str]:
    """What a rating changed: one sentence per exercise now gentler or left out."""
    lines: list[str] = []
    for exercise_id, track in sorted(tracks.items()):
        if modes.get(exercise_id) is track.mode:
            continue
        name = library.exercises[exercise_id].name
        if track.mode is Mode.GENTLER:
            lines.append(tr("{exercise} will be gentler from now on.", exercise=name))
        elif track.mode is Mode.LEFT_OUT:
            lines.append(
                tr(
                    "{exercise} is left out for now; you can bring it back in Settings.",
                    exercise=name,
                )
            )
    return lines


def choice_said(name: str, action: Action, hold_s: int | None, rounds: int | None) -> str:
    """What the person's choice about the exercise ``name`` did, now carried out."""
    if action is Action.LEAVE_OUT:
        return tr(
            "{exercise} is left out. You can bring it back under Settings, Coach.", exercise=name
        )
    if action is Action.USE_GENTLER:
        return tr("{exercise} will use its gentler version.", exercise=name)
    if action is Action.BRING_BACK:
        return tr("{exercise} is back in its usual version.", exercise=name)
    if hold_s is not None:
        return tr("{exercise} holds are {seconds} s again.", exercise=name, seconds=hold_s)
    return trn(
        "{exercise} is back to {n} round.",
        "{exercise} is back to {n} rounds.",
        rounds or 0,
        exercise=name,
    )
