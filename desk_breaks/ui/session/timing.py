"""The session window's two timers: one for the next phase change, one for redrawing."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer

FRAME_MS = 33
"""Redraw interval of the ring and the pacer while running (about 30 frames a second)."""

REDUCED_MOTION_FRAME_MS = 250
"""Redraw interval with reduced motion: enough to keep the count right, nothing glides."""


class SessionTimers:
    """A precise single-shot timer for the runner's next deadline, and a frame timer.

    Both are children of ``owner`` (named ``phaseTimer`` and ``frameTimer``), so they die
    with the window. They only say when; the window asks the runner what.
    """

    def __init__(
        self,
        owner: QObject,
        *,
        reduced_motion: bool,
        on_deadline: Callable[[], None],
        on_frame: Callable[[], None],
    ) -> None:
        self.phase = QTimer(owner)
        self.phase.setObjectName("phaseTimer")
        self.phase.setSingleShot(True)
        self.phase.setTimerType(Qt.TimerType.PreciseTimer)
        self.phase.timeout.connect(on_deadline)
        self.frame = QTimer(owner)
        self.frame.setObjectName("frameTimer")
        self.frame.setInterval(REDUCED_MOTION_FRAME_MS if reduced_motion else FRAME_MS)
        self.frame.timeout.connect(on_frame)

    def arm(self, deadline: float | None, now: float) -> None:
        """Fire the phase timer at monotonic ``deadline`` (at least 1 ms on); None disarms."""
        self.phase.stop()
        if deadline is not None:
            self.phase.start(max(1, math.ceil((deadline - now) * 1000)))

    def follow(self, *, running: bool, animate: bool) -> None:
        """Run the frame timer while ``animate`` (started once, not restarted).

        A session that is not ``running`` (paused, ended) has no phase change coming.
        """
        if animate and not self.frame.isActive():
            self.frame.start()
        elif not animate:
            self.frame.stop()
        if not running:
            self.phase.stop()

    def stop(self) -> None:
        """Stop both timers."""
        self.phase.stop()
        self.frame.stop()
