"""The system programs some tests need, and what a test does when one is missing.

Xvfb, trayer, evilwm, xfce4-panel, sway, waybar, grim, dunst, dbus-daemon, libfaketime and the
validators are Debian packages that ``python3 packaging/bootstrap.py test`` installs
(``TEST_APT``). A newcomer who runs a plain ``pytest`` without them gets those tests
SKIPPED, each with the package to install. Where a broken install must never pass, they
FAIL instead: when the ``CI`` variable is set (CI services set it), or :data:`STRICT_ENV`
is (bootstrap's test command sets it). Every test and fixture that needs a program goes
through :func:`require_tools` or :func:`unavailable`, so that rule lives here only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Any, NoReturn

import pytest

STRICT_ENV = "DESK_BREAKS_REQUIRE_TOOLS"
"""Set (to anything but empty or ``0``) to make a missing program fail, as under CI."""

PACKAGES = {
    "dbus-daemon": "dbus",
    "dbus-send": "dbus",
    "Xvfb": "xvfb",
    "xdotool": "xdotool",
    "xprop": "x11-utils",
    "xwininfo": "x11-utils",
    "evilwm": "evilwm",
    "trayer": "trayer",
    "import": "imagemagick",
    "dunst": "dunst",
    "dunstctl": "dunst",
    "desktop-file-validate": "desktop-file-utils",
    "appstreamcli": "appstream",
    "faketime": "faketime",
    "sway": "sway",
    "swaymsg": "sway",
    "waybar": "waybar",
    "grim": "grim",
    "setpriv": "util-linux",
    "xfce4-panel": "xfce4-panel",
}
"""The Debian package that brings each program (all listed in bootstrap's TEST_APT)."""

DESKTOP_TOOLS = ("Xvfb", "trayer", "xwininfo", "xdotool", "import")
"""What :func:`tests.e2e.desktop.virtual_desktop` runs."""

SNI_X11_TOOLS = ("dbus-daemon", "xfce4-panel")
"""What :func:`tests.e2e.x11_sni.sni_desktop` runs besides Xvfb (and xfconfd, off PATH)."""

WAYLAND_TOOLS = ("dbus-daemon", "sway", "swaymsg", "waybar", "grim")
"""What :func:`tests.e2e.wayland.wayland_desktop` runs (and ``setpriv`` when root)."""


def strict() -> bool:
    """True when a missing program must fail the test (CI, or bootstrap's test command)."""
    return any(os.environ.get(name, "") not in ("", "0") for name in ("CI", STRICT_ENV))


def unavailable(reason: str) -> NoReturn:
    """Skip the test because of ``reason`` (something not installed); fail under CI."""
    if strict():
        pytest.fail(f"{reason} (a missing program fails under CI)", pytrace=False)
    pytest.skip(f"{reason} (python3 packaging/bootstrap.py test installs it)")


def require_tools(*tools: str) -> None:
    """Go on only if every program in ``tools`` is installed; else :func:`unavailable`."""
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        apt = " ".join(sorted({PACKAGES.get(t, t) for t in missing}))
        unavailable(f"missing {', '.join(missing)}: apt-get install {apt}")


def stop_process(proc: subprocess.Popen[Any]) -> None:
    """End a program a test started: politely, then for sure after 5 s."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
