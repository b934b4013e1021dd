"""Settings files under failure: every way the disk or the file can go wrong loses nothing.

The basic cases (corrupt file, newer file, refused temporary file, fsync ENOSPC) are in
test_settings.py; these fill the gaps: a failing rename or backup copy, an unreadable
file, a file with bad values, and saving over a newer version's file.
"""

from __future__ import annotations

import errno
import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from desk_breaks.core import settings_file
from desk_breaks.core.settings import SCHEMA_VERSION, Settings

NOW = datetime(2026, 3, 23, 12, 0, 0)
CHANGED = replace(Settings(), reduced_motion=True)


@pytest.fixture
def saved_twice(tmp_path: Path) -> Path:
    """A settings file saved twice, so both it and its backup exist."""
    path = tmp_path / "config" / "settings.toml"
    settings_file.save(path, Settings())
    settings_file.save(path, replace(Settings(), start_at_login=True))
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("replace", OSError(errno.ENOSPC, "No space left on device")),
        ("replace", PermissionError(errno.EACCES, "Permission denied")),
        ("copy2", OSError(errno.ENOSPC, "No space left on device")),
    ],
)
def test_a_failing_rename_or_backup_changes_nothing_on_disk(
    saved_twice: Path, monkeypatch: pytest.MonkeyPatch, target: str, error: OSError
) -> None:
    before = snapshot(saved_twice.parent)

    def fail(*args: object, **kwargs: object) -> None:
        raise error

    module = settings_file.os if target == "replace" else settings_file.shutil
    monkeypatch.setattr(module, target, fail)
    with pytest.raises(settings_file.SaveError, match=error.strerror or "") as caught:
        settings_file.save(saved_twice, CHANGED)
    assert str(saved_twice) in str(caught.value)
    assert snapshot(saved_twice.parent) == before  # no temporary file left either
    monkeypatch.undo()
    assert settings_file.load(saved_twice).settings.start_at_login is True


def test_an_unreadable_file_gives_defaults_and_is_not_treated_as_writable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.toml"
    settings_file.save(path, CHANGED)
    real_open = os.open

    # Root (as in CI) reads a 0000 file anyway, so the refusal is simulated at the open.
    def refuse(name: str | Path, flags: int, *args: int, **kwargs: object) -> int:
        if Path(name) == path:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(name, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    result = settings_file.load(path, NOW)
    assert result.settings == Settings()
    assert result.read_only
    assert result.problem is not None
    assert str(path) in result.problem and "Permission denied" in result.problem


def test_bad_values_are_reported_set_aside_and_the_file_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    text = 'theme = "neon"\n[check_ins]\ninterval_min = 2000\nstart = "9 o\'clock"\n'
    path.write_text(text)
    result = settings_file.load(path, NOW)
    assert path.read_text() == text
    assert result.set_aside is not None
    assert result.set_aside.name == "settings.toml.broken-2026-03-23-120000"
    assert result.set_aside.read_text() == text
    fields = {issue.field for issue in result.issues}
    assert fields == {"theme", "check_ins.start", "check_ins.interval_min"}
    # An out-of-range number falls back to its default, and the issue says so: the
    # schedule is never built from it (issue 11: 0 froze the app, -5 crashed it).
    assert result.settings.check_ins.interval_min == 30
    assert "check_ins.interval_min: must be from 5 to 240 minutes, not 2000; using 30" in map(
        str, result.issues
    )


def test_a_newer_file_is_never_overwritten_by_save(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    path = tmp_path / "config" / "settings.toml"
    newer = f'schema_version = {SCHEMA_VERSION + 1}\nreduced_motion = true\nfuture = "x"\n'
    path.write_text(newer)
    loaded = settings_file.load(path, NOW)
    assert loaded.read_only and loaded.set_aside is None
    with pytest.raises(settings_file.SaveError, match="newer Desk Breaks") as caught:
        settings_file.save(path, loaded.settings)
    assert str(path) in str(caught.value)
    assert path.read_text() == newer
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.toml"]


def test_a_save_over_a_corrupt_file_replaces_it_and_keeps_it_as_backup(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("preset = [\n")
    loaded = settings_file.load(path, NOW)
    assert path.read_text() == "preset = [\n"  # untouched until the user saves
    settings_file.save(path, loaded.settings)
    assert settings_file.load(path).settings == Settings()
    assert (tmp_path / "settings.toml.bak").read_text() == "preset = [\n"
    assert loaded.set_aside is not None and loaded.set_aside.read_text() == "preset = [\n"


def test_save_returns_exactly_the_bytes_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    written = settings_file.save(path, CHANGED)
    assert path.read_bytes() == written
    assert b"reduced_motion = true" in written
