"""The settings watcher on real files: hand edits are noticed once, the app's own saves never."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk_breaks.core import settings_file
from desk_breaks.core.settings import Settings
from desk_breaks.ui.settings_watcher import SettingsWatcher


@pytest.fixture
def path(tmp_path: Path) -> Path:
    folder = tmp_path / "config"
    folder.mkdir()
    target = folder / "settings.toml"
    settings_file.save(target, Settings())
    return target


@pytest.fixture
def watcher(path: Path, qtbot: QtBot) -> Iterator[SettingsWatcher]:
    w = SettingsWatcher(path, debounce_ms=50)
    yield w
    w.stop()


class Changes:
    def __init__(self, watcher: SettingsWatcher) -> None:
        self.count = 0
        watcher.changed.connect(self.bump)

    def bump(self) -> None:
        self.count += 1


def edit_atomically(path: Path, text: str) -> None:
    """Save like most editors do: a new file renamed over the old one."""
    temp = path.with_name(".settings.toml.swp")
    temp.write_text(text)
    os.replace(temp, path)


def test_an_in_place_edit_is_reported_once(
    path: Path, watcher: SettingsWatcher, qtbot: QtBot
) -> None:
    changes = Changes(watcher)
    with qtbot.waitSignal(watcher.checked) as seen:
        path.write_text(path.read_text().replace("reduced_motion = false", "reduced_motion = true"))
    assert seen.args == [True]
    assert changes.count == 1
    assert settings_file.load(path).settings.reduced_motion is True


def test_renames_over_the_file_are_followed_edit_after_edit(
    path: Path, watcher: SettingsWatcher, qtbot: QtBot
) -> None:
    changes = Changes(watcher)
    for n, theme in enumerate(("dark", "light", "dark"), start=1):
        with qtbot.waitSignal(watcher.checked) as seen:
            edit_atomically(path, f'theme = "{theme}"\n')
        assert seen.args == [True]
        assert changes.count == n


def test_a_burst_of_writes_is_one_change(
    path: Path, watcher: SettingsWatcher, qtbot: QtBot
) -> None:
    changes = Changes(watcher)
    with qtbot.waitSignal(watcher.checked):
        for minutes in range(5, 10):
            path.write_text(f"idle_threshold_min = {minutes}\n")
    assert changes.count == 1


def test_the_apps_own_save_is_not_reported(
    path: Path, watcher: SettingsWatcher, qtbot: QtBot
) -> None:
    changes = Changes(watcher)
    with qtbot.waitSignal(watcher.checked) as seen:
        written = settings_file.save(path, replace(Settings(), start_at_login=True))
        watcher.note_saved(written)
    assert seen.args == [False]
    # A hand edit right after is still noticed.
    with qtbot.waitSignal(watcher.checked) as seen:
        edit_atomically(path, 'theme = "dark"\n')
    assert seen.args == [True]
    assert changes.count == 1


def test_rewriting_the_same_bytes_is_not_a_change(
    path: Path, watcher: SettingsWatcher, qtbot: QtBot
) -> None:
    changes = Changes(watcher)
    with qtbot.waitSignal(watcher.checked) as seen:
        path.write_bytes(path.read_bytes())
    assert seen.args == [False]
    assert changes.count == 0


def test_a_deleted_file_is_reported_when_it_comes_back(
    path: Path, watcher: SettingsWatcher, qtbot: QtBot
) -> None:
    changes = Changes(watcher)
    with qtbot.waitSignal(watcher.checked) as seen:
        path.unlink()
    assert seen.args == [False]
    with qtbot.waitSignal(watcher.checked) as seen:
        path.write_text('theme = "light"\n')
    assert seen.args == [True]
    assert changes.count == 1


@pytest.mark.parametrize("kind", ["fifo", "link-to-dev-zero"])
def test_an_odd_file_at_the_path_counts_as_none_and_never_blocks(
    tmp_path: Path, qtbot: QtBot, kind: str
) -> None:
    # Issue 11: the watcher read the file with read_bytes(), which waits forever on a named
    # pipe and reads /dev/zero until memory runs out, at start and on every change.
    path = tmp_path / "config" / "settings.toml"
    path.parent.mkdir()
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    watcher = SettingsWatcher(path, debounce_ms=50)
    try:
        changes = Changes(watcher)
        with qtbot.waitSignal(watcher.checked) as seen:
            (path.parent / "other.txt").write_text("a change in the folder")
        assert seen.args == [False]  # looked at the odd file, and it is no file
        path.unlink()
        settings_file.save(path, Settings())  # a real file takes its place
        qtbot.waitUntil(lambda: changes.count == 1)
    finally:
        watcher.stop()
