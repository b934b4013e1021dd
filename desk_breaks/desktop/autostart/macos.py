"""Start at login on macOS: a LaunchAgent property list in ``~/Library/LaunchAgents``.

launchd loads every plist there at login; ``RunAtLoad`` starts the program once, and
without ``KeepAlive`` launchd does not restart it after the user quits. The file is only
written, not loaded with ``launchctl``: loading it now would start a second Desk Breaks
at once. (``SMAppService`` is the newer API, but it needs an app bundle and Objective-C.)
"""

from __future__ import annotations

import plistlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError

from desk_breaks import APP_ID
from desk_breaks.core.i18n import tr
from desk_breaks.desktop.autostart import AutostartError, write_atomically

__all__ = ["LaunchAgentAutostart", "launch_agent"]

FILE_NAME = f"{APP_ID}.plist"


def launch_agent(argv: Sequence[str]) -> dict[str, Any]:
    """Return the LaunchAgent dictionary that starts ``argv`` at login."""
    if not argv:
        raise ValueError("the launch command is empty")
    return {
        "Label": APP_ID,
        "ProgramArguments": list(argv),
        "RunAtLoad": True,
        # Interactive: launchd does not throttle it like a background daemon.
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
    }


class LaunchAgentAutostart:
    """:class:`~desk_breaks.desktop.autostart.Autostart` through a per-user LaunchAgent."""

    def __init__(self, command: Sequence[str], *, agents_dir: Path | None = None) -> None:
        """Manage ``agents_dir/<APP_ID>.plist`` (default ``~/Library/LaunchAgents``)."""
        self._command = list(command)
        folder = agents_dir if agents_dir is not None else Path.home() / "Library/LaunchAgents"
        self.path = folder / FILE_NAME

    @property
    def location(self) -> str:
        """The plist's path."""
        return str(self.path)

    def is_enabled(self) -> bool:
        """Whether our plist exists, parses, and is not marked ``Disabled``."""
        try:
            with self.path.open("rb") as handle:
                data = plistlib.load(handle)
        except FileNotFoundError:
            return False
        except (OSError, plistlib.InvalidFileException, ValueError, ExpatError) as exc:
            raise AutostartError(
                tr("cannot read the launch agent {path}: {error}", path=self.path, error=exc)
            ) from exc
        return isinstance(data, dict) and not data.get("Disabled", False)

    def enable(self) -> None:
        """Write the plist with the current launch command (replacing an older one)."""
        payload = plistlib.dumps(launch_agent(self._command), fmt=plistlib.FMT_XML)
        try:
            # launchd ignores agents that others may write to.
            write_atomically(self.path, payload, mode=0o644)
        except OSError as exc:
            raise AutostartError(
                tr("cannot write the launch agent {path}: {error}", path=self.path, error=exc)
            ) from exc

    def disable(self) -> None:
        """Delete our plist; other agents stay."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            raise AutostartError(
                tr("cannot remove the launch agent {path}: {error}", path=self.path, error=exc)
            ) from exc
