"""The core's words in German and Spanish: plurals, times, replies, and data that stays English.

English is what every other test reads (the app starts in English); here each test installs
a language from the shipped catalogs and puts English back afterwards.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desk_breaks import assets_dir
from desk_breaks.core.clock import ManualClock
from desk_breaks.core.commands import Pause, Snooze, Start, Status, StopSession
from desk_breaks.core.content_files import load_library
from desk_breaks.core.engine import Engine, Outcome, Record
from desk_breaks.core.history import History
from desk_breaks.core.i18n import (
    Text,
    TimeStyle,
    again,
    default_time_style,
    english,
    in_english,
    install,
    load_language,
    speaking,
)
from desk_breaks.core.presentation import (
    clock_text,
    seconds_caption,
    snooze_note,
    time_left_text,
)
from desk_breaks.core.recorder import SafeRecorder
from desk_breaks.core.service import CommandService
from desk_breaks.core.settings import Settings, language_choices, repair, to_dict, validate
from desk_breaks.core.settings_file import dumps, load
from desk_breaks.core.settings_store import SettingsStore

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_NOON = datetime(2026, 3, 23, 12, 20, tzinfo=BERLIN)
LOCALE = assets_dir() / "locale"
NBSP = "\N{NO-BREAK SPACE}"

Speak = Callable[..., None]


@pytest.fixture
def speak() -> Iterator[Speak]:
    """Install a language (and a time style); English again after the test."""

    def use(code: str, style: TimeStyle | None = None) -> None:
        install(load_language(code, LOCALE, style))

    yield use
    install(english())


# -- times of day in each locale's own style -------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "code", "expected"),
    [
        ("en_US", "en", f"9:30{NBSP}AM"),
        ("en_GB", "en", "09:30"),
        ("de_DE", "de", "09:30"),
        ("es_ES", "es", "9:30"),
    ],
)
def test_a_time_today_is_written_as_the_locale_writes_it(
    speak: Speak, locale: str, code: str, expected: str
) -> None:
    speak(code, default_time_style(locale))
    morning = MONDAY_NOON.replace(hour=9, minute=30)
    assert clock_text(morning, MONDAY_NOON.replace(hour=8)) == expected


def test_an_afternoon_time_in_a_us_locale_reads_pm(speak: Speak) -> None:
    speak("en", default_time_style("en_US.UTF-8"))
    assert clock_text(MONDAY_NOON.replace(hour=17, minute=5), MONDAY_NOON) == f"5:05{NBSP}PM"


def test_later_days_name_the_day_in_the_language(speak: Speak) -> None:
    speak("de")
    tomorrow = MONDAY_NOON + timedelta(days=1)
    assert clock_text(tomorrow.replace(hour=9, minute=30), MONDAY_NOON) == "morgen 09:30"
    thursday = MONDAY_NOON + timedelta(days=3)
    assert clock_text(thursday, MONDAY_NOON) == "Do 12:20"
    speak("es")
    assert clock_text(thursday, MONDAY_NOON) == "jue 12:20"


# -- plurals and units ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "snoozes", "cap", "words"),
    [
        ("de", 1, 3, "Einmal verschoben. Du kannst sie noch zweimal verschieben."),
        ("de", 1, 5, "Einmal verschoben. Du kannst sie noch 4-mal verschieben."),
        ("de", 3, 3, "3-mal verschoben: Starte sie jetzt oder lass sie aus."),
        ("es", 2, 3, "Pospuesta dos veces. Puedes posponerla una vez más."),
        ("es", 1, 5, "Pospuesta una vez. Puedes posponerla 4 veces más."),
        ("es", 4, None, "Pospuesta 4 veces."),
    ],
)
def test_snooze_notes_use_the_languages_plural_forms(
    speak: Speak, code: str, snoozes: int, cap: int | None, words: str
) -> None:
    speak(code)
    assert snooze_note(snoozes, cap) == words


def test_countdown_words_and_time_left_are_translated(speak: Speak) -> None:
    speak("de")
    assert [seconds_caption(n) for n in (1, 2)] == ["Sekunde", "Sekunden"]
    assert time_left_text(timedelta(minutes=80)) == "in 1 Std. 20 Min."
    speak("es")
    assert [seconds_caption(n) for n in (1, 5)] == ["segundo", "segundos"]
    assert time_left_text(timedelta(minutes=5)) == "en 5 min"


# -- the command service, in a language ---------------------------------------------------------


def _service(folder: Path, settings_text: str = "") -> CommandService:
    """A service on a manual clock at Monday 12:20, with one session done at 10:00."""
    clock = ManualClock(MONDAY_NOON, BERLIN)
    library = load_library([assets_dir()])
    folder.mkdir(parents=True, exist_ok=True)
    if settings_text:
        (folder / "settings.toml").write_text(settings_text, encoding="utf-8")
    store = SettingsStore(folder / "settings.toml", [])
    store.start(store.read(), library.routines)
    history, _ = History.open(folder / "history.sqlite3", clock)
    at = MONDAY_NOON.replace(hour=10, minute=0)
    history.record(
        Record("morning", "morning-mobility", Outcome.PARTIAL, at, exercises_done=("chin-drop",))
    )
    recorder = SafeRecorder(history, lambda message: None)
    engine = Engine(store.current, clock, recorder)
    engine.begin(None)
    return CommandService(engine, clock, library, store, recorder, history, store.notices)


def test_replies_are_in_the_language_with_its_times(speak: Speak, tmp_path: Path) -> None:
    speak("de")
    service = _service(tmp_path / "de")
    status = service.handle(Status()).message.splitlines()
    assert status[0].endswith(": Neustart am Mittag: 12:30 (in 10 Min.).")  # content too
    assert status[1] == (
        "Heute: 0 erledigt, 1 teilweise erledigt, 0 abgebrochen, 0 ausgelassen, 0 verschoben."
    )
    assert status[2].startswith("Zuletzt: ")
    assert status[2].endswith(" um 10:00: Teilweise erledigt (1 von 8).")
    assert service.handle(Pause(30)).message == "Pausiert bis 12:50 (in 30 Min.)."
    refused = service.handle(Snooze(5))
    assert not refused.ok
    assert refused.message == "Nichts ist fällig, also gibt es nichts zu verschieben."


def test_spanish_replies_and_a_safety_stop(speak: Speak, tmp_path: Path) -> None:
    speak("es")
    service = _service(tmp_path / "es")
    started = service.handle(Start("check-in"))
    assert started.ok and started.message.startswith("Empezando ")
    stopped = service.handle(StopSession(hurt=True))
    assert stopped.message == (
        "Detenida por dolor o mareo. Los consejos de seguridad están en pantalla."
    )


def test_status_json_is_the_same_in_every_language(speak: Speak, tmp_path: Path) -> None:
    # A bad language in the file gives a notice: it must come out in English too.
    bad = 'schema_version = 2\nlanguage = "fr"\n'
    dumped: dict[str, str] = {}
    for code in ("en", "de", "es"):
        speak(code, default_time_style("en_US") if code == "en" else None)
        service = _service(tmp_path / "same", bad)  # the same paths: they are in the notices
        reply = service.handle(Status())
        dumped[code] = json.dumps({"ok": reply.ok, **dict(reply.data)}, sort_keys=True)
        service.recorder.close()
        shutil.rmtree(tmp_path / "same")
    assert dumped["de"] == dumped["en"] == dumped["es"]
    data = json.loads(dumped["de"])
    assert data["summary"] == "Lunch reset at 12:30"  # English, 24-hour: data, not words
    assert data["message"].startswith("Desk Breaks ")
    assert any("language: must be one of 'system', 'en', 'de', 'es'" in n for n in data["notices"])


# -- the language setting -----------------------------------------------------------------------


def test_the_language_setting_round_trips_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    chosen = Settings(language="es")
    path.write_text(dumps(to_dict(chosen)), encoding="utf-8")
    loaded = load(path)
    assert loaded.settings.language == "es"
    assert not loaded.issues
    assert to_dict(Settings())["language"] == "system"


def test_a_language_without_a_translation_falls_back_to_system(tmp_path: Path) -> None:
    assert language_choices() == ("system", "en", "de", "es")
    issues = validate(Settings(language="fr"))
    assert [str(issue) for issue in issues] == [
        "language: must be one of 'system', 'en', 'de', 'es', not 'fr'"
    ]
    repaired, found = repair(Settings(language="fr"))
    assert repaired.language == "system"
    assert [str(issue) for issue in found] == [
        "language: must be one of 'system', 'en', 'de', 'es', not 'fr'; using system"
    ]
    path = tmp_path / "settings.toml"
    path.write_text('language = "klingon"\n', encoding="utf-8")
    assert load(path).settings.language == "system"


# -- a message said again once the language is known ---------------------------------------------


def test_a_text_is_said_again_in_another_language(speak: Speak) -> None:
    said = Text("Skipped {path} — {problem}", path="x.toml", problem=Text("a folder"))
    assert said == "Skipped x.toml — a folder"
    speak("de")
    assert again(said) == "x.toml übersprungen – ein Ordner"
    assert in_english(again(said)) == "Skipped x.toml — a folder"
    with speaking(english()):
        assert str(again(said)) == "Skipped x.toml — a folder"
    assert again("plain") == "plain"


def test_a_settings_notice_made_in_english_is_said_again_in_german(
    speak: Speak, tmp_path: Path
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("idle_threshold_min = 999\n", encoding="utf-8")
    notices: list[str] = []
    SettingsStore(path, notices).read()  # before the language is known: English
    assert notices == [
        f"{path}: idle_threshold_min: must be from 1 to 60 minutes, not 999; using 5"
    ]
    speak("de")
    assert [again(n) for n in notices] == [
        f"{path}: idle_threshold_min: muss zwischen 1 und 60 Minuten liegen, nicht 999; "
        "stattdessen gilt 5"
    ]


def test_the_english_time_style_is_24_hour_unless_the_locale_says(speak: Speak) -> None:
    speak("en")
    assert clock_text(MONDAY_NOON.replace(hour=9, minute=5), MONDAY_NOON) == "09:05"
    assert TimeStyle(hour12=True, pad_hour=False).format(time(0, 15)) == f"12:15{NBSP}AM"


@pytest.mark.parametrize("code", ["en", "de", "es"])
def test_a_name_that_states_its_length_is_not_given_a_second_one(speak: Speak, code: str) -> None:
    """ "30-second check-in (29 s)" named two lengths; the translated name says it once too."""
    from desk_breaks.core.presentation import menu_label

    speak(code)
    library = load_library([assets_dir()])
    check_in = library.routines["check-in"]
    label = menu_label(check_in)
    assert label == str(check_in.name)
    assert "29" not in label and "(" not in label
