"""Times in Settings are shown and typed in the language's style: "09:30" or "9:30 AM"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time

import pytest
from pytestqt.qtbot import QtBot

from desk_breaks.core import i18n
from desk_breaks.core.i18n import TimeStyle
from desk_breaks.ui.settings.fields import TimeField, read_time

US = TimeStyle(hour12=True, pad_hour=False)
SPAIN = TimeStyle(pad_hour=False)


@pytest.fixture(autouse=True)
def _english_after() -> Iterator[None]:
    yield
    i18n.install(i18n.english())


@pytest.mark.parametrize(
    ("text", "style", "expected"),
    [
        ("9:30 AM", US, time(9, 30)),
        ("9:30 pm", US, time(21, 30)),
        ("12:05 AM", US, time(0, 5)),
        ("12:05 PM", US, time(12, 5)),
        ("21:30", US, time(21, 30)),  # a 24-hour time is read whatever the style
        ("9:30", SPAIN, time(9, 30)),
        ("9.30 p. m.", TimeStyle(hour12=True, am="a. m.", pm="p. m."), time(21, 30)),
        ("13:30 PM", US, None),
        ("9:60", SPAIN, None),
        ("half past nine", US, None),
        ("9:30 XY", US, None),
    ],
)
def test_a_typed_time_is_read_in_the_style(
    text: str, style: TimeStyle, expected: time | None
) -> None:
    assert read_time(text, style) == expected


def test_a_12_hour_language_shows_and_reads_am_and_pm(qtbot: QtBot) -> None:
    i18n.install(i18n.english(US))
    field = TimeField(time(21, 30), "Lunch session time")
    qtbot.addWidget(field)
    assert field.text() == "9:30\N{NO-BREAK SPACE}PM"
    assert field.value() == time(21, 30)
    assert "AM" in field.placeholderText()
    field.setText("7:15 am")
    assert field.value() == time(7, 15)


def test_a_24_hour_language_keeps_hh_mm(qtbot: QtBot) -> None:
    field = TimeField(time(9, 30), "Lunch session time")
    qtbot.addWidget(field)
    assert field.text() == "09:30"
    assert field.placeholderText() == "HH:MM"
