"""Wait for a busy moment to pass: re-ask a busy source every few seconds, then say so.

    monitor = BusyMonitor(busy_source)
    engine = Engine(..., busy=monitor.check)   # asked right before a prompt: None: go ahead
    monitor.cleared.connect(on_cleared)        # the app calls engine.busy_ended()
    # a reason: the engine defers the prompt and records why; ``cleared`` follows later

Polling only while busy: a source that is not asked costs nothing, and while busy a look
every 5 s is a few cheap round trips a minute.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from desk_breaks.desktop.busy import BusySource

__all__ = ["BusyMonitor"]

_log = logging.getLogger(__name__)

POLL_S = 5.0


class BusyMonitor(QObject):
    """Asks a :class:`~desk_breaks.desktop.busy.BusySource` on demand, and again until clear."""

    cleared = Signal()
    """The busy reason seen by :meth:`check` is gone; a deferred prompt may show now."""
    reason_changed = Signal(str)
    """While waiting, the reason changed (e.g. full screen ended but Do Not Disturb is on)."""

    def __init__(
        self, source: BusySource | None, parent: QObject | None = None, *, poll_s: float = POLL_S
    ) -> None:
        """Watch ``source`` (None: never busy, no polling)."""
        super().__init__(parent)
        self._source = source
        self._reason: str | None = None
        # A coarse timer, QTimer's default: naming Qt.TimerType would build all of Qt's
        # enums in an idle tray that never needs them (the memory rule, docs/architecture.md).
        self._timer = QTimer(self)
        self._timer.setInterval(round(poll_s * 1000))
        self._timer.timeout.connect(self._recheck)

    @property
    def reason(self) -> str | None:
        """The current busy reason while waiting, else None."""
        return self._reason

    @property
    def waiting(self) -> bool:
        """Whether a busy state is being watched until it clears."""
        return self._timer.isActive()

    def check(self) -> str | None:
        """Ask now. On a reason, start re-asking until clear (then ``cleared``); return it."""
        reason = self._ask()
        self._reason = reason
        if reason is None:
            self._timer.stop()
        elif not self._timer.isActive():
            self._timer.start()
        return reason

    def cancel(self) -> None:
        """Stop waiting without emitting ``cleared`` (the prompt is no longer wanted)."""
        self._timer.stop()
        self._reason = None

    def _ask(self) -> str | None:
        if self._source is None:
            return None
        try:
            return self._source.busy_reason()
        except Exception:  # a backend bug must not hold prompts back forever
            _log.exception("Busy check %s failed", self._source.name)
            return None

    def _recheck(self) -> None:
        reason = self._ask()
        if reason is None:
            self._timer.stop()
            self._reason = None
            self.cleared.emit()
        elif reason != self._reason:
            self._reason = reason
            self.reason_changed.emit(reason)
