"""Suspend and resume: a Qt object that says when the computer goes to sleep and wakes up.

Qt timers count monotonic time, which stops during suspend on Linux: after a resume a
pending timer would fire late by the length of the sleep, and a naive catch-up would fire
a burst of prompts. The core's clock-jump check (wall clock against monotonic) notices a
resume on every OS; these watchers say it at once and also say *before* the sleep, so the
app can close a prompt instead of leaving it on screen over the lock screen.

This module is the contract (:class:`SleepWatcher`, :class:`NullSleepWatcher`). Unlike the
other ports it is a Qt object, because what it reports are events, not answers to a query;
it imports no backend. Backends, one module each beside it, imported by :mod:`.factory`:

- :mod:`desk_breaks.desktop.sleep.logind`: systemd-logind's ``PrepareForSleep(bool)``
  signal on the system bus (Linux), read with a ``QSocketNotifier``: no thread, no polling;
- :mod:`desk_breaks.desktop.sleep.windows`: ``WM_POWERBROADCAST`` through a Qt native
  event filter (Windows);
- macOS: none. The sleep notifications are ``NSWorkspace`` notifications, which need an
  Objective-C runtime bridge (pyobjc) to receive; the IOKit C alternative
  (``IORegisterForSystemPower``) must acknowledge every sleep within 30 s from a C callback
  on the run loop, which a ctypes callback can do only as long as the GUI thread is free.
  Rather than delay the Mac's sleep when the app is busy, the factory returns
  :class:`NullSleepWatcher` and the clock-jump check covers resume there.

Usage (GUI thread), as the app wires it::

    from desk_breaks.desktop.sleep.factory import create_sleep_watcher

    watcher = create_sleep_watcher(parent=app)
    watcher.about_to_sleep.connect(lambda: log.info("the system is going to sleep"))
    watcher.resumed.connect(engine_host.check_clock)   # look at the clock at once
    ...
    watcher.stop()
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

__all__ = ["NullSleepWatcher", "SleepWatcher"]


class SleepWatcher(QObject):
    """The port: emits :attr:`about_to_sleep` before a suspend and :attr:`resumed` after.

    Signals are emitted on the thread the watcher lives in (the GUI thread). A watcher may
    miss ``about_to_sleep`` (a sleep forced by a flat battery), so consumers must handle a
    ``resumed`` on its own; each sleep gives at most one ``resumed``.
    """

    about_to_sleep = Signal()
    resumed = Signal()

    @property
    def description(self) -> str:
        """What the watcher listens to, in words for logs and diagnostics."""
        return "nothing"

    def stop(self) -> None:
        """Stop listening and release what the watcher holds; safe to call twice."""


class NullSleepWatcher(SleepWatcher):
    """Never emits: this desktop gives no sleep notifications (the clock-jump check remains)."""

    def __init__(self, reason: str, parent: QObject | None = None) -> None:
        """Remember why there is nothing to listen to."""
        super().__init__(parent)
        self.reason = reason

    @property
    def description(self) -> str:
        """Why there are no sleep notifications."""
        return f"none ({self.reason})"
