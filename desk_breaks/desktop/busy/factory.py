"""Choose this desktop's busy checks: which to try, and every one that works, combined.

Imports the contract and, only for the candidates it tries, those backends' modules.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping

from desk_breaks.desktop._backends import PortUnavailable, choose_all, desktop_names, is_wayland
from desk_breaks.desktop.busy import BusySource, CompositeBusySource, NullBusySource

__all__ = ["create_busy_source", "plan_busy_backends"]

# Logged under the port's name, as the one line a user reads about busy checks.
_log = logging.getLogger("desk_breaks.desktop.busy")


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
        from desk_breaks.desktop.busy.x11 import X11FullScreenSource

        return X11FullScreenSource(env.get("DISPLAY"))
    if name == "gnome-dnd":
        from desk_breaks.desktop.busy.gnome import GnomeDndSource

        return GnomeDndSource()
    if name == "kde-dnd":
        from desk_breaks.desktop.busy.kde import KdeDndSource

        return KdeDndSource()
    if name == "gnome-awake":
        from desk_breaks.desktop.busy.awake import GnomeAwakeSource

        return GnomeAwakeSource()
    if name == "kde-awake":
        from desk_breaks.desktop.busy.awake import KdeAwakeSource

        return KdeAwakeSource()
    if name == "windows":
        from desk_breaks.desktop.busy.windows import WindowsBusySource

        return WindowsBusySource()
    if name == "macos":
        from desk_breaks.desktop.busy.macos import MacBusySource

        return MacBusySource()
    raise PortUnavailable(f"unknown backend {name!r}")


def create_busy_source(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    *,
    construct: Callable[[str, Mapping[str, str]], BusySource] | None = None,
) -> BusySource:
    """Every busy backend that works here, combined; a :class:`NullBusySource` when none does.

    Logs once: INFO with the backends used and those unavailable (and why), or one WARNING
    when none works. ``env``, ``platform`` and ``construct`` are for tests.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    make = _construct if construct is None else construct
    candidates, reasons = plan_busy_backends(env, platform)
    sources = choose_all(candidates, lambda name: make(name, env), reasons)
    if not sources:
        why = "; ".join(reasons) or "no backend for this platform"
        _log.warning(
            "Full-screen and do-not-disturb checks are not available; prompts show regardless (%s)",
            why,
        )
        return NullBusySource(why)
    names = ", ".join(s.name for s in sources)
    if reasons:
        _log.info("Busy checks: %s (not available: %s)", names, "; ".join(reasons))
    else:
        _log.debug("Busy checks: %s", names)
    return sources[0] if len(sources) == 1 else CompositeBusySource(sources)
