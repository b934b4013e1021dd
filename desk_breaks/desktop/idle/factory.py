"""Choose this desktop's idle backend: the order to try them in, and the one that works.

Imports the contract and, only for the candidate it tries, that backend's module, so an
X11 session never loads jeepney and no platform loads another's ctypes code.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping

from desk_breaks.desktop._backends import PortUnavailable, choose_first, desktop_names, is_wayland
from desk_breaks.desktop.idle import IdleSource, NullIdleSource

__all__ = ["create_idle_source", "plan_idle_backends"]

# Logged under the port's name, as the one line a user reads about idle time.
_log = logging.getLogger("desk_breaks.desktop.idle")


def plan_idle_backends(env: Mapping[str, str], platform: str) -> tuple[list[str], list[str]]:
    """Backends to try, best first, and the reasons others are not tried."""
    if platform == "win32":
        return ["windows"], []
    if platform == "darwin":
        return ["macos"], []
    skipped: list[str] = []
    desktops = desktop_names(env)
    if "KDE" in desktops:
        dbus_order = ["kde", "gnome"]
    elif desktops & {"GNOME", "UNITY", "GNOME-CLASSIC", "BUDGIE"}:
        dbus_order = ["gnome", "kde"]
    else:
        # Other desktops (XFCE, Cinnamon, ...) may offer org.freedesktop.ScreenSaver.
        dbus_order = ["kde", "gnome"]
    if is_wayland(env):
        skipped.append("x11: a Wayland session (XWayland sees only input to X11 windows)")
        if desktops & {"GNOME", "UNITY", "GNOME-CLASSIC", "BUDGIE"}:
            # Mutter offers no idle protocol to clients: its D-Bus monitor is the way.
            return [*dbus_order, "wayland"], skipped
        # wlroots compositors (sway, Hyprland, niri, ...) and KWin tell through the protocol,
        # and it costs no D-Bus round trip.
        return ["wayland", *dbus_order], skipped
    if not env.get("DISPLAY"):
        skipped.append("x11: DISPLAY is not set")
        return dbus_order, skipped
    # On X11 the server itself knows: no D-Bus round trip, and jeepney is never imported.
    return ["x11", *dbus_order], skipped


def _construct(name: str, env: Mapping[str, str]) -> IdleSource:
    if name == "x11":
        from desk_breaks.desktop.idle.x11 import X11IdleSource

        return X11IdleSource(env.get("DISPLAY"))
    if name == "gnome":
        from desk_breaks.desktop.idle.gnome import GnomeIdleSource

        return GnomeIdleSource()
    if name == "kde":
        from desk_breaks.desktop.idle.kde import KdeIdleSource

        return KdeIdleSource()
    if name == "wayland":
        from desk_breaks.desktop.idle.wayland import WaylandIdleSource

        return WaylandIdleSource(env)
    if name == "windows":
        from desk_breaks.desktop.idle.windows import WindowsIdleSource

        return WindowsIdleSource()
    if name == "macos":
        from desk_breaks.desktop.idle.macos import MacIdleSource

        return MacIdleSource()
    raise PortUnavailable(f"unknown backend {name!r}")


def create_idle_source(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    *,
    construct: Callable[[str, Mapping[str, str]], IdleSource] | None = None,
) -> IdleSource:
    """The first idle backend that works here, else a :class:`NullIdleSource` (no natural breaks).

    Logs once: at INFO which backend is used and why the better ones were passed over, or
    one WARNING when none works. ``env``, ``platform`` and ``construct`` are for tests.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    make = _construct if construct is None else construct
    candidates, reasons = plan_idle_backends(env, platform)
    source = choose_first(candidates, lambda name: make(name, env), reasons)
    if source is not None:
        if reasons:
            _log.info("Idle time from %s (not available: %s)", source.name, "; ".join(reasons))
        else:
            _log.debug("Idle time from %s", source.name)
        return source
    why = "; ".join(reasons) or "no backend for this platform"
    _log.warning("Idle time is not available, so natural breaks are not noticed (%s)", why)
    return NullIdleSource(why)
