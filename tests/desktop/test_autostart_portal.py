"""Start at login inside a Flatpak: the desktop portal's Background interface, against a
fake portal on a private bus, and the factory's choice of backend."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desk_breaks.desktop.autostart import Autostart, AutostartError
from desk_breaks.desktop.autostart.factory import create_autostart
from desk_breaks.desktop.autostart.macos import LaunchAgentAutostart
from desk_breaks.desktop.autostart.portal import (
    BACKGROUND,
    PORTAL,
    PORTAL_PATH,
    REQUEST,
    PortalAutostart,
    request_path,
)
from desk_breaks.desktop.autostart.xdg import XdgAutostart
from tests.desktop.fake_dbus import FakeService

COMMAND = ["desk-breaks"]


class FakePortal:
    """A Background portal: RequestBackground records the options, returns the request's
    path and then sends Response on it, with ``response`` and ``results`` (or nothing when
    ``answer`` is False)."""

    def __init__(self, service: FakeService) -> None:
        self.service = service
        self.options: list[dict[str, Any]] = []
        self.windows: list[str] = []
        self.response = 0
        self.results: dict[str, tuple[str, Any]] | None = None  # None: echo the request
        self.answer = True
        self.broadcast = False
        service.method(PORTAL_PATH, BACKGROUND, "RequestBackground", self._request)

    def _request(self, body: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
        window, raw = body
        options = {key: value for key, (_sig, value) in raw.items()}
        self.windows.append(window)
        self.options.append(options)
        sender = self.service.senders[-1]
        path = request_path(sender, options["handle_token"])
        if self.answer:
            if self.results is None:
                asked = options.get("autostart", False)
                results = {"background": ("b", True), "autostart": ("b", asked)}
            else:
                results = self.results
            # Sent after the method return (the fake's outbox goes out on its next turn).
            self.service.emit(
                path,
                REQUEST,
                "Response",
                "ua{sv}",
                (self.response, results),
                destination=None if self.broadcast else sender,
            )
        return "o", (path,)


@pytest.fixture
def portal(private_bus: str) -> Iterator[FakePortal]:
    with FakeService(private_bus, PORTAL) as service:
        yield FakePortal(service)


def _backend(tmp_path: Path, private_bus: str, timeout_s: float = 10.0) -> PortalAutostart:
    return PortalAutostart(COMMAND, tmp_path / "state", address=private_bus, timeout_s=timeout_s)


def _state(tmp_path: Path) -> Any:
    return json.loads((tmp_path / "state" / "autostart-portal.json").read_text("utf-8"))


def test_request_path_follows_the_portal_convention() -> None:
    assert request_path(":1.42", "desk_breaks_ab") == (
        "/org/freedesktop/portal/desktop/request/1_42/desk_breaks_ab"
    )


@pytest.mark.parametrize("broadcast", [False, True], ids=["to-us", "broadcast"])
def test_enable_asks_for_autostart_and_remembers_the_grant(
    portal: FakePortal, private_bus: str, tmp_path: Path, broadcast: bool
) -> None:
    # A broadcast Response reaches us only through the match rule added before the call.
    portal.broadcast = broadcast
    autostart = _backend(tmp_path, private_bus)
    assert isinstance(autostart, Autostart)
    assert not autostart.is_enabled()
    autostart.enable()
    assert autostart.is_enabled()
    assert _state(tmp_path)["autostart"] is True
    (options,) = portal.options
    assert options["autostart"] is True
    assert options["commandline"] == COMMAND
    assert options["dbus-activatable"] is False
    assert "break" in options["reason"]
    assert options["handle_token"].startswith("desk_breaks_")
    assert portal.windows == [""]
    assert "portal" in autostart.location


def test_disable_asks_for_no_autostart(
    portal: FakePortal, private_bus: str, tmp_path: Path
) -> None:
    autostart = _backend(tmp_path, private_bus)
    autostart.enable()
    autostart.disable()
    assert not autostart.is_enabled()
    assert _state(tmp_path)["autostart"] is False
    assert [o["autostart"] for o in portal.options] == [True, False]
    # Each request has a token of its own.
    assert len({o["handle_token"] for o in portal.options}) == 2


def test_disable_counts_a_refused_background_permission_as_off(
    portal: FakePortal, private_bus: str, tmp_path: Path
) -> None:
    # xdg-desktop-portal answers 1 when the app may not run in the background, and still
    # turns autostart off (reported in the results).
    autostart = _backend(tmp_path, private_bus)
    autostart.enable()
    portal.response = 1
    portal.results = {"background": ("b", False), "autostart": ("b", False)}
    autostart.disable()
    assert not autostart.is_enabled()


def test_user_cancelling_raises_and_leaves_the_state(
    portal: FakePortal, private_bus: str, tmp_path: Path
) -> None:
    autostart = _backend(tmp_path, private_bus)
    autostart.enable()
    before = (tmp_path / "state" / "autostart-portal.json").read_bytes()
    portal.response = 1
    portal.results = {}
    with pytest.raises(AutostartError, match=r"not allowed to run in the background"):
        autostart.enable()
    assert (tmp_path / "state" / "autostart-portal.json").read_bytes() == before
    assert autostart.is_enabled()


def test_refusal_reported_by_the_portal_is_remembered(
    portal: FakePortal, private_bus: str, tmp_path: Path
) -> None:
    portal.response = 1
    portal.results = {"background": ("b", False), "autostart": ("b", False)}
    autostart = _backend(tmp_path, private_bus)
    with pytest.raises(AutostartError, match=r"allow it in your desktop's app settings"):
        autostart.enable()
    assert not autostart.is_enabled()
    assert _state(tmp_path)["autostart"] is False


def test_success_without_autostart_is_an_error(
    portal: FakePortal, private_bus: str, tmp_path: Path
) -> None:
    portal.results = {"background": ("b", True), "autostart": ("b", False)}
    autostart = _backend(tmp_path, private_bus)
    with pytest.raises(AutostartError, match=r"did not turn on starting at login"):
        autostart.enable()
    assert not autostart.is_enabled()


def test_other_portal_error_names_the_response(
    portal: FakePortal, private_bus: str, tmp_path: Path
) -> None:
    portal.response = 2
    portal.results = {}
    autostart = _backend(tmp_path, private_bus)
    with pytest.raises(AutostartError, match=r"could not turn on .*response 2"):
        autostart.enable()
    assert not (tmp_path / "state").exists()


def test_no_portal_on_the_bus(private_bus: str, tmp_path: Path) -> None:
    autostart = _backend(tmp_path, private_bus)
    with pytest.raises(AutostartError, match=r"no desktop portal on the session bus"):
        autostart.enable()
    assert not autostart.is_enabled()


def test_portal_without_the_background_interface(private_bus: str, tmp_path: Path) -> None:
    with FakeService(private_bus, PORTAL):
        autostart = _backend(tmp_path, private_bus)
        with pytest.raises(AutostartError, match=r"no org\.freedesktop\.portal\.Background"):
            autostart.enable()


def test_no_session_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    autostart = PortalAutostart(COMMAND, tmp_path)
    with pytest.raises(AutostartError, match=r"cannot reach the desktop portal: no session bus"):
        autostart.disable()


def test_portal_that_never_answers_times_out_and_withdraws_the_request(
    portal: FakePortal, private_bus: str, tmp_path: Path
) -> None:
    portal.answer = False
    autostart = _backend(tmp_path, private_bus, timeout_s=0.3)
    started = time.monotonic()
    with pytest.raises(AutostartError, match=r"did not answer within 0\.3 s"):
        autostart.enable()
    assert time.monotonic() - started < 5
    assert not autostart.is_enabled()
    closes = [c for c in portal.service.calls if c[1] == REQUEST and c[2] == "Close"]
    assert len(closes) == 1
    assert closes[0][0].startswith(f"{PORTAL_PATH}/request/")


def test_an_unreadable_state_file_counts_as_off(tmp_path: Path) -> None:
    (tmp_path / "autostart-portal.json").write_text("{not json", "utf-8")
    assert not PortalAutostart(COMMAND, tmp_path).is_enabled()


# --- the factory ------------------------------------------------------------------------


def test_factory_uses_the_portal_inside_a_flatpak(tmp_path: Path) -> None:
    missing = tmp_path / "no-flatpak-info"
    autostart = create_autostart(
        platform="linux",
        env={"FLATPAK_ID": "io.github.deskbreaks.DeskBreaks"},
        flatpak_info=missing,
        state_dir=tmp_path,
    )
    assert isinstance(autostart, PortalAutostart)
    assert autostart.state_file == tmp_path / "autostart-portal.json"
    # The command inside the sandbox, not a path of the host.
    assert autostart.command == ["desk-breaks"]


def test_factory_recognises_the_flatpak_info_file(tmp_path: Path) -> None:
    info = tmp_path / ".flatpak-info"
    info.write_text("[Application]\nname=io.github.deskbreaks.DeskBreaks\n")
    autostart = create_autostart(
        platform="linux",
        command=["desk-breaks", "--tray"],
        env={},
        flatpak_info=info,
        state_dir=tmp_path,
    )
    assert isinstance(autostart, PortalAutostart)
    assert autostart.command == ["desk-breaks", "--tray"]


def test_factory_uses_the_xdg_file_outside_a_flatpak(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    autostart = create_autostart(
        platform="linux",
        command=["/usr/bin/desk-breaks"],
        env={"FLATPAK_ID": ""},
        flatpak_info=tmp_path / "no-flatpak-info",
    )
    assert isinstance(autostart, XdgAutostart)


def test_factory_ignores_flatpak_hints_off_linux(tmp_path: Path) -> None:
    autostart = create_autostart(
        platform="darwin",
        command=["/usr/local/bin/desk-breaks"],
        env={"FLATPAK_ID": "io.github.deskbreaks.DeskBreaks"},
        flatpak_info=tmp_path / "no-flatpak-info",
    )
    assert isinstance(autostart, LaunchAgentAutostart)
