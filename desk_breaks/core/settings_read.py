"""Reading settings from plain data (the shape of ``settings.toml``), leniently.

:func:`from_dict` walks the fields of :class:`~desk_breaks.core.settings.Settings` and
reads each by its type, so a new field is read without an edit here. A part that cannot
be read keeps its default and is reported as a
:class:`~desk_breaks.core.settings.SettingsIssue`; unknown keys are reported, not fatal.
Whether the values read are allowed is :func:`~desk_breaks.core.settings.repair`'s job.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import is_dataclass
from datetime import time
from typing import Any, get_args, get_origin

from desk_breaks.core.i18n import Text
from desk_breaks.core.settings import (
    MAX_NAME_CHARS,
    WEEKDAY_NAMES,
    WORKDAYS,
    IssueCode,
    Path,
    Settings,
    SettingsIssue,
    Slot,
    replaced_at,
    settings_of,
    short_repr,
)


def from_dict(
    data: Mapping[str, Any], model: type[Settings] = Settings
) -> tuple[Settings, list[SettingsIssue]]:
    """Build settings from plain data, keeping the default for each unreadable part.

    Returns the settings and the issues met, in the order the file is written. ``model``
    is :class:`~desk_breaks.core.settings.Settings` or a variant of it (tests add fields).
    """
    issues: list[SettingsIssue] = []
    top = _Reader(data, (), issues)
    top.ignore("schema_version")  # the file reader checks it before this is called
    readers: dict[tuple[str, ...], _Reader] = {(): top}
    settings = model()
    for setting in settings_of(model):
        *parent, key = setting.path
        # A section's unknown keys are told once its last setting is read.
        for path in [p for p in readers if tuple(parent[: len(p)]) != p]:
            readers.pop(path).finish()
        reader = readers[tuple(parent)]
        if is_dataclass(setting.kind):
            readers[setting.path] = reader.sub(key)
        else:
            value = reader.read(key, setting.kind, setting.default)
            settings = replaced_at(settings, setting.path, value)
    for path in sorted(readers, key=len, reverse=True):
        readers[path].finish()
    return settings, issues


def _read_slots(r: _Reader, fallback: tuple[Slot, ...]) -> tuple[Slot, ...]:
    raw = r.raw("slots")
    if raw is None:
        return fallback
    if not isinstance(raw, list):
        r.issue(
            ("slots",),
            IssueCode.WRONG_TYPE,
            Text("must be a list of [[slots]] tables"),
            Text("using the default sessions"),
        )
        return fallback
    slots: list[Slot] = []
    for index, table in enumerate(raw):
        where: Path = ("slots", index)
        if not isinstance(table, dict):
            r.issue(
                where,
                IssueCode.WRONG_TYPE,
                Text("must be a table"),
                Text("this session was left out"),
            )
            continue
        sr = _Reader(table, where, r.issues)
        slot_id = sr.text("id", "")
        when = sr.required_time("time")
        routine = sr.text("routine", "")
        if not slot_id or when is None or not routine:
            r.issue(
                where,
                IssueCode.MISSING,
                Text("needs an id, a time and a routine"),
                Text("this session was left out"),
            )
            continue
        slots.append(
            Slot(
                id=slot_id,
                time=when,
                routine=routine,
                weekdays=sr.weekdays("weekdays", WORKDAYS),
                enabled=sr.boolean("enabled", True),
            )
        )
        sr.finish()
    return tuple(slots)


class _Reader:
    """Reads one table leniently, collecting issues instead of raising."""

    def __init__(self, table: Mapping[str, Any], where: Path, issues: list[SettingsIssue]):
        self.table = table if isinstance(table, Mapping) else {}
        self.where = where
        self.issues = issues
        self.used: set[str] = set()

    def issue(self, path: Path, code: IssueCode, message: str, fallback: str = "") -> None:
        self.issues.append(SettingsIssue(path, code, message, fallback))

    def raw(self, key: str) -> Any:
        self.used.add(key)
        return self.table.get(key)

    def ignore(self, key: str) -> None:
        self.used.add(key)

    def sub(self, key: str) -> _Reader:
        value = self.raw(key)
        if value is not None and not isinstance(value, Mapping):
            self.issue(
                (*self.where, key),
                IssueCode.WRONG_TYPE,
                Text("must be a table"),
                Text("using the defaults"),
            )
            value = None
        return _Reader(value or {}, (*self.where, key), self.issues)

    def read(self, key: str, kind: Any, default: Any) -> Any:
        """Read ``key`` as a value of the field type ``kind``; ``default`` when unreadable."""
        if kind is bool:
            return self.boolean(key, default)
        if kind is int:
            return self.integer(key, default)
        if kind is str:
            return self.text(key, default)
        if kind is time:
            return self.clock_time(key, default)
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return self.choice(key, kind, default)
        if get_origin(kind) is frozenset:
            return self.weekdays(key, default)
        if get_origin(kind) is tuple and get_args(kind)[0] is int:
            return self.integers(key, default)
        if get_origin(kind) is tuple and get_args(kind)[0] is Slot:
            return _read_slots(self, default)
        raise TypeError(f"settings cannot read a field of type {kind!r}")

    def _bad(
        self,
        key: str,
        expected: str,
        value: Any,
        default: Any,
        code: IssueCode = IssueCode.WRONG_TYPE,
    ) -> None:
        shown = default.strftime("%H:%M") if isinstance(default, time) else default
        if isinstance(default, frozenset):
            shown = ", ".join(WEEKDAY_NAMES[d] for d in sorted(default))
        self.issue(
            (*self.where, key),
            code,
            Text("must be {expected}, not {value}", expected=expected, value=short_repr(value)),
            Text("using {value}", value=shown),
        )

    def integer(self, key: str, default: int) -> int:
        value = self.raw(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self._bad(key, Text("a whole number"), value, default)
            return default
        return value

    def integers(self, key: str, default: tuple[int, ...]) -> tuple[int, ...]:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            self._bad(key, Text("a list of whole numbers"), value, list(default))
            return default
        return tuple(value)

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self._bad(key, Text("true or false"), value, default)
            return default
        return value

    def text(self, key: str, default: str) -> str:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            self._bad(key, Text("a text"), value, default)
            return default
        if len(value.strip()) > MAX_NAME_CHARS:
            longest = Text("a text of at most {count} characters", count=MAX_NAME_CHARS)
            self._bad(key, longest, value, default, IssueCode.TOO_LONG)
            return default
        return value.strip()

    def choice(self, key: str, enum_type: type[enum.Enum], default: enum.Enum) -> Any:
        value = self.raw(key)
        if value is None:
            return default
        try:
            return enum_type(value)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in enum_type)
            self._bad(key, Text("one of {choices}", choices=allowed), value, default.value)
            return default

    def clock_time(self, key: str, default: time) -> time:
        value = self.raw(key)
        if value is None:
            return default
        parsed = parse_clock_time(value)
        if parsed is None:
            self._bad(key, Text("a time from 00:00 to 23:59"), value, default)
            return default
        return parsed

    def required_time(self, key: str) -> time | None:
        value = self.raw(key)
        parsed = parse_clock_time(value)
        if parsed is None and value is not None:
            self.issue(
                (*self.where, key),
                IssueCode.WRONG_TYPE,
                Text("must be a time from 00:00 to 23:59, not {value}", value=short_repr(value)),
            )
        return parsed

    def weekdays(self, key: str, default: frozenset[int]) -> frozenset[int]:
        value = self.raw(key)
        if value is None:
            return default
        days = parse_weekdays(value)
        if days is None:
            self._bad(key, Text('a list of day names such as ["mon", "tue"]'), value, default)
            return default
        return days

    def finish(self) -> None:
        for key in sorted(set(self.table) - self.used):
            self.issue(
                (*self.where, key),
                IssueCode.UNKNOWN_KEY,
                Text("is not a setting Desk Breaks knows"),
                Text("it was ignored"),
            )


def parse_clock_time(value: Any) -> time | None:
    """Read a time of day from a TOML time or an "HH:MM" / "HH:MM:SS" text."""
    if isinstance(value, time):
        return value.replace(microsecond=0, tzinfo=None)
    if not isinstance(value, str):
        return None
    parts = value.strip().split(":")
    if len(parts) not in (2, 3) or not all(p.isdigit() and len(p) == 2 for p in parts):
        return None
    numbers = [int(p) for p in parts]
    hour, minute = numbers[0], numbers[1]
    second = numbers[2] if len(numbers) == 3 else 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def parse_weekdays(value: Any) -> frozenset[int] | None:
    """Read ``["mon", "tue"]`` (case-insensitive, full names allowed) into day numbers."""
    if not isinstance(value, list):
        return None
    days: set[int] = set()
    for item in value:
        if not isinstance(item, str):
            return None
        key = item.strip().lower()[:3]
        if key not in WEEKDAY_NAMES:
            return None
        days.add(WEEKDAY_NAMES.index(key))
    return frozenset(days)
