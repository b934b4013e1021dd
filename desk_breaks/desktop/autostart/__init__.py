r"""Start Desk Breaks with the desktop session: the port's contract.

Each OS keeps the setting in its own place, one backend module each:

- Linux and other XDG desktops: a ``.desktop`` file in ``$XDG_CONFIG_HOME/autostart``
  (:mod:`desk_breaks.desktop.autostart.xdg`);
- Linux inside a Flatpak sandbox, whose own config folder no session reads: a request to
  the XDG desktop portal's Background interface
  (:mod:`desk_breaks.desktop.autostart.portal`);
- Windows: a value under ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``
  (:mod:`desk_breaks.desktop.autostart.windows`);
- macOS: a LaunchAgent plist in ``~/Library/LaunchAgents``
  (:mod:`desk_breaks.desktop.autostart.macos`).

This module is the contract (:class:`Autostart`, :class:`NullAutostart`,
:class:`AutostartError`, :func:`switch_autostart`) plus :func:`write_atomically`, which the
file-based backends share; it imports no backend. :mod:`.factory` chooses the backend and
knows the launch command it writes.

Every backend takes its location as a constructor argument, so tests (and a portable
install) can point it anywhere (the portal backend takes the folder where it remembers
what the portal last granted, since the portal cannot be asked). Nothing here imports Qt:
the command line can toggle start-at-login without a running app.

Usage::

    from desk_breaks.desktop.autostart.factory import create_autostart

    autostart = create_autostart()
    if not autostart.is_enabled():
        autostart.enable()          # idempotent; rewrites a stale entry
    settings_label = autostart.location
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Protocol, runtime_checkable

from desk_breaks.core.i18n import tr

__all__ = [
    "Autostart",
    "AutostartError",
    "NullAutostart",
    "switch_autostart",
    "write_atomically",
]


class AutostartError(OSError):
    """Start-at-login could not be read or changed; the message says where and why."""


@runtime_checkable
class Autostart(Protocol):
    """Whether Desk Breaks starts with the user's desktop session, and the switch for it."""

    @property
    def location(self) -> str:
        """Where the entry lives, in words a settings page can show."""
        ...

    def is_enabled(self) -> bool:
        """Whether the desktop will start Desk Breaks at the next login."""
        ...

    def enable(self) -> None:
        """Write (or rewrite) our entry; calling it twice leaves one entry."""
        ...

    def disable(self) -> None:
        """Remove our entry and nothing else; a no-op when there is none."""
        ...


def write_atomically(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``path`` through a temporary file and a rename; raise OSError.

    A crash or a full disk never leaves half a file for the session (or launchd) to read.
    ``mode`` sets the permissions before the rename (the temporary file is 0600).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def switch_autostart(port: Autostart, enabled: bool) -> tuple[bool, str]:
    """Turn start-at-login on or off; whether it worked, and what to tell the user."""
    try:
        port.enable() if enabled else port.disable()
    except AutostartError as exc:
        return False, tr("Could not change starting at login: {reason}", reason=exc)
    if enabled:
        return True, tr("Desk Breaks will start at login ({place}).", place=port.location)
    return True, tr("Desk Breaks will no longer start at login.")


class NullAutostart:
    """No start-at-login on this system: never enabled, and every change is refused."""

    def __init__(self, reason: str = "") -> None:
        """Remember why (it is the message of every refused change)."""
        self.reason = reason or tr("starting at login is not available on this system")

    @property
    def location(self) -> str:
        """Why there is no entry."""
        return f"none ({self.reason})"

    def is_enabled(self) -> bool:
        """Always False."""
        return False

    def enable(self) -> None:
        """Refuse with :class:`AutostartError`."""
        raise AutostartError(self.reason)

    def disable(self) -> None:
        """Refuse with :class:`AutostartError`."""
        raise AutostartError(self.reason)
