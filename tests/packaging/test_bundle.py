"""The PyInstaller bundle: built (or reused while current), started under Xvfb with a tray.

The build takes about 20 s on the CI machine; a bundle whose stamp matches the current
sources is reused. Start-up time and size are measured by ``packaging/build_bundle.py
--measure``, not asserted here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.desktop import Desktop
from tests.packaging.conftest import ROOT, asset_files, load_script

pytestmark = pytest.mark.e2e
build_bundle = load_script("build_bundle")
# QtNetwork only on Windows (named pipes); Linux talks over a plain Unix socket.
USED_QT = {"QtCore", "QtGui", "QtWidgets", "QtSvg"} | (
    {"QtNetwork"} if sys.platform == "win32" else set()
)


@pytest.fixture(scope="module")
def bundle() -> Path:
    return build_bundle.ensure()


def internal(bundle: Path) -> Path:
    return bundle / "_internal"


def test_the_bundle_docks_in_the_tray_answers_status_and_quits(
    bundle: Path, desktop: Desktop
) -> None:
    exe = str(build_bundle.executable(bundle))
    with (desktop.home / "app.log").open("wb") as log:
        app = subprocess.Popen([exe], env=desktop.env, stdout=log, stderr=subprocess.STDOUT)
    desktop.processes.append(app)
    desktop.wait_for(desktop.tray_icon_docked, 30, "the bundle's tray icon")

    # The same executable is the command line.
    status = subprocess.run(
        [exe, "status", "--json"], env=desktop.env, capture_output=True, text=True, timeout=30
    )
    assert status.returncode == 0, status.stderr
    reply = json.loads(status.stdout)
    assert (reply["ok"], reply["state"]) == (True, "waiting")

    # The window class the desktop entry's StartupWMClass promises.
    entry = (ROOT / "packaging" / "linux" / "io.github.deskbreaks.DeskBreaks.desktop").read_text()
    (wm_class,) = re.findall(r"^StartupWMClass=(.+)$", entry, flags=re.MULTILINE)
    assert desktop.tray_icon_docked(f'"{wm_class}")')

    quit_ = subprocess.run([exe, "quit"], env=desktop.env, capture_output=True, timeout=30)
    assert quit_.returncode == 0
    assert app.wait(timeout=30) == 0
    log_text = (desktop.home / "app.log").read_text()
    assert "Traceback" not in log_text
    assert "Could not load" not in log_text  # a Qt plugin trimmed that was needed


def test_the_bundle_carries_every_asset(bundle: Path) -> None:
    assets = internal(bundle) / "desk_breaks" / "assets"
    bundled = {p.relative_to(assets).as_posix() for p in assets.rglob("*") if p.is_file()}
    assert asset_files() <= bundled


def test_only_the_qt_modules_the_app_uses_are_bundled(bundle: Path) -> None:
    pyside = internal(bundle) / "PySide6"
    modules = {p.name.split(".")[0] for p in pyside.glob("Qt*.*")}
    assert modules == USED_QT
    assert not (pyside / "Qt" / "translations").exists()
    libs = {p.name.split(".")[0] for p in (pyside / "Qt" / "lib").glob("libQt6*")}
    assert not {lib for lib in libs if lib.startswith(("libQt6Quick", "libQt6Qml", "libQt6Pdf"))}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads ELF with objdump")
def test_every_bundled_binary_finds_its_qt_libraries_in_the_bundle(bundle: Path) -> None:
    root = internal(bundle)
    present = {p.name for p in root.rglob("*.so*")}
    missing = {}
    for binary in root.rglob("*.so*"):
        if binary.is_symlink():
            continue
        dump = subprocess.run(
            ["objdump", "-p", str(binary)], capture_output=True, text=True, check=True
        ).stdout
        needed = re.findall(r"^\s*NEEDED\s+(\S+)$", dump, flags=re.MULTILINE)
        absent = [
            n
            for n in needed
            if n.startswith(("libQt6", "libpyside6", "libshiboken6")) and n not in present
        ]
        if absent:
            missing[str(binary.relative_to(root))] = absent
    assert missing == {}
