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
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

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

MAX_FILE_BYTES = 1024 * 1024
"""The largest settings or content file read (1 MiB); a settings file is a few KiB."""

_TEMP_PREFIX = ".settings-"
_TEMP_SUFFIX = ".tmp"
# What tempfile.mkstemp makes with our prefix and suffix (8 characters from a-z, 0-9 and
# "_"), and the backup staged beside it; nothing else in the folder is ever removed.
_OUR_TEMP_NAME = re.compile(r"\.settings-[a-z0-9_]{8}\.tmp(\.bak)?")


class UnreadableFile(Exception):
    """A file that is there but cannot be used as a text file; ``str()`` says why.

    The message is the end of a sentence that starts with the path, e.g. "is a folder,
    not a file".
    """

    def __init__(self, reason: str, *, regular: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.regular = regular
        """True when it is a regular file (too large, say), so a copy of it can be kept."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_user_file(path: Path, limit: int = MAX_FILE_BYTES) -> tuple[bytes, int]:
    """Return the bytes of the regular file at ``path`` and its ``st_mtime_ns``.

    Safe on anything a user (or a mistake) may put there: a folder, a named pipe (opening
    it never blocks), a socket, a device such as ``/dev/zero``, a link to any of these, a
    file too large to be a settings or content file (at most ``limit + 1`` bytes are read).
    A link to a regular file is followed. Raises FileNotFoundError when nothing is there
    and :class:`UnreadableFile` for everything else that is not a readable regular file.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        link = _link_text(path)
        if link:
            raise UnreadableFile(f"is {link}which does not exist") from None
        raise
    except NotADirectoryError:
        raise UnreadableFile(f"cannot be read: {path.parent} is not a folder") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or exc})") from None
    link = _link_text(path)
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(f"is {link}{_kind(info.st_mode)}, not a file")
    if info.st_size > limit:
        raise UnreadableFile(_too_large(limit, info.st_size), regular=True)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        # Checked again on what was opened: the path may have changed in between.
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(f"is {link}{_kind(info.st_mode)}, not a file")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew after the size was checked
            raise UnreadableFile(_too_large(limit), regular=True)
        return b"".join(chunks), info.st_mtime_ns
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _link_text(path: Path) -> str:
    """Return "a link to TARGET, " when ``path`` is a symbolic link, else ""."""
    try:
        return f"a link to {os.readlink(path)}, "
    except OSError:  # not a link (EINVAL), or not even that much can be read
        return ""


def _too_large(limit: int, size: int | None = None) -> str:
    shown = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
    return f"is too large ({shown}; at most {limit:,} bytes are read)"


def parse_toml(raw: bytes) -> dict[str, Any]:
    """Parse ``raw`` as UTF-8 TOML; raise ValueError with a plain reason for any failure.

    A leading byte-order mark (some Windows editors add one) is allowed. Nesting too deep
    for the parser is a reason like any other, not a crash.
    """
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"it is not UTF-8 text (byte {exc.start + 1} is not)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(str(exc)) from None
    except RecursionError:
        raise ValueError("its values are nested too deeply") from None


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
        kept = f" A copy of it was kept as {aside.name}." if aside else ""
        return LoadResult(
            Settings(),
            problem=(
                f"{path} {exc.reason}; using the default settings. The file was left as it "
                f"is, and nothing is written there until you save the settings.{kept}"
            ),
            read_only=True,
            set_aside=aside,
        )
    try:
        data = parse_toml(raw)
    except ValueError as exc:
        return _not_toml(path, str(exc), mtime, now)
    try:
        return _interpret(path, data, mtime, now)
    except RecursionError:
        # A value nested almost as deep as the parser allows can still be too deep for
        # the copying and reading that follow.
        return _not_toml(path, "its values are nested too deeply", mtime, now)


def _not_toml(path: Path, reason: str, mtime: int, now: datetime | None) -> LoadResult:
    aside = _set_aside(path, now)
    message = f"{path} is not valid TOML ({reason}); using the default settings."
    if aside:
        message += f" A copy of the file was kept as {aside.name}."
    return LoadResult(Settings(), problem=message, set_aside=aside, mtime_ns=mtime)


def _interpret(path: Path, data: dict[str, Any], mtime: int, now: datetime | None) -> LoadResult:
    version = data.get("schema_version", 1)
    version_issues: list[SettingsIssue] = []
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        version_issues.append(
            SettingsIssue(
                ("schema_version",),
                IssueCode.BAD_VERSION,
                f"must be a whole number from 1 up, not {short_repr(version)}",
                "reading the file as version 1",
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
            f"{path} was written by a newer Desk Breaks (settings version {newer}), so it "
            "was not overwritten. Your changes apply until Desk Breaks quits."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(
            prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX, dir=path.parent
        )
    except OSError as exc:
        raise SaveError(
            f"Could not save the settings in {path.parent}: {exc.strerror or exc}."
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
        raise SaveError(f"Could not save the settings to {path}: {exc.strerror or exc}.") from exc
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
