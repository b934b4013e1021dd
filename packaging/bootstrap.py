#!/usr/bin/env python3
"""Set up Desk Breaks from a fresh clone, then start it or test it.

    python3 packaging/bootstrap.py run    # install what is missing, start the app
    python3 packaging/bootstrap.py test   # install what is missing, run every check

Needs only python3 and git. On Debian and Ubuntu it installs the system libraries Qt needs
(and, for ``test``, a virtual X screen, a headless Wayland compositor, tray hosts and
screenshot tools) with apt-get when
run as root; otherwise it stops and prints the exact apt-get line to run. Python packages
go into ``.venv`` in the clone, reinstalled only when ``pyproject.toml`` changes.
Standard library only: this runs before anything else is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"

# What Qt's xcb platform plugin and its fonts need on a minimal Debian or Ubuntu.
RUNTIME_APT = [
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libdbus-1-3",
    "libglib2.0-0",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xinerama0",
    "libxcb-randr0",
    "libxcb-xkb1",
    "libxss1",
    "libxext6",  # X SYNC: the idle alarm that tells of a return without polling
    "fonts-dejavu-core",
]
# The test suite's virtual desktop: a screen, a tray host, input and screenshots.
TEST_APT = [
    "xvfb",
    "trayer",
    "xdotool",
    "x11-utils",
    "imagemagick",
    "dbus",
    "evilwm",
    # evilwm draws its frames with an X core font and exits without one on a minimal system.
    "xfonts-base",
    # Notifications against a real daemon; the autostart file checked by the validator.
    "dunst",
    "desktop-file-utils",
    # QtMultimedia (the [sound] extra) links against libpulse.so.0; the sound tests need it.
    "libpulse0",
    # The reliability suite starts the app with its clock inside a DST change (libfaketime).
    "faketime",
    # Packaging tests: PyInstaller reads binaries with objdump; the metainfo validator.
    "binutils",
    "appstream",
    # The Wayland end-to-end test: sway headless (it needs no GPU: the pixman renderer), waybar
    # as the StatusNotifier tray, grim for screenshots; Qt's wayland plugin loads these.
    "sway",
    "waybar",
    "grim",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
    # The X11 end-to-end test with a StatusNotifier tray: xfce4-panel's status tray plugin is
    # the host and runs the watcher; xfconf (a dependency) keeps the panel's settings.
    "xfce4-panel",
]


def say(message: str) -> None:
    """Print a progress line that stands out from the tools' own output."""
    print(f"==> {message}", flush=True)


def installed(package: str) -> bool:
    """Whether a Debian package (or its 64-bit-time twin on newer Ubuntu) is installed."""
    for name in (package, f"{package}t64"):
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode == 0 and "install ok installed" in result.stdout:
            return True
    return False


def venv_package() -> list[str]:
    """Debian's python3 lacks ensurepip (and so venv) until python3-venv is installed."""
    try:
        import ensurepip  # noqa: F401
    except ImportError:
        return [f"python3.{sys.version_info.minor}-venv", "python3-venv"]
    return []


def system_python_packages() -> list[str]:
    """Debian's own python3 keeps libpython in a package of its own, which PyInstaller needs.

    A python built elsewhere (pyenv, a tool cache) carries its shared library with it.
    """
    if sys.base_prefix == "/usr" and sys.platform.startswith("linux"):
        return [f"libpython3.{sys.version_info.minor}"]
    return []


def ensure_apt(packages: list[str]) -> None:
    """Install the missing Debian packages, or say exactly how to."""
    if shutil.which("dpkg-query") is None:
        say("not a Debian or Ubuntu system: make sure Qt 6's xcb libraries are installed")
        return
    missing = [p for p in packages if not installed(p)]
    venv = venv_package()
    if venv and not any(installed(p) for p in venv):
        missing.append(venv[0] if _apt_knows(venv[0]) else venv[1])
    if not missing:
        return
    line = "apt-get install -y --no-install-recommends " + " ".join(missing)
    if os.geteuid() != 0:
        print(
            "Desk Breaks needs these system packages first. Run:\n\n"
            f"    sudo apt-get update && sudo {line}\n\n"
            "then run this command again.",
            file=sys.stderr,
        )
        sys.exit(1)
    say(f"installing system packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(line.split(), check=True, env=env)


def _apt_knows(package: str) -> bool:
    result = subprocess.run(
        ["apt-cache", "show", package], capture_output=True, text=True, check=False
    )
    return result.returncode == 0 and bool(result.stdout.strip())


def venv_python() -> Path:
    """The virtual environment's interpreter."""
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv(extras: str) -> Path:
    """Create ``.venv`` and install the project into it when needed."""
    python = venv_python()
    if not python.exists():
        say("creating .venv")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = VENV / f".installed-{extras or 'app'}-{digest}"
    if not stamp.exists():
        say("installing Python packages into .venv (first time: a few minutes)")
        target = f"{ROOT}[{extras}]" if extras else str(ROOT)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--editable",
                target,
            ],
            check=True,
        )
        for old in VENV.glob(f".installed-{extras or 'app'}-*"):
            old.unlink()
        stamp.touch()
    return python


def run_app() -> int:
    """Install what is missing and start the tray app."""
    ensure_apt(RUNTIME_APT)
    python = ensure_venv("")
    if not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ) and sys.platform.startswith("linux"):
        print(
            "Desk Breaks is a desktop app and needs a graphical session "
            "(no DISPLAY or WAYLAND_DISPLAY is set).",
            file=sys.stderr,
        )
        return 1
    say("starting Desk Breaks (it lives in the system tray)")
    return subprocess.run([str(python), "-m", "desk_breaks"], check=False).returncode


def run_tests() -> int:
    """Install what is missing and run lint, format check, types and the test suite."""
    ensure_apt(RUNTIME_APT + TEST_APT + system_python_packages())
    # The sound extra too, so the real QtMultimedia path of the sound tests runs.
    python = ensure_venv("test,sound")
    # DESK_BREAKS_REQUIRE_TOOLS: a test program that is still missing fails (a plain pytest
    # run skips it), so a broken install is never green (tests/helpers/tools.py).
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "DESK_BREAKS_REQUIRE_TOOLS": "1"}
    checks = [
        ("ruff lint", [str(python), "-m", "ruff", "check", "."]),
        ("ruff format", [str(python), "-m", "ruff", "format", "--check", "."]),
        ("mypy", [str(python), "-m", "mypy"]),
    ]
    failed = []
    for name, command in checks:
        say(name)
        if subprocess.run(command, cwd=ROOT, env=env, check=False).returncode != 0:
            failed.append(name)
    if failed:
        say(f"failed: {', '.join(failed)}")
    say("pytest")
    tests = subprocess.run([str(python), "-m", "pytest"], cwd=ROOT, env=env, check=False)
    return 1 if failed or tests.returncode != 0 else 0


def main() -> int:
    """Dispatch ``run`` or ``test``."""
    if len(sys.argv) != 2 or sys.argv[1] not in ("run", "test"):
        print(__doc__, file=sys.stderr)
        return 2
    return run_app() if sys.argv[1] == "run" else run_tests()


if __name__ == "__main__":
    sys.exit(main())
