"""Reading a file the user controls, safely: a settings or content file, never a trap.

Part of :mod:`desk_breaks.core.settings_file` (imported from there): a named pipe, a device,
a link to either, or a file too large is refused with a reason said to the person.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from desk_breaks.core.i18n import Text

MAX_FILE_BYTES = 1024 * 1024
"""The largest settings or content file read (1 MiB); a settings file is a few KiB."""


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
        return Text("a folder")
    if stat.S_ISFIFO(mode):
        return Text("a named pipe (FIFO)")
    if stat.S_ISSOCK(mode):
        return Text("a socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Text("a device")
    return Text("not a regular file")


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
            raise UnreadableFile(Text("is {link}, which does not exist", link=link)) from None
        raise
    except NotADirectoryError:
        said = Text("cannot be read: {folder} is not a folder", folder=path.parent)
        raise UnreadableFile(said) from None
    except OSError as exc:
        raise UnreadableFile(_unreadable(exc)) from None
    link = _link_text(path)
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableFile(_not_a_file(link, info.st_mode))
    if info.st_size > limit:
        raise UnreadableFile(_too_large(limit, info.st_size), regular=True)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UnreadableFile(_unreadable(exc)) from None
    try:
        info = os.fstat(fd)
        # Checked again on what was opened: the path may have changed in between.
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(_not_a_file(link, info.st_mode))
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
        raise UnreadableFile(_unreadable(exc)) from None
    finally:
        os.close(fd)


def _unreadable(exc: OSError) -> str:
    return Text("cannot be read ({error})", error=exc.strerror or exc)


def _not_a_file(link: str, mode: int) -> str:
    if link:
        return Text("is {link}, {kind}, not a file", link=link, kind=_kind(mode))
    return Text("is {kind}, not a file", kind=_kind(mode))


def _link_text(path: Path) -> str:
    """Return "a link to TARGET" when ``path`` is a symbolic link, else ""."""
    try:
        return Text("a link to {target}", target=os.readlink(path))
    except OSError:  # not a link (EINVAL), or not even that much can be read
        return ""


def _too_large(limit: int, size: int | None = None) -> str:
    if size is None:
        return Text(
            "is too large (more than {limit} bytes; at most {limit} bytes are read)",
            limit=f"{limit:,}",
        )
    return Text(
        "is too large ({size} bytes; at most {limit} bytes are read)",
        size=f"{size:,}",
        limit=f"{limit:,}",
    )


def parse_toml(raw: bytes) -> dict[str, Any]:
    """Parse ``raw`` as UTF-8 TOML; raise ValueError with a plain reason for any failure.

    A leading byte-order mark (some Windows editors add one) is allowed. Nesting too deep
    for the parser is a reason like any other, not a crash.
    """
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ValueError(
            Text("it is not UTF-8 text (byte {byte} is not)", byte=exc.start + 1)
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(str(exc)) from None
    except RecursionError:
        raise ValueError(Text("its values are nested too deeply")) from None
