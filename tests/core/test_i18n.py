"""The translation mechanism: lookup, plurals, fields, times, language choice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from pathlib import Path

import pytest

from desk_breaks.core import i18n
from desk_breaks.core.i18n import TimeStyle

LOCALE = Path(__file__).resolve().parents[2] / "assets" / "locale"


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.install(i18n.english())


def test_english_is_active_until_a_language_is_installed() -> None:
    assert i18n.tr("Mon", "weekday, short") == "Mon"
    assert i18n.trn("{n} minute", "{n} minutes", 1) == "1 minute"
    assert i18n.trn("{n} minute", "{n} minutes", 5) == "5 minutes"
    assert i18n.tr("Snoozed until {time}.", time="09:30") == "Snoozed until 09:30."


@pytest.mark.parametrize(
    ("code", "expected"),
    [("de", "Di, 3. März"), ("es", "mar, 3 mar")],
)
def test_a_catalog_translates_with_its_context(code: str, expected: str) -> None:
    i18n.install(i18n.load_language(code, LOCALE))
    assert i18n.active().code == code
    assert i18n.date_text(datetime(2026, 3, 3), weekday=True) == expected
    # The same English word in another context is another message.
    assert i18n.tr("Mar", "month, short") != "Mar"


@pytest.mark.parametrize(("code", "expected"), [("de", "Einstellungen"), ("es", "Ajustes")])
def test_a_string_without_a_context_is_translated_too(code: str, expected: str) -> None:
    i18n.install(i18n.load_language(code, LOCALE))
    assert i18n.tr("Settings") == expected
    assert i18n.trn("{n} minute", "{n} minutes", 5) != "5 minutes"


def test_a_missing_catalog_gives_english(tmp_path: Path) -> None:
    language = i18n.load_language("de", tmp_path)
    assert language.code == "en"


def test_a_damaged_catalog_gives_english(tmp_path: Path) -> None:
    (tmp_path / "de" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "de" / "LC_MESSAGES" / "desk-breaks.mo").write_bytes(b"\x00not a catalog")
    assert i18n.load_language("de", tmp_path).code == "en"


class _WrongField:
    def pgettext(self, context: str, message: str, /) -> str:
        return "Pausiert bis {zeit}."

    def npgettext(self, context: str, singular: str, plural: str, n: int, /) -> str:
        return "{m} Minuten"


def test_a_translation_with_a_wrong_field_falls_back_to_english() -> None:
    i18n.install(i18n.Language("de", _WrongField()))
    assert i18n.tr("Paused until {time}.", time="10:00") == "Paused until 10:00."
    assert i18n.trn("{n} minute", "{n} minutes", 3) == "3 minutes"


def test_pseudo_keeps_fields_and_markup_and_lengthens() -> None:
    text = i18n.pseudo_text("Paused until <b>{time}</b>.")
    assert "{time}" in text and "<b>" in text and "</b>" in text
    assert text.startswith("⟦") and text.endswith("⟧")
    assert len(text) > len("Paused until <b>{time}</b>.") * 1.3
    i18n.install(i18n.load_language(i18n.PSEUDO, LOCALE))
    assert i18n.tr("Paused until {time}.", time="10:00").count("10:00") == 1


@pytest.mark.parametrize(
    ("pattern", "moment", "expected"),
    [
        ("h:mm AP", time(9, 30), "9:30\N{NO-BREAK SPACE}AM"),
        ("h:mm AP", time(0, 5), "12:05\N{NO-BREAK SPACE}AM"),
        ("h:mm AP", time(12, 0), "12:00\N{NO-BREAK SPACE}PM"),
        ("h:mm\N{NARROW NO-BREAK SPACE}ap", time(23, 59), "11:59\N{NO-BREAK SPACE}PM"),
        ("HH:mm", time(9, 30), "09:30"),
        ("H:mm", time(9, 30), "9:30"),
    ],
)
def test_time_styles_read_from_qt_patterns(pattern: str, moment: time, expected: str) -> None:
    assert TimeStyle.from_qt_pattern(pattern).format(moment) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("en_US.UTF-8", "9:30\N{NO-BREAK SPACE}AM"),
        ("en_GB.UTF-8", "09:30"),
        ("de_DE.UTF-8", "09:30"),
        ("es_ES.UTF-8", "9:30"),
        ("C", "09:30"),
    ],
)
def test_time_style_from_a_locale_name(name: str, expected: str) -> None:
    assert i18n.default_time_style(name).format(time(9, 30)) == expected


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANGUAGE": "de_AT:de:en", "LANG": "es_ES.UTF-8"}, ["de_AT", "de", "en"]),
        ({"LC_ALL": "es_ES.UTF-8", "LANG": "de_DE.UTF-8"}, ["es_ES"]),
        ({"LANG": "C.UTF-8"}, ["en"]),
        ({}, []),
    ],
)
def test_system_languages_read_like_gettext(environ: dict[str, str], expected: list[str]) -> None:
    assert i18n.system_languages(environ) == expected


@pytest.mark.parametrize(
    ("setting", "wanted", "expected"),
    [
        ("system", ["fr_FR", "de_DE"], "de"),
        ("system", ["es-MX"], "es"),
        ("system", ["fr"], "en"),
        ("de", ["es"], "de"),
        ("klingon", ["es"], "es"),
        ("pseudo", [], "pseudo"),
    ],
)
def test_resolve_language(setting: str, wanted: list[str], expected: str) -> None:
    assert i18n.resolve_language(setting, wanted) == expected
