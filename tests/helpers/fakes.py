"""Hand-driven stand-ins for the desktop ports, for tests of whatever uses a port.

They live on the test side (beside ``tests/desktop/fake_dbus.py``), not in the package: no
production code needs them. Each satisfies its port's contract, which
``tests/desktop/test_contracts.py`` checks alongside the real backends.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

from PySide6.QtCore import QObject

from desk_breaks.core.clock import Clock
from desk_breaks.desktop._backends import PortUnavailable
from desk_breaks.desktop.autostart import AutostartError
from desk_breaks.desktop.notify import DEFAULT_TIMEOUT_MS
from desk_breaks.desktop.sleep import SleepWatcher

__all__ = [
    "FakeAutostart",
    "FakeBusySource",
    "FakeIdleSource",
    "FakeNotifier",
    "FakeSleepWatcher",
    "FakeWatchingIdleSource",
    "PipeClockChange",
    "Shown",
]


class PipeClockChange:
    """A source tests drive by hand: :meth:`announce` makes it readable, as a set clock."""

    def __init__(self) -> None:
        """Open the pipe."""
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        self.closed = False

    @property
    def description(self) -> str:
        """What the source listens to."""
        return "a test pipe"

    def announce(self) -> None:
        """Say that the clock was set."""
        os.write(self._write, b"!")

    def fileno(self) -> int:
        """The pipe's reading end."""
        return self._read

    def clock_was_set(self) -> bool:
        """Drain the pipe: True when something was announced."""
        try:
            return bool(os.read(self._read, 64))
        except BlockingIOError:
            return False

    def close(self) -> None:
        """Close both ends."""
        if not self.closed:
            os.close(self._read)
            os.close(self._write)
            self.closed = True


class FakeAutostart:
    """An in-memory :class:`Autostart` for tests of whatever drives the switch."""

    def __init__(self, *, enabled: bool = False, fail_with: str | None = None) -> None:
        """Start enabled or not; with ``fail_with``, every change raises that message."""
        self._enabled = enabled
        self._fail_with = fail_with
        self.changes: list[bool] = []

    @property
    def location(self) -> str:
        """A made-up location."""
        return "fake autostart entry"

    def is_enabled(self) -> bool:
        """Whether the last change (or the start state) was on."""
        return self._enabled

    def enable(self) -> None:
        """Turn on, or raise :class:`AutostartError` when told to fail."""
        self._change(True)

    def disable(self) -> None:
        """Turn off, or raise :class:`AutostartError` when told to fail."""
        self._change(False)

    def _change(self, enabled: bool) -> None:
        if self._fail_with is not None:
            raise AutostartError(self._fail_with)
        self.changes.append(enabled)
        self._enabled = enabled


class FakeSleepWatcher(SleepWatcher):
    """A watcher tests drive by hand: :meth:`sleep` and :meth:`wake`."""

    def __init__(self, parent: QObject | None = None) -> None:
        """Start awake."""
        super().__init__(parent)
        self.stopped = False

    @property
    def description(self) -> str:
        """A made-up description."""
        return "fake sleep watcher"

    def sleep(self) -> None:
        """Pretend the computer is about to sleep."""
        self.about_to_sleep.emit()

    def wake(self) -> None:
        """Pretend the computer woke up."""
        self.resumed.emit()

    def stop(self) -> None:
        """Record the call."""
        self.stopped = True


@dataclass(frozen=True)
class Shown:
    """One notification a :class:`FakeNotifier` was asked to show."""

    title: str
    body: str
    icon: str | None
    timeout_ms: int


class FakeNotifier:
    """Records notifications for tests of whatever sends them; ``accept`` decides the answer."""

    def __init__(self, *, accept: bool = True) -> None:
        """Answer every notify with ``accept``."""
        self.accept = accept
        self.shown: list[Shown] = []
        self.closed = 0
        self.disconnected = 0
        self.current: Shown | None = None

    @property
    def description(self) -> str:
        """A made-up description."""
        return "fake notifier"

    def notify(
        self,
        title: str,
        body: str,
        *,
        icon: str | None = None,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
    ) -> bool:
        """Record the notification; it becomes :attr:`current` when accepted."""
        shown = Shown(title, body, icon, timeout_ms)
        self.shown.append(shown)
        if self.accept:
            self.current = shown
        return self.accept

    def close(self) -> None:
        """Count the call and forget the current notification."""
        self.closed += 1
        self.current = None

    def disconnect(self) -> None:
        """Count the call."""
        self.disconnected += 1


class FakeBusySource:
    """A controllable busy source for tests: set ``reason`` to what it should answer."""

    def __init__(self, reason: str | None = None, name: str = "fake") -> None:
        """Start with ``reason`` (None: not busy)."""
        self.reason = reason
        self.name = name
        self.queries = 0
        self.closed = False

    def busy_reason(self) -> str | None:
        """Return the configured reason."""
        self.queries += 1
        return self.reason

    def close(self) -> None:
        """Remember that the source was closed."""
        self.closed = True


class FakeIdleSource:
    """A controllable idle source for tests: idle time grows with an injected clock."""

    name = "fake"

    def __init__(self, clock: Clock) -> None:
        """Start with input "just now" on ``clock``."""
        self._clock = clock
        self._last_input = clock.monotonic()
        self.available = True
        self.polls = 0
        self.closed = False

    def touch(self) -> None:
        """The user pressed a key or moved the mouse now."""
        self._last_input = self._clock.monotonic()

    def set_idle_ms(self, ms: int) -> None:
        """Pretend the last input was ``ms`` milliseconds ago."""
        self._last_input = self._clock.monotonic() - ms / 1000

    def idle_ms(self) -> int | None:
        """Idle milliseconds by the clock, or None while ``available`` is False."""
        self.polls += 1
        if not self.available:
            return None
        return max(0, round((self._clock.monotonic() - self._last_input) * 1000))

    def close(self) -> None:
        """Remember that the source was closed."""
        self.closed = True


class FakeWatchingIdleSource(FakeIdleSource):
    """A :class:`FakeIdleSource` that is also an :class:`ActivityWatch`, over a socket pair.

    :meth:`touch` while armed writes a byte to the pair, so a real ``QSocketNotifier`` sees
    the descriptor become readable, as it would for a D-Bus signal or an X event.
    """

    name = "fake-watching"

    def __init__(self, clock: Clock) -> None:
        """Start with input "just now" on ``clock`` and no watch armed."""
        super().__init__(clock)

        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self.armed = False
        self.arms = 0
        self.refuse = False
        self.touch_while_arming = False

    def arm_activity_watch(self) -> int:
        """Arm (or re-arm) the watch; raise PortUnavailable while ``refuse`` is set."""
        if self.refuse:
            raise PortUnavailable("the fake refuses watches")
        self.armed = True
        self.arms += 1
        if self.touch_while_arming:
            self.touch_while_arming = False
            self.touch()
        return self._reader.fileno()

    def activity_seen(self) -> bool:
        """Drain the pair; True when a touch arrived while armed."""
        seen = False
        while True:
            try:
                data = self._reader.recv(64)
            except BlockingIOError:
                return seen
            seen = seen or bool(data)
            self.armed = self.armed and not seen

    def disarm_activity_watch(self) -> None:
        """Drop the watch."""
        self.armed = False

    def touch(self) -> None:
        """Input now; fires the watch when armed."""
        super().touch()
        if self.armed:
            self._writer.send(b"!")

    def close(self) -> None:
        """Close the socket pair too."""
        super().close()
        self._reader.close()
        self._writer.close()
