"""The Wayland wire protocol, as much of it as an idle watch needs: bytes in, bytes out.

No socket and no Qt here (the idle backend moves the bytes), so the codec is tested on
byte strings and the conversation on a fake compositor.

A message is 32-bit words in the host's byte order: the object id, then
``size << 16 | opcode`` (size in bytes, this header included), then the arguments:
``int``, ``uint``, ``object`` and ``new_id`` one word each; a string as its length (with
the terminating NUL) and its bytes, padded to four; an array as its length and its bytes,
padded. File descriptors travel beside the bytes (``SCM_RIGHTS``); none of the messages
used here carries one.

:class:`IdleConversation` is one client's talk with the compositor: ``wl_display``
(object 1) ``get_registry`` and ``sync``; the registry's globals; ``bind`` of ``wl_seat``
and of an idle protocol; one notification with a timeout; its idle and resumed events.

==========================  =======================================  =====================
protocol                    request                                  events
==========================  =======================================  =====================
``ext_idle_notifier_v1``    ``get_idle_notification(id, ms, seat)``  ``idled``, ``resumed``
``org_kde_kwin_idle``       ``get_idle_timeout(id, seat, ms)``       ``idle``, ``resumed``
==========================  =======================================  =====================

ext-idle-notify-v1 is the standard one (sway 1.8 and later, KWin, Hyprland, niri, ...);
KDE's idle.xml is the older one that sway 1.7 and other wlroots compositors before 0.16
offer. Both notifications obey idle inhibitors (a video player's): a person watching a
film is not away from the desk.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

__all__ = [
    "EXT_IDLE",
    "KDE_IDLE",
    "Activity",
    "IdleConversation",
    "Message",
    "MessageReader",
    "NoIdleProtocol",
    "WaylandError",
    "message",
    "string",
    "uint",
]

_WORD = struct.Struct("=I")
_HEADER = struct.Struct("=II")
HEADER_SIZE = _HEADER.size
MAX_MESSAGE = 4096
"""libwayland's own limit on one message (its connection buffer)."""

DISPLAY_ID = 1
# wl_display requests and events
_SYNC, _GET_REGISTRY = 0, 1
_DISPLAY_ERROR, _DELETE_ID = 0, 1
# wl_registry
_BIND = 0
_GLOBAL, _GLOBAL_REMOVE = 0, 1
# wl_callback
_DONE = 0

EXT_IDLE = "ext_idle_notifier_v1"
KDE_IDLE = "org_kde_kwin_idle"
SEAT = "wl_seat"
# Preferred first: the standard protocol where the compositor has both (KWin does).
IDLE_PROTOCOLS = (EXT_IDLE, KDE_IDLE)


class WaylandError(RuntimeError):
    """The compositor said no (a ``wl_display.error``), or the bytes make no sense."""


class NoIdleProtocol(WaylandError):
    """The compositor offers no seat, or neither idle protocol."""


class Activity(Enum):
    """What an idle notification says."""

    IDLE = "idle"
    """No input for the notification's timeout."""
    RESUMED = "resumed"
    """Input again, after an ``IDLE``."""


# -- encoding ---------------------------------------------------------------------------------


def uint(value: int) -> bytes:
    """One ``uint`` (also ``object`` and ``new_id``) argument."""
    return _WORD.pack(value & 0xFFFFFFFF)


def string(value: str) -> bytes:
    """One ``string`` argument: length with the NUL, the bytes, padding to four."""
    data = value.encode() + b"\0"
    return uint(len(data)) + data + b"\0" * (-len(data) % 4)


def message(object_id: int, opcode: int, *args: bytes) -> bytes:
    """A whole message: header and encoded arguments."""
    body = b"".join(args)
    size = HEADER_SIZE + len(body)
    if size > MAX_MESSAGE:
        raise WaylandError(f"a message of {size} bytes is too long")
    return _HEADER.pack(object_id, size << 16 | opcode) + body


# -- decoding ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """One message read from the stream: whose, which, and its argument bytes."""

    object_id: int
    opcode: int
    body: bytes

    def args(self, signature: str) -> tuple[int | str | None, ...]:
        """Decode the arguments: ``u``/``i``/``o``/``n`` a word (``i`` signed), ``s`` a string.

        A null string (length 0) is None. Raises :class:`WaylandError` when the body is
        shorter than the signature says.
        """
        values: list[int | str | None] = []
        at = 0
        for kind in signature:
            if at + 4 > len(self.body):
                raise WaylandError(f"message {self.object_id}.{self.opcode} is too short")
            (word,) = _WORD.unpack_from(self.body, at)
            at += 4
            if kind == "s":
                if word == 0:
                    values.append(None)
                    continue
                end = at + word
                if end > len(self.body) or self.body[end - 1] != 0:
                    raise WaylandError(f"a bad string in message {self.object_id}.{self.opcode}")
                values.append(self.body[at : end - 1].decode(errors="replace"))
                at = end + (-word % 4)
            elif kind == "i":
                values.append(word - (1 << 32) if word >= 1 << 31 else word)
            else:
                values.append(word)
        return tuple(values)


class MessageReader:
    """Collects bytes as they arrive and hands out the whole messages among them."""

    def __init__(self) -> None:
        """Start with nothing buffered."""
        self._buffer = bytearray()

    def feed(self, data: bytes) -> Iterator[Message]:
        """Add ``data``; yield every message now complete (a partial one waits for more)."""
        self._buffer += data
        while len(self._buffer) >= HEADER_SIZE:
            object_id, word = _HEADER.unpack_from(self._buffer)
            size, opcode = word >> 16, word & 0xFFFF
            if size < HEADER_SIZE or size % 4:
                raise WaylandError(f"a message of size {size} on object {object_id}")
            if len(self._buffer) < size:
                return
            body = bytes(self._buffer[HEADER_SIZE:size])
            del self._buffer[:size]
            yield Message(object_id, opcode, body)


# -- the conversation -------------------------------------------------------------------------


class IdleConversation:
    """One client's requests and the compositor's answers, for one idle notification.

    1. :meth:`hello` asks for the registry and a ``sync``; :meth:`feed` the answers until
       :attr:`synced` (every global has been announced by then);
    2. :meth:`subscribe` binds the seat and the best idle protocol and asks for a
       notification after ``timeout_ms`` of no input, with a ``sync``: once :attr:`synced`
       again with no :attr:`error`, the compositor took it;
    3. :meth:`feed` turns the notification's events into :class:`Activity` values;
       :meth:`resubscribe` replaces the notification (a new timeout).
    """

    def __init__(self) -> None:
        """A fresh connection: only ``wl_display`` (object 1) exists."""
        self._reader = MessageReader()
        self._next_id = DISPLAY_ID + 1
        self._registry = 0
        self._callback = 0
        self._seat = 0
        self._idle = 0
        self._notification = 0
        self.protocol: str | None = None
        """The idle protocol bound (``EXT_IDLE`` or ``KDE_IDLE``), once subscribed."""
        self.globals: dict[str, tuple[int, int]] = {}
        """The first global of each interface: its name and version."""
        self.error: str | None = None
        """The compositor's ``wl_display.error``, if it sent one (the connection is dead)."""

    def _new_id(self) -> int:
        ident = self._next_id
        self._next_id += 1
        return ident

    @property
    def synced(self) -> bool:
        """Whether the last ``sync`` was answered (so all before it was handled)."""
        return self._callback == 0

    def _sync(self) -> bytes:
        self._callback = self._new_id()
        return message(DISPLAY_ID, _SYNC, uint(self._callback))

    def hello(self) -> bytes:
        """``wl_display.get_registry`` and a ``sync`` that ends the list of globals."""
        self._registry = self._new_id()
        return message(DISPLAY_ID, _GET_REGISTRY, uint(self._registry)) + self._sync()

    def _bind(self, interface: str, version: int) -> tuple[int, bytes]:
        name, offered = self.globals[interface]
        ident = self._new_id()
        args = (uint(name), string(interface), uint(min(version, offered)), uint(ident))
        return ident, message(self._registry, _BIND, *args)

    def subscribe(self, timeout_ms: int) -> bytes:
        """Bind the seat and the idle protocol; ask for a notification; ``sync``.

        Raises :class:`NoIdleProtocol` when the compositor offers no seat or neither
        protocol.
        """
        if SEAT not in self.globals:
            raise NoIdleProtocol("the compositor offers no wl_seat")
        protocol = next((p for p in IDLE_PROTOCOLS if p in self.globals), None)
        if protocol is None:
            raise NoIdleProtocol(f"the compositor offers neither {' nor '.join(IDLE_PROTOCOLS)}")
        self._seat, seat = self._bind(SEAT, 1)
        self._idle, idle = self._bind(protocol, 1)
        self.protocol = protocol
        return seat + idle + self._notify(timeout_ms) + self._sync()

    def _notify(self, timeout_ms: int) -> bytes:
        self._notification = self._new_id()
        ms = uint(max(1, int(timeout_ms)))
        if self.protocol == EXT_IDLE:  # get_idle_notification(id, timeout, seat)
            return message(self._idle, 1, uint(self._notification), ms, uint(self._seat))
        # org_kde_kwin_idle.get_idle_timeout(id, seat, timeout)
        return message(self._idle, 0, uint(self._notification), uint(self._seat), ms)

    def resubscribe(self, timeout_ms: int) -> bytes:
        """Destroy the notification and ask for one with a new timeout."""
        return self.unsubscribe() + self._notify(timeout_ms)

    def unsubscribe(self) -> bytes:
        """Destroy the notification (``destroy`` and ``release`` are both opcode 0)."""
        ident, self._notification = self._notification, 0
        return message(ident, 0) if ident else b""

    def feed(self, data: bytes) -> list[Activity]:
        """Handle what the compositor sent; the notification's events, in order.

        Raises :class:`WaylandError` on a ``wl_display.error`` (also kept in :attr:`error`)
        or bytes that are not Wayland messages.
        """
        seen: list[Activity] = []
        for msg in self._reader.feed(data):
            if msg.object_id == self._notification and self._notification:
                # idled (ext) and idle (kde) are event 0, resumed event 1 in both.
                if msg.opcode in (0, 1):
                    seen.append(Activity.IDLE if msg.opcode == 0 else Activity.RESUMED)
            elif msg.object_id == DISPLAY_ID:
                self._display_event(msg)
            elif msg.object_id == self._registry and msg.opcode == _GLOBAL:
                name, interface, version = msg.args("usu")
                if isinstance(interface, str) and interface not in self.globals:
                    self.globals[interface] = (int(name or 0), int(version or 0))
            elif msg.object_id == self._registry and msg.opcode == _GLOBAL_REMOVE:
                (name,) = msg.args("u")
                self.globals = {k: v for k, v in self.globals.items() if v[0] != name}
            elif msg.object_id == self._callback and msg.opcode == _DONE:
                self._callback = 0
            # Anything else (the seat's capabilities and name, events of a notification
            # already destroyed) is of no interest.
        return seen

    def _display_event(self, msg: Message) -> None:
        if msg.opcode == _DISPLAY_ERROR:
            object_id, code, text = msg.args("uus")
            self.error = f"error {code} on object {object_id}: {text}"
            raise WaylandError(f"the compositor closed the connection ({self.error})")
        # _DELETE_ID: the compositor forgot an id; ids are never reused here.
