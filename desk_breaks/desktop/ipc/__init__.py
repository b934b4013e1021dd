"""The command socket between ``desk-breaks`` processes: what its transports share.

This module is the contract: the :class:`Listener` interface, the :class:`LineExchange`
both transports build their connections on, and :class:`NotListening`. It imports no
transport. Beside it:

- :mod:`.unix` (Linux and macOS: a Unix socket, no QtNetwork) and :mod:`.qt` (Windows:
  ``QLocalServer`` named pipes), the two transports. Each is a module offering ``LISTENER``
  (its :class:`Listener` class: :class:`~.unix.UnixListener`, :class:`~.qt.PipeListener`)
  and ``exchange(name, request, timeout_ms, max_line_bytes)``, the blocking client side;
- :mod:`.guard`: the instance lock and the socket's name;
- :mod:`.instance`: the command server and :func:`~.instance.send_command`, which choose the
  transport for this system and own the protocol (what a line means).
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


class Limits(Protocol):
    """What a listener tells its connections: how to answer, and how long to wait."""

    respond: Respond
    refuse: Refuse
    max_line_bytes: int
    timeout_ms: int


class LineExchange:
    """One client's request line in, one reply line out: the part both transports share.

    A transport's connection feeds what it reads to :meth:`receive`, calls :meth:`time_out`
    when its timer fires, and implements :meth:`send` (write the reply, then hang up) and
    :meth:`stop_timer`.
    """

    def __init__(self, limits: Limits) -> None:
        """Start with an empty buffer and no answer given."""
        self.limits = limits
        self.buffer = bytearray()
        self.answered = False

    def receive(self, data: bytes) -> None:
        """Add ``data``; answer once a whole line is in, or refuse one that is too long."""
        if self.answered:
            return  # anything after the first line is ignored
        self.buffer += data
        line, newline, _rest = bytes(self.buffer).partition(b"\n")
        if newline:
            # Marked before the handler runs: a handler that opens a dialog spins a nested
            # event loop, in which the timer would otherwise answer for it.
            self.answered = True
            self.stop_timer()
            self.send(self.limits.respond(line))
        elif len(self.buffer) >= self.limits.max_line_bytes:
            self.answered = True
            self.send(
                self.limits.refuse(
                    f"malformed request: longer than {self.limits.max_line_bytes} bytes"
                )
            )

    def time_out(self) -> None:
        """No whole line came in time: say so."""
        if not self.answered:
            self.answered = True
            self.send(self.limits.refuse(f"no request line within {self.limits.timeout_ms} ms"))

    def send(self, line: bytes) -> None:
        """Write the reply line and hang up."""
        raise NotImplementedError

    def stop_timer(self) -> None:
        """Stop the connection's time-out."""
        raise NotImplementedError


class NotListening(Exception):
    """Nobody listens on that name (no socket file, or a dead one)."""
