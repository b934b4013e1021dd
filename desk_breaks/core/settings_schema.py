"""The typed settings model, each setting described once, and the issues found in them.

Import these names from :mod:`desk_breaks.core.settings`, which adds validation, repair
and writing; this module is the part every other settings module builds on.

Every field carries its unit in its name (``interval_min``, ``heads_up_s``) and a
:class:`Spec` in its metadata: its label and page in the settings dialog and, for whole
numbers, its limits and unit. :func:`settings_of` walks that description; the range
checks, the writing, the reading and the dialog's widgets are all driven by it.

Each problem found in settings is a :class:`SettingsIssue` with the path of the field, an
:class:`IssueCode` to act on and a message to show.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import time
from typing import Any, get_args, get_origin, get_type_hints

SCHEMA_VERSION = 2
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


# ---------------------------------------------------------------------------------------
# The description of one setting

SPEC = "desk_breaks.spec"
"""The key of a field's :class:`Spec` in its dataclass metadata."""

UNIT_WORDS = {"min": "minutes", "s": "seconds", "%": "%"}
"""How a unit reads in a message ("must be from 5 to 240 minutes")."""


@dataclass(frozen=True)
class Spec:
    """Everything said about one setting besides its type and default."""

    label: str
    """The dialog's label, with its ``&`` shortcut."""
    page: str
    """The settings page that shows it."""
    limits: tuple[int, int] | None = None
    """The lowest and highest whole number allowed (for each item of a list)."""
    unit: str = ""
    """``"min"``, ``"s"`` or ``"%"``: the suffix in the dialog, a word in messages."""
    description: str = ""
    """What a screen reader says for the field; the label without ``&`` when empty."""
    note: str = ""
    """A line of help shown under the field."""
    zero_text: str = ""
    """What the dialog shows for the lowest value instead of the number ("None")."""

    @property
    def accessible_name(self) -> str:
        """The field's name for screen readers."""
        return self.description or self.label.replace("&", "").rstrip(":")

    @property
    def suffix(self) -> str:
        """The unit as a spin box shows it after the number (" min")."""
        return f" {self.unit}" if self.unit else ""

    def range_problem(self, value: int) -> str | None:
        """Say why ``value`` is outside the limits, or return None when it is inside."""
        if self.limits is None:
            return None
        low, high = self.limits
        if low <= value <= high:
            return None
        return f"must be from {self.range_text()}, not {value}"

    def range_text(self) -> str:
        """The limits in words: "5 to 240 minutes"."""
        assert self.limits is not None
        low, high = self.limits
        return f"{low} to {high} {UNIT_WORDS.get(self.unit, self.unit)}".strip()


def spec(
    label: str,
    page: str,
    *,
    limits: tuple[int, int] | None = None,
    unit: str = "",
    description: str = "",
    note: str = "",
    zero_text: str = "",
) -> dict[str, Spec]:
    """Return dataclass field metadata that describes a setting (see :class:`Spec`)."""
    return {SPEC: Spec(label, page, limits, unit, description, note, zero_text)}


# ---------------------------------------------------------------------------------------
# The model


@dataclass(frozen=True)
class Slot:
    """A full session at a fixed time of day."""

    id: str
    time: time
    routine: str
    weekdays: frozenset[int] = WORKDAYS
    enabled: bool = True


CHECK_INS = "Check-ins"


@dataclass(frozen=True)
class CheckIns:
    """Short check-ins at a fixed interval within working hours."""

    enabled: bool = field(default=True, metadata=spec("&Offer short check-ins", CHECK_INS))
    interval_min: int = field(
        default=30,
        metadata=spec(
            "&Interval:",
            CHECK_INS,
            limits=(5, 240),
            unit="min",
            description="Check-in interval in minutes",
        ),
    )
    start: time = field(default=time(9, 0), metadata=spec("&Working hours:", CHECK_INS))
    end: time = field(default=time(18, 0), metadata=spec("&Working hours:", CHECK_INS))
    weekdays: frozenset[int] = field(default=WORKDAYS, metadata=spec("Da&ys:", CHECK_INS))
    routine: str = field(default="check-in", metadata=spec("&Routine:", CHECK_INS))
    clearance_min: int = field(
        default=10,
        metadata=spec(
            "&Leave out within:",
            CHECK_INS,
            limits=(0, 60),
            unit="min",
            description="Leave out check-ins this close to a session",
            note="A check-in this close to a full session is left out.",
        ),
    )
    """A check-in this close to a full session is left out."""


@dataclass(frozen=True)
class Prompts:
    """How prompts behave."""

    snooze_choices_min: tuple[int, ...] = field(
        default=(5, 10, 15),
        metadata=spec(
            "S&nooze choices:",
            "Prompts",
            limits=(1, 60),
            unit="min",
            description="Snooze choices in minutes, separated by commas",
            note="Minutes, separated by commas: 5, 10, 15.",
        ),
    )
    snooze_cap: int = field(
        default=3,
        metadata=spec(
            "Snoozes &per session:",
            "Prompts",
            limits=(0, 10),
            description="Snoozes allowed per session",
            zero_text="No snoozing",
        ),
    )
    heads_up_s: int = field(
        default=30,
        metadata=spec(
            "&Heads-up:",
            "Prompts",
            limits=(0, 600),
            unit="s",
            description="Heads-up before a session in seconds",
            note="A quiet notice this long before a full session starts.",
            zero_text="None",
        ),
    )
    sounds: bool = field(
        default=False,
        metadata=spec("Play a soft &sound at each step", "Prompts", description="Play sounds"),
    )
    volume_pct: int = field(
        default=60,
        metadata=spec(
            "&Volume:",
            "Prompts",
            limits=(0, 100),
            unit="%",
            description="Sound volume in percent",
        ),
    )


COACH = "Coach"


@dataclass(frozen=True)
class CoachSettings:
    """What the coach may ask: both questions are optional and never block anything."""

    ask_feeling: bool = field(
        default=True,
        metadata=spec(
            "Ask how my neck feels after a &session",
            COACH,
            description="Ask how my neck feels after a session",
        ),
    )
    daily_journal: bool = field(
        default=True,
        metadata=spec(
            "Offer a daily &comfort rating",
            COACH,
            description="Offer a daily comfort rating",
        ),
    )


EVERY_DAY = frozenset(range(7))


def default_slots() -> tuple[Slot, ...]:
    """Return the default full sessions: three on workdays at the desk, and bedtime.

    The evening session is the desk routine (at 17:30 the person is still at work); the
    floor routine waits in the "bedtime" slot, off until the user picks its time.
    """
    return (
        Slot("morning", time(9, 30), "morning-mobility"),
        Slot("lunch", time(12, 30), "lunch-reset"),
        Slot("evening", time(17, 30), "end-of-day"),
        Slot("bedtime", time(21, 30), "evening-unwind", EVERY_DAY, enabled=False),
    )


@dataclass(frozen=True)
class Settings:
    """Everything the user can configure."""

    preset: Preset = field(default=Preset.BOTH, metadata=spec("Plan", "Schedule"))
    slots: tuple[Slot, ...] = field(
        default_factory=default_slots, metadata=spec("Full sessions", "Schedule")
    )
    check_ins: CheckIns = field(default_factory=CheckIns, metadata=spec("Check-ins", CHECK_INS))
    prompts: Prompts = field(default_factory=Prompts, metadata=spec("Prompts", "Prompts"))
    coach: CoachSettings = field(default_factory=CoachSettings, metadata=spec("Coach", COACH))
    idle_threshold_min: int = field(
        default=5,
        metadata=spec(
            "&Natural break after:",
            "General",
            limits=(1, 60),
            unit="min",
            description="Natural break after minutes away",
            note="Time away from the keyboard this long counts as a break.",
        ),
    )
    theme: Theme = field(default=Theme.SYSTEM, metadata=spec("&Theme:", "General"))
    start_at_login: bool = field(
        default=False,
        metadata=spec(
            "Start Desk Breaks when I &log in",
            "General",
            description="Start Desk Breaks at login",
        ),
    )
    dialog_size: DialogSize = field(
        default=DialogSize.COMPACT,
        metadata=spec("Sessions &open in:", "General", description="Session window size"),
    )
    reduced_motion: bool = field(
        default=False,
        metadata=spec(
            "&Reduce motion (no growing circle while breathing)",
            "General",
            description="Reduce motion",
        ),
    )

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


# ---------------------------------------------------------------------------------------
# Walking the description

Path = tuple[str | int, ...]
"""Where a value is: field names, slot ids, and list positions (ints, from 0)."""


@dataclass(frozen=True)
class Setting:
    """One setting as the walkers see it: where it is, its type, default and spec."""

    path: tuple[str, ...]
    kind: Any
    """The field's type: ``int``, ``bool``, ``str``, ``time``, an enum, a dataclass
    (a section), or a ``frozenset`` / ``tuple`` alias."""
    default: Any
    spec: Spec

    @property
    def name(self) -> str:
        """The dotted name, as in messages: ``check_ins.interval_min``."""
        return ".".join(self.path)

    @property
    def is_int(self) -> bool:
        """Whether it holds one whole number."""
        return self.kind is int

    @property
    def is_int_list(self) -> bool:
        """Whether it holds a list of whole numbers."""
        return get_origin(self.kind) is tuple and get_args(self.kind)[0] is int


_WALKED: dict[tuple[Any, tuple[str, ...]], tuple[Setting, ...]] = {}
"""Walks already made: validation walks the fields on every edit in the dialog."""


def settings_of(cls: type[Any] = Settings, prefix: tuple[str, ...] = ()) -> tuple[Setting, ...]:
    """Return the settings of the dataclass ``cls``, sections before their contents.

    In the order the file is written: plain values first, then sections (their own
    settings right after them), then lists of tables.
    """
    key = (cls, prefix)
    if key not in _WALKED:
        _WALKED[key] = _walk(cls, prefix)
    return _WALKED[key]


def _walk(cls: type[Any], prefix: tuple[str, ...]) -> tuple[Setting, ...]:
    hints = get_type_hints(cls)
    found: list[Setting] = []
    for f in sorted(fields(cls), key=lambda f: table_rank(hints[f.name])):
        default = f.default_factory() if callable(f.default_factory) else f.default
        found.append(Setting((*prefix, f.name), hints[f.name], default, f.metadata[SPEC]))
        if is_dataclass(hints[f.name]):
            found.extend(settings_of(hints[f.name], (*prefix, f.name)))
    return tuple(found)


def table_rank(kind: Any) -> int:
    """0 for a plain value, 1 for a section, 2 for a list of tables (the file's order)."""
    if is_dataclass(kind):
        return 1
    args = get_args(kind)
    return 2 if get_origin(kind) is tuple and args and is_dataclass(args[0]) else 0


def ranged(cls: type[Any] = Settings) -> Iterator[Setting]:
    """Every setting of ``cls`` with limits: whole numbers, and lists of them."""
    return (s for s in settings_of(cls) if s.spec.limits is not None)


def value_at(settings: Any, path: Iterable[str]) -> Any:
    """Return the value at the field ``path`` of ``settings``."""
    for part in path:
        settings = getattr(settings, part)
    return settings


def replaced_at(settings: Any, path: tuple[str, ...], value: Any) -> Any:
    """Return ``settings`` with the value at the field ``path`` replaced."""
    head, *rest = path
    if rest:
        value = replaced_at(getattr(settings, head), tuple(rest), value)
    return replace(settings, **{head: value})


def spec_at(path: Path) -> Spec | None:
    """Return the spec of the deepest field named along ``path``, or None."""
    found: Spec | None = None
    for setting in settings_of():
        if setting.path == tuple(path[: len(setting.path)]):
            found = setting.spec
    return found


# ---------------------------------------------------------------------------------------
# Issues


class IssueCode(enum.Enum):
    """What kind of problem an issue is, for code that acts on it (never the wording)."""

    OUT_OF_RANGE = "out-of-range"
    WRONG_TYPE = "wrong-type"
    """Not the kind of value the field holds (or text that cannot be read as one)."""
    TOO_LONG = "too-long"
    MISSING = "missing"
    """Something required is not there; the message starts "needs"."""
    BAD_NAME = "bad-name"
    """A name with spaces at either end; the message starts "needs"."""
    UNKNOWN_KEY = "unknown-key"
    UNKNOWN_ROUTINE = "unknown-routine"
    DUPLICATE_NAME = "duplicate-name"
    DUPLICATE_TIME = "duplicate-time"
    """Two sessions at the same time; the message starts "starts at"."""
    NO_WEEKDAY = "no-weekday"
    """Switched on without a day; for a session the message starts "is switched on"."""
    END_BEFORE_START = "end-before-start"
    TOO_MANY = "too-many"
    BAD_VERSION = "bad-version"


def path_text(path: Path) -> str:
    """Return ``path`` as messages show it: ``slots.lunch.time``, ``slots[2].time``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True)
class SettingsIssue:
    """A value that is not allowed, said so that a person can fix it."""

    path: Path
    """Where the value is; see :data:`Path`."""
    code: IssueCode
    message: str
    fallback: str = ""
    """What was used instead when reading a file, e.g. "using 30"; empty when nothing was."""

    @property
    def field(self) -> str:
        """The dotted name of the field, as messages show it."""
        return path_text(self.path)

    def __str__(self) -> str:
        text = f"{self.field}: {self.message}"
        return f"{text}; {self.fallback}" if self.fallback else text

    @property
    def problem(self) -> str:
        """The field and what is wrong with it, without what was used instead.

        For a hand edit that is refused as a whole, where nothing is used instead.
        """
        return f"{self.field}: {self.message}"
