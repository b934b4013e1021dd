"""The X11 activity watch for real: an X SYNC alarm on IDLETIME under Xvfb, input from xdotool.

Waiting is done on the watch's descriptor with a timeout, as the presence monitor's
QSocketNotifier would; no test sleeps to make time pass.
"""

from __future__ import annotations

import select
import time
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desk_breaks.desktop._backends import PortUnavailable
from desk_breaks.desktop.bindings.x11 import X11Display
from desk_breaks.desktop.idle import ActivityWatch
from desk_breaks.desktop.idle import x11 as idle_x11
from desk_breaks.desktop.idle.x11 import X11IdleSource
from tests.e2e.desktop import Desktop

QUIET_S = 0.3  # how long "nothing arrives" is given to prove itself
FIRE_TIMEOUT_S = 5.0


def readable(fd: int, timeout_s: float) -> bool:
    return bool(select.select([fd], [], [], timeout_s)[0])


def wait_for_activity(source: X11IdleSource, fd: int, timeout_s: float = FIRE_TIMEOUT_S) -> bool:
    """What the presence monitor does: wait for the descriptor, then ask."""
    deadline = time.monotonic() + timeout_s
    while True:
        if source.activity_seen():
            return True
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        readable(fd, remaining)


def nudge(desktop: Desktop) -> None:
    desktop.x("xdotool", "mousemove_relative", "5", "5")


@pytest.fixture
def source(xvfb_bare: Desktop, qtbot: QtBot) -> Iterator[X11IdleSource]:
    """An idle source on the bare Xvfb, once the user has been idle for a moment."""
    src = X11IdleSource(xvfb_bare.display)
    # An alarm is set just below the idle time: let it grow past a few ms first.
    qtbot.waitUntil(lambda: (src.idle_ms() or 0) >= 50, timeout=5000)
    yield src
    src.close()


def test_the_x11_source_is_an_activity_watch(source: X11IdleSource) -> None:
    assert isinstance(source, ActivityWatch)


def test_no_input_no_fire_then_input_fires(xvfb_bare: Desktop, source: X11IdleSource) -> None:
    fd = source.arm_activity_watch()
    assert not source.activity_seen()  # nothing pending: must not block either
    assert not readable(fd, QUIET_S) or not source.activity_seen()
    idle_before = source.idle_ms()
    assert idle_before is not None
    assert idle_before >= 50

    nudge(xvfb_bare)
    assert readable(fd, FIRE_TIMEOUT_S)
    assert wait_for_activity(source, fd)
    idle_after = source.idle_ms()
    assert idle_after is not None
    assert idle_after < idle_before + 1000
    assert idle_after < 2000

    # The alarm is spent, and destroying it left the descriptor quiet.
    assert not source.activity_seen()
    assert not readable(fd, QUIET_S) or not source.activity_seen()


def test_disarmed_watch_stays_quiet_and_rearming_works(
    xvfb_bare: Desktop, source: X11IdleSource, qtbot: QtBot
) -> None:
    fd = source.arm_activity_watch()
    source.disarm_activity_watch()
    source.disarm_activity_watch()  # idempotent
    nudge(xvfb_bare)
    assert not readable(fd, QUIET_S) or not source.activity_seen()
    assert not source.activity_seen()

    qtbot.waitUntil(lambda: (source.idle_ms() or 0) >= 50, timeout=5000)
    assert source.arm_activity_watch() == fd  # one watch connection, one descriptor
    nudge(xvfb_bare)
    assert wait_for_activity(source, fd)


def test_rearming_replaces_the_pending_alarm(xvfb_bare: Desktop, source: X11IdleSource) -> None:
    fd = source.arm_activity_watch()
    assert source.arm_activity_watch() == fd
    nudge(xvfb_bare)
    assert wait_for_activity(source, fd)
    # The replaced alarm was destroyed: it does not fire a second time.
    assert not readable(fd, QUIET_S) or not source.activity_seen()


def test_close_after_arming_is_clean(xvfb_bare: Desktop, qtbot: QtBot) -> None:
    source = X11IdleSource(xvfb_bare.display)
    source.arm_activity_watch()
    source.close()
    source.close()
    assert not source.activity_seen()
    source.disarm_activity_watch()
    with X11Display(xvfb_bare.display) as display:
        assert display.idle_ms() >= 0


def test_input_while_arming_is_not_lost(
    xvfb_bare: Desktop, source: X11IdleSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Input between reading the counter and creating the alarm fires it at once.

    Faked by reading a counter far above the real one, and made certain to be the worst
    case by a round trip after the request: the event is then in Xlib's queue, where it
    does not make the descriptor readable.
    """
    real_value = X11Display.counter_value
    real_create = X11Display.create_sync_alarm
    calls: list[int] = []

    def counter_value(self: X11Display, counter: int) -> int:
        calls.append(counter)
        value = real_value(self, counter)
        return value + 3_600_000 if len(calls) == 1 else value

    def create_sync_alarm(self: X11Display, counter: int, at_most: int) -> int:
        alarm = real_create(self, counter, at_most)
        self._check("round trip")
        return alarm

    monkeypatch.setattr(X11Display, "counter_value", counter_value)
    monkeypatch.setattr(X11Display, "create_sync_alarm", create_sync_alarm)
    fd = source.arm_activity_watch()
    assert len(calls) == 2  # armed again after the early fire
    assert source.activity_seen()  # told once...
    assert not source.activity_seen()  # ...and only once

    # The alarm armed in its place works.
    nudge(xvfb_bare)
    assert wait_for_activity(source, fd)


def test_an_alarm_refused_later_means_polling(
    xvfb_bare: Desktop, source: X11IdleSource, caplog: pytest.LogCaptureFixture
) -> None:
    fd = source.arm_activity_watch()
    # An error that arrives after arming, as a refused alarm's would: a request with an
    # alarm id that does not exist, sent without waiting.
    watch: Any = source._watch
    watch._xext.XSyncDestroyAlarm(watch._handle, 0x7FFFFF)
    watch._x.XFlush(watch._handle)
    assert wait_for_activity(source, fd)
    assert "refused the idle alarm" in caplog.text
    with pytest.raises(PortUnavailable, match="refused"):
        source.arm_activity_watch()
    assert source.idle_ms() is not None


def test_an_alarm_refused_at_once_is_unavailable(
    source: X11IdleSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_create = X11Display.create_sync_alarm

    def bad_counter(self: X11Display, counter: int, at_most: int) -> int:
        alarm = real_create(self, 0x7FFFFF, at_most)  # no such counter: BadCounter
        self._x.XSync(self._handle, 0)  # the error is back before arming looks
        return alarm

    monkeypatch.setattr(X11Display, "create_sync_alarm", bad_counter)
    with pytest.raises(PortUnavailable, match="refused an idle alarm"):
        source.arm_activity_watch()
    assert source.idle_ms() is not None


# -- no SYNC, no IDLETIME, no libXext: arming says why, idle time keeps working --------------


def test_no_idletime_counter(source: X11IdleSource, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(idle_x11, "IDLE_COUNTER", "NO-SUCH-COUNTER")
    with pytest.raises(PortUnavailable, match="SYNC extension has no NO-SUCH-COUNTER"):
        source.arm_activity_watch()
    assert source.idle_ms() is not None
    assert not source.activity_seen()
    source.disarm_activity_watch()


def test_no_sync_extension(source: X11IdleSource, monkeypatch: pytest.MonkeyPatch) -> None:
    xext = X11Display._load_libs().xext
    assert xext is not None
    monkeypatch.setattr(xext, "XSyncQueryExtension", lambda *_args: 0)
    with pytest.raises(PortUnavailable, match="no SYNC extension"):
        source.arm_activity_watch()
    assert source.idle_ms() is not None


def test_no_libxext(xvfb_bare: Desktop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(X11Display._load_libs(), "xext", None)
    source = X11IdleSource(xvfb_bare.display)
    try:
        with pytest.raises(PortUnavailable, match=r"libXext\.so\.6 is not available"):
            source.arm_activity_watch()
        assert source.idle_ms() is not None
    finally:
        source.close()
