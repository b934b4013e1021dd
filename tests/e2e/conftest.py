"""End-to-end fixtures: a virtual desktop per test, torn down with everything it started."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e import x11_sni
from tests.e2e.desktop import Desktop, virtual_desktop
from tests.e2e.wayland import WaylandDesktop, wayland_desktop
from tests.e2e.x11_sni import SniDesktop
from tests.helpers.tools import (
    DESKTOP_TOOLS,
    SNI_X11_TOOLS,
    WAYLAND_TOOLS,
    require_tools,
    unavailable,
)

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


@pytest.fixture(autouse=True)
def _needs_a_desktop(request: pytest.FixtureRequest) -> None:
    """Every e2e test runs under Xvfb (with trayer, or xfce4-panel with ``sni_desktop``), or
    under sway with ``wayland``: skip (fail under CI) without the programs."""
    if "wayland" in request.fixturenames or "wayland_no_tray" in request.fixturenames:
        # sway refuses to run as root; as root it runs as uid 1000 (setpriv).
        require_tools(*WAYLAND_TOOLS, *(["setpriv"] if os.geteuid() == 0 else []))
    elif "sni_desktop" in request.fixturenames:
        require_tools(*DESKTOP_TOOLS, *SNI_X11_TOOLS)
        if x11_sni.xfconfd() is None:
            unavailable("missing xfconfd: apt-get install xfconf")
    else:
        require_tools(*DESKTOP_TOOLS)


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[Desktop]:
    with virtual_desktop(tmp_path / "home") as d:
        yield d


@pytest.fixture
def sni_desktop(tmp_path: Path) -> Iterator[SniDesktop]:
    """Xvfb with a StatusNotifier panel (xfce4-panel's status tray) on a private bus."""
    with x11_sni.sni_desktop(tmp_path / "home") as d:
        yield d


@pytest.fixture
def wayland(tmp_path: Path) -> Iterator[WaylandDesktop]:
    """A headless sway session with a StatusNotifier panel (waybar) on a private bus."""
    with wayland_desktop(tmp_path / "home") as session:
        yield session


@pytest.fixture
def wayland_no_tray(tmp_path: Path) -> Iterator[WaylandDesktop]:
    """A headless sway session with no StatusNotifier host (no panel, no watcher)."""
    with wayland_desktop(tmp_path / "home", panel=False) as session:
        yield session


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
