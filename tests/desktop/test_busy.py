"""Busy port: factory and composite, D-Bus do-not-disturb backends on a private bus, the
Windows and macOS backends with the OS calls faked, and the Qt re-polling helper.
(X11 full screen runs for real in test_x11.py.)
"""

from __future__ import annotations

import ctypes
import itertools
import logging
from collections.abc import Mapping
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desk_breaks.desktop._backends import PortUnavailable
from desk_breaks.desktop.busy import (
    DO_NOT_DISTURB,
    FULL_SCREEN,
    BusySource,
    CompositeBusySource,
    NullBusySource,
)
from desk_breaks.desktop.busy.awake import KEPT_AWAKE, GnomeAwakeSource, KdeAwakeSource
from desk_breaks.desktop.busy.factory import create_busy_source, plan_busy_backends
from desk_breaks.desktop.busy.gnome import GnomeDndSource
from desk_breaks.desktop.busy.kde import KdeDndSource
from desk_breaks.desktop.busy.macos import CGRect, MacBusySource
from desk_breaks.desktop.busy.windows import (
    QUNS_ACCEPTS_NOTIFICATIONS,
    QUNS_APP,
    QUNS_BUSY,
    QUNS_NOT_PRESENT,
    QUNS_PRESENTATION_MODE,
    QUNS_QUIET_TIME,
    QUNS_RUNNING_D3D_FULL_SCREEN,
    WindowsBusySource,
)
from desk_breaks.desktop.qt.busy_monitor import BusyMonitor
from tests.desktop.fake_dbus import FakeDBusError, FakeService
from tests.helpers.fakes import FakeBusySource

# -- plan and factory -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DISPLAY": ":0", "XDG_CURRENT_DESKTOP": "ubuntu:GNOME"}, ["x11-fullscreen", "gnome-dnd"]),
        ({"DISPLAY": ":0", "XDG_CURRENT_DESKTOP": "KDE"}, ["x11-fullscreen", "kde-dnd"]),
        ({"WAYLAND_DISPLAY": "w", "XDG_CURRENT_DESKTOP": "KDE"}, ["kde-dnd", "kde-awake"]),
        # Under Wayland with XWayland, full-screen X11 windows (most games) are still seen.
        (
            {"WAYLAND_DISPLAY": "w", "DISPLAY": ":1", "XDG_CURRENT_DESKTOP": "GNOME"},
            ["x11-fullscreen", "gnome-dnd", "gnome-awake"],
        ),
        (
            {"DISPLAY": ":0", "XDG_CURRENT_DESKTOP": "XFCE"},
            ["x11-fullscreen", "gnome-dnd", "kde-dnd"],
        ),
    ],
)
def test_linux_plan(env: dict[str, str], expected: list[str]) -> None:
    assert plan_busy_backends(env, "linux")[0] == expected


def test_other_platforms_plan() -> None:
    assert plan_busy_backends({}, "win32") == (["windows"], [])
    assert plan_busy_backends({}, "darwin") == (["macos"], [])
    assert plan_busy_backends({}, "linux")[1] == ["x11-fullscreen: DISPLAY is not set"]


def constructor(reasons: dict[str, str | None], tried: list[str]) -> Any:
    def construct(name: str, env: Mapping[str, str]) -> BusySource:
        tried.append(name)
        if name not in reasons:
            raise PortUnavailable(f"{name} is not here")
        return FakeBusySource(reasons[name], name=name)

    return construct


def test_factory_combines_every_working_backend(caplog: pytest.LogCaptureFixture) -> None:
    tried: list[str] = []
    env = {"DISPLAY": ":0", "XDG_CURRENT_DESKTOP": "XFCE"}
    with caplog.at_level(logging.DEBUG, logger="desk_breaks.desktop.busy"):
        source = create_busy_source(
            env, "linux", construct=constructor({"x11-fullscreen": None, "kde-dnd": None}, tried)
        )
    assert isinstance(source, CompositeBusySource)
    assert source.name == "x11-fullscreen+kde-dnd"
    assert tried == ["x11-fullscreen", "gnome-dnd", "kde-dnd"]
    records = [r for r in caplog.records if r.name == "desk_breaks.desktop.busy"]
    assert len(records) == 1
    assert "gnome-dnd: gnome-dnd is not here" in records[0].getMessage()


def test_factory_with_one_backend_returns_it_bare() -> None:
    source = create_busy_source(
        {"DISPLAY": ":0", "XDG_CURRENT_DESKTOP": "GNOME"},
        "linux",
        construct=constructor({"x11-fullscreen": FULL_SCREEN}, []),
    )
    assert isinstance(source, FakeBusySource)


def test_factory_with_nothing_returns_none_and_warns_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG, logger="desk_breaks.desktop.busy"):
        none = create_busy_source({}, "linux", construct=constructor({}, []))
        assert isinstance(none, NullBusySource)
        assert none.busy_reason() is None
        # the real macOS backend, not here
        assert isinstance(create_busy_source({}, "darwin"), NullBusySource)
    records = [r for r in caplog.records if r.name == "desk_breaks.desktop.busy"]
    assert [r.levelno for r in records] == [logging.WARNING, logging.WARNING]
    assert "DISPLAY is not set" in records[0].getMessage()
    assert "macos: not macOS" in records[1].getMessage()


def test_composite_gives_the_first_reason_and_closes_all() -> None:
    fullscreen = FakeBusySource(None, "x11-fullscreen")
    dnd = FakeBusySource(None, "kde-dnd")
    both = CompositeBusySource([fullscreen, dnd])
    assert both.busy_reason() is None
    dnd.reason = DO_NOT_DISTURB
    assert both.busy_reason() == DO_NOT_DISTURB
    fullscreen.reason = FULL_SCREEN
    assert both.busy_reason() == FULL_SCREEN
    both.close()
    assert fullscreen.closed
    assert dnd.closed


def test_composite_skips_a_member_that_raises(caplog: pytest.LogCaptureFixture) -> None:
    class Broken:
        name = "broken"

        def busy_reason(self) -> str | None:
            raise RuntimeError("bug")

        def close(self) -> None:
            pass

    both = CompositeBusySource([Broken(), FakeBusySource(DO_NOT_DISTURB)])
    with caplog.at_level(logging.ERROR):
        assert both.busy_reason() == DO_NOT_DISTURB
    assert "broken" in caplog.records[0].getMessage()


# -- Wayland: an app keeps the screen awake ---------------------------------------------------

GSM = ("/org/gnome/SessionManager", "org.gnome.SessionManager", "IsInhibited")
POWERDEVIL = (
    "/org/freedesktop/PowerManagement/Inhibit",
    "org.freedesktop.PowerManagement.Inhibit",
    "HasInhibit",
)


def test_gnome_awake_asks_about_idle_inhibitors(private_bus: str) -> None:
    inhibited = [False]
    with FakeService(private_bus, "org.gnome.SessionManager") as svc:
        svc.method(*GSM, lambda body: ("b", (inhibited[0],)))
        source = GnomeAwakeSource()
        assert source.busy_reason() is None
        inhibited[0] = True  # a video call starts
        assert source.busy_reason() == KEPT_AWAKE
        source.close()
        # Asked for idle inhibitors (8), not logout or suspend ones.
        assert {c[3] for c in svc.calls} == {(8,)}


def test_kde_awake_asks_powerdevil(private_bus: str) -> None:
    with FakeService(private_bus, "org.freedesktop.PowerManagement") as svc:
        svc.method(*POWERDEVIL, lambda body: ("b", (True,)))
        source = KdeAwakeSource()
        assert source.busy_reason() == KEPT_AWAKE
        source.close()


def test_awake_sources_are_unavailable_without_their_service(private_bus: str) -> None:
    with pytest.raises(PortUnavailable, match=r"org\.gnome\.SessionManager"):
        GnomeAwakeSource()
    with pytest.raises(PortUnavailable, match=r"org\.freedesktop\.PowerManagement"):
        KdeAwakeSource()


def test_factory_on_gnome_wayland_combines_dnd_and_awake(private_bus: str) -> None:
    with (
        FakeService(private_bus, "org.gnome.SessionManager") as gsm,
        FakeService(private_bus, "org.freedesktop.portal.Desktop") as portal,
    ):
        gsm.method(*GSM, lambda body: ("b", (True,)))
        portal_service(portal, [True], read_one=True)  # Do Not Disturb is off
        env = {"WAYLAND_DISPLAY": "wayland-0", "XDG_CURRENT_DESKTOP": "GNOME"}
        source = create_busy_source(env, "linux")
        assert not isinstance(source, NullBusySource)
        assert source.busy_reason() == KEPT_AWAKE
        source.close()


# -- KDE: Inhibited on the notification server ----------------------------------------------

NOTIFY = ("/org/freedesktop/Notifications", "org.freedesktop.Notifications")


def test_kde_dnd_follows_the_inhibited_property(private_bus: str) -> None:
    with FakeService(private_bus, "org.freedesktop.Notifications") as svc:
        svc.prop(*NOTIFY, "Inhibited", "b", False)
        source = KdeDndSource()
        assert source.busy_reason() is None
        svc.prop(*NOTIFY, "Inhibited", "b", True)
        assert source.busy_reason() == DO_NOT_DISTURB
        source.close()


def test_kde_dnd_unavailable_on_a_server_without_inhibited(private_bus: str) -> None:
    # dunst, GNOME Shell and others own the name but have no such property.
    with (
        FakeService(private_bus, "org.freedesktop.Notifications"),
        pytest.raises(PortUnavailable, match="Inhibited"),
    ):
        KdeDndSource()


def test_kde_dnd_server_gone_is_not_busy(
    private_bus: str, caplog: pytest.LogCaptureFixture
) -> None:
    svc = FakeService(private_bus, "org.freedesktop.Notifications")
    svc.prop(*NOTIFY, "Inhibited", "b", True)
    svc.start()
    source = KdeDndSource()
    assert source.busy_reason() == DO_NOT_DISTURB
    svc.stop()
    with caplog.at_level(logging.WARNING, logger="desk_breaks.desktop.busy.kde"):
        assert source.busy_reason() is None
        assert source.busy_reason() is None
    assert len(caplog.records) == 1
    source.close()


# -- GNOME: show-banners through the settings portal ----------------------------------------

PORTAL = ("/org/freedesktop/portal/desktop", "org.freedesktop.portal.Settings")


def portal_service(svc: FakeService, banners: list[bool], *, read_one: bool) -> None:
    def lookup(body: tuple[Any, ...]) -> tuple[str, bool]:
        if body != ("org.gnome.desktop.notifications", "show-banners"):
            raise FakeDBusError(
                "org.freedesktop.portal.Error.NotFound", "Requested setting not found"
            )
        return ("b", banners[0])

    if read_one:
        svc.method(*PORTAL, "ReadOne", lambda body: ("v", (lookup(body),)))
    # Read wraps the value in one more variant (a known wart of portal version 1).
    svc.method(*PORTAL, "Read", lambda body: ("v", (("v", lookup(body)),)))


@pytest.mark.parametrize("read_one", [True, False], ids=["ReadOne", "Read"])
def test_gnome_dnd_is_show_banners_false(private_bus: str, read_one: bool) -> None:
    banners = [True]
    with FakeService(private_bus, "org.freedesktop.portal.Desktop") as svc:
        portal_service(svc, banners, read_one=read_one)
        source = GnomeDndSource()
        assert source.busy_reason() is None
        banners[0] = False
        assert source.busy_reason() == DO_NOT_DISTURB
        source.close()
        methods = {c[2] for c in svc.calls}
    assert methods == ({"ReadOne"} if read_one else {"ReadOne", "Read"})


def test_gnome_dnd_unavailable_without_the_setting(private_bus: str) -> None:
    with FakeService(private_bus, "org.freedesktop.portal.Desktop") as svc:
        svc.method(
            *PORTAL,
            "ReadOne",
            lambda body: (_ for _ in ()).throw(
                FakeDBusError("org.freedesktop.portal.Error.NotFound", "no such schema")
            ),
        )
        with pytest.raises(PortUnavailable, match="NotFound"):
            GnomeDndSource()


def test_gnome_dnd_rejects_a_non_boolean(private_bus: str) -> None:
    with FakeService(private_bus, "org.freedesktop.portal.Desktop") as svc:
        svc.method(*PORTAL, "ReadOne", lambda body: ("v", (("s", "maybe"),)))
        with pytest.raises(PortUnavailable, match="not a boolean"):
            GnomeDndSource()


def test_real_factory_finds_both_dnd_services_on_the_bus(private_bus: str) -> None:
    with (
        FakeService(private_bus, "org.freedesktop.portal.Desktop") as portal,
        FakeService(private_bus, "org.freedesktop.Notifications") as notifications,
    ):
        portal_service(portal, [True], read_one=True)
        notifications.prop(*NOTIFY, "Inhibited", "b", True)
        source = create_busy_source({"XDG_CURRENT_DESKTOP": "Hyprland"}, "linux")
        assert not isinstance(source, NullBusySource)
        assert source.name == "gnome-dnd+kde-dnd"
        assert source.busy_reason() == DO_NOT_DISTURB
        source.close()


# -- Windows: SHQueryUserNotificationState, faked --------------------------------------------


class FakeFunction:
    def __init__(self, impl: Any) -> None:
        self.impl = impl
        self.argtypes: Any = None
        self.restype: Any = None

    def __call__(self, *args: Any) -> Any:
        return self.impl(*args)


class FakeShell32:
    def __init__(self) -> None:
        self.state = QUNS_ACCEPTS_NOTIFICATIONS
        self.hresult = 0

        def query(pointer: Any) -> int:
            pointer.contents.value = self.state
            return self.hresult

        self.SHQueryUserNotificationState = FakeFunction(query)


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        (QUNS_ACCEPTS_NOTIFICATIONS, None),
        (QUNS_APP, None),
        (QUNS_NOT_PRESENT, None),
        (QUNS_BUSY, "a full-screen app is active"),
        (QUNS_RUNNING_D3D_FULL_SCREEN, "a full-screen game or video is running"),
        (QUNS_PRESENTATION_MODE, "presentation mode is on"),
        (QUNS_QUIET_TIME, "Windows quiet time is on"),
    ],
)
def test_windows_states(state: int, reason: str | None) -> None:
    shell32 = FakeShell32()
    source = WindowsBusySource(shell32)
    shell32.state = state
    assert source.busy_reason() == reason
    assert shell32.SHQueryUserNotificationState.restype is ctypes.c_long


def test_windows_failed_call_is_not_busy_and_unavailable_at_probe() -> None:
    shell32 = FakeShell32()
    source = WindowsBusySource(shell32)
    shell32.state = QUNS_BUSY
    shell32.hresult = -2147467259  # E_FAIL
    assert source.busy_reason() is None
    with pytest.raises(PortUnavailable):
        WindowsBusySource(shell32)
    with pytest.raises(PortUnavailable, match="not Windows"):
        WindowsBusySource()


# -- macOS: window list and display bounds, with CoreGraphics/CoreFoundation faked ----------

MAIN = (0.0, 0.0, 1440.0, 900.0)
SIDE = (1440.0, 0.0, 1920.0, 1080.0)


class FakeQuartz:
    """CoreFoundation objects are handles (ints) into a table, as CFTypeRefs are pointers."""

    def __init__(self) -> None:
        self.objects: dict[int, Any] = {}
        self.released: list[int] = []
        self.windows: list[dict[str, Any]] | None = []
        self.displays = [MAIN, SIDE]
        self._ids = itertools.count(0x1000)
        self.cg = _Lib(
            CGWindowListCopyWindowInfo=self.copy_window_info,
            CGGetActiveDisplayList=self.active_displays,
            CGDisplayBounds=self.display_bounds,
            CGRectMakeWithDictionaryRepresentation=self.rect_from_dict,
        )
        self.cf = _Lib(
            CFArrayGetCount=lambda a: len(self.objects[a]),
            CFArrayGetValueAtIndex=lambda a, i: self.objects[a][i],
            CFDictionaryGetValue=lambda d, k: self.objects[d].get(self.objects[k]),
            CFNumberGetValue=self.number_value,
            CFStringCreateWithCString=lambda alloc, text, enc: self.new(text.decode()),
            CFRelease=self.released.append,
        )

    def new(self, value: Any) -> int:
        handle = next(self._ids)
        self.objects[handle] = value
        return handle

    def copy_window_info(self, options: int, relative_to: int) -> int | None:
        assert options == (1 << 0) | (1 << 4)
        if self.windows is None:
            return None
        entries = []
        for window in self.windows:
            entries.append(
                self.new(
                    {
                        "kCGWindowLayer": self.new(("number", window["layer"])),
                        "kCGWindowBounds": self.new(("rect", window["bounds"])),
                    }
                )
            )
        return self.new(entries)

    def number_value(self, number: int, kind: int, out: Any) -> bool:
        tag, value = self.objects[number]
        assert (tag, kind) == ("number", 3)
        out._obj.value = value  # byref() keeps the ctypes object it points at in _obj
        return True

    def rect_from_dict(self, handle: int, out: Any) -> bool:
        tag, (x, y, w, h) = self.objects[handle]
        assert tag == "rect"
        rect = out._obj
        rect.origin.x, rect.origin.y, rect.size.width, rect.size.height = x, y, w, h
        return True

    def active_displays(self, max_count: int, ids: Any, count: Any) -> int:
        for i in range(len(self.displays)):
            ids[i] = 100 + i
        count._obj.value = len(self.displays)
        return 0

    def display_bounds(self, display_id: int) -> CGRect:
        x, y, w, h = self.displays[display_id - 100]
        rect = CGRect()
        rect.origin.x, rect.origin.y, rect.size.width, rect.size.height = x, y, w, h
        return rect


class _Lib:
    def __init__(self, **functions: Any) -> None:
        for name, impl in functions.items():
            setattr(self, name, FakeFunction(impl))


def mac(quartz: FakeQuartz) -> MacBusySource:
    return MacBusySource(quartz.cg, quartz.cf)


def test_macos_front_window_covering_a_display_is_full_screen() -> None:
    quartz = FakeQuartz()
    quartz.windows = [
        {"layer": 25, "bounds": (0, 0, 1440, 24)},  # menu bar
        {"layer": 0, "bounds": MAIN},
        {"layer": 0, "bounds": (100, 100, 400, 300)},
    ]
    assert mac(quartz).busy_reason() == FULL_SCREEN


def test_macos_zoomed_window_under_the_menu_bar_is_not_full_screen() -> None:
    quartz = FakeQuartz()
    quartz.windows = [{"layer": 0, "bounds": (0.0, 25.0, 1440.0, 875.0)}]
    assert mac(quartz).busy_reason() is None


def test_macos_full_screen_on_a_second_display() -> None:
    quartz = FakeQuartz()
    quartz.windows = [{"layer": 0, "bounds": SIDE}]
    assert mac(quartz).busy_reason() == FULL_SCREEN


def test_macos_only_the_frontmost_normal_window_counts() -> None:
    quartz = FakeQuartz()
    # A full-screen overlay at a higher layer (screen saver, Dock) is not the user's app,
    # and a full-screen window behind the front one is not in front.
    quartz.windows = [
        {"layer": 1000, "bounds": MAIN},
        {"layer": 0, "bounds": (10, 40, 800, 600)},
        {"layer": 0, "bounds": MAIN},
    ]
    assert mac(quartz).busy_reason() is None


def test_macos_no_window_list_is_not_busy_and_everything_is_released() -> None:
    quartz = FakeQuartz()
    source = mac(quartz)
    quartz.windows = None
    assert source.busy_reason() is None
    quartz.windows = [{"layer": 0, "bounds": MAIN}]
    source.busy_reason()
    source.close()
    source.close()
    created_arrays = [h for h, v in quartz.objects.items() if isinstance(v, list)]
    keys = [h for h, v in quartz.objects.items() if isinstance(v, str)]
    assert sorted(quartz.released) == sorted(created_arrays + keys)


def test_macos_backend_says_not_macos_here() -> None:
    with pytest.raises(PortUnavailable, match="not macOS"):
        MacBusySource()


# -- BusyMonitor: ask on demand, re-ask while busy, say when it clears -----------------------


def test_monitor_not_busy_does_not_poll(qtbot: QtBot) -> None:
    source = FakeBusySource(None)
    monitor = BusyMonitor(source, poll_s=0.01)
    assert monitor.check() is None
    assert not monitor.waiting
    assert source.queries == 1


def test_monitor_re_polls_while_busy_and_emits_cleared_once(qtbot: QtBot) -> None:
    source = FakeBusySource(FULL_SCREEN)
    monitor = BusyMonitor(source, poll_s=0.01)
    cleared: list[bool] = []
    monitor.cleared.connect(lambda: cleared.append(True))
    assert monitor.check() == FULL_SCREEN
    assert monitor.waiting
    assert monitor.reason == FULL_SCREEN
    qtbot.waitUntil(lambda: source.queries >= 3)
    assert cleared == []
    with qtbot.waitSignal(monitor.reason_changed) as changed:
        source.reason = DO_NOT_DISTURB
    assert changed.args == [DO_NOT_DISTURB]
    with qtbot.waitSignal(monitor.cleared):
        source.reason = None
    # The timer is stopped: nothing polls any more, and ``cleared`` came exactly once.
    assert not monitor.waiting
    assert monitor.reason is None
    assert cleared == [True]


def test_monitor_cancel_stops_without_cleared(qtbot: QtBot) -> None:
    source = FakeBusySource(DO_NOT_DISTURB)
    monitor = BusyMonitor(source, poll_s=0.01)
    cleared: list[bool] = []
    monitor.cleared.connect(lambda: cleared.append(True))
    monitor.check()
    assert monitor.waiting
    monitor.cancel()
    assert not monitor.waiting
    assert monitor.reason is None
    assert cleared == []


def test_monitor_without_source_is_never_busy(qtbot: QtBot) -> None:
    monitor = BusyMonitor(None)
    assert monitor.check() is None
    assert not monitor.waiting


def test_monitor_treats_a_crashing_source_as_not_busy(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken:
        name = "broken"

        def busy_reason(self) -> str | None:
            raise OSError("gone")

        def close(self) -> None:
            pass

    monitor = BusyMonitor(Broken())
    with caplog.at_level(logging.ERROR):
        assert monitor.check() is None
    assert "broken" in caplog.text
