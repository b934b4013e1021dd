"""Settings migrations: small named functions, one per schema step.

``MIGRATIONS[n]`` turns the plain data of a version ``n`` file into version ``n + 1``.
Each is a pure function on dictionaries, tested on its own. Version 1 is the first
released schema, so there is no step yet; the next schema change adds one here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from desk_breaks.core.settings import SCHEMA_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]

MIGRATIONS: dict[int, Migration] = {}
"""From-version to the function that lifts a file one version up."""


class MigrationError(ValueError):
    """A file's version has no path to the current schema."""


def migrate(data: Mapping[str, Any], version: int) -> dict[str, Any]:
    """Return ``data`` lifted from ``version`` to :data:`SCHEMA_VERSION`."""
    current = dict(data)
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise MigrationError(f"settings version {version} cannot be upgraded")
        current = step(current)
        version += 1
    current["schema_version"] = SCHEMA_VERSION
    return current
