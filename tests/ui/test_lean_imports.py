"""The idle tray app stays lean: heavy modules load only when a feature needs them.

Each of these cost megabytes of resident memory in a process that sits in the tray all day
(measured with ``bench/startup_idle.py --mappings``); the idle budget is 55 MiB PSS.
"""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "asyncio",  # and with it ssl: APScheduler only wanted iscoroutinefunction
    "ssl",
    "hashlib",  # OpenSSL's libcrypto
    "importlib.metadata",  # email, zipfile, csv
    "PySide6.QtNetwork",  # the command socket is a plain Unix socket on Linux
    "PySide6.QtMultimedia",  # only when a session with sound cues opens
    "desk_breaks.ui.session_dialog",
    "desk_breaks.ui.session",  # its screens: preface, exercise, finish, safety
    "desk_breaks.ui.settings",
    "desk_breaks.ui.prompt",
    "desk_breaks.ui.welcome",  # the coach's windows open on first use (issue 13)
    "desk_breaks.ui.journal",
    "desk_breaks.ui.advice",
    "desk_breaks.ui.calm",
    "desk_breaks.ui.progress",  # the progress window and its charts (issue 14)
    "desk_breaks.ui.progress.window",
    "desk_breaks.ui.progress.chart",
)


def test_importing_the_app_loads_none_of_the_heavy_modules() -> None:
    code = (
        f"import sys\nimport desk_breaks.app\nprint([m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


APP_MODULES = (
    "desk_breaks.app",
    "desk_breaks.core.engine",
    "desk_breaks.core.content_files",
    "desk_breaks.core.history",
    "desk_breaks.core.settings_file",
    "desk_breaks.core.schedule",
    "desk_breaks.desktop.qt.busy_monitor",
    "desk_breaks.ui.art",
)


def test_the_path_to_the_tray_icon_loads_none_of_the_app() -> None:
    # launch.run shows the icon before it imports the app (issue 12: the icon first).
    code = (
        "import sys\nimport desk_breaks.cli, desk_breaks.launch\n"
        f"print([m for m in {APP_MODULES + HEAVY!r} if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
