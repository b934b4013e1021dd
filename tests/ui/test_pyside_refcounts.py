"""Guard against the PySide6 6.12.0 reference-count bug that kills long-running apps.

Under Python 3.11, PySide6 6.12.0 drops a reference to ``None`` on every Qt call that
returns nothing and to ``True`` on every ``emit``; after a few thousand calls the
interpreter aborts. A tray app makes that many calls in hours. (From Python 3.12 these
objects are immortal, and the counts never move.)
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal


class _Emitter(QObject):
    ping = Signal()


def test_void_calls_and_emits_keep_none_and_true_alive() -> None:
    timer = QTimer()
    emitter = _Emitter()
    none_before = sys.getrefcount(None)
    true_before = sys.getrefcount(True)
    for _ in range(500):
        timer.stop()
        emitter.ping.emit()
    # A few references may come and go with unrelated objects; 500 lost ones may not.
    assert sys.getrefcount(None) > none_before - 50
    assert sys.getrefcount(True) > true_before - 50
