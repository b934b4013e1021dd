"""A host for the engine on a simulated clock: what the Qt app does, minus Qt.

Like :class:`~desk_breaks.ui.engine_host.EngineHost`, it delivers the events the engine
queued once each call has returned (``Host.engine`` is the engine behind :func:`driven`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

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


class _Driven:
    """Stands for an engine: each method call delivers the queued events when it returns.

    That is what ``EngineHost.call`` does in the app. A call made while events are being
    delivered (a reaction calling the engine again) leaves its events to the delivery
    already under way, as in the app.
    """

    def __init__(self, engine: Engine, deliver: Callable[[], None]) -> None:
        self._engine = engine
        self._deliver = deliver
        self._delivering = False

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._engine, name)
        if name.startswith("_") or not inspect.ismethod(value) or name == "drain_events":
            return value

        @functools.wraps(value)
        def delivered(*args: Any, **kwargs: Any) -> Any:
            try:
                return value(*args, **kwargs)
            finally:
                if not self._delivering:
                    self._delivering = True
                    try:
                        self._deliver()
                    finally:
                        self._delivering = False

        return delivered


def driven(engine: Engine, deliver: Callable[[], None]) -> Engine:
    """Return ``engine`` as the tests call it: ``deliver()`` runs after each call returns."""
    return cast(Engine, _Driven(engine, deliver))


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
        self._engine = Engine(settings or Settings(), clock, self.recorder)
        self.engine = driven(self._engine, self.deliver)
        """The engine, each call delivered when it returns."""
        self.events: list[Event] = []
        """Every event delivered, oldest first."""
        self.prompts: list[Prompt] = []
        self.on_prompt = on_prompt
        self.session_s = session_s
        self._session_ends: datetime | None = None
        self.wakeups = 0

    def deliver(self) -> None:
        """Deliver the events the engine queued, until none are left."""
        while events := self._engine.drain_events():
            for event in events:
                self.events.append(event)
                self._on_event(event)

    def tick(self) -> None:
        """Wake the engine, as the host's timer does."""
        self.engine.tick()

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
            self.tick()
            if self.clock.now() >= end:
                return

    def prompt_times(self) -> list[tuple[str, str]]:
        return [(p.at.strftime("%a %H:%M"), p.key) for p in self.prompts]
