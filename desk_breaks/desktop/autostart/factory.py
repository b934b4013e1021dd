"""Choose the start-at-login backend for this OS, and the command it starts.

Imports the contract and, only for this OS, its backend's module.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from desk_breaks.desktop.autostart import Autostart

__all__ = ["SCRIPT_NAME", "create_autostart", "launch_command"]

SCRIPT_NAME = "desk-breaks"
"""The GUI entry point pip installs (``[project.gui-scripts]`` in pyproject.toml)."""


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


def create_autostart(
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
        from desk_breaks.desktop.autostart.portal import PortalAutostart

        if state_dir is None:
            import platformdirs

            from desk_breaks.core.paths import APP_DIR_NAME

            state_dir = Path(platformdirs.user_state_dir(APP_DIR_NAME, appauthor=False))
        sandboxed = list(command) if command is not None else [SCRIPT_NAME]
        return PortalAutostart(sandboxed, state_dir)
    argv = list(command) if command is not None else launch_command()
    if platform == "win32":
        from desk_breaks.desktop.autostart.windows import RegistryAutostart

        return RegistryAutostart(argv)
    if platform == "darwin":
        from desk_breaks.desktop.autostart.macos import LaunchAgentAutostart

        return LaunchAgentAutostart(argv)
    from desk_breaks.desktop.autostart.xdg import XdgAutostart

    return XdgAutostart(argv)
