"""Idle time on X11: the MIT-SCREEN-SAVER extension's idle counter, read through ctypes.

While the user is away, the X SYNC extension tells of their return instead (an
:class:`~desk_breaks.desktop.idle.ActivityWatch`): an alarm on the server's ``IDLETIME``
system counter, set just below its current value, fires at the first input, because input
resets the counter to zero. The alarm's notification is an event on an X connection of its
own, opened at the first arming, for this reason: Xlib moves the events that arrive while
it waits for a reply into its own queue, where they no longer make the socket readable. On
the watch connection, nothing waits for a reply while the alarm may fire unless the events
are read right after, so the caller's ``select`` (a ``QSocketNotifier``) sees every one.
"""

from __future__ import annotations

import logging

from desk_breaks.desktop._backends import FailureLog, PortUnavailable
from desk_breaks.desktop.bindings.x11 import X11Display, X11Error, X11Unavailable

__all__ = ["IDLE_COUNTER", "X11IdleSource"]

_log = logging.getLogger(__name__)

IDLE_COUNTER = "IDLETIME"
# Input between reading the counter and creating the alarm fires the alarm at once, and
# its event may be read while the request is sent. Arming then starts over, for the input
# that follows; a user active throughout makes it give up (activity_seen() tells anyway).
_ARM_ATTEMPTS = 3


class X11IdleSource:
    """``XScreenSaverQueryInfo``: milliseconds since the X server last saw input.

    Opens the display once and keeps it; :meth:`close` closes it. A query is one round trip
    to the X server (well under a millisecond locally). Also an
    :class:`~desk_breaks.desktop.idle.ActivityWatch`, through an X SYNC ``IDLETIME`` alarm.
    """

    name = "x11"

    def __init__(self, display: str | None = None) -> None:
        """Connect to ``display`` ($DISPLAY when None); raise PortUnavailable."""
        try:
            self._display = X11Display(display)
        except X11Unavailable as exc:
            raise PortUnavailable(str(exc)) from exc
        try:
            if not self._display.has_screensaver_extension():
                raise PortUnavailable("the X server has no MIT-SCREEN-SAVER extension or no libXss")
            self._display.idle_ms()
        except (PortUnavailable, X11Error) as exc:
            self._display.close()
            raise PortUnavailable(str(exc)) from exc
        self._failures = FailureLog(_log, "idle time from X11")
        self._watch: X11Display | None = None
        self._counter = 0
        self._alarm: int | None = None
        self._seen_while_arming = False
        self._refused: str | None = None

    def idle_ms(self) -> int | None:
        """Milliseconds since the last keyboard or pointer input, None on an X error."""
        try:
            value = self._display.idle_ms()
        except X11Error as exc:
            self._failures.failed(exc)
            return None
        self._failures.ok()
        return value

    # -- activity watch (X SYNC alarm on IDLETIME) -------------------------------------------

    def _watch_display(self) -> X11Display:
        if self._refused is not None:
            raise PortUnavailable(self._refused)
        if self._watch is None:
            try:
                display = X11Display(self._display.name)
            except X11Unavailable as exc:
                raise PortUnavailable(f"no X connection for the idle alarm: {exc}") from exc
            try:
                display.init_sync()
                counter = display.system_counter(IDLE_COUNTER)
            except (X11Unavailable, X11Error) as exc:
                display.close()
                raise PortUnavailable(str(exc)) from exc
            if counter is None:
                display.close()
                raise PortUnavailable(f"the X server's SYNC extension has no {IDLE_COUNTER}")
            self._watch, self._counter = display, counter
        return self._watch

    def arm_activity_watch(self) -> int:
        """Set an alarm for the next input (replacing a pending one); the descriptor to watch.

        Raises PortUnavailable without libXext, the SYNC extension or its ``IDLETIME``
        counter, or when the server refuses the alarm.
        """
        display = self._watch_display()
        self.disarm_activity_watch()
        try:
            for _ in range(_ARM_ATTEMPTS):
                idle = display.counter_value(self._counter)
                alarm = display.create_sync_alarm(self._counter, max(idle - 1, 0))
                if alarm not in display.fired_alarms():
                    self._alarm = alarm
                    break
                # Fired already, and its event has been read: the descriptor will not show
                # it. Remember it for activity_seen() and arm again for the input to come.
                self._seen_while_arming = True
                self._destroy(alarm)
            else:
                _log.debug("input throughout %d attempts to arm the idle alarm", _ARM_ATTEMPTS)
        except X11Error as exc:
            raise PortUnavailable(f"the X server refused an idle alarm: {exc}") from exc
        return display.fileno()

    def activity_seen(self) -> bool:
        """Read the events received on the watch connection (never blocks); True on input.

        Also True once when the input came while arming (call this once after arming to
        learn of it at once), and when the server refused the alarm after all (then the
        next arming raises PortUnavailable, so the caller falls back to polling). A fired
        alarm is spent: arm again for the next input.
        """
        seen, self._seen_while_arming = self._seen_while_arming, False
        display = self._watch
        if display is None:
            return seen
        try:
            fired = display.fired_alarms()
        except X11Error as exc:
            _log.warning("the X server refused the idle alarm (%s); polling instead", exc)
            self._refused = f"the X server refused an idle alarm: {exc}"
            self._alarm = None
            return True
        if self._alarm is not None and self._alarm in fired:
            alarm, self._alarm = self._alarm, None
            self._destroy(alarm)
            return True
        return seen

    def disarm_activity_watch(self) -> None:
        """Destroy the pending alarm, if any (idempotent)."""
        alarm, self._alarm = self._alarm, None
        self._seen_while_arming = False
        if alarm is not None:
            self._destroy(alarm)

    def _destroy(self, alarm: int) -> None:
        if self._watch is None:
            return
        try:
            self._watch.destroy_sync_alarm(alarm)
        except X11Error as exc:
            # Nothing is left to destroy, which is all that was wanted.
            _log.debug("XSyncDestroyAlarm(%d): %s", alarm, exc)

    def close(self) -> None:
        """Destroy the alarm and close the X connections (idempotent)."""
        self.disarm_activity_watch()
        watch, self._watch = self._watch, None
        if watch is not None:
            watch.close()
        self._display.close()
