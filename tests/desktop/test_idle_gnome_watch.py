"""Mutter's user-active watch: the GNOME idle backend tells of the user's return without polling.

Against a fake Mutter on a private session bus that, like the real one, sends WatchFired to
the connection that added the watch.
"""

from __future__ import annotations

import select
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from desk_breaks.core.clock import ManualClock
from desk_breaks.desktop._backends import PortUnavailable
from desk_breaks.desktop.idle import ActivityWatch
from desk_breaks.desktop.idle.gnome import GnomeIdleSource
from desk_breaks.desktop.qt.presence import PresenceMonitor
from tests.desktop.fake_dbus import FakeService

MUTTER = ("/org/gnome/Mutter/IdleMonitor/Core", "org.gnome.Mutter.IdleMonitor", "GetIdletime")


class FakeMutter:
    """Mutter's idle monitor: GetIdletime plus one-shot user-active watches."""

    def __init__(self, svc: FakeService) -> None:
        self.svc = svc
        self.idle_ms = 400_000
        self.watches: dict[int, str] = {}  # id -> the connection that added it
        self._next = 1
        path, iface, _ = MUTTER
        svc.method(*MUTTER, lambda body: ("t", (self.idle_ms,)))
        svc.method(path, iface, "AddUserActiveWatch", self._add)
        svc.method(path, iface, "RemoveWatch", self._remove)

    def _add(self, body: tuple[object, ...]) -> tuple[str, tuple[int]]:
        watch_id, self._next = self._next, self._next + 1
        self.watches[watch_id] = self.svc.senders[-1]
        return "u", (watch_id,)

    def _remove(self, body: tuple[object, ...]) -> tuple[str, tuple[()]]:
        self.watches.pop(int(body[0]), None)  # type: ignore[call-overload]
        return "", ()

    def input(self) -> None:
        """The user touches something: every user-active watch fires once, to its owner."""
        self.idle_ms = 0
        for watch_id, owner in list(self.watches.items()):
            del self.watches[watch_id]
            path, iface, _ = MUTTER
            self.svc.emit(path, iface, "WatchFired", "u", (watch_id,), destination=owner)


def wait_readable(fd: int, timeout_s: float) -> bool:
    readable, _, _ = select.select([fd], [], [], timeout_s)
    return bool(readable)


def test_gnome_watch_fires_once_on_input(private_bus: str) -> None:
    with FakeService(private_bus, "org.gnome.Mutter.IdleMonitor") as svc:
        mutter = FakeMutter(svc)
        source = GnomeIdleSource()
        assert isinstance(source, ActivityWatch)
        fd = source.arm_activity_watch()
        assert list(mutter.watches) == [1]
        assert not source.activity_seen()  # nothing happened yet, and it does not block

        mutter.input()
        assert wait_readable(fd, 5)
        assert source.activity_seen()
        assert source.idle_ms() == 0
        assert not source.activity_seen()  # one-shot: nothing more arrives
        source.close()


def test_gnome_rearming_replaces_the_watch_and_disarm_removes_it(private_bus: str) -> None:
    with FakeService(private_bus, "org.gnome.Mutter.IdleMonitor") as svc:
        mutter = FakeMutter(svc)
        source = GnomeIdleSource()
        source.arm_activity_watch()
        source.arm_activity_watch()
        assert list(mutter.watches) == [2]  # the first was removed, not leaked
        source.disarm_activity_watch()
        source.disarm_activity_watch()
        assert mutter.watches == {}
        fd = source.arm_activity_watch()
        mutter.input()
        assert wait_readable(fd, 5)
        assert source.activity_seen()
        source.close()
        assert mutter.watches == {}


def test_gnome_ignores_a_watch_that_is_not_ours(private_bus: str) -> None:
    with FakeService(private_bus, "org.gnome.Mutter.IdleMonitor") as svc:
        mutter = FakeMutter(svc)
        source = GnomeIdleSource()
        fd = source.arm_activity_watch()
        path, iface, _ = MUTTER
        svc.emit(path, iface, "WatchFired", "u", (99,))  # broadcast, someone else's id
        assert wait_readable(fd, 5)
        assert not source.activity_seen()
        assert list(mutter.watches) == [1]
        source.close()


def test_gnome_without_user_active_watches_refuses_to_arm(private_bus: str) -> None:
    with FakeService(private_bus, "org.gnome.Mutter.IdleMonitor") as svc:
        svc.method(*MUTTER, lambda body: ("t", (5,)))  # an idle monitor without watches
        source = GnomeIdleSource()
        with pytest.raises(PortUnavailable, match="Mutter refused a user-active watch"):
            source.arm_activity_watch()
        assert source.idle_ms() == 5
        source.close()


def test_presence_comes_back_through_mutters_watch(qtbot: QtBot, private_bus: str) -> None:
    clock = ManualClock(datetime(2025, 3, 3, 9, 0, tzinfo=UTC))
    with FakeService(private_bus, "org.gnome.Mutter.IdleMonitor") as svc:
        mutter = FakeMutter(svc)
        source = GnomeIdleSource()
        monitor = PresenceMonitor(source, clock, threshold_s=300)
        monitor.start()
        assert monitor.is_away
        assert monitor.watching
        assert monitor.next_poll_ms() == 60_000
        polls = len([c for c in svc.calls if c[2] == "GetIdletime"])
        with qtbot.waitSignal(monitor.came_back, timeout=5000) as back:
            mutter.input()
        assert back.args == [clock.now()]
        # One look at the idle time when the watch fired, no polling in between.
        assert len([c for c in svc.calls if c[2] == "GetIdletime"]) == polls + 1
        monitor.stop()
        source.close()
