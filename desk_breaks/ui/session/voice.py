"""What the session says: a sound cue per phase and polite screen-reader announcements."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QLabel, QWidget

from desk_breaks.core.i18n import tr, trn
from desk_breaks.core.session import Phase, RunState, SessionRunner
from desk_breaks.ui.session.exercise import progress_text
from desk_breaks.ui.sound import Cue, CuePlayer

ANNOUNCE_EVERY_S = 10
"""During a phase, screen readers hear the count every this many seconds (not every second)."""

_CUES = {
    Phase.READY: Cue.START,
    Phase.SWITCH: Cue.START,
    Phase.HOLD: Cue.HOLD,
    Phase.INHALE: Cue.HOLD,
    Phase.HOLD_BREATH: Cue.HOLD,
    Phase.RELAX: Cue.RELEASE,
    Phase.REST: Cue.RELEASE,
    Phase.EXHALE: Cue.RELEASE,
}


class Voice:
    """Speaks for a session window: sounds ``cues`` and announces through a live label.

    The live label is a child of ``window`` outside its layout, one pixel and empty, so it
    is exposed to screen readers but not seen; its accessible name is the last announcement.
    ``said`` hears every announced text (the window re-emits it as a signal).
    """

    def __init__(self, window: QWidget, cues: CuePlayer, said: Callable[[str], None]) -> None:
        self._window = window
        self._said = said
        self.cues = cues
        self.last = ""
        self._live = QLabel(window)
        self._live.setObjectName("announcement")
        self._live.setAccessibleDescription(tr("What the session says now."))
        self._live.setGeometry(0, 0, 1, 1)

    def announce(self, text: str) -> None:
        """Expose ``text`` to screen readers as a polite announcement and a live label."""
        self.last = text
        self._live.setAccessibleName(text)
        if QAccessible.isActive():
            changed = QAccessibleEvent(self._live, QAccessible.Event.NameChanged)
            QAccessible.updateAccessibility(changed)
            event = QAccessibleAnnouncementEvent(self._window, text)
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
            QAccessible.updateAccessibility(event)
        self._said(text)

    def phase_changed(self, runner: SessionRunner, *, lead: str = "") -> None:
        """Sound the new phase's cue and tell screen readers what to do now.

        ``lead`` is said first (e.g. "Gentler version: ..." right after "Make it easier").
        """
        segment = runner.current
        if runner.state is RunState.RUNNING:
            self.cues.play(_CUES[segment.phase])
        text = f"{count_text(runner)} {segment.cue}"
        if segment.phase is Phase.READY:
            progress = progress_text(segment, len(runner.routine.exercises))
            if segment.exercise.warning:  # before the count: read before anything else
                text = tr("Caution: {warning}", warning=segment.exercise.warning) + f" {text}"
            text = " ".join(
                filter(
                    None, [f"{segment.exercise.name}.", f"{progress}." if progress else "", text]
                )
            )
        self.announce(f"{lead} {text}" if lead else text)

    def count_changed(self, runner: SessionRunner, seconds: int) -> None:
        """Announce the count now and then while running (``seconds`` just came up)."""
        if runner.state is RunState.RUNNING and seconds > 0 and seconds % ANNOUNCE_EVERY_S == 0:
            self.announce(trn("{n} second left.", "{n} seconds left.", seconds))


def count_text(runner: SessionRunner) -> str:
    """Return the phase and its whole seconds left, e.g. "Hold, 5 seconds."."""
    seconds = max(0, math.ceil(runner.remaining_s() - 1e-6))
    return trn("{phase}, {n} second.", "{phase}, {n} seconds.", seconds, phase=runner.current.label)
