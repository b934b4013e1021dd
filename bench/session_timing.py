#!/usr/bin/env python3
"""Measure how late a real guided session ends against its monotonic deadline.

    .venv/bin/python bench/session_timing.py [--minutes 10] [--load]

Runs a real SessionDialog (offscreen, real SystemClock, real Qt timers, the frame timer
redrawing the ring and the pacer) through an in-memory routine of holds, reps, sides and
breathing rounds that lasts ``--minutes``, and prints:

- how late the session ended after its deadline (start + the routine's length);
- how late each phase change came after its own deadline (median, 95th percentile, max).

Target (issue 3): a 10-minute session ends less than 100 ms late. ``--load`` keeps one
core busy in another process meanwhile, to see the figure on a loaded machine.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import desk_breaks  # noqa: E402
from desk_breaks.core.clock import SystemClock  # noqa: E402
from desk_breaks.core.content import (  # noqa: E402
    GET_READY_S,
    BreathTiming,
    Exercise,
    HoldTiming,
    Routine,
)
from desk_breaks.core.content_files import load_library, load_safety  # noqa: E402
from desk_breaks.core.session import RunState  # noqa: E402
from desk_breaks.ui.art import Illustrations  # noqa: E402
from desk_breaks.ui.session_dialog import SessionDialog  # noqa: E402


def build_routine(minutes: float) -> Routine:
    """Return a seated routine of one-minute exercises lasting ``minutes`` (to the second).

    The shipped seated chin tuck and belly breathing, with their doses changed so each
    exercise lasts a round minute: holds, reps, sets, sides and breathing rounds all occur.
    """
    library = load_library([desk_breaks.assets_dir()])
    tuck = library.exercises["chin-tuck-seated"]
    breathe = library.exercises["diaphragmatic-breathing"]
    doses: list[Callable[[str], Exercise]] = [
        # 3 s ready + 4 x 12 s holds + 3 x 3 s between = 60 s
        lambda ex_id: replace(tuck, id=ex_id, hold=HoldTiming(hold_s=12, reps=4, rep_rest_s=3)),
        # 3 s ready + 3 rounds of 6 + 3 + 10 s = 60 s
        lambda ex_id: replace(
            breathe, id=ex_id, breathing=BreathTiming(inhale_s=6, hold_s=3, exhale_s=10, rounds=3)
        ),
        # 3 s ready + 2 sides x (2 sets of 12 s + 3 s between) + 3 s to switch = 60 s
        lambda ex_id: replace(
            tuck, id=ex_id, hold=HoldTiming(hold_s=12, sets=2, rest_s=3, per_side=True)
        ),
    ]
    total = max(10, round(minutes * 60))
    exercises: list[Exercise] = []
    while total >= 60:
        exercises.append(doses[len(exercises) % len(doses)](f"ex{len(exercises) + 1}"))
        total -= 60
    if total:
        tail = HoldTiming(hold_s=max(1, total - GET_READY_S))
        exercises.append(replace(tuck, id="tail", hold=tail))
    routine = Routine("bench", "Bench routine", "Timing bench.", tuple(exercises))
    assert routine.duration_s() == max(10, round(minutes * 60)), routine.duration_s()
    return routine


def run(minutes: float) -> tuple[float, list[float], int, float]:
    """Run one session; return end lateness, per-phase lateness (s), phases, length (s)."""
    app = QApplication.instance() or QApplication([])
    assets = desk_breaks.assets_dir()
    routine = build_routine(minutes)
    clock = SystemClock()
    dialog = SessionDialog(
        routine,
        clock,
        Illustrations([assets / "illustrations"]),
        load_safety(assets / "safety.toml"),
    )
    runner = dialog.runner
    phase_late: list[float] = []
    watched = {"index": 0, "deadline": 0.0}
    ended: list[float] = []

    def after_tick() -> None:
        # Runs after the dialog's own slot on the same timeout: time the phase change.
        now = clock.monotonic()
        if runner.index != watched["index"] or runner.state is RunState.FINISHED:
            phase_late.append(now - watched["deadline"])
            watched["index"] = runner.index
        deadline = runner.deadline()
        if deadline is not None:
            watched["deadline"] = deadline

    def finished(_result: object) -> None:
        ended.append(clock.monotonic())
        QTimer.singleShot(0, app.quit)

    dialog.session_finished.connect(finished)
    phase_timer = dialog.findChild(QTimer, "phaseTimer")
    frame_timer = dialog.findChild(QTimer, "frameTimer")
    assert phase_timer is not None and frame_timer is not None
    phase_timer.timeout.connect(after_tick)
    frame_timer.timeout.connect(after_tick)
    dialog.begin()
    first_deadline = runner.deadline()
    assert first_deadline is not None
    watched["deadline"] = first_deadline
    expected_end = first_deadline - runner.segments[0].duration_s + routine.duration_s()
    app.exec()
    dialog.close()
    return ended[0] - expected_end, phase_late, len(runner.segments), routine.duration_s()


def main() -> int:
    """Run the bench and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="session length")
    parser.add_argument("--load", action="store_true", help="keep one core busy meanwhile")
    args = parser.parse_args()
    burner = None
    if args.load:
        burner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        late, phases, count, length = run(args.minutes)
    finally:
        if burner is not None:
            burner.kill()
            burner.wait()
    ms = sorted(x * 1000 for x in phases)
    p95 = ms[min(len(ms) - 1, math.ceil(len(ms) * 0.95) - 1)]
    print(f"session: {length} s, {count} phases, load={'on' if args.load else 'off'}")
    print(
        f"phase changes late by: median {statistics.median(ms):.1f} ms, "
        f"p95 {p95:.1f} ms, max {ms[-1]:.1f} ms"
    )
    verdict = "OK" if late < 0.1 else "OVER the 100 ms target"
    print(f"session ended {late * 1000:.1f} ms after its deadline ({verdict})")
    return 0 if late < 0.1 else 1


if __name__ == "__main__":
    sys.exit(main())
