"""Busy on Wayland: an app is keeping the screen awake (a video, a call, a presentation).

A Wayland client cannot see other apps' windows, so full screen goes unnoticed there. What
it can see is whether some app has asked the session not to blank the screen: video
players, browsers playing video or in a call, and presentation tools all do, through the
idle-inhibit portal or the session's own interface. That is the moment not to interrupt.

==================  =====================================================================
name                asks
==================  =====================================================================
``gnome-awake``     ``org.gnome.SessionManager.IsInhibited(8)`` (8: "idle" inhibitors)
``kde-awake``       ``org.freedesktop.PowerManagement.Inhibit.HasInhibit()`` (PowerDevil)
==================  =====================================================================

Used only on Wayland (see :func:`~desk_breaks.desktop.busy.factory.plan_busy_backends`): under X11
full screen is seen directly, and a video playing in a small window is no reason to wait.
"""

from __future__ import annotations

from desk_breaks.core.i18n import N_
from desk_breaks.desktop.bindings.session_service import OneMethodService

__all__ = ["KEPT_AWAKE", "GnomeAwakeSource", "KdeAwakeSource"]

KEPT_AWAKE = N_(
    "an app is keeping the screen awake (a video, a call or a presentation)", "busy reason"
)

GNOME_INHIBIT_IDLE = 8
"""``GsmInhibitorFlag`` for "inhibit the session being marked as idle"."""


class _AwakeSource(OneMethodService):
    """Asks a session service one yes-or-no question: is the screen being kept awake."""

    WHAT = "screen inhibitors"

    def busy_reason(self) -> str | None:
        """:data:`KEPT_AWAKE`, or None (also when the service does not answer)."""
        return KEPT_AWAKE if self._ask(lambda: bool(self._call())) else None


class GnomeAwakeSource(_AwakeSource):
    """GNOME's session manager, asked whether any idle inhibitor is registered."""

    name = "gnome-awake"
    desktop = "GNOME"
    SERVICE = "org.gnome.SessionManager"
    PATH = "/org/gnome/SessionManager"
    INTERFACE = "org.gnome.SessionManager"
    METHOD = "IsInhibited"
    SIGNATURE = "u"
    BODY = (GNOME_INHIBIT_IDLE,)


class KdeAwakeSource(_AwakeSource):
    """Plasma's power management, asked whether any app holds an inhibition."""

    name = "kde-awake"
    desktop = "KDE"
    SERVICE = "org.freedesktop.PowerManagement"
    PATH = "/org/freedesktop/PowerManagement/Inhibit"
    INTERFACE = "org.freedesktop.PowerManagement.Inhibit"
    METHOD = "HasInhibit"
