"""Suspend and resume: logind's PrepareForSleep from a fake logind on a private bus, the
Windows WM_POWERBROADCAST filter with the OS calls faked, the factory's fallbacks."""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Iterator
from ctypes import wintypes
from typing import Any

import pytest
from jeepney import DBusAddress, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from PySide6.QtCore import QByteArray
from pytestqt.qtbot import QtBot

from desk_breaks.desktop.sleep import NullSleepWatcher, SleepWatcher
from desk_breaks.desktop.sleep.factory import create_sleep_watcher
from desk_breaks.desktop.sleep.logind import LOGIND, MANAGER, LogindSleepWatcher
from desk_breaks.desktop.sleep.windows import (
    PBT_APMRESUMEAUTOMATIC,
    PBT_APMRESUMESUSPEND,
    PBT_APMSUSPEND,
    WM_POWERBROADCAST,
    WindowsSleepWatcher,
)
from tests.helpers.fakes import FakeSleepWatcher

# --- logind, faked on a private bus ----------------------------------------------------------


class FakeLogind:
    """Owns org.freedesktop.login1 on a bus and emits PrepareForSleep on demand."""

    def __init__(self, address: str, *, own_name: bool = True) -> None:
        self.conn: DBusConnection = open_dbus_connection(address)
        if own_name:
            reply = self.conn.send_and_get_reply(message_bus.RequestName(LOGIND, 4), timeout=5)
            assert reply.body[0] == 1, f"could not own {LOGIND}: {reply.body}"

    def prepare_for_sleep(self, starting: bool) -> None:
        where = DBusAddress("/org/freedesktop/login1", interface=MANAGER)
        self.conn.send(new_signal(where, "PrepareForSleep", "b", (starting,)))
        # A round trip to the bus: it has routed the signal before this returns.
        self.conn.send_and_get_reply(message_bus.GetId(), timeout=5)

    def close(self) -> None:
        self.conn.close()


@pytest.fixture
def logind(private_bus: str) -> Iterator[FakeLogind]:
    fake = FakeLogind(private_bus)
    yield fake
    fake.close()


@pytest.fixture
def watcher(logind: FakeLogind, private_bus: str, qtbot: QtBot) -> Iterator[SleepWatcher]:
    made = create_sleep_watcher(system_bus_address=private_bus, platform="linux")
    assert isinstance(made, LogindSleepWatcher)
    yield made
    made.stop()


def test_prepare_for_sleep_true_then_false_gives_sleep_then_resume(
    watcher: SleepWatcher, logind: FakeLogind, qtbot: QtBot
) -> None:
    seen: list[str] = []
    watcher.about_to_sleep.connect(lambda: seen.append("sleep"))
    watcher.resumed.connect(lambda: seen.append("resume"))
    with qtbot.waitSignal(watcher.about_to_sleep, timeout=5000):
        logind.prepare_for_sleep(True)
    with qtbot.waitSignal(watcher.resumed, timeout=5000):
        logind.prepare_for_sleep(False)
    # A second night: the watcher keeps listening.
    with qtbot.waitSignal(watcher.about_to_sleep, timeout=5000):
        logind.prepare_for_sleep(True)
    with qtbot.waitSignal(watcher.resumed, timeout=5000):
        logind.prepare_for_sleep(False)
    assert seen == ["sleep", "resume", "sleep", "resume"]
    assert "PrepareForSleep" in watcher.description


def test_a_signal_from_anyone_but_logind_is_ignored(
    watcher: SleepWatcher, logind: FakeLogind, private_bus: str, qtbot: QtBot
) -> None:
    seen: list[str] = []
    watcher.about_to_sleep.connect(lambda: seen.append("sleep"))
    watcher.resumed.connect(lambda: seen.append("resume"))
    impostor = FakeLogind(private_bus, own_name=False)
    try:
        impostor.prepare_for_sleep(True)
    finally:
        impostor.close()
    # The genuine signal goes out after the impostor's was routed: once it is seen, the
    # impostor's would have been seen before it.
    with qtbot.waitSignal(watcher.resumed, timeout=5000):
        logind.prepare_for_sleep(False)
    assert seen == ["resume"]


def test_stop_closes_the_connection_and_no_signal_follows(
    logind: FakeLogind, private_bus: str, qtbot: QtBot
) -> None:
    made = LogindSleepWatcher.create(private_bus)  # raises PortUnavailable saying why not
    assert made.listening
    seen: list[str] = []
    made.resumed.connect(lambda: seen.append("resume"))
    sock = made._sock
    made.stop()
    made.stop()
    assert not made.listening
    assert sock.fileno() == -1, "the system bus connection must be closed"
    logind.prepare_for_sleep(False)
    assert seen == []


def test_losing_the_bus_is_logged_once_and_stops(
    logind: FakeLogind, private_bus: str, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    made = LogindSleepWatcher.create(private_bus)
    made._sock.shutdown(2)  # what a system bus restart looks like from our end
    qtbot.waitUntil(lambda: not made.listening, timeout=5000)
    assert [r.levelno for r in caplog.records if "logind" in r.message] == [logging.WARNING]


def test_without_logind_the_factory_returns_a_null_watcher_and_says_why(
    private_bus: str, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="desk_breaks.desktop.sleep")
    made = create_sleep_watcher(system_bus_address=private_bus, platform="linux")
    assert isinstance(made, NullSleepWatcher)
    assert "logind is not running" in made.reason
    (record,) = [r for r in caplog.records if "suspend/resume" in r.message]
    assert "clock" in record.message


def test_without_a_system_bus_the_factory_returns_a_null_watcher(tmp_path: Any) -> None:
    made = create_sleep_watcher(system_bus_address=f"unix:path={tmp_path}/none", platform="linux")
    assert isinstance(made, NullSleepWatcher)
    assert "cannot connect to the system bus" in made.reason


def test_macos_gets_the_null_watcher(qtbot: QtBot) -> None:
    made = create_sleep_watcher(platform="darwin")
    assert isinstance(made, NullSleepWatcher)
    assert "Objective-C" in made.description


# --- Windows: WM_POWERBROADCAST, OS calls faked ----------------------------------------------


class FakeUser32:
    def __init__(self, handle: int = 0xBEEF) -> None:
        self.handle = handle
        self.registered: list[tuple[int, int]] = []
        self.unregistered: list[int] = []

    def RegisterSuspendResumeNotification(self, hwnd: Any, flags: int) -> int:
        self.registered.append((hwnd.value, flags))
        return self.handle

    def UnregisterSuspendResumeNotification(self, handle: Any) -> int:
        self.unregistered.append(handle.value)
        return 1


def _deliver(watcher: WindowsSleepWatcher, hwnd: int, message: int, event: int) -> object:
    msg = wintypes.MSG()
    msg.hWnd = hwnd
    msg.message = message
    msg.wParam = event
    filt = watcher._filter
    assert filt is not None
    return filt.nativeEventFilter(QByteArray(b"windows_generic_MSG"), ctypes.addressof(msg))


def test_windows_suspend_and_resume_broadcasts_become_signals(qtbot: QtBot) -> None:
    user32 = FakeUser32()
    watcher = WindowsSleepWatcher(user32=user32)
    seen: list[str] = []
    watcher.about_to_sleep.connect(lambda: seen.append("sleep"))
    watcher.resumed.connect(lambda: seen.append("resume"))
    assert user32.registered == [(watcher.hwnd, 0)]

    for event in (PBT_APMSUSPEND, PBT_APMRESUMEAUTOMATIC, PBT_APMRESUMESUSPEND):
        assert _deliver(watcher, watcher.hwnd, WM_POWERBROADCAST, event) == (False, 0)
    assert seen == ["sleep", "resume"], "one resume per sleep, even with both resume events"

    _deliver(watcher, watcher.hwnd + 1, WM_POWERBROADCAST, PBT_APMSUSPEND)  # another window
    _deliver(watcher, watcher.hwnd, 0x0010, PBT_APMSUSPEND)  # WM_CLOSE, not power
    assert seen == ["sleep", "resume"]

    watcher.stop()
    watcher.stop()
    assert user32.unregistered == [0xBEEF]
    assert watcher._filter is None


class FakeApp:
    def __init__(self) -> None:
        self.filters: list[object] = []

    def installNativeEventFilter(self, filt: object) -> None:
        self.filters.append(filt)

    def removeNativeEventFilter(self, filt: object) -> None:
        self.filters.remove(filt)


def test_windows_filter_is_installed_on_the_application_and_removed(qtbot: QtBot) -> None:
    app = FakeApp()
    watcher = WindowsSleepWatcher(user32=FakeUser32(), app=app)  # type: ignore[arg-type]
    assert app.filters == [watcher._filter]
    watcher.stop()
    assert app.filters == []


def test_windows_without_registration_still_listens(qtbot: QtBot) -> None:
    user32 = FakeUser32(handle=0)
    watcher = WindowsSleepWatcher(user32=user32)
    with qtbot.waitSignal(watcher.about_to_sleep, timeout=1000):
        _deliver(watcher, watcher.hwnd, WM_POWERBROADCAST, PBT_APMSUSPEND)
    watcher.stop()
    assert user32.unregistered == []


def test_windows_factory_falls_back_when_user32_is_missing(qtbot: QtBot) -> None:
    # On this Linux machine ctypes has no WinDLL: the factory must degrade, not crash.
    made = create_sleep_watcher(platform="win32")
    assert isinstance(made, NullSleepWatcher)
    assert "WM_POWERBROADCAST" in made.reason


# --- the fake ----------------------------------------------------------------------------------


def test_fake_sleep_watcher_emits_on_demand(qtbot: QtBot) -> None:
    fake = FakeSleepWatcher()
    with qtbot.waitSignal(fake.about_to_sleep, timeout=1000):
        fake.sleep()
    with qtbot.waitSignal(fake.resumed, timeout=1000):
        fake.wake()
    fake.stop()
    assert fake.stopped
