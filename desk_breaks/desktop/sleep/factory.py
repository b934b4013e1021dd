"""Choose this OS's sleep watcher: logind on Linux, the power broadcast on Windows, none on macOS.

Imports the contract and, only for this platform, its backend's module.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QObject

from desk_breaks.desktop._backends import PortUnavailable
from desk_breaks.desktop.sleep import NullSleepWatcher, SleepWatcher

__all__ = ["create_sleep_watcher"]

# Logged under the port's name, as the one line a user reads about suspend and resume.
_log = logging.getLogger("desk_breaks.desktop.sleep")


def create_sleep_watcher(
    parent: QObject | None = None,
    *,
    system_bus_address: str | None = None,
    platform: str | None = None,
) -> SleepWatcher:
    """Return the sleep watcher this OS offers; log once what is unavailable and why.

    ``system_bus_address`` overrides ``DBUS_SYSTEM_BUS_ADDRESS`` and the standard socket
    (tests pass a private bus with a fake logind). ``platform`` defaults to ``sys.platform``.
    """
    platform = sys.platform if platform is None else platform
    try:
        watcher = _construct(platform, system_bus_address, parent)
    except PortUnavailable as exc:
        reason = str(exc) or "unavailable"
        _log.info(
            "no suspend/resume notifications (%s); resume is still noticed from the clock",
            reason,
        )
        return NullSleepWatcher(reason, parent)
    _log.debug("sleep and resume: %s", watcher.description)
    return watcher


def _construct(platform: str, address: str | None, parent: QObject | None) -> SleepWatcher:
    if platform == "win32":
        from desk_breaks.desktop.sleep.windows import WindowsSleepWatcher

        return WindowsSleepWatcher.create(parent)
    if platform == "darwin":
        raise PortUnavailable("macOS sleep notifications need an Objective-C bridge")
    from desk_breaks.desktop.sleep.logind import LogindSleepWatcher

    return LogindSleepWatcher.create(address, parent)
