"""A virtual desktop for end-to-end tests and benchmarks: Xvfb, a tray host, the real app.

Used by ``tests/e2e`` and ``bench/``; both drive the app only as a user could, through
its command line, its files and the X server.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers.tools import stop_process


class DesktopUnavailable(RuntimeError):
    """Xvfb or the tray host is not installed."""


def _wait(predicate: Callable[[], bool], timeout_s: float, what: str, step_s: float = 0.05) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(step_s)
    raise TimeoutError(f"timed out after {timeout_s} s waiting for {what}")


class AppUser:
    """One user of the real app in a home folder of their own, on some display.

    The display-independent half of :class:`Desktop` (X11) and
    :class:`tests.e2e.wayland.WaylandDesktop`: the app's folders, starting it, its command
    line. A subclass says which display through :meth:`display_env`.
    """

    home: Path
    processes: list[subprocess.Popen[bytes]]

    @property
    def runtime_dir(self) -> Path:
        """XDG_RUNTIME_DIR: the app's socket and lock live here."""
        return self.home / "runtime"

    def display_env(self) -> dict[str, str]:
        """The variables that point the app at this display (DISPLAY, WAYLAND_DISPLAY, ...)."""
        raise NotImplementedError

    @property
    def env(self) -> dict[str, str]:
        """The environment the app and its command line run in."""
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("XDG_", "QT_", "WAYLAND")) and k != "DISPLAY"
        }
        env.update(
            XDG_CONFIG_HOME=str(self.home / "config"),
            XDG_DATA_HOME=str(self.home / "data"),
            XDG_STATE_HOME=str(self.home / "state"),
            XDG_CACHE_HOME=str(self.home / "cache"),
            XDG_RUNTIME_DIR=str(self.runtime_dir),
            PYTHONDONTWRITEBYTECODE="1",
        )
        env.update(self.display_env())
        return env

    @property
    def config_dir(self) -> Path:
        """The app's config folder (settings.toml)."""
        return self.home / "config" / "desk-breaks"

    @property
    def data_dir(self) -> Path:
        """The app's data folder (history, the user's routines)."""
        return self.home / "data" / "desk-breaks"

    def met_the_welcome(self) -> None:
        """Make this a person who already skipped the safety check: no welcome at start.

        For tests about something else; the welcome window is active when it opens, and
        would be the window a desktop check looks at.
        """
        from datetime import UTC, datetime

        from desk_breaks.core.coach_store import CoachStore
        from desk_breaks.core.coach_types import Screening
        from desk_breaks.core.history import History

        self.data_dir.mkdir(parents=True, exist_ok=True)
        history = History(self.data_dir / "history.sqlite3")
        CoachStore(history).add(Screening(datetime.now(UTC), None))
        history.close()

    def start_app(self, *args: str) -> subprocess.Popen[bytes]:
        """Start ``python -m desk_breaks`` (the real app) on this desktop."""
        with (self.home / "app.log").open("ab") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "desk_breaks", *args],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.processes.append(proc)
        return proc

    def cli(self, *args: str, timeout_s: float = 20) -> subprocess.CompletedProcess[str]:
        """Run a ``desk-breaks`` subcommand as the user would."""
        return subprocess.run(
            [sys.executable, "-m", "desk_breaks", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout_s,
        )

    def status(self) -> dict[str, object]:
        """Return ``desk-breaks status --json`` parsed (empty when the app does not answer)."""
        result = self.cli("status", "--json")
        if result.returncode != 0:
            return {}
        data: dict[str, object] = json.loads(result.stdout)
        return data

    def wait_for(
        self, predicate: Callable[[], bool], timeout_s: float, what: str, step_s: float = 0.1
    ) -> None:
        """Poll ``predicate`` every ``step_s`` until it holds."""
        _wait(predicate, timeout_s, what, step_s=step_s)

    def wait_for_completed_session(self, timeout_s: float = 40) -> dict[str, object]:
        """Wait until the history's last session is a completed one; return the status."""

        def recorded() -> bool:
            last = self.status().get("last")
            return isinstance(last, dict) and last.get("outcome") == "completed"

        self.wait_for(recorded, timeout_s, "the completed session in the history")
        return self.status()


@dataclass
class Desktop(AppUser):
    """An X display with a tray host, and a home folder for one user of the app."""

    display: str
    home: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def display_env(self) -> dict[str, str]:
        """The X display, through Qt's xcb plugin."""
        return {"DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb"}

    def x(self, *args: str) -> str:
        """Run an X client (xwininfo, xdotool, ...) on this display and return its output."""
        return subprocess.run(
            list(args), env=self.env, capture_output=True, text=True, check=False, timeout=20
        ).stdout

    def tray_icon_docked(self, marker: str = '"desk-breaks")') -> bool:
        """Whether a tray icon whose window class ends in ``marker`` sits in the panel."""
        tree = self.x("xwininfo", "-root", "-tree")
        panel = tree.partition('"panel": ("panel" "trayer")')[2]
        return marker in panel

    def window_ids(self, name: str) -> list[str]:
        """Visible top-level windows whose title contains ``name``."""
        out = self.x("xdotool", "search", "--onlyvisible", "--name", name)
        return [line for line in out.split() if line.strip()]

    def start_window_manager(self) -> None:
        """Run evilwm, a tiny EWMH window manager (active window, full-screen state)."""
        wm = subprocess.Popen(
            # evilwm's default font is the "variable" alias, which only the 75/100 dpi font
            # packages define; "fixed" comes with xfonts-base, which bootstrap installs.
            ["evilwm", "-display", self.display, "-fn", "fixed"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(wm)
        # evilwm announces itself with _NET_SUPPORTING_WM_CHECK on the root window.
        self.wait_for(
            lambda: "window id" in self.x("xprop", "-root", "_NET_SUPPORTING_WM_CHECK"),
            10,
            "evilwm to manage the screen",
        )

    def screenshot(self, path: Path) -> Path:
        """Save the whole screen as a PNG (ImageMagick's ``import``)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["import", "-window", "root", str(path)], env=self.env, check=True, timeout=30
        )
        return path


def missing_tools() -> list[str]:
    """The programs a virtual desktop needs that are not installed."""
    return [t for t in ("Xvfb", "trayer", "xwininfo", "xdotool", "import") if not shutil.which(t)]


@contextmanager
def virtual_desktop(
    home: Path, *, tray: bool = True, size: str = "1280x800x24"
) -> Iterator[Desktop]:
    """Start Xvfb (and trayer), yield the desktop, then stop everything it started."""
    missing = missing_tools()
    if missing:
        raise DesktopUnavailable(f"missing: {', '.join(missing)}")
    for sub in ("config", "data", "state", "cache", "runtime"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    (home / "runtime").chmod(0o700)
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", size, "-noreset", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    desktop = Desktop(f":{number}", home, [xvfb])
    try:
        if tray:
            trayer = subprocess.Popen(
                [
                    "trayer",
                    "--edge",
                    "top",
                    "--align",
                    "right",
                    "--widthtype",
                    "request",
                    "--height",
                    "24",
                    "--SetDockType",
                    "true",
                    "--expand",
                    "true",
                ],
                env=desktop.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            desktop.processes.append(trayer)
            _wait(lambda: '"panel"' in desktop.x("xwininfo", "-root", "-tree"), 10, "trayer")
        yield desktop
    finally:
        for proc in reversed(desktop.processes):
            stop_process(proc)
