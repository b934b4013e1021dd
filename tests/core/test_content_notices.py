"""A broken file of the person's own content is told in their language, listed in English.

The notice about a skipped exercise or routine is an :class:`~desk_breaks.core.i18n.Text`
all the way down (the file, the field, what is wrong): on screen (the start notification,
the no-tray window, Settings) in the language installed, in ``status --json`` in English,
and said again when the language becomes known after the file was read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desk_breaks import assets_dir
from desk_breaks.core.clock import ManualClock
from desk_breaks.core.commands import Status
from desk_breaks.core.content import Library
from desk_breaks.core.content_files import load_library
from desk_breaks.core.engine import Engine
from desk_breaks.core.history import History
from desk_breaks.core.i18n import again, english, in_english, install, load_language
from desk_breaks.core.recorder import SafeRecorder
from desk_breaks.core.service import CommandService
from desk_breaks.core.settings_store import SettingsStore
from tests.core.test_content import EXERCISE, ROUTINE, SVG

LOCALE = assets_dir() / "locale"
BERLIN = ZoneInfo("Europe/Berlin")

Speak = Callable[[str], None]


@pytest.fixture
def speak() -> Iterator[Speak]:
    """Install a language from the shipped catalogs; English again after the test."""
    yield lambda code: install(load_language(code, LOCALE))
    install(english())


@pytest.fixture
def roots(tmp_path: Path) -> tuple[Path, Path]:
    """A "shipped" folder with one exercise and routine, and an empty folder of the user's."""
    shipped, user = tmp_path / "shipped", tmp_path / "user"
    for folder in ("exercises", "routines", "illustrations"):
        (shipped / folder).mkdir(parents=True)
        (user / folder).mkdir(parents=True)
    (shipped / "illustrations" / "pose.svg").write_text(SVG)
    (shipped / "exercises" / "tuck.toml").write_text(EXERCISE.format(id="tuck"))
    (shipped / "routines" / "base.toml").write_text(ROUTINE.format(id="base", exercise="tuck"))
    return shipped, user


def _broken_exercise(user: Path, old: str, new: str) -> Path:
    text = EXERCISE.format(id="mine")
    assert old in text
    path = user / "exercises" / "mine.toml"
    path.write_text(text.replace(old, new, 1))
    return path


def _reasons(library: Library) -> list[str]:
    return [problem.message for problem in library.problems]


def _service(folder: Path, library: Library, notices: list[str]) -> CommandService:
    clock = ManualClock(datetime(2026, 3, 23, 12, 20, tzinfo=BERLIN), BERLIN)
    folder.mkdir(parents=True, exist_ok=True)
    store = SettingsStore(folder / "settings.toml", notices)
    store.start(store.read(), library.routines)
    history, _ = History.open(folder / "history.sqlite3", clock)
    recorder = SafeRecorder(history, lambda message: None)
    engine = Engine(store.current, clock, recorder)
    engine.begin(None)
    return CommandService(engine, clock, library, store, recorder, history, notices)


def test_the_notice_is_german_on_screen_and_english_in_status_json(
    speak: Speak, roots: tuple[Path, Path], tmp_path: Path
) -> None:
    _, user = roots
    path = _broken_exercise(user, 'kind = "hold"', 'kind = "jump"')
    speak("de")
    library = load_library([assets_dir(), user])  # the real routines: no settings notices
    notices: list[str] = [problem.notice for problem in library.problems]  # as app.py makes them
    service = _service(tmp_path / "app", library, notices)
    try:
        german = (
            f"{path} übersprungen – 'kind' muss eins von 'hold', 'breathing' sein, nicht 'jump'"
        )
        assert service.start_notice() == ("Desk Breaks", german)
        reply = service.handle(Status())
        data = json.loads(json.dumps(dict(reply.data)))
        assert data["notices"] == [
            f"Skipped {path} — 'kind' must be one of 'hold', 'breathing', not 'jump'"
        ]
    finally:
        service.recorder.close()


def test_a_notice_read_in_english_is_said_again_in_the_language_installed_later(
    speak: Speak, roots: tuple[Path, Path]
) -> None:
    shipped, user = roots
    path = _broken_exercise(user, 'summary = "tucks"', 'summary = "tucks"\ncolour = "red"')
    notice = load_library([shipped, user]).problems[0].notice  # before the language is known
    assert notice == f"Skipped {path} — unknown field 'colour'"
    speak("es")
    assert again(notice) == f"Se omitió {path}: campo desconocido 'colour'"
    assert in_english(again(notice)) == notice


@pytest.mark.parametrize(
    ("old", "new", "english_text", "german", "spanish"),
    [
        (
            'name = "Gentle tuck"\n',
            "",
            "'name' is missing",
            "'name' fehlt",
            "falta 'name'",
        ),
        (
            "hold_s = 5",
            "hold_s = 0",
            "'timing.hold_s' must be greater than zero, not 0",
            "'timing.hold_s' muss größer als null sein, nicht 0",
            "'timing.hold_s' debe ser mayor que cero, no 0",
        ),
        (
            "rep_rest_s = 2",
            "rep_rest_s = 0",
            "'timing.rep_rest_s' must be set when there are several reps",
            "'timing.rep_rest_s' muss angegeben sein, wenn es mehrere Wiederholungen gibt",
            "'timing.rep_rest_s' debe indicarse cuando hay varias repeticiones",
        ),
        (
            'illustration = "pose.svg"',
            'illustration = "../pose.svg"',
            "'steps[1].illustration' must be the name of a picture in an illustrations folder, "
            "not the path '../pose.svg'",
            "'steps[1].illustration' muss der Name eines Bildes in einem illustrations-Ordner "
            "sein, nicht der Pfad '../pose.svg'",
            "'steps[1].illustration' debe ser el nombre de una imagen de una carpeta "
            "illustrations, no la ruta '../pose.svg'",
        ),
        (
            'id = "mine"',
            "id = ",
            "not valid TOML (",
            "kein gültiges TOML (",
            "no es TOML válido (",
        ),
    ],
    ids=["missing", "zero", "no-rest", "path", "not-toml"],
)
def test_what_is_wrong_with_an_exercise_in_each_language(
    speak: Speak,
    roots: tuple[Path, Path],
    old: str,
    new: str,
    english_text: str,
    german: str,
    spanish: str,
) -> None:
    shipped, user = roots
    _broken_exercise(user, old, new)
    said = {}
    for code in ("en", "de", "es"):
        speak(code)
        (reason,) = _reasons(load_library([shipped, user]))
        said[code] = reason
        assert in_english(reason).startswith(english_text)
    assert said["en"].startswith(english_text)
    assert said["de"].startswith(german)
    assert said["es"].startswith(spanish)


def test_a_routine_naming_a_skipped_exercise_in_german(
    speak: Speak, roots: tuple[Path, Path]
) -> None:
    shipped, user = roots
    _broken_exercise(user, "hold_s = 5", "hold_s = 0")
    (user / "routines" / "mine.toml").write_text(ROUTINE.format(id="mine", exercise="mine"))
    speak("de")
    reasons = _reasons(load_library([shipped, user]))
    assert reasons[1] == (
        "'items[1].exercise' nennt 'mine', dessen Datei übersprungen wurde (siehe den Hinweis dazu)"
    )
    assert in_english(reasons[1]) == (
        "'items[1].exercise' names 'mine', whose file was skipped (see the notice about it)"
    )


def test_a_folder_named_like_a_content_file_in_spanish(
    speak: Speak, roots: tuple[Path, Path]
) -> None:
    shipped, user = roots
    (user / "exercises" / "folder.toml").mkdir()
    speak("es")
    (problem,) = load_library([shipped, user]).problems
    assert problem.message == "es una carpeta, no un archivo"
    assert in_english(problem.notice) == (f"Skipped {problem.path} — is a folder, not a file")
