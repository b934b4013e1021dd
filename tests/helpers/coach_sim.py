"""A simulated person using the coach for weeks, on a fake clock and a real history file.

Each simulated session is planned by the coach, "done" as planned (or stopped where the
script says), recorded in the SQLite history the way the engine records it, and rated if
the script says so. Weeks run in milliseconds.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import desk_breaks
from desk_breaks.core.clock import ManualClock
from desk_breaks.core.coach import Coach
from desk_breaks.core.coach_store import CoachStore
from desk_breaks.core.coach_types import Feeling, SessionPlan
from desk_breaks.core.content import Library, Safety
from desk_breaks.core.content_files import load_library, load_safety
from desk_breaks.core.engine_types import Outcome, Record
from desk_breaks.core.history import History

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 2, 8, 0, tzinfo=BERLIN)


@functools.cache
def shipped() -> tuple[Library, Safety]:
    """The shipped exercises, routines and safety guidance."""
    assets = desk_breaks.assets_dir()
    safety = load_safety(assets / "safety.toml")
    library = load_library([assets], question_ids={q.id for q in safety.screening})
    assert not library.problems, library.problems
    return library, safety


@dataclass
class Done:
    """What a simulated session did."""

    plan: SessionPlan
    outcome: Outcome
    session_id: int


class Person:
    """One person with their own history file, using the shipped content."""

    def __init__(self, folder: Path, library: Library | None = None) -> None:
        lib, safety = shipped()
        self.library = library if library is not None else lib
        self.clock = ManualClock(MONDAY, BERLIN)
        self.history = History(folder / "history.sqlite3")
        self.coach = Coach(self.library, safety, CoachStore(self.history), self.clock)
        self.day = 0

    def at(self, day: int, hour: int, minute: int = 0) -> None:
        """Move the clock to ``hour:minute`` on day ``day`` (day 0 is a Monday)."""
        target = datetime.combine(
            (MONDAY + timedelta(days=day)).date(), time(hour, minute), tzinfo=BERLIN
        )
        assert target >= self.clock.now(), "a simulated person never goes back in time"
        self.clock.advance(target - self.clock.now())
        self.day = day

    def session(
        self,
        routine_id: str,
        *,
        stop_for_pain_at: str | None = None,
        feeling: Feeling | None = None,
    ) -> Done:
        """Plan ``routine_id``, do it (stopping for pain at one exercise if asked), rate it."""
        plan = self.coach.plan(self.library.routine(routine_id))
        ids = [e.id for e in plan.routine.exercises]
        eased = tuple(e.id for e in plan.routine.exercises if e.eased)
        if stop_for_pain_at is not None:
            assert stop_for_pain_at in ids, f"{stop_for_pain_at} is not in today's {ids}"
            done = tuple(ids[: ids.index(stop_for_pain_at)])
            record = Record(
                routine_id,
                routine_id,
                Outcome.STOPPED_PAIN,
                self.clock.now(),
                exercises_done=done,
                exercise_stopped=stop_for_pain_at,
                exercises_eased=eased,
            )
        else:
            record = Record(
                routine_id,
                routine_id,
                Outcome.COMPLETED,
                self.clock.now(),
                exercises_done=tuple(ids),
                exercises_eased=eased,
            )
        self.history.record(record)
        session_id = self.coach.last_session_id()
        assert session_id is not None
        if feeling is not None:
            self.coach.rate(feeling)
        return Done(plan, record.outcome, session_id)
