"""A host for the engine on a simulated clock: what the Qt app does, minus Qt."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from desk_breaks.core.clock import ManualClock
from desk_breaks.core.engine import (
    Engine,
    Event,
    OfferChanged,
    Outcome,
    Record,
    SessionRequested,
    SessionResult,
)
from desk_breaks.core.settings import Settings


@dataclass
class ListRecorder:
    records: list[Record] = field(default_factory=list)

    def record(self, record: Record) -> None:
        self.records.append(record)


@dataclass(frozen=True)
class Prompt:
    at: datetime
    key: str
    snoozes: int


class Host:
    """Wakes the engine when it asks (and never more often), like the Qt timer does."""

    def __init__(
        self,
        clock: ManualClock,
        settings: Settings | None = None,
        *,
        on_prompt: Callable[[Host, Prompt], None] | None = None,
        session_s: float = 300,
    ) -> None:
        self.clock = clock
        self.recorder = ListRecorder()
        self.engine = Engine(settings or Settings(), clock, self.recorder)
        self.engine.listeners.append(self._on_event)
        self.prompts: list[Prompt] = []
        self.on_prompt = on_prompt
        self.session_s = session_s
        self._session_ends: datetime | None = None
        self.wakeups = 0

    def _on_event(self, event: Event) -> None:
        if isinstance(event, OfferChanged) and event.offer is not None:
            prompt = Prompt(self.clock.now(), event.offer.occurrence.key, event.offer.snoozes)
            if event.offer.snoozes == 0 or self.engine.snoozed_until is None:
                self.prompts.append(prompt)
                if self.on_prompt is not None:
                    self.on_prompt(self, prompt)
        elif isinstance(event, SessionRequested):
            self._session_ends = self.clock.now() + timedelta(seconds=self.session_s)

    def run_until(self, end: datetime) -> None:
        while True:
            targets = [end]
            wake = self.engine.next_wakeup()
            if wake is not None:
                targets.append(wake)
            if self._session_ends is not None:
                targets.append(self._session_ends)
            target = min(targets)
            if target > self.clock.now():
                # Real seconds: same-zone subtraction counts wall-clock fields, an hour off
                # over a DST change.
                self.clock.advance(target.timestamp() - self.clock.now().timestamp())
            if self._session_ends is not None and self.clock.now() >= self._session_ends:
                self._session_ends = None
                self.engine.finish_session(SessionResult(Outcome.COMPLETED, ("x",)))
            self.wakeups += 1
            self.engine.tick()
            if self.clock.now() >= end:
                return

    def prompt_times(self) -> list[tuple[str, str]]:
        return [(p.at.strftime("%a %H:%M"), p.key) for p in self.prompts]
