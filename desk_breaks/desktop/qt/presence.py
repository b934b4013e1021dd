"""Presence: turn an idle-time source into "went away" and "came back" events.

    monitor = PresenceMonitor(source, clock, threshold_s=300)
    monitor.went_away.connect(on_away)    # datetime input stopped: the app calls engine.user_away
    monitor.came_back.connect(on_back)    # datetime input resumed: the app calls engine.user_back
    monitor.start()

Polling is adaptive, with one single-shot timer, so a present user costs about one wake-up
a minute:

* present, idle ``i`` seconds: nobody can be away before ``threshold - i`` seconds have
  passed, so the next look is then (capped at 60 s, so a clock or threshold change is
  picked up within a minute);
* away, and the source is an :class:`~desk_breaks.desktop.idle.ActivityWatch` (an X Sync
  alarm, Mutter's user-active watch): the desktop tells us of the next input through a
  descriptor watched by a ``QSocketNotifier``, so nothing polls but a safety look every
  ``away_fallback_poll_s`` (60 s) in case the watch was lost;
* the source is an :class:`~desk_breaks.desktop.idle.IdleNotifier` (a Wayland
  compositor's idle notification): it is told the threshold and its descriptor is watched
  all the time, so both going away and coming back are noticed when they happen; the
  timer only looks once a minute (present) or every ``away_fallback_poll_s`` (away);
* away, and the source cannot watch (or refused): every ``away_poll_s`` (2 s), so the
  return is noticed promptly;
* no source (``None`` or a :class:`~desk_breaks.desktop.idle.NullIdleSource`): no timer.

The moments reported are those of the input itself (``now - idle``), not of the poll.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal

from desk_breaks.core.clock import Clock
from desk_breaks.desktop._backends import PortUnavailable
from desk_breaks.desktop.idle import ActivityWatch, IdleNotifier, IdleSource, NullIdleSource

__all__ = ["PresenceMonitor"]

_log = logging.getLogger(__name__)

MAX_PRESENT_POLL_S = 60.0
AWAY_POLL_S = 2.0
AWAY_FALLBACK_POLL_S = 60.0
MIN_POLL_S = 1.0
# Qt's coarse timers may fire up to 5 % early; aiming a little late means the poll that was
# meant to catch the threshold does catch it, instead of needing a second one right after.
_SLACK_S = 0.5


class PresenceMonitor(QObject):
    """Polls an :class:`~desk_breaks.desktop.idle.IdleSource` and reports away and back."""

    went_away = Signal(object)
    """The user went away: the tz-aware moment of their last input."""
    came_back = Signal(object)
    """The user is back: the tz-aware moment of their first input."""

    def __init__(
        self,
        source: IdleSource | None,
        clock: Clock,
        threshold_s: float,
        parent: QObject | None = None,
        *,
        away_poll_s: float = AWAY_POLL_S,
        away_fallback_poll_s: float = AWAY_FALLBACK_POLL_S,
        max_present_poll_s: float = MAX_PRESENT_POLL_S,
    ) -> None:
        """Watch ``source`` (None or a NullIdleSource: idle time unknown, the monitor is silent)."""
        super().__init__(parent)
        if isinstance(source, NullIdleSource):
            source = None  # nothing to poll: the same as no source at all
        if threshold_s <= 0:
            raise ValueError(f"threshold_s must be positive, not {threshold_s}")
        self._source = source
        self._clock = clock
        self._threshold_s = float(threshold_s)
        self._away_poll_s = away_poll_s
        self._away_fallback_poll_s = away_fallback_poll_s
        self._max_present_poll_s = max_present_poll_s
        self._watch: ActivityWatch | None = source if isinstance(source, ActivityWatch) else None
        self._notifier: QSocketNotifier | None = None
        self._push: IdleNotifier | None = source if isinstance(source, IdleNotifier) else None
        self._push_notifier: QSocketNotifier | None = None
        self._away_since: datetime | None = None
        self._running = False
        # A coarse timer, QTimer's default (why Qt.TimerType is not named: busy_monitor.py).
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.poll_now)

    @property
    def available(self) -> bool:
        """Whether there is an idle source at all."""
        return self._source is not None

    @property
    def source_name(self) -> str | None:
        """The idle backend's name, or None."""
        return None if self._source is None else self._source.name

    @property
    def threshold_s(self) -> float:
        """Seconds without input after which the user counts as away."""
        return self._threshold_s

    @property
    def is_away(self) -> bool:
        """Whether the user is away right now (as of the last poll)."""
        return self._away_since is not None

    @property
    def away_since(self) -> datetime | None:
        """The moment of the last input before going away, while away."""
        return self._away_since

    @property
    def watching(self) -> bool:
        """Whether an activity watch is armed (away, and the source tells of input)."""
        return self._notifier is not None and self._notifier.isEnabled()

    def next_poll_ms(self) -> int | None:
        """Milliseconds until the next poll was scheduled, None when none is pending."""
        return self._timer.interval() if self._timer.isActive() else None

    def start(self) -> None:
        """Look now, then keep looking (does nothing without a source)."""
        if self._source is None:
            _log.debug("No idle source: presence is not monitored")
            return
        self._running = True
        self._listen()
        self.poll_now()

    def stop(self) -> None:
        """Stop polling; the away state is kept as it was."""
        self._running = False
        self._timer.stop()
        self._disarm()
        if self._push_notifier is not None:
            self._push_notifier.setEnabled(False)

    @property
    def listening(self) -> bool:
        """Whether the source pushes away and back itself (an IdleNotifier) and is heard."""
        return self._push_notifier is not None and self._push_notifier.isEnabled()

    def _listen(self) -> None:
        """Tell an IdleNotifier source the threshold and hear its descriptor."""
        if self._push is None:
            return
        try:
            fd = self._push.notify_after(round(self._threshold_s * 1000))
        except PortUnavailable as exc:
            _log.info("Polling: %s cannot notify (%s)", self.source_name, exc)
            self._push = None
            if self._push_notifier is not None:
                self._push_notifier.setEnabled(False)
            return
        if self._push_notifier is None or self._push_notifier.socket() != fd:
            if self._push_notifier is not None:
                self._push_notifier.setEnabled(False)
                self._push_notifier.deleteLater()
            self._push_notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._push_notifier.activated.connect(self._pushed)
        self._push_notifier.setEnabled(True)

    def _pushed(self, *_args: object) -> None:
        if self._push is not None and self._push.changed():
            self.poll_now()

    def set_threshold(self, threshold_s: float) -> None:
        """Change the threshold at run time; takes effect at once."""
        if threshold_s <= 0:
            raise ValueError(f"threshold_s must be positive, not {threshold_s}")
        self._threshold_s = float(threshold_s)
        if self._running:
            self._listen()
            self.poll_now()

    def poll_now(self) -> None:
        """Look at the idle time now and schedule the next look (also after a resume)."""
        if self._source is None:
            return
        idle_ms = self._source.idle_ms()
        if idle_ms is not None:
            self._update(idle_ms / 1000)
        if self._running:
            self._schedule(None if idle_ms is None else idle_ms / 1000)

    def _update(self, idle_s: float) -> None:
        last_input = self._clock.now() - timedelta(seconds=idle_s)
        if self._away_since is None:
            if idle_s >= self._threshold_s:
                self._away_since = last_input
                _log.debug("Away since %s", last_input.isoformat(timespec="seconds"))
                self.went_away.emit(last_input)
        elif idle_s < self._threshold_s:
            self._away_since = None
            self._disarm()
            _log.debug("Back at %s", last_input.isoformat(timespec="seconds"))
            self.came_back.emit(last_input)

    def _schedule(self, idle_s: float | None) -> None:
        if self._away_since is not None:
            if self._push is not None:
                delay = self._away_fallback_poll_s  # the source says when input resumes
            elif not self._arm():
                delay = self._away_poll_s
            elif self._watch is not None and self._watch.activity_seen():
                delay = 0.0  # the input came while arming: look now
            else:
                delay = self._away_fallback_poll_s
        elif idle_s is None:
            # The source could not tell this time: try again later without assuming anything.
            delay = self._max_present_poll_s
        else:
            delay = min(self._threshold_s - idle_s + _SLACK_S, self._max_present_poll_s)
            delay = max(delay, MIN_POLL_S)
        self._timer.start(round(delay * 1000))

    def _arm(self) -> bool:
        """Arm the source's activity watch if it has one; False means poll instead."""
        if self._watch is None:
            return False
        try:
            fd = self._watch.arm_activity_watch()
        except PortUnavailable as exc:
            _log.info("Polling while away: %s cannot watch for input (%s)", self.source_name, exc)
            self._watch = None  # asked once; polling is the fallback from here on
            self._disarm()
            return False
        if self._notifier is None or self._notifier.socket() != fd:
            self._drop_notifier()
            self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._activity)
        self._notifier.setEnabled(True)
        return True

    def _activity(self, *_args: object) -> None:
        if self._watch is not None and self.watching and self._watch.activity_seen():
            self.poll_now()

    def _disarm(self) -> None:
        if self.watching and self._watch is not None:
            self._watch.disarm_activity_watch()
        if self._notifier is not None:
            self._notifier.setEnabled(False)

    def _drop_notifier(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
