"""Shared test set-up: offscreen Qt, and no test ever touches the real user folders."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
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


@pytest.fixture(autouse=True)
def _collect_qt_garbage(request: pytest.FixtureRequest) -> Iterator[None]:
    """Destroy a test's cyclic garbage when it ends, not in the middle of a later test.

    Qt objects held in reference cycles (a server and the listener whose callbacks are the
    server's methods, a socket kept by a stored traceback) are otherwise destroyed whenever
    Python's cyclic collector happens to run: possibly inside another test's event loop,
    where deleting a socket notifier or a socket made on a finished thread can crash the
    process (seen as a rare segfault in test_instance.py). The Qt-free core is left out:
    it makes no Qt objects, and it is half the tests.
    """
    yield
    if request.path.parent.name != "core":
        gc.collect()
