"""The X11 backends for real: Xvfb, xdotool input, real Qt windows, evilwm as window manager.

Nothing here is faked: the idle counter is the X server's, the windows are Qt xcb windows in
a child process, and full screen is what the window manager made of the window's request.
"""

from __future__ import annotations

import itertools
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from desk_breaks.core.clock import ManualClock
from desk_breaks.desktop._backends import PortUnavailable
from desk_breaks.desktop.bindings.x11 import X11Display, X11Error
from desk_breaks.desktop.busy import FULL_SCREEN, NullBusySource
from desk_breaks.desktop.busy.factory import create_busy_source
from desk_breaks.desktop.busy.x11 import X11FullScreenSource
from desk_breaks.desktop.idle.factory import create_idle_source
from desk_breaks.desktop.idle.x11 import X11IdleSource
from desk_breaks.desktop.qt.busy_monitor import BusyMonitor
from desk_breaks.desktop.qt.presence import PresenceMonitor
from tests.e2e.desktop import Desktop

# A test window: a Qt xcb window that goes full screen or back on a line from stdin.
WINDOW_SCRIPT = r"""
import sys
import time
from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication, QWidget

app = QApplication(sys.argv[:1])
window = QWidget()
window.setWindowTitle(sys.argv[1])
window.resize(320, 200)
window.show()

def command():
    line = sys.stdin.readline().strip()
    if line == "full":
        window.showFullScreen()
    elif line == "normal":
        window.showNormal()
    else:
        app.quit()

notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
notifier.activated.connect(command)
app.exec()
"""

_titles = itertools.count(1)


class QtTestWindow:
    def __init__(self, desktop: Desktop, qtbot: QtBot) -> None:
        self.title = f"desk-breaks-x11-test-{next(_titles)}"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WINDOW_SCRIPT, self.title],
            env=desktop.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        qtbot.waitUntil(lambda: bool(desktop.window_ids(self.title)), timeout=15_000)
        self.id = int(desktop.window_ids(self.title)[0])

    def send(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.send("quit")
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdin is not None:
            self.proc.stdin.close()


@pytest.fixture
def windows(qtbot: QtBot) -> Iterator[list[QtTestWindow]]:
    opened: list[QtTestWindow] = []
    yield opened
    for window in opened:
        window.close()


_positions = itertools.cycle([(10, 10), (200, 150), (400, 300)])


def move_mouse(desktop: Desktop) -> None:
    x, y = next(_positions)
    desktop.x("xdotool", "mousemove", str(x), str(y))


# -- idle time --------------------------------------------------------------------------------


def test_idle_grows_and_input_resets_it(xvfb_bare: Desktop, qtbot: QtBot) -> None:
    source = X11IdleSource(xvfb_bare.display)
    try:
        move_mouse(xvfb_bare)
        start = source.idle_ms()
        assert start is not None
        qtbot.waitUntil(lambda: (source.idle_ms() or 0) >= start + 300, timeout=5000)
        before = source.idle_ms()
        assert before is not None
        move_mouse(xvfb_bare)
        after_mouse = source.idle_ms()
        assert after_mouse is not None
        assert after_mouse < before

        qtbot.waitUntil(lambda: (source.idle_ms() or 0) >= after_mouse + 300, timeout=5000)
        before = source.idle_ms()
        assert before is not None
        xvfb_bare.x("xdotool", "key", "shift")
        after_key = source.idle_ms()
        assert after_key is not None
        assert after_key < before
    finally:
        source.close()
        source.close()


def test_idle_factory_picks_x11_on_an_x11_session(xvfb_bare: Desktop) -> None:
    env = {"DISPLAY": xvfb_bare.display, "XDG_SESSION_TYPE": "x11"}
    source = create_idle_source(env, "linux")
    assert source.name == "x11"
    assert isinstance(source.idle_ms(), int)
    source.close()


def test_no_x_server_is_unavailable_not_a_crash() -> None:
    with pytest.raises(PortUnavailable, match="cannot open display"):
        X11IdleSource(":987")
    with pytest.raises(PortUnavailable, match="cannot open display"):
        X11FullScreenSource(":987")


def test_presence_follows_real_input(xvfb_bare: Desktop, qtbot: QtBot) -> None:
    source = X11IdleSource(xvfb_bare.display)
    clock = ManualClock(datetime(2025, 3, 3, 9, 0, tzinfo=UTC))
    monitor = PresenceMonitor(source, clock, threshold_s=1.0, away_poll_s=0.1)
    try:
        move_mouse(xvfb_bare)
        with qtbot.waitSignal(monitor.went_away, timeout=10_000):
            monitor.start()
        assert monitor.is_away
        with qtbot.waitSignal(monitor.came_back, timeout=10_000):
            move_mouse(xvfb_bare)
        assert not monitor.is_away
    finally:
        monitor.stop()
        source.close()


def test_presence_learns_of_the_return_from_the_x_alarm(xvfb_bare: Desktop, qtbot: QtBot) -> None:
    source = X11IdleSource(xvfb_bare.display)
    clock = ManualClock(datetime(2025, 3, 3, 9, 0, tzinfo=UTC))
    # No poll while away within the test's time: the return can only come from the alarm.
    monitor = PresenceMonitor(source, clock, threshold_s=1.0, away_fallback_poll_s=600)
    try:
        move_mouse(xvfb_bare)
        with qtbot.waitSignal(monitor.went_away, timeout=10_000):
            monitor.start()
        assert monitor.watching
        with qtbot.waitSignal(monitor.came_back, timeout=10_000):
            move_mouse(xvfb_bare)
        assert not monitor.is_away
        assert not monitor.watching
    finally:
        monitor.stop()
        source.close()


# -- full screen, with a window manager ------------------------------------------------------


def test_full_screen_window_is_busy_and_a_normal_one_is_not(
    xvfb_wm: Desktop, qtbot: QtBot, windows: list[QtTestWindow]
) -> None:
    source = X11FullScreenSource(xvfb_wm.display)
    probe = X11Display(xvfb_wm.display)
    try:
        window = QtTestWindow(xvfb_wm, qtbot)
        windows.append(window)
        xvfb_wm.x("xdotool", "windowactivate", "--sync", str(window.id))
        qtbot.waitUntil(lambda: probe.active_window() == window.id, timeout=10_000)
        assert source.busy_reason() is None

        window.send("full")
        qtbot.waitUntil(lambda: source.busy_reason() == FULL_SCREEN, timeout=10_000)
        assert "_NET_WM_STATE_FULLSCREEN" in probe.window_state(window.id)

        window.send("normal")
        qtbot.waitUntil(lambda: source.busy_reason() is None, timeout=10_000)
    finally:
        probe.close()
        source.close()


def test_a_full_screen_window_in_the_background_does_not_count(
    xvfb_wm: Desktop, qtbot: QtBot, windows: list[QtTestWindow]
) -> None:
    source = X11FullScreenSource(xvfb_wm.display)
    probe = X11Display(xvfb_wm.display)
    try:
        video = QtTestWindow(xvfb_wm, qtbot)
        windows.append(video)
        xvfb_wm.x("xdotool", "windowactivate", "--sync", str(video.id))
        video.send("full")
        qtbot.waitUntil(lambda: source.busy_reason() == FULL_SCREEN, timeout=10_000)

        editor = QtTestWindow(xvfb_wm, qtbot)
        windows.append(editor)
        xvfb_wm.x("xdotool", "windowactivate", "--sync", str(editor.id))
        qtbot.waitUntil(lambda: probe.active_window() == editor.id, timeout=10_000)
        assert source.busy_reason() is None
    finally:
        probe.close()
        source.close()


def test_busy_monitor_waits_for_full_screen_to_end(
    xvfb_wm: Desktop, qtbot: QtBot, windows: list[QtTestWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)  # X11 alone, whatever runs
    source = create_busy_source({"DISPLAY": xvfb_wm.display}, "linux")
    assert not isinstance(source, NullBusySource)  # x11-fullscreen at least (no session bus here)
    monitor = BusyMonitor(source, poll_s=0.1)
    try:
        window = QtTestWindow(xvfb_wm, qtbot)
        windows.append(window)
        xvfb_wm.x("xdotool", "windowactivate", "--sync", str(window.id))
        window.send("full")
        qtbot.waitUntil(lambda: monitor.check() == FULL_SCREEN, timeout=10_000)
        assert monitor.waiting
        with qtbot.waitSignal(monitor.cleared, timeout=10_000):
            window.send("normal")
        assert monitor.check() is None
    finally:
        monitor.cancel()
        source.close()


# -- full screen, without a window manager (no _NET_ACTIVE_WINDOW) ---------------------------


def test_without_a_window_manager_the_focused_window_covering_the_screen_is_busy(
    xvfb_bare: Desktop, qtbot: QtBot, windows: list[QtTestWindow]
) -> None:
    source = X11FullScreenSource(xvfb_bare.display)
    probe = X11Display(xvfb_bare.display)
    try:
        assert probe.active_window() is None  # really no EWMH window manager
        width, height = probe.screen_size()
        small = QtTestWindow(xvfb_bare, qtbot)
        big = QtTestWindow(xvfb_bare, qtbot)
        windows.extend([small, big])
        # Resize with xdotool, not Qt: the fallback must work from geometry alone.
        xvfb_bare.x("xdotool", "windowmove", "--sync", str(big.id), "0", "0")
        xvfb_bare.x("xdotool", "windowsize", "--sync", str(big.id), str(width), str(height))
        assert "_NET_WM_STATE_FULLSCREEN" not in probe.window_state(big.id)

        xvfb_bare.x("xdotool", "windowfocus", "--sync", str(small.id))
        qtbot.waitUntil(lambda: probe.input_focus() is not None, timeout=10_000)
        assert source.busy_reason() is None

        xvfb_bare.x("xdotool", "windowfocus", "--sync", str(big.id))
        qtbot.waitUntil(lambda: source.busy_reason() == FULL_SCREEN, timeout=10_000)
    finally:
        probe.close()
        source.close()


def test_x_errors_on_vanished_windows_are_reported_not_fatal(xvfb_bare: Desktop) -> None:
    with X11Display(xvfb_bare.display) as display:
        display.atom("_NET_WM_STATE")
        with pytest.raises(X11Error):
            display.window_state(0x7FFFFF0)
        with pytest.raises(X11Error):
            display.geometry(0x7FFFFF0)
        # The connection is still good afterwards.
        assert display.screen_size() == (1024, 768)


# -- X SYNC: the IDLETIME counter and alarms on it ---------------------------------------------


def test_idletime_counter_is_the_idle_time(xvfb_bare: Desktop) -> None:
    with X11Display(xvfb_bare.display) as display:
        display.init_sync()
        display.init_sync()  # once is enough, twice is harmless
        counter = display.system_counter("IDLETIME")
        assert counter is not None
        assert display.system_counter("NO-SUCH-COUNTER") is None
        move_mouse(xvfb_bare)
        by_sync = display.counter_value(counter)
        by_screensaver = display.idle_ms()
        assert abs(by_screensaver - by_sync) < 1000


def test_a_destroyed_alarm_sends_nothing_on_input(xvfb_bare: Desktop, qtbot: QtBot) -> None:
    with X11Display(xvfb_bare.display) as display:
        display.init_sync()
        counter = display.system_counter("IDLETIME")
        assert counter is not None
        qtbot.waitUntil(lambda: display.counter_value(counter) >= 50, timeout=5000)
        gone = display.create_sync_alarm(counter, display.counter_value(counter) - 1)
        display.destroy_sync_alarm(gone)
        assert display.fired_alarms() == set()
        move_mouse(xvfb_bare)
        # Events keep their order: an alarm that fires at once (the counter is far below
        # its value) comes after anything the destroyed one could still have sent.
        now = display.create_sync_alarm(counter, display.counter_value(counter) + 3_600_000)
        seen: set[int] = set()
        deadline = time.monotonic() + 5
        while now not in seen and time.monotonic() < deadline:
            select.select([display.fileno()], [], [], 0.5)
            seen |= display.fired_alarms()
        assert seen == {now}
        display.destroy_sync_alarm(now)
