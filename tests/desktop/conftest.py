"""Fixtures for the desktop ports: a private D-Bus session bus and real X servers (Xvfb).

``private_bus`` is shared with the notification and logind tests: a ``dbus-daemon`` of its own
per test, with no service directories (so nothing is auto-started behind a test's back),
``DBUS_SESSION_BUS_ADDRESS`` pointed at it for the duration of the test.

The X fixtures start Xvfb once per test session: ``xvfb_bare`` has no window manager (as a
kiosk or a bare ``startx``), ``xvfb_wm`` runs evilwm, a tiny EWMH window manager that keeps
``_NET_ACTIVE_WINDOW`` and honours ``_NET_WM_STATE_FULLSCREEN``. CI installs both (TEST_APT).
A missing program skips the test with the apt package to install, and fails it under CI
(:mod:`tests.helpers.tools`).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.desktop import Desktop, virtual_desktop
from tests.helpers.bus import start_bus
from tests.helpers.tools import require_tools


@pytest.fixture
def private_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Address of a fresh private session bus; DBUS_SESSION_BUS_ADDRESS points at it."""
    require_tools("dbus-daemon")
    # A short folder under /tmp: a socket path must fit in 108 bytes, pytest's tmp_path may not.
    folder = Path(tempfile.mkdtemp(prefix="db-bus-"))
    try:
        daemon, address = start_bus(folder)
    except RuntimeError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(str(exc), pytrace=False)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    try:
        yield address
    finally:
        daemon.terminate()
        try:
            daemon.wait(timeout=5)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        daemon.stdout.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def xvfb_bare(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    """A real X server with no window manager and no tray."""
    require_tools("Xvfb", "xdotool", "xprop", "xwininfo", "trayer", "import")
    with virtual_desktop(tmp_path_factory.mktemp("xbare"), tray=False, size="1024x768x24") as d:
        yield d


@pytest.fixture(scope="session")
def xvfb_wm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    """A real X server managed by evilwm (EWMH: active window, full-screen state)."""
    require_tools("Xvfb", "xdotool", "xprop", "xwininfo", "evilwm", "trayer", "import")
    with virtual_desktop(tmp_path_factory.mktemp("xwm"), tray=False, size="1024x768x24") as d:
        d.start_window_manager()
        yield d
