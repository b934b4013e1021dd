"""Full-screen detection on X11 through ctypes Xlib (EWMH, with a no-window-manager fallback)."""

from __future__ import annotations

import logging

from desk_breaks.desktop._backends import PortUnavailable
from desk_breaks.desktop.bindings.x11 import X11Display, X11Error, X11Unavailable
from desk_breaks.desktop.busy import FULL_SCREEN

_log = logging.getLogger(__name__)


class X11FullScreenSource:
    """Busy while the active window is full screen.

    With an EWMH window manager (every desktop one): the root's ``_NET_ACTIVE_WINDOW`` has
    ``_NET_WM_STATE_FULLSCREEN`` in its ``_NET_WM_STATE``. The window manager's word is
    used, not the geometry, because a desktop-background or maximised borderless window
    may cover the screen without being full screen.

    Without one (no ``_NET_ACTIVE_WINDOW`` on the root, as in a kiosk): the top-level
    window holding the keyboard focus counts as full screen when it covers the whole X
    screen (the root window, all monitors together).
    """

    name = "x11-fullscreen"

    def __init__(self, display: str | None = None) -> None:
        """Connect to ``display`` ($DISPLAY when None) once; raise PortUnavailable."""
        try:
            self._display = X11Display(display)
        except X11Unavailable as exc:
            raise PortUnavailable(str(exc)) from exc

    def busy_reason(self) -> str | None:
        """Return "a full-screen window is active" or None (also if a window vanished mid-way)."""
        try:
            return FULL_SCREEN if self._active_is_full_screen() else None
        except X11Error as exc:
            # Normal on a live desktop: the window closed between two requests.
            _log.debug("Full-screen check skipped: %s", exc)
            return None

    def _active_is_full_screen(self) -> bool:
        d = self._display
        active = d.active_window()
        if active is not None:
            if active == 0:
                return False
            states = d.window_state(active)
            return "_NET_WM_STATE_FULLSCREEN" in states and "_NET_WM_STATE_HIDDEN" not in states
        focus = d.input_focus()
        if focus is None:
            return False
        top = d.toplevel(focus)
        if "_NET_WM_STATE_FULLSCREEN" in d.window_state(top):
            return True
        x, y, width, height = d.geometry(top)
        screen_w, screen_h = d.screen_size()
        return x <= 0 and y <= 0 and x + width >= screen_w and y + height >= screen_h

    def close(self) -> None:
        """Close the X connection."""
        self._display.close()
