"""The guided-session state machine, walked on a fake monotonic clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from desk_breaks.core.clock import ManualClock
from desk_breaks.core.content import (
    GET_READY_S,
    TO_OR_FROM_FLOOR_S,
    WARNING_READY_S,
    Exercise,
    Position,
    Regression,
    gentler,
)
from desk_breaks.core.engine import Outcome, SessionResult
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


def test_a_stop_for_pain_before_the_start_blames_no_exercise() -> None:
    r = SessionRunner(routine(hold_exercise("a")), make_clock())
    r.stop_for_pain()
    assert r.result() == SessionResult(Outcome.STOPPED_PAIN, (), None)


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


def eased_exercise(ex_id: str = "tuck", **kw: object) -> Exercise:
    """A hold exercise (5 s x 2) whose gentler version holds 3 s."""
    return replace(
        hold_exercise(ex_id, **kw),  # type: ignore[arg-type]
        regression=Regression("Tuck only halfway.", hold_s=3),
        mistakes=("Nodding instead of gliding.",),
    )


def test_a_warned_exercise_gets_a_longer_get_ready_and_the_duration_agrees() -> None:
    warned = replace(hold_exercise("ext"), warning="Skip this if your arm tingles.")
    r = routine(hold_exercise("a"), warned, breath_exercise())
    ready = [s.duration_s for s in expand(r) if s.phase is Phase.READY]
    assert ready == [GET_READY_S, WARNING_READY_S, GET_READY_S]
    assert WARNING_READY_S >= 10
    assert sum(s.duration_s for s in expand(r)) == r.duration_s()
    floor = replace(warned, position=Position.FLOOR)
    assert routine(floor).get_ready_s(0) == max(TO_OR_FROM_FLOOR_S, WARNING_READY_S)


def test_ease_mid_hold_restarts_the_exercise_at_its_first_hold_with_the_gentler_dose() -> None:
    clock = make_clock()
    r = SessionRunner(routine(eased_exercise("a", reps=3), hold_exercise("b")), clock)
    assert r.can_ease()
    r.start()
    clock.advance(3 + 5 + 2 + 1)  # 1 s into the second hold
    r.tick()
    assert (r.current.phase, r.current.rep_no) == (Phase.HOLD, 2)
    assert r.ease_current()
    assert (r.current.phase, r.current.rep_no, r.current.duration_s) == (Phase.HOLD, 1, 3)
    assert r.current.exercise.eased and r.routine.exercises[0].eased
    assert r.remaining_s() == 3.0  # a fresh deadline on the injected clock
    assert not r.can_ease() and not r.ease_current()  # once is enough
    assert [s.duration_s for s in r.segments if s.exercise_index == 0] == [3, 3, 2, 3, 2, 3]
    assert r.next_exercise() is not None and r.next_exercise().id == "b"  # type: ignore[union-attr]
    clock.advance(3 + 2 + 3 + 2 + 3)
    r.tick()
    assert (r.current.exercise.id, r.current.phase) == ("b", Phase.READY)
    while r.state is RunState.RUNNING:
        clock.advance(1)
        r.tick()
    result = r.result()
    assert result.outcome is Outcome.COMPLETED
    assert (result.exercises_done, result.exercises_eased) == (("a", "b"), ("a",))


def test_ease_during_the_get_ready_keeps_its_deadline() -> None:
    clock = make_clock()
    r = SessionRunner(routine(eased_exercise("a")), clock)
    r.start()
    clock.advance(1)
    assert r.ease_current()
    assert r.current.phase is Phase.READY and r.current.exercise.eased
    assert r.remaining_s() == 2.0
    clock.advance(2)
    r.tick()
    assert (r.current.phase, r.current.duration_s) == (Phase.HOLD, 3)


def test_ease_while_paused_stays_paused_with_the_whole_hold_left() -> None:
    clock = make_clock()
    r = SessionRunner(routine(eased_exercise("a")), clock)
    r.start()
    clock.advance(4)
    r.tick()
    r.pause()
    assert r.ease_current()
    clock.advance(60)
    assert (r.state, r.current.phase, r.remaining_s()) == (RunState.PAUSED, Phase.HOLD, 3.0)


def test_ease_is_a_no_op_without_a_regression_or_after_the_end() -> None:
    clock = make_clock()
    plain = SessionRunner(routine(hold_exercise("a")), clock)
    plain.start()
    before = list(plain.segments)
    assert not plain.can_ease() and not plain.ease_current()
    assert plain.segments == before and plain.result().exercises_eased == ()
    already = SessionRunner(routine(gentler(eased_exercise("a"))), clock)
    assert not already.ease_current()
    over = SessionRunner(routine(eased_exercise("a")), clock)
    over.start()
    over.stop_for_pain()
    assert not over.ease_current()


def test_an_eased_exercise_is_reported_even_when_the_session_stops() -> None:
    clock = make_clock()
    r = SessionRunner(routine(eased_exercise("a"), eased_exercise("b")), clock)
    r.start()
    r.skip_exercise()
    r.ease_current()
    r.stop_for_pain()
    assert r.result() == SessionResult(Outcome.STOPPED_PAIN, (), "b", ("b",))


def test_ease_a_breathing_exercise_restarts_at_the_first_in_breath() -> None:
    clock = make_clock()
    calm = replace(breath_exercise(rounds=2), regression=Regression("Skip the pause.", hold_s=0))
    r = SessionRunner(routine(calm), clock)
    r.start()
    clock.advance(3 + 4 + 2 + 6 + 1)
    r.tick()
    assert r.current.round_no == 2
    r.ease_current()
    assert (r.current.phase, r.current.round_no) == (Phase.INHALE, 1)
    assert Phase.HOLD_BREATH not in [s.phase for s in r.segments]


def test_closing_before_the_start_names_no_exercise() -> None:
    r = SessionRunner(routine(hold_exercise("a")), make_clock())
    r.stop()
    assert r.result() == SessionResult(Outcome.STOPPED, (), None)
