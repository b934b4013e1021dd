"""Presentation snapshots for UI tests: only what a test cares about needs saying."""

from __future__ import annotations

from datetime import datetime

from desk_breaks.core.engine import State
from desk_breaks.core.presentation import Snapshot


def snapshot(
    state: State = State.WAITING,
    *,
    now: datetime,
    next_due: datetime | None = None,
    **kw: object,
) -> Snapshot:
    """A snapshot in ``state`` at ``now``; every other field empty unless given."""
    values: dict[str, object] = {
        "state": state,
        "now": now,
        "offer": None,
        "next_due": next_due,
        "snoozed_until": None,
        "paused_until": None,
    }
    values.update(kw)
    return Snapshot(**values)  # type: ignore[arg-type]
