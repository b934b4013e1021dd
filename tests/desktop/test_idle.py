"""Idle port: the factory's choices, the D-Bus backends on a private bus, the ctypes backends
with the OS calls faked. (The X11 backend runs for real in test_x11.py.)
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Mapping
from typing import Any

import pytest

from desk_breaks.desktop._backends import FailureLog, PortUnavailable
from desk_breaks.desktop.bindings import dbus
from desk_breaks.desktop.idle import IdleSource, NullIdleSource, why_unavailable
from desk_breaks.desktop.idle.factory import create_idle_source, plan_idle_backends
from desk_breaks.desktop.idle.gnome import GnomeIdleSource
from desk_breaks.desktop.idle.kde import KdeIdleSource
from desk_breaks.desktop.idle.macos import ANY_INPUT_EVENT, HID_SYSTEM_STATE, MacIdleSource
from desk_breaks.desktop.idle.windows import WindowsIdleSource
from tests.desktop.fake_dbus import FakeDBusError, FakeService

# -- which backends are tried, in which order ------------------------------------------------


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}, ["x11", "kde", "gnome"]),
        (
            {"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11", "XDG_CURRENT_DESKTOP": "ubuntu:GNOME"},
            ["x11", "gnome", "kde"],
        ),
        # GNOME's Mutter offers no idle protocol to clients: its D-Bus monitor first.
        (
            {"DISPLAY": ":1", "WAYLAND_DISPLAY": "wayland-0", "XDG_CURRENT_DESKTOP": "GNOME"},
            ["gnome", "kde", "wayland"],
        ),
        # KWin and wlroots compositors tell through the Wayland protocol, then D-Bus.
        (
            {"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":1", "XDG_CURRENT_DESKTOP": "KDE"},
            ["wayland", "kde", "gnome"],
        ),
        (
            {"WAYLAND_DISPLAY": "wayland-1", "XDG_CURRENT_DESKTOP": "sway"},
            ["wayland", "kde", "gnome"],
        ),
        # XDG_SESSION_TYPE wins over a stray WAYLAND_DISPLAY.
        (
            {"XDG_SESSION_TYPE": "x11", "WAYLAND_DISPLAY": "w", "DISPLAY": ":0"},
            ["x11", "kde", "gnome"],
        ),
        ({"XDG_CURRENT_DESKTOP": "XFCE"}, ["kde", "gnome"]),
    ],
)
def test_linux_plan_follows_the_session(env: dict[str, str], expected: list[str]) -> None:
    names, _ = plan_idle_backends(env, "linux")
    assert names == expected


def test_plan_says_why_x11_is_not_tried() -> None:
    _, skipped = plan_idle_backends({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "linux")
    assert skipped == ["x11: a Wayland session (XWayland sees only input to X11 windows)"]
    _, skipped = plan_idle_backends({}, "linux")
    assert skipped == ["x11: DISPLAY is not set"]


def test_windows_and_macos_have_one_backend_each() -> None:
    assert plan_idle_backends({"DISPLAY": ":0"}, "win32") == (["windows"], [])
    assert plan_idle_backends({"DISPLAY": ":0"}, "darwin") == (["macos"], [])


# -- the factory: first working backend, one log line -----------------------------------------


class Named:
    def __init__(self, name: str) -> None:
        self.name = name
        self.closed = False

    def idle_ms(self) -> int | None:
        return 5

    def close(self) -> None:
        self.closed = True


def constructor(working: set[str], tried: list[str]) -> Any:
    def construct(name: str, env: Mapping[str, str]) -> IdleSource:
        tried.append(name)
        if name not in working:
            raise PortUnavailable(f"{name} said no")
        return Named(name)

    return construct


def test_factory_takes_the_first_that_works_and_logs_the_others_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    tried: list[str] = []
    env = {"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11", "XDG_CURRENT_DESKTOP": "GNOME"}
    with caplog.at_level(logging.DEBUG, logger="desk_breaks.desktop.idle"):
        source = create_idle_source(env, "linux", construct=constructor({"gnome", "kde"}, tried))
    assert source is not None
    assert source.name == "gnome"
    assert tried == ["x11", "gnome"]  # kde is never even opened
    records = [r for r in caplog.records if r.name == "desk_breaks.desktop.idle"]
    assert len(records) == 1
    assert records[0].levelno == logging.INFO
    assert "x11: x11 said no" in records[0].getMessage()


def test_factory_returns_a_null_source_with_one_warning_naming_every_reason(
    caplog: pytest.LogCaptureFixture,
) -> None:
    tried: list[str] = []
    env = {"WAYLAND_DISPLAY": "wayland-0", "XDG_CURRENT_DESKTOP": "KDE"}
    with caplog.at_level(logging.DEBUG, logger="desk_breaks.desktop.idle"):
        source = create_idle_source(env, "linux", construct=constructor(set(), tried))
    assert isinstance(source, NullIdleSource)
    assert source.idle_ms() is None
    assert tried == ["wayland", "kde", "gnome"]
    records = [r for r in caplog.records if r.name == "desk_breaks.desktop.idle"]
    assert [r.levelno for r in records] == [logging.WARNING]
    message = records[0].getMessage()
    for part in (
        "x11: a Wayland session",
        "wayland: wayland said no",
        "kde: kde said no",
        "gnome: gnome said no",
    ):
        assert part in message


def test_factory_survives_a_backend_that_cannot_even_import() -> None:
    def construct(name: str, env: Mapping[str, str]) -> IdleSource:
        if name == "x11":
            raise ImportError("no module named jeepney")
        return Named(name)

    source = create_idle_source({"DISPLAY": ":0"}, "linux", construct=construct)
    assert source is not None
    assert source.name == "kde"


def test_real_factory_on_this_machine_without_any_session_degrades(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    with caplog.at_level(logging.WARNING, logger="desk_breaks.desktop.idle"):
        assert isinstance(create_idle_source({}, "linux"), NullIdleSource)
        # not Windows: its backend says so
        assert isinstance(create_idle_source({}, "win32"), NullIdleSource)
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2
    assert "DBUS_SESSION_BUS_ADDRESS is not set" in messages[0]
    assert "windows: not Windows" in messages[1]


def test_failure_log_logs_a_run_of_failures_once_and_the_recovery_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    log = FailureLog(logging.getLogger("test.failures"), "idle time from somewhere")
    with caplog.at_level(logging.INFO, logger="test.failures"):
        for _ in range(5):
            log.failed("gone")
        log.ok()
        log.ok()
        log.failed("gone again")
    assert [r.getMessage() for r in caplog.records] == [
        "idle time from somewhere stopped answering: gone",
        "idle time from somewhere answers again",
        "idle time from somewhere stopped answering: gone again",
    ]


# -- GNOME and KDE against fake services on a private session bus ---------------------------

MUTTER = ("/org/gnome/Mutter/IdleMonitor/Core", "org.gnome.Mutter.IdleMonitor", "GetIdletime")
KSCREEN = ("/ScreenSaver", "org.freedesktop.ScreenSaver", "GetSessionIdleTime")


def test_gnome_reads_mutters_idle_monitor(private_bus: str) -> None:
    idle = [1234]
    with FakeService(private_bus, "org.gnome.Mutter.IdleMonitor") as svc:
        svc.method(*MUTTER, lambda body: ("t", (idle[0],)))
        source = GnomeIdleSource()
        assert source.idle_ms() == 1234
        idle[0] = 2**40  # uint64: a very long idle time still fits
        assert source.idle_ms() == 2**40
        source.close()
        source.close()
        assert [c[2] for c in svc.calls] == ["GetIdletime"] * 3  # the probe, then two polls


def test_kde_reads_the_screensaver_session_idle_time(private_bus: str) -> None:
    with FakeService(private_bus, "org.freedesktop.ScreenSaver") as svc:
        svc.method(*KSCREEN, lambda body: ("u", (4321,)))
        source = KdeIdleSource()
        assert source.idle_ms() == 4321
        source.close()


def test_kde_backend_refuses_a_screensaver_that_does_not_support_idle_time(
    private_bus: str,
) -> None:
    def not_supported(body: tuple[object, ...]) -> object:
        raise FakeDBusError("org.freedesktop.DBus.Error.NotSupported", "This method is not part")

    with FakeService(private_bus, "org.freedesktop.ScreenSaver") as svc:
        svc.method(*KSCREEN, not_supported)
        with pytest.raises(PortUnavailable, match="NotSupported"):
            KdeIdleSource()


def test_dbus_backends_are_unavailable_when_nobody_owns_the_name(private_bus: str) -> None:
    with pytest.raises(PortUnavailable, match="ServiceUnknown"):
        GnomeIdleSource()
    with pytest.raises(PortUnavailable, match="ServiceUnknown"):
        KdeIdleSource()


def test_a_service_that_disappears_gives_none_and_one_warning(
    private_bus: str, caplog: pytest.LogCaptureFixture
) -> None:
    svc = FakeService(private_bus, "org.gnome.Mutter.IdleMonitor")
    svc.method(*MUTTER, lambda body: ("t", (10,)))
    svc.start()
    source = GnomeIdleSource()
    svc.stop()
    with caplog.at_level(logging.INFO, logger="desk_breaks.desktop.idle.gnome"):
        assert source.idle_ms() is None
        assert source.idle_ms() is None
    assert len(caplog.records) == 1
    with FakeService(private_bus, "org.gnome.Mutter.IdleMonitor") as again:
        again.method(*MUTTER, lambda body: ("t", (20,)))
        assert source.idle_ms() == 20
    source.close()


def test_factory_finds_gnome_on_the_session_bus(private_bus: str) -> None:
    with FakeService(private_bus, "org.gnome.Mutter.IdleMonitor") as svc:
        svc.method(*MUTTER, lambda body: ("t", (77,)))
        env = {"WAYLAND_DISPLAY": "wayland-0", "XDG_CURRENT_DESKTOP": "GNOME"}
        source = create_idle_source(env, "linux")
        assert source is not None
        assert source.name == "gnome"
        assert source.idle_ms() == 77
        source.close()


def test_a_shared_bus_is_not_closed_by_the_source(private_bus: str) -> None:
    with FakeService(private_bus, "org.gnome.Mutter.IdleMonitor") as svc:
        svc.method(*MUTTER, lambda body: ("t", (1,)))
        with dbus.session_bus() as bus:
            source = GnomeIdleSource(bus)
            source.close()
            assert bus.is_open


# -- Windows, with user32/kernel32 faked ----------------------------------------------------


class FakeFunction:
    """Stands in for a ctypes foreign function: callable, with argtypes/restype."""

    def __init__(self, impl: Any) -> None:
        self.impl = impl
        self.argtypes: Any = None
        self.restype: Any = None

    def __call__(self, *args: Any) -> Any:
        return self.impl(*args)


class FakeLibrary:
    def __init__(self, **functions: Any) -> None:
        for name, impl in functions.items():
            setattr(self, name, FakeFunction(impl))


def fake_windows(last_input: list[int], ticks: list[int], ok: list[bool]) -> tuple[Any, Any]:
    def get_last_input_info(pointer: Any) -> int:
        info = pointer.contents
        assert info.cbSize == 8  # Windows checks the size of the struct it is given
        if not ok[0]:
            return 0
        info.dwTime = last_input[0]
        return 1

    user32 = FakeLibrary(GetLastInputInfo=get_last_input_info)
    kernel32 = FakeLibrary(GetTickCount64=lambda: ticks[0])
    return user32, kernel32


def test_windows_idle_is_ticks_since_last_input() -> None:
    last, ticks, ok = [1_000], [61_000], [True]
    source = WindowsIdleSource(*fake_windows(last, ticks, ok))
    assert source.idle_ms() == 60_000
    assert source.name == "windows"


def test_windows_idle_survives_the_49_day_wrap_of_the_32_bit_tick() -> None:
    # Last input just before the 32-bit tick wrapped, now just after (GetTickCount64 went on).
    last, ticks, ok = [0xFFFF_FF00], [(1 << 32) + 0x100], [True]
    source = WindowsIdleSource(*fake_windows(last, ticks, ok))
    assert source.idle_ms() == 0x200


def test_windows_declares_the_c_signatures() -> None:
    user32, kernel32 = fake_windows([0], [0], [True])
    WindowsIdleSource(user32, kernel32)
    assert kernel32.GetTickCount64.restype is ctypes.c_uint64
    assert user32.GetLastInputInfo.restype is ctypes.c_int


def test_windows_failure_is_none_then_recovers(caplog: pytest.LogCaptureFixture) -> None:
    last, ticks, ok = [0], [500], [True]
    source = WindowsIdleSource(*fake_windows(last, ticks, ok))
    ok[0] = False
    with caplog.at_level(logging.INFO, logger="desk_breaks.desktop.idle.windows"):
        assert source.idle_ms() is None
        assert source.idle_ms() is None
        ok[0] = True
        assert source.idle_ms() == 500
    assert len(caplog.records) == 2  # one "stopped", one "again"


def test_windows_probe_failure_is_unavailable() -> None:
    with pytest.raises(PortUnavailable, match="GetLastInputInfo"):
        WindowsIdleSource(*fake_windows([0], [0], [False]))


def test_windows_backend_says_not_windows_here() -> None:
    with pytest.raises(PortUnavailable, match="not Windows"):
        WindowsIdleSource()


# -- macOS, with CoreGraphics faked ---------------------------------------------------------


def fake_coregraphics(seconds: list[float], calls: list[tuple[int, int]]) -> Any:
    def since_last(state: int, event_type: int) -> float:
        calls.append((state, event_type))
        return seconds[0]

    return FakeLibrary(CGEventSourceSecondsSinceLastEventType=since_last)


def test_macos_idle_converts_seconds_to_milliseconds() -> None:
    seconds, calls = [12.3456], []
    cg = fake_coregraphics(seconds, calls)
    source = MacIdleSource(cg)
    assert source.idle_ms() == 12_346
    assert calls[-1] == (HID_SYSTEM_STATE, ANY_INPUT_EVENT)
    assert cg.CGEventSourceSecondsSinceLastEventType.restype is ctypes.c_double


def test_macos_nonsense_answers_are_none() -> None:
    seconds: list[float] = [1.0]
    source = MacIdleSource(fake_coregraphics(seconds, []))
    for bad in (float("nan"), -1.0, float("inf")):
        seconds[0] = bad
        assert source.idle_ms() is None
    seconds[0] = float("nan")
    with pytest.raises(PortUnavailable):
        MacIdleSource(fake_coregraphics(seconds, []))


def test_macos_backend_says_not_macos_here() -> None:
    with pytest.raises(PortUnavailable, match="not macOS"):
        MacIdleSource()


def test_why_unavailable_is_the_null_source_s_reason_and_none_for_a_working_one() -> None:
    assert (
        why_unavailable(NullIdleSource("wayland: no idle protocol")) == "wayland: no idle protocol"
    )
    assert why_unavailable(Named("x11")) is None
    assert why_unavailable(None) == "no idle source"
