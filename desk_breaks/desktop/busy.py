"""Busy port: whether now is a bad moment for a prompt (full screen, do not disturb).

    source = create_busy_source()      # None when nothing can be checked here (logged once)
    reason = source.busy_reason()      # "a full-screen window is active", or None
    source.close()

Asked on demand, right before a prompt would show; :class:`~desk_breaks.desktop.busy_monitor.
BusyMonitor` then re-asks every few seconds and says when it clears. Backends, one module
each, imported only when chosen:

==================  ======================================================  =================
name                what it checks                                          module
==================  ======================================================  =================
``x11-fullscreen``  ``_NET_ACTIVE_WINDOW`` has ``_NET_WM_STATE_FULLSCREEN``  ``busy_x11``
                    (no window manager: focused window covers the screen)
``gnome-dnd``       ``org.gnome.desktop.notifications show-banners`` false,  ``busy_gnome``
                    read through the settings portal
``kde-dnd``         ``Inhibited`` of KDE's ``org.freedesktop.Notifications``  ``busy_kde``
``gnome-awake``     Wayland only: an app keeps the screen awake (GNOME's     ``busy_awake``
                    ``SessionManager.IsInhibited``)
``kde-awake``       Wayland only: the same through Plasma's                  ``busy_awake``
                    ``PowerManagement.Inhibit.HasInhibit``
``windows``         ``SHQueryUserNotificationState``                        ``busy_windows``
``macos``           the frontmost normal window covers a whole display      ``busy_macos``
==================  ======================================================  =================

On Linux every backend that works is kept and asked in turn (:class:`CompositeBusySource`):
a full-screen video and a do-not-disturb switch are independent reasons.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol, runtime_checkable

from desk_breaks.desktop._backends import PortUnavailable, desktop_names, is_wayland

__all__ = [
    "BusySource",
    "CompositeBusySource",
    "create_busy_source",
    "plan_busy_backends",
]

_log = logging.getLogger(__name__)

FULL_SCREEN = "a full-screen window is active"
DO_NOT_DISTURB = "Do Not Disturb is on"


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


def plan_busy_backends(env: Mapping[str, str], platform: str) -> tuple[list[str], list[str]]:
    """Backends to try (all that work are kept), and why others are not tried."""
    if platform == "win32":
        return ["windows"], []
    if platform == "darwin":
        return ["macos"], []
    names: list[str] = []
    skipped: list[str] = []
    if env.get("DISPLAY"):
        # Under Wayland this still sees full-screen X11 (XWayland) windows, such as most
        # games and some video-call apps; native Wayland windows are invisible to it.
        names.append("x11-fullscreen")
    else:
        skipped.append("x11-fullscreen: DISPLAY is not set")
    desktops = desktop_names(env)
    gnome = bool(desktops & {"GNOME", "UNITY", "GNOME-CLASSIC", "BUDGIE"})
    kde = "KDE" in desktops
    if gnome or not kde:
        names.append("gnome-dnd")
    if kde or not gnome:
        names.append("kde-dnd")
    if is_wayland(env):
        # Native Wayland windows are invisible to us, full screen or not; an app that keeps
        # the screen awake (a video, a call, a presentation) is the signal left.
        if gnome or not kde:
            names.append("gnome-awake")
        if kde or not gnome:
            names.append("kde-awake")
    return names, skipped


def _construct(name: str, env: Mapping[str, str]) -> BusySource:
    if name == "x11-fullscreen":
        from desk_breaks.desktop.busy_x11 import X11FullScreenSource

        return X11FullScreenSource(env.get("DISPLAY"))
    if name == "gnome-dnd":
        from desk_breaks.desktop.busy_gnome import GnomeDndSource

        return GnomeDndSource()
    if name == "kde-dnd":
        from desk_breaks.desktop.busy_kde import KdeDndSource

        return KdeDndSource()
    if name == "gnome-awake":
        from desk_breaks.desktop.busy_awake import GnomeAwakeSource

        return GnomeAwakeSource()
    if name == "kde-awake":
        from desk_breaks.desktop.busy_awake import KdeAwakeSource

        return KdeAwakeSource()
    if name == "windows":
        from desk_breaks.desktop.busy_windows import WindowsBusySource

        return WindowsBusySource()
    if name == "macos":
        from desk_breaks.desktop.busy_macos import MacBusySource

        return MacBusySource()
    raise PortUnavailable(f"unknown backend {name!r}")


def create_busy_source(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    *,
    construct: Callable[[str, Mapping[str, str]], BusySource] | None = None,
) -> BusySource | None:
    """Every busy backend that works here, combined; None when none does.

    Logs once: INFO with the backends used and those unavailable (and why), or one WARNING
    when none works. ``env``, ``platform`` and ``construct`` are for tests.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    construct = _construct if construct is None else construct
    candidates, reasons = plan_busy_backends(env, platform)
    sources: list[BusySource] = []
    for name in candidates:
        try:
            sources.append(construct(name, env))
        except Exception as exc:  # an unavailable backend may fail in many ways
            reasons.append(f"{name}: {exc}")
    if not sources:
        _log.warning(
            "Full-screen and do-not-disturb checks are not available; prompts show regardless (%s)",
            "; ".join(reasons) or "no backend for this platform",
        )
        return None
    names = ", ".join(s.name for s in sources)
    if reasons:
        _log.info("Busy checks: %s (not available: %s)", names, "; ".join(reasons))
    else:
        _log.debug("Busy checks: %s", names)
    return sources[0] if len(sources) == 1 else CompositeBusySource(sources)
