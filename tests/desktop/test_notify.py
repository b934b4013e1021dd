"""Notifications: a real dunst on a private bus under Xvfb, a fake service for the exact
arguments, the tray balloon fallback, and the chain that switches between them."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QIcon

from desk_breaks import APP_ID
from desk_breaks.desktop.bindings import dbus
from desk_breaks.desktop.notify import ChainNotifier, Notifier, NullNotifier
from desk_breaks.desktop.notify.factory import create_notifier
from desk_breaks.desktop.notify.freedesktop import NAME, FreedesktopNotifier
from desk_breaks.desktop.notify.tray import BALLOON_DEFAULT_MS, TrayNotifier
from tests.desktop.fake_dbus import FakeDBusError, FakeService
from tests.e2e.desktop import Desktop
from tests.helpers.fakes import FakeNotifier
from tests.helpers.tools import require_tools, stop_process

PATH = "/org/freedesktop/Notifications"
IFACE = "org.freedesktop.Notifications"


class FakeTray:
    """Stands in for QSystemTrayIcon: records balloons."""

    def __init__(self, visible: bool = True) -> None:
        self.messages: list[tuple[str, str, QIcon, int]] = []
        self.visible = visible
        self._icon = QIcon()

    def showMessage(self, title: str, msg: str, icon: QIcon, msecs: int = 10000) -> None:
        self.messages.append((title, msg, icon, msecs))

    def icon(self) -> QIcon:
        return self._icon

    def isVisible(self) -> bool:
        return self.visible


@pytest.fixture
def made() -> Iterator[list[Notifier]]:
    """Notifiers a test made; their bus connections are closed after it."""
    notifiers: list[Notifier] = []
    yield notifiers
    for notifier in notifiers:
        notifier.disconnect()


def _wait(predicate: Any, what: str, timeout_s: float = 10) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}", pytrace=False)
        time.sleep(0.02)


# --- a real notification daemon: dunst ---------------------------------------------------------


@pytest.fixture
def dunst(private_bus: str, xvfb_bare: Desktop, tmp_path: Any) -> Iterator[str]:
    """A real dunst on the private bus, drawing on Xvfb; yields the bus address."""
    require_tools("dunst", "dunstctl", "dbus-send")
    env = {**os.environ, "DISPLAY": xvfb_bare.display, "DBUS_SESSION_BUS_ADDRESS": private_bus}
    log = (tmp_path / "dunst.log").open("wb")
    proc = subprocess.Popen(["dunst"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        with dbus.session_bus(private_bus) as bus:

            def owned() -> bool:
                if proc.poll() is not None:
                    log.flush()
                    pytest.fail(
                        f"dunst exited: {(tmp_path / 'dunst.log').read_text()}", pytrace=False
                    )
                return dbus.name_has_owner(bus, NAME)

            _wait(owned, "dunst to own org.freedesktop.Notifications")
        yield private_bus
    finally:
        stop_process(proc)
        log.close()


def _dunstctl(*args: str) -> str:
    result = subprocess.run(
        ["dunstctl", *args], capture_output=True, text=True, check=True, timeout=10
    )
    return result.stdout.strip()


def _dunst_history() -> list[dict[str, Any]]:
    data = json.loads(_dunstctl("history"))["data"][0]
    return [{key: field["data"] for key, field in item.items()} for item in data]


def test_dunst_shows_the_heads_up_and_a_second_one_replaces_it(
    dunst: str, made: list[Notifier]
) -> None:
    notifier = FreedesktopNotifier.connect(dunst)  # raises PortUnavailable without a bus
    assert notifier.not_yet is None
    made.append(notifier)
    assert notifier.notify("Break in 30 seconds", "Neck routine next", timeout_ms=0)
    first = notifier.notification_id
    assert first > 0
    assert _dunstctl("count", "displayed") == "1"

    assert notifier.notify("Break in 10 seconds", "Neck routine next", timeout_ms=0)
    assert notifier.notification_id == first
    assert _dunstctl("count", "displayed") == "1", "the heads-up stacked instead of replacing"

    notifier.close()
    assert _dunstctl("count", "displayed") == "0"
    (item,) = _dunst_history()
    assert item["summary"] == "Break in 10 seconds"
    assert item["body"] == "Neck routine next"
    assert item["appname"] == "Desk Breaks"
    assert item["id"] == first
    assert item["icon_path"].endswith("desk-breaks.svg")
    notifier.close()  # nothing left: harmless


def test_factory_prefers_dunst_over_the_tray(dunst: str, qapp: Any, made: list[Notifier]) -> None:
    tray = FakeTray()
    notifier = create_notifier(tray, session_bus_address=dunst, tray_available=lambda: True)
    made.append(notifier)
    assert isinstance(notifier, ChainNotifier)
    assert "org.freedesktop.Notifications" in notifier.description
    assert notifier.notify("Break in 30 seconds", "Shoulders & upper back <4 min>")
    assert _dunstctl("count", "displayed") == "1"
    assert tray.messages == []
    notifier.close()
    (item,) = _dunst_history()
    # dunst reads body markup: escaped, the body renders as the characters themselves
    # ("message" is the Pango markup it draws), not as a broken tag.
    assert item["body"] == "Shoulders &amp; upper back &lt;4 min&gt;"
    assert item["message"] == (
        "<b>Break in 30 seconds</b>\nShoulders &amp; upper back &lt;4 min&gt;"
    )


# --- no daemon: the tray balloon -----------------------------------------------------------------


def test_without_a_daemon_the_tray_balloon_shows_it_and_it_is_logged_once(
    private_bus: str, qapp: Any, caplog: pytest.LogCaptureFixture, made: list[Notifier]
) -> None:
    caplog.set_level(logging.INFO, logger="desk_breaks.desktop.notify")
    tray = FakeTray()
    notifier = create_notifier(tray, session_bus_address=private_bus, tray_available=lambda: True)
    made.append(notifier)
    assert isinstance(notifier, ChainNotifier)
    assert notifier.notify("Break in 30 seconds", "Neck routine next", timeout_ms=20000)
    assert notifier.notify("Break in 10 seconds", "Neck routine next")
    assert [(t, m, ms) for t, m, _icon, ms in tray.messages] == [
        ("Break in 30 seconds", "Neck routine next", 20000),
        ("Break in 10 seconds", "Neck routine next", BALLOON_DEFAULT_MS),
    ]
    about_service = [r for r in caplog.records if "org.freedesktop.Notifications" in r.message]
    assert len(about_service) == 1, [r.message for r in caplog.records]
    assert "has no owner" in about_service[0].message


def test_a_daemon_that_appears_later_is_used_and_that_is_logged(
    private_bus: str, qapp: Any, caplog: pytest.LogCaptureFixture, made: list[Notifier]
) -> None:
    caplog.set_level(logging.INFO, logger="desk_breaks.desktop.notify")
    tray = FakeTray()
    notifier = create_notifier(tray, session_bus_address=private_bus, tray_available=lambda: True)
    made.append(notifier)
    assert notifier.notify("Break soon", "first")
    assert len(tray.messages) == 1
    with FakeService(private_bus, NAME) as svc:
        svc.method(PATH, IFACE, "GetCapabilities", lambda body: ("as", (["body"],)))
        svc.method(PATH, IFACE, "Notify", lambda body: ("u", (7,)))
        svc.method(PATH, IFACE, "CloseNotification", lambda body: ("", ()))
        assert notifier.notify("Break soon", "second")
        assert len(tray.messages) == 1
        assert any("works again" in r.message for r in caplog.records)
        notifier.close()
        assert svc.calls[-1] == (PATH, IFACE, "CloseNotification", (7,))


def test_no_bus_and_no_tray_is_a_null_notifier_with_the_reason(
    tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    notifier = create_notifier(
        None, session_bus_address=f"unix:path={tmp_path}/no-bus", platform="linux"
    )
    assert isinstance(notifier, NullNotifier)
    assert "cannot connect to the session bus" in notifier.reason
    assert "no tray icon" in notifier.reason
    assert not notifier.notify("t", "b")
    notifier.close()
    assert len([r for r in caplog.records if "notifications unavailable" in r.message]) == 1


def test_no_session_bus_leaves_the_tray_balloon(
    tmp_path: Any, qapp: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="desk_breaks.desktop.notify")
    tray = FakeTray()
    notifier = create_notifier(
        tray,
        session_bus_address=f"unix:path={tmp_path}/no-bus",
        platform="linux",
        tray_available=lambda: True,
    )
    assert isinstance(notifier, TrayNotifier)
    assert notifier.notify("Break in 30 seconds", "Neck routine next")
    assert len(tray.messages) == 1
    (record,) = caplog.records
    assert "cannot connect to the session bus" in record.message


def test_windows_and_macos_use_the_tray_balloon(
    private_bus: str, qapp: Any, made: list[Notifier]
) -> None:
    for platform in ("win32", "darwin"):
        tray = FakeTray()
        notifier = create_notifier(
            tray, session_bus_address=private_bus, platform=platform, tray_available=lambda: True
        )
        made.append(notifier)
        assert isinstance(notifier, TrayNotifier)
        assert notifier.notify("Break in 30 seconds", "Neck routine next")
        assert len(tray.messages) == 1


# --- the exact call, against a fake service -------------------------------------------------------


def _service(address: str, *, caps: list[str], fail: bool = False) -> FakeService:
    svc = FakeService(address, NAME)
    ids = iter(range(41, 100))

    def notify(body: tuple[Any, ...]) -> tuple[str, tuple[int]]:
        if fail:
            raise FakeDBusError("org.freedesktop.DBus.Error.Failed", "no screen")
        return "u", (body[1] or next(ids),)

    svc.method(PATH, IFACE, "GetCapabilities", lambda body: ("as", (caps,)))
    svc.method(PATH, IFACE, "Notify", notify)
    svc.method(PATH, IFACE, "CloseNotification", lambda body: ("", ()))
    return svc


def test_notify_sends_the_spec_arguments_and_replaces_by_id(
    private_bus: str, made: list[Notifier]
) -> None:
    with _service(private_bus, caps=["body"]) as svc:
        notifier = FreedesktopNotifier.connect(private_bus, app_icon="/icons/app.svg")
        assert notifier.not_yet is None
        made.append(notifier)
        assert notifier.notify("Break in 30 seconds", "A & B <c>", timeout_ms=25000)
        assert notifier.notify("Break in 10 seconds", "A & B <c>", icon="alarm-symbolic")
        notifies = [c[3] for c in svc.calls if c[2] == "Notify"]
        app, replaces, icon, summary, body, actions, hints, timeout = notifies[0]
        assert (app, replaces, icon, summary, timeout) == (
            "Desk Breaks", 0, "/icons/app.svg", "Break in 30 seconds", 25000
        )  # fmt: skip
        assert body == "A & B <c>", "a service without body-markup gets the text as it is"
        assert actions == []
        assert hints["desktop-entry"] == ("s", APP_ID)
        assert hints["urgency"] == ("y", 1)
        assert notifies[1][1] == 41, "the second heads-up must replace the first"
        assert notifies[1][2] == "alarm-symbolic"
        assert notifies[1][7] == -1
        notifier.close()
        assert svc.calls[-1][2:] == ("CloseNotification", (41,))


def test_body_is_escaped_for_a_service_that_reads_markup(
    private_bus: str, made: list[Notifier]
) -> None:
    with _service(private_bus, caps=["body", "body-markup"]) as svc:
        notifier = FreedesktopNotifier.connect(private_bus)
        assert notifier.not_yet is None
        made.append(notifier)
        assert notifier.notify("Break", "Neck & shoulders <2 min>")
        (body,) = [c[3][4] for c in svc.calls if c[2] == "Notify"]
        assert body == "Neck &amp; shoulders &lt;2 min&gt;"


def test_an_error_reply_falls_back_to_the_tray(
    private_bus: str, qapp: Any, caplog: pytest.LogCaptureFixture, made: list[Notifier]
) -> None:
    caplog.set_level(logging.INFO, logger="desk_breaks.desktop.notify")
    with _service(private_bus, caps=[], fail=True):
        tray = FakeTray()
        notifier = create_notifier(
            tray, session_bus_address=private_bus, tray_available=lambda: True
        )
        made.append(notifier)
        assert notifier.notify("Break", "first")
        assert notifier.notify("Break", "second")
        assert [m for _t, m, _i, _ms in tray.messages] == ["first", "second"]
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1 and "using the tray icon's balloon" in warnings[0].message


# --- the chain and the tray backend, with fakes -------------------------------------------------


def test_chain_closes_the_old_backend_when_the_heads_up_moves() -> None:
    first, second = FakeNotifier(), FakeNotifier(accept=False)
    chain = ChainNotifier([first, second])
    assert isinstance(chain, Notifier)
    assert chain.notify("a", "b")
    first.accept, second.accept = False, True
    assert chain.notify("c", "d")
    assert first.closed == 1 and first.current is None
    chain.close()
    assert second.closed == 1
    first.accept = second.accept = False
    assert not chain.notify("e", "f")
    with pytest.raises(ValueError, match="at least one"):
        ChainNotifier([])


def test_tray_balloon_uses_the_given_icon_and_refuses_without_a_tray(qapp: Any) -> None:
    tray = FakeTray()
    available = True
    notifier = TrayNotifier(tray, available=lambda: available)
    assert notifier.notify("t", "b", icon=str(_svg_icon()), timeout_ms=5000)
    _title, _msg, icon, msecs = tray.messages[0]
    assert not icon.isNull() and msecs == 5000
    assert notifier.notify("t", "b", timeout_ms=0)
    assert tray.messages[1][3] == BALLOON_DEFAULT_MS
    available = False
    assert not notifier.notify("t", "b")
    available, tray.visible = True, False
    assert not notifier.notify("t", "b")
    assert len(tray.messages) == 2
    notifier.close()
    assert not notifier.shown


def _svg_icon() -> Any:
    from desk_breaks import assets_dir

    return assets_dir() / "icons" / "desk-breaks.svg"
