"""Natural breaks, busy deferral and meeting mode, on a simulated clock (no Qt)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desk_breaks.core.clock import ManualClock
from desk_breaks.core.engine import (
    AFTER_MEETING,
    NATURAL_BREAK_KEY,
    CommandRefused,
    Engine,
    Event,
    OfferChanged,
    Outcome,
    SessionResult,
    State,
    StateChanged,
)
from desk_breaks.core.schedule import Plan, SessionKind
from desk_breaks.core.settings import Settings
from tests.helpers.sim import ListRecorder, driven

BERLIN = ZoneInfo("Europe/Berlin")


def at(hour: int, minute: int = 0, day: int = 16) -> datetime:
    """Monday 16 November 2026 (or another day of that week)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


class Day:
    """An engine on a manual clock, woken when it asks, with the prompts it shows."""

    def __init__(self, start: datetime, busy: list[str | None] | None = None) -> None:
        self.clock = ManualClock(start, BERLIN)
        self.recorder = ListRecorder()
        self.busy = busy if busy is not None else [None]
        self._engine = Engine(Settings(), self.clock, self.recorder, busy=lambda: self.busy[0])
        self.engine = driven(self._engine, self._deliver)
        self.prompts: list[tuple[str, str]] = []
        self.events: list[Event] = []
        self.engine.begin(None)

    def _deliver(self) -> None:
        while events := self._engine.drain_events():
            for event in events:
                self.events.append(event)
                self._on_event(event)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, StateChanged) and event.new is State.PROMPTING:
            offer = self.engine.offer
            assert offer is not None
            self.prompts.append((f"{self.clock.now():%H:%M}", offer.occurrence.key))

    def run_until(self, end: datetime) -> None:
        while True:
            wake = self.engine.next_wakeup()
            target = min(end, wake) if wake is not None else end
            if target > self.clock.now():
                self.clock.advance(target.timestamp() - self.clock.now().timestamp())
            self.engine.tick()
            if self.clock.now() >= end:
                return

    def outcomes(self) -> list[tuple[str, Outcome]]:
        return [(r.key, r.outcome) for r in self.recorder.records]


# --- natural breaks ------------------------------------------------------------------------


def test_check_ins_restart_counting_from_the_return() -> None:
    day = Day(at(10, 5))
    day.run_until(at(10, 7))
    day.engine.user_away(since=at(10, 2))
    assert day.engine.state is State.AWAY
    day.run_until(at(10, 41))  # the 10:30 check-in falls due while away
    assert day.prompts == []
    day.engine.user_back(at(10, 41))
    assert day.engine.state is State.WAITING
    upcoming = day.engine.next_due()
    assert upcoming is not None and (upcoming.key, upcoming.due_at) == ("check-in", at(11, 11))
    day.run_until(at(11, 12))
    assert day.prompts == [("11:11", "check-in")]
    natural = [r for r in day.recorder.records if r.outcome is Outcome.NATURAL_BREAK]
    assert len(natural) == 1
    assert (natural[0].key, natural[0].started_at, natural[0].at) == (
        NATURAL_BREAK_KEY,
        at(10, 2),
        at(10, 41),
    )


def test_a_check_in_on_offer_when_the_person_leaves_is_dropped() -> None:
    day = Day(at(9, 55))
    day.run_until(at(10, 0))
    assert day.engine.state is State.PROMPTING
    day.engine.user_away(since=at(10, 0))
    assert day.engine.offer is None
    assert day.outcomes() == [("check-in", Outcome.MISSED)]


def test_a_full_session_due_while_away_is_offered_once_on_return() -> None:
    day = Day(at(12, 10))
    day.engine.user_away(since=at(12, 10))
    day.run_until(at(12, 50))
    assert day.engine.state is State.AWAY
    assert day.engine.offer is not None and day.engine.offer.occurrence.key == "lunch"
    assert day.prompts == []
    day.engine.user_back(at(12, 50))
    assert day.prompts == [("12:50", "lunch")]
    assert day.outcomes() == [(NATURAL_BREAK_KEY, Outcome.NATURAL_BREAK)]


def test_a_full_session_held_longer_than_the_catch_up_window_is_missed() -> None:
    day = Day(at(12, 10))
    day.engine.user_away(since=at(12, 10))
    day.run_until(at(15, 0))
    day.engine.user_back(at(15, 0))
    assert day.engine.state is State.WAITING
    assert day.prompts == []
    assert ("lunch", Outcome.MISSED) in day.outcomes()


def test_a_prompted_full_session_is_withdrawn_while_away_and_comes_back() -> None:
    day = Day(at(12, 25))
    day.run_until(at(12, 31))
    assert day.prompts == [("12:30", "lunch")]
    day.engine.user_away(since=at(12, 30))
    assert day.engine.state is State.AWAY
    day.run_until(at(12, 40))
    day.engine.user_back(at(12, 40))
    assert day.prompts == [("12:30", "lunch"), ("12:40", "lunch")]


def test_away_is_ignored_during_a_session_and_a_pause() -> None:
    day = Day(at(11, 0))
    day.engine.start("check-in")
    day.engine.user_away(since=at(10, 55))
    assert day.engine.state is State.IN_SESSION
    day.engine.finish_session(SessionResult(Outcome.COMPLETED))
    day.engine.pause_for(30)
    day.engine.user_away(since=at(11, 0))
    assert day.engine.state is State.PAUSED


def test_start_from_away_runs_the_session() -> None:
    day = Day(at(12, 10))
    day.engine.user_away(since=at(12, 10))
    day.run_until(at(12, 35))
    assert day.engine.start() == "lunch-reset"
    assert day.engine.state is State.IN_SESSION
    assert day.engine.away_since is None


# --- busy (full screen, Do Not Disturb) ----------------------------------------------------


def test_a_session_due_while_busy_is_held_and_offered_when_it_ends() -> None:
    day = Day(at(12, 20), busy=["a full-screen window is active"])
    day.run_until(at(13, 5))  # lunch at 12:30, then the 13:00 check-in
    assert day.engine.state is State.DEFERRED
    assert day.engine.defer_reason == "a full-screen window is active"
    offer = day.engine.offer
    assert offer is not None and offer.occurrence.key == "lunch"  # a check-in never replaces it
    assert day.prompts == []
    day.busy[0] = None
    day.engine.busy_ended()
    assert day.prompts == [("13:05", "lunch")]
    assert day.outcomes() == [("lunch", Outcome.DEFERRED)]


def test_a_snooze_that_ends_while_busy_is_deferred() -> None:
    day = Day(at(12, 25))
    day.run_until(at(12, 30))
    day.engine.snooze(5)
    day.busy[0] = "Do Not Disturb is on"
    day.run_until(at(12, 36))
    assert day.engine.state is State.DEFERRED
    day.busy[0] = None
    day.engine.busy_ended()
    assert day.engine.state is State.PROMPTING
    assert day.outcomes() == [("lunch", Outcome.SNOOZED), ("lunch", Outcome.DEFERRED)]


def test_busy_ended_is_harmless_when_nothing_is_deferred() -> None:
    day = Day(at(10, 5))
    day.engine.busy_ended()
    assert day.engine.state is State.WAITING


# --- meeting mode ------------------------------------------------------------------------------


def test_meeting_mode_holds_everything_and_offers_one_prompt_a_minute_after() -> None:
    day = Day(at(12, 0))
    until = day.engine.meeting_for(60)
    assert until == at(13, 0)
    assert day.engine.state is State.DEFERRED
    assert day.engine.next_wakeup() == at(12, 30)
    day.run_until(
        at(
            13,
            0,
        )
    )
    assert day.prompts == []
    assert day.engine.next_wakeup() == at(13, 0) + AFTER_MEETING
    day.run_until(at(13, 5))
    assert day.prompts == [("13:01", "lunch")]
    assert day.outcomes() == [("lunch", Outcome.DEFERRED)]
    assert day.engine.meeting_until is None


def test_meeting_off_offers_what_waits_a_minute_later() -> None:
    day = Day(at(12, 20))
    day.engine.meeting_for(90)
    day.run_until(at(12, 40))
    day.engine.meeting_off()
    day.run_until(at(12, 45))
    assert day.prompts == [("12:41", "lunch")]


def test_a_meeting_with_nothing_due_ends_quietly() -> None:
    day = Day(at(10, 5))
    day.engine.meeting_for(15)
    day.run_until(at(10, 25))
    assert day.engine.state is State.WAITING
    assert day.prompts == []
    assert day.recorder.records == []


def test_a_prompt_on_screen_when_the_meeting_starts_is_held_as_deferred() -> None:
    day = Day(at(12, 29))
    day.run_until(at(12, 30))
    assert day.engine.state is State.PROMPTING
    day.engine.meeting_for(30)
    assert day.engine.state is State.DEFERRED
    day.engine.skip()  # skipping the held session does not end the meeting
    assert day.engine.state is State.DEFERRED
    assert day.outcomes() == [("lunch", Outcome.DEFERRED), ("lunch", Outcome.SKIPPED)]


def test_a_session_started_in_a_meeting_returns_to_the_meeting() -> None:
    day = Day(at(12, 0))
    day.engine.meeting_for(60)
    day.engine.start("breathing-break")
    day.clock.advance(timedelta(minutes=2))
    day.engine.finish_session(SessionResult(Outcome.COMPLETED))
    assert day.engine.state is State.DEFERRED
    assert day.engine.meeting_until == at(13, 0)


@pytest.mark.parametrize("minutes", [0, 481])
def test_meeting_minutes_out_of_range_are_refused(minutes: int) -> None:
    with pytest.raises(CommandRefused, match="1 to 480"):
        Day(at(10, 5)).engine.meeting_for(minutes)


def test_meeting_is_refused_while_paused_or_in_a_session_and_off_when_not_on() -> None:
    day = Day(at(10, 5))
    with pytest.raises(CommandRefused, match="not on"):
        day.engine.meeting_off()
    day.engine.pause_for(10)
    with pytest.raises(CommandRefused, match="paused"):
        day.engine.meeting_for(30)
    day.engine.resume()
    day.engine.start("check-in")
    with pytest.raises(CommandRefused, match="session is running"):
        day.engine.meeting_for(30)


def test_pause_ends_meeting_mode() -> None:
    day = Day(at(12, 0))
    day.engine.meeting_for(60)
    day.engine.pause_for(30)
    assert day.engine.meeting_until is None
    assert day.engine.state is State.PAUSED


def test_offer_changed_tells_the_ui_about_held_offers_without_prompting() -> None:
    day = Day(at(12, 20))
    events = day.events
    del events[:]  # from now on
    day.engine.user_away(since=at(12, 20))
    day.run_until(at(12, 31))
    assert any(isinstance(e, OfferChanged) and e.offer is not None for e in events)
    assert day.engine.state is State.AWAY


# --- the restarted check-in grid ------------------------------------------------------------


def test_restarted_check_ins_keep_clear_of_full_sessions_and_end_with_the_day() -> None:
    plan = Plan.from_settings(Settings(), BERLIN, check_ins_restart=at(16, 20))
    times = [(o.key, f"{o.due_at:%a %H:%M}") for o in plan.between(at(16, 20), at(9, 31, day=17))]
    assert times == [
        ("check-in", "Mon 16:50"),
        # 17:20 is left out: within 10 minutes of the evening session.
        ("evening", "Mon 17:30"),
        ("check-in", "Mon 17:50"),
        ("check-in", "Tue 09:00"),
        ("morning", "Tue 09:30"),
    ]


def test_a_restart_after_working_hours_or_on_a_weekend_keeps_the_usual_grid() -> None:
    late = Plan.from_settings(Settings(), BERLIN, check_ins_restart=at(19, 0))
    nxt = late.next_after(at(19, 0))
    assert nxt is not None and (nxt.kind, f"{nxt.due_at:%a %H:%M}") == (
        SessionKind.CHECK_IN,
        "Tue 09:00",
    )
    saturday = datetime(2026, 11, 21, 10, 0, tzinfo=BERLIN)
    weekend = Plan.from_settings(Settings(), BERLIN, check_ins_restart=saturday)
    nxt = weekend.next_after(saturday)
    assert nxt is not None and f"{nxt.due_at:%a %H:%M}" == "Mon 09:00"


def test_restarted_intervals_stay_exact_across_a_dst_change() -> None:
    # Sunday 29 March 2026: Berlin skips 02:00-03:00. Check-ins every day from 00:00.
    settings = Settings()
    from dataclasses import replace

    settings = replace(
        settings,
        check_ins=replace(
            settings.check_ins,
            start=datetime(2026, 1, 1, 0, 0).time(),
            end=datetime(2026, 1, 1, 6, 0).time(),
            weekdays=frozenset(range(7)),
        ),
        slots=(),
    )
    back = datetime(2026, 3, 29, 1, 40, tzinfo=BERLIN)
    plan = Plan.from_settings(settings, BERLIN, check_ins_restart=back)
    first, second = plan.upcoming(back, 2)
    assert (second.due_at - first.due_at) == timedelta(minutes=30)
    assert f"{first.due_at:%H:%M}" == "03:10"  # 01:40 + 30 min of real time


def test_a_return_before_working_hours_keeps_the_usual_grid_from_the_start() -> None:
    # Away overnight, back at 07:30; check-ins run 09:00-18:00 every 30 minutes.
    day = Day(at(7, 0))
    day.engine.user_away(since=at(7, 0))
    day.clock.advance(timedelta(minutes=30))
    day.engine.user_back(at(7, 30))
    upcoming = day.engine.next_due()
    assert upcoming is not None and (upcoming.key, upcoming.due_at) == ("check-in", at(9, 0))
    day.run_until(at(9, 5))
    assert day.prompts == [("09:00", "check-in")]


def test_a_restart_counts_from_the_return_only_within_working_hours_that_day() -> None:
    early = Plan.from_settings(Settings(), BERLIN, check_ins_restart=at(7, 30))
    times = [f"{o.due_at:%H:%M}" for o in early.between(at(7, 30), at(10, 5))]
    assert times == ["09:00", "09:30", "10:00"]
    at_start = Plan.from_settings(Settings(), BERLIN, check_ins_restart=at(9, 0))
    times = [f"{o.due_at:%H:%M}" for o in at_start.between(at(9, 0), at(10, 5))]
    assert times == ["09:30", "10:00"]  # counted from 09:00: the same grid
    at_end = Plan.from_settings(Settings(), BERLIN, check_ins_restart=at(18, 0))
    nxt = at_end.next_after(at(18, 0))
    assert nxt is not None and f"{nxt.due_at:%a %H:%M}" == "Tue 09:00"
    late_in_day = Plan.from_settings(Settings(), BERLIN, check_ins_restart=at(17, 45))
    nxt = late_in_day.next_after(at(17, 45))
    assert nxt is not None and f"{nxt.due_at:%a %H:%M}" == "Tue 09:00"  # 18:15 is after end
