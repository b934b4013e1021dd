"""Settings migrations: small named functions, one per schema step.

``MIGRATIONS[n]`` turns the plain data of a version ``n`` file into version ``n + 1``.
Each is a pure function on dictionaries, tested on its own (``tests/core/test_migrations.py``
shows how a step is written and checked). A step sees the file as written: times may be
TOML times or "HH:MM" texts, and a field left at its default may be missing.

:func:`migrate` only ever lifts data up. Data from a newer schema is refused here; the
settings file reader handles that case itself by reading what it can and keeping the file.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from datetime import time
from typing import Any

from desk_breaks.core.i18n import tr
from desk_breaks.core.settings import SCHEMA_VERSION
from desk_breaks.core.settings_read import parse_clock_time, parse_weekdays

Migration = Callable[[dict[str, Any]], dict[str, Any]]

_WORKDAY_NAMES = ["mon", "tue", "wed", "thu", "fri"]


def evening_at_the_desk(data: dict[str, Any]) -> dict[str, Any]:
    """v1 -> v2: the untouched default evening session runs the desk routine (issue 13).

    Version 1 offered the floor routine "evening-unwind" at 17:30 on workdays, while the
    person is still at the desk. Only a session still exactly as shipped (id "evening",
    17:30, "evening-unwind", workdays, on) switches to "end-of-day", and the floor routine
    gets a "bedtime" session, switched off, for a time the user picks. Anything the user
    changed stays as it is. A file with no ``slots`` already gets the new defaults.
    """
    slots = data.get("slots")
    if not isinstance(slots, list):
        return data
    evening = next((s for s in slots if isinstance(s, dict) and _is_old_evening(s)), None)
    if evening is None:
        return data
    evening["routine"] = "end-of-day"
    if not any(isinstance(s, dict) and s.get("id") == "bedtime" for s in slots):
        slots.insert(
            slots.index(evening) + 1,
            {
                "id": "bedtime",
                "time": time(21, 30),
                "routine": "evening-unwind",
                "weekdays": [*_WORKDAY_NAMES, "sat", "sun"],
                "enabled": False,
            },
        )
    return data


def _is_old_evening(slot: dict[str, Any]) -> bool:
    """Whether ``slot`` is version 1's default evening session, unchanged."""
    return (
        slot.get("id") == "evening"
        and parse_clock_time(slot.get("time")) == time(17, 30)
        and slot.get("routine") == "evening-unwind"
        and parse_weekdays(slot.get("weekdays", _WORKDAY_NAMES)) == frozenset(range(5))
        and slot.get("enabled", True) is True
    )


MIGRATIONS: dict[int, Migration] = {1: evening_at_the_desk}
"""From-version to the function that lifts a file one version up."""


class MigrationError(ValueError):
    """A file's version has no path to the current schema."""


def migrate(
    data: Mapping[str, Any],
    version: int,
    *,
    steps: Mapping[int, Migration] | None = None,
    target: int = SCHEMA_VERSION,
) -> dict[str, Any]:
    """Return ``data`` lifted from ``version`` to ``target`` by ``steps``, one at a time.

    ``steps`` defaults to :data:`MIGRATIONS`; tests pass their own table. The input is not
    changed. Raises :class:`MigrationError` for a version newer than ``target`` (never
    silently downgraded) or one with a missing step.
    """
    table = MIGRATIONS if steps is None else steps
    if version > target:
        raise MigrationError(
            tr(
                "settings version {version} is newer than this Desk Breaks knows ({known})",
                version=version,
                known=target,
            )
        )
    # A deep copy, so a step may edit nested tables in place without touching the caller's.
    current = copy.deepcopy(dict(data))
    while version < target:
        step = table.get(version)
        if step is None:
            raise MigrationError(
                tr("settings version {version} cannot be upgraded", version=version)
            )
        current = step(current)
        version += 1
    current["schema_version"] = target
    return current
