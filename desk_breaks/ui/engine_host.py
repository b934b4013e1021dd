"""Runs the Qt-free engine on the Qt event loop.

One precise single-shot timer is armed for the engine's next wake-up, and one coarse timer
checks once a minute whether the wall clock jumped (suspend, a manual change) or the time
zone changed. Where the OS reports a set clock at once (a
:class:`~desk_breaks.desktop.clock_change.ClockChangeSource`: Linux's timerfd), its
descriptor is watched too, so the due timer and the "next session" text follow a clock
change immediately instead of up to a minute later; the minute check stays as the fallback
(and for time zone changes, which no descriptor reports). Between those the app does not
wake at all. Everything happens on the GUI thread, so engine events can drive widgets
directly. Delays are computed in UTC, so a daylight saving change cannot stretch one.

APScheduler's own ``QtScheduler`` is not used: under PySide6 it cannot cancel its pending
timer (``QTimer.singleShot`` returns None), so every reschedule leaks a timer chain. The
engine asks APScheduler's triggers for due times and this class owns the only timer.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, Qt, QTimer, Signal

from desk_breaks.core.clock import Clock
from desk_breaks.core.engine import ClockJumped, Engine, Event, OfferChanged, SessionRequested
from desk_breaks.core.schedule import as_utc

if TYPE_CHECKING:  # the module loads ctypes; only the app's system ports need it
    from desk_breaks.desktop.clock_change import ClockChangeSource

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

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        parent: QObject | None = None,
        *,
        clock_change: ClockChangeSource | None = None,
    ) -> None:
        """Host ``engine``; ``clock_change`` (owned from now on) reports a set clock at once."""
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
        self._clock_change = clock_change
        self._clock_notifier: QSocketNotifier | None = None
        engine.listeners.append(self._on_event)

    def start(self) -> None:
        """Arm the timers and watch for clock changes."""
        self._minute.start()
        source = self._clock_change
        if source is not None and self._clock_notifier is None:
            log.info("clock changes are reported by %s", source.description)
            notifier = QSocketNotifier(source.fileno(), QSocketNotifier.Type.Read, self)
            notifier.activated.connect(self._on_clock_change)
            self._clock_notifier = notifier
        self.rearm()

    def stop(self) -> None:
        """Stop every timer and the clock-change watch (on quit)."""
        self._due.stop()
        self._minute.stop()
        self._stop_clock_watch()
        if self._on_event in self.engine.listeners:
            self.engine.listeners.remove(self._on_event)

    @property
    def watches_clock_changes(self) -> bool:
        """Whether the OS tells of a set clock at once (else the minute check finds it)."""
        return self._clock_notifier is not None

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
        delay_ms = (as_utc(wake) - as_utc(self._clock.now())).total_seconds() * 1000
        self._due.start(int(min(max(delay_ms, 0), _MAX_TIMER_MS)))

    def _on_due(self) -> None:
        self.wakeups += 1
        wake = self._armed_for
        if wake is not None:
            early_ms = (as_utc(wake) - as_utc(self._clock.now())).total_seconds() * 1000
            if early_ms > 0:
                # WORKAROUND: Qt timers may fire a little early (QTBUG-124496); wait for
                # the rest rather than busy-looping on a zero-length re-arm.
                self._due.start(int(min(early_ms + _EARLY_MARGIN_MS, _MAX_TIMER_MS)))
                return
        self.engine.tick()
        self.rearm()

    def check_clock(self) -> None:
        """The coarse check: notice a jump or a new time zone, then re-arm."""
        if self._clock.refresh_timezone():
            log.info("time zone changed to %s; recomputing the schedule", self._clock.timezone())
            self.engine.replan()
        self.engine.tick()
        self.rearm()
        self.changed.emit()

    def _on_clock_change(self, *_: object) -> None:
        source = self._clock_change
        if source is None:
            return
        try:
            was_set = source.clock_was_set()
        except OSError as exc:
            # A descriptor that stays readable would wake the loop for ever; the minute
            # check still notices changes.
            log.warning("clock changes can no longer be watched (%s); checking each minute", exc)
            self._stop_clock_watch()
            return
        if was_set:
            log.info("the system clock was set; checking the schedule")
            self.check_clock()

    def _stop_clock_watch(self) -> None:
        if self._clock_notifier is not None:
            self._clock_notifier.setEnabled(False)
            self._clock_notifier.deleteLater()
            self._clock_notifier = None
        if self._clock_change is not None:
            self._clock_change.close()
            self._clock_change = None

    def _on_event(self, event: Event) -> None:
        if isinstance(event, OfferChanged):
            self.offer_changed.emit(event.offer)
        elif isinstance(event, SessionRequested):
            self.session_requested.emit(event.routine_id, event.key)
        elif isinstance(event, ClockJumped):
            log.info("the wall clock moved by %s; schedule recomputed", event.by)
        self.changed.emit()
