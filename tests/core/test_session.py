"""The guided-session state machine, walked on a fake monotonic clock."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from desk_breaks.core.clock import ManualClock
from desk_breaks.core.content import GET_READY_S, TO_OR_FROM_FLOOR_S, Position
from desk_breaks.core.engine import Outcome
from desk_breaks.core.session import Phase, RunState, SessionRunner, Side, expand
from tests.helpers.content import breath_exercise, hold_exercise, routine


def make_clock() -> ManualClock:
    return ManualClock(datetime(2026, 3, 23, 12, 0, tzinfo=ZoneInfo("UTC")))


def phases(r: SessionRunner) -> list[tuple[Phase, int]]:
    return [(s.phase, s.duration_s) for s in r.segments]


def test_segments_cover_reps_sets_sides_and_breathing_and_sum_to_the_duration() -> None:
    two_sided = hold_exercise("reach", hold_s=10, reps=1, sets=2, rest_s=5, per_side=True)
    r = routine(hold_exercise(), two_sided, breath_exercise())
    segments = expand(r)
    assert sum(s.duration_s for s in segments) == r.duration_s()
    first = [(s.phase, s.duration_s) for s in segments if s.exercise_index == 0]
    assert first == [(Phase.READY, 3), (Phase.HOLD, 5), (Phase.RELAX, 2), (Phase.HOLD, 5)]
    second = [(s.phase, s.side, s.set_no) for s in segments if s.exercise_index == 1]
    assert second == [
        (Phase.READY, Side.LEFT, 1),
        (Phase.HOLD, Side.LEFT, 1),
        (Phase.REST, Side.LEFT, 1),
        (Phase.HOLD, Side.LEFT, 2),
        (Phase.SWITCH, Side.RIGHT, 1),
        (Phase.HOLD, Side.RIGHT, 1),
        (Phase.REST, Side.RIGHT, 1),
        (Phase.HOLD, Side.RIGHT, 2),
    ]
    third = [(s.phase, s.round_no) for s in segments if s.exercise_index == 2]
    assert third == [
        (Phase.READY, 0),
        (Phase.INHALE, 1),
        (Phase.HOLD_BREATH, 1),
        (Phase.EXHALE, 1),
        (Phase.INHALE, 2),
        (Phase.HOLD_BREATH, 2),
        (Phase.EXHALE, 2),
    ]


def test_a_session_runs_to_completion_on_deadlines_not_tick_counts() -> None:
    clock = make_clock()
    r = SessionRunner(routine(hold_exercise(), breath_exercise()), clock)
    total = r.total_remaining_s()
    r.start()
    # The host's timer fires late every time; the deadlines carry over exactly.
    elapsed = 0.0
    while r.state is RunState.RUNNING:
        clock.advance(0.37)
        elapsed += 0.37
        r.tick()
    assert r.state is RunState.FINISHED
    assert total <= elapsed < total + 0.37
    assert r.result().outcome is Outcome.COMPLETED
    assert r.result().exercises_done == ("tuck", "breath")


def test_a_long_stall_catches_up_without_drift() -> None:
    clock = make_clock()
    r = SessionRunner(routine(hold_exercise(reps=3)), clock)
    r.start()
    clock.advance(3 + 5 + 2 + 1)  # into the second hold
    assert r.tick()
    assert (r.current.phase, r.current.rep_no) == (Phase.HOLD, 2)
    assert abs(r.remaining_s() - 4.0) < 1e-9


def test_pause_freezes_the_countdown() -> None:
    clock = make_clock()
    r = SessionRunner(routine(hold_exercise()), clock)
    r.start()
    clock.advance(1)
    r.pause()
    clock.advance(600)
    assert not r.tick()
    assert r.remaining_s() == 2.0
    r.toggle_pause()
    clock.advance(2)
    r.tick()
    assert r.current.phase is Phase.HOLD


def test_skip_back_and_partial_outcome() -> None:
    clock = make_clock()
    r = SessionRunner(routine(hold_exercise("a"), hold_exercise("b"), hold_exercise("c")), clock)
    r.start()
    r.skip_exercise()
    assert r.current.exercise.id == "b"
    clock.advance(1)
    r.back()  # within 3 s of the start: back to the previous exercise
    assert r.current.exercise.id == "a"
    clock.advance(5)
    r.tick()
    r.back()  # later in an exercise: restart it
    assert (r.current.exercise.id, r.current.phase) == ("a", Phase.READY)
    r.skip_exercise()
    while r.state is RunState.RUNNING:
        clock.advance(1)
        r.tick()
    result = r.result()
    assert (result.outcome, result.exercises_done) == (Outcome.PARTIAL, ("b", "c"))


def test_stop_and_stop_for_pain_name_the_exercise() -> None:
    clock = make_clock()
    r = SessionRunner(routine(hold_exercise("a"), hold_exercise("b")), clock)
    r.start()
    clock.advance(16)
    r.tick()
    r.stop()
    assert r.result().outcome is Outcome.STOPPED
    assert r.result().exercises_done == ("a",)
    r2 = SessionRunner(routine(hold_exercise("a"), hold_exercise("b")), clock)
    r2.start()
    r2.skip_exercise()
    r2.stop_for_pain()
    assert (r2.result().outcome, r2.result().exercise_stopped) == (Outcome.STOPPED_PAIN, "b")


def test_cues_follow_the_phase() -> None:
    r = SessionRunner(routine(hold_exercise(per_side=True, reps=1)), make_clock())
    cues = [(s.phase, s.cue) for s in r.segments]
    assert cues[0] == (Phase.READY, "Seated chin tuck: sit tall.")
    assert cues[1] == (Phase.HOLD, "Seated chin tuck: hold it.")
    assert cues[2][0] is Phase.SWITCH and cues[2][1].startswith("Switch to the other side.")


def test_getting_down_to_the_floor_gets_a_longer_get_ready_with_its_own_cue() -> None:
    floor = hold_exercise("floor", hold_s=5, reps=1, position=Position.FLOOR)
    seated = hold_exercise("seat", hold_s=5, reps=1)
    r = routine(seated, floor, hold_exercise("floor2", hold_s=5, reps=1, position=Position.FLOOR))
    ready = [s for s in expand(r) if s.phase is Phase.READY]
    assert [s.duration_s for s in ready] == [GET_READY_S, TO_OR_FROM_FLOOR_S, GET_READY_S]
    assert ready[0].cue == "Seated chin tuck: sit tall."
    assert ready[1].cue == "Take your time getting down onto the floor. Seated chin tuck: sit tall."
    assert ready[2].moving_from is None
    assert sum(s.duration_s for s in expand(r)) == r.duration_s()


def test_a_step_label_names_the_movement_in_a_flow() -> None:
    flow = hold_exercise(hold_s=3, reps=2, rep_rest_s=3, labels=("Round up (cat)", "Arch (cow)"))
    labels = [s.label for s in expand(routine(flow))]
    assert labels == ["Get ready", "Round up (cat)", "Arch (cow)", "Round up (cat)"]
    plain = [s.label for s in expand(routine(hold_exercise(hold_s=3, reps=2)))]
    assert plain == ["Get ready", "Hold", "Relax", "Hold"]


def test_active_time_leaves_out_pauses_and_freezes_at_the_end() -> None:
    clock = make_clock()
    r = SessionRunner(routine(hold_exercise("a"), hold_exercise("b")), clock)
    assert r.active_s() == 0.0  # not started yet
    r.start()
    clock.advance(4)
    r.pause()
    clock.advance(100)
    assert r.active_s() == 4.0  # a running pause does not count
    r.resume()
    clock.advance(3)
    assert r.active_s() == 7.0
    r.pause()
    clock.advance(50)
    r.stop_for_pain()  # ending while paused closes the pause
    clock.advance(30)
    assert r.active_s() == 7.0


def test_active_time_stops_when_the_last_segment_ends_or_the_last_exercise_is_skipped() -> None:
    clock = make_clock()
    r = SessionRunner(routine(hold_exercise("a")), clock)
    r.start()
    total = r.total_remaining_s()
    clock.advance(total + 5)  # the host's timer fires late
    r.tick()
    assert r.state is RunState.FINISHED
    clock.advance(60)
    assert r.active_s() == total + 5
    r.stop()  # closing the finished window changes nothing
    assert r.active_s() == total + 5
    skipped = SessionRunner(routine(hold_exercise("a")), clock)
    skipped.start()
    clock.advance(2)
    skipped.skip_exercise()
    clock.advance(9)
    assert (skipped.state, skipped.active_s()) == (RunState.FINISHED, 2.0)
