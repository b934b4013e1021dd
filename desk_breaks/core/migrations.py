"""Settings migrations: small named functions, one per schema step.

``MIGRATIONS[n]`` turns the plain data of a version ``n`` file into version ``n + 1``.
Each is a pure function on dictionaries, tested on its own. Version 1 is the first
released schema, so there is no step yet; the next schema change adds one here (and the
tests in ``tests/core/test_migrations.py`` show how a step is written and checked).

:func:`migrate` only ever lifts data up. Data from a newer schema is refused here; the
settings file reader handles that case itself by reading what it can and keeping the file.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

from desk_breaks.core.settings import SCHEMA_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]

MIGRATIONS: dict[int, Migration] = {}
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
            f"settings version {version} is newer than this Desk Breaks knows ({target})"
        )
    # A deep copy, so a step may edit nested tables in place without touching the caller's.
    current = copy.deepcopy(dict(data))
    while version < target:
        step = table.get(version)
        if step is None:
            raise MigrationError(f"settings version {version} cannot be upgraded")
        current = step(current)
        version += 1
    current["schema_version"] = target
    return current
