"""An X11 desktop whose tray is a StatusNotifier host: Xvfb, xfce4-panel's status tray.

Where a StatusNotifierWatcher is on the session bus when the app starts, Qt shows the tray
icon as a StatusNotifierItem over D-Bus instead of docking an XEmbed window; Xfce, KDE,
LXQt, Cinnamon and MATE panels all host such items on X11. What runs, private to one test:

- Xvfb (:func:`tests.e2e.desktop.virtual_desktop`, without trayer);
- a D-Bus session bus of its own (:mod:`tests.helpers.bus`; nothing is auto-started);
- ``xfconfd`` on that bus, with a config that holds one panel and one plugin, so the panel
  neither asks its first-start question nor loads the default plugins;
- ``xfce4-panel`` with only its ``systray`` plugin (the "Status Tray"), which runs the
  StatusNotifierWatcher itself and hosts the items (and XEmbed icons, though none here).

The tray item and its menu are read over the bus (:class:`tests.e2e.sni.StatusNotifierReader`);
what the panel draws is read from the screen (``import``).
"""

from __future__ import annotations

import glob
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from desk_breaks.desktop.bindings.dbus import Bus, name_has_owner
from tests.e2e.desktop import Desktop, virtual_desktop
from tests.e2e.sni import WATCHER, StatusNotifierReader
from tests.helpers.bus import start_bus
from tests.helpers.tools import stop_process

PANEL_HEIGHT = 26

_PANEL_CONFIG = """\
<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-panel" version="1.0">
  <property name="configver" type="int" value="2"/>
  <property name="panels" type="array">
    <value type="int" value="1"/>
    <property name="panel-1" type="empty">
      <property name="position" type="string" value="p=6;x=0;y=0"/>
      <property name="length" type="uint" value="100"/>
      <property name="position-locked" type="bool" value="true"/>
      <property name="size" type="uint" value="{height}"/>
      <property name="icon-size" type="uint" value="16"/>
      <property name="plugin-ids" type="array">
        <value type="int" value="1"/>
      </property>
    </property>
  </property>
  <property name="plugins" type="empty">
    <property name="plugin-1" type="string" value="systray"/>
  </property>
</channel>
"""


def xfconfd() -> str | None:
    """Where Debian puts the Xfce settings daemon (not on PATH), or None."""
    found = sorted(glob.glob("/usr/lib/*/xfce4/xfconf/xfconfd")) + sorted(
        glob.glob("/usr/lib/xfce4/xfconf/xfconfd")
    )
    return found[0] if found else None


@dataclass
class SniDesktop(StatusNotifierReader, Desktop):
    """An X display whose tray is xfce4-panel's StatusNotifier host, on a bus of its own."""

    bus_address: str = ""
    _bus: Bus | None = None

    def display_env(self) -> dict[str, str]:
        """The X display through Qt's xcb plugin, and this desktop's session bus."""
        return {
            **super().display_env(),
            "DBUS_SESSION_BUS_ADDRESS": self.bus_address,
            "NO_AT_BRIDGE": "1",  # GTK (the panel): no accessibility bus on this private bus
        }

    def panel_window(self) -> str:
        """``xwininfo -tree`` of the panel: what is docked in it (XEmbed icons would be)."""
        tree = self.x("xwininfo", "-root", "-tree")
        return tree.partition('("xfce4-panel" "Xfce4-panel")  1280x')[2]

    def panel_pixels(self, width: int = 120) -> bytes:
        """The left end of the panel as raw RGB, where the status tray draws its icons."""
        return subprocess.run(
            ["import", "-window", "root", "-crop", f"{width}x{PANEL_HEIGHT}+0+0", "rgb:-"],
            env=self.env,
            capture_output=True,
            check=True,
            timeout=30,
        ).stdout


def _start_panel(desktop: SniDesktop, daemon: str) -> None:
    channel = desktop.home / "config" / "xfce4" / "xfconf" / "xfce-perchannel-xml"
    channel.mkdir(parents=True, exist_ok=True)
    (channel / "xfce4-panel.xml").write_text(_PANEL_CONFIG.format(height=PANEL_HEIGHT))
    log = desktop.home / "panel.log"
    with log.open("ab") as out:
        settings = subprocess.Popen([daemon], env=desktop.env, stdout=out, stderr=out)
        desktop.processes.append(settings)
        desktop.wait_for(
            lambda: name_has_owner(desktop.bus, "org.xfce.Xfconf"), 10, "xfconfd on the bus"
        )
        # No window manager here: the panel would wait for one for several seconds.
        panel = subprocess.Popen(
            ["xfce4-panel", "--disable-wm-check"], env=desktop.env, stdout=out, stderr=out
        )
        desktop.processes.append(panel)

    def watching() -> bool:
        if panel.poll() is not None:
            text = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"xfce4-panel exited with {panel.returncode}:\n{text}")
        return name_has_owner(desktop.bus, WATCHER)

    desktop.wait_for(watching, 20, "the panel's StatusNotifierWatcher on the session bus")


@contextmanager
def sni_desktop(home: Path) -> Iterator[SniDesktop]:
    """Start Xvfb, a bus, xfconfd and xfce4-panel; yield the desktop; stop all of them.

    Raises RuntimeError when ``xfconfd`` is not installed (the e2e conftest checks first).
    """
    daemon = xfconfd()
    if daemon is None:
        raise RuntimeError("xfconfd is not installed (Debian package xfconf)")
    with virtual_desktop(home, tray=False) as plain:
        # The same Xvfb and the same list of processes, so virtual_desktop stops the panel
        # and xfconfd (started last, stopped first) before the X server.
        desktop = SniDesktop(plain.display, plain.home, plain.processes)
        # A short folder: a socket path has 108 bytes, and pytest's tmp_path is long.
        bus_dir = Path(tempfile.mkdtemp(prefix="db-sni-"))
        bus_daemon, desktop.bus_address = start_bus(bus_dir)
        try:
            _start_panel(desktop, daemon)
            yield desktop
        finally:
            desktop.close_bus()
            for proc in reversed(desktop.processes[1:]):
                stop_process(proc)
            bus_daemon.terminate()
            bus_daemon.wait()
            if bus_daemon.stdout is not None:
                bus_daemon.stdout.close()
            shutil.rmtree(bus_dir, ignore_errors=True)
