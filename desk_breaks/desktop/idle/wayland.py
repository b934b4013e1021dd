"""Idle time from the Wayland compositor itself: ``ext-idle-notify-v1`` or KDE's idle protocol.

A Wayland client cannot ask how long the user has been idle; it can ask to be told when
input has stopped for a given time, and when it resumes. So this source is an
:class:`~desk_breaks.desktop.idle.IdleNotifier`: the presence monitor tells it the
threshold, watches its descriptor with a ``QSocketNotifier``, and the compositor writes
only at those two moments (a present user costs nothing here). The idle time it answers
is exact from the moment the notification fires (it fires ``threshold`` after the last
input) and 0 below the threshold, which is all the monitor needs.

The connection is a Unix socket of its own to ``$XDG_RUNTIME_DIR/$WAYLAND_DISPLAY``, apart
from Qt's: Qt gives no Python access to protocols it does not use itself. The wire format
and the conversation are :mod:`desk_breaks.desktop.bindings.wayland`. The socket is
:mod:`_socket`'s, as in :mod:`desk_breaks.desktop.ipc.unix` (the :mod:`socket` module
around it costs memory for nothing used here), and only this backend, when chosen,
imports it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from _socket import AF_UNIX, SOCK_STREAM, socket
from collections.abc import Callable, Mapping

from desk_breaks.desktop._backends import FailureLog, PortUnavailable
from desk_breaks.desktop.bindings.wayland import Activity, IdleConversation, WaylandError

__all__ = ["WaylandIdleSource", "socket_path"]

_log = logging.getLogger(__name__)

FIRST_THRESHOLD_MS = 60_000
"""The notification asked for at start, until the monitor tells the threshold."""
PROBE_TIMEOUT_S = 2.0
"""How long the compositor may take to answer at start (it answers in a millisecond)."""
_READ_SIZE = 4096


def socket_path(env: Mapping[str, str]) -> str:
    """Where the compositor listens: ``WAYLAND_DISPLAY`` (``wayland-0``) in the runtime folder.

    ``WAYLAND_DISPLAY`` may also be a full path, as libwayland allows.
    """
    display = env.get("WAYLAND_DISPLAY") or "wayland-0"
    if display.startswith("/"):
        return display
    runtime = env.get("XDG_RUNTIME_DIR")
    if not runtime:
        raise PortUnavailable("XDG_RUNTIME_DIR is not set, so the Wayland socket is unknown")
    return os.path.join(runtime, display)


def _connect(path: str) -> socket:
    sock = socket(AF_UNIX, SOCK_STREAM)
    try:
        sock.settimeout(PROBE_TIMEOUT_S)
        sock.connect(path)
    except OSError as exc:
        sock.close()
        raise PortUnavailable(f"no Wayland compositor at {path}: {exc}") from exc
    return sock


class WaylandIdleSource:
    """The compositor's idle notification on a connection of its own.

    Prefers ``ext_idle_notifier_v1`` and falls back to ``org_kde_kwin_idle``; raises
    ``PortUnavailable`` when the compositor offers neither (GNOME's Mutter, for one).
    """

    name = "wayland"

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        sock: socket | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """Connect (or use ``sock``, connected, which is then ours), bind, subscribe; probe."""
        self._sock = (
            _connect(socket_path(os.environ if env is None else env)) if sock is None else sock
        )
        self._monotonic = monotonic
        self._talk = IdleConversation()
        self._threshold_ms = FIRST_THRESHOLD_MS
        self._idle_since: float | None = None
        self._changed = False
        self._broken: str | None = None
        self._failures = FailureLog(_log, "idle time from the Wayland compositor")
        try:
            self._sock.settimeout(PROBE_TIMEOUT_S)
            self._roundtrip(self._talk.hello())
            self._roundtrip(self._talk.subscribe(self._threshold_ms))
            self._sock.setblocking(False)
        except (OSError, WaylandError) as exc:
            self._sock.close()
            raise PortUnavailable(str(exc)) from exc
        _log.debug("Idle notifications from the compositor's %s", self._talk.protocol)

    @property
    def protocol(self) -> str | None:
        """The idle protocol in use (``ext_idle_notifier_v1`` or ``org_kde_kwin_idle``)."""
        return self._talk.protocol

    def _roundtrip(self, request: bytes) -> None:
        self._sock.sendall(request)
        while not self._talk.synced:
            data = self._sock.recv(_READ_SIZE)
            if not data:
                raise WaylandError("the compositor closed the connection")
            self._apply(self._talk.feed(data))

    def _apply(self, events: list[Activity]) -> None:
        for event in events:
            if event is Activity.IDLE:
                # Fired threshold after the last input: that is when the user stopped.
                self._idle_since = self._monotonic() - self._threshold_ms / 1000
            else:
                self._idle_since = None
            self._changed = True

    def _drain(self) -> None:
        """Read everything pending without blocking; note a broken connection once."""
        while self._broken is None:
            try:
                data = self._sock.recv(_READ_SIZE)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                self._break(str(exc))
                return
            if not data:
                self._break("the compositor closed the connection")
                return
            try:
                self._apply(self._talk.feed(data))
            except WaylandError as exc:
                self._break(str(exc))

    def _break(self, reason: str) -> None:
        self._broken = reason
        self._idle_since = None
        self._changed = True
        self._failures.failed(reason)

    def idle_ms(self) -> int | None:
        """Milliseconds since the last input once past the threshold, else 0; None when broken."""
        self._drain()
        if self._broken is not None:
            return None
        if self._idle_since is None:
            return 0
        return max(0, round((self._monotonic() - self._idle_since) * 1000))

    def notify_after(self, threshold_ms: int) -> int:
        """Ask for a notification after ``threshold_ms`` (replacing the one pending).

        A new notification starts from "not idle", so a user counted away when the
        threshold changes counts as present again (someone changing a setting is).
        """
        self._drain()
        if self._broken is not None:
            raise PortUnavailable(self._broken)
        threshold_ms = max(1, int(threshold_ms))
        if threshold_ms != self._threshold_ms:
            try:
                self._sock.sendall(self._talk.resubscribe(threshold_ms))
            except OSError as exc:
                self._break(str(exc))
                raise PortUnavailable(str(exc)) from exc
            self._threshold_ms = threshold_ms
            if self._idle_since is not None:
                self._idle_since = None
                self._changed = True
        return self._sock.fileno()

    def changed(self) -> bool:
        """Read what arrived (never blocks); True when idle or resumed (or the link broke)."""
        self._drain()
        changed, self._changed = self._changed, False
        return changed

    def close(self) -> None:
        """Destroy the notification and close the connection (idempotent)."""
        if self._sock.fileno() < 0:
            return
        if self._broken is None:
            with contextlib.suppress(OSError):
                self._sock.sendall(self._talk.unsubscribe())
        self._sock.close()
