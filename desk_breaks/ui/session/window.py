"""The session window's plumbing: its signals, what it lets others read, its Qt events.

:class:`SessionWindow` is the base of :class:`~desk_breaks.ui.session_dialog.SessionDialog`,
which holds the flow (the runner, the screens, what is said when). Here: reporting the
result once, showing a screen, the two timers following the window's visibility, palette
changes, and closing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import QDialog

from desk_breaks.core.clock import Clock
from desk_breaks.core.engine import SessionResult
from desk_breaks.core.session import RunState, SessionRunner
from desk_breaks.ui.session.exercise import ExerciseScreen
from desk_breaks.ui.session.pages import Screen, SessionPages
from desk_breaks.ui.session.timing import SessionTimers
from desk_breaks.ui.session.voice import Voice
from desk_breaks.ui.sound import CuePlayer


class SessionWindow(QDialog):
    """A session's window: signals, reading, Qt events; the subclass fills in the parts."""

    session_finished = Signal(object)
    """Emitted once with the :class:`SessionResult` when the window closes."""

    announced = Signal(str)
    """Emitted with each text sent to screen readers (phase changes, the count, the end)."""

    feeling_chosen = Signal(object)
    """Emitted once with the :class:`~desk_breaks.core.coach_types.Feeling` chosen at the end."""

    choice_made = Signal(str, object)
    """Emitted with (exercise id, :class:`~desk_breaks.core.coach_types.Action`) per choice."""

    journal_requested = Signal()
    """Emitted when the person asks to rate today's comfort from the finish screen."""

    _runner: SessionRunner
    _clock: Clock
    _voice: Voice
    _timers: SessionTimers
    _pages: SessionPages
    _steps: ExerciseScreen
    _screen: Screen
    _shortcuts: list[QShortcut]
    _reduced_motion: bool
    _emitted: bool

    # -- public reading ----------------------------------------------------------------------

    @property
    def runner(self) -> SessionRunner:
        """The session runner this dialog drives."""
        return self._runner

    @property
    def screen_shown(self) -> Screen:
        """Which page is showing: the session, the finish screen or the safety screen."""
        return self._screen

    @property
    def reduced_motion(self) -> bool:
        """Whether animation is replaced by text."""
        return self._reduced_motion

    @property
    def cues(self) -> CuePlayer:
        """The player that sounds the phase changes (silent when sound is off)."""
        return self._voice.cues

    @property
    def announcement(self) -> str:
        """The last text sent to screen readers."""
        return self._voice.last

    def session_result(self) -> SessionResult:
        """How the session went so far."""
        return self._runner.result()

    def reject(self) -> None:
        """Escape: stop the session (or leave the finish/safety screen) and close."""
        self.close()

    # -- Qt events ----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing mid-session stops it; the result is reported exactly once."""
        self._runner.stop()
        self._timers.stop()
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
        event.accept()
        self._report()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Refit the cue to the new size (the layout has already placed the children)."""
        super().resizeEvent(event)
        self._steps.fit_cue()

    def showEvent(self, event: QShowEvent) -> None:
        """Start redrawing when the window appears."""
        super().showEvent(event)
        self._update_timers()

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop redrawing while the window is hidden."""
        super().hideEvent(event)
        self._update_timers()

    def changeEvent(self, event: QEvent) -> None:
        """Follow palette changes; stop redrawing while minimised."""
        super().changeEvent(event)
        kind = event.type()
        if kind in (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
            QEvent.Type.StyleChange,
        ):
            if hasattr(self, "_pages"):  # not while the constructor is still building
                self._pages.apply_palette(self.palette(), self._runner.current)
        elif kind == QEvent.Type.WindowStateChange:
            self._update_timers()

    # -- shared by the flow -----------------------------------------------------------------

    def _report(self) -> None:
        if not self._emitted:
            self._emitted = True
            self.session_finished.emit(self._runner.result())

    def _show_screen(self, screen: Screen) -> None:
        self._screen = screen
        self._timers.stop()
        for shortcut in self._shortcuts:
            shortcut.setEnabled(screen is Screen.SESSION)
        heading = self._pages.show_screen(screen)
        if heading is not None:
            self.setAccessibleDescription(heading)

    def _arm(self) -> None:
        """Arm the phase timer for the runner's next deadline (or disarm it)."""
        deadline = self._runner.deadline() if self._screen is Screen.SESSION else None
        self._timers.arm(deadline, self._clock.monotonic())

    def _update_timers(self) -> None:
        running = self._runner.state is RunState.RUNNING
        seen = self.isVisible() and not self.isMinimized()
        self._timers.follow(
            running=running, animate=running and seen and self._screen is Screen.SESSION
        )
