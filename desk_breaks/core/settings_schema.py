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

from desk_breaks.core.i18n import N_, Text
from desk_breaks.core.settings_spec import SPEC as SPEC
from desk_breaks.core.settings_spec import Spec as Spec
from desk_breaks.core.settings_spec import spec as spec

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

# In settings_spec (imported here, so this stays the one place to import from).

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


SYSTEM_LANGUAGE = "system"
"""The ``language`` setting's value for "the desktop's language"."""

CHECK_INS = "Check-ins"


@dataclass(frozen=True)
class CheckIns:
    """Short check-ins at a fixed interval within working hours."""

    enabled: bool = field(default=True, metadata=spec(N_("&Offer short check-ins"), CHECK_INS))
    interval_min: int = field(
        default=30,
        metadata=spec(
            N_("&Interval:"),
            CHECK_INS,
            limits=(5, 240),
            unit="min",
            description=N_("Check-in interval in minutes"),
        ),
    )
    start: time = field(default=time(9, 0), metadata=spec(N_("&Working hours:"), CHECK_INS))
    end: time = field(default=time(18, 0), metadata=spec(N_("&Working hours:"), CHECK_INS))
    weekdays: frozenset[int] = field(default=WORKDAYS, metadata=spec(N_("Da&ys:"), CHECK_INS))
    routine: str = field(default="check-in", metadata=spec(N_("&Routine:"), CHECK_INS))
    clearance_min: int = field(
        default=10,
        metadata=spec(
            N_("&Leave out within:"),
            CHECK_INS,
            limits=(0, 60),
            unit="min",
            description=N_("Leave out check-ins this close to a session"),
            note=N_("A check-in this close to a full session is left out."),
        ),
    )
    """A check-in this close to a full session is left out."""


@dataclass(frozen=True)
class Prompts:
    """How prompts behave."""

    snooze_choices_min: tuple[int, ...] = field(
        default=(5, 10, 15),
        metadata=spec(
            N_("S&nooze choices:"),
            "Prompts",
            limits=(1, 60),
            unit="min",
            description=N_("Snooze choices in minutes, separated by commas"),
            note=N_("Minutes, separated by commas: 5, 10, 15."),
        ),
    )
    snooze_cap: int = field(
        default=3,
        metadata=spec(
            N_("Snoozes &per session:"),
            "Prompts",
            limits=(0, 10),
            description=N_("Snoozes allowed per session"),
            zero_text=N_("No snoozing"),
        ),
    )
    heads_up_s: int = field(
        default=30,
        metadata=spec(
            N_("&Heads-up:"),
            "Prompts",
            limits=(0, 600),
            unit="s",
            description=N_("Heads-up before a session in seconds"),
            note=N_("A quiet notice this long before a full session starts."),
            zero_text=N_("None"),
        ),
    )
    sounds: bool = field(
        default=False,
        metadata=spec(
            N_("Play a soft &sound at each step"), "Prompts", description=N_("Play sounds")
        ),
    )
    volume_pct: int = field(
        default=60,
        metadata=spec(
            N_("&Volume:"),
            "Prompts",
            limits=(0, 100),
            unit="%",
            description=N_("Sound volume in percent"),
        ),
    )


COACH = "Coach"


@dataclass(frozen=True)
class CoachSettings:
    """What the coach may ask: both questions are optional and never block anything."""

    ask_feeling: bool = field(
        default=True,
        metadata=spec(
            N_("Ask how my neck feels after a &session"),
            COACH,
            description=N_("Ask how my neck feels after a session"),
        ),
    )
    daily_journal: bool = field(
        default=True,
        metadata=spec(
            N_("Offer a daily &comfort rating"),
            COACH,
            description=N_("Offer a daily comfort rating"),
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

    preset: Preset = field(default=Preset.BOTH, metadata=spec(N_("Plan"), "Schedule"))
    slots: tuple[Slot, ...] = field(
        default_factory=default_slots, metadata=spec(N_("Full sessions"), "Schedule")
    )
    check_ins: CheckIns = field(default_factory=CheckIns, metadata=spec(N_("Check-ins"), CHECK_INS))
    prompts: Prompts = field(default_factory=Prompts, metadata=spec(N_("Prompts"), "Prompts"))
    coach: CoachSettings = field(default_factory=CoachSettings, metadata=spec(N_("Coach"), COACH))
    idle_threshold_min: int = field(
        default=5,
        metadata=spec(
            N_("&Natural break after:"),
            "General",
            limits=(1, 60),
            unit="min",
            description=N_("Natural break after minutes away"),
            note=N_("Time away from the keyboard this long counts as a break."),
        ),
    )
    theme: Theme = field(default=Theme.SYSTEM, metadata=spec(N_("&Theme:"), "General"))
    language: str = field(default=SYSTEM_LANGUAGE, metadata=spec(N_("Lan&guage:"), "General"))
    """"system" (follow the desktop) or a code of :data:`desk_breaks.core.i18n.LANGUAGES`."""
    start_at_login: bool = field(
        default=False,
        metadata=spec(
            N_("Start Desk Breaks when I &log in"),
            "General",
            description=N_("Start Desk Breaks at login"),
        ),
    )
    dialog_size: DialogSize = field(
        default=DialogSize.COMPACT,
        metadata=spec(N_("Sessions &open in:"), "General", description=N_("Session window size")),
    )
    reduced_motion: bool = field(
        default=False,
        metadata=spec(
            N_("&Reduce motion (no growing circle while breathing)"),
            "General",
            description=N_("Reduce motion"),
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
        return str(self.said)

    @property
    def said(self) -> Text:
        """The field, what is wrong and what was used instead, said again on demand."""
        if self.fallback:
            return Text(
                "{field}: {problem}; {fallback}",
                "settings issue",
                field=self.field,
                problem=self.message,
                fallback=self.fallback,
            )
        return Text("{field}: {problem}", "settings issue", field=self.field, problem=self.message)

    @property
    def problem(self) -> str:
        """The field and what is wrong with it, without what was used instead.

        For a hand edit that is refused as a whole, where nothing is used instead.
        """
        return f"{self.field}: {self.message}"
