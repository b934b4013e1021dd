r"""Start Desk Breaks with the desktop session: the port, the launch command and the factory.

Each OS keeps the setting in its own place, one backend module each:

- Linux and other XDG desktops: a ``.desktop`` file in ``$XDG_CONFIG_HOME/autostart``
  (:mod:`desk_breaks.desktop.autostart_xdg`);
- Linux inside a Flatpak sandbox, whose own config folder no session reads: a request to
  the XDG desktop portal's Background interface
  (:mod:`desk_breaks.desktop.autostart_portal`);
- Windows: a value under ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``
  (:mod:`desk_breaks.desktop.autostart_windows`);
- macOS: a LaunchAgent plist in ``~/Library/LaunchAgents``
  (:mod:`desk_breaks.desktop.autostart_macos`).

Every backend takes its location as a constructor argument, so tests (and a portable
install) can point it anywhere (the portal backend takes the folder where it remembers
what the portal last granted, since the portal cannot be asked). Nothing here imports Qt:
the command line can toggle start-at-login without a running app.

Usage::

    autostart = make_autostart()
    if not autostart.is_enabled():
        autostart.enable()          # idempotent; rewrites a stale entry
    settings_label = autostart.location
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

__all__ = [
    "Autostart",
    "AutostartError",
    "launch_command",
    "make_autostart",
    "switch_autostart",
    "write_atomically",
]

_log = logging.getLogger(__name__)

SCRIPT_NAME = "desk-breaks"
"""The GUI entry point pip installs (``[project.gui-scripts]`` in pyproject.toml)."""


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
        return False, f"Could not change starting at login: {exc}"
    if enabled:
        return True, f"Desk Breaks will start at login ({port.location})."
    return True, "Desk Breaks will no longer start at login."


def launch_command(
    *,
    frozen: bool | None = None,
    executable: str | None = None,
    which: Callable[[str], str | None] = shutil.which,
    windows: bool | None = None,
) -> list[str]:
    """Return the argv that starts this installation of Desk Breaks.

    A frozen bundle (PyInstaller) is its own executable (the GUI one, when the Windows
    command-line companion ``desk-breaks-cli.exe`` asks). Otherwise the ``desk-breaks``
    script next to the running interpreter wins (a virtual environment's ``bin`` or
    ``Scripts``), then one on ``PATH``, then ``python -m desk_breaks`` with this interpreter.
    The login session's ``PATH`` often lacks ``~/.local/bin`` or a venv, so the result is
    always an absolute path. On Windows ``pythonw.exe`` is preferred so no console opens.
    """
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    executable = sys.executable if executable is None else executable
    windows = os.name == "nt" if windows is None else windows
    if frozen:
        exe = Path(executable).absolute()
        # On Windows the bundle has a console companion for the command line; started at
        # login it would open a console window, so the GUI executable beside it is named.
        gui = exe.with_name(f"{SCRIPT_NAME}.exe")
        if windows and exe.name.lower() == f"{SCRIPT_NAME}-cli.exe" and gui.is_file():
            return [str(gui)]
        return [str(exe)]
    here = Path(executable).parent
    names = (f"{SCRIPT_NAME}.exe", SCRIPT_NAME) if windows else (SCRIPT_NAME,)
    for name in names:
        beside = here / name
        if beside.is_file() and (windows or os.access(beside, os.X_OK)):
            return [str(beside.absolute())]
    found = which(SCRIPT_NAME)
    if found:
        return [str(Path(found).absolute())]
    python = Path(executable)
    if windows and python.name.lower() == "python.exe":
        pythonw = python.with_name("pythonw.exe")
        if pythonw.is_file():
            python = pythonw
    return [str(python.absolute()), "-m", "desk_breaks"]


def make_autostart(
    *,
    platform: str | None = None,
    command: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    flatpak_info: Path = Path("/.flatpak-info"),
    state_dir: Path | None = None,
) -> Autostart:
    """Return the start-at-login backend for this OS at its standard location.

    ``platform`` defaults to ``sys.platform`` and ``command`` to :func:`launch_command`.
    On Linux inside a Flatpak (``FLATPAK_ID`` in ``env``, default ``os.environ``, or the
    ``flatpak_info`` file exists) the desktop portal backend is used, with ``command``
    defaulting to the sandbox's own ``desk-breaks`` and ``state_dir`` (where it remembers
    what the portal granted) to the platformdirs user state folder.
    The backends read their locations (``XDG_CONFIG_HOME``, the home folder, the registry)
    only here, when the app asks, never at import time.
    """
    platform = sys.platform if platform is None else platform
    env = os.environ if env is None else env
    if platform.startswith("linux") and (env.get("FLATPAK_ID") or flatpak_info.exists()):
        from desk_breaks.desktop.autostart_portal import PortalAutostart

        if state_dir is None:
            import platformdirs

            from desk_breaks.core.paths import APP_DIR_NAME

            state_dir = Path(platformdirs.user_state_dir(APP_DIR_NAME, appauthor=False))
        sandboxed = list(command) if command is not None else [SCRIPT_NAME]
        return PortalAutostart(sandboxed, state_dir)
    argv = list(command) if command is not None else launch_command()
    if platform == "win32":
        from desk_breaks.desktop.autostart_windows import RegistryAutostart

        return RegistryAutostart(argv)
    if platform == "darwin":
        from desk_breaks.desktop.autostart_macos import LaunchAgentAutostart

        return LaunchAgentAutostart(argv)
    from desk_breaks.desktop.autostart_xdg import XdgAutostart

    return XdgAutostart(argv)
