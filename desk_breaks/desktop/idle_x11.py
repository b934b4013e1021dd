"""Idle time on X11: the MIT-SCREEN-SAVER extension's idle counter, read through ctypes."""

from __future__ import annotations

import logging

from desk_breaks.desktop.idle import FailureLog, PortUnavailable
from desk_breaks.desktop.x11 import X11Display, X11Error, X11Unavailable

_log = logging.getLogger(__name__)


class X11IdleSource:
    """``XScreenSaverQueryInfo``: milliseconds since the X server last saw input.

    Opens the display once and keeps it; :meth:`close` closes it. A query is one round trip
    to the X server (well under a millisecond locally).
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

    def idle_ms(self) -> int | None:
        """Milliseconds since the last keyboard or pointer input, None on an X error."""
        try:
            value = self._display.idle_ms()
        except X11Error as exc:
            self._failures.failed(exc)
            return None
        self._failures.ok()
        return value

    def close(self) -> None:
        """Close the X connection."""
        self._display.close()
