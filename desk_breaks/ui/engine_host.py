"""Runs the Qt-free engine on the Qt event loop.

One precise single-shot timer is armed for the engine's next wake-up, and one coarse timer
checks once a minute whether the wall clock jumped (suspend, a manual change) or the time
zone changed. Between those the app does not wake at all. Everything happens on the GUI
thread, so engine events can drive widgets directly.

APScheduler's own ``QtScheduler`` is not used: under PySide6 it cannot cancel its pending
timer (``QTimer.singleShot`` returns None), so every reschedule leaks a timer chain. The
engine asks APScheduler's triggers for due times and this class owns the only timer.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from desk_breaks.core.clock import Clock, SystemClock
from desk_breaks.core.engine import ClockJumped, Engine, Event, OfferChanged, SessionRequested

log = logging.getLogger(__name__)

MINUTE_MS = 60_000
_MAX_TIMER_MS = 2**31 - 1  # QTimer takes a C int of milliseconds
_EARLY_MARGIN_MS = 25


class EngineHost(QObject):
    """Owns the engine's timers and re-emits its events as Qt signals."""

    changed = Signal()
    """Anything the tray shows may have changed."""
    offer_changed = Signal(object)
    """The offered session (``Offer``) appeared or changed, or went away (None)."""
    session_requested = Signal(str, str)
    """Open the guided session: routine id, slot key."""

    def __init__(self, engine: Engine, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self._clock = clock
        self._due = QTimer(self)
        self._due.setSingleShot(True)
        self._due.setTimerType(Qt.TimerType.PreciseTimer)
        self._due.timeout.connect(self._on_due)
        self._minute = QTimer(self)
        self._minute.setInterval(MINUTE_MS)
        self._minute.setTimerType(Qt.TimerType.CoarseTimer)
        self._minute.timeout.connect(self.check_clock)
        self._armed_for: datetime | None = None
        self.wakeups = 0
        engine.listeners.append(self._on_event)

    def start(self) -> None:
        """Arm the timers."""
        self._minute.start()
        self.rearm()

    def stop(self) -> None:
        """Stop every timer (on quit)."""
        self._due.stop()
        self._minute.stop()
        if self._on_event in self.engine.listeners:
            self.engine.listeners.remove(self._on_event)

    def next_wakeup(self) -> datetime | None:
        """When the due timer will next fire, if armed."""
        return self._armed_for if self._due.isActive() else None

    def rearm(self) -> None:
        """Point the single due timer at the engine's next wake-up."""
        wake = self.engine.next_wakeup()
        self._armed_for = wake
        if wake is None:
            self._due.stop()
            return
        delay_ms = (wake - self._clock.now()).total_seconds() * 1000
        self._due.start(int(min(max(delay_ms, 0), _MAX_TIMER_MS)))

    def _on_due(self) -> None:
        self.wakeups += 1
        wake = self._armed_for
        if wake is not None:
            early_ms = (wake - self._clock.now()).total_seconds() * 1000
            if early_ms > 0:
                # WORKAROUND: Qt timers may fire a little early (QTBUG-124496); wait for
                # the rest rather than busy-looping on a zero-length re-arm.
                self._due.start(int(min(early_ms + _EARLY_MARGIN_MS, _MAX_TIMER_MS)))
                return
        self.engine.tick()
        self.rearm()

    def check_clock(self) -> None:
        """The coarse check: notice a jump or a new time zone, then re-arm."""
        if isinstance(self._clock, SystemClock) and self._clock.refresh_timezone():
            log.info("time zone changed to %s; recomputing the schedule", self._clock.timezone())
            self.engine.replan()
        self.engine.tick()
        self.rearm()
        self.changed.emit()

    def _on_event(self, event: Event) -> None:
        if isinstance(event, OfferChanged):
            self.offer_changed.emit(event.offer)
        elif isinstance(event, SessionRequested):
            self.session_requested.emit(event.routine_id, event.key)
        elif isinstance(event, ClockJumped):
            log.info("the wall clock moved by %s; schedule recomputed", event.by)
        self.changed.emit()
