"""Busy port: whether now is a bad moment for a prompt (full screen, do not disturb).

    from desk_breaks.desktop.busy.factory import create_busy_source

    source = create_busy_source()      # a NullBusySource when nothing can be checked here
    reason = source.busy_reason()      # "a full-screen window is active", or None
    source.close()

Asked on demand, right before a prompt would show; :class:`~desk_breaks.desktop.qt.busy_monitor.
BusyMonitor` then re-asks every few seconds and says when it clears. This module is the
contract (:class:`BusySource`, :class:`NullBusySource`, :class:`CompositeBusySource`) and
imports no backend; the backends sit beside it, one module each, imported only when
:mod:`.factory` chooses them:

==================  ======================================================  =================
name                what it checks                                          module
==================  ======================================================  =================
``x11-fullscreen``  ``_NET_ACTIVE_WINDOW`` has ``_NET_WM_STATE_FULLSCREEN``  ``x11``
                    (no window manager: focused window covers the screen)
``gnome-dnd``       ``org.gnome.desktop.notifications show-banners`` false,  ``gnome``
                    read through the settings portal
``kde-dnd``         ``Inhibited`` of KDE's ``org.freedesktop.Notifications``  ``kde``
``gnome-awake``     Wayland only: an app keeps the screen awake (GNOME's     ``awake``
                    ``SessionManager.IsInhibited``)
``kde-awake``       Wayland only: the same through Plasma's                  ``awake``
                    ``PowerManagement.Inhibit.HasInhibit``
``windows``         ``SHQueryUserNotificationState``                        ``windows``
``macos``           the frontmost normal window covers a whole display      ``macos``
==================  ======================================================  =================

On Linux every backend that works is kept and asked in turn (:class:`CompositeBusySource`):
a full-screen video and a do-not-disturb switch are independent reasons.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from desk_breaks.core.i18n import N_

__all__ = [
    "BusySource",
    "CompositeBusySource",
    "NullBusySource",
]

_log = logging.getLogger(__name__)

# Reasons say why a break waits; English, shown with tr(reason, "busy reason").
FULL_SCREEN = N_("a full-screen window is active", "busy reason")
DO_NOT_DISTURB = N_("Do Not Disturb is on", "busy reason")


@runtime_checkable
class BusySource(Protocol):
    """Something that can tell the user should not be interrupted now."""

    @property
    def name(self) -> str:
        """Short backend name for logs (``x11-fullscreen``, ``kde-dnd``, ...)."""
        ...

    def busy_reason(self) -> str | None:
        """A short human reason not to interrupt now, or None. Never raises."""
        ...

    def close(self) -> None:
        """Release connections (idempotent)."""
        ...


class CompositeBusySource:
    """Several sources asked in order; the first reason wins."""

    def __init__(self, sources: Iterable[BusySource]) -> None:
        """Ask ``sources`` in the given order."""
        self.sources = list(sources)

    @property
    def name(self) -> str:
        """The members' names joined with ``+``."""
        return "+".join(s.name for s in self.sources)

    def busy_reason(self) -> str | None:
        """The first member's reason, or None when no member is busy."""
        for source in self.sources:
            try:
                reason = source.busy_reason()
            except Exception:  # a backend bug must not block every prompt forever
                _log.exception("Busy check %s failed", source.name)
                continue
            if reason:
                return reason
        return None

    def close(self) -> None:
        """Close every member."""
        for source in self.sources:
            source.close()


class NullBusySource:
    """Nothing to check on this desktop: never busy, so prompts show regardless."""

    def __init__(self, reason: str = "no busy check works here") -> None:
        """Remember why nothing can be checked (for the log and diagnostics)."""
        self.reason = reason

    @property
    def name(self) -> str:
        """``none``."""
        return "none"

    def busy_reason(self) -> str | None:
        """Always None: not known to be busy."""
        return None

    def close(self) -> None:
        """Nothing to release."""
