"""The idle tray app stays lean: heavy modules load only when a feature needs them.

Each of these cost megabytes of resident memory in a process that sits in the tray all day
(measured with ``bench/startup_idle.py --mappings``); the idle budget is 55 MiB PSS.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = (
    "asyncio",  # and with it ssl: APScheduler only wanted iscoroutinefunction
    "ssl",
    "hashlib",  # OpenSSL's libcrypto
    "importlib.metadata",  # email, zipfile, csv
    "PySide6.QtNetwork",  # the command socket is a plain Unix socket on Linux
    "PySide6.QtMultimedia",  # only when a session with sound cues opens
    "uuid",  # and platform: history ids are made from os.urandom
    "platform",
    "getpass",  # and termios: the user name is asked for on Windows only
    "locale",  # calendar's, for its locale-aware calendars: core/triggers.py
    "socket",  # the command socket is _socket's (and selectors, array with it)
    "selectors",
    "PySide6.QtSvg",  # the illustrations, made for the first window that draws them
    "desk_breaks.ui.art",
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
    "desk_breaks.core.progress",  # its numbers: made when the window or a finish asks
    "desk_breaks.core.transfer",  # export and settings import: the CLI's, or on request
    "desk_breaks.core.export",
)


def test_importing_the_app_loads_none_of_the_heavy_modules() -> None:
    code = (
        f"import sys\nimport desk_breaks.app\nprint([m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


APP_MODULES = (
    "desk_breaks.app",
    "desk_breaks.core.command_line",  # a bare desk-breaks has no arguments to parse
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


def _modules_after_building_the_ports(tmp_path: Path, display: str | None) -> list[str]:
    """Build every port in a fresh interpreter with no D-Bus; return what got imported."""
    code = (
        "import sys\n"
        "from desk_breaks.desktop.ports import system_ports\n"
        "from desk_breaks.desktop.notify.factory import create_notifier\n"
        "from desk_breaks.desktop.sleep.factory import create_sleep_watcher\n"
        "ports = system_ports()\n"
        "create_notifier(None, tray_available=lambda: False)\n"
        "create_sleep_watcher()\n"
        "print('\\n'.join(sys.modules))\n"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DBUS_", "DISPLAY", "WAYLAND_", "XDG_", "FLATPAK_"))
    }
    # No session bus, and a system bus socket that does not exist.
    env["DBUS_SYSTEM_BUS_ADDRESS"] = f"unix:path={tmp_path / 'no-system-bus'}"
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    if display is not None:
        env["DISPLAY"] = display
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return done.stdout.split()


def test_a_desktop_without_d_bus_never_loads_jeepney(tmp_path: Path) -> None:
    # Every D-Bus backend is tried and fails: jeepney (11 modules) and html stay out.
    loaded = _modules_after_building_the_ports(tmp_path, display=None)
    assert [m for m in loaded if m.startswith("jeepney") or m == "html"] == []


def test_the_x11_backends_load_xlib_without_ctypes_util(tmp_path: Path) -> None:
    # The X11 backends are tried (the display does not exist): libX11 is loaded by its
    # soname, without ctypes.util's subprocess and ldconfig run.
    try:
        ctypes.CDLL("libX11.so.6")
    except OSError:
        pytest.skip("libX11.so.6 is not installed (Debian: libx11-6)")
    loaded = _modules_after_building_the_ports(tmp_path, display=":4242")
    assert "desk_breaks.desktop.bindings._x11_libs" in loaded
    assert [m for m in loaded if m in ("ctypes.util", "subprocess")] == []


COACH_MODULES = (
    "desk_breaks.core.coach",  # built on its first question: a session, a window, a command
    "desk_breaks.core.coach_rules",
    "desk_breaks.core.coach_store",
    "desk_breaks.core.coach_types",
    "desk_breaks.core.coach_api",
)


def _run_the_app(tmp_path: Path, probe: str) -> str:
    """Build and start the app offscreen in a fresh interpreter; return what ``probe`` prints.

    As on a desktop with a tray, for someone who has answered the safety check (in another
    interpreter, so the coach's modules it takes are not counted): no welcome at start.
    """
    prepare = (
        "import sys\n"
        "from datetime import datetime, timezone\n"
        "from pathlib import Path\n"
        "from desk_breaks.core.coach_store import CoachStore\n"
        "from desk_breaks.core.coach_types import Screening\n"
        "from desk_breaks.core.history import History\n"
        "from desk_breaks.core.paths import AppPaths\n"
        "home = Path(sys.argv[1])\n"
        "paths = AppPaths(home / 'config', home / 'data', home / 'run')\n"
        "paths.history_file.parent.mkdir(parents=True)\n"
        "history = History(paths.history_file)\n"
        "CoachStore(history).add(Screening(datetime.now(timezone.utc), None))\n"
        "history.close()\n"
    )
    subprocess.run([sys.executable, "-c", prepare, str(tmp_path)], check=True)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "import PySide6.QtCore as QtCore\n"
        "from PySide6.QtWidgets import QApplication, QSystemTrayIcon\n"
        "from desk_breaks.app import DeskBreaks\n"
        "from desk_breaks.core.clock import SystemClock\n"
        "from desk_breaks.core.paths import AppPaths\n"
        "from desk_breaks.desktop.ipc.instance import InstanceGuard\n"
        "qapp = QApplication([])\n"
        "# A desktop with a tray (offscreen has none; the no-tray window is a window).\n"
        "QSystemTrayIcon.isSystemTrayAvailable = staticmethod(lambda: True)\n"
        "home = Path(sys.argv[1])\n"
        "(home / 'run').mkdir(mode=0o700)\n"
        "paths = AppPaths(home / 'config', home / 'data', home / 'run')\n"
        "guard = InstanceGuard(paths.runtime_dir)\n"
        "assert guard.try_acquire()\n"
        "desk = DeskBreaks(paths, SystemClock(), guard)\n"
        "desk.start()\n"
        "qapp.processEvents()\n"
        "assert desk.windows.calm.welcome is None\n"
        f"{probe}\n"
        "desk.shutdown()\n"
        "guard.release()\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return done.stdout.strip()


def test_the_running_app_never_builds_qt_s_enum_namespace(tmp_path: Path) -> None:
    # Naming any enum of Qt's namespace (Qt.TimerType, Qt.AlignmentFlag ...), or a call
    # whose overloads take one (QPalette(palette)), builds all of them: about 2 MiB.
    assert _run_the_app(tmp_path, "print('Qt' in QtCore.__dict__)") == "False"


def test_the_idle_app_does_not_build_the_coach(tmp_path: Path) -> None:
    # Once the safety check is answered, start asks one query (coach_rows), not the coach:
    # its rules, event types and store load with its first question (issue 12).
    probe = f"print([m for m in {COACH_MODULES!r} if m in sys.modules], desk.coach.built)"
    assert _run_the_app(tmp_path, probe) == "[] False"
