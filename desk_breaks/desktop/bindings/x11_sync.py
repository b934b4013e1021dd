"""The X SYNC extension on one connection: alarms on system counters (``IDLETIME``).

:class:`SyncConnection` is the base of :class:`~desk_breaks.desktop.bindings.x11.X11Display`:
it owns what every request needs (the handle, the error check) and the alarm calls, which the
X11 idle backend uses to be told of the next input instead of polling.
"""

from __future__ import annotations

import ctypes
from ctypes import byref, c_int
from typing import ClassVar

from desk_breaks.desktop.bindings._x11_libs import (
    _XSYNC_ABSOLUTE,
    _XSYNC_ALARM_DESTROYED,
    _XSYNC_ALARM_NOTIFY,
    _XSYNC_CA_COUNTER,
    _XSYNC_CA_DELTA,
    _XSYNC_CA_EVENTS,
    _XSYNC_CA_TEST_TYPE,
    _XSYNC_CA_VALUE,
    _XSYNC_CA_VALUE_TYPE,
    _XSYNC_NEGATIVE_COMPARISON,
    X11Error,
    X11Unavailable,
    _sync_value,
    _XEvent,
    _XSyncAlarmAttributes,
    _XSyncAlarmNotifyEvent,
    _XSyncValue,
)

__all__ = ["SyncConnection"]


class SyncConnection:
    """An open Xlib connection's handle, its error check, and SYNC alarms on it."""

    # Filled in by X11Display: Xlib's per-process error handler records into this.
    _errors: ClassVar[dict[int, int]]
    _x: ctypes.CDLL
    _xext: ctypes.CDLL | None
    _dpy: int | None
    _sync_event_base: int | None

    @property
    def _handle(self) -> int:
        if self._dpy is None:
            raise X11Error("the display is closed")
        return self._dpy

    def _check(self, what: str) -> None:
        """Flush, then raise X11Error if any request since the last check failed."""
        self._x.XSync(self._handle, 0)
        code = self._errors.pop(int(self._handle), None)
        if code is not None:
            raise X11Error(f"{what} failed with X error code {code}")

    # -- SYNC extension: alarms on system counters (IDLETIME) -------------------------------
    #
    # An alarm's notification is an event, read from the connection's socket. Xlib reads
    # events into its own queue whenever it waits for a reply, and an event in that queue
    # no longer makes the socket readable. So a connection that waits for alarms with
    # poll/select must not wait for replies while an alarm may fire: create_sync_alarm()
    # only flushes, and the event is read by fired_alarms().

    def fileno(self) -> int:
        """The connection's socket: readable when the server sent something (an event)."""
        return int(self._x.XConnectionNumber(self._handle))

    def init_sync(self) -> None:
        """Initialise the SYNC extension on this connection; raise X11Unavailable without it."""
        if self._sync_event_base is not None:
            return
        if self._xext is None:
            raise X11Unavailable("libXext.so.6 is not available (the X SYNC extension's client)")
        event_base, error_base = c_int(), c_int()
        if not self._xext.XSyncQueryExtension(self._handle, byref(event_base), byref(error_base)):
            raise X11Unavailable("the X server has no SYNC extension")
        major, minor = c_int(), c_int()
        if not self._xext.XSyncInitialize(self._handle, byref(major), byref(minor)):
            raise X11Unavailable("the X server's SYNC extension did not initialise")
        self._sync_event_base = event_base.value

    def _sync(self) -> ctypes.CDLL:
        self.init_sync()
        assert self._xext is not None  # init_sync() raised otherwise
        return self._xext

    def system_counter(self, name: str) -> int | None:
        """The id of the SYNC system counter ``name`` (``IDLETIME``), None when there is none."""
        xext = self._sync()
        count = c_int()
        counters = xext.XSyncListSystemCounters(self._handle, byref(count))
        if not counters:
            return None
        try:
            wanted = name.encode()
            for i in range(count.value):
                if counters[i].name == wanted:
                    return int(counters[i].counter)
            return None
        finally:
            xext.XSyncFreeSystemCounterList(counters)

    def counter_value(self, counter: int) -> int:
        """The current value of a SYNC counter (IDLETIME: milliseconds since the last input)."""
        xext = self._sync()
        value = _XSyncValue()
        status = xext.XSyncQueryCounter(self._handle, counter, byref(value))
        self._check("XSyncQueryCounter")
        if not status:
            raise X11Error("XSyncQueryCounter failed")
        return (int(value.hi) << 32) | int(value.lo)

    def create_sync_alarm(self, counter: int, at_most: int) -> int:
        """An alarm that notifies once, as soon as ``counter`` is ``at_most`` or less.

        A negative comparison, not a transition: it is a level, so it also fires when the
        counter dropped already, between reading it and creating the alarm. The request is
        flushed, not waited for (see above); an error for it is raised by the next
        :meth:`fired_alarms`.
        """
        xext = self._sync()
        attributes = _XSyncAlarmAttributes()
        attributes.trigger.counter = counter
        attributes.trigger.value_type = _XSYNC_ABSOLUTE
        attributes.trigger.wait_value = _sync_value(at_most)
        attributes.trigger.test_type = _XSYNC_NEGATIVE_COMPARISON
        # Delta 0 with a comparison test: the alarm turns inactive after its one event.
        attributes.delta = _sync_value(0)
        attributes.events = 1
        mask = (
            _XSYNC_CA_COUNTER
            | _XSYNC_CA_VALUE_TYPE
            | _XSYNC_CA_VALUE
            | _XSYNC_CA_TEST_TYPE
            | _XSYNC_CA_DELTA
            | _XSYNC_CA_EVENTS
        )
        alarm = int(xext.XSyncCreateAlarm(self._handle, mask, byref(attributes)))
        self._x.XFlush(self._handle)
        if not alarm:
            raise X11Error("XSyncCreateAlarm failed")
        return alarm

    def destroy_sync_alarm(self, alarm: int) -> None:
        """Destroy an alarm, then drop the events it sent (the server notifies destruction too).

        Waits for the server, so the descriptor is left quiet: the "destroyed" notice is
        read and dropped here instead of waking the caller later.
        """
        xext = self._sync()
        xext.XSyncDestroyAlarm(self._handle, alarm)
        try:
            self._check("XSyncDestroyAlarm")
        finally:
            self._drain()

    def fired_alarms(self) -> set[int]:
        """Read the events received so far, without blocking; the alarms among them that fired.

        Other events (and "destroyed" notices) are dropped. Raises X11Error when a request
        failed since the last check (an alarm the server refused).
        """
        fired = self._drain()
        code = self._errors.pop(int(self._handle), None)
        if code is not None:
            raise X11Error(f"an X request failed with X error code {code}")
        return fired

    def _drain(self) -> set[int]:
        fired: set[int] = set()
        notify_type = None
        if self._sync_event_base is not None:
            notify_type = self._sync_event_base + _XSYNC_ALARM_NOTIFY
        event = _XEvent()
        # XPending reads only what the socket already holds, so this never blocks.
        while self._x.XPending(self._handle) > 0:
            self._x.XNextEvent(self._handle, byref(event))
            notify = _XSyncAlarmNotifyEvent.from_buffer(event)
            if notify.type == notify_type and notify.state != _XSYNC_ALARM_DESTROYED:
                fired.add(int(notify.alarm))
        return fired
