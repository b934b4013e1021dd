"""What every port's backends and factories share: one way to be unavailable, and to choose.

* A backend's constructor probes what it needs and raises :class:`PortUnavailable` (with a
  reason for the log) when this session cannot give it.
* A working backend that stops answering logs through a :class:`FailureLog`: once when it
  starts failing and once when it recovers, never on every poll.
* A factory walks its candidates, best first, with :func:`choose_first` (idle: one source
  is enough) or :func:`choose_all` (busy: every working check is a reason), collecting why
  each one was passed over, and logs once; it returns the port's Null object, never None.

Qt-free and backend-free: importing this module imports no binding.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

__all__ = [
    "FailureLog",
    "PortUnavailable",
    "choose_all",
    "choose_first",
    "desktop_names",
    "is_wayland",
]

T = TypeVar("T")


class PortUnavailable(RuntimeError):
    """A backend cannot work in this session; the message says why, for the log."""


class FailureLog:
    """Log the first failure of a working backend, and its recovery, not every poll."""

    def __init__(self, logger: logging.Logger, what: str) -> None:
        """``what`` names the backend in the messages ("idle time from gnome")."""
        self._logger = logger
        self._what = what
        self.failing = False

    def failed(self, reason: object) -> None:
        """Record a failed query; logs only on the first of a run of failures."""
        if not self.failing:
            self.failing = True
            self._logger.warning("%s stopped answering: %s", self._what, reason)

    def ok(self) -> None:
        """Record a successful query; logs once when it follows failures."""
        if self.failing:
            self.failing = False
            self._logger.info("%s answers again", self._what)


def desktop_names(env: Mapping[str, str]) -> set[str]:
    """The desktops named in ``XDG_CURRENT_DESKTOP`` (``ubuntu:GNOME``), upper-cased."""
    return {part.strip().upper() for part in env.get("XDG_CURRENT_DESKTOP", "").split(":") if part}


def is_wayland(env: Mapping[str, str]) -> bool:
    """Whether the session is Wayland (X11 clients then run under XWayland)."""
    session = env.get("XDG_SESSION_TYPE", "").lower()
    if session in ("x11", "wayland"):
        return session == "wayland"
    return bool(env.get("WAYLAND_DISPLAY"))


def choose_first(
    candidates: Iterable[str], construct: Callable[[str], T], reasons: list[str]
) -> T | None:
    """The first candidate that constructs, or None; each failure's reason joins ``reasons``."""
    for name in candidates:
        try:
            return construct(name)
        except Exception as exc:  # an unavailable backend may fail in many ways
            reasons.append(f"{name}: {exc}")
    return None


def choose_all(
    candidates: Iterable[str], construct: Callable[[str], T], reasons: list[str]
) -> list[T]:
    """Every candidate that constructs, in order; each failure's reason joins ``reasons``."""
    made: list[T] = []
    for name in candidates:
        try:
            made.append(construct(name))
        except Exception as exc:  # an unavailable backend may fail in many ways
            reasons.append(f"{name}: {exc}")
    return made
