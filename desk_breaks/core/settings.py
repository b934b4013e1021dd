"""The typed settings model: defaults, validation into plain messages, and (de)serialisation.

Every field carries its unit in its name (``interval_min``, ``heads_up_s``). The model is
immutable; editing means building a new one with :func:`dataclasses.replace`. Reading a
file never raises on bad content: each bad part falls back to its default and is reported
as a :class:`SettingsIssue` that names the field and says what is allowed.
"""

from __future__ import annotations

import enum
import reprlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from typing import Any

SCHEMA_VERSION = 1
"""The settings schema this build writes; see :mod:`desk_breaks.core.migrations`."""

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKDAYS = frozenset(range(5))


class Preset(enum.Enum):
    """Named shapes of the day's schedule."""

    SESSIONS = "sessions"
    """Morning, lunch and evening sessions."""
    CHECK_INS = "check-ins"
    """A check-in every so often within working hours."""
    BOTH = "both"
    CUSTOM = "custom"


class Theme(enum.Enum):
    """Colour scheme of the app's windows."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class DialogSize(enum.Enum):
    """How large the guided session window opens."""

    COMPACT = "compact"
    FULL_SCREEN = "full-screen"


@dataclass(frozen=True)
class Slot:
    """A full session at a fixed time of day."""

    id: str
    time: time
    routine: str
    weekdays: frozenset[int] = WORKDAYS
    enabled: bool = True


@dataclass(frozen=True)
class CheckIns:
    """Short check-ins at a fixed interval within working hours."""

    enabled: bool = True
    interval_min: int = 30
    start: time = time(9, 0)
    end: time = time(18, 0)
    weekdays: frozenset[int] = WORKDAYS
    routine: str = "check-in"
    clearance_min: int = 10
    """A check-in this close to a full session is left out."""


@dataclass(frozen=True)
class Prompts:
    """How prompts behave."""

    snooze_choices_min: tuple[int, ...] = (5, 10, 15)
    snooze_cap: int = 3
    heads_up_s: int = 30
    sounds: bool = False
    volume_pct: int = 60


def default_slots() -> tuple[Slot, ...]:
    """Return the three default full sessions."""
    return (
        Slot("morning", time(9, 30), "morning-mobility"),
        Slot("lunch", time(12, 30), "lunch-reset"),
        Slot("evening", time(17, 30), "evening-unwind"),
    )


@dataclass(frozen=True)
class Settings:
    """Everything the user can configure."""

    preset: Preset = Preset.BOTH
    slots: tuple[Slot, ...] = field(default_factory=default_slots)
    check_ins: CheckIns = field(default_factory=CheckIns)
    prompts: Prompts = field(default_factory=Prompts)
    idle_threshold_min: int = 5
    theme: Theme = Theme.SYSTEM
    start_at_login: bool = False
    dialog_size: DialogSize = DialogSize.COMPACT
    reduced_motion: bool = False

    def active_slots(self) -> tuple[Slot, ...]:
        """Return the slots that take part in the schedule under the chosen preset."""
        if self.preset is Preset.CHECK_INS:
            return ()
        return tuple(slot for slot in self.slots if slot.enabled and slot.weekdays)

    def check_ins_active(self) -> bool:
        """Whether check-ins take part in the schedule under the chosen preset."""
        if self.preset is Preset.SESSIONS:
            return False
        return self.check_ins.enabled and bool(self.check_ins.weekdays)

    def working_days(self) -> frozenset[int]:
        """Return the weekdays counted as working days (for "pause until tomorrow")."""
        return self.check_ins.weekdays or WORKDAYS


@dataclass(frozen=True)
class SettingsIssue:
    """A value that is not allowed, said so that a person can fix it."""

    field: str
    message: str
    fallback: str = ""
    """What was used instead when reading a file, e.g. "using 30"; empty when nothing was."""

    def __str__(self) -> str:
        text = f"{self.field}: {self.message}"
        return f"{text}; {self.fallback}" if self.fallback else text

    @property
    def problem(self) -> str:
        """The field and what is wrong with it, without what was used instead.

        For a hand edit that is refused as a whole, where nothing is used instead.
        """
        return f"{self.field}: {self.message}"


# ---------------------------------------------------------------------------------------
# Validation

MAX_SLOTS = 50
"""The most full sessions a day may hold (each is a trigger the schedule asks every time)."""

MAX_SNOOZE_CHOICES = 10
"""The most snooze choices (each is a menu entry)."""

MAX_NAME_CHARS = 100
"""The longest session name or routine id read from a file (they appear in menus)."""

LIMITS = {
    "interval_min": (5, 240),
    "snooze_min": (1, 60),
    "snooze_cap": (0, 10),
    "heads_up_s": (0, 600),
    "volume_pct": (0, 100),
    "clearance_min": (0, 60),
    "idle_threshold_min": (1, 60),
}


def validate(settings: Settings, routine_ids: Iterable[str] | None = None) -> list[SettingsIssue]:
    """Return every problem in ``settings``; an empty list means they can be used.

    ``routine_ids``, when given, are the routines that exist; a slot naming another is an
    issue.
    """
    issues: list[SettingsIssue] = []
    known = set(routine_ids) if routine_ids is not None else None

    def check_range(name: str, key: str, value: int) -> None:
        problem = _range_problem(key, value)
        if problem is not None:
            issues.append(SettingsIssue(name, problem))

    seen_ids: set[str] = set()
    seen_times: dict[tuple[time, int], str] = {}
    if len(settings.slots) > MAX_SLOTS:
        issues.append(
            SettingsIssue("slots", f"at most {MAX_SLOTS} sessions, not {len(settings.slots)}")
        )
    for slot in settings.slots:
        where = f"slots.{slot.id}"
        if slot.id in seen_ids:
            issues.append(SettingsIssue(where, "two sessions have this name"))
        seen_ids.add(slot.id)
        # The file reader trims names, so a name it would change cannot be saved as is.
        if not slot.id.strip() or slot.id != slot.id.strip():
            issues.append(SettingsIssue(where, "needs a name without spaces at either end"))
        if slot.enabled and not slot.weekdays:
            issues.append(SettingsIssue(where, "is switched on but has no weekday"))
        if not slot.routine.strip() or slot.routine != slot.routine.strip():
            issues.append(SettingsIssue(where, "needs a routine"))
        elif known is not None and slot.routine not in known:
            issues.append(SettingsIssue(where, f"the routine {slot.routine!r} does not exist"))
        if slot.enabled:
            for day in sorted(slot.weekdays):
                other = seen_times.get((slot.time, day))
                if other is not None:
                    issues.append(
                        SettingsIssue(
                            where,
                            f"starts at {slot.time:%H:%M} on {WEEKDAY_NAMES[day].title()}, "
                            f"the same time as {other!r}",
                        )
                    )
                    break
                seen_times[(slot.time, day)] = slot.id

    c = settings.check_ins
    check_range("check_ins.interval_min", "interval_min", c.interval_min)
    check_range("check_ins.clearance_min", "clearance_min", c.clearance_min)
    if c.end <= c.start:
        issues.append(
            SettingsIssue(
                "check_ins.end",
                f"working hours end at {c.end:%H:%M}, before they start at {c.start:%H:%M}",
            )
        )
    if c.enabled and not c.weekdays:
        issues.append(SettingsIssue("check_ins.weekdays", "check-ins are on but no day is chosen"))
    if not c.routine.strip() or c.routine != c.routine.strip():
        issues.append(SettingsIssue("check_ins.routine", "needs a routine"))
    elif known is not None and c.routine not in known:
        issues.append(
            SettingsIssue("check_ins.routine", f"the routine {c.routine!r} does not exist")
        )

    p = settings.prompts
    if not p.snooze_choices_min:
        issues.append(SettingsIssue("prompts.snooze_choices_min", "needs at least one choice"))
    if len(p.snooze_choices_min) > MAX_SNOOZE_CHOICES:
        issues.append(
            SettingsIssue(
                "prompts.snooze_choices_min",
                f"at most {MAX_SNOOZE_CHOICES} choices, not {len(p.snooze_choices_min)}",
            )
        )
    for minutes in p.snooze_choices_min:
        check_range("prompts.snooze_choices_min", "snooze_min", minutes)
    check_range("prompts.snooze_cap", "snooze_cap", p.snooze_cap)
    check_range("prompts.heads_up_s", "heads_up_s", p.heads_up_s)
    check_range("prompts.volume_pct", "volume_pct", p.volume_pct)
    check_range("idle_threshold_min", "idle_threshold_min", settings.idle_threshold_min)
    return issues


def _range_problem(key: str, value: int) -> str | None:
    """Say why ``value`` is outside ``LIMITS[key]``, or return None when it is inside."""
    low, high = LIMITS[key]
    if low <= value <= high:
        return None
    unit = "minutes" if key.endswith("_min") else "seconds" if key.endswith("_s") else ""
    unit = "%" if key.endswith("_pct") else unit
    what = f"{low} to {high} {unit}".strip()
    return f"must be from {what}, not {value}"


def _days_text(days: frozenset[int]) -> str:
    return ", ".join(WEEKDAY_NAMES[d] for d in sorted(days))


def repair(settings: Settings) -> tuple[Settings, list[SettingsIssue]]:
    """Return ``settings`` with every value :func:`validate` refuses put back to its default.

    This is what makes settings read from a file safe to schedule with: the result passes
    ``validate(result)`` (routines are not checked here; the library is not known yet).
    Each change is reported as an issue naming the field, why, and what is used instead.
    Where a value has no sensible default (a session's name or time), the session is left
    out or switched off rather than guessed. Valid settings come back unchanged.
    """
    issues: list[SettingsIssue] = []
    defaults = Settings()

    def ranged(name: str, key: str, value: int, default: int) -> int:
        problem = _range_problem(key, value)
        if problem is None:
            return value
        issues.append(SettingsIssue(name, problem, f"using {default}"))
        return default

    slots: list[Slot] = []
    seen_ids: set[str] = set()
    seen_times: dict[tuple[time, int], str] = {}
    if len(settings.slots) > MAX_SLOTS:
        issues.append(
            SettingsIssue(
                "slots",
                f"has {len(settings.slots)} sessions",
                f"using the first {MAX_SLOTS}",
            )
        )
    for slot in settings.slots[:MAX_SLOTS]:
        where = f"slots.{slot.id}"
        if not slot.id.strip() or slot.id != slot.id.strip():
            issues.append(
                SettingsIssue(where, "needs a name without spaces at either end", "left out")
            )
            continue
        if slot.id in seen_ids:
            issues.append(
                SettingsIssue(where, "two sessions have this name", "the second one was left out")
            )
            continue
        if not slot.routine.strip() or slot.routine != slot.routine.strip():
            issues.append(SettingsIssue(f"{where}.routine", "needs a routine", "left out"))
            continue
        seen_ids.add(slot.id)
        if slot.enabled and not slot.weekdays:
            slot = replace(slot, weekdays=WORKDAYS)
            issues.append(
                SettingsIssue(
                    f"{where}.weekdays",
                    "the session is on but has no weekday",
                    f"using {_days_text(WORKDAYS)}",
                )
            )
        if slot.enabled:
            clash = next(
                (
                    (day, seen_times[(slot.time, day)])
                    for day in sorted(slot.weekdays)
                    if (slot.time, day) in seen_times
                ),
                None,
            )
            if clash is not None:
                day, other = clash
                issues.append(
                    SettingsIssue(
                        f"{where}.time",
                        f"starts at {slot.time:%H:%M} on {WEEKDAY_NAMES[day].title()}, the "
                        f"same time as {other!r}",
                        "this session was switched off",
                    )
                )
                slot = replace(slot, enabled=False)
            else:
                for day in slot.weekdays:
                    seen_times[(slot.time, day)] = slot.id
        slots.append(slot)

    c, dc = settings.check_ins, defaults.check_ins
    start, end = c.start, c.end
    if end <= start:
        issues.append(
            SettingsIssue(
                "check_ins.end",
                f"working hours end at {end:%H:%M}, before they start at {start:%H:%M}",
                f"using {dc.start:%H:%M} to {dc.end:%H:%M}",
            )
        )
        start, end = dc.start, dc.end
    weekdays = c.weekdays
    if c.enabled and not weekdays:
        issues.append(
            SettingsIssue(
                "check_ins.weekdays",
                "check-ins are on but no day is chosen",
                f"using {_days_text(dc.weekdays)}",
            )
        )
        weekdays = dc.weekdays
    routine = c.routine
    if not routine.strip() or routine != routine.strip():
        issues.append(
            SettingsIssue("check_ins.routine", "needs a routine", f"using {dc.routine!r}")
        )
        routine = dc.routine
    check_ins = CheckIns(
        enabled=c.enabled,
        interval_min=ranged(
            "check_ins.interval_min", "interval_min", c.interval_min, dc.interval_min
        ),
        start=start,
        end=end,
        weekdays=weekdays,
        routine=routine,
        clearance_min=ranged(
            "check_ins.clearance_min", "clearance_min", c.clearance_min, dc.clearance_min
        ),
    )

    p, dp = settings.prompts, defaults.prompts
    choices = tuple(m for m in p.snooze_choices_min if _range_problem("snooze_min", m) is None)
    bad = [m for m in p.snooze_choices_min if _range_problem("snooze_min", m) is not None]
    if bad:
        # One issue for all of them: a file may list thousands.
        low, high = LIMITS["snooze_min"]
        issues.append(
            SettingsIssue(
                "prompts.snooze_choices_min",
                f"must be from {low} to {high} minutes, not {short_repr(bad)[1:-1]}",
                f"{'that choice was' if len(bad) == 1 else 'those choices were'} left out",
            )
        )
    if len(choices) > MAX_SNOOZE_CHOICES:
        issues.append(
            SettingsIssue(
                "prompts.snooze_choices_min",
                f"has {len(choices)} choices",
                f"using the first {MAX_SNOOZE_CHOICES}",
            )
        )
        choices = choices[:MAX_SNOOZE_CHOICES]
    if not choices:
        used = ", ".join(str(m) for m in dp.snooze_choices_min)
        issues.append(
            SettingsIssue(
                "prompts.snooze_choices_min", "needs at least one choice", f"using {used}"
            )
        )
        choices = dp.snooze_choices_min
    prompts = Prompts(
        snooze_choices_min=choices,
        snooze_cap=ranged("prompts.snooze_cap", "snooze_cap", p.snooze_cap, dp.snooze_cap),
        heads_up_s=ranged("prompts.heads_up_s", "heads_up_s", p.heads_up_s, dp.heads_up_s),
        sounds=p.sounds,
        volume_pct=ranged("prompts.volume_pct", "volume_pct", p.volume_pct, dp.volume_pct),
    )
    idle = ranged(
        "idle_threshold_min",
        "idle_threshold_min",
        settings.idle_threshold_min,
        defaults.idle_threshold_min,
    )
    repaired = replace(
        settings, slots=tuple(slots), check_ins=check_ins, prompts=prompts, idle_threshold_min=idle
    )
    return repaired, issues


_SHORT = reprlib.Repr()
_SHORT.maxstring = 40
_SHORT.maxother = 40
_SHORT.maxlong = 24
_SHORT.maxlevel = 2
_SHORT.maxlist = _SHORT.maxdict = 4


def short_repr(value: Any) -> str:
    """Return ``repr(value)`` cut short enough for a message a person reads.

    A value typed into a file can be a megabyte of text or a list nested hundreds deep;
    quoting it whole would drown the message (or overflow the stack).
    """
    return _SHORT.repr(value)


# ---------------------------------------------------------------------------------------
# To and from plain data (the shape of settings.toml)


def to_dict(settings: Settings) -> dict[str, Any]:
    """Return every value as plain TOML-ready data, ``schema_version`` first."""
    c = settings.check_ins
    p = settings.prompts
    return {
        "schema_version": SCHEMA_VERSION,
        "preset": settings.preset.value,
        "idle_threshold_min": settings.idle_threshold_min,
        "theme": settings.theme.value,
        "start_at_login": settings.start_at_login,
        "dialog_size": settings.dialog_size.value,
        "reduced_motion": settings.reduced_motion,
        "check_ins": {
            "enabled": c.enabled,
            "interval_min": c.interval_min,
            "start": c.start,
            "end": c.end,
            "weekdays": _days_out(c.weekdays),
            "routine": c.routine,
            "clearance_min": c.clearance_min,
        },
        "prompts": {
            "snooze_choices_min": list(p.snooze_choices_min),
            "snooze_cap": p.snooze_cap,
            "heads_up_s": p.heads_up_s,
            "sounds": p.sounds,
            "volume_pct": p.volume_pct,
        },
        "slots": [
            {
                "id": s.id,
                "time": s.time,
                "routine": s.routine,
                "weekdays": _days_out(s.weekdays),
                "enabled": s.enabled,
            }
            for s in settings.slots
        ],
    }


def _days_out(days: frozenset[int]) -> list[str]:
    return [WEEKDAY_NAMES[d] for d in sorted(days)]


def from_dict(data: Mapping[str, Any]) -> tuple[Settings, list[SettingsIssue]]:
    """Build settings from plain data, keeping the default for each unreadable part.

    Returns the settings and the issues met; unknown keys are reported, not fatal.
    """
    r = _Reader(data, "", [])
    defaults = Settings()
    preset = r.choice("preset", Preset, defaults.preset)
    idle = r.integer("idle_threshold_min", defaults.idle_threshold_min)
    theme = r.choice("theme", Theme, defaults.theme)
    start_at_login = r.boolean("start_at_login", defaults.start_at_login)
    dialog_size = r.choice("dialog_size", DialogSize, defaults.dialog_size)
    reduced_motion = r.boolean("reduced_motion", defaults.reduced_motion)
    r.ignore("schema_version")

    c = defaults.check_ins
    cr = r.sub("check_ins")
    check_ins = CheckIns(
        enabled=cr.boolean("enabled", c.enabled),
        interval_min=cr.integer("interval_min", c.interval_min),
        start=cr.clock_time("start", c.start),
        end=cr.clock_time("end", c.end),
        weekdays=cr.weekdays("weekdays", c.weekdays),
        routine=cr.text("routine", c.routine),
        clearance_min=cr.integer("clearance_min", c.clearance_min),
    )
    cr.finish()

    p = defaults.prompts
    pr = r.sub("prompts")
    prompts = Prompts(
        snooze_choices_min=pr.integers("snooze_choices_min", p.snooze_choices_min),
        snooze_cap=pr.integer("snooze_cap", p.snooze_cap),
        heads_up_s=pr.integer("heads_up_s", p.heads_up_s),
        sounds=pr.boolean("sounds", p.sounds),
        volume_pct=pr.integer("volume_pct", p.volume_pct),
    )
    pr.finish()

    slots = _read_slots(r, defaults.slots)
    r.finish()
    settings = Settings(
        preset=preset,
        slots=slots,
        check_ins=check_ins,
        prompts=prompts,
        idle_threshold_min=idle,
        theme=theme,
        start_at_login=start_at_login,
        dialog_size=dialog_size,
        reduced_motion=reduced_motion,
    )
    return settings, r.issues


def _read_slots(r: _Reader, fallback: tuple[Slot, ...]) -> tuple[Slot, ...]:
    raw = r.raw("slots")
    if raw is None:
        return fallback
    if not isinstance(raw, list):
        r.issue("slots", "must be a list of [[slots]] tables", "using the default sessions")
        return fallback
    slots: list[Slot] = []
    for index, table in enumerate(raw, start=1):
        where = f"slots[{index}]"
        if not isinstance(table, dict):
            r.issue(where, "must be a table", "this session was left out")
            continue
        sr = _Reader(table, where, r.issues)
        slot_id = sr.text("id", "")
        when = sr.required_time("time")
        routine = sr.text("routine", "")
        if not slot_id or when is None or not routine:
            r.issue(where, "needs an id, a time and a routine", "this session was left out")
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

    def __init__(self, table: Mapping[str, Any], where: str, issues: list[SettingsIssue]):
        self.table = table if isinstance(table, Mapping) else {}
        self.where = where
        self.issues = issues
        self.used: set[str] = set()

    def name(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def issue(self, key: str, message: str, fallback: str = "") -> None:
        self.issues.append(SettingsIssue(key, message, fallback))

    def raw(self, key: str) -> Any:
        self.used.add(key)
        return self.table.get(key)

    def ignore(self, key: str) -> None:
        self.used.add(key)

    def sub(self, key: str) -> _Reader:
        value = self.raw(key)
        if value is not None and not isinstance(value, Mapping):
            self.issue(self.name(key), "must be a table", "using the defaults")
            value = None
        return _Reader(value or {}, self.name(key), self.issues)

    def _bad(self, key: str, expected: str, value: Any, default: Any) -> None:
        shown = default.strftime("%H:%M") if isinstance(default, time) else default
        if isinstance(default, frozenset):
            shown = ", ".join(WEEKDAY_NAMES[d] for d in sorted(default))
        self.issue(self.name(key), f"must be {expected}, not {short_repr(value)}", f"using {shown}")

    def integer(self, key: str, default: int) -> int:
        value = self.raw(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self._bad(key, "a whole number", value, default)
            return default
        return value

    def integers(self, key: str, default: tuple[int, ...]) -> tuple[int, ...]:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            self._bad(key, "a list of whole numbers", value, list(default))
            return default
        return tuple(value)

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self._bad(key, "true or false", value, default)
            return default
        return value

    def text(self, key: str, default: str) -> str:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            self._bad(key, "a text", value, default)
            return default
        if len(value.strip()) > MAX_NAME_CHARS:
            self._bad(key, f"a text of at most {MAX_NAME_CHARS} characters", value, default)
            return default
        return value.strip()

    def choice(self, key: str, enum_type: type[Any], default: Any) -> Any:
        value = self.raw(key)
        if value is None:
            return default
        try:
            return enum_type(value)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in enum_type)
            self._bad(key, f"one of {allowed}", value, default.value)
            return default

    def clock_time(self, key: str, default: time) -> time:
        value = self.raw(key)
        if value is None:
            return default
        parsed = parse_clock_time(value)
        if parsed is None:
            self._bad(key, "a time from 00:00 to 23:59", value, default)
            return default
        return parsed

    def required_time(self, key: str) -> time | None:
        value = self.raw(key)
        parsed = parse_clock_time(value)
        if parsed is None and value is not None:
            self.issue(
                self.name(key), f"must be a time from 00:00 to 23:59, not {short_repr(value)}"
            )
        return parsed

    def weekdays(self, key: str, default: frozenset[int]) -> frozenset[int]:
        value = self.raw(key)
        if value is None:
            return default
        days = parse_weekdays(value)
        if days is None:
            self._bad(key, 'a list of day names such as ["mon", "tue"]', value, default)
            return default
        return days

    def finish(self) -> None:
        for key in sorted(set(self.table) - self.used):
            self.issue(self.name(key), "is not a setting Desk Breaks knows", "it was ignored")


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
