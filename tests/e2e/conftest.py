"""End-to-end fixtures: a virtual desktop per test, torn down with everything it started."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.desktop import Desktop, virtual_desktop
from tests.helpers.tools import DESKTOP_TOOLS, require_tools

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(autouse=True)
def _needs_a_desktop() -> None:
    """Every e2e test runs under Xvfb: skip (fail under CI) without its programs."""
    require_tools(*DESKTOP_TOOLS)


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[Desktop]:
    with virtual_desktop(tmp_path / "home") as d:
        yield d


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
