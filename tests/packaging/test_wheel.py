"""The sdist and wheel build with ``python -m build``; the wheel works in a clean venv.

The clean venv gets the wheel with ``--no-deps`` and sees this environment's packages only
through a path entry for the dependencies, so the test needs no network: what it proves is
that the wheel itself carries the code, every asset and working entry points. (Resolving
the dependencies from PyPI is what ``bootstrap.py`` does on every CI run.)
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from desk_breaks import __version__
from tests.e2e.desktop import Desktop
from tests.packaging.conftest import ROOT, asset_files

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # sdist first, then the wheel from the unpacked sdist: a file missing from the sdist
    # breaks the wheel too.
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


@pytest.fixture(scope="module")
def venv(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(home)], check=True)
    python = home / "bin" / "python"
    (wheel,) = dist.glob("*.whl")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            str(wheel),
        ],
        check=True,
        timeout=120,
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # A plain path entry (not a site dir): the editable install's finder here stays inactive.
    Path(purelib, "_test_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return home


def clean_env(base: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in base.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


def test_the_sdist_and_wheel_carry_every_asset(dist: Path) -> None:
    (wheel,) = dist.glob(f"desk_breaks-{__version__}-py3-none-any.whl")
    (sdist,) = dist.glob(f"desk_breaks-{__version__}.tar.gz")
    in_wheel = {
        n.removeprefix("desk_breaks/assets/")
        for n in zipfile.ZipFile(wheel).namelist()
        if n.startswith("desk_breaks/assets/")
    }
    assert asset_files() <= in_wheel
    top = f"desk_breaks-{__version__}/assets/"
    with tarfile.open(sdist) as tar:
        in_sdist = {n.removeprefix(top) for n in tar.getnames() if n.startswith(top)}
    assert asset_files() <= in_sdist


def test_the_installed_package_finds_all_its_assets(venv: Path, tmp_path: Path) -> None:
    probe = (
        "import json, desk_breaks; a = desk_breaks.assets_dir(); "
        "print(json.dumps({'module': desk_breaks.__file__, 'assets': str(a), "
        "'files': sorted(p.relative_to(a).as_posix() for p in a.rglob('*') "
        "if p.is_file() and '__pycache__' not in p.parts)}))"
    )
    out = subprocess.run(
        [str(venv / "bin" / "python"), "-c", probe],
        cwd=tmp_path,
        env=clean_env(dict(os.environ)),
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(out.stdout)
    assert Path(found["module"]).is_relative_to(venv)
    assert Path(found["assets"]).is_relative_to(venv)
    assert asset_files() <= set(found["files"])


def test_the_wheel_declares_dependencies_that_are_satisfied(venv: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "check",
            "--disable-pip-version-check",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_installed_commands_start_the_app_and_talk_to_it(venv: Path, desktop: Desktop) -> None:
    env = clean_env(desktop.env)
    cli = str(venv / "bin" / "desk-breaks-cli")
    absent = subprocess.run([cli, "status"], env=env, capture_output=True, text=True, timeout=30)
    assert absent.returncode == 3 and "not running" in absent.stderr
    with (desktop.home / "app.log").open("wb") as log:
        app = subprocess.Popen(
            [str(venv / "bin" / "desk-breaks")], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    desktop.processes.append(app)
    desktop.wait_for(desktop.tray_icon_docked, 30, "the tray icon")
    status = subprocess.run(
        [cli, "status", "--json"], env=env, capture_output=True, text=True, timeout=30
    )
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["state"] == "waiting"
    assert subprocess.run([cli, "quit"], env=env, capture_output=True, timeout=30).returncode == 0
    assert app.wait(timeout=30) == 0
    assert "Traceback" not in (desktop.home / "app.log").read_text()
