"""Runs the Qt-free engine on the Qt event loop.

One precise single-shot timer is armed for the engine's next wake-up (or the heads-up
before a full session, :meth:`Engine.heads_up_at`, if that comes first), and one coarse timer
checks once a minute whether the wall clock jumped (suspend, a manual change) or the time
zone changed. Where the OS reports a set clock at once (a
:class:`~desk_breaks.desktop.clock_change.ClockChangeSource`: Linux's timerfd), its
descriptor is watched too, so the due timer and the "next session" text follow a clock
change immediately instead of up to a minute later; the minute check stays as the fallback
(and for time zone changes, which no descriptor reports). Between those the app does not
wake at all. Delays are computed in UTC, so a daylight saving change cannot stretch one.

This class is the one owner of "the engine changed": everything that drives the engine
goes through :meth:`EngineHost.call`, which runs the call, then delivers the events the
engine queued (as Qt signals), re-arms the timer once and emits :attr:`~EngineHost.changed`
once. One command is one redraw, and a slot that reacts to an event (and calls the engine
again) runs after the engine has finished changing, never in the middle of it.

APScheduler's own ``QtScheduler`` is not used: under PySide6 it cannot cancel its pending
timer (``QTimer.singleShot`` returns None), so every reschedule leaks a timer chain. The
engine asks APScheduler's triggers for due times and this class owns the only timer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from desk_breaks.core.clock import Clock, as_utc
from desk_breaks.core.engine import ClockJumped, Engine, Event, OfferChanged, SessionRequested

if TYPE_CHECKING:  # the module loads ctypes; only the app's system ports need it
    from desk_breaks.desktop.clock_change import ClockChangeSource

log = logging.getLogger(__name__)

MINUTE_MS = 60_000
_MAX_TIMER_MS = 2**31 - 1  # QTimer takes a C int of milliseconds
_EARLY_MARGIN_MS = 25
PRECISE_TIMER = 0
"""``Qt.TimerType.PreciseTimer``'s value (see :class:`EngineHost`'s due timer)."""

T = TypeVar("T")


class EngineHost(QObject):
    """Owns the engine's timers and delivers its events as Qt signals, after each call."""

    changed = Signal()
    """Anything the tray shows may have changed (once per :meth:`call`)."""
    offer_changed = Signal(object)
    """The offered session (``Offer``) appeared or changed, or went away (None)."""
    session_requested = Signal(str, str)
    """Open the guided session: routine id, slot key."""
    heads_up = Signal(object)
    """A full session (``Occurrence``) is ``settings.prompts.heads_up_s`` away: tell of it."""

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
        # Qt.TimerType.PreciseTimer, set by value through the timerType property: naming any
        # enum of Qt's namespace builds all of them, about 2 MiB in an idle tray (the memory
        # rule, docs/architecture.md; tests/ui/test_engine_host.py checks the type).
        self._due.setProperty("timerType", PRECISE_TIMER)
        self._due.timeout.connect(self._on_due)
        self._minute = QTimer(self)
        self._minute.setInterval(MINUTE_MS)
        # Coarse: QTimer's default.
        self._minute.timeout.connect(self.check_clock)
        self._armed_for: datetime | None = None
        self._heads_up_for: datetime | None = None
        self.wakeups = 0
        self._clock_change = clock_change
        self._clock_notifier: QSocketNotifier | None = None
        self._depth = 0  # calls in progress: only the outermost one delivers

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

    @property
    def watches_clock_changes(self) -> bool:
        """Whether the OS tells of a set clock at once (else the minute check finds it)."""
        return self._clock_notifier is not None

    def next_wakeup(self) -> datetime | None:
        """When the engine will next be woken, if the due timer is armed."""
        return self._armed_for if self._due.isActive() else None

    def next_heads_up(self) -> datetime | None:
        """When the next heads-up will be given, if the due timer is armed for one."""
        return self._heads_up_for if self._due.isActive() else None

    def call(self, fn: Callable[[Engine], T]) -> T:
        """Run ``fn(engine)``, then deliver its events, re-arm once and emit one ``changed``.

        Whatever ``fn`` raises is raised after the delivery: a refused command may have
        changed the engine first (the catch-up tick). A slot that calls :meth:`call` again
        while events are delivered only queues more: the outermost call delivers them all,
        and still redraws once.
        """
        self._depth += 1
        try:
            return fn(self.engine)
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._deliver()

    def _deliver(self) -> None:
        self._depth += 1  # slots calling back in are nested calls
        try:
            while events := self.engine.drain_events():
                for event in events:
                    self._on_event(event)
        finally:
            self._depth -= 1
        self.rearm()
        self.changed.emit()

    def rearm(self) -> None:
        """Point the single due timer at the engine's next wake-up or heads-up."""
        now = as_utc(self._clock.now())
        self._armed_for = self.engine.next_wakeup()
        heads_up = self.engine.heads_up_at(self.engine.settings.prompts.heads_up_s)
        # One already given, or too late for one (the prompt comes soon): none to arm.
        self._heads_up_for = heads_up if heads_up is not None and as_utc(heads_up) > now else None
        target = self._target()
        if target is None:
            self._due.stop()
            return
        delay_ms = (as_utc(target) - now).total_seconds() * 1000
        self._due.start(int(min(max(delay_ms, 0), _MAX_TIMER_MS)))

    def _target(self) -> datetime | None:
        times = [t for t in (self._armed_for, self._heads_up_for) if t is not None]
        return min(times, key=as_utc, default=None)

    def _on_due(self) -> None:
        self.wakeups += 1
        target = self._target()
        now = as_utc(self._clock.now())
        if target is not None:
            early_ms = (as_utc(target) - now).total_seconds() * 1000
            if early_ms > 0:
                # WORKAROUND: Qt timers may fire a little early (QTBUG-124496); wait for
                # the rest rather than busy-looping on a zero-length re-arm.
                self._due.start(int(min(early_ms + _EARLY_MARGIN_MS, _MAX_TIMER_MS)))
                return
        heads_up = self._heads_up_for
        if heads_up is not None and as_utc(heads_up) <= now:
            self._heads_up_for = None
            upcoming = self.engine.next_due()
            if upcoming is not None:
                self.heads_up.emit(upcoming)
        wake = self._armed_for
        if wake is not None and as_utc(wake) <= now:
            self.call(Engine.tick)
        else:
            self.rearm()  # only the heads-up was due: nothing in the engine changed

    def check_clock(self) -> None:
        """The coarse check: notice a jump or a new time zone, then re-arm."""
        self.call(self._check_clock)

    def _check_clock(self, engine: Engine) -> None:
        if self._clock.refresh_timezone():
            log.info("time zone changed to %s; recomputing the schedule", self._clock.timezone())
            engine.replan()
        engine.tick()

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
