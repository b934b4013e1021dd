"""The Wayland wire codec and the idle conversation, on byte strings written out by hand.

The expected bytes are spelled as the protocol defines them (little-endian words on the
machines this runs on: the wire is in host order), so a codec bug cannot hide behind the
same codec used to make the expectation.
"""

from __future__ import annotations

import struct
import sys

import pytest

from desk_breaks.desktop.bindings.wayland import (
    EXT_IDLE,
    KDE_IDLE,
    Activity,
    IdleConversation,
    Message,
    MessageReader,
    NoIdleProtocol,
    WaylandError,
    message,
    string,
    uint,
)

pytestmark = pytest.mark.skipif(sys.byteorder != "little", reason="bytes spelled little-endian")


def words(*values: int) -> bytes:
    return struct.pack(f"<{len(values)}I", *values)


def test_a_string_is_its_length_with_the_nul_and_padding_to_four() -> None:
    assert string("wl_seat") == words(8) + b"wl_seat\0"
    assert string("abc") == words(4) + b"abc\0"
    assert string("abcd") == words(5) + b"abcd\0\0\0\0"
    assert string("") == words(1) + b"\0\0\0\0"


def test_a_message_header_is_the_object_then_size_and_opcode() -> None:
    # wl_display.get_registry(new_id 2): 12 bytes, opcode 1.
    assert message(1, 1, uint(2)) == words(1, 12 << 16 | 1, 2)
    assert message(5, 0) == words(5, 8 << 16)


def test_a_message_longer_than_libwayland_allows_is_refused() -> None:
    with pytest.raises(WaylandError):
        message(3, 0, string("x" * 5000))


def test_the_reader_waits_for_whole_messages_and_splits_several() -> None:
    # wl_registry.global(name 1, "wl_seat", version 7) then wl_callback.done(99).
    global_ = words(2, 28 << 16 | 0, 1, 8) + b"wl_seat\0" + words(7)
    done = words(3, 12 << 16 | 0, 99)
    stream = global_ + done
    reader = MessageReader()
    assert list(reader.feed(stream[:5])) == []
    assert list(reader.feed(stream[5:27])) == []
    first, second = list(reader.feed(stream[27:]))
    assert (first.object_id, first.opcode) == (2, 0)
    assert first.args("usu") == (1, "wl_seat", 7)
    assert second == Message(3, 0, words(99))


def test_args_decode_signed_words_null_strings_and_refuse_short_bodies() -> None:
    assert Message(1, 0, words(0xFFFFFFFF)).args("i") == (-1,)
    assert Message(1, 0, words(0)).args("s") == (None,)
    with pytest.raises(WaylandError):
        Message(1, 0, words(1)).args("uu")
    with pytest.raises(WaylandError):
        Message(1, 0, words(8) + b"no nul!!").args("s")


def test_a_header_with_an_impossible_size_is_an_error() -> None:
    with pytest.raises(WaylandError):
        list(MessageReader().feed(words(1, 6 << 16)))


def announce(talk: IdleConversation, *offered: tuple[str, int]) -> None:
    """The compositor's answer to hello(): globals 1.., then the callback's done."""
    data = b""
    for name, (interface, version) in enumerate(offered, start=1):
        data += message(2, 0, uint(name), string(interface), uint(version))
    data += message(3, 0, uint(1)) + message(1, 1, uint(3))  # done, delete_id
    assert talk.feed(data) == []


def test_hello_asks_for_the_registry_and_a_sync() -> None:
    talk = IdleConversation()
    assert talk.hello() == words(1, 12 << 16 | 1, 2) + words(1, 12 << 16 | 0, 3)
    assert not talk.synced
    announce(talk, ("wl_seat", 7), ("wl_output", 4))
    assert talk.synced
    assert talk.globals == {"wl_seat": (1, 7), "wl_output": (2, 4)}


def test_ext_is_preferred_and_its_request_puts_the_timeout_before_the_seat() -> None:
    talk = IdleConversation()
    talk.hello()
    announce(talk, ("wl_seat", 7), (KDE_IDLE, 1), (EXT_IDLE, 1))
    sent = talk.subscribe(300_000)
    assert talk.protocol == EXT_IDLE
    bind_seat = words(2, 32 << 16 | 0, 1, 8) + b"wl_seat\0" + words(1, 4)
    bind_ext = words(2, 48 << 16 | 0, 3, 21) + b"ext_idle_notifier_v1\0\0\0\0" + words(1, 5)
    notify = words(5, 20 << 16 | 1, 6, 300_000, 4)
    sync = words(1, 12 << 16 | 0, 7)
    assert sent == bind_seat + bind_ext + notify + sync


def test_kde_s_idle_is_the_fallback_with_the_seat_before_the_timeout() -> None:
    talk = IdleConversation()
    talk.hello()
    announce(talk, ("wl_seat", 1), (KDE_IDLE, 1))
    sent = talk.subscribe(60_000)
    assert talk.protocol == KDE_IDLE
    assert words(5, 20 << 16 | 0, 6, 4, 60_000) in sent


@pytest.mark.parametrize(
    ("offered", "reason"),
    [
        ([(EXT_IDLE, 1)], "no wl_seat"),
        ([("wl_seat", 7), ("wl_compositor", 5)], "neither ext_idle_notifier_v1 nor"),
    ],
)
def test_no_seat_or_no_idle_protocol_is_said(offered: list[tuple[str, int]], reason: str) -> None:
    talk = IdleConversation()
    talk.hello()
    announce(talk, *offered)
    with pytest.raises(NoIdleProtocol, match=reason):
        talk.subscribe(1000)


def subscribed() -> IdleConversation:
    talk = IdleConversation()
    talk.hello()
    announce(talk, ("wl_seat", 7), (EXT_IDLE, 1))
    talk.subscribe(1000)  # seat 4, notifier 5, notification 6, callback 7
    assert talk.feed(message(7, 0, uint(2))) == []
    return talk


def test_the_notification_s_events_become_activity_and_others_are_ignored() -> None:
    talk = subscribed()
    seat_capabilities = message(4, 0, uint(3))
    idled, resumed = message(6, 0), message(6, 1)
    assert talk.feed(seat_capabilities + idled) == [Activity.IDLE]
    assert talk.feed(resumed + idled + resumed) == [
        Activity.RESUMED,
        Activity.IDLE,
        Activity.RESUMED,
    ]


def test_resubscribing_destroys_the_old_notification_and_ignores_its_late_events() -> None:
    talk = subscribed()
    sent = talk.resubscribe(5000)
    assert sent == words(6, 8 << 16 | 0) + words(5, 20 << 16 | 1, 8, 5000, 4)
    assert talk.feed(message(6, 0)) == []  # sent before the compositor read the destroy
    assert talk.feed(message(8, 0)) == [Activity.IDLE]
    assert talk.unsubscribe() == words(8, 8 << 16 | 0)
    assert talk.unsubscribe() == b""


def test_a_display_error_is_raised_and_kept() -> None:
    talk = subscribed()
    error = message(1, 0, uint(5), uint(1), string("invalid seat"))
    with pytest.raises(WaylandError, match="invalid seat"):
        talk.feed(error)
    assert talk.error == "error 1 on object 5: invalid seat"


def test_a_removed_global_is_forgotten() -> None:
    talk = IdleConversation()
    talk.hello()
    announce(talk, ("wl_seat", 7), (EXT_IDLE, 1))
    talk.feed(message(2, 1, uint(2)))
    assert EXT_IDLE not in talk.globals
