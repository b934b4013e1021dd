"""The shared jeepney helper against fake services on a private session bus."""

from __future__ import annotations

import pytest

from desk_breaks.desktop.bindings import dbus
from tests.desktop.fake_dbus import NO_REPLY, FakeDBusError, FakeService

PATH = "/org/example/Thing"
IFACE = "org.example.Thing"


def test_call_returns_the_reply_body_and_sends_the_arguments(private_bus: str) -> None:
    with FakeService(private_bus, "org.example.Thing") as svc:
        svc.method(PATH, IFACE, "Add", lambda body: ("u", (body[0] + body[1],)))
        with dbus.session_bus() as bus:
            assert dbus.call(bus, "org.example.Thing", PATH, IFACE, "Add", "uu", (2, 40)) == (42,)
        assert svc.calls == [(PATH, IFACE, "Add", (2, 40))]


def test_get_property_unwraps_the_variant(private_bus: str) -> None:
    with FakeService(private_bus, "org.example.Thing") as svc:
        svc.prop(PATH, IFACE, "Inhibited", "b", True)
        with dbus.session_bus() as bus:
            assert dbus.get_property(bus, "org.example.Thing", PATH, IFACE, "Inhibited") is True
            svc.prop(PATH, IFACE, "Inhibited", "b", False)
            assert dbus.get_property(bus, "org.example.Thing", PATH, IFACE, "Inhibited") is False


def test_error_replies_carry_the_dbus_error_name(private_bus: str) -> None:
    def refuse(body: tuple[object, ...]) -> object:
        raise FakeDBusError("org.freedesktop.DBus.Error.NotSupported", "not here")

    with FakeService(private_bus, "org.example.Thing") as svc:
        svc.method(PATH, IFACE, "Idle", refuse)
        with dbus.session_bus() as bus:
            with pytest.raises(dbus.DBusError) as info:
                dbus.call(bus, "org.example.Thing", PATH, IFACE, "Idle")
            assert info.value.name == "org.freedesktop.DBus.Error.NotSupported"
            with pytest.raises(dbus.DBusError) as info:
                dbus.get_property(bus, "org.example.Thing", PATH, IFACE, "Missing")
            assert info.value.name == "org.freedesktop.DBus.Error.UnknownProperty"


def test_a_missing_service_is_a_dbus_error(private_bus: str) -> None:
    with dbus.session_bus() as bus:
        assert not dbus.name_has_owner(bus, "org.example.Nobody")
        with pytest.raises(dbus.DBusError) as info:
            dbus.call(bus, "org.example.Nobody", PATH, IFACE, "Idle")
        assert info.value.name == "org.freedesktop.DBus.Error.ServiceUnknown"


def test_a_hung_service_times_out_and_the_connection_stays_usable(private_bus: str) -> None:
    with FakeService(private_bus, "org.example.Thing") as svc:
        svc.method(PATH, IFACE, "Hang", lambda body: NO_REPLY)
        svc.method(PATH, IFACE, "Ping", lambda body: ("s", ("pong",)))
        with dbus.session_bus(timeout_s=0.2) as bus:
            assert dbus.name_has_owner(bus, "org.example.Thing")
            with pytest.raises(dbus.DBusError, match="no reply"):
                dbus.call(bus, "org.example.Thing", PATH, IFACE, "Hang")
            assert bus.is_open
            assert dbus.call(bus, "org.example.Thing", PATH, IFACE, "Ping") == ("pong",)


def test_one_connection_serves_many_calls(private_bus: str) -> None:
    with FakeService(private_bus, "org.example.Thing") as svc:
        svc.method(PATH, IFACE, "Ping", lambda body: ("s", ("pong",)))
        with dbus.session_bus() as bus:
            first = bus.unique_name()
            for _ in range(5):
                dbus.call(bus, "org.example.Thing", PATH, IFACE, "Ping")
            assert bus.unique_name() == first


def test_no_session_bus_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    with pytest.raises(dbus.DBusError, match="DBUS_SESSION_BUS_ADDRESS"):
        dbus.session_bus()


def test_unusable_addresses_are_dbus_errors(tmp_path: object) -> None:
    with pytest.raises(dbus.DBusError, match="unusable"):
        dbus.session_bus("tcp:host=localhost,port=1")
    with pytest.raises(dbus.DBusError, match="cannot connect"):
        dbus.system_bus("unix:path=/nonexistent/desk-breaks-test-bus")


def test_a_bus_that_goes_away_breaks_the_call_then_reconnects(private_bus: str) -> None:
    with FakeService(private_bus, "org.example.Thing") as svc:
        svc.method(PATH, IFACE, "Ping", lambda body: ("s", ("pong",)))
        bus = dbus.session_bus()
        # Simulate the daemon dropping us: the socket closes under the connection.
        bus.connection.sock.shutdown(2)
        with pytest.raises(dbus.DBusError, match="broke"):
            dbus.call(bus, "org.example.Thing", PATH, IFACE, "Ping")
        assert not bus.is_open
        assert dbus.call(bus, "org.example.Thing", PATH, IFACE, "Ping") == ("pong",)
        bus.close()
