"""Packaging tests: the scripts in ``packaging/`` loaded as modules, and a virtual desktop."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.e2e.desktop import Desktop, virtual_desktop
from tests.helpers.tools import DESKTOP_TOOLS, require_tools

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load_script(name: str) -> ModuleType:
    """Import ``packaging/<name>.py`` (a script folder, not a package) under a private name."""
    module_name = f"_packaging_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def asset_files() -> set[str]:
    """Every file under ``assets/``, relative to it, with forward slashes."""
    assets = ROOT / "assets"
    return {
        p.relative_to(assets).as_posix()
        for p in assets.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[Desktop]:
    require_tools(*DESKTOP_TOOLS)
    with virtual_desktop(tmp_path / "home") as d:
        yield d
