"""Where the lock and the command socket live, per platform and sandbox."""

from __future__ import annotations

import os
from pathlib import Path

from desk_breaks.core.paths import _runtime_dir


def test_linux_uses_the_session_runtime_dir(tmp_path: Path) -> None:
    env = {"XDG_RUNTIME_DIR": str(tmp_path)}
    assert _runtime_dir(env, "linux") == tmp_path


def test_a_flatpak_uses_the_folder_its_instances_share(tmp_path: Path) -> None:
    env = {"XDG_RUNTIME_DIR": str(tmp_path), "FLATPAK_ID": "io.github.deskbreaks.DeskBreaks"}
    assert _runtime_dir(env, "linux") == tmp_path / "app" / "io.github.deskbreaks.DeskBreaks"


def test_without_a_runtime_dir_a_per_user_temp_folder(tmp_path: Path) -> None:
    uid = os.getuid()
    expected = tmp_path / f"desk-breaks-{uid}"
    assert _runtime_dir({}, "linux", str(tmp_path)) == expected
    missing = {"XDG_RUNTIME_DIR": str(tmp_path / "gone")}
    assert _runtime_dir(missing, "linux", str(tmp_path)) == expected
    assert _runtime_dir({}, "darwin", str(tmp_path)) == expected


def test_windows_uses_local_app_data(tmp_path: Path) -> None:
    env = {"LOCALAPPDATA": str(tmp_path)}
    assert _runtime_dir(env, "win32") == tmp_path / "desk-breaks"
    assert _runtime_dir({}, "win32", str(tmp_path)) == tmp_path / "desk-breaks"
