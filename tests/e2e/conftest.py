"""End-to-end fixtures: a virtual desktop per test, torn down with everything it started."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.desktop import Desktop, virtual_desktop
from tests.e2e.wayland import WaylandDesktop, wayland_desktop
from tests.helpers.tools import DESKTOP_TOOLS, WAYLAND_TOOLS, require_tools

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(autouse=True)
def _needs_a_desktop(request: pytest.FixtureRequest) -> None:
    """Every e2e test runs under Xvfb, or under sway with ``wayland``: skip (fail under CI)
    without the programs."""
    if "wayland" in request.fixturenames:
        # sway refuses to run as root; as root it runs as uid 1000 (setpriv).
        require_tools(*WAYLAND_TOOLS, *(["setpriv"] if os.geteuid() == 0 else []))
    else:
        require_tools(*DESKTOP_TOOLS)


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[Desktop]:
    with virtual_desktop(tmp_path / "home") as d:
        yield d


@pytest.fixture
def wayland(tmp_path: Path) -> Iterator[WaylandDesktop]:
    """A headless sway session with a StatusNotifier panel (waybar) on a private bus."""
    with wayland_desktop(tmp_path / "home") as session:
        yield session


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
