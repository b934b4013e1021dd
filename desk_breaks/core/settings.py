"""The settings: the model (from :mod:`~desk_breaks.core.settings_schema`), its rules, writing.

Every field of :class:`Settings` carries its unit in its name (``interval_min``,
``heads_up_s``) and a :class:`Spec` in its metadata, which :func:`validate`, :func:`repair`,
:func:`to_dict`, the reader (:mod:`desk_breaks.core.settings_read`) and the settings
dialog all walk: adding a whole-number setting is one edit, the field. The rules that
span several fields (working hours, sessions at the same time, how many snooze choices)
are written out here. The model is immutable; editing means :func:`dataclasses.replace`.
"""

from __future__ import annotations

import enum
import reprlib
from collections.abc import Iterable, Mapping
from dataclasses import fields, is_dataclass, replace
from datetime import time
from typing import Any, get_type_hints

from desk_breaks.core.i18n import LANGUAGES, WEEKDAYS_SHORT, Text, time_text
from desk_breaks.core.settings_schema import (
    SCHEMA_VERSION,
    SPEC,
    SYSTEM_LANGUAGE,
    WEEKDAY_NAMES,
    WORKDAYS,
    CheckIns,
    CoachSettings,
    DialogSize,
    IssueCode,
    Path,
    Preset,
    Prompts,
    Setting,
    Settings,
    SettingsIssue,
    Slot,
    Spec,
    Theme,
    default_slots,
    path_text,
    ranged,
    replaced_at,
    settings_of,
    spec,
    spec_at,
    table_rank,
    value_at,
)

__all__ = [
    "LIMITS",
    "MAX_NAME_CHARS",
    "MAX_SLOTS",
    "MAX_SNOOZE_CHOICES",
    "SCHEMA_VERSION",
    "SPEC",
    "SYSTEM_LANGUAGE",
    "WEEKDAY_NAMES",
    "WORKDAYS",
    "CheckIns",
    "CoachSettings",
    "DialogSize",
    "IssueCode",
    "Path",
    "Preset",
    "Prompts",
    "Setting",
    "Settings",
    "SettingsIssue",
    "Slot",
    "Spec",
    "Theme",
    "default_slots",
    "language_choices",
    "path_text",
    "ranged",
    "repair",
    "replaced_at",
    "settings_of",
    "short_repr",
    "spec",
    "spec_at",
    "table_rank",
    "to_dict",
    "validate",
    "value_at",
]

MAX_SLOTS = 50
"""The most full sessions a day may hold (each is a trigger the schedule asks every time)."""

MAX_SNOOZE_CHOICES = 10
"""The most snooze choices (each is a menu entry)."""

MAX_NAME_CHARS = 100
"""The longest session name or routine id read from a file (they appear in menus)."""

LIMITS = {s.name: s.spec.limits for s in ranged() if s.spec.limits is not None}
"""The limits of every ranged setting by dotted name, as read from the specs."""


def validate(settings: Settings, routine_ids: Iterable[str] | None = None) -> list[SettingsIssue]:
    """Return every problem in ``settings``; an empty list means they can be used.

    ``routine_ids``, when given, are the routines that exist; a slot naming another is an
    issue.
    """
    issues = _slot_issues(settings.slots, set(routine_ids) if routine_ids is not None else None)
    for setting in ranged(type(settings)):
        value = value_at(settings, setting.path)
        for number in value if setting.is_int_list else (value,):
            problem = setting.spec.range_problem(number)
            if problem is not None:
                issues.append(SettingsIssue(setting.path, IssueCode.OUT_OF_RANGE, problem))
    issues += _check_in_rules(settings.check_ins, type(settings.check_ins)(), "")[1]
    known = set(routine_ids) if routine_ids is not None else None
    routine = settings.check_ins.routine
    if known is not None and _is_name(routine) and routine not in known:
        issues.append(
            SettingsIssue(
                ("check_ins", "routine"),
                IssueCode.UNKNOWN_ROUTINE,
                Text("the routine {routine!r} does not exist", routine=routine),
            )
        )
    choices = settings.prompts.snooze_choices_min
    issues += _snooze_rules(choices, Prompts().snooze_choices_min, repairing=False)[1]
    issues += _language_rules(settings.language, "")
    return issues


def repair(settings: Settings) -> tuple[Settings, list[SettingsIssue]]:
    """Return ``settings`` with every value :func:`validate` refuses put back to its default.

    This is what makes settings read from a file safe to schedule with: the result passes
    ``validate(result)`` (routines are not checked here; the library is not known yet).
    Each change is reported as an issue naming the field, why, and what is used instead.
    Where a value has no sensible default (a session's name or time), the session is left
    out or switched off rather than guessed. Valid settings come back unchanged.
    """
    slots, issues = _repair_slots(settings.slots)
    check_ins, found = _check_in_rules(settings.check_ins, type(settings.check_ins)(), "using")
    issues += found
    repaired = replace(settings, slots=slots, check_ins=check_ins)
    for setting in ranged(type(settings)):
        value = value_at(repaired, setting.path)
        if setting.is_int_list:
            value, found = _repair_items(setting, value)
            issues += found
        elif (problem := setting.spec.range_problem(value)) is not None:
            issues.append(
                SettingsIssue(
                    setting.path,
                    IssueCode.OUT_OF_RANGE,
                    problem,
                    Text("using {value}", value=setting.default),
                )
            )
            value = setting.default
        repaired = replaced_at(repaired, setting.path, value)
    choices, found = _snooze_rules(
        repaired.prompts.snooze_choices_min, Prompts().snooze_choices_min, repairing=True
    )
    issues += found
    prompts = replace(repaired.prompts, snooze_choices_min=choices)
    found = _language_rules(repaired.language, "using")
    if found:
        issues += found
        repaired = replace(repaired, language=SYSTEM_LANGUAGE)
    return replace(repaired, prompts=prompts), issues


def language_choices() -> tuple[str, ...]:
    """The values the ``language`` setting takes: "system", then each language's code."""
    return (SYSTEM_LANGUAGE, *LANGUAGES)


def _language_rules(language: str, fallback_word: str) -> list[SettingsIssue]:
    """An issue when ``language`` is not "system" or a language there is a translation for."""
    allowed = language_choices()
    if language in allowed:
        return []
    expected = ", ".join(repr(code) for code in allowed)
    message = Text(
        "must be one of {allowed}, not {value}", allowed=expected, value=short_repr(language)
    )
    fallback = Text("using {value}", value=SYSTEM_LANGUAGE) if fallback_word else ""
    return [SettingsIssue(("language",), IssueCode.WRONG_TYPE, message, fallback)]


def _repair_items(setting: Setting, values: tuple[int, ...]) -> tuple[Any, list[SettingsIssue]]:
    """Leave out the numbers of a list that are outside its limits; one issue for all."""
    bad = [v for v in values if setting.spec.range_problem(v) is not None]
    if not bad:
        return values, []
    # One issue for all of them: a file may list thousands.
    issue = SettingsIssue(
        setting.path,
        IssueCode.OUT_OF_RANGE,
        Text(
            "must be from {range}, not {value}",
            range=setting.spec.range_text(),
            value=short_repr(bad)[1:-1],
        ),
        Text("that choice was left out") if len(bad) == 1 else Text("those choices were left out"),
    )
    return tuple(v for v in values if setting.spec.range_problem(v) is None), [issue]


def _is_name(text: str) -> bool:
    """Whether ``text`` is a name the file reader keeps as is (no spaces at either end)."""
    return bool(text.strip()) and text == text.strip()


def _days_text(days: frozenset[int]) -> str:
    return ", ".join(WEEKDAY_NAMES[d] for d in sorted(days))


def _check_in_rules(c: CheckIns, dc: CheckIns, using: str) -> tuple[CheckIns, list[SettingsIssue]]:
    """The rules across check-in fields; with ``using``, each breach falls back to ``dc``."""
    issues: list[SettingsIssue] = []

    def issue(key: str, code: IssueCode, message: str, fallback: str) -> None:
        used = Text("using {value}", value=fallback) if using else ""
        issues.append(SettingsIssue(("check_ins", key), code, message, used))

    if c.end <= c.start:
        issue(
            "end",
            IssueCode.END_BEFORE_START,
            Text(
                "working hours end at {end}, before they start at {start}",
                end=time_text(c.end),
                start=time_text(c.start),
            ),
            Text("{start} to {end}", "hours", start=time_text(dc.start), end=time_text(dc.end)),
        )
        c = replace(c, start=dc.start, end=dc.end)
    if c.enabled and not c.weekdays:
        issue(
            "weekdays",
            IssueCode.NO_WEEKDAY,
            Text("check-ins are on but no day is chosen"),
            _days_text(dc.weekdays),
        )
        c = replace(c, weekdays=dc.weekdays)
    if not _is_name(c.routine):
        issue("routine", IssueCode.MISSING, Text("needs a routine"), repr(dc.routine))
        c = replace(c, routine=dc.routine)
    return c, issues


def _snooze_rules(
    choices: tuple[int, ...], default: tuple[int, ...], *, repairing: bool
) -> tuple[tuple[int, ...], list[SettingsIssue]]:
    """How many snooze choices there may be; when ``repairing``, cut to fit."""
    where = ("prompts", "snooze_choices_min")
    issues: list[SettingsIssue] = []
    if len(choices) > MAX_SNOOZE_CHOICES:
        if repairing:
            issues.append(
                SettingsIssue(
                    where,
                    IssueCode.TOO_MANY,
                    Text("has {count} choices", count=len(choices)),
                    Text("using the first {count}", count=MAX_SNOOZE_CHOICES),
                )
            )
            choices = choices[:MAX_SNOOZE_CHOICES]
        else:
            issues.append(
                SettingsIssue(
                    where,
                    IssueCode.TOO_MANY,
                    Text(
                        "at most {most} choices, not {count}",
                        most=MAX_SNOOZE_CHOICES,
                        count=len(choices),
                    ),
                )
            )
    if not choices:
        used = ", ".join(str(m) for m in default)
        issues.append(
            SettingsIssue(
                where,
                IssueCode.MISSING,
                Text("needs at least one choice"),
                Text("using {value}", value=used) if repairing else "",
            )
        )
        choices = default
    return choices, issues


def _slot_issues(slots: tuple[Slot, ...], known: set[str] | None) -> list[SettingsIssue]:
    """The rules across sessions, as :func:`validate` reports them (by session name)."""
    issues: list[SettingsIssue] = []
    seen_ids: set[str] = set()
    seen_times: dict[tuple[time, int], str] = {}
    if len(slots) > MAX_SLOTS:
        issues.append(
            SettingsIssue(
                ("slots",),
                IssueCode.TOO_MANY,
                Text("at most {most} sessions, not {count}", most=MAX_SLOTS, count=len(slots)),
            )
        )
    for slot in slots:
        where = ("slots", slot.id)
        if slot.id in seen_ids:
            issues.append(
                SettingsIssue(where, IssueCode.DUPLICATE_NAME, Text("two sessions have this name"))
            )
        seen_ids.add(slot.id)
        # The file reader trims names, so a name it would change cannot be saved as is.
        if not _is_name(slot.id):
            issues.append(
                SettingsIssue(
                    where, IssueCode.BAD_NAME, Text("needs a name without spaces at either end")
                )
            )
        if slot.enabled and not slot.weekdays:
            issues.append(
                SettingsIssue(
                    where, IssueCode.NO_WEEKDAY, Text("is switched on but has no weekday")
                )
            )
        if not _is_name(slot.routine):
            issues.append(SettingsIssue(where, IssueCode.MISSING, Text("needs a routine")))
        elif known is not None and slot.routine not in known:
            issues.append(
                SettingsIssue(
                    where,
                    IssueCode.UNKNOWN_ROUTINE,
                    Text("the routine {routine!r} does not exist", routine=slot.routine),
                )
            )
        if slot.enabled:
            for day in sorted(slot.weekdays):
                clash = _clash(slot, day, seen_times)
                if clash is not None:
                    issues.append(SettingsIssue(where, IssueCode.DUPLICATE_TIME, clash))
                    break
                seen_times[(slot.time, day)] = slot.id
    return issues


def _clash(slot: Slot, day: int, seen_times: Mapping[tuple[time, int], str]) -> str | None:
    """Say which earlier session starts at the same time as ``slot`` on ``day``, if one does."""
    other = seen_times.get((slot.time, day))
    if other is None:
        return None
    return Text(
        "starts at {time} on {weekday}, the same time as {other!r}",
        time=time_text(slot.time),
        weekday=Text(WEEKDAYS_SHORT[day], "weekday, short"),
        other=other,
    )


def _repair_slots(slots: tuple[Slot, ...]) -> tuple[tuple[Slot, ...], list[SettingsIssue]]:
    """Leave out, fix or switch off each session :func:`validate` would refuse."""
    issues: list[SettingsIssue] = []
    kept: list[Slot] = []
    seen_ids: set[str] = set()
    seen_times: dict[tuple[time, int], str] = {}
    if len(slots) > MAX_SLOTS:
        issues.append(
            SettingsIssue(
                ("slots",),
                IssueCode.TOO_MANY,
                Text("has {count} sessions", count=len(slots)),
                Text("using the first {count}", count=MAX_SLOTS),
            )
        )
    for slot in slots[:MAX_SLOTS]:
        where = ("slots", slot.id)
        if not _is_name(slot.id):
            issues.append(
                SettingsIssue(
                    where,
                    IssueCode.BAD_NAME,
                    Text("needs a name without spaces at either end"),
                    Text("left out"),
                )
            )
            continue
        if slot.id in seen_ids:
            issues.append(
                SettingsIssue(
                    where,
                    IssueCode.DUPLICATE_NAME,
                    Text("two sessions have this name"),
                    Text("the second one was left out"),
                )
            )
            continue
        if not _is_name(slot.routine):
            issues.append(
                SettingsIssue(
                    (*where, "routine"),
                    IssueCode.MISSING,
                    Text("needs a routine"),
                    Text("left out"),
                )
            )
            continue
        seen_ids.add(slot.id)
        if slot.enabled and not slot.weekdays:
            slot = replace(slot, weekdays=WORKDAYS)
            issues.append(
                SettingsIssue(
                    (*where, "weekdays"),
                    IssueCode.NO_WEEKDAY,
                    Text("the session is on but has no weekday"),
                    Text("using {value}", value=_days_text(WORKDAYS)),
                )
            )
        clashes = (_clash(slot, day, seen_times) for day in sorted(slot.weekdays))
        clash = next((text for text in clashes if text is not None), None)
        if slot.enabled and clash is not None:
            issues.append(
                SettingsIssue(
                    (*where, "time"),
                    IssueCode.DUPLICATE_TIME,
                    clash,
                    Text("this session was switched off"),
                )
            )
            slot = replace(slot, enabled=False)
        elif slot.enabled:
            seen_times.update({(slot.time, day): slot.id for day in slot.weekdays})
        kept.append(slot)
    return tuple(kept), issues


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
# To plain data (the shape of settings.toml); reading is in settings_read.


def to_dict(settings: Settings) -> dict[str, Any]:
    """Return every value as plain TOML-ready data, ``schema_version`` first."""
    return {"schema_version": SCHEMA_VERSION, **_table_out(settings)}


def _table_out(table: Any) -> dict[str, Any]:
    # Plain values first, then sections, then lists of tables: the order the file shows.
    hints = get_type_hints(type(table))
    names = sorted((f.name for f in fields(table)), key=lambda name: table_rank(hints[name]))
    return {name: _value_out(getattr(table, name)) for name in names}


def _value_out(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, frozenset):
        return [WEEKDAY_NAMES[d] for d in sorted(value)]
    if is_dataclass(value):
        return _table_out(value)
    if isinstance(value, tuple):
        return [_value_out(item) for item in value]
    return value
