"""Shared test set-up: offscreen Qt, and no test ever touches the real user folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Widget tests run without a screen; the e2e tests start their own Xvfb and override this
# in the child process's environment.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every platformdirs location at a temporary folder."""
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_RUNTIME_DIR", "runtime"),
    ):
        folder = tmp_path / "xdg" / sub
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)
        monkeypatch.setenv(var, str(folder))
