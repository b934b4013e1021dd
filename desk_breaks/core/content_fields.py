"""The field reader the content files share: one TOML table, checked field by field.

:mod:`desk_breaks.core.content_files` (exercises and routines) and
:mod:`desk_breaks.core.safety_file` (the safety text) read their tables with
:class:`Fields`, so every message names the bad field the same way.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from desk_breaks.core.content import ContentError
from desk_breaks.core.settings import short_repr
from desk_breaks.core.settings_file import (
    MAX_FILE_BYTES,
    UnreadableFile,
    parse_toml,
    read_user_file,
)


def read_toml(path: Path) -> dict[str, Any]:
    """Read one content file safely (see :func:`read_user_file`); raise ContentError."""
    try:
        raw, _mtime = read_user_file(path, MAX_FILE_BYTES)
    except UnreadableFile as exc:
        raise ContentError(str(exc)) from None
    except OSError as exc:  # gone between listing and reading
        raise ContentError(f"cannot be read ({exc.strerror or exc})") from None
    try:
        return parse_toml(raw)
    except ValueError as exc:
        raise ContentError(f"not valid TOML ({exc})") from None


def is_plain_file_name(name: str) -> bool:
    """Whether ``name`` is a bare file name: no folder part, not absolute, nothing odd.

    Content names its pictures this way; ``../../etc/shadow`` or ``/tmp/x.svg`` must be
    refused when the file is loaded, not met later as a silent placeholder.
    """
    if name in ("", ".", "..") or any(c in name for c in "/\\\0"):
        return False
    return PurePosixPath(name).name == name and PureWindowsPath(name).name == name


class Fields:
    """Reads one TOML table, tracking which keys were used so unknown ones are reported."""

    def __init__(self, table: Mapping[str, Any], where: str) -> None:
        self._table = table
        self._where = where
        self._used: set[str] = set()

    def _name(self, key: str) -> str:
        return f"{self._where}.{key}" if self._where else key

    def raw(self, key: str, default: Any = ...) -> Any:
        self._used.add(key)
        if key not in self._table:
            if default is ...:
                raise ContentError(f"'{self._name(key)}' is missing")
            return default
        return self._table[key]

    def text(self, key: str, default: str | None = None) -> str:
        value = self.raw(key, ... if default is None else default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise ContentError(f"'{self._name(key)}' must be a non-empty text")
        return value.strip()

    def seconds(self, key: str, default: int | None = None, *, allow_zero: bool = False) -> int:
        value = self.raw(key, ... if default is None else default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ContentError(
                f"'{self._name(key)}' must be a whole number, not {short_repr(value)}"
            )
        if value < 0 or (value == 0 and not allow_zero):
            limit = "zero or more" if allow_zero else "greater than zero"
            raise ContentError(f"'{self._name(key)}' must be {limit}, not {value}")
        if value > 3600:
            raise ContentError(f"'{self._name(key)}' is {value}; at most 3600 is allowed")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise ContentError(f"'{self._name(key)}' must be true or false")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.raw(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ContentError(f"'{self._name(key)}' must be a list of texts")
        return tuple(v.strip() for v in value)

    def choice(self, key: str, enum_type: type[enum.Enum]) -> Any:
        value = self.raw(key)
        try:
            return enum_type(value)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in enum_type)
            raise ContentError(
                f"'{self._name(key)}' must be one of {allowed}, not {short_repr(value)}"
            ) from None

    def choices(self, key: str, enum_type: type[enum.Enum]) -> tuple[Any, ...]:
        """A list of distinct values of ``enum_type`` (default: none), in the file's order."""
        value = self.raw(key, [])
        allowed = ", ".join(repr(m.value) for m in enum_type)
        if not isinstance(value, list):
            raise ContentError(f"'{self._name(key)}' must be a list of {allowed}")
        found: list[Any] = []
        for item in value:
            try:
                member = enum_type(item)
            except ValueError:
                raise ContentError(
                    f"'{self._name(key)}' holds {short_repr(item)}; each must be one of {allowed}"
                ) from None
            if member in found:
                raise ContentError(f"'{self._name(key)}' names {short_repr(item)} twice")
            found.append(member)
        return tuple(found)

    def ids(self, key: str) -> tuple[str, ...]:
        """A list of distinct ids (lower-case letters, digits and '-'); default: none."""
        value = self.raw(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ContentError(f"'{self._name(key)}' must be a list of ids such as [\"a-b\"]")
        for item in value:
            if not is_id(item):
                raise ContentError(
                    f"'{self._name(key)}' holds {short_repr(item)}, which is not an id "
                    "(lower-case letters, digits and '-')"
                )
        if len(set(value)) < len(value):
            twice = next(v for v in value if value.count(v) > 1)
            raise ContentError(f"'{self._name(key)}' names {short_repr(twice)} twice")
        return tuple(value)

    def table(self, key: str) -> Mapping[str, Any] | None:
        value = self.raw(key, None)
        if value is not None and not isinstance(value, dict):
            raise ContentError(f"'{self._name(key)}' must be a table")
        return value

    def done(self) -> None:
        unknown = sorted(set(self._table) - self._used)
        if unknown:
            names = ", ".join(f"'{self._name(k)}'" for k in unknown)
            raise ContentError(f"unknown field {names}")


def is_id(value: str) -> bool:
    """Whether ``value`` is a valid id: lower-case letters, digits and '-', not empty."""
    return bool(value) and all(c.isalnum() or c == "-" for c in value) and value.lower() == value


def check_id(value: str, path: Path) -> str:
    """Return the file's ``id`` once it matches the file name and is a valid id."""
    if value != path.stem:
        raise ContentError(f"'id' is {short_repr(value)} but the file is named {path.name!r}")
    if not is_id(value):
        raise ContentError(
            f"'id' {short_repr(value)} may hold only lower-case letters, digits and '-'"
        )
    return value
