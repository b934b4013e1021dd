#!/usr/bin/env python3
"""Build the PyInstaller bundle of Desk Breaks, and measure it.

    python packaging/build_bundle.py                 # build packaging/dist/desk-breaks/
    python packaging/build_bundle.py --if-stale      # only when its inputs changed
    python packaging/build_bundle.py --with-sound    # also bundle QtMultimedia (needs [sound])
    python packaging/build_bundle.py --measure       # then print its size and time to tray

Run it with the interpreter of an environment that has the app's dependencies and
PyInstaller (``.venv/bin/python`` after ``bootstrap.py test``). The bundle is one folder,
``packaging/dist/desk-breaks/``, with the executable ``desk-breaks`` (``desk-breaks.exe`` and
``desk-breaks-cli.exe`` on Windows; ``Desk Breaks.app`` on macOS besides). A stamp file next
to it records a digest of everything the build read, so ``--if-stale`` (and the tests) can
reuse a bundle that is still current.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "desk-breaks.spec"
DIST = HERE / "dist"
WORK = HERE / "build"
BUNDLE = DIST / "desk-breaks"
STAMP = DIST / "desk-breaks.stamp"
INPUTS = ("desk_breaks", "assets")
PACKAGING_INPUTS = (
    "desk-breaks.spec",
    "bundle_entry.py",
    "windows/desk-breaks.ico",
    "macos/desk-breaks.icns",
)


def executable(bundle: Path = BUNDLE) -> Path:
    """The bundle's executable (the app, and its command line on Linux and macOS)."""
    return bundle / ("desk-breaks.exe" if sys.platform == "win32" else "desk-breaks")


def cli_executable(bundle: Path = BUNDLE) -> Path:
    """The executable to run subcommands with (a console one on Windows)."""
    return bundle / "desk-breaks-cli.exe" if sys.platform == "win32" else executable(bundle)


def _files(paths: Iterable[Path]) -> Iterable[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts
            )
        elif path.is_file():
            yield path


def digest(with_sound: bool = False) -> str:
    """A digest of every input of the build: sources, assets, spec, tool versions."""
    h = hashlib.sha256()
    versions = [
        f"{name}={importlib.metadata.version(name)}"
        for name in ("pyinstaller", "PySide6-Essentials")
    ]
    h.update(f"{sys.version}|{platform.platform()}|{versions}|sound={with_sound}".encode())
    inputs = [ROOT / name for name in INPUTS] + [HERE / name for name in PACKAGING_INPUTS]
    for path in _files(inputs):
        h.update(str(path.relative_to(ROOT)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def is_fresh(with_sound: bool = False) -> bool:
    """Whether the last build is complete and made from the current inputs."""
    return (
        executable().is_file()
        and STAMP.is_file()
        and STAMP.read_text().strip() == digest(with_sound)
    )


def build(with_sound: bool = False) -> Path:
    """Run PyInstaller on the spec; return the bundle folder."""
    STAMP.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        str(SPEC),
    ]
    if with_sound:
        command += ["--", "--with-sound"]
    subprocess.run(command, cwd=ROOT, check=True)
    if not executable().is_file():
        raise RuntimeError(f"PyInstaller finished but {executable()} is missing")
    STAMP.write_text(digest(with_sound) + "\n")
    return BUNDLE


@contextmanager
def _build_lock() -> Iterator[None]:
    # Two test runs at once (a developer's and the lead's) must not build into one folder.
    DIST.mkdir(parents=True, exist_ok=True)
    with (DIST / ".build.lock").open("w") as handle:
        try:
            import fcntl
        except ImportError:  # Windows: builds there are run by hand, one at a time
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure(with_sound: bool = False) -> Path:
    """The bundle folder, built first if missing or stale."""
    with _build_lock():
        return BUNDLE if is_fresh(with_sound) else build(with_sound)


def size_bytes(folder: Path) -> int:
    """Bytes on disk of the files in ``folder`` (as ``du --apparent-size`` counts them)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_dir())


def compressed_bytes(folder: Path) -> int:
    """Size of the folder as a .tar.gz (about what a download would weigh)."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "bundle.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(folder, arcname=folder.name)
        return archive.stat().st_size


def time_to_tray(runs: int) -> list[float]:
    """Seconds from starting the bundle to its tray icon docked, under Xvfb with trayer."""
    sys.path.insert(0, str(ROOT))
    from tests.e2e.desktop import virtual_desktop

    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp, virtual_desktop(Path(tmp) / "home") as desk:
            started = time.monotonic()
            app = subprocess.Popen(
                [str(executable())],
                env=desk.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
            )
            desk.processes.append(app)
            desk.wait_for(desk.tray_icon_docked, 30, "the tray icon", step_s=0.01)
            times.append(time.monotonic() - started)
            subprocess.run(
                [str(cli_executable()), "quit"], env=desk.env, capture_output=True, timeout=20
            )
            app.wait(timeout=20)
    return times


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the bundle and optionally measure it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--if-stale", action="store_true", help="reuse a current build")
    parser.add_argument("--with-sound", action="store_true", help="bundle QtMultimedia")
    parser.add_argument("--measure", action="store_true", help="print size and start time")
    parser.add_argument("--runs", type=int, default=5, help="start-up runs for --measure")
    args = parser.parse_args(argv)
    if shutil.which("objdump") is None and sys.platform.startswith("linux"):
        print("PyInstaller needs objdump: apt-get install binutils", file=sys.stderr)
        return 1
    started = time.monotonic()
    if args.if_stale and is_fresh(args.with_sound):
        print(f"{BUNDLE.relative_to(ROOT)} is current")
    else:
        with _build_lock():
            build(args.with_sound)
        print(f"built {BUNDLE.relative_to(ROOT)} in {time.monotonic() - started:.1f} s")
    if args.measure:
        mib = 1024 * 1024
        print(f"size on disk: {size_bytes(BUNDLE) / mib:.1f} MiB")
        print(f"as .tar.gz:   {compressed_bytes(BUNDLE) / mib:.1f} MiB")
        if sys.platform.startswith("linux"):  # the tray check needs Xvfb and trayer
            times = time_to_tray(args.runs)
            print(
                f"start to tray icon: median {statistics.median(times):.2f} s, "
                f"min {min(times):.2f} s, max {max(times):.2f} s over {len(times)} runs"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
