"""Reading and writing ``settings.toml`` so that nothing the user wrote is ever lost.

* The file holds every value, so it documents itself; ``schema_version`` comes first.
* Saves are atomic: a temporary file in the same folder, flushed and fsynced, then
  ``os.replace``. The previous file is kept as ``settings.toml.bak``.
* A file that cannot be read or parsed, or holds values that are not allowed, is never
  overwritten until the user saves: the app runs on defaults for the bad parts, says so,
  and keeps one dated copy aside per distinct broken content.
* Whatever is at the path is read safely (:func:`read_user_file`): a folder, a named pipe,
  a device, a link to one of them or a file over 1 MiB gives the defaults and a notice.
* Temporary files left by a save that was killed are removed at the next start
  (:func:`remove_stale_temp_files`).
* A file from a newer version is read as far as possible and never overwritten.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desk_breaks.core.i18n import Text, tr
from desk_breaks.core.migrations import MigrationError, migrate
from desk_breaks.core.settings import (
    SCHEMA_VERSION,
    IssueCode,
    Settings,
    SettingsIssue,
    repair,
    short_repr,
    to_dict,
)
from desk_breaks.core.settings_read import from_dict
from desk_breaks.core.toml_writer import dumps
from desk_breaks.core.user_file import (
    MAX_FILE_BYTES,
    UnreadableFile,
    parse_toml,
    read_user_file,
)

__all__ = [
    "MAX_FILE_BYTES",
    "LoadResult",
    "SaveError",
    "UnreadableFile",
    "dumps",
    "load",
    "parse_toml",
    "read_user_file",
    "remove_stale_temp_files",
    "save",
]


_TEMP_PREFIX = ".settings-"
_TEMP_SUFFIX = ".tmp"
# What tempfile.mkstemp makes with our prefix and suffix (8 characters from a-z, 0-9 and
# "_"), and the backup staged beside it; nothing else in the folder is ever removed.
_OUR_TEMP_NAME = re.compile(r"\.settings-[a-z0-9_]{8}\.tmp(\.bak)?")


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Delete what an interrupted save left in ``folder``; return what was removed.

    Only names this module makes (``.settings-XXXXXXXX.tmp`` and its ``.bak``), only
    regular files (never a link), and on POSIX only files owned by this user. Call it at
    start, while holding the single-instance lock: no save of ours is running then.
    """
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed  # no folder (first run), or one we cannot list: nothing of ours
    uid = os.getuid() if hasattr(os, "getuid") else None
    for name in sorted(names):
        if not _OUR_TEMP_NAME.fullmatch(name):
            continue
        path = folder / name
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode) or (uid is not None and info.st_uid != uid):
                continue
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


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
    missing: bool = False
    """True when there is no file at all (the first run): the defaults may be written."""

    @property
    def may_overwrite(self) -> bool:
        """Whether the app may write the file without the user asking.

        Only when there is none, or it was read without a fault (e.g. to record a change
        made elsewhere). Anything else is kept exactly as it is until the user saves.
        """
        if self.missing:
            return True
        return self.problem is None and not self.issues and not self.read_only


def load(path: Path, now: datetime | None = None) -> LoadResult:
    """Read ``path``; never raises for bad content, and never changes the file.

    A missing file gives the defaults. Every value that is not allowed falls back to its
    default (see :func:`~desk_breaks.core.settings.repair`) and is reported as an issue
    naming the field, so the result always passes ``validate``. ``now`` stamps the name of
    the set-aside copy kept of a file with faults.
    """
    try:
        raw, mtime = read_user_file(path)
    except FileNotFoundError:
        return LoadResult(Settings(), missing=True)
    except UnreadableFile as exc:
        aside = _set_aside(path, now) if exc.regular else None
        said = Text(
            "{path} {reason}; using the default settings. The file was left as it is, and "
            "nothing is written there until you save the settings.",
            path=path,
            reason=exc.reason,
        )
        if aside:
            said = Text("{problem} A copy of it was kept as {file}.", problem=said, file=aside.name)
        return LoadResult(
            Settings(),
            problem=said,
            read_only=True,
            set_aside=aside,
        )
    try:
        data = parse_toml(raw)
    except ValueError as exc:
        reason = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
        return _not_toml(path, reason, mtime, now)
    try:
        return _interpret(path, data, mtime, now)
    except RecursionError:
        # A value nested almost as deep as the parser allows can still be too deep for
        # the copying and reading that follow.
        return _not_toml(path, Text("its values are nested too deeply"), mtime, now)


def _not_toml(path: Path, reason: str, mtime: int, now: datetime | None) -> LoadResult:
    aside = _set_aside(path, now)
    message = Text(
        "{path} is not valid TOML ({reason}); using the default settings.", path=path, reason=reason
    )
    if aside:
        message = Text(
            "{problem} A copy of the file was kept as {file}.", problem=message, file=aside.name
        )
    return LoadResult(Settings(), problem=message, set_aside=aside, mtime_ns=mtime)


def _interpret(path: Path, data: dict[str, Any], mtime: int, now: datetime | None) -> LoadResult:
    version = data.get("schema_version", 1)
    version_issues: list[SettingsIssue] = []
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        version_issues.append(
            SettingsIssue(
                ("schema_version",),
                IssueCode.BAD_VERSION,
                Text("must be a whole number from 1 up, not {value}", value=short_repr(version)),
                Text("reading the file as version 1"),
            )
        )
        version = 1
    if version > SCHEMA_VERSION:
        settings, issues = from_dict(data)
        # Fields only the newer version knows are expected here; they are not errors.
        issues = [i for i in issues if i.code is not IssueCode.UNKNOWN_KEY]
        settings, repaired = repair(settings)
        return LoadResult(
            settings,
            tuple(issues + repaired),
            problem=Text(
                "{path} was written by a newer Desk Breaks (settings version {version}). "
                "It was read as far as possible and will not be overwritten.",
                path=path,
                version=version,
            ),
            read_only=True,
            mtime_ns=mtime,
        )
    try:
        migrated = migrate(data, version)
    except MigrationError as exc:
        aside = _set_aside(path, now)
        return LoadResult(
            Settings(),
            problem=Text("{path}: {problem}; using the defaults.", path=path, problem=exc),
            set_aside=aside,
        )
    settings, issues = from_dict(migrated)
    settings, repaired = repair(settings)
    issues = version_issues + issues + repaired
    aside = _set_aside(path, now) if issues else None
    return LoadResult(
        settings,
        tuple(issues),
        set_aside=aside,
        changed_by_migration=version < SCHEMA_VERSION,
        mtime_ns=mtime,
    )


def _set_aside(path: Path, now: datetime | None) -> Path | None:
    """Keep a copy of the regular file ``path`` beside it; return it, or None if that failed.

    One copy per distinct content: an earlier copy with the same bytes (found by size,
    then compared) is reused, so starting again and again with the same broken file
    costs nothing. A different file broken in the same second gets its own numbered name,
    so no broken version is ever dropped. The copy is written under a temporary name and
    renamed, so an interrupted copy leaves only a file that the next start removes.
    """
    folder = path.parent
    try:
        with open(path, "rb", opener=_nonblocking) as source:
            info = os.fstat(source.fileno())
            if not stat.S_ISREG(info.st_mode):
                return None
            for existing in sorted(folder.glob(f"{_glob_escape(path.name)}.broken-*")):
                if _same_content(source, info.st_size, existing):
                    return existing
            source.seek(0)
            handle, temp_name = tempfile.mkstemp(
                prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, dir=folder
            )
            temp = Path(temp_name)
            try:
                with os.fdopen(handle, "wb") as out:
                    shutil.copyfileobj(source, out)
                stamp = (now or datetime.now()).strftime("%Y-%m-%d-%H%M%S")
                for number in range(1, 1000):
                    suffix = "" if number == 1 else f"-{number}"
                    target = folder / f"{path.name}.broken-{stamp}{suffix}"
                    if not target.exists() and not target.is_symlink():
                        os.replace(temp, target)
                        return target
            finally:
                temp.unlink(missing_ok=True)
    except OSError:
        return None
    return None


def _nonblocking(name: str, flags: int) -> int:
    return os.open(name, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _same_content(source: Any, size: int, other: Path) -> bool:
    """Whether the regular file ``other`` holds exactly what ``source`` (``size`` bytes) does."""
    try:
        info = os.lstat(other)
        if not stat.S_ISREG(info.st_mode) or info.st_size != size:
            return False
        source.seek(0)
        with open(other, "rb") as theirs:
            while True:
                ours = source.read(1 << 16)
                if ours != theirs.read(1 << 16):
                    return False
                if not ours:
                    return True
    except OSError:
        return False


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
            tr(
                "{path} was written by a newer Desk Breaks (settings version {version}), so it "
                "was not overwritten. Your changes apply until Desk Breaks quits.",
                path=path,
                version=newer,
            )
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(
            prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, dir=path.parent
        )
    except OSError as exc:
        raise SaveError(
            tr(
                "Could not save the settings in {folder}: {error}.",
                folder=path.parent,
                error=exc.strerror or exc,
            )
        ) from exc
    temp = Path(temp_name)
    # The backup is prepared under a temporary name too and only takes the place of the
    # old backup once the new file is in place, so a failed save keeps the old backup.
    backup_temp = temp.with_name(temp.name + ".bak")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        # Only a regular file is worth a backup: copying a named pipe would block, and a
        # link to /dev/zero would fill the disk.
        has_previous = _is_regular(path)
        if has_previous:
            shutil.copy2(path, backup_temp)
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        backup_temp.unlink(missing_ok=True)
        raise SaveError(
            tr(
                "Could not save the settings to {path}: {error}.",
                path=path,
                error=exc.strerror or exc,
            )
        ) from exc
    try:
        if has_previous:
            os.replace(backup_temp, path.with_name(path.name + ".bak"))
        fsync_folder(path.parent)
    except OSError:
        # The settings are saved; only the backup (or the folder's fsync) failed.
        backup_temp.unlink(missing_ok=True)
    return data


def _newer_version_on_disk(path: Path) -> int | None:
    """Return the schema version of the file at ``path`` if it is newer than this build's."""
    try:
        version = parse_toml(read_user_file(path)[0]).get("schema_version")
    except (OSError, UnreadableFile, ValueError):
        # Missing, unreadable or broken: the user chose to save, and load() kept a copy.
        return None
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        return version
    return None


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new file's name in ``folder`` durable; raises OSError on failure.

    POSIX only: Windows cannot open a folder this way, and there it does nothing.
    """
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
