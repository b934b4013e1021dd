"""Assets are found the same way from a checkout, a wheel and a frozen bundle."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest

import desk_breaks

ROOT = Path(__file__).resolve().parents[1]


def test_every_asset_file_is_covered_by_the_wheel_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["desk_breaks.assets"]
    assets = ROOT / "assets"
    missed = [
        str(path.relative_to(assets))
        for path in assets.rglob("*")
        if path.is_file()
        and not any(fnmatch.fnmatch(path.name, pattern.rpartition("/")[2]) for pattern in patterns)
    ]
    assert missed == []


def test_the_package_folder_wins_over_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site" / "desk_breaks"
    (package / "assets" / "routines").mkdir(parents=True)
    (tmp_path / "site" / "assets" / "routines").mkdir(parents=True)
    monkeypatch.setattr(desk_breaks, "__file__", str(package / "__init__.py"))
    assert desk_breaks.assets_dir() == package / "assets"


def test_a_checkout_finds_the_top_level_assets() -> None:
    assert desk_breaks.assets_dir() == ROOT / "assets"


def test_a_missing_assets_folder_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(desk_breaks, "__file__", str(tmp_path / "desk_breaks" / "__init__.py"))
    with pytest.raises(FileNotFoundError, match="cannot find its assets"):
        desk_breaks.assets_dir()
