"""The desktop ports the app talks to, in one bundle: :class:`Ports` and :func:`system_ports`.

The composition root (:mod:`desk_breaks.app`) takes a :class:`Ports`; the real app gets
:func:`system_ports`, which asks every port's factory for this desktop's backend, and tests
build a :class:`Ports` with fakes (``tests/helpers/fakes.py``) or leave the inert defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desk_breaks.desktop.autostart import Autostart as AutostartPort
from desk_breaks.desktop.autostart import NullAutostart
from desk_breaks.desktop.busy import BusySource, NullBusySource
from desk_breaks.desktop.idle import IdleSource, NullIdleSource
from desk_breaks.desktop.notify import Notifier, NullNotifier
from desk_breaks.desktop.sleep import NullSleepWatcher, SleepWatcher

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QSystemTrayIcon

    from desk_breaks.desktop.clock_change import ClockChangeSource

__all__ = ["Ports", "system_ports"]


def _no_notifier(tray: QSystemTrayIcon | None) -> Notifier:
    return NullNotifier("notifications are not wired in this set-up")


def _no_sleep_watcher(parent: QObject) -> SleepWatcher:
    return NullSleepWatcher("suspend is noticed by the clock-jump check only", parent)


@dataclass
class Ports:
    """The desktop ports the app talks to. :func:`system_ports` makes the real ones.

    The defaults are inert (no idle time, never busy, no notifications, no autostart), which
    is what the UI tests want; they inject fakes where a test is about a port.
    """

    idle: IdleSource = field(default_factory=lambda: NullIdleSource("not wired in this set-up"))
    busy: BusySource = field(default_factory=lambda: NullBusySource("not wired in this set-up"))
    notifier: Callable[[QSystemTrayIcon | None], Notifier] = field(default=_no_notifier)
    sleep: Callable[[QObject], SleepWatcher] = field(default=_no_sleep_watcher)
    autostart: AutostartPort = field(
        default_factory=lambda: NullAutostart("not wired in this set-up")
    )
    busy_poll_s: float = 5.0
    """How often a busy state is asked again until it clears."""
    clock_change: Callable[[], ClockChangeSource | None] = field(default=lambda: None)
    """Opens the OS's report of a set clock (None: the minute check notices it)."""


def system_ports() -> Ports:
    """Pick this desktop's backends; each factory logs once what is unavailable and why."""
    from desk_breaks.desktop.autostart.factory import create_autostart
    from desk_breaks.desktop.busy.factory import create_busy_source
    from desk_breaks.desktop.clock_change import open_clock_change_source
    from desk_breaks.desktop.idle.factory import create_idle_source
    from desk_breaks.desktop.notify.factory import create_notifier
    from desk_breaks.desktop.sleep.factory import create_sleep_watcher

    return Ports(
        idle=create_idle_source(),
        busy=create_busy_source(),
        notifier=lambda tray: create_notifier(tray),
        sleep=lambda parent: create_sleep_watcher(parent),
        autostart=create_autostart(),
        clock_change=open_clock_change_source,
    )
