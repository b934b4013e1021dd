"""Notifications through the desktop's ``org.freedesktop.Notifications`` service (Linux, BSD).

GNOME Shell, KDE Plasma, Xfce, dunst, mako and others own that name on the session bus.
``Notify`` takes a ``uint32 replaces_id``, which PySide6's QtDBus cannot marshal (see the
stack notes), so this speaks D-Bus through jeepney (:mod:`desk_breaks.desktop.bindings.dbus`).

Each notifier remembers the id of the last notification it showed and passes it as
``replaces_id``: a second heads-up replaces the first in place instead of stacking, and
:meth:`FreedesktopNotifier.close` withdraws it with ``CloseNotification``.

Calls block the calling (GUI) thread for at most :data:`NOTIFY_TIMEOUT_S`; a heads-up comes
once per break, and a service that answers late just costs that one notification (the
chain in :mod:`desk_breaks.desktop.notify` then uses the tray balloon).
"""

from __future__ import annotations

import logging

from desk_breaks import APP_ID, APP_NAME, assets_dir
from desk_breaks.desktop._backends import PortUnavailable
from desk_breaks.desktop.bindings.dbus import Bus, DBusError, call, name_has_owner, session_bus
from desk_breaks.desktop.notify import DEFAULT_TIMEOUT_MS

__all__ = ["NAME", "NOTIFY_TIMEOUT_S", "FreedesktopNotifier"]

_log = logging.getLogger(__name__)

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"

NOTIFY_TIMEOUT_S = 1.0
"""Longest wait for ``Notify``'s reply: long enough for a service D-Bus has to start first."""

_URGENCY_NORMAL = 1


def _default_icon() -> str:
    try:
        icon = assets_dir() / "icons" / "desk-breaks.svg"
    except FileNotFoundError:
        return ""
    return str(icon) if icon.is_file() else ""


class FreedesktopNotifier:
    """:class:`~desk_breaks.desktop.notify.Notifier` over ``org.freedesktop.Notifications``."""

    def __init__(self, bus: Bus, *, app_icon: str | None = None) -> None:
        """Send through ``bus`` (a session bus); ``app_icon`` is the default icon (a path)."""
        self._bus = bus
        self._app_icon = _default_icon() if app_icon is None else app_icon
        self._id = 0
        self._markup: bool | None = None
        self.not_yet: str | None = None
        """Why notifications may not show yet (no service on the bus when connecting)."""

    @classmethod
    def connect(
        cls, address: str | None = None, *, app_icon: str | None = None
    ) -> FreedesktopNotifier:
        """Connect to the session bus; raise PortUnavailable when there is no usable bus.

        When the bus answers but no service owns (or can be started for) the name yet, the
        notifier is still returned, since the service may start later (a window manager's
        dunst); :attr:`not_yet` then says why it may not work for now.
        """
        try:
            bus = session_bus(address)
        except DBusError as exc:
            raise PortUnavailable(str(exc)) from exc
        try:
            present = name_has_owner(bus, NAME) or NAME in _activatable(bus)
        except DBusError as exc:
            bus.close()
            raise PortUnavailable(f"the session bus does not answer: {exc}") from exc
        notifier = cls(bus, app_icon=app_icon)
        if not present:
            notifier.not_yet = f"no notification service on the session bus ({NAME} has no owner)"
        return notifier

    @property
    def description(self) -> str:
        """Names the service."""
        return f"the desktop's notification service ({NAME})"

    @property
    def notification_id(self) -> int:
        """The service's id of the notification shown last (0: none)."""
        return self._id

    def notify(
        self,
        title: str,
        body: str,
        *,
        icon: str | None = None,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
    ) -> bool:
        """Show the notification, replacing the last one; False when the service fails."""
        text = _escape_markup(body) if self._supports_markup() else body
        actions: list[str] = []
        hints = {"desktop-entry": ("s", APP_ID), "urgency": ("y", _URGENCY_NORMAL)}
        args = (
            APP_NAME,
            self._id,
            self._app_icon if icon is None else icon,
            title,
            text,
            actions,
            hints,
            int(timeout_ms),
        )
        try:
            (new_id,) = call(
                self._bus, NAME, PATH, INTERFACE, "Notify", "susssasa{sv}i", args,
                timeout_s=NOTIFY_TIMEOUT_S,
            )  # fmt: skip
        except DBusError as exc:
            # The chain logs the change of state once; here only the detail, for debugging.
            _log.debug("Notify failed: %s", exc)
            self._markup = None  # whoever answers next may be another service
            return False
        self._id = int(new_id)
        return True

    def close(self) -> None:
        """Withdraw the last notification (already gone or service away: nothing to do)."""
        notification, self._id = self._id, 0
        if not notification:
            return
        try:
            call(self._bus, NAME, PATH, INTERFACE, "CloseNotification", "u", (notification,))
        except DBusError as exc:
            _log.debug("CloseNotification(%d) failed: %s", notification, exc)

    def disconnect(self) -> None:
        """Close the bus connection (at exit); a later notify reconnects."""
        self._bus.close()

    def _supports_markup(self) -> bool:
        # Bodies are plain text to us; a service with "body-markup" would read "<" and "&"
        # as markup, so escape them for exactly those services.
        if self._markup is None:
            try:
                (caps,) = call(self._bus, NAME, PATH, INTERFACE, "GetCapabilities")
            except DBusError:
                return False  # ask again next time: the service may not be up yet
            self._markup = "body-markup" in caps
        return self._markup


def _activatable(bus: Bus) -> list[str]:
    (names,) = call(
        bus,
        "org.freedesktop.DBus",
        "/org/freedesktop/DBus",
        "org.freedesktop.DBus",
        "ListActivatableNames",
    )
    return list(names)


def _escape_markup(text: str) -> str:
    """``html.escape(text, quote=False)`` without loading :mod:`html` (and its entity table)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
