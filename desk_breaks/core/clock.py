"""Time as an injected dependency.

Nothing in the core reads the system clock directly: it asks a :class:`Clock`. The app
passes a :class:`SystemClock`; tests and simulations pass a :class:`ManualClock` and step
it through a whole working week in milliseconds.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    """Where the core gets the time from."""

    def now(self) -> datetime:
        """Return the wall-clock time, timezone-aware, in the local zone."""
        ...

    def monotonic(self) -> float:
        """Return seconds from a clock that never jumps (it may stop during suspend)."""
        ...

    def timezone(self) -> tzinfo:
        """Return the local time zone (an IANA zone, so DST rules are known)."""
        ...

    def refresh_timezone(self) -> bool:
        """Look at the local zone again; return True when it changed since the last look.

        The host asks this once a minute: no OS reports a new time zone, and the schedule
        must then be recomputed in the new local time.
        """
        ...


class SystemClock:
    """The real clock, with the local zone re-read so a time-zone change is noticed."""

    def __init__(self) -> None:
        self._zone = _local_zone(reload=False)

    def now(self) -> datetime:
        """Return the current local time."""
        return datetime.now(self._zone)

    def monotonic(self) -> float:
        """Return :func:`time.monotonic`."""
        return time.monotonic()

    def timezone(self) -> tzinfo:
        """Return the local zone as last read."""
        return self._zone

    def refresh_timezone(self) -> bool:
        """Re-read the local zone; return True when it changed."""
        zone = _local_zone(reload=True)
        changed = str(zone) != str(self._zone)
        self._zone = zone
        return changed


def _local_zone(*, reload: bool) -> tzinfo:
    # tzlocal comes with APScheduler and knows TZ, /etc/localtime and the
    # Windows registry; without it, fall back to the fixed offset of "now".
    try:
        import tzlocal
    except ImportError:  # pragma: no cover - APScheduler always brings it
        zone = datetime.now().astimezone().tzinfo
        assert zone is not None
        return zone
    if reload:
        tzlocal.reload_localzone()
    zone = tzlocal.get_localzone()
    assert isinstance(zone, tzinfo)
    return zone


def as_utc(when: datetime) -> datetime:
    """Return ``when`` in UTC.

    Python compares and subtracts two datetimes of the *same* zone by their wall-clock
    fields, ignoring the offset; in the repeated hour that orders 02:10 (second time) before
    02:50 (first time). Everything that orders or subtracts moments goes through UTC instead.
    """
    return when.astimezone(UTC)


def real_time_between(start: datetime, end: datetime) -> timedelta:
    """How much time really passes from ``start`` to ``end`` (see :func:`as_utc`).

    Subtracting the wall-clock readings would be an hour off across a daylight saving change
    ("in 2 h" at 01:30 for a 03:30 due on the night the clocks go forward).
    """
    return as_utc(end) - as_utc(start)


class ManualClock:
    """A clock that moves only when told to; for tests, simulations and benchmarks.

    ``advance`` moves wall and monotonic time together (the machine is running);
    ``suspend`` moves only the wall clock (the machine slept, as Linux monotonic time does);
    ``set_wall`` jumps the wall clock as a manual change would.

    Time passes in UTC: an hour after 02:30 on the night the clocks go back is 02:30 again
    (the second time), as on a real machine, not the 03:30 that adding an hour to the
    wall-clock reading gives.
    """

    def __init__(self, start: datetime, zone: str | tzinfo = "UTC") -> None:
        self._zone: tzinfo = ZoneInfo(zone) if isinstance(zone, str) else zone
        if start.tzinfo is None:
            start = start.replace(tzinfo=self._zone)
        self._wall = start.astimezone(UTC)
        self._mono = 1000.0
        self._zone_seen = self._zone

    def now(self) -> datetime:
        """Return the simulated local time."""
        return self._wall.astimezone(self._zone)

    def monotonic(self) -> float:
        """Return the simulated monotonic seconds."""
        return self._mono

    def timezone(self) -> tzinfo:
        """Return the simulated zone."""
        return self._zone

    def advance(self, delta: timedelta | float) -> None:
        """Let time pass while the machine runs."""
        seconds = delta.total_seconds() if isinstance(delta, timedelta) else float(delta)
        self._wall += timedelta(seconds=seconds)
        self._mono += seconds

    def suspend(self, delta: timedelta) -> None:
        """Let wall time pass while monotonic time stands still."""
        self._wall += delta

    def set_wall(self, when: datetime) -> None:
        """Jump the wall clock (a manual change); monotonic time is untouched."""
        if when.tzinfo is None:
            when = when.replace(tzinfo=self._zone)
        self._wall = when.astimezone(UTC)

    def set_zone(self, zone: str | tzinfo) -> None:
        """Move to another time zone, keeping the same instant."""
        self._zone = ZoneInfo(zone) if isinstance(zone, str) else zone

    def refresh_timezone(self) -> bool:
        """Return True once after :meth:`set_zone` moved to another zone, else False."""
        changed = str(self._zone) != str(self._zone_seen)
        self._zone_seen = self._zone
        return changed
