"""The idle tray app stays lean: heavy modules load only when a feature needs them.

Each of these cost megabytes of resident memory in a process that sits in the tray all day
(measured with ``bench/startup_idle.py --mappings``); the idle budget is 55 MiB PSS.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "asyncio",  # and with it ssl: APScheduler only wanted iscoroutinefunction
    "ssl",
    "hashlib",  # OpenSSL's libcrypto
    "importlib.metadata",  # email, zipfile, csv
    "PySide6.QtNetwork",  # the command socket is a plain Unix socket on Linux
    "PySide6.QtMultimedia",  # only when a session with sound cues opens
    "desk_breaks.ui.session_dialog",
    "desk_breaks.ui.settings",
    "desk_breaks.ui.prompt",
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


def test_a_desktop_without_d_bus_never_loads_jeepney(tmp_path: Path) -> None:
    # No session bus, a system bus socket that does not exist, no X display: every D-Bus
    # backend is tried and fails, and jeepney (about 10 modules) stays out of the process.
    code = (
        "import sys\n"
        "from desk_breaks.desktop.ports import system_ports\n"
        "from desk_breaks.desktop.notify.factory import create_notifier\n"
        "from desk_breaks.desktop.sleep.factory import create_sleep_watcher\n"
        "ports = system_ports()\n"
        "create_notifier(None, tray_available=lambda: False)\n"
        "create_sleep_watcher()\n"
        "print([m for m in sys.modules if m.startswith('jeepney') or m == 'html'])\n"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DBUS_", "DISPLAY", "WAYLAND_", "XDG_", "FLATPAK_"))
    }
    env["DBUS_SYSTEM_BUS_ADDRESS"] = f"unix:path={tmp_path / 'no-system-bus'}"
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip() == "[]"
