"""The day timeline: what it says it shows, and the hours it spans."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot

from desk_breaks.core.schedule import Occurrence, SessionKind
from desk_breaks.ui.settings.timeline import Timeline

BERLIN = ZoneInfo("Europe/Berlin")


def at(hour: int, minute: int, kind: SessionKind, routine: str) -> Occurrence:
    return Occurrence(routine, kind, routine, datetime(2026, 3, 23, hour, minute, tzinfo=BERLIN))


def test_describes_sessions_and_check_ins_and_spans_the_plan(qtbot: QtBot) -> None:
    timeline = Timeline()
    qtbot.addWidget(timeline)
    timeline.set_day(
        [
            at(5, 45, SessionKind.FULL, "early"),
            at(9, 0, SessionKind.CHECK_IN, "check"),
            at(9, 30, SessionKind.CHECK_IN, "check"),
            at(22, 15, SessionKind.FULL, "late"),
        ],
        {"early": "Early stretch", "late": "Late unwind"},
        working=(time(9), time(18)),
        now=time(11, 5),
    )
    assert timeline.describe() == (
        "Sessions: 05:45 Early stretch, 22:15 Late unwind. 2 check-ins from 09:00 to 09:30."
    )
    assert timeline.accessibleDescription() == timeline.describe()
    assert timeline.hour_range() == (5, 23)
    timeline.resize(timeline.sizeHint())
    assert not timeline.grab().isNull()


def test_an_empty_day_says_so(qtbot: QtBot) -> None:
    timeline = Timeline()
    qtbot.addWidget(timeline)
    timeline.set_day([], {}, working=None, empty_text="Nothing scheduled on Sunday")
    assert timeline.describe() == "Nothing scheduled on Sunday."
    assert timeline.hour_range() == (7, 20)
