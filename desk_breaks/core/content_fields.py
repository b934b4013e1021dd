"""The field reader the content files share: one TOML table, checked field by field.

:mod:`desk_breaks.core.content_files` (exercises and routines) and
:mod:`desk_breaks.core.safety_file` (the safety text) read their tables with
:class:`Fields`, so every message names the bad field the same way. Every message is a
:class:`~desk_breaks.core.i18n.Text`, a whole sentence with the field, the value and the
file as ``{fields}``: the person who wrote the file reads it in their language, and
``status --json`` lists it in English.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from desk_breaks.core.content import ContentError
from desk_breaks.core.i18n import Text
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
        raise ContentError(exc.reason) from None
    except OSError as exc:  # gone between listing and reading
        raise ContentError(Text("cannot be read ({error})", error=exc.strerror or exc)) from None
    try:
        return parse_toml(raw)
    except ValueError as exc:
        reason = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
        raise ContentError(Text("not valid TOML ({reason})", reason=reason)) from None


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
                raise ContentError(Text("'{field}' is missing", field=self._name(key)))
            return default
        return self._table[key]

    def text(self, key: str, default: str | None = None) -> str:
        value = self.raw(key, ... if default is None else default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise ContentError(Text("'{field}' must be a non-empty text", field=self._name(key)))
        return value.strip()

    def seconds(self, key: str, default: int | None = None, *, allow_zero: bool = False) -> int:
        value = self.raw(key, ... if default is None else default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ContentError(
                Text(
                    "'{field}' must be a whole number, not {value}",
                    field=self._name(key),
                    value=short_repr(value),
                )
            )
        if value < 0 and allow_zero:
            said = Text(
                "'{field}' must be zero or more, not {value}", field=self._name(key), value=value
            )
            raise ContentError(said)
        if value <= 0 and not allow_zero:
            said = Text(
                "'{field}' must be greater than zero, not {value}",
                field=self._name(key),
                value=value,
            )
            raise ContentError(said)
        if value > 3600:
            said = Text(
                "'{field}' is {value}; at most {limit} is allowed",
                field=self._name(key),
                value=value,
                limit=3600,
            )
            raise ContentError(said)
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise ContentError(Text("'{field}' must be true or false", field=self._name(key)))
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.raw(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ContentError(Text("'{field}' must be a list of texts", field=self._name(key)))
        return tuple(v.strip() for v in value)

    def choice(self, key: str, enum_type: type[enum.Enum]) -> Any:
        value = self.raw(key)
        try:
            return enum_type(value)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in enum_type)
            said = Text(
                "'{field}' must be one of {allowed}, not {value}",
                field=self._name(key),
                allowed=allowed,
                value=short_repr(value),
            )
            raise ContentError(said) from None

    def choices(self, key: str, enum_type: type[enum.Enum]) -> tuple[Any, ...]:
        """A list of distinct values of ``enum_type`` (default: none), in the file's order."""
        value = self.raw(key, [])
        allowed = ", ".join(repr(m.value) for m in enum_type)
        if not isinstance(value, list):
            said = Text(
                "'{field}' must be a list of {allowed}", field=self._name(key), allowed=allowed
            )
            raise ContentError(said)
        found: list[Any] = []
        for item in value:
            try:
                member = enum_type(item)
            except ValueError:
                said = Text(
                    "'{field}' holds {value}; each must be one of {allowed}",
                    field=self._name(key),
                    value=short_repr(item),
                    allowed=allowed,
                )
                raise ContentError(said) from None
            if member in found:
                said = Text(
                    "'{field}' names {value} twice", field=self._name(key), value=short_repr(item)
                )
                raise ContentError(said)
            found.append(member)
        return tuple(found)

    def ids(self, key: str) -> tuple[str, ...]:
        """A list of distinct ids (lower-case letters, digits and '-'); default: none."""
        value = self.raw(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            said = Text(
                "'{field}' must be a list of ids such as {example}",
                field=self._name(key),
                example='["a-b"]',
            )
            raise ContentError(said)
        for item in value:
            if not is_id(item):
                said = Text(
                    "'{field}' holds {value}, which is not an id "
                    "(lower-case letters, digits and '-')",
                    field=self._name(key),
                    value=short_repr(item),
                )
                raise ContentError(said)
        if len(set(value)) < len(value):
            twice = next(v for v in value if value.count(v) > 1)
            said = Text(
                "'{field}' names {value} twice", field=self._name(key), value=short_repr(twice)
            )
            raise ContentError(said)
        return tuple(value)

    def table(self, key: str) -> Mapping[str, Any] | None:
        value = self.raw(key, None)
        if value is not None and not isinstance(value, dict):
            raise ContentError(Text("'{field}' must be a table", field=self._name(key)))
        return value

    def done(self) -> None:
        unknown = sorted(set(self._table) - self._used)
        if unknown:
            names = ", ".join(f"'{self._name(k)}'" for k in unknown)
            if len(unknown) == 1:
                raise ContentError(Text("unknown field {name}", name=names))
            # Text has no plural forms: "more than one" is its own sentence (de and es agree).
            raise ContentError(Text("unknown fields {names}", names=names))


def is_id(value: str) -> bool:
    """Whether ``value`` is a valid id: lower-case letters, digits and '-', not empty."""
    return bool(value) and all(c.isalnum() or c == "-" for c in value) and value.lower() == value


def check_id(value: str, path: Path) -> str:
    """Return the file's ``id`` once it matches the file name and is a valid id."""
    if value != path.stem:
        said = Text(
            "'{field}' is {value} but the file is named {file}",
            field="id",
            value=short_repr(value),
            file=repr(path.name),
        )
        raise ContentError(said)
    if not is_id(value):
        raise ContentError(not_an_id("id", value))
    return value


def not_an_id(field: str, value: str) -> Text:
    """The message for an id with a character an id may not hold."""
    return Text(
        "'{field}' {value} may hold only lower-case letters, digits and '-'",
        field=field,
        value=short_repr(value),
    )


def not_a_table(field: str, index: int) -> Text:
    """The message for an entry of a list of tables (``[[steps]]``) that is not a table."""
    return Text("'{field}' entry {index} must be a table", field=field, index=index)


def list_of_tables(field: str) -> Text:
    """The message for a ``[[steps]]`` or ``[[items]]`` list that is missing or not a list."""
    return Text("'{field}' must be a list of {tables} tables", field=field, tables=f"[[{field}]]")


def taken(content_id: str) -> Text:
    """The message for an exercise or routine whose id an earlier file already has."""
    return Text("the id {id} is already taken", id=repr(content_id))


def only_breathing(field: str) -> Text:
    """The message for a field of a breathing exercise found in a hold exercise."""
    return Text("'{field}' belongs only to breathing exercises", field=field)


def not_an_exercise(field: str, exercise_id: str, skipped: Collection[str]) -> Text:
    """The message for a routine item naming an exercise that did not load."""
    if exercise_id in skipped:
        return Text(
            "'{field}' names {value}, whose file was skipped (see the notice about it)",
            field=field,
            value=short_repr(exercise_id),
        )
    return Text(
        "'{field}' names {value}, which is not a known exercise",
        field=field,
        value=short_repr(exercise_id),
    )


def not_a_question(field: str, question_id: str, question_ids: Collection[str]) -> Text:
    """The message for ``[screening]`` naming an id the safety check does not ask about."""
    if question_ids:
        return Text(
            "'{field}' names {value}, which is not a safety-check question (known: {known})",
            field=field,
            value=short_repr(question_id),
            known=", ".join(sorted(question_ids)),
        )
    return Text(
        "'{field}' names {value}, but there are no safety-check questions",
        field=field,
        value=short_repr(question_id),
    )
