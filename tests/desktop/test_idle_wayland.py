"""The Wayland idle backend on a fake compositor (a socketpair), and the presence monitor on it.

Waiting is on the backend's descriptor (``select``) or Qt's event loop (``qtbot``), never
a sleep; time is a hand-moved monotonic clock. The real compositor is in
``tests/e2e/test_wayland_idle.py``.
"""

from __future__ import annotations

import logging
import select
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from desk_breaks.core.clock import ManualClock
from desk_breaks.desktop._backends import PortUnavailable
from desk_breaks.desktop.idle import ActivityWatch, IdleNotifier
from desk_breaks.desktop.idle.wayland import WaylandIdleSource, socket_path
from desk_breaks.desktop.qt.presence import PresenceMonitor
from tests.desktop.fake_wayland import COMPOSITOR, EXT, KDE, SEAT, FakeCompositor, fake_compositor


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def wait_changed(source: WaylandIdleSource, fd: int) -> bool:
    """What the monitor's QSocketNotifier does: wait for the descriptor, then ask."""
    for _ in range(50):
        if source.changed():
            return True
        select.select([fd], [], [], 0.1)
    return False


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


@pytest.fixture
def ext(ticks: Ticks) -> Iterator[tuple[FakeCompositor, WaylandIdleSource]]:
    with fake_compositor(COMPOSITOR, SEAT, EXT) as (fake, client):
        source = WaylandIdleSource(sock=client, monotonic=ticks)
        yield fake, source
        source.close()


def test_socket_path_follows_wayland_display_and_the_runtime_folder() -> None:
    env = {"XDG_RUNTIME_DIR": "/run/user/1000", "WAYLAND_DISPLAY": "wayland-1"}
    assert socket_path(env) == "/run/user/1000/wayland-1"
    assert socket_path({"XDG_RUNTIME_DIR": "/r"}) == "/r/wayland-0"
    assert socket_path({"WAYLAND_DISPLAY": "/tmp/sway/wayland-0"}) == "/tmp/sway/wayland-0"
    with pytest.raises(PortUnavailable, match="XDG_RUNTIME_DIR"):
        socket_path({"WAYLAND_DISPLAY": "wayland-0"})


def test_no_compositor_at_the_path_is_unavailable(tmp_path: object) -> None:
    with pytest.raises(PortUnavailable, match="no Wayland compositor"):
        WaylandIdleSource({"WAYLAND_DISPLAY": f"{tmp_path}/wayland-9"})


def test_the_source_notifies_rather_than_watches(
    ext: tuple[FakeCompositor, WaylandIdleSource],
) -> None:
    _fake, source = ext
    assert isinstance(source, IdleNotifier)
    assert not isinstance(source, ActivityWatch)
    assert source.name == "wayland"


def test_ext_is_bound_and_one_notification_asked_for(
    ext: tuple[FakeCompositor, WaylandIdleSource],
) -> None:
    fake, source = ext
    assert source.protocol == "ext_idle_notifier_v1"
    (note,) = fake.notifications
    assert (note.protocol, note.timeout_ms) == ("ext_idle_notifier_v1", 60_000)
    assert fake.bound[note.seat] == ("wl_seat", 1)


def test_idle_time_is_zero_below_the_threshold_and_exact_after_it(
    ext: tuple[FakeCompositor, WaylandIdleSource], ticks: Ticks
) -> None:
    fake, source = ext
    fd = source.notify_after(300_000)
    assert fake.current.timeout_ms == 300_000 or wait_for_note(fake, 300_000)
    assert source.idle_ms() == 0
    assert not source.changed()
    fake.idle()
    assert wait_changed(source, fd)
    # The notification fires 300 s after the last input.
    assert source.idle_ms() == 300_000
    ticks.now += 12.5
    assert source.idle_ms() == 312_500
    fake.resume()
    assert wait_changed(source, fd)
    assert source.idle_ms() == 0


def wait_for_note(fake: FakeCompositor, timeout_ms: int) -> bool:
    for _ in range(50):
        if fake.notifications and fake.current.timeout_ms == timeout_ms:
            return True
        select.select([], [], [], 0.05)
    return False


def test_a_new_threshold_replaces_the_notification(
    ext: tuple[FakeCompositor, WaylandIdleSource],
) -> None:
    fake, source = ext
    fd = source.notify_after(120_000)
    assert wait_for_note(fake, 120_000)
    assert [(n.timeout_ms, n.destroyed) for n in fake.notifications] == [
        (60_000, True),
        (120_000, False),
    ]
    # The same threshold again asks for nothing new.
    assert source.notify_after(120_000) == fd
    fake.idle()
    assert wait_changed(source, fd)
    assert len(fake.notifications) == 2
    # Away, then a new threshold: the new notification starts from "not idle".
    source.notify_after(180_000)
    assert source.changed()
    assert source.idle_ms() == 0


def test_kde_s_protocol_is_used_when_it_is_the_only_one(ticks: Ticks) -> None:
    with fake_compositor(SEAT, KDE) as (fake, client):
        source = WaylandIdleSource(sock=client, monotonic=ticks)
        assert source.protocol == "org_kde_kwin_idle"
        fd = source.notify_after(60_000)
        fake.idle()
        assert wait_changed(source, fd)
        assert source.idle_ms() == 60_000
        source.close()
        source.close()  # idempotent
    assert fake.notifications[0].destroyed


def test_ext_is_preferred_when_both_are_offered(ticks: Ticks) -> None:
    with fake_compositor(SEAT, KDE, EXT) as (fake, client):
        source = WaylandIdleSource(sock=client, monotonic=ticks)
        assert source.protocol == "ext_idle_notifier_v1"
        assert [n.protocol for n in fake.notifications] == ["ext_idle_notifier_v1"]
        source.close()


@pytest.mark.parametrize(
    ("offered", "reason"),
    [((COMPOSITOR, SEAT), "neither ext_idle_notifier_v1 nor org_kde_kwin_idle"), ((EXT,), "seat")],
)
def test_a_compositor_without_the_protocol_is_unavailable(
    offered: tuple[tuple[str, int], ...], reason: str
) -> None:
    with fake_compositor(*offered) as (_fake, client), pytest.raises(PortUnavailable, match=reason):
        WaylandIdleSource(sock=client)
    assert client.fileno() == -1  # closed by the failed probe


def test_a_refused_notification_is_unavailable() -> None:
    with (
        fake_compositor(SEAT, EXT, error_on_notify=True) as (_fake, client),
        pytest.raises(PortUnavailable, match="invalid request"),
    ):
        WaylandIdleSource(sock=client)


def test_a_compositor_that_goes_away_is_logged_once_and_answers_none(
    ext: tuple[FakeCompositor, WaylandIdleSource], caplog: pytest.LogCaptureFixture
) -> None:
    fake, source = ext
    fd = source.notify_after(60_000)
    fake.close()
    assert wait_changed(source, fd)
    with caplog.at_level(logging.WARNING):
        assert source.idle_ms() is None
        assert source.idle_ms() is None
    assert len([r for r in caplog.records if "stopped answering" in r.message]) <= 1
    with pytest.raises(PortUnavailable):
        source.notify_after(60_000)


# -- the presence monitor hears the compositor --------------------------------------------------

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def test_the_monitor_hears_away_and_back_without_polling(
    qtbot: QtBot, ext: tuple[FakeCompositor, WaylandIdleSource], ticks: Ticks
) -> None:
    fake, source = ext
    clock = ManualClock(T0)
    monitor = PresenceMonitor(source, clock, 300, away_poll_s=5.0)
    events: list[tuple[str, datetime]] = []
    monitor.went_away.connect(lambda at: events.append(("away", at)))
    monitor.came_back.connect(lambda at: events.append(("back", at)))
    monitor.start()
    assert monitor.listening
    assert wait_for_note(fake, 300_000)
    assert monitor.next_poll_ms() == 60_000  # present: a look a minute, as on X11

    fake.idle()  # 300 s after the last input, which was at T0
    clock.advance(300)
    qtbot.waitUntil(lambda: monitor.is_away, timeout=5000)
    assert events == [("away", T0)]
    # Away: the compositor says when input resumes; only a safety look a minute.
    assert monitor.next_poll_ms() == 60_000
    assert not monitor.watching

    clock.advance(42)
    fake.resume()
    qtbot.waitUntil(lambda: not monitor.is_away, timeout=5000)
    assert events == [("away", T0), ("back", T0 + timedelta(seconds=342))]

    monitor.set_threshold(120)
    assert wait_for_note(fake, 120_000)
    monitor.stop()
    assert not monitor.listening
