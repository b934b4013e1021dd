"""Choose this desktop's notifier: the D-Bus service and the tray balloon, chained.

Imports the contract and the backends it may use: the tray backend always (it needs the
tray icon the app already made), the freedesktop one off Windows and macOS.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from desk_breaks.desktop._backends import PortUnavailable
from desk_breaks.desktop.notify import ChainNotifier, Notifier, NullNotifier

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSystemTrayIcon

__all__ = ["create_notifier"]

# Logged under the port's name, as the one line a user reads about notifications.
_log = logging.getLogger("desk_breaks.desktop.notify")


def create_notifier(
    tray: QSystemTrayIcon | None = None,
    *,
    session_bus_address: str | None = None,
    platform: str | None = None,
    app_icon: str | None = None,
    tray_available: Callable[[], bool] | None = None,
) -> Notifier:
    """Return the best notifier this desktop offers, logging once what is missing and why.

    ``tray`` is the app's tray icon (None when there is none); ``session_bus_address``
    overrides ``DBUS_SESSION_BUS_ADDRESS`` (tests use a private bus); ``platform`` defaults
    to ``sys.platform``; ``app_icon`` (a path or icon name) defaults to the shipped SVG;
    ``tray_available`` defaults to ``QSystemTrayIcon.isSystemTrayAvailable``.
    """
    platform = sys.platform if platform is None else platform
    from desk_breaks.desktop.notify.tray import TrayNotifier, tray_unavailable_reason

    chain: list[Notifier] = []
    missing: list[str] = []
    # Indexes in the chain of backends already known (and logged) not to work yet.
    known_failing: set[int] = set()
    if platform not in ("win32", "darwin"):
        from desk_breaks.desktop.notify.freedesktop import FreedesktopNotifier

        try:
            service = FreedesktopNotifier.connect(session_bus_address, app_icon=app_icon)
        except PortUnavailable as exc:
            missing.append(str(exc))
        else:
            if service.not_yet:
                known_failing.add(len(chain))
                missing.append(service.not_yet)
            chain.append(service)
    # The service may start after us (a window manager's dunst) and the tray host too (an
    # autostarted app can beat the panel): keep both, each checks again when used.
    available = tray_available or _tray_available
    if tray is not None:
        chain.append(TrayNotifier(tray, app_icon=app_icon, available=available))
    reason = tray_unavailable_reason(tray, available)
    if reason:
        missing.append(reason)

    if not chain:
        why = "; ".join(missing)
        _log.warning("notifications unavailable: %s", why)
        return NullNotifier(why)
    if missing:
        _log.info(
            "notifications through %s for now (%s)",
            ", else ".join(n.description for n in chain),
            "; ".join(missing),
        )
    if len(chain) == 1:
        return chain[0]
    # Already logged above: the chain need not warn again about a service known to be absent.
    return ChainNotifier(chain, failing=known_failing)


def _tray_available() -> bool:
    from PySide6.QtWidgets import QSystemTrayIcon

    return QSystemTrayIcon.isSystemTrayAvailable()
