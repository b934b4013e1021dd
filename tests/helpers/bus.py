"""A private D-Bus session bus of a test's own: a ``dbus-daemon`` that auto-starts nothing.

No service directories, so no desktop service (a notification daemon, the accessibility
bus) is activated behind a test's back; any client may own any name. Shared by the desktop
port tests (``tests/desktop/conftest.py``) and the Wayland session (``tests/e2e/wayland.py``).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={folder}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def start_bus(folder: Path) -> tuple[subprocess.Popen[str], str]:
    """Start a session bus listening in ``folder`` (keep it short: a socket path has 108
    bytes); return the daemon and its address, or raise RuntimeError if it printed none."""
    config = folder / "bus.conf"
    config.write_text(BUS_CONFIG.format(folder=folder))
    daemon = subprocess.Popen(
        ["dbus-daemon", f"--config-file={config}", "--nofork", "--print-address"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    if not address:
        daemon.kill()
        daemon.wait()
        daemon.stdout.close()
        raise RuntimeError("dbus-daemon did not print its address")
    return daemon, address
