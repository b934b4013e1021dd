"""Wall-clock changes as the operating system reports them, the moment they happen.

When someone sets the clock (by hand, or NTP steps it), the "next session" line and the
due timer must follow at once. The engine host also checks the clock once a minute, which
catches every change eventually; this port removes that minute's delay where the OS can
say so. It is Qt-free: a source is a file descriptor that becomes readable when the wall
clock was set, which the host watches with a ``QSocketNotifier``.

Backends:

- Linux: a ``timerfd`` on ``CLOCK_REALTIME``, armed at a moment far in the future with
  ``TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET`` (through ctypes; Python 3.11 has no
  ``os.timerfd_create``). The kernel cancels such a timer when the realtime clock is set
  (and on resume from suspend), which makes the descriptor readable and its ``read()`` fail
  with ``ECANCELED``; the source then arms it again.
- Windows (``WM_TIMECHANGE``) and macOS (``NSSystemClockDidChangeNotification``): none yet.
  Both need a native event loop hook rather than a descriptor; there the minute check
  notices a change within a minute, as before.

Usage::

    source = open_clock_change_source()  # None where the OS cannot tell
    if source is not None:
        ...  # when source.fileno() is readable:
        if source.clock_was_set():
            ...  # look at the clock again
        source.close()
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import sys
from typing import Protocol

__all__ = [
    "ClockChangeSource",
    "TimerfdClockChange",
    "open_clock_change_source",
]

_log = logging.getLogger(__name__)

_CLOCK_REALTIME = 0
_TFD_TIMER_ABSTIME = 1
_TFD_TIMER_CANCEL_ON_SET = 2
# The kernel's limit is 2**63 ns (year 2262); a 32-bit time_t stops at 2038.
_FAR_FUTURE_S = 2**33 if ctypes.sizeof(ctypes.c_long) == 8 else 2**31 - 1


class ClockChangeSource(Protocol):
    """The port: a descriptor that becomes readable when the wall clock may have been set."""

    @property
    def description(self) -> str:
        """What the source listens to, in words for logs."""
        ...

    def fileno(self) -> int:
        """The descriptor to watch for reading."""
        ...

    def clock_was_set(self) -> bool:
        """Call when :meth:`fileno` is readable: consume the news, be ready for the next.

        Return True when the wall clock was set (look at it again), False for a spurious
        wake-up. Raises :class:`OSError` when the source cannot go on; stop watching then.
        """
        ...

    def close(self) -> None:
        """Release the descriptor; safe to call twice."""
        ...


class _Timespec(ctypes.Structure):
    _fields_ = (("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long))


class _Itimerspec(ctypes.Structure):
    _fields_ = (("it_interval", _Timespec), ("it_value", _Timespec))


class TimerfdClockChange:
    """Linux: a realtime timerfd that the kernel cancels whenever the clock is set.

    ``deadline_s`` (seconds since the epoch) is where the timer is first armed; tests pass
    a moment in the past to see a read without touching the machine's clock. Every re-arm
    is far in the future.
    """

    def __init__(self, *, deadline_s: int = _FAR_FUTURE_S) -> None:
        """Create and arm the timer; raises :class:`OSError` when the kernel refuses."""
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        self._create = libc.timerfd_create
        self._create.argtypes = (ctypes.c_int, ctypes.c_int)
        self._create.restype = ctypes.c_int
        self._settime = libc.timerfd_settime
        self._settime.argtypes = (
            ctypes.c_int,
            ctypes.c_int,
            ctypes.POINTER(_Itimerspec),
            ctypes.POINTER(_Itimerspec),
        )
        self._settime.restype = ctypes.c_int
        self._gettime = libc.timerfd_gettime
        self._gettime.argtypes = (ctypes.c_int, ctypes.POINTER(_Itimerspec))
        self._gettime.restype = ctypes.c_int
        fd = self._create(_CLOCK_REALTIME, os.O_NONBLOCK | os.O_CLOEXEC)
        if fd < 0:
            _raise_errno("timerfd_create")
        self._fd: int | None = fd
        try:
            self._arm(deadline_s)
        except OSError:
            self.close()
            raise

    @property
    def description(self) -> str:
        """What the source listens to."""
        return "a CLOCK_REALTIME timerfd cancelled on clock changes"

    def fileno(self) -> int:
        """The timer's descriptor."""
        if self._fd is None:
            raise ValueError("the clock-change timer is closed")
        return self._fd

    def clock_was_set(self) -> bool:
        """Read the timer: True when the clock was set (or the far deadline passed)."""
        fd = self.fileno()
        try:
            os.read(fd, 8)
        except BlockingIOError:
            return False  # nothing to read: a spurious wake-up
        except OSError as exc:
            if exc.errno != errno.ECANCELED:
                raise
        # Cancelled (the clock was set) or expired: either way the timer is spent.
        self._arm(_FAR_FUTURE_S)
        return True

    def seconds_left(self) -> float:
        """How long until the armed deadline, by the kernel (0 when disarmed)."""
        current = _Itimerspec()
        if self._gettime(self.fileno(), ctypes.byref(current)) != 0:
            _raise_errno("timerfd_gettime")
        return float(current.it_value.tv_sec + current.it_value.tv_nsec / 1e9)

    def close(self) -> None:
        """Close the descriptor."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _arm(self, deadline_s: int) -> None:
        spec = _Itimerspec()
        spec.it_value.tv_sec = deadline_s
        flags = _TFD_TIMER_ABSTIME | _TFD_TIMER_CANCEL_ON_SET
        if self._settime(self.fileno(), flags, ctypes.byref(spec), None) != 0:
            _raise_errno("timerfd_settime")


def open_clock_change_source() -> ClockChangeSource | None:
    """Return this OS's source, or None (logged once, with why) where there is none."""
    if not sys.platform.startswith("linux"):
        _log.info(
            "no clock-change notifications on %s; a change is noticed by the minute check",
            sys.platform,
        )
        return None
    try:
        return TimerfdClockChange()
    except (OSError, AttributeError) as exc:  # AttributeError: a libc without timerfd
        _log.info("no clock-change notifications (%s); the minute check notices them", exc)
        return None


def _raise_errno(call: str) -> None:
    code = ctypes.get_errno()
    raise OSError(code, f"{call}: {os.strerror(code)}")
