"""The content in German and Spanish: every text extracted, translated, and never stale.

The walk in :func:`texts` reads every ``str`` a loaded object holds (ids and file names
aside), independently of :mod:`desk_breaks.core.content_text`, so a text field added to
the model but not to the translation walk fails here.
"""

from __future__ import annotations

import enum
import re
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path

import polib
import pytest

import desk_breaks
from desk_breaks.core import i18n
from desk_breaks.core.content import (
    Exercise,
    Library,
    Need,
    Routine,
    Safety,
    format_duration,
    needs_sentence,
)
from desk_breaks.core.content_files import load_library, read_library
from desk_breaks.core.content_i18n import content_messages, load_content
from desk_breaks.core.content_text import exercise_context, routine_context
from desk_breaks.core.safety_file import load_safety, read_safety

ASSETS = desk_breaks.assets_dir()
LOCALE = ASSETS / "locale"
TRANSLATED = ("de", "es")

NOT_TEXT = frozenset({"id", "illustration"})
"""Fields holding a string that is a name for the program, not words for a person."""

SAME_IN = {"de": frozenset[str](), "es": frozenset[str]()}
"""Texts deliberately the same as the English, per language (none so far)."""


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.install(i18n.english())


def use(code: str) -> None:
    i18n.install(i18n.load_language(code, LOCALE))
    assert i18n.active().code == code


def texts(thing: object, context: str = "safety", where: str = "") -> Iterator[tuple[str, str]]:
    """(context, text) for every text ``thing`` holds, found by walking its fields."""
    if isinstance(thing, Exercise):
        context = exercise_context(thing.id)
    elif isinstance(thing, Routine):
        context = routine_context(thing.id)
    if isinstance(thing, str):
        if thing:  # an optional text left out
            yield context, thing
    elif isinstance(thing, tuple):
        for item in thing:
            yield from texts(item, context, where)
    elif isinstance(thing, Mapping):
        for value in thing.values():
            yield from texts(value, context, where)
    elif is_dataclass(thing):
        for field in fields(thing):
            if field.name not in NOT_TEXT and field.name != "problems":
                yield from texts(getattr(thing, field.name), context, f"{where}.{field.name}")
    elif not isinstance(thing, (int, enum.Enum, Path, frozenset, type(None))):
        raise TypeError(f"{where} holds a {type(thing).__name__}: text or not?")


def english() -> tuple[Safety, Library]:
    safety = read_safety(ASSETS / "safety.toml")
    library = read_library([ASSETS], question_ids={q.id for q in safety.screening})
    return safety, library


def copy_assets(target: Path) -> Path:
    for name in ("exercises", "routines", "illustrations"):
        shutil.copytree(ASSETS / name, target / name)
    shutil.copy(ASSETS / "safety.toml", target / "safety.toml")
    return target


def test_every_text_of_the_loaded_content_is_extracted() -> None:
    extracted = {(context, text) for context, text, _ in content_messages(ASSETS)}
    safety, library = english()
    found = {*texts(safety), *texts(library)}
    assert len(found) > 250
    assert found - extracted == set()
    assert extracted - found == set()


def test_a_text_added_to_a_file_is_extracted_with_its_file(tmp_path: Path) -> None:
    assets = copy_assets(tmp_path / "assets")
    path = assets / "exercises" / "chin-drop.toml"
    raw = path.read_text(encoding="utf-8")
    raw = raw.replace("cautions = [", 'cautions = [\n    "A caution written today.",', 1)
    path.write_text(raw, encoding="utf-8")
    found = list(content_messages(assets))
    assert (
        "exercise chin-drop",
        "A caution written today.",
        "assets/exercises/chin-drop.toml",
    ) in found
    assert ("safety", "Right now", "assets/safety.toml") in found


def test_the_same_sentence_in_two_exercises_has_two_contexts() -> None:
    contexts = {c for c, t, _ in content_messages(ASSETS) if t == "Holding your breath."}
    assert contexts == {
        "exercise childs-pose",
        "exercise open-book",
        "exercise isometric-neck-press-side",
    }


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_text_is_translated(code: str) -> None:
    safety, library = english()
    use(code)
    shown_safety = load_safety(ASSETS / "safety.toml")
    shown = load_library([ASSETS], question_ids={q.id for q in shown_safety.screening})
    before = [*texts(safety), *texts(library)]
    after = [*texts(shown_safety), *texts(shown)]
    assert len(before) == len(after)
    same = {text for (_, text), (_, new) in zip(before, after, strict=True) if text == new}
    assert same == SAME_IN[code]
    for exercise in shown.exercises.values():
        assert all(len(step.label) <= 24 for step in exercise.steps), exercise.id


@pytest.mark.parametrize("code", TRANSLATED)
def test_numbers_in_a_translation_are_the_numbers_of_the_english(code: str) -> None:
    digits = re.compile(r"\d+")
    for entry in polib.pofile(str(LOCALE / code / "content.po")):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                assert sorted(digits.findall(text)) == sorted(digits.findall(entry.msgid)), (
                    entry.msgid,
                    text,
                )


@pytest.mark.parametrize("code", TRANSLATED)
def test_one_summary_label_is_said_one_way(code: str) -> None:
    """Exercises of one kind share a summary ("chin tucks"), so a routine names it once."""
    _, library = english()
    use(code)
    shown = load_library([ASSETS])
    said: dict[str, set[str]] = {}
    for key, exercise in library.exercises.items():
        said.setdefault(exercise.summary, set()).add(shown.exercises[key].summary)
    assert all(len(words) == 1 for words in said.values()), said


def test_german_and_spanish_cues_read_as_written() -> None:
    use("de")
    shown = load_library([ASSETS]).exercises["chin-tuck-seated"]
    assert shown.name == "Kinn-Rückzug im Sitzen"
    assert shown.regression is not None
    assert shown.regression.cue == "Gleite nur halb so weit zurück und halte 3 Sekunden."
    use("es")
    shown = load_library([ASSETS]).exercises["chin-tuck-seated"]
    assert shown.name == "Retracción de barbilla en la silla"


def test_a_routine_holds_the_translated_exercises() -> None:
    use("de")
    library = load_library([ASSETS])
    lunch = library.routines["lunch-reset"]
    assert lunch.name == "Neustart am Mittag"
    assert lunch.exercises[0].name == "Kinn-Rückzug im Sitzen"
    assert lunch.exercises[0].hold is not None and lunch.exercises[0].hold.reps == 5
    # An exercise the routine holds unchanged is the library's own object.
    drop = next(e for e in lunch.exercises if e.id == "chin-drop")
    assert drop is library.exercises["chin-drop"]
    assert lunch.summary() == "Kinn-Rückzüge, Atmung, Kopfdruck-Übungen, Halsdehnung"
    assert library.routines["morning-mobility"].summary().endswith(" und mehr")


def test_english_content_is_returned_as_read() -> None:
    _, library = english()
    shown = load_library([ASSETS])
    assert shown.exercises == library.exercises
    assert all(shown.exercises[k] is not None for k in library.exercises)


def _user_files(root: Path) -> Path:
    (root / "exercises").mkdir(parents=True)
    (root / "routines").mkdir()
    raw = (ASSETS / "exercises" / "chin-drop.toml").read_text(encoding="utf-8")
    raw = raw.replace('id = "chin-drop"', 'id = "my-drop"').replace(
        'name = "Chin drop"', 'name = "My own chin drop"'
    )
    (root / "exercises" / "my-drop.toml").write_text(raw, encoding="utf-8")
    (root / "routines" / "mine.toml").write_text(
        'id = "mine"\nname = "Mine"\ndescription = "Written by me."\n\n'
        '[[items]]\nexercise = "my-drop"\n\n[[items]]\nexercise = "chin-drop"\n',
        encoding="utf-8",
    )
    return root


def test_a_persons_own_content_stays_as_written(tmp_path: Path) -> None:
    user = _user_files(tmp_path / "user")
    _, english_library = english()
    use("de")
    library = load_library([ASSETS, user])
    assert library.problems == ()
    mine = library.routines["mine"]
    assert (mine.name, mine.description) == ("Mine", "Written by me.")
    own = library.exercises["my-drop"]
    assert own.name == "My own chin drop"
    # The same English sentences, but in another exercise's context: not translated.
    shipped = english_library.exercises["chin-drop"]
    assert [s.cue for s in own.steps] == [s.cue for s in shipped.steps]
    assert own.cautions == shipped.cautions
    # The shipped exercise it also holds is in German.
    assert mine.exercises[1].name == "Kinn senken"


def test_a_changed_english_cue_shows_in_english_not_the_old_translation(tmp_path: Path) -> None:
    assets = copy_assets(tmp_path / "assets")
    path = assets / "exercises" / "chin-tuck-seated.toml"
    old = "Glide your head straight back to make a double chin. Keep your eyes level."
    new = "Glide your head straight back. Keep your eyes level."
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    use("de")
    shown = load_library([assets]).exercises["chin-tuck-seated"]
    assert [step.cue for step in shown.steps] == [
        "Sitz aufrecht, die Füße flach am Boden. Schau geradeaus.",
        new,
        "Lass den Kopf sanft nach vorn gehen und atme.",
    ]


def test_load_content_follows_the_language_installed(tmp_path: Path) -> None:
    user = _user_files(tmp_path / "user")
    safety, library = load_content(ASSETS, user)
    assert safety.stop_title == "Let's stop here"
    assert library.routines["check-in"].name == "30-second check-in"
    use("es")
    safety, library = load_content(ASSETS, user)
    assert safety.stop_title == "Paremos aquí"
    assert library.routines["check-in"].name == "Pausa breve de 30 segundos"
    assert safety.screening[1].text.startswith("¿Notas hormigueo, entumecimiento")


def test_the_pseudo_language_reaches_every_text(tmp_path: Path) -> None:
    """The walk translates every field: in the pseudo-language none is left as written."""
    user = _user_files(tmp_path / "user")
    safety = read_safety(ASSETS / "safety.toml")
    before = [*texts(safety), *texts(read_library([ASSETS, user]))]
    use(i18n.PSEUDO)
    after = [*texts(load_safety(ASSETS / "safety.toml")), *texts(load_library([ASSETS, user]))]
    assert len(before) == len(after) > 250
    pairs = zip(before, after, strict=True)
    assert all(new != old and new.startswith("⟦") for (_, old), (_, new) in pairs)


@pytest.mark.parametrize(
    ("code", "needs", "minutes", "seconds"),
    [
        ("en", "You need a wall and a doorway.", "5 min", "30 s"),
        ("de", "Du brauchst eine Wand und einen Türrahmen.", "5 Min.", "30 s"),
        ("es", "Necesitas una pared y el marco de una puerta.", "5 min", "30 s"),
    ],
)
def test_words_built_around_the_content(code: str, needs: str, minutes: str, seconds: str) -> None:
    use(code)
    assert needs_sentence((Need.WALL, Need.DOORWAY)) == needs
    assert needs_sentence(()) == ""
    assert format_duration(300) == minutes
    assert format_duration(30) == seconds
    assert format_duration(1) == "1 s"


def test_areas_and_positions_have_words() -> None:
    from desk_breaks.core.content import Area, Position

    assert Area.UPPER_BACK.words == "upper back"
    assert Position.FLOOR.words == "on the floor"
    use("de")
    assert Area.UPPER_BACK.words == "oberer Rücken"
    assert Position.SEATED.words == "im Sitzen"
    assert Need.FLOOR.words == "Platz auf dem Boden"
