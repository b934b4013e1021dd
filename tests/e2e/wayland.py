"""A headless Wayland session for end-to-end tests: sway, a StatusNotifier panel, the real app.

What runs, all private to one test and stopped after it:

- a D-Bus session bus of its own (:mod:`tests.helpers.bus`; nothing is auto-started);
- sway on wlroots' headless backend with the pixman renderer (no GPU, no input devices,
  no Xwayland), one 1280x800 output. sway refuses to start as root, so as root (CI) it runs
  as uid 1000 (``setpriv``) in a folder of its own, whose sockets root reaches by path;
- waybar with only its ``tray`` module: the StatusNotifierWatcher and a StatusNotifierHost,
  the D-Bus tray that Wayland panels (and KDE, and GNOME's AppIndicator extension) use;
- the app with ``QT_QPA_PLATFORM=wayland``, in a home folder of its own.

What is on screen is read with the compositor's own tools (``swaymsg -t get_tree``,
``grim``); the tray icon and its menu through D-Bus, as the panel reads them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk_breaks.desktop.bindings.dbus import Bus, name_has_owner
from tests.e2e.desktop import AppUser, _wait
from tests.e2e.sni import WATCHER, StatusNotifierReader
from tests.helpers.bus import start_bus
from tests.helpers.tools import stop_process

_SWAY_CONFIG = """\
output HEADLESS-1 resolution {width}x{height}
xwayland disable
"""
_WAYBAR_CONFIG = {
    "layer": "top",
    "position": "top",
    "height": 26,
    "modules-right": ["tray"],
    "tray": {"icon-size": 18, "spacing": 6},
}
_WAYBAR_STYLE = """\
* { font-family: "DejaVu Sans"; font-size: 12px; }
window#waybar { background: #2b303b; color: #ffffff; }
"""
_HEADLESS = {"WLR_BACKENDS": "headless", "WLR_RENDERER": "pixman", "WLR_LIBINPUT_NO_DEVICES": "1"}


@dataclass
class WaylandDesktop(StatusNotifierReader, AppUser):
    """A sway session with a StatusNotifier panel, and a home folder for one user."""

    home: Path
    runtime: Path
    bus_address: str = ""
    wayland_display: str = ""
    swaysock: str = ""
    sway_dir: Path | None = None
    """sway's own folder when it runs as another user (as root: uid 1000), else None."""
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    _bus: Bus | None = None

    @property
    def runtime_dir(self) -> Path:
        """A short folder (socket paths have 108 bytes): the compositor's, bus's, app's."""
        return self.runtime

    def display_env(self) -> dict[str, str]:
        """The Wayland display through Qt's wayland plugin, the session bus, the sway IPC."""
        env = {
            "HOME": str(self.home),
            "QT_QPA_PLATFORM": "wayland",
            "DBUS_SESSION_BUS_ADDRESS": self.bus_address,
            "NO_AT_BRIDGE": "1",  # GTK (waybar): no accessibility bus on this private bus
        }
        if self.wayland_display:
            env["WAYLAND_DISPLAY"] = self.wayland_display
        if self.swaysock:
            env["SWAYSOCK"] = self.swaysock
        return env

    # What the compositor shows

    def swaymsg(self, *args: str) -> Any:
        """Run ``swaymsg -r`` and return its JSON answer."""
        out = subprocess.run(
            ["swaymsg", "-r", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout
        return json.loads(out)

    def windows(self) -> list[dict[str, Any]]:
        """Every application window in ``swaymsg -t get_tree`` (tiled and floating)."""
        found: list[dict[str, Any]] = []

        def walk(node: dict[str, Any]) -> None:
            if node.get("type") in ("con", "floating_con") and node.get("pid"):
                found.append(node)
            for child in node.get("nodes", []) + node.get("floating_nodes", []):
                walk(child)

        walk(self.swaymsg("-t", "get_tree"))
        return found

    def window(self, title: str) -> dict[str, Any] | None:
        """The first window whose title contains ``title``, or None."""
        return next((w for w in self.windows() if title in (w.get("name") or "")), None)

    def screenshot(self, path: Path) -> Path:
        """Save the whole output as a PNG with ``grim``, for a person to look at.

        A picture is not a check: where the compositor cannot copy its output (seen in a
        chroot, as in ../shared/tools/fresh-debian: "failed to copy output HEADLESS-1"),
        the reason is written to ``<name>.txt`` beside it instead and the test goes on;
        what the test asserts comes from sway's tree and the bus, never from the picture.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["grim", str(path)], env=self.env, capture_output=True, text=True, timeout=30
        )
        if done.returncode != 0:
            path.with_suffix(".txt").write_text(
                f"grim exited with {done.returncode}: {done.stderr.strip()}\n"
            )
        return path


def _log_tail(path: Path) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-15:])
    except OSError:
        return "(no log)"


def _start_sway(desktop: WaylandDesktop, size: tuple[int, int]) -> None:
    # sway will not run as root. As root (CI) it runs as uid 1000 (setpriv, not a user
    # namespace: those are refused inside a chroot, as in ../shared/tools/fresh-debian),
    # in a folder of its own that uid 1000 owns; the root processes reach its sockets by
    # their full paths (WAYLAND_DISPLAY may be a path).
    place = desktop.runtime
    command = ["sway", "--config"]
    env = {k: v for k, v in desktop.env.items() if k not in ("WAYLAND_DISPLAY", "SWAYSOCK")}
    if os.geteuid() == 0:
        place = Path(tempfile.mkdtemp(prefix="db-sway-"))
        os.chown(place, 1000, 1000)
        desktop.sway_dir = place
        command = ["setpriv", "--reuid=1000", "--regid=1000", "--clear-groups", *command]
        env.update(HOME=str(place), XDG_RUNTIME_DIR=str(place))
    config = place / "sway.conf"
    config.write_text(_SWAY_CONFIG.format(width=size[0], height=size[1]))
    command.append(str(config))
    log = desktop.home / "sway.log"
    with log.open("wb") as out:
        sway = subprocess.Popen(
            command, env={**env, **_HEADLESS}, stdout=out, stderr=subprocess.STDOUT
        )
    desktop.processes.append(sway)

    def ready() -> bool:
        if sway.poll() is not None:
            raise RuntimeError(f"sway exited with {sway.returncode}:\n{_log_tail(log)}")
        sockets = [p for p in place.glob("wayland-*") if p.suffix != ".lock"]
        ipc = sorted(place.glob("sway-ipc.*.sock"))
        if not sockets or not ipc:
            return False
        desktop.wayland_display, desktop.swaysock = str(sockets[0]), str(ipc[0])
        return True

    _wait(ready, 15, "sway's Wayland and IPC sockets")
    outputs = desktop.swaymsg("-t", "get_outputs")
    if not any(o.get("name") == "HEADLESS-1" and o.get("active") for o in outputs):
        raise RuntimeError(f"sway has no active headless output: {outputs}")


def _start_panel(desktop: WaylandDesktop) -> None:
    config = desktop.home / "waybar.json"
    config.write_text(json.dumps(_WAYBAR_CONFIG))
    style = desktop.home / "waybar.css"
    style.write_text(_WAYBAR_STYLE)
    log = desktop.home / "waybar.log"
    with log.open("wb") as out:
        waybar = subprocess.Popen(
            ["waybar", "--config", str(config), "--style", str(style)],
            env=desktop.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    desktop.processes.append(waybar)

    def watching() -> bool:
        if waybar.poll() is not None:
            raise RuntimeError(f"waybar exited with {waybar.returncode}:\n{_log_tail(log)}")
        return name_has_owner(desktop.bus, WATCHER)

    _wait(watching, 15, "waybar's StatusNotifierWatcher on the session bus")


@contextmanager
def wayland_desktop(
    home: Path, *, size: tuple[int, int] = (1280, 800), panel: bool = True
) -> Iterator[WaylandDesktop]:
    """Start the bus, sway and waybar; yield the session; then stop everything it started.

    ``panel=False`` leaves waybar out: a Wayland session where no StatusNotifier host (and
    so no StatusNotifierWatcher) runs, as on GNOME without the AppIndicator extension.

    Callers check for ``tests.helpers.tools.WAYLAND_TOOLS`` first (the e2e conftest
    does); a compositor or panel that will not start raises RuntimeError with its log.
    """
    for sub in ("config", "data", "state", "cache"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    runtime = Path(tempfile.mkdtemp(prefix="db-wl-"))
    runtime.chmod(0o700)
    bus_daemon: subprocess.Popen[str] | None = None
    desktop = WaylandDesktop(home, runtime)
    try:
        bus_daemon, desktop.bus_address = start_bus(runtime)
        _start_sway(desktop, size)
        if panel:
            _start_panel(desktop)
        yield desktop
    finally:
        desktop.close_bus()
        for proc in reversed(desktop.processes):
            stop_process(proc)
        if bus_daemon is not None:
            stop_process(bus_daemon)
            if bus_daemon.stdout is not None:
                bus_daemon.stdout.close()
        shutil.rmtree(runtime, ignore_errors=True)
        if desktop.sway_dir is not None:
            shutil.rmtree(desktop.sway_dir, ignore_errors=True)
