"""Every window in the pseudo-language: no word a person reads or hears bypasses tr().

The pseudo-language (:data:`desk_breaks.core.i18n.PSEUDO`) accents every letter and
brackets every string that goes through the mechanism, so any run of three plain ASCII
letters left in a window is English that did not: a label, button, tooltip, accessible
name or description, menu entry, tab, list or combo item, placeholder, table head or a
word painted in a chart. The static half is ``tests/test_i18n_strings.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from desk_breaks import assets_dir
from desk_breaks.core import i18n
from tests.helpers import every_window as windows

ENGLISH = re.compile(r"[A-Za-z]{3,}")

ALLOWED = (
    "Desk Breaks",  # the name, the same in every language
    "QtMultimedia",  # a library's name
    "JSON",  # a file format's name
    "CSV",
    *i18n.LANGUAGES.values(),  # each language named in itself in Settings → General
    # Qt's own words (its tab bar's scroll buttons): a pseudo-language has no Qt catalog;
    # German and Spanish get Qt's (desktop/qt/language.py, tested in test_languages.py).
    "Scroll Left",
    "Scroll Right",
)
"""Words that are the same in every language."""


def leftover(text: str, known: Iterable[str]) -> str:
    """``text`` with every known string and allowed word taken out."""
    for piece in sorted(known, key=len, reverse=True):
        if piece in text:
            text = text.replace(piece, " ")
    for word in ALLOWED:
        text = text.replace(word, " ")
    return text


@pytest.fixture
def pseudo() -> Iterator[None]:
    i18n.install(i18n.load_language(i18n.PSEUDO, assets_dir() / "locale"))
    yield
    i18n.install(i18n.english())


def test_no_english_word_is_left_in_any_window(qtbot: QtBot, pseudo: None) -> None:
    known = windows.fixture_texts()
    found: list[str] = []
    seen = 0
    for shown in windows.every_window(qtbot):
        for text in windows.texts_of(shown):
            seen += 1
            rest = leftover(text, known)
            if ENGLISH.search(rest):
                found.append(f"{shown.name}: {text!r}")
    assert seen > 500  # the walk reached the windows' texts
    unique = sorted(set(found))
    assert unique == [], f"{len(unique)} texts bypass tr():\n" + "\n".join(unique[:80])


def test_the_check_finds_english(qtbot: QtBot, pseudo: None) -> None:
    assert ENGLISH.search(leftover(i18n.tr("Start") + " Start", set()))
    assert not ENGLISH.search(leftover(i18n.tr("Time for a break"), set()))
