"""One contract test per port, run against every backend, the Null object and the fake.

Each case builds the backend the way its factory would. A backend that cannot run here
(another OS, a service this machine does not have) raises ``PortUnavailable`` from its
constructor, as the rule says, and the case is skipped with that reason. D-Bus backends run
against a fake service on a private bus, the X11 ones against Xvfb.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from desk_breaks.core.clock import ManualClock
from desk_breaks.desktop import ipc
from desk_breaks.desktop._backends import PortUnavailable
from desk_breaks.desktop.autostart import Autostart, AutostartError, NullAutostart
from desk_breaks.desktop.busy import BusySource, CompositeBusySource, NullBusySource
from desk_breaks.desktop.idle import IdleSource, NullIdleSource
from desk_breaks.desktop.notify import ChainNotifier, Notifier, NullNotifier
from desk_breaks.desktop.sleep import NullSleepWatcher, SleepWatcher
from tests.desktop.fake_dbus import FakeService
from tests.desktop.test_busy import GSM, NOTIFY, POWERDEVIL, portal_service
from tests.desktop.test_idle import KSCREEN, MUTTER
from tests.desktop.test_sleep import FakeLogind
from tests.helpers.fakes import (
    FakeAutostart,
    FakeBusySource,
    FakeIdleSource,
    FakeNotifier,
    FakeSleepWatcher,
    FakeWatchingIdleSource,
)

Make = Callable[[pytest.FixtureRequest], Any]


@dataclass(frozen=True)
class Case:
    """One implementation of a port, and how to build it here."""

    name: str
    make: Make

    def __str__(self) -> str:
        return self.name


@contextlib.contextmanager
def built(request: pytest.FixtureRequest, case: Case) -> Iterator[Any]:
    """Build the case's object, skipping with the backend's own reason when it cannot run."""
    try:
        made = case.make(request)
    except PortUnavailable as exc:
        pytest.skip(f"{case.name} cannot run here: {exc}")
    yield made


def _service(request: pytest.FixtureRequest, name: str) -> FakeService:
    """A fake D-Bus service on a private session bus, stopped after the test."""
    bus: str = request.getfixturevalue("private_bus")
    service = FakeService(bus, name).start()
    request.addfinalizer(service.stop)
    return service


def _display(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue("xvfb_bare").display)


def _clock() -> ManualClock:
    from datetime import UTC, datetime

    return ManualClock(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))


# -- idle ----------------------------------------------------------------------------------------


def _idle_x11(request: pytest.FixtureRequest) -> IdleSource:
    from desk_breaks.desktop.idle.x11 import X11IdleSource

    return X11IdleSource(_display(request))


def _idle_gnome(request: pytest.FixtureRequest) -> IdleSource:
    from desk_breaks.desktop.idle.gnome import GnomeIdleSource

    _service(request, "org.gnome.Mutter.IdleMonitor").method(*MUTTER, lambda b: ("t", (5,)))
    return GnomeIdleSource()


def _idle_kde(request: pytest.FixtureRequest) -> IdleSource:
    from desk_breaks.desktop.idle.kde import KdeIdleSource

    _service(request, "org.freedesktop.ScreenSaver").method(*KSCREEN, lambda b: ("u", (5,)))
    return KdeIdleSource()


def _idle_wayland(request: pytest.FixtureRequest) -> IdleSource:
    from desk_breaks.desktop.idle.wayland import WaylandIdleSource
    from tests.desktop.fake_wayland import EXT, SEAT, fake_compositor

    context = fake_compositor(SEAT, EXT)
    _fake, client = context.__enter__()
    request.addfinalizer(lambda: context.__exit__(None, None, None))
    return WaylandIdleSource(sock=client)


def _idle_windows(request: pytest.FixtureRequest) -> IdleSource:
    from desk_breaks.desktop.idle.windows import WindowsIdleSource

    return WindowsIdleSource()


def _idle_macos(request: pytest.FixtureRequest) -> IdleSource:
    from desk_breaks.desktop.idle.macos import MacIdleSource

    return MacIdleSource()


IDLE = [
    Case("x11", _idle_x11),
    Case("gnome", _idle_gnome),
    Case("kde", _idle_kde),
    Case("wayland", _idle_wayland),
    Case("windows", _idle_windows),
    Case("macos", _idle_macos),
    Case("null", lambda r: NullIdleSource()),
    Case("fake", lambda r: FakeIdleSource(_clock())),
    Case("fake-watching", lambda r: FakeWatchingIdleSource(_clock())),
]


@pytest.mark.parametrize("case", IDLE, ids=str)
def test_idle_contract(request: pytest.FixtureRequest, case: Case) -> None:
    with built(request, case) as source:
        assert isinstance(source, IdleSource)
        assert isinstance(source.name, str)
        assert source.name
        ms = source.idle_ms()
        assert ms is None or (isinstance(ms, int) and ms >= 0)
        source.close()
        source.close()  # idempotent


# -- busy ----------------------------------------------------------------------------------------


def _busy_x11(request: pytest.FixtureRequest) -> BusySource:
    from desk_breaks.desktop.busy.x11 import X11FullScreenSource

    return X11FullScreenSource(_display(request))


def _busy_gnome_dnd(request: pytest.FixtureRequest) -> BusySource:
    from desk_breaks.desktop.busy.gnome import GnomeDndSource

    portal_service(_service(request, "org.freedesktop.portal.Desktop"), [True], read_one=True)
    return GnomeDndSource()


def _busy_kde_dnd(request: pytest.FixtureRequest) -> BusySource:
    from desk_breaks.desktop.busy.kde import KdeDndSource

    _service(request, "org.freedesktop.Notifications").prop(*NOTIFY, "Inhibited", "b", False)
    return KdeDndSource()


def _busy_gnome_awake(request: pytest.FixtureRequest) -> BusySource:
    from desk_breaks.desktop.busy.awake import GnomeAwakeSource

    _service(request, "org.gnome.SessionManager").method(*GSM, lambda b: ("b", (False,)))
    return GnomeAwakeSource()


def _busy_kde_awake(request: pytest.FixtureRequest) -> BusySource:
    from desk_breaks.desktop.busy.awake import KdeAwakeSource

    service = _service(request, "org.freedesktop.PowerManagement")
    service.method(*POWERDEVIL, lambda b: ("b", (False,)))
    return KdeAwakeSource()


def _busy_windows(request: pytest.FixtureRequest) -> BusySource:
    from desk_breaks.desktop.busy.windows import WindowsBusySource

    return WindowsBusySource()


def _busy_macos(request: pytest.FixtureRequest) -> BusySource:
    from desk_breaks.desktop.busy.macos import MacBusySource

    return MacBusySource()


BUSY = [
    Case("x11-fullscreen", _busy_x11),
    Case("gnome-dnd", _busy_gnome_dnd),
    Case("kde-dnd", _busy_kde_dnd),
    Case("gnome-awake", _busy_gnome_awake),
    Case("kde-awake", _busy_kde_awake),
    Case("windows", _busy_windows),
    Case("macos", _busy_macos),
    Case("null", lambda r: NullBusySource()),
    Case("composite", lambda r: CompositeBusySource([FakeBusySource(), FakeBusySource()])),
    Case("fake", lambda r: FakeBusySource()),
]


@pytest.mark.parametrize("case", BUSY, ids=str)
def test_busy_contract(request: pytest.FixtureRequest, case: Case) -> None:
    with built(request, case) as source:
        assert isinstance(source, BusySource)
        assert isinstance(source.name, str)
        assert source.name
        reason = source.busy_reason()
        assert reason is None or (isinstance(reason, str) and reason)
        source.close()
        source.close()  # idempotent


# -- notify --------------------------------------------------------------------------------------


def _notify_freedesktop(request: pytest.FixtureRequest) -> Notifier:
    from desk_breaks.desktop.notify.freedesktop import FreedesktopNotifier

    # No service owns the name: connecting still works (the service may come later).
    return FreedesktopNotifier.connect(request.getfixturevalue("private_bus"))


def _notify_tray(request: pytest.FixtureRequest) -> Notifier:
    from PySide6.QtWidgets import QSystemTrayIcon

    from desk_breaks.desktop.notify.tray import TrayNotifier

    request.getfixturevalue("qapp")
    tray = QSystemTrayIcon()
    return TrayNotifier(tray, available=lambda: False)


NOTIFY_CASES = [
    Case("freedesktop", _notify_freedesktop),
    Case("tray", _notify_tray),
    Case("null", lambda r: NullNotifier()),
    Case("chain", lambda r: ChainNotifier([FakeNotifier(accept=False), FakeNotifier()])),
    Case("fake", lambda r: FakeNotifier()),
]


@pytest.mark.parametrize("case", NOTIFY_CASES, ids=str)
def test_notify_contract(request: pytest.FixtureRequest, case: Case) -> None:
    with built(request, case) as notifier:
        assert isinstance(notifier, Notifier)
        assert isinstance(notifier.description, str)
        assert notifier.description
        assert isinstance(notifier.notify("Break soon", "A neck routine", timeout_ms=1000), bool)
        notifier.close()
        notifier.disconnect()


# -- sleep ---------------------------------------------------------------------------------------


def _sleep_logind(request: pytest.FixtureRequest) -> SleepWatcher:
    from desk_breaks.desktop.sleep.logind import LogindSleepWatcher

    bus: str = request.getfixturevalue("private_bus")
    logind = FakeLogind(bus)  # owns org.freedesktop.login1 on the private bus
    request.addfinalizer(logind.close)
    return LogindSleepWatcher.create(bus)


def _sleep_windows(request: pytest.FixtureRequest) -> SleepWatcher:
    if sys.platform != "win32":
        raise PortUnavailable("WM_POWERBROADCAST exists on Windows only")
    from desk_breaks.desktop.sleep.windows import WindowsSleepWatcher

    return WindowsSleepWatcher.create()


SLEEP = [
    Case("logind", _sleep_logind),
    Case("windows", _sleep_windows),
    Case("null", lambda r: NullSleepWatcher("none here")),
    Case("fake", lambda r: FakeSleepWatcher()),
]


@pytest.mark.parametrize("case", SLEEP, ids=str)
def test_sleep_contract(request: pytest.FixtureRequest, qtbot: QtBot, case: Case) -> None:
    with built(request, case) as watcher:
        assert isinstance(watcher, SleepWatcher)
        assert isinstance(watcher, QObject)
        assert isinstance(watcher.description, str)
        assert watcher.description
        watcher.stop()
        watcher.stop()  # safe to call twice


# -- autostart -----------------------------------------------------------------------------------


def _autostart_xdg(request: pytest.FixtureRequest) -> Autostart:
    from desk_breaks.desktop.autostart.xdg import XdgAutostart

    tmp: Path = request.getfixturevalue("tmp_path")
    return XdgAutostart(
        ["/usr/bin/desk-breaks"], config_home=tmp / "config", config_dirs=[tmp / "etc-xdg"]
    )


def _autostart_macos(request: pytest.FixtureRequest) -> Autostart:
    from desk_breaks.desktop.autostart.macos import LaunchAgentAutostart

    tmp: Path = request.getfixturevalue("tmp_path")
    return LaunchAgentAutostart(["/usr/bin/desk-breaks"], agents_dir=tmp / "LaunchAgents")


def _autostart_windows(request: pytest.FixtureRequest) -> Autostart:
    if sys.platform != "win32":
        raise PortUnavailable("the registry's Run key exists on Windows only")
    from desk_breaks.desktop.autostart.windows import RegistryAutostart

    return RegistryAutostart(["desk-breaks.exe"])


def _autostart_portal(request: pytest.FixtureRequest) -> Autostart:
    raise PortUnavailable(
        "the portal asks the user; tests/desktop/test_autostart_portal.py drives a fake one"
    )


AUTOSTART = [
    Case("xdg", _autostart_xdg),
    Case("macos", _autostart_macos),
    Case("windows", _autostart_windows),
    Case("portal", _autostart_portal),
    Case("fake", lambda r: FakeAutostart()),
]


@pytest.mark.parametrize("case", AUTOSTART, ids=str)
def test_autostart_contract(request: pytest.FixtureRequest, case: Case) -> None:
    with built(request, case) as port:
        assert isinstance(port, Autostart)
        assert isinstance(port.location, str)
        assert port.location
        assert port.is_enabled() is False
        port.enable()
        port.enable()  # idempotent
        assert port.is_enabled() is True
        port.disable()
        port.disable()  # a no-op when there is none
        assert port.is_enabled() is False


def test_null_autostart_is_never_on_and_refuses_changes() -> None:
    port = NullAutostart("not here")
    assert isinstance(port, Autostart)
    assert port.is_enabled() is False
    for change in (port.enable, port.disable):
        with pytest.raises(AutostartError, match="not here"):
            change()


# -- ipc transports ------------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["unix", "qt"])
def test_ipc_transport_offers_a_listener_and_an_exchange(module: str) -> None:
    import importlib

    transport = importlib.import_module(f"desk_breaks.desktop.ipc.{module}")
    listener = transport.LISTENER
    assert listener.__name__ == {"unix": "UnixListener", "qt": "PipeListener"}[module]
    for member in ("listen", "close", "open_connections"):
        assert hasattr(listener, member), f"{listener.__name__} lacks {member}"
    assert callable(transport.exchange)
    assert issubclass(ipc.NotListening, Exception)
