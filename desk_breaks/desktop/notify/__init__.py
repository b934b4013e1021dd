"""Desktop notifications: the heads-up before a full session, and short notices.

This module is the contract (:class:`Notifier`, :class:`NullNotifier` and the
:class:`ChainNotifier` that tries several in turn) and imports no backend. Backends, one
module each beside it:

- :mod:`desk_breaks.desktop.notify.freedesktop`: ``org.freedesktop.Notifications`` on the
  session bus (GNOME, KDE, Xfce, dunst, mako, ...), through jeepney; a new heads-up replaces
  the previous one instead of stacking.
- :mod:`desk_breaks.desktop.notify.tray`: the tray icon's balloon
  (``QSystemTrayIcon.showMessage``), which Qt maps to the native notification on Windows and
  macOS, and the fallback on Linux when no notification service answers.

:func:`~.factory.create_notifier` picks what works and logs once what is unavailable and
why. On Linux it chains the D-Bus service and the balloon, so a service that stops answering
(or appears only after login, as dunst started by a window manager may) is used whenever it
is there.

Usage (GUI thread)::

    from desk_breaks.desktop.notify.factory import create_notifier

    notifier = create_notifier(tray_icon)
    notifier.notify("Break in 30 seconds", "A 4-minute neck routine is next.", timeout_ms=25000)
    ...
    notifier.close()    # the session started: take the heads-up away
    notifier.disconnect()   # at exit
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

__all__ = [
    "DEFAULT_TIMEOUT_MS",
    "ChainNotifier",
    "Notifier",
    "NullNotifier",
]

_log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_MS = -1
"""Let the notification service choose how long to show it (the freedesktop convention)."""


@runtime_checkable
class Notifier(Protocol):
    """Shows one notification at a time: a new one replaces the last one this object showed."""

    @property
    def description(self) -> str:
        """What shows the notifications, in words for logs and the settings page."""
        ...

    def notify(
        self,
        title: str,
        body: str,
        *,
        icon: str | None = None,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
    ) -> bool:
        """Show (or replace) the notification; True when the desktop took it.

        ``icon`` is an icon name or an absolute file path (None: the app's icon).
        ``timeout_ms``: -1 lets the desktop decide, 0 keeps it until dismissed.
        Never raises for a desktop that cannot show it: that is a False.
        """
        ...

    def close(self) -> None:
        """Take the last notification away, if it is still shown and the desktop allows it."""
        ...

    def disconnect(self) -> None:
        """Release what the notifier holds (a bus connection) at exit; notify reconnects."""
        ...


class NullNotifier:
    """Shows nothing: the desktop has neither a notification service nor a tray."""

    def __init__(self, reason: str = "no notification service and no tray") -> None:
        """Remember why nothing can be shown (for the settings page)."""
        self.reason = reason

    @property
    def description(self) -> str:
        """Why there are no notifications."""
        return f"none ({self.reason})"

    def notify(
        self,
        title: str,
        body: str,
        *,
        icon: str | None = None,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
    ) -> bool:
        """Show nothing; always False."""
        return False

    def close(self) -> None:
        """Nothing to take away."""

    def disconnect(self) -> None:
        """Nothing to release."""


class ChainNotifier:
    """Tries its notifiers in order until one shows the notification.

    A backend that stops working is logged once when it starts failing (and once when it
    works again), not on every notification.
    """

    def __init__(self, notifiers: Sequence[Notifier], *, failing: Iterable[int] = ()) -> None:
        """Use ``notifiers`` in this order of preference.

        ``failing`` lists the indexes already known (and logged) not to work.
        """
        if not notifiers:
            raise ValueError("a chain needs at least one notifier")
        self.notifiers = list(notifiers)
        self._failing: set[int] = set(failing)
        self._last: Notifier | None = None

    @property
    def description(self) -> str:
        """Every backend, the preferred first."""
        return ", else ".join(n.description for n in self.notifiers)

    def notify(
        self,
        title: str,
        body: str,
        *,
        icon: str | None = None,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
    ) -> bool:
        """Show through the first backend that takes it; False when none does."""
        for index, notifier in enumerate(self.notifiers):
            if notifier.notify(title, body, icon=icon, timeout_ms=timeout_ms):
                if index in self._failing:
                    self._failing.discard(index)
                    _log.info("notifications: %s works again", notifier.description)
                if self._last is not None and self._last is not notifier:
                    # A heads-up moved to another backend: do not leave the old one behind.
                    self._last.close()
                self._last = notifier
                return True
            if index not in self._failing:
                self._failing.add(index)
                rest = self.notifiers[index + 1 :]
                _log.warning(
                    "notifications: %s did not take a notification; %s",
                    notifier.description,
                    f"using {rest[0].description}" if rest else "none shown",
                )
        return False

    def close(self) -> None:
        """Close through the backend that showed the last notification."""
        if self._last is not None:
            self._last.close()
            self._last = None

    def disconnect(self) -> None:
        """Disconnect every backend."""
        for notifier in self.notifiers:
            notifier.disconnect()
