"""The engine's parts on their own: the occurrence book, the catch-up pick, the machine.

The engine tests cover the policy end to end; these pin the contracts the parts give it.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from desk_breaks.core.clock import ManualClock, as_utc
from desk_breaks.core.engine import CATCH_UP, ON_TIME, State, StateChanged
from desk_breaks.core.machine import Machine
from desk_breaks.core.occurrences import OccurrenceBook, pick_due
from desk_breaks.core.schedule import Occurrence, Plan, SessionKind
from desk_breaks.core.settings import Settings
from tests.helpers.sim import ListRecorder

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=BERLIN)  # 2 March 2026 is a Monday


def book_at(day: int, hour: int, minute: int = 0) -> OccurrenceBook:
    return OccurrenceBook(Plan.from_settings(Settings(), BERLIN), as_utc(at(day, hour, minute)))


def test_an_occurrence_comes_due_once_even_when_the_clock_goes_back() -> None:
    book = book_at(2, 8)
    first = book.move_to(as_utc(at(2, 9, 45)))
    assert [(o.key, o.due_at) for o in first] == [("check-in", at(2, 9)), ("morning", at(2, 9, 30))]
    assert book.move_to(as_utc(at(2, 8))) == []  # back: nothing comes due, nothing is forgotten
    assert book.checkpoint == as_utc(at(2, 8))
    upcoming = book.next_scheduled()
    assert upcoming is not None and upcoming.due_at == at(2, 10)  # the handled ones are skipped
    assert book.move_to(as_utc(at(2, 9, 45))) == []


def test_advance_never_moves_the_checkpoint_back() -> None:
    book = book_at(2, 9, 45)
    assert book.advance_to(as_utc(at(2, 8))) == []
    assert book.checkpoint == as_utc(at(2, 9, 45))


def test_next_due_counts_from_the_end_of_a_pause() -> None:
    book = book_at(2, 8)
    due = book.next_due(paused_until=as_utc(at(2, 12, 30)))
    assert due is not None and (due.key, due.due_at) == ("lunch", at(2, 12, 30))


def occurrence(kind: SessionKind, due_at: datetime) -> Occurrence:
    return Occurrence(kind.value, kind, "routine", due_at)


def test_pick_due_prefers_the_most_recent_and_a_full_session_at_the_same_moment() -> None:
    now = at(2, 10)
    full = occurrence(SessionKind.FULL, now)
    check_in = occurrence(SessionKind.CHECK_IN, now)
    older = occurrence(SessionKind.FULL, now - CATCH_UP / 2)
    assert pick_due([older, check_in, full], now) is full
    assert pick_due([occurrence(SessionKind.FULL, now - CATCH_UP)], now) is None
    assert pick_due([occurrence(SessionKind.CHECK_IN, now - ON_TIME)], now) is None
    assert pick_due([], now) is None


def test_the_machine_refuses_a_move_the_table_does_not_allow() -> None:
    clock = ManualClock(at(2, 8))
    machine = Machine(clock, ListRecorder(), as_utc(clock.now()))
    with pytest.raises(AssertionError, match="no transition from waiting to snoozed"):
        machine.transition(State.SNOOZED)
    assert machine.drain() == []
    machine.transition(State.PAUSED)
    machine.changed()
    assert machine.drain() == [
        StateChanged(State.WAITING, State.PAUSED),
        StateChanged(State.PAUSED, State.PAUSED),
    ]
    assert machine.drain() == []
