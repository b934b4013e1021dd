"""End-to-end fixtures: a virtual desktop per test, torn down with everything it started."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.desktop import Desktop, missing_tools, virtual_desktop

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[Desktop]:
    missing = missing_tools()
    if missing:
        pytest.fail(f"the e2e tests need {', '.join(missing)}: run packaging/bootstrap.py test")
    with virtual_desktop(tmp_path / "home") as d:
        yield d


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
