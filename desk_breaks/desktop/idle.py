"""Idle time port: how long since the user last touched the keyboard or the mouse.

    source = create_idle_source()      # None when this desktop cannot tell (logged once)
    ms = source.idle_ms()              # None when it cannot tell right now
    source.close()

Backends, one module each, imported only when chosen:

================  ===========================================================  ===============
name              how                                                          module
================  ===========================================================  ===============
``x11``           MIT-SCREEN-SAVER ``XScreenSaverQueryInfo`` (ctypes, libXss)   ``idle_x11``
``gnome``         ``org.gnome.Mutter.IdleMonitor.GetIdletime`` (session bus)   ``idle_gnome``
``kde``           ``org.freedesktop.ScreenSaver.GetSessionIdleTime``           ``idle_kde``
``windows``       ``GetLastInputInfo`` + ``GetTickCount64`` (ctypes)            ``idle_windows``
``macos``         ``CGEventSourceSecondsSinceLastEventType`` (ctypes)           ``idle_macos``
================  ===========================================================  ===============

The factory orders them by platform and session (:func:`plan_idle_backends`), tries each
once (a backend's constructor probes the service and raises :class:`PortUnavailable` when
it does not answer) and keeps the first that works. On Wayland the X11 backend is not
tried: through XWayland it sees only input sent to X11 windows, so it would report a user
typing in a native Wayland window as idle.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from desk_breaks.desktop._backends import PortUnavailable, desktop_names, is_wayland

if TYPE_CHECKING:
    pass

__all__ = [
    "ActivityWatch",
    "IdleSource",
    "create_idle_source",
    "plan_idle_backends",
]

_log = logging.getLogger(__name__)


@runtime_checkable
class IdleSource(Protocol):
    """Where the idle time comes from."""

    @property
    def name(self) -> str:
        """Short backend name for logs and ``status`` (``x11``, ``gnome``, ...)."""
        ...

    def idle_ms(self) -> int | None:
        """Milliseconds since the last user input, or None when it cannot tell right now."""
        ...

    def close(self) -> None:
        """Release the connection or library handle (idempotent)."""
        ...


@runtime_checkable
class ActivityWatch(Protocol):
    """An idle source that can also say when input resumes, so an away user costs no polls.

    Optional: the presence monitor checks ``isinstance(source, ActivityWatch)``. The watch
    is one-shot and event-driven through a file descriptor, so the backend stays Qt-free:

    1. :meth:`arm_activity_watch` asks to be told of the next input and returns a file
       descriptor that becomes readable when something arrived for the watch (a connection
       of the watch's own, so no other query can read its event first and leave the
       descriptor quiet);
    2. when it is readable, :meth:`activity_seen` reads what arrived without blocking and
       says whether the watch fired (the caller then reads the idle time to get the moment);
    3. :meth:`disarm_activity_watch` drops a pending watch (idempotent).

    Arming raises :class:`PortUnavailable` when the desktop refuses; the monitor then falls
    back to polling.
    """

    def arm_activity_watch(self) -> int:
        """Watch for the next input; return the descriptor to wait on for readability."""
        ...

    def activity_seen(self) -> bool:
        """Read what is pending on the descriptor (never blocks); True when input happened."""
        ...

    def disarm_activity_watch(self) -> None:
        """Cancel the pending watch, if any."""
        ...


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
        return dbus_order, skipped
    if not env.get("DISPLAY"):
        skipped.append("x11: DISPLAY is not set")
        return dbus_order, skipped
    # On X11 the server itself knows: no D-Bus round trip, and jeepney is never imported.
    return ["x11", *dbus_order], skipped


def _construct(name: str, env: Mapping[str, str]) -> IdleSource:
    if name == "x11":
        from desk_breaks.desktop.idle_x11 import X11IdleSource

        return X11IdleSource(env.get("DISPLAY"))
    if name == "gnome":
        from desk_breaks.desktop.idle_gnome import GnomeIdleSource

        return GnomeIdleSource()
    if name == "kde":
        from desk_breaks.desktop.idle_kde import KdeIdleSource

        return KdeIdleSource()
    if name == "windows":
        from desk_breaks.desktop.idle_windows import WindowsIdleSource

        return WindowsIdleSource()
    if name == "macos":
        from desk_breaks.desktop.idle_macos import MacIdleSource

        return MacIdleSource()
    raise PortUnavailable(f"unknown backend {name!r}")


def create_idle_source(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    *,
    construct: Callable[[str, Mapping[str, str]], IdleSource] | None = None,
) -> IdleSource | None:
    """The first idle backend that works here, or None (then natural breaks are off).

    Logs once: at INFO which backend is used and why the better ones were passed over, or
    one WARNING when none works. ``env``, ``platform`` and ``construct`` are for tests.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    construct = _construct if construct is None else construct
    candidates, reasons = plan_idle_backends(env, platform)
    for name in candidates:
        try:
            source = construct(name, env)
        except Exception as exc:  # an unavailable backend may fail in many ways
            reasons.append(f"{name}: {exc}")
            continue
        if reasons:
            _log.info("Idle time from %s (not available: %s)", source.name, "; ".join(reasons))
        else:
            _log.debug("Idle time from %s", source.name)
        return source
    _log.warning(
        "Idle time is not available, so natural breaks are not noticed (%s)",
        "; ".join(reasons) or "no backend for this platform",
    )
    return None
