"""Where Desk Breaks keeps its files, resolved once by the composition root.

Nothing here is computed at import time: :meth:`AppPaths.for_user` asks platformdirs when
it is called, and tests build an :class:`AppPaths` pointing at a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_DIR_NAME = "desk-breaks"


@dataclass(frozen=True)
class AppPaths:
    """The folders the app reads and writes.

    ``runtime_dir`` is the per-session folder (``XDG_RUNTIME_DIR`` on Linux) in which the
    single-instance lock and the command socket get a private ``desk-breaks`` sub-folder.
    """

    config_dir: Path
    data_dir: Path
    runtime_dir: Path

    @property
    def settings_file(self) -> Path:
        """The user's ``settings.toml``."""
        return self.config_dir / "settings.toml"

    @property
    def history_file(self) -> Path:
        """The SQLite history."""
        return self.data_dir / "history.sqlite3"

    @property
    def user_content_dir(self) -> Path:
        """Where the user's own exercises and routines live."""
        return self.data_dir

    @classmethod
    def for_user(cls) -> AppPaths:
        """Resolve the current user's folders through platformdirs."""
        import platformdirs

        config = Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False, roaming=True))
        data = Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False, roaming=True))
        return cls(config, data, _runtime_dir())


def _runtime_dir(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    temp_dir: str | None = None,
) -> Path:
    """The per-session folder for the lock and the socket (arguments are for tests)."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    if platform.startswith("linux") or platform.endswith("bsd"):
        runtime = env.get("XDG_RUNTIME_DIR")
        if runtime and Path(runtime).is_dir():
            flatpak_id = env.get("FLATPAK_ID")
            if flatpak_id:
                # Each `flatpak run` gets its own private XDG_RUNTIME_DIR; only this folder
                # is shared by all instances of the app, so a second launch (or the
                # command line) finds the running one there.
                return Path(runtime) / "app" / flatpak_id
            return Path(runtime)  # the instance guard makes its own private sub-folder
    # platformdirs warns and guesses when XDG_RUNTIME_DIR is unset (a bare ssh or su
    # session); a private folder under the temp dir, owned by this user, is the safe
    # stand-in for the lock and the command socket.
    temp = tempfile.gettempdir() if temp_dir is None else temp_dir
    if platform == "win32":
        base = env.get("LOCALAPPDATA") or temp
        return Path(base) / APP_DIR_NAME
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(temp) / f"{APP_DIR_NAME}-{uid}"
