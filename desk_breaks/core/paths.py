"""Where Desk Breaks keeps its files, resolved once by the composition root.

Nothing here is computed at import time: :meth:`AppPaths.for_user` asks platformdirs when
it is called, and tests build an :class:`AppPaths` pointing at a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
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


def _runtime_dir() -> Path:
    # platformdirs warns and guesses when XDG_RUNTIME_DIR is unset (a bare ssh or su
    # session); a private folder under the temp dir, owned by this user, is the safe
    # stand-in for the lock and the command socket.
    if sys.platform.startswith("linux") or sys.platform.endswith("bsd"):
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        if runtime and Path(runtime).is_dir():
            return Path(runtime)  # the instance guard makes its own private sub-folder
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or tempfile.gettempdir()
        return Path(base) / APP_DIR_NAME
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"{APP_DIR_NAME}-{uid}"
