"""The guided session window: one step at a time, with a countdown, art and gentle controls.

The dialog drives a :class:`~desk_breaks.core.session.SessionRunner` and never counts time
itself: one precise single-shot timer is armed for the runner's next deadline (phase
changes), and a frame timer redraws the ring or the breathing pacer about 30 times a
second, only while the window is visible and the session is running. Every number shown
comes from :meth:`SessionRunner.remaining_s`, so a late timer never makes the count drift.

The session ends with :attr:`SessionDialog.session_finished`, emitted exactly once with the
core :class:`~desk_breaks.core.engine.SessionResult` as soon as the outcome is known: when
the last exercise ends, when the person stops for pain, or when the window closes mid-way.
The finish and safety screens stay up for the person to read; closing them reports nothing
more, so someone who walks away never leaves the schedule waiting on an open window.
"""

from __future__ import annotations

import enum
import html
import math

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QCloseEvent,
    QColor,
    QCursor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QHideEvent,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk_breaks import APP_NAME
from desk_breaks.core.clock import Clock
from desk_breaks.core.content import Routine, Safety, format_duration
from desk_breaks.core.engine import Outcome, SessionResult
from desk_breaks.core.session import Phase, RunState, Segment, SessionRunner, Side
from desk_breaks.ui.art import Illustrations, IllustrationView, blend, is_dark
from desk_breaks.ui.sound import Cue, CuePlayer
from desk_breaks.ui.widgets import Breath, BreathPacer, CountdownRing, scaled_font

COMPACT_SIZE = QSize(720, 520)
"""The window's size when it is not full screen."""

FRAME_MS = 33
"""Redraw interval of the ring and the pacer while running (about 30 frames a second)."""

REDUCED_MOTION_FRAME_MS = 250
"""Redraw interval with reduced motion: enough to keep the count right, nothing glides."""

CUE_SIZES = (1.35, 1.22, 1.1, 1.0)
"""The cue's font sizes, as multiples of the app font, tried largest first."""

FULL_SCREEN_MAX_WIDTH_EM = 70
"""The content's widest extent in full screen, in multiples of the font height."""

ANNOUNCE_EVERY_S = 10
"""During a phase, screen readers hear the count every this many seconds (not every second)."""


class Screen(enum.Enum):
    """Which page of the dialog is showing."""

    SESSION = "session"
    FINISHED = "finished"
    SAFETY = "safety"


class PhaseLook(enum.Enum):
    """The visual families of phases, each with its own colour."""

    READY = "ready"
    HOLD = "hold"
    RELAX = "relax"
    SWITCH = "switch"
    BREATH = "breath"


_COLOURS: dict[PhaseLook, tuple[str, str]] = {
    # (on a light palette, on a dark palette)
    PhaseLook.READY: ("#b8690b", "#f2b457"),
    PhaseLook.HOLD: ("#2f6fd6", "#6aa9ff"),
    PhaseLook.RELAX: ("#1f8a58", "#5fd39a"),
    PhaseLook.SWITCH: ("#7452cc", "#b49cff"),
    PhaseLook.BREATH: ("#16839a", "#5cc8dc"),
}

_CAUTION = ("#b3261e", "#ff8a80")

_BREATHS = {Phase.INHALE: Breath.IN, Phase.HOLD_BREATH: Breath.HOLD, Phase.EXHALE: Breath.OUT}

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


def phase_look(segment: Segment) -> PhaseLook:
    """Return the visual family of ``segment``'s phase."""
    return {
        Phase.READY: PhaseLook.READY,
        Phase.HOLD: PhaseLook.HOLD,
        Phase.RELAX: PhaseLook.RELAX,
        Phase.REST: PhaseLook.RELAX,
        Phase.SWITCH: PhaseLook.SWITCH,
        Phase.INHALE: PhaseLook.BREATH,
        Phase.HOLD_BREATH: PhaseLook.BREATH,
        Phase.EXHALE: PhaseLook.BREATH,
    }[segment.phase]


def phase_colour(look: PhaseLook, palette: QPalette) -> QColor:
    """Return the colour of ``look`` that reads well on ``palette``."""
    light, dark = _COLOURS[look]
    return QColor(dark if is_dark(palette) else light)


def progress_text(segment: Segment, exercise_count: int) -> str:
    """Return the progress line, e.g. "Set 1 of 2 · Left side · Exercise 2 of 4"."""
    parts: list[str] = []
    if segment.rounds:
        if segment.round_no:
            parts.append(f"Round {segment.round_no} of {segment.rounds}")
    else:
        if segment.sets > 1:
            parts.append(f"Set {segment.set_no} of {segment.sets}")
        if segment.reps > 1:
            parts.append(f"Rep {segment.rep_no} of {segment.reps}")
    if segment.side is not None:
        parts.append(segment.side.value)
    if exercise_count > 1:
        parts.append(f"Exercise {segment.exercise_index + 1} of {exercise_count}")
    return " · ".join(parts)


def _seconds(count: int) -> str:
    return f"{count} second" if count == 1 else f"{count} seconds"


class _Card(QFrame):
    """A softly rounded panel a shade apart from the window (or tinted with a caution hue)."""

    def __init__(self, parent: QWidget | None = None, *, tinted: bool = False) -> None:
        super().__init__(parent)
        self._tinted = tinted

    def paintEvent(self, event: QPaintEvent) -> None:
        """Fill a rounded rectangle."""
        palette = self.palette()
        window = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        if self._tinted:
            caution = QColor(_CAUTION[1] if is_dark(palette) else _CAUTION[0])
            fill = blend(window, caution, 0.1 if is_dark(palette) else 0.06)
            edge = blend(window, caution, 0.3)
        elif is_dark(palette):
            fill = blend(window, text, 0.06)
            edge = blend(window, text, 0.09)
        else:
            fill = blend(window, palette.color(QPalette.ColorRole.Base), 0.85)
            edge = blend(window, text, 0.09)
        radius = self.fontMetrics().height() * 0.9
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(edge, 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
        painter.end()


class _Flow(QWidget):
    """Scroll-area content whose height follows its width (wrapped text), not its minimum.

    Without this, word-wrapped labels report a tall minimum height and the scroll area
    shows a scroll bar even when everything fits.
    """

    def minimumSizeHint(self) -> QSize:
        """No minimum: the scroll area asks heightForWidth instead."""
        return QSize(0, 0)


class _DoneBadge(QWidget):
    """A calm tick in a soft circle for the finish screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        side = self.fontMetrics().height() * 4
        self.setFixedSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the circle and the tick."""
        colour = phase_colour(PhaseLook.RELAX, self.palette())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        soft = QColor(colour)
        soft.setAlphaF(0.16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(soft)
        side = float(min(self.width(), self.height()))
        painter.drawEllipse(QRectF(0, 0, side, side))
        pen = QPen(colour, side * 0.07)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        tick = QPainterPath()
        tick.moveTo(side * 0.3, side * 0.52)
        tick.lineTo(side * 0.44, side * 0.66)
        tick.lineTo(side * 0.71, side * 0.37)
        painter.drawPath(tick)
        painter.end()


class SessionDialog(QDialog):
    """Guides one session of a routine, step by step.

    Create it, connect :attr:`session_finished`, then call :meth:`begin`. The dialog is not
    modal and never calls ``exec()``.
    """

    session_finished = Signal(object)
    """Emitted once with the :class:`SessionResult` when the window closes."""

    announced = Signal(str)
    """Emitted with each text sent to screen readers (phase changes, the count, the end)."""

    def __init__(
        self,
        routine: Routine,
        clock: Clock,
        illustrations: Illustrations,
        safety: Safety,
        *,
        reduced_motion: bool = False,
        full_screen: bool = False,
        cues: CuePlayer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._cues = cues if cues is not None else CuePlayer("no cue player was given")
        self._announcement = ""
        self._routine = routine
        self._clock = clock
        self._illustrations = illustrations
        self._safety = safety
        self._reduced_motion = reduced_motion
        self._full_screen = full_screen
        self._runner = SessionRunner(routine, clock)
        self._screen = Screen.SESSION
        self._begun = False
        self._emitted = False
        self._shown_index = -1
        self._started_at: float | None = None
        self._ended_at: float | None = None
        self._paused_since: float | None = None
        self._paused_total = 0.0
        self._last_seconds = -1

        self.setWindowTitle(f"{routine.name} · {APP_NAME}")
        self.setObjectName("sessionDialog")
        self.setAccessibleName(f"{routine.name} session")
        self.setAccessibleDescription("A guided exercise session, one step at a time.")

        self._phase_timer = QTimer(self)
        self._phase_timer.setObjectName("phaseTimer")
        self._phase_timer.setSingleShot(True)
        self._phase_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._phase_timer.timeout.connect(self.tick)
        self._frame_timer = QTimer(self)
        self._frame_timer.setObjectName("frameTimer")
        self._frame_timer.setInterval(REDUCED_MOTION_FRAME_MS if reduced_motion else FRAME_MS)
        self._frame_timer.timeout.connect(self._refresh_frame)

        self._build()
        self._shortcuts = [
            self._shortcut(Qt.Key.Key_Space, self.toggle_pause),
            self._shortcut(Qt.Key.Key_Right, self.skip_exercise),
            self._shortcut(Qt.Key.Key_Left, self.back),
        ]
        self._apply_palette()
        self._show_segment()
        self._refresh_frame()

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
        return self._cues

    @property
    def announcement(self) -> str:
        """The last text sent to screen readers."""
        return self._announcement

    def session_result(self) -> SessionResult:
        """How the session went so far."""
        return self._runner.result()

    # -- public driving -----------------------------------------------------------------------

    def begin(self) -> None:
        """Show the window on the screen under the mouse and start the session."""
        if self._begun:
            return
        self._begun = True
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        self._runner.start()
        self._started_at = self._clock.monotonic()
        self._show_segment()
        if screen is not None:
            self.setScreen(screen)
        if self._full_screen and screen is not None:
            self.setGeometry(screen.geometry())
            self.showFullScreen()
        else:
            size = QSize(COMPACT_SIZE)
            if screen is not None:
                area = screen.availableGeometry()
                size = size.boundedTo(area.size())
                self.resize(size)
                frame = self.frameGeometry()
                frame.moveCenter(area.center())
                self.move(frame.topLeft())
            else:
                self.resize(size)
            self.show()
        self.raise_()
        self.activateWindow()
        self._pause_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._arm()
        self._update_timers()
        self._phase_changed()
        self._refresh_frame()

    @Slot()
    def tick(self) -> None:
        """Catch up with the clock: move past finished phases, re-arm, redraw."""
        if self._runner.state is RunState.RUNNING:
            self._runner.tick()
            if self._state() is RunState.FINISHED:
                self._show_finish()
                return
            self._show_segment()
            self._arm()
        self._refresh_frame()

    @Slot()
    def toggle_pause(self) -> None:
        """Pause a running session, or resume a paused one."""
        if self._screen is not Screen.SESSION:
            return
        if self._runner.state is RunState.PAUSED:
            self._runner.resume()
            if self._paused_since is not None:
                self._paused_total += self._clock.monotonic() - self._paused_since
                self._paused_since = None
        elif self._runner.state is RunState.RUNNING:
            self._runner.pause()
            self._paused_since = self._clock.monotonic()
        else:
            return
        self._arm()
        self._update_timers()
        self._show_state()
        paused = self._runner.state is RunState.PAUSED
        self._announce("Paused." if paused else f"Resumed. {self._count_text()}")
        self._refresh_frame()

    @Slot()
    def skip_exercise(self) -> None:
        """Leave this exercise and go to the next one (the last one leads to the finish)."""
        if self._screen is not Screen.SESSION:
            return
        self._runner.skip_exercise()
        self._after_jump()

    @Slot()
    def back(self) -> None:
        """Restart this exercise, or go to the previous one just after a start."""
        if self._screen is not Screen.SESSION:
            return
        self._runner.back()
        self._after_jump()

    @Slot()
    def stop(self) -> None:
        """End the session early and close the window."""
        self.close()

    @Slot()
    def stop_for_pain(self) -> None:
        """End the session because something hurts, and show the safety guidance."""
        if self._screen is not Screen.SESSION:
            return
        self._runner.stop_for_pain()
        self._mark_end()
        self._show_screen(Screen.SAFETY)
        now = self._safety.stop_now
        self._announce(f"{self._safety.stop_title}. {now.heading}: {' '.join(now.points)}")
        self._report()

    def reject(self) -> None:
        """Escape: stop the session (or leave the finish/safety screen) and close."""
        self.close()

    # -- Qt events ----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing mid-session stops it; the result is reported exactly once."""
        self._runner.stop()
        self._mark_end()
        self._phase_timer.stop()
        self._frame_timer.stop()
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
        event.accept()
        self._report()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Refit the cue to the new size (the layout has already placed the children)."""
        super().resizeEvent(event)
        self._fit_cue()

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
            if hasattr(self, "_pain_button"):  # not while the constructor is still building
                self._apply_palette()
        elif kind == QEvent.Type.WindowStateChange:
            self._update_timers()

    # -- building -----------------------------------------------------------------------------

    def _shortcut(self, key: Qt.Key, slot: object) -> QShortcut:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.setAutoRepeat(False)
        shortcut.activated.connect(slot)
        return shortcut

    def _label(
        self, factor: float = 1.0, weight: QFont.Weight = QFont.Weight.Normal, *, wrap: bool = False
    ) -> QLabel:
        label = QLabel()
        label.setFont(scaled_font(self.font(), factor * self._font_scale(), weight))
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(wrap)
        return label

    def _font_scale(self) -> float:
        return 1.3 if self._full_screen else 1.0

    def _button(self, text: str, name: str, description: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setAccessibleDescription(description)
        button.setToolTip(tip)
        button.setFont(scaled_font(self.font(), 1.05 * self._font_scale(), QFont.Weight.Normal))
        em = button.fontMetrics().height()
        button.setMinimumHeight(round(em * 2.3))
        button.setMinimumWidth(max(round(em * 5.5), button.sizeHint().width() + round(em)))
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    def _build(self) -> None:
        self._muted_labels: list[QLabel] = []
        # A live region for screen readers: its accessible name is the last announcement.
        # It sits outside the layout, one pixel and empty, so it is exposed but not seen.
        self._live = QLabel(self)
        self._live.setObjectName("announcement")
        self._live.setAccessibleDescription("What the session says now.")
        self._live.setGeometry(0, 0, 1, 1)
        self._pages = QStackedWidget()
        self._pages.addWidget(self._build_session_page())
        self._pages.addWidget(self._build_finish_page())
        self._pages.addWidget(self._build_safety_page())

        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        if self._full_screen:
            self._pages.setMaximumWidth(self.fontMetrics().height() * FULL_SCREEN_MAX_WIDTH_EM)
            outer.addStretch(1)
            outer.addWidget(self._pages, 100)
            outer.addStretch(1)
        else:
            outer.addWidget(self._pages)

    def _margins(self, layout: QVBoxLayout) -> None:
        em = self.fontMetrics().height()
        layout.setContentsMargins(round(em * 2), round(em * 1.6), round(em * 2), round(em * 1.4))

    def _build_session_page(self) -> QWidget:
        em = self.fontMetrics().height()
        page = QWidget()
        page.setObjectName("sessionPage")
        layout = QVBoxLayout(page)
        self._margins(layout)
        layout.setSpacing(round(em * 1.2))

        header = QHBoxLayout()
        header.setSpacing(round(em))
        titles = QVBoxLayout()
        titles.setSpacing(round(em * 0.25))
        self._title = self._label(1.6, QFont.Weight.DemiBold, wrap=True)
        self._title.setObjectName("exerciseName")
        self._progress = self._label(1.0)
        self._progress.setObjectName("progress")
        self._muted_labels.append(self._progress)
        titles.addWidget(self._title)
        titles.addWidget(self._progress)
        header.addLayout(titles, 1)
        self._next = self._label(1.0)
        self._next.setObjectName("next")
        self._next.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._muted_labels.append(self._next)
        header.addWidget(self._next, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)

        body = QHBoxLayout()
        body.setSpacing(round(em * 1.6))
        self._card = _Card()
        card_layout = QVBoxLayout(self._card)
        pad = round(em * 0.8)
        card_layout.setContentsMargins(pad, pad, pad, pad)
        self._art = IllustrationView(self._illustrations)
        self._art.setObjectName("illustration")
        self._art.setAccessibleName("Illustration")
        card_layout.addWidget(self._art)
        self._card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        body.addWidget(self._card, 11)

        side = QVBoxLayout()
        side.setSpacing(round(em * 0.7))
        self._side_column = side
        self._phase = self._label(1.1, QFont.Weight.DemiBold)
        self._phase.setObjectName("phase")
        self._phase.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        side.addWidget(self._phase, 0, Qt.AlignmentFlag.AlignLeft)
        self._cue = self._label(CUE_SIZES[0], QFont.Weight.Normal, wrap=True)
        self._cue.setObjectName("cue")
        self._cue.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._cue.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        side.addWidget(self._cue)
        side.addStretch(1)
        self._dials = QStackedWidget()
        self._ring = CountdownRing()
        self._ring.setObjectName("countdown")
        self._ring.setAccessibleName("Seconds left")
        self._pacer = BreathPacer(reduced_motion=self._reduced_motion)
        self._pacer.setObjectName("pacer")
        self._pacer.setAccessibleName("Breathing pace")
        for dial in (self._ring, self._pacer):
            dial.setFont(scaled_font(self.font(), self._font_scale(), QFont.Weight.Normal))
        self._dials.addWidget(self._ring)
        self._dials.addWidget(self._pacer)
        dial_side = round(em * 12.5 * self._font_scale())
        self._dials.setMinimumSize(round(em * 8), round(em * 8))
        self._dials.setMaximumSize(dial_side * 2, dial_side * 2)
        self._dials.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        side.addWidget(self._dials, 4)
        body.addLayout(side, 10)
        layout.addLayout(body, 1)

        controls = QHBoxLayout()
        controls.setSpacing(round(em * 0.6))
        self._pain_button = self._button(
            "This hurts / I feel dizzy",
            "This hurts or I feel dizzy",
            "Stop the session now and show what to do next.",
            "Stop now and see what to do",
        )
        self._pain_button.setObjectName("painButton")
        self._pain_button.clicked.connect(self.stop_for_pain)
        self._back_button = self._button(
            "Back",
            "Back",
            "Restart this exercise, or go to the previous one. Shortcut: Left arrow.",
            "Restart this exercise (Left)",
        )
        self._back_button.setObjectName("backButton")
        self._back_button.clicked.connect(self.back)
        self._pause_button = self._button(
            "Pause", "Pause", "Pause the countdown. Shortcut: Space.", "Pause (Space)"
        )
        self._pause_button.setObjectName("pauseButton")
        self._pause_button.clicked.connect(self.toggle_pause)
        self._skip_button = self._button(
            "Skip",
            "Skip exercise",
            "Leave this exercise and go to the next one. Shortcut: Right arrow.",
            "Skip this exercise (Right)",
        )
        self._skip_button.setObjectName("skipButton")
        self._skip_button.clicked.connect(self.skip_exercise)
        self._stop_button = self._button(
            "Stop",
            "Stop session",
            "End the session now and close this window. Shortcut: Escape.",
            "End the session (Esc)",
        )
        self._stop_button.setObjectName("stopButton")
        self._stop_button.clicked.connect(self.stop)
        controls.addWidget(self._pain_button)
        controls.addStretch(1)
        for button in (self._back_button, self._pause_button, self._skip_button):
            controls.addWidget(button)
        controls.addSpacing(round(em * 0.6))
        controls.addWidget(self._stop_button)
        layout.addLayout(controls)
        return page

    def _build_finish_page(self) -> QWidget:
        em = self.fontMetrics().height()
        page = QWidget()
        page.setObjectName("finishPage")
        layout = QVBoxLayout(page)
        self._margins(layout)
        layout.setSpacing(round(em * 0.8))
        layout.addStretch(5)
        badge = _DoneBadge()
        layout.addWidget(badge, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(round(em * 0.4))
        self._finish_title = self._label(2.0, QFont.Weight.DemiBold)
        self._finish_title.setObjectName("finishTitle")
        self._finish_title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self._finish_title)
        self._finish_summary = self._label(1.25, wrap=True)
        self._finish_summary.setObjectName("finishSummary")
        self._finish_summary.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self._finish_summary)
        self._finish_list = self._label(1.0, wrap=True)
        self._finish_list.setObjectName("finishList")
        self._finish_list.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._muted_labels.append(self._finish_list)
        layout.addWidget(self._finish_list)
        layout.addStretch(6)
        row = QHBoxLayout()
        row.addStretch(1)
        self._finish_close = self._button(
            "Close", "Close", "Close this window.", "Close this window (Esc)"
        )
        self._finish_close.setObjectName("finishClose")
        self._finish_close.clicked.connect(self.close)
        row.addWidget(self._finish_close)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def _build_safety_page(self) -> QWidget:
        em = self.fontMetrics().height()
        safety = self._safety
        page = QWidget()
        page.setObjectName("safetyPage")
        layout = QVBoxLayout(page)
        self._margins(layout)
        layout.setSpacing(round(em * 0.9))

        self._safety_title = self._label(1.6, QFont.Weight.DemiBold, wrap=True)
        self._safety_title.setObjectName("safetyTitle")
        self._safety_title.setText(safety.stop_title)
        layout.addWidget(self._safety_title)

        content = _Flow()
        content.setObjectName("safetyContent")
        column = QVBoxLayout(content)
        column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(round(em * 0.9))
        self._safety_lists: list[QLabel] = []
        for name, group, factor in (
            ("safetyStopNow", safety.stop_now, 1.12),
            ("safetyEaseOff", safety.ease_off, 1.0),
            ("safetySeekHelp", safety.seek_help, 1.0),
        ):
            heading = self._label(1.0, QFont.Weight.DemiBold, wrap=True)
            heading.setObjectName(f"{name}Heading")
            heading.setText(group.heading)
            points_label = self._label(factor, wrap=True)
            points_label.setObjectName(name)
            points_label.setTextFormat(Qt.TextFormat.RichText)
            points_label.setProperty("points", list(group.points))
            points_label.setAccessibleName(f"{group.heading}: {' '.join(group.points)}")
            points_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            self._safety_lists.append(points_label)
            block = QVBoxLayout()
            block.setContentsMargins(0, 0, 0, 0)
            block.setSpacing(round(em * 0.35))
            block.addWidget(heading)
            block.addWidget(points_label)
            if name == "safetySeekHelp":
                self._help_panel = _Card(tinted=True)
                self._help_panel.setLayout(block)
                pad = round(em * 0.8)
                block.setContentsMargins(pad, round(pad * 0.8), pad, round(pad * 0.8))
                column.addWidget(self._help_panel)
            else:
                column.addLayout(block)
        self._disclaimer = self._label(0.92, wrap=True)
        self._disclaimer.setObjectName("disclaimer")
        self._disclaimer.setText(safety.disclaimer)
        self._muted_labels.append(self._disclaimer)
        column.addWidget(self._disclaimer)
        column.addStretch(1)

        scroll = QScrollArea()
        scroll.setObjectName("safetyScroll")
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.viewport().setAutoFillBackground(False)
        content.setAutoFillBackground(False)
        layout.addWidget(scroll, 1)

        row = QHBoxLayout()
        row.addStretch(1)
        self._safety_close = self._button(
            "Close", "Close", "Close this window.", "Close this window (Esc)"
        )
        self._safety_close.setObjectName("safetyClose")
        self._safety_close.clicked.connect(self.close)
        row.addWidget(self._safety_close)
        layout.addLayout(row)
        return page

    def _fill_safety_lists(self, bullet: QColor) -> None:
        """Write the safety points as bulleted lists with hanging indents."""
        em = self.fontMetrics().height()
        for points_label in self._safety_lists:
            points = points_label.property("points") or []
            rows = "".join(
                "<tr>"
                f'<td style="color:{bullet.name()}; padding-right:{round(em * 0.6)}px;">'
                "&#x2022;</td>"
                f'<td style="padding-bottom:{round(em * 0.35)}px;">'
                f"{html.escape(str(point), quote=False)}</td>"
                "</tr>"
                for point in points
            )
            points_label.setText(f'<table cellspacing="0" cellpadding="0">{rows}</table>')

    # -- showing ------------------------------------------------------------------------------

    def _apply_palette(self) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        window = palette.color(QPalette.ColorRole.Window)
        muted = blend(text, window, 0.38)
        for label in self._muted_labels:
            own = QPalette(palette)
            own.setColor(QPalette.ColorRole.WindowText, muted)
            label.setPalette(own)
        self._fill_safety_lists(phase_colour(PhaseLook.HOLD, palette))
        caution = QColor(_CAUTION[1] if is_dark(palette) else _CAUTION[0])
        own = QPalette(palette)
        own.setColor(QPalette.ColorRole.ButtonText, caution)
        self._pain_button.setPalette(own)
        self._style_phase()

    def _style_phase(self) -> None:
        segment = self._runner.current
        colour = phase_colour(phase_look(segment), self.palette())
        tint = QColor(colour)
        tint.setAlphaF(0.15)
        em = self.fontMetrics().height()
        self._phase.setStyleSheet(
            "QLabel#phase {"
            f" color: {colour.name()};"
            f" background-color: rgba({tint.red()}, {tint.green()}, {tint.blue()}, 38);"
            f" border-radius: {round(em * 0.6)}px;"
            f" padding: {round(em * 0.2)}px {round(em * 0.7)}px;"
            " }"
        )
        self._ring.set_colour(colour)
        self._pacer.set_colour(colour)

    def _show_segment(self) -> None:
        """Show the current segment's words, art and dial (cheap when nothing changed)."""
        if self._runner.index == self._shown_index:
            return
        self._shown_index = self._runner.index
        segment = self._runner.current
        self._title.setText(segment.exercise.name)
        self._progress.setText(progress_text(segment, len(self._routine.exercises)))
        following = self._runner.next_exercise()
        self._next.setText(f"Next: {following.name}" if following else "Last one")
        self._phase.setText(segment.label)
        self._cue.setText(segment.cue)
        self._fit_cue()
        self._art.set_image(segment.step.illustration, mirrored=segment.side is Side.RIGHT)
        self._art.setAccessibleDescription(segment.cue)
        breathing = segment.phase in _BREATHS
        self._dials.setCurrentWidget(self._pacer if breathing else self._ring)
        self._style_phase()
        self._show_state()
        self._last_seconds = -1
        if self._begun:
            self._phase_changed()

    def _show_state(self) -> None:
        paused = self._runner.state is RunState.PAUSED
        self._pause_button.setText("Resume" if paused else "Pause")
        self._pause_button.setAccessibleName("Resume" if paused else "Pause")
        self._pause_button.setAccessibleDescription(
            ("Continue the countdown." if paused else "Pause the countdown.") + " Shortcut: Space."
        )
        self._pause_button.setToolTip("Resume (Space)" if paused else "Pause (Space)")
        self._ring.set_paused(paused)
        self._ring.set_caption("Paused" if paused else "seconds")
        segment = self._runner.current
        state = " (paused)" if paused else ""
        self._phase.setAccessibleName(f"Phase: {segment.label}{state}")
        self._phase.setAccessibleDescription(segment.cue)

    def _state(self) -> RunState:
        # A call, so type checkers do not keep the narrowing from before a runner call.
        return self._runner.state

    def _count_text(self) -> str:
        seconds = max(0, math.ceil(self._runner.remaining_s() - 1e-6))
        return f"{self._runner.current.label}, {_seconds(seconds)}."

    def _phase_changed(self) -> None:
        """Sound the new phase's cue and tell screen readers what to do now."""
        segment = self._runner.current
        if self._runner.state is RunState.RUNNING:
            self._cues.play(_CUES[segment.phase])
        text = f"{self._count_text()} {segment.cue}"
        if segment.phase is Phase.READY:
            progress = progress_text(segment, len(self._routine.exercises))
            text = f"{segment.exercise.name}. {progress + '. ' if progress else ''}{text}"
        self._announce(text)

    def _announce(self, text: str) -> None:
        """Expose ``text`` to screen readers as a polite announcement and a live label."""
        self._announcement = text
        self._live.setAccessibleName(text)
        if QAccessible.isActive():
            changed = QAccessibleEvent(self._live, QAccessible.Event.NameChanged)
            QAccessible.updateAccessibility(changed)
            event = QAccessibleAnnouncementEvent(self, text)
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
            QAccessible.updateAccessibility(event)
        self.announced.emit(text)

    def _fit_cue(self) -> None:
        """Use the largest cue size that fits beside the art, leaving the dial its minimum.

        A long cue in a small window steps down in size rather than being cut off.
        """
        width = self._cue.width()
        room = (
            self._card.height()
            - self._phase.sizeHint().height()
            - 2 * self._side_column.spacing()
            - self._dials.minimumHeight()
        )
        chosen = scaled_font(self.font(), CUE_SIZES[0] * self._font_scale(), QFont.Weight.Normal)
        if width > 0 and room > 0:
            flags = int(Qt.TextFlag.TextWordWrap)
            for factor in CUE_SIZES:
                chosen = scaled_font(self.font(), factor * self._font_scale(), QFont.Weight.Normal)
                needed = QFontMetrics(chosen).boundingRect(
                    QRect(0, 0, width, 100_000), flags, self._cue.text()
                )
                if needed.height() <= room:
                    break
        if chosen != self._cue.font():
            self._cue.setFont(chosen)

    def _refresh_frame(self) -> None:
        """Redraw the ring or the pacer from the runner's clock."""
        if self._screen is not Screen.SESSION:
            return
        deadline = self._runner.deadline()
        if deadline is not None and self._clock.monotonic() >= deadline:
            self.tick()
            return
        segment = self._runner.current
        remaining = self._runner.remaining_s()
        duration = max(1, segment.duration_s)
        seconds = max(0, math.ceil(remaining - 1e-6))
        fraction = remaining / duration
        if self._reduced_motion:
            fraction = seconds / duration
        breath = _BREATHS.get(segment.phase)
        if breath is not None:
            self._pacer.set_breath(breath, 1.0 - remaining / duration, segment.label, seconds)
        else:
            self._ring.set_value(fraction, seconds)
        if seconds != self._last_seconds:
            first = self._last_seconds < 0
            self._last_seconds = seconds
            description = f"{_seconds(seconds)} left: {segment.label}"
            target = self._pacer if breath is not None else self._ring
            target.setAccessibleDescription(description)
            if (
                not first
                and self._runner.state is RunState.RUNNING
                and seconds > 0
                and seconds % ANNOUNCE_EVERY_S == 0
            ):
                self._announce(f"{_seconds(seconds)} left.")

    def _after_jump(self) -> None:
        if self._runner.state is RunState.FINISHED:
            self._show_finish()
            return
        self._shown_index = -1
        self._show_segment()
        self._arm()
        self._update_timers()
        self._refresh_frame()

    def _show_finish(self) -> None:
        self._mark_end()
        result = self._runner.result()
        total = len(self._routine.exercises)
        done = len(result.exercises_done)
        elapsed = format_duration(self._active_seconds())
        self._finish_title.setText("Well done" if done else "That's all for now")
        if result.outcome is Outcome.COMPLETED:
            things = "exercise" if total == 1 else "exercises"
            summary = f"You did all {total} {things} in {elapsed}."
            if total == 1:
                summary = f"You did the exercise in {elapsed}."
        elif done:
            summary = f"You did {done} of {total} exercises in {elapsed}."
        else:
            summary = "No exercises this time, and that is fine."
        self._finish_summary.setText(summary)
        names = [ex.name for ex in self._routine.exercises if ex.id in result.exercises_done]
        self._finish_list.setText(" · ".join(names))
        self._finish_list.setVisible(bool(names))
        self._show_screen(Screen.FINISHED)
        self._cues.play(Cue.END)
        self._announce(f"{self._finish_title.text()}. {summary}")
        self._report()

    def _report(self) -> None:
        if not self._emitted:
            self._emitted = True
            self.session_finished.emit(self._runner.result())

    def _show_screen(self, screen: Screen) -> None:
        self._screen = screen
        self._phase_timer.stop()
        self._frame_timer.stop()
        for shortcut in self._shortcuts:
            shortcut.setEnabled(screen is Screen.SESSION)
        page = {Screen.SESSION: 0, Screen.FINISHED: 1, Screen.SAFETY: 2}[screen]
        self._pages.setCurrentIndex(page)
        button = {Screen.FINISHED: self._finish_close, Screen.SAFETY: self._safety_close}.get(
            screen
        )
        if button is not None:
            button.setDefault(True)
            button.setFocus(Qt.FocusReason.OtherFocusReason)
            title = self._finish_title if screen is Screen.FINISHED else self._safety_title
            self.setAccessibleDescription(title.text())

    # -- time ---------------------------------------------------------------------------------

    def _arm(self) -> None:
        """Arm the phase timer for the runner's next deadline (or disarm it)."""
        self._phase_timer.stop()
        deadline = self._runner.deadline()
        if deadline is None or self._screen is not Screen.SESSION:
            return
        wait_ms = math.ceil((deadline - self._clock.monotonic()) * 1000)
        self._phase_timer.start(max(1, wait_ms))

    def _update_timers(self) -> None:
        animate = (
            self._screen is Screen.SESSION
            and self._runner.state is RunState.RUNNING
            and self.isVisible()
            and not self.isMinimized()
        )
        if animate and not self._frame_timer.isActive():
            self._frame_timer.start()
        elif not animate:
            self._frame_timer.stop()
        if self._runner.state is not RunState.RUNNING:
            self._phase_timer.stop()

    def _mark_end(self) -> None:
        if self._ended_at is None and self._started_at is not None:
            self._ended_at = self._clock.monotonic()
            if self._paused_since is not None:
                self._paused_total += self._ended_at - self._paused_since
                self._paused_since = None

    def _active_seconds(self) -> int:
        if self._started_at is None:
            return 0
        end = self._ended_at if self._ended_at is not None else self._clock.monotonic()
        return max(0, round(end - self._started_at - self._paused_total))
