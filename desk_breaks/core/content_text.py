"""The text a person reads in the content, walked one way for translating and for extracting.

Every text field of an :class:`Exercise`, a :class:`Routine` and the :class:`Safety` guidance
is visited by one walk (:func:`map_exercise`, :func:`map_routine`, :func:`map_safety`), so
the catalog (:func:`desk_breaks.core.content_i18n.content_messages`) and the translation
(:func:`translated_library`, :func:`translated_safety`) can never disagree on which fields
are text. Ids, file names, numbers and enum values are not text and are never visited.

Each text is looked up with a context naming where it belongs (``exercise chin-tuck-seated``,
``routine lunch-reset``, ``safety``), so one English sentence used in two exercises can be
said differently in each. The English text is the key: a changed English cue has no
translation yet and shows in English, never as an outdated translation. The loaders
(:func:`~desk_breaks.core.content_files.load_library`,
:func:`~desk_breaks.core.safety_file.load_safety`) return content in the active language;
a person's own files are not in the catalog and pass through unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from desk_breaks.core.content import (
    Exercise,
    Library,
    Question,
    Routine,
    Safety,
    SafetyGroup,
    Step,
)
from desk_breaks.core.i18n import Text as I18nText
from desk_breaks.core.i18n import tr

Text = Callable[[str, str], str]
"""Given a context and an English text, the text to keep (a translation, or itself)."""

SAFETY_CONTEXT = "safety"
"""The context of every text in ``safety.toml``."""


def exercise_context(exercise_id: str) -> str:
    """The context of an exercise's texts: "exercise chin-tuck-seated"."""
    return f"exercise {exercise_id}"


def routine_context(routine_id: str) -> str:
    """The context of a routine's own texts: "routine lunch-reset"."""
    return f"routine {routine_id}"


def _optional(text: Text, context: str, value: str) -> str:
    return text(context, value) if value else value


def _all(text: Text, context: str, values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(text(context, value) for value in values)


def map_exercise(exercise: Exercise, text: Text) -> Exercise:
    """``exercise`` with ``text`` applied to each of its text fields (itself if none changed).

    The fields: name, purpose, summary, mistakes, cautions, warning, the tempo, the gentler
    version's cue, and each step's cue and label.
    """
    c = exercise_context(exercise.id)
    hold = exercise.hold
    if hold is not None and hold.tempo:
        hold = replace(hold, tempo=text(c, hold.tempo))
    regression = exercise.regression
    if regression is not None:
        regression = replace(regression, cue=text(c, regression.cue))
    steps = tuple(_map_step(step, text, c) for step in exercise.steps)
    mapped = replace(
        exercise,
        name=text(c, exercise.name),
        purpose=text(c, exercise.purpose),
        summary=_optional(text, c, exercise.summary),
        mistakes=_all(text, c, exercise.mistakes),
        cautions=_all(text, c, exercise.cautions),
        warning=_optional(text, c, exercise.warning),
        hold=hold,
        regression=regression,
        steps=steps,
    )
    return exercise if mapped == exercise else mapped


def _map_step(step: Step, text: Text, context: str) -> Step:
    return replace(step, cue=text(context, step.cue), label=_optional(text, context, step.label))


def map_routine(
    routine: Routine, text: Text, exercise: Callable[[Exercise], Exercise] | None = None
) -> Routine:
    """``routine`` with ``text`` applied to its name and description.

    ``exercise`` maps each of its exercises (their texts have their own context); None
    leaves them as they are.
    """
    c = routine_context(routine.id)
    exercises = routine.exercises if exercise is None else tuple(map(exercise, routine.exercises))
    mapped = replace(
        routine,
        name=text(c, routine.name),
        description=text(c, routine.description),
        exercises=exercises,
    )
    return routine if mapped == routine else mapped


def map_safety(safety: Safety, text: Text) -> Safety:
    """``safety`` with ``text`` applied to every text it holds.

    The texts: the disclaimer, the stop page's title, headings and points, each safety-check
    question (its text, short form and advice) and the advice screen's title and points.
    """
    c = SAFETY_CONTEXT

    def group(found: SafetyGroup) -> SafetyGroup:
        return SafetyGroup(text(c, found.heading), _all(text, c, found.points))

    def question(found: Question) -> Question:
        return replace(
            found,
            text=text(c, found.text),
            short=text(c, found.short),
            advice=text(c, found.advice),
        )

    return replace(
        safety,
        disclaimer=text(c, safety.disclaimer),
        stop_title=text(c, safety.stop_title),
        stop_now=group(safety.stop_now),
        ease_off=group(safety.ease_off),
        seek_help=group(safety.seek_help),
        screening=tuple(map(question, safety.screening)),
        advice_title=_optional(text, c, safety.advice_title),
        advice_points=_all(text, c, safety.advice_points),
    )


def _translate(context: str, text: str) -> str:
    said = tr(text, context)
    # A translated text remembers its English (i18n.Text): status --json names routines
    # and exercises in English whatever the language, and a language change says it again.
    return said if said == text else I18nText(text, context)


def translated_exercise(exercise: Exercise) -> Exercise:
    """``exercise`` in the active language (:func:`desk_breaks.core.i18n.tr`)."""
    return map_exercise(exercise, _translate)


def translated_library(library: Library) -> Library:
    """``library`` in the active language: every exercise, and every routine with its own.

    An exercise a routine holds unchanged stays the same object as the library's.
    """
    exercises = {key: translated_exercise(value) for key, value in library.exercises.items()}
    shared = {id(library.exercises[key]): value for key, value in exercises.items()}

    def exercise(found: Exercise) -> Exercise:
        return shared.get(id(found)) or translated_exercise(found)

    routines = {
        key: map_routine(value, _translate, exercise) for key, value in library.routines.items()
    }
    return replace(library, exercises=exercises, routines=routines)


def translated_safety(safety: Safety) -> Safety:
    """``safety`` in the active language."""
    return map_safety(safety, _translate)
