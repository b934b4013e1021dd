"""What the command-socket transports share: the listener interface and "nobody listens".

Two transports move request and reply lines between ``desk-breaks`` processes:
:mod:`~desk_breaks.desktop.ipc_unix` (Linux and macOS: a Unix socket, no QtNetwork) and
:mod:`~desk_breaks.desktop.ipc_qt` (Windows: ``QLocalServer`` named pipes). Which one runs
is chosen in :mod:`desk_breaks.desktop.instance`, which also owns the protocol.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

Respond = Callable[[bytes], bytes]
"""Turns a request line into the reply line."""

Refuse = Callable[[str], bytes]
"""Makes the reply line for a request that never came whole (too long, or too slow)."""


class Listener(Protocol):
    """A transport's server side, owned by the GUI thread."""

    def listen(self) -> None:
        """Start accepting; raise :class:`OSError` with a readable message on failure."""

    def close(self) -> None:
        """Stop accepting, drop open connections, remove what :meth:`listen` created."""

    @property
    def open_connections(self) -> int:
        """How many clients are connected now."""


class NotListening(Exception):
    """Nobody listens on that name (no socket file, or a dead one)."""
