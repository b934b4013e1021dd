"""The exercises, routines and safety text in the person's language.

Two halves of one walk (:mod:`desk_breaks.core.content_text`):

- :func:`content_messages` lists every text of the shipped content with its context and
  file, for ``packaging/i18n.py extract`` to write into ``content.po``;
- :func:`load_content` reads the safety text and the library in the active language (the
  loaders translate; see :func:`desk_breaks.core.content_files.load_library`). Call it
  again after :func:`desk_breaks.core.i18n.install` when the language changes while the
  app runs: loaded content never changes language by itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from desk_breaks.core.content import Library, Safety
from desk_breaks.core.content_files import load_library, read_library
from desk_breaks.core.content_text import Text, map_exercise, map_routine, map_safety
from desk_breaks.core.safety_file import load_safety, read_safety

__all__ = ["content_messages", "load_content"]


def load_content(assets: Path, user_content: Path) -> tuple[Safety, Library]:
    """The safety text and the exercises and routines, in the active language.

    ``assets`` is the shipped folder (``safety.toml``, ``exercises/``, ...), ``user_content``
    the person's own (read after it, never replacing a shipped id). The safety check's
    question ids are what exercises may name in ``[screening]``. A bad user file is in
    :attr:`Library.problems`; a bad shipped safety file raises ``ContentError``.
    """
    safety = load_safety(assets / "safety.toml")
    library = load_library(
        [assets, user_content], question_ids={question.id for question in safety.screening}
    )
    return safety, library


def content_messages(assets: Path) -> Iterator[tuple[str, str, str]]:
    """Every text of the shipped content as (context, English text, file).

    The file is relative to the folder above ``assets`` ("assets/exercises/cat-cow.toml").
    Texts come from the loaded objects, so whatever the loader reads as text is here, in
    the order the files are read.
    """
    root = assets.parent
    safety_path = assets / "safety.toml"
    found: list[tuple[str, str, str]] = []

    def collect(place: Path | None) -> Text:
        where = (place or safety_path).relative_to(root).as_posix()

        def text(context: str, value: str) -> str:
            found.append((context, value, where))
            return value

        return text

    safety = read_safety(safety_path)
    library = read_library([assets], question_ids={q.id for q in safety.screening})
    if library.problems:
        problem = library.problems[0]
        raise ValueError(f"a shipped content file does not load: {problem}")
    map_safety(safety, collect(safety_path))
    for exercise in library.exercises.values():
        map_exercise(exercise, collect(exercise.source))
    for routine in library.routines.values():
        map_routine(routine, collect(routine.source))
    yield from found
