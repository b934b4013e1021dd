"""The clock-change port: Linux's timerfd through ctypes, without touching the real clock.

Setting the clock would prove the cancel for real but needs CAP_SYS_TIME and moves the
machine's clock for everyone, so the cancel's ``ECANCELED`` is fed to the reader instead;
arming, reading an expiry and re-arming run against the real kernel.
"""

from __future__ import annotations

import errno
import logging
import os
import select
import sys
from collections.abc import Iterator

import pytest

from desk_breaks.desktop.clock_change import TimerfdClockChange, open_clock_change_source
from tests.helpers.fakes import PipeClockChange

CENTURY_S = 100 * 365 * 24 * 3600
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="timerfd is Linux")


def readable(fd: int, wait_s: float = 0.0) -> bool:
    return bool(select.select([fd], [], [], wait_s)[0])


@pytest.fixture
def timer() -> Iterator[TimerfdClockChange]:
    source = TimerfdClockChange()
    yield source
    source.close()


@linux_only
def test_the_timer_is_armed_far_ahead_and_stays_quiet(timer: TimerfdClockChange) -> None:
    assert timer.seconds_left() > CENTURY_S
    assert not readable(timer.fileno())
    assert timer.clock_was_set() is False  # a spurious wake-up reads nothing, raises nothing


@linux_only
def test_a_passed_deadline_wakes_the_reader_and_the_timer_is_armed_again() -> None:
    source = TimerfdClockChange(deadline_s=1)  # 1970: expired at once
    try:
        assert readable(source.fileno(), wait_s=10)
        assert source.clock_was_set() is True
        assert source.seconds_left() > CENTURY_S
        assert not readable(source.fileno())
    finally:
        source.close()


@linux_only
def test_a_cancel_says_the_clock_was_set_and_re_arms(
    timer: TimerfdClockChange, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_read = os.read

    def cancelled(fd: int, size: int) -> bytes:
        if fd == timer.fileno():
            raise OSError(errno.ECANCELED, os.strerror(errno.ECANCELED))
        return real_read(fd, size)

    monkeypatch.setattr(os, "read", cancelled)
    assert timer.clock_was_set() is True
    monkeypatch.undo()
    assert timer.seconds_left() > CENTURY_S
    assert not readable(timer.fileno())


@linux_only
def test_other_read_errors_are_raised(
    timer: TimerfdClockChange, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_read = os.read

    def broken(fd: int, size: int) -> bytes:
        if fd == timer.fileno():
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_read(fd, size)

    monkeypatch.setattr(os, "read", broken)
    with pytest.raises(OSError, match="Input/output error"):
        timer.clock_was_set()


@linux_only
def test_close_releases_the_descriptor_once() -> None:
    source = TimerfdClockChange()
    fd = source.fileno()
    source.close()
    source.close()
    with pytest.raises(OSError):
        os.fstat(fd)
    with pytest.raises(ValueError, match="closed"):
        source.fileno()


@linux_only
def test_the_factory_picks_the_timerfd_on_linux() -> None:
    source = open_clock_change_source()
    assert isinstance(source, TimerfdClockChange)
    source.close()


def test_the_factory_says_why_there_is_none_elsewhere(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    with caplog.at_level(logging.INFO, logger="desk_breaks.desktop.clock_change"):
        assert open_clock_change_source() is None
    assert "minute check" in caplog.text and "darwin" in caplog.text


def test_the_pipe_fake_reads_like_a_source() -> None:
    source = PipeClockChange()
    try:
        assert not readable(source.fileno())
        assert source.clock_was_set() is False
        source.announce()
        assert readable(source.fileno())
        assert source.clock_was_set() is True
        assert not readable(source.fileno())
    finally:
        source.close()
    assert source.closed
