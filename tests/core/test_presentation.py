"""Wording of the tray, tooltip, prompt and status (pure functions, no Qt)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from desk_breaks.core.content import Need, format_duration
from desk_breaks.core.engine import Offer, Outcome, State
from desk_breaks.core.presentation import (
    OUTCOME_WORDS,
    Snapshot,
    clock_text,
    exercise_name,
    icon_name,
    menu_label,
    next_session_text,
    outcome_name,
    prompt_headline,
    readable_id,
    routine_choice,
    routine_length,
    routine_name,
    seconds_caption,
    session_words,
    snooze_note,
    stated_length_s,
    status_data,
    time_left_detail,
    time_left_text,
    tooltip_text,
)
from desk_breaks.core.schedule import Occurrence, SessionKind
from tests.helpers.content import breath_exercise, hold_exercise, routine
from tests.helpers.snapshots import snapshot

Z = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 23, 12, 5, tzinfo=Z)
LUNCH = Occurrence("lunch", SessionKind.FULL, "lunch-reset", NOW.replace(minute=30))
ROUTINES = {"lunch-reset": routine(hold_exercise(), breath_exercise(), routine_id="lunch-reset")}


def snap(state: State = State.WAITING, **kw: object) -> Snapshot:
    return snapshot(state, now=NOW, next_due=kw.pop("next_due", LUNCH), **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (NOW.replace(hour=12, minute=30), "12:30"),
        (NOW + timedelta(days=1), "tomorrow 12:05"),
        (NOW + timedelta(days=4), "Fri 12:05"),
    ],
)
def test_clock_text(when: datetime, expected: str) -> None:
    assert clock_text(when, NOW) == expected


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(0, "now"), (1, "in 1 min"), (25, "in 25 min"), (60, "in 1 h"), (95, "in 1 h 35 min")],
)
def test_time_left(minutes: int, expected: str) -> None:
    assert time_left_text(timedelta(minutes=minutes)) == expected


def test_the_tray_names_the_next_session_and_the_time_left() -> None:
    assert next_session_text(snap(), ROUTINES) == "Test routine at 12:30"
    assert tooltip_text(snap(), ROUTINES) == "Desk Breaks\nTest routine at 12:30 (in 25 min)"


@pytest.mark.parametrize(
    ("state", "extra", "text", "icon"),
    [
        (State.PROMPTING, {"offer": Offer(LUNCH)}, "Test routine is due now", "tray-due"),
        (
            State.SNOOZED,
            {"offer": Offer(LUNCH, 1), "snoozed_until": NOW.replace(minute=40)},
            "Test routine snoozed until 12:40",
            "tray-snoozed",
        ),
        (
            State.PAUSED,
            {"paused_until": NOW.replace(hour=13, minute=0)},
            "Paused until 13:00",
            "tray-paused",
        ),
        (State.IN_SESSION, {}, "Session in progress", "tray-active"),
        (State.AWAY, {}, "Away from the desk: a natural break", "tray-active"),
        (State.AWAY, {"offer": Offer(LUNCH)}, "Away; Test routine waits for you", "tray-active"),
        (
            State.DEFERRED,
            {"offer": Offer(LUNCH), "defer_reason": "a full-screen window is active"},
            "Test routine waits until you are free (a full-screen window is active)",
            "tray-paused",
        ),
        (
            State.DEFERRED,
            {"meeting_until": NOW.replace(hour=13, minute=0)},
            "Meeting mode until 13:00",
            "tray-paused",
        ),
        (
            State.DEFERRED,
            {"meeting_until": NOW.replace(hour=13, minute=0), "offer": Offer(LUNCH)},
            "Meeting mode until 13:00; Test routine waits",
            "tray-paused",
        ),
    ],
)
def test_each_state_has_its_words_and_icon(
    state: State, extra: dict[str, object], text: str, icon: str
) -> None:
    assert next_session_text(snap(state, **extra), ROUTINES) == text
    assert icon_name(state) == icon


def test_every_state_and_outcome_has_words() -> None:
    for state in State:
        assert icon_name(state).startswith("tray-")
    assert set(Outcome) == set(OUTCOME_WORDS)
    assert outcome_name(Outcome.NATURAL_BREAK) == "Natural break"


@pytest.mark.parametrize(
    ("state", "fields", "expected"),
    [
        (State.WAITING, {}, "in 25 min"),
        (State.PROMPTING, {"offer": Offer(LUNCH)}, ""),  # due now: nothing counts down
        (State.SNOOZED, {"snoozed_until": NOW + timedelta(minutes=10)}, "in 10 min"),
        (State.PAUSED, {"paused_until": NOW + timedelta(hours=1, minutes=10)}, "in 1 h 10 min"),
        (State.DEFERRED, {"meeting_until": NOW + timedelta(minutes=55)}, "in 55 min"),
        (State.DEFERRED, {"defer_reason": "Do Not Disturb is on"}, ""),  # until it ends
        (State.WAITING, {"next_due": None}, ""),
    ],
)
def test_time_left_detail_counts_down_to_what_the_first_line_names(
    state: State, fields: dict[str, object], expected: str
) -> None:
    assert time_left_detail(snap(state, **fields)) == expected


def test_meeting_mode_shows_its_time_left() -> None:
    text = tooltip_text(
        snap(State.DEFERRED, meeting_until=NOW.replace(hour=13, minute=0)), ROUTINES
    )
    assert text == "Desk Breaks\nMeeting mode until 13:00 (in 55 min)"


def test_prompt_headline_comes_from_the_routine_data() -> None:
    r = routine(
        hold_exercise(name="Seated chin tuck", hold_s=5, reps=4),
        breath_exercise(rounds=20),
        hold_exercise("drop", name="Chin drop", hold_s=30, reps=1),
    )
    assert r.duration_s() == 29 + 3 + 240 + 33
    assert prompt_headline(r) == "Test routine · 5 min · chin tucks, breathing, neck stretch"


def test_the_menu_label_says_what_a_session_needs() -> None:
    seated = routine(hold_exercise(hold_s=30, reps=1))
    assert menu_label(seated) == "Test routine (33 s)"
    wall = replace(hold_exercise("wall", hold_s=30, reps=1), needs=(Need.WALL,))
    door = replace(hold_exercise("door", hold_s=30, reps=1), needs=(Need.DOORWAY, Need.WALL))
    assert menu_label(routine(wall, door)) == "Test routine (66 s, needs a wall and a doorway)"


def test_status_data_is_plain_json() -> None:
    data = status_data(snap(State.PROMPTING, offer=Offer(LUNCH)), ROUTINES)
    assert data["state"] == "prompting"
    assert data["offer"] == {
        "slot": "lunch",
        "routine": "lunch-reset",
        "due_at": "2026-03-23T12:30:00+01:00",
        "snoozes": 0,
    }


def test_time_left_counts_real_time_over_a_clock_change() -> None:
    # 01:30 on the night Berlin's clocks go forward; the session at 03:30 is an hour away,
    # not the two hours the wall-clock readings differ by.
    night = datetime(2026, 3, 29, 1, 30, tzinfo=Z)
    due = Occurrence(
        "early", SessionKind.FULL, "lunch-reset", datetime(2026, 3, 29, 3, 30, tzinfo=Z)
    )
    assert time_left_detail(snapshot(State.WAITING, now=night, next_due=due)) == "in 1 h"


@pytest.mark.parametrize(
    ("outcome", "kwargs", "words"),
    [
        (Outcome.COMPLETED, {}, "Completed"),
        (Outcome.PARTIAL, {"done": 3, "planned": 7}, "Partly done (3 of 7)"),
        (Outcome.PARTIAL, {"done": 2}, "Partly done (2 done)"),
        (
            Outcome.STOPPED_PAIN,
            {"stopped_at": "Chin drop"},
            "Stopped for pain or dizziness (during Chin drop)",
        ),
        (Outcome.STOPPED_PAIN, {}, "Stopped for pain or dizziness"),
        (Outcome.STOPPED, {"done": 1, "planned": 4}, "Stopped early (1 of 4)"),
        (Outcome.SNOOZED, {"snooze_min": 10}, "Snoozed (10 min)"),
        (Outcome.DEFERRED, {}, "Held while busy"),
    ],
)
def test_session_words(outcome: Outcome, kwargs: dict[str, Any], words: str) -> None:
    assert session_words(outcome, **kwargs) == words


def test_names_never_ids() -> None:
    assert readable_id("isometric-neck-press-side") == "Isometric neck press side"
    assert routine_name("", {}) == "Natural break"
    assert routine_name("my-physio", {}) == "My physio"
    assert exercise_name("band-pull-apart", {}) == "Band pull apart"


# -- wording (issue 15) ----------------------------------------------------------------------


def _named(name: str, reps: int) -> Any:
    return replace(routine(hold_exercise(reps=reps)), name=name)


def test_a_length_in_the_name_is_said_once() -> None:
    check_in = _named("30-second check-in", 4)
    assert 25 <= check_in.duration_s() <= 35  # the name is true within 15 %
    assert routine_length(check_in) == ""
    assert menu_label(check_in) == "30-second check-in"
    assert routine_choice(check_in) == "30-second check-in"
    assert prompt_headline(check_in) == f"30-second check-in · {check_in.summary()}"


def test_a_name_whose_length_is_wrong_still_gets_the_real_one() -> None:
    wrong = _named("2-minute stretch", 5)
    assert stated_length_s(wrong.name) == 120
    length = format_duration(wrong.duration_s())
    assert routine_choice(wrong) == f"2-minute stretch ({length})"


def test_a_name_without_a_length_gets_it() -> None:
    plain = _named("Lunch reset", 5)
    assert stated_length_s("Lunch reset") is None
    assert routine_choice(plain) == f"Lunch reset ({format_duration(plain.duration_s())})"


@pytest.mark.parametrize(
    ("snoozes", "cap", "words"),
    [
        (0, 3, ""),
        (1, 3, "Snoozed once. You can snooze it twice more."),
        (2, 3, "Snoozed twice. You can snooze it once more."),
        (1, 5, "Snoozed once. You can snooze it 4 times more."),
        (3, 3, "Snoozed 3 times: start it now, or skip it."),
        (1, None, "Snoozed once."),
    ],
)
def test_snooze_note(snoozes: int, cap: int | None, words: str) -> None:
    assert snooze_note(snoozes, cap) == words


@pytest.mark.parametrize(("seconds", "word"), [(0, "seconds"), (1, "second"), (2, "seconds")])
def test_seconds_caption_is_singular_for_one(seconds: int, word: str) -> None:
    assert seconds_caption(seconds) == word


def test_every_shipped_routine_that_names_its_length_is_truthful() -> None:
    from desk_breaks import assets_dir
    from desk_breaks.core.content_files import load_library

    for shipped in load_library([assets_dir()]).routines.values():
        stated = stated_length_s(shipped.name)
        if stated is not None:
            assert routine_length(shipped) == "", f"{shipped.name}: {shipped.duration_s()} s"
