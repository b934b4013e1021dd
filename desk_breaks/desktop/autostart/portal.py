"""Start at login inside a Flatpak: the XDG desktop portal's Background interface.

A sandboxed app cannot write the user's ``~/.config/autostart``: its ``XDG_CONFIG_HOME`` is
the sandbox's own folder, which no session reads. It asks the portal instead::

    org.freedesktop.portal.Desktop  /org/freedesktop/portal/desktop
    org.freedesktop.portal.Background.RequestBackground(s parent_window, a{sv} options) -> o

with ``autostart``, ``commandline`` (the command inside the sandbox; the portal writes
``flatpak run --command=... <app id>`` into the host's autostart folder), ``reason`` and
``handle_token``. The answer comes later, as ``org.freedesktop.portal.Request.Response(u
response, a{sv} results)`` on the request's object path: response 0 is success, 1 means
the user (or a stored "no" in the desktop's app settings) refused to let the app run in
the background, 2 is any other failure; ``results`` holds ``background`` and ``autostart``.
The first request may show the user a dialog, so the wait is long (30 s by default).

As the portal documentation recommends, the Response signal is subscribed to *before* the
call, at the path predicted from our unique name and the handle token, so an answer that
comes quickly is not lost. Each request uses a connection of its own, closed afterwards.

The portal has no way to ask whether autostart is on. :meth:`PortalAutostart.is_enabled`
therefore reports what the portal last *said* it did, remembered in a small JSON file in
the state folder given to the constructor. A change the user makes behind our back (in the
desktop's app settings, or by deleting the host's autostart file) is not seen until the
next :meth:`~PortalAutostart.enable` or :meth:`~PortalAutostart.disable`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jeepney import HeaderFields, MatchRule

from desk_breaks.core.i18n import N_, tr
from desk_breaks.desktop.autostart import AutostartError, write_atomically
from desk_breaks.desktop.bindings.dbus import Bus, DBusError, add_match, call, session_bus

__all__ = [
    "BACKGROUND",
    "PORTAL",
    "PORTAL_PATH",
    "REQUEST",
    "PortalAutostart",
    "request_path",
    "response_match_rule",
]

_log = logging.getLogger(__name__)

PORTAL = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
BACKGROUND = "org.freedesktop.portal.Background"
REQUEST = "org.freedesktop.portal.Request"

STATE_FILE = "autostart-portal.json"

DEFAULT_TIMEOUT_S = 30.0
"""How long to wait for the portal's answer: the user may be reading a dialog."""

CALL_TIMEOUT_S = 10.0
"""How long the RequestBackground call itself may take (the portal may be starting up)."""

REASON = N_("Desk Breaks starts with your session to remind you to take short breaks.")
"""Why it asks, shown in the portal's dialog (English: said with ``tr`` when asked)."""

_RESPONSE_SUCCESS = 0
_RESPONSE_CANCELLED = 1

_NO_PORTAL_ERRORS = {
    "org.freedesktop.DBus.Error.ServiceUnknown",
    "org.freedesktop.DBus.Error.NameHasNoOwner",
}
_NO_BACKGROUND_ERRORS = {
    "org.freedesktop.DBus.Error.UnknownMethod",
    "org.freedesktop.DBus.Error.UnknownInterface",
    "org.freedesktop.DBus.Error.UnknownObject",
}


def request_path(unique_name: str, token: str) -> str:
    """The object path the portal gives the request made by ``unique_name`` with ``token``.

    ``:1.42`` and ``desk_breaks_ab12`` give
    ``/org/freedesktop/portal/desktop/request/1_42/desk_breaks_ab12``.
    """
    sender = unique_name.lstrip(":").replace(".", "_")
    return f"{PORTAL_PATH}/request/{sender}/{token}"


def response_match_rule(path: str) -> str:
    """The bus match rule for the portal's Response signal on the request at ``path``."""
    return f"type='signal',sender='{PORTAL}',path='{path}',interface='{REQUEST}',member='Response'"


class PortalAutostart:
    """:class:`~desk_breaks.desktop.autostart.Autostart` through the desktop portal.

    ``is_enabled`` is only what the portal last reported, kept in ``state_dir`` (see the
    module notes): the portal offers no query.
    """

    def __init__(
        self,
        command: Sequence[str],
        state_dir: Path,
        *,
        address: str | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        reason: str = "",
    ) -> None:
        """Have the portal start ``command`` at login (inside the sandbox: ``["desk-breaks"]``).

        The portal is asked on the session bus at ``address`` (else the environment's). The
        last state it granted is kept in ``state_dir/autostart-portal.json``. ``timeout_s``
        bounds the wait for the portal's answer (which may include a dialog).
        """
        if not command:
            raise ValueError("the launch command is empty")
        self._command = list(command)
        self.state_file = Path(state_dir) / STATE_FILE
        self._address = address
        self._timeout_s = timeout_s
        self._reason = reason

    @property
    def command(self) -> list[str]:
        """The command the portal is asked to start (inside the sandbox)."""
        return list(self._command)

    @property
    def location(self) -> str:
        """Where the setting lives, as the user finds it."""
        return tr("the desktop's background apps permission (XDG desktop portal)")

    def is_enabled(self) -> bool:
        """Whether the portal last reported autostart on (remembered, not asked)."""
        try:
            text = self.state_file.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return False
        except (OSError, UnicodeDecodeError) as exc:
            said = tr("cannot read {path}: {error}", path=self.state_file, error=exc)
            raise AutostartError(said) from exc
        try:
            state = json.loads(text)
        except ValueError:
            _log.warning("ignoring the unreadable autostart state in %s", self.state_file)
            return False
        return isinstance(state, dict) and state.get("autostart") is True

    def enable(self) -> None:
        """Ask the portal to start us at login; raise AutostartError unless it did."""
        response, results = self._request(autostart=True)
        granted = results.get("autostart")
        if granted is not None:
            # What the portal reports is the truth, even when it is not what we asked.
            self._remember(bool(granted))
        if response == _RESPONSE_SUCCESS and granted is True:
            return
        if response == _RESPONSE_CANCELLED:
            raise AutostartError(
                tr(
                    "Desk Breaks is not allowed to run in the background, so it cannot start "
                    "at login; allow it in your desktop's app settings (Background apps) and "
                    "try again"
                )
            )
        if response == _RESPONSE_SUCCESS:
            raise AutostartError(
                tr(
                    "the desktop portal let Desk Breaks run in the background but did not "
                    "turn on starting at login"
                )
            )
        raise AutostartError(
            tr(
                "the desktop portal could not turn on starting at login (response {code})",
                code=response,
            )
        )

    def disable(self) -> None:
        """Ask the portal to stop starting us at login; raise AutostartError unless it did."""
        response, results = self._request(autostart=False)
        granted = results.get("autostart")
        # The portal turns autostart off even when background running is refused
        # (response 1), and reports it in the results.
        if granted is False or (granted is None and response == _RESPONSE_SUCCESS):
            self._remember(False)
            return
        if granted is not None:
            self._remember(bool(granted))
        raise AutostartError(
            tr(
                "the desktop portal could not turn off starting at login (response {code})",
                code=response,
            )
        )

    def _request(self, *, autostart: bool) -> tuple[int, dict[str, Any]]:
        """Call RequestBackground and wait for its Response; ``(response, results)``."""
        call_timeout = min(CALL_TIMEOUT_S, self._timeout_s)
        try:
            bus = session_bus(self._address, timeout_s=call_timeout)
        except DBusError as exc:
            raise AutostartError(_unreachable(exc)) from exc
        with bus:
            token = f"desk_breaks_{secrets.token_hex(8)}"
            try:
                predicted = request_path(bus.unique_name(), token)
            except OSError as exc:  # the connection broke right after opening
                raise AutostartError(_unreachable(exc)) from exc
            options = {
                "handle_token": ("s", token),
                "reason": ("s", self._reason or tr(REASON)),
                "autostart": ("b", autostart),
                "commandline": ("as", self._command),
                "dbus-activatable": ("b", False),
            }
            conn = bus.connection
            # Local routing: signals that arrive while the call waits for its reply are
            # queued here instead of dropped. The bus-side rule (add_match) restricts the
            # sender; locally the sender is the portal's unique name, so the path is checked.
            local_rule = MatchRule(type="signal", interface=REQUEST, member="Response")
            with conn.filter(local_rule, bufsize=16) as queue:
                try:
                    add_match(bus, response_match_rule(predicted))
                    (handle,) = call(
                        bus,
                        PORTAL,
                        PORTAL_PATH,
                        BACKGROUND,
                        "RequestBackground",
                        "sa{sv}",
                        ("", options),
                        timeout_s=call_timeout,
                    )
                    handle = str(handle)
                    if handle != predicted:
                        # Portals older than 0.9 ignore handle_token.
                        add_match(bus, response_match_rule(handle))
                except DBusError as exc:
                    raise _call_error(exc) from exc
                paths = {predicted, handle}
                deadline = time.monotonic() + self._timeout_s
                while True:
                    remaining = deadline - time.monotonic()
                    try:
                        if remaining <= 0:
                            raise TimeoutError
                        message = conn.recv_until_filtered(queue, timeout=remaining)
                    except TimeoutError:
                        _close_request(bus, handle)
                        raise AutostartError(
                            tr(
                                "the desktop portal did not answer within {seconds} s",
                                seconds=f"{self._timeout_s:g}",
                            )
                        ) from None
                    except (OSError, RuntimeError, ValueError) as exc:
                        raise AutostartError(
                            tr(
                                "lost the session bus while waiting for the desktop portal: "
                                "{error}",
                                error=exc,
                            )
                        ) from exc
                    if message.header.fields.get(HeaderFields.path) in paths:
                        break
        return _parse_response(message.body)

    def _remember(self, enabled: bool) -> None:
        text = json.dumps({"autostart": enabled, "commandline": self._command}) + "\n"
        try:
            write_atomically(self.state_file, text.encode("utf-8"))
        except OSError as exc:
            if enabled:
                said = tr(
                    "the portal turned starting at login on, but {path} could not be written "
                    "to remember it: {error}",
                    path=self.state_file,
                    error=exc,
                )
            else:
                said = tr(
                    "the portal turned starting at login off, but {path} could not be written "
                    "to remember it: {error}",
                    path=self.state_file,
                    error=exc,
                )
            raise AutostartError(said) from exc


def _call_error(exc: DBusError) -> AutostartError:
    if exc.name in _NO_PORTAL_ERRORS:
        return AutostartError(
            tr(
                "no desktop portal on the session bus ({portal} is not running); install "
                "xdg-desktop-portal and the portal backend for your desktop",
                portal=PORTAL,
            )
        )
    if exc.name in _NO_BACKGROUND_ERRORS:
        return AutostartError(
            tr(
                "the desktop portal has no {interface} interface (xdg-desktop-portal too old?)",
                interface=BACKGROUND,
            )
        )
    return AutostartError(tr("the desktop portal refused the request: {error}", error=exc))


def _unreachable(exc: Exception) -> str:
    return tr("cannot reach the desktop portal: {error}", error=exc)


def _close_request(bus: Bus, handle: str) -> None:
    """Withdraw a request that got no answer (closes a dialog still on screen)."""
    with contextlib.suppress(DBusError):
        call(bus, PORTAL, handle, REQUEST, "Close", timeout_s=min(1.0, CALL_TIMEOUT_S))


def _parse_response(body: Any) -> tuple[int, dict[str, Any]]:
    """Unpack ``(u response, a{sv} results)``, dropping the variants' signatures."""
    try:
        response, raw = body
        results = {str(key): value for key, (_signature, value) in raw.items()}
        return int(response), results
    except (TypeError, ValueError, AttributeError) as exc:
        said = tr("unexpected answer from the desktop portal: {answer!r}", answer=body)
        raise AutostartError(said) from exc
