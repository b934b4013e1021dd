"""Reading and writing ``settings.toml`` so that nothing the user wrote is ever lost.

* The file holds every value, so it documents itself; ``schema_version`` comes first.
* Saves are atomic: a temporary file in the same folder, flushed and fsynced, then
  ``os.replace``. The previous file is kept as ``settings.toml.bak``.
* A file that cannot be read or parsed is never overwritten until the user saves: the app
  runs on defaults for the bad parts, says so once, and keeps a dated copy aside.
* A file from a newer version is read as far as possible and never overwritten.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any

from desk_breaks.core.migrations import MigrationError, migrate
from desk_breaks.core.settings import SCHEMA_VERSION, Settings, SettingsIssue, from_dict, to_dict


@dataclass(frozen=True)
class LoadResult:
    """Settings read from disk, with what went wrong on the way."""

    settings: Settings
    issues: tuple[SettingsIssue, ...] = ()
    problem: str | None = None
    """A whole-file problem (unreadable, not TOML, newer version), in plain words."""
    read_only: bool = False
    """True when the file must not be overwritten (written by a newer version)."""
    set_aside: Path | None = None
    """Where a copy of a broken file was kept."""
    changed_by_migration: bool = False
    mtime_ns: int | None = field(default=None, compare=False)


def load(path: Path, now: datetime | None = None) -> LoadResult:
    """Read ``path``; never raises for bad content.

    A missing file gives the defaults. ``now`` stamps the name of a set-aside copy.
    """
    try:
        raw = path.read_bytes()
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return LoadResult(Settings())
    except OSError as exc:
        return LoadResult(
            Settings(),
            problem=f"{path} cannot be read ({exc.strerror}); using the default settings.",
            read_only=True,
        )
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        aside = _set_aside(path, now)
        return LoadResult(
            Settings(),
            problem=(
                f"{path} is not valid TOML ({exc}); using the default settings. "
                f"A copy of the file was kept as {aside.name}."
                if aside
                else f"{path} is not valid TOML ({exc}); using the default settings."
            ),
            set_aside=aside,
            mtime_ns=mtime,
        )
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        version = 1
    if version > SCHEMA_VERSION:
        settings, issues = from_dict(data)
        # Fields only the newer version knows are expected here; they are not errors.
        issues = [i for i in issues if "is not a setting" not in i.message]
        return LoadResult(
            settings,
            tuple(issues),
            problem=(
                f"{path} was written by a newer Desk Breaks (settings version {version}). "
                "It was read as far as possible and will not be overwritten."
            ),
            read_only=True,
            mtime_ns=mtime,
        )
    try:
        migrated = migrate(data, version)
    except MigrationError as exc:
        aside = _set_aside(path, now)
        return LoadResult(
            Settings(), problem=f"{path}: {exc}; using the defaults.", set_aside=aside
        )
    settings, issues = from_dict(migrated)
    aside = _set_aside(path, now) if issues else None
    return LoadResult(
        settings,
        tuple(issues),
        set_aside=aside,
        changed_by_migration=version < SCHEMA_VERSION,
        mtime_ns=mtime,
    )


def _set_aside(path: Path, now: datetime | None) -> Path | None:
    """Copy ``path`` to a dated name beside it; return the copy, or None if that failed.

    A copy with the same content is reused; a different file broken in the same second
    gets its own numbered name, so no broken version is ever dropped.
    """
    stamp = (now or datetime.now()).strftime("%Y-%m-%d-%H%M%S")
    try:
        content = path.read_bytes()
        for number in range(1, 1000):
            suffix = "" if number == 1 else f"-{number}"
            target = path.with_name(f"{path.name}.broken-{stamp}{suffix}")
            if not target.exists():
                shutil.copy2(path, target)
                return target
            if target.read_bytes() == content:
                return target
    except OSError:
        return None
    return None


class SaveError(Exception):
    """Saving failed; the message says why, and the file on disk is unchanged."""


def save(path: Path, settings: Settings) -> bytes:
    """Write ``settings`` atomically, keeping the previous file as a backup.

    Returns the bytes written, so a caller watching the file can tell its own save from a
    hand edit. Raises :class:`SaveError` when the disk refuses, and when the file on disk
    was written by a newer Desk Breaks (that file is never overwritten).
    """
    data = dumps(to_dict(settings)).encode("utf-8")
    newer = _newer_version_on_disk(path)
    if newer is not None:
        raise SaveError(
            f"{path} was written by a newer Desk Breaks (settings version {newer}), so it "
            "was not overwritten. Your changes apply until Desk Breaks quits."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise SaveError(f"Could not save the settings in {path.parent}: {exc.strerror}.") from exc
    temp = Path(temp_name)
    # The backup is prepared under a temporary name too and only takes the place of the
    # old backup once the new file is in place, so a failed save keeps the old backup.
    backup_temp = temp.with_name(temp.name + ".bak")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        has_previous = path.exists()
        if has_previous:
            shutil.copy2(path, backup_temp)
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        backup_temp.unlink(missing_ok=True)
        raise SaveError(f"Could not save the settings to {path}: {exc.strerror}.") from exc
    try:
        if has_previous:
            os.replace(backup_temp, path.with_name(path.name + ".bak"))
        _fsync_dir(path.parent)
    except OSError:
        # The settings are saved; only the backup (or the folder's fsync) failed.
        backup_temp.unlink(missing_ok=True)
    return data


def _newer_version_on_disk(path: Path) -> int | None:
    """Return the schema version of the file at ``path`` if it is newer than this build's."""
    try:
        version = tomllib.loads(path.read_bytes().decode("utf-8")).get("schema_version")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        # Missing, unreadable or broken: the user chose to save, and load() kept a copy.
        return None
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        return version
    return None


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open folders this way.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------------------
# A small TOML writer for the shapes settings use (the standard library only reads TOML).

_HEADER = (
    "# Desk Breaks settings. Every value is written out, so this file documents itself.\n"
    "# You may edit it while the app runs; changes are checked and applied on save.\n"
    "# Times are HH:MM (seconds allowed: HH:MM:SS); weekdays are mon, tue, ... sun.\n\n"
)


def dumps(data: Mapping[str, Any]) -> str:
    """Return ``data`` as TOML: scalars first, then tables, then arrays of tables."""
    lines: list[str] = []
    _write_table(lines, data, prefix="")
    return _HEADER + "\n".join(lines).strip() + "\n"


def _write_table(lines: list[str], table: Mapping[str, Any], prefix: str) -> None:
    scalars = {k: v for k, v in table.items() if not _is_table(v) and not _is_table_list(v)}
    tables = {k: v for k, v in table.items() if _is_table(v)}
    table_lists = {k: v for k, v in table.items() if _is_table_list(v)}
    for key, value in scalars.items():
        lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in tables.items():
        name = f"{prefix}{_key(key)}"
        lines.extend(["", f"[{name}]"])
        _write_table(lines, value, prefix=f"{name}.")
    for key, items in table_lists.items():
        name = f"{prefix}{_key(key)}"
        for item in items:
            lines.extend(["", f"[[{name}]]"])
            _write_table(lines, item, prefix=f"{name}.")


def _is_table(value: Any) -> bool:
    return isinstance(value, Mapping)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _key(key: str) -> str:
    if key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key):
        return key
    return _string(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, time):
        # A quoted "HH:MM": TOML 1.0 (what Python reads) has no time without seconds.
        return _string(value.strftime("%H:%M:%S" if value.second else "%H:%M"))
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _string(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\r", "\\r")
    )
    # TOML forbids raw control characters, DEL included, inside basic strings.
    escaped = "".join(c if " " <= c != "\x7f" else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'
