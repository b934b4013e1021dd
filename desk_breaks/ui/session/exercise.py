"""The exercise screen: the step's name and progress, art, cue, countdown dial and controls.

Above it all, during the get-ready of an exercise with a warning, the warning card; under
the art, a quiet caption (both in :mod:`.notes`).

It shows what the window gives it (a segment, a count, paused or not) and never reads the
clock; the window decides when to redraw and what to announce.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk_breaks.core.i18n import tr, trn
from desk_breaks.core.presentation import seconds_caption
from desk_breaks.core.session import Phase, RunState, Segment, SessionRunner, Side
from desk_breaks.ui.art import Illustrations, IllustrationView
from desk_breaks.ui.session.look import (
    Card,
    chip_text,
    make_button,
    make_label,
    muted_palette,
    page_margins,
    pain_palette,
    phase_colour,
    phase_look,
)
from desk_breaks.ui.session.notes import Caption, WarningCard
from desk_breaks.ui.widgets import Breath, BreathPacer, CountdownRing, scaled_font

CUE_SIZES = (1.35, 1.22, 1.1, 1.0)
"""The cue's font sizes, as multiples of the app font, tried largest first."""

BREATHS = {Phase.INHALE: Breath.IN, Phase.HOLD_BREATH: Breath.HOLD, Phase.EXHALE: Breath.OUT}
"""The breathing phases, drawn by the pacer instead of the ring."""


def progress_text(segment: Segment, exercise_count: int) -> str:
    """Return the progress line, e.g. "Set 1 of 2 · Left side · Exercise 2 of 4"."""
    parts: list[str] = []
    if segment.rounds:
        if segment.round_no:
            parts.append(tr("Round {n} of {total}", n=segment.round_no, total=segment.rounds))
    else:
        if segment.sets > 1:
            parts.append(tr("Set {n} of {total}", n=segment.set_no, total=segment.sets))
        if segment.reps > 1:
            parts.append(tr("Rep {n} of {total}", n=segment.rep_no, total=segment.reps))
    if segment.side is not None:
        parts.append(side_text(segment.side))
    if exercise_count > 1:
        parts.append(
            tr("Exercise {n} of {total}", n=segment.exercise_index + 1, total=exercise_count)
        )
    return " · ".join(parts)


def side_text(side: Side) -> str:
    """The side's name in the active language: "Left side"."""
    return tr("Left side") if side is Side.LEFT else tr("Right side")


def seconds_text(count: int) -> str:
    """Return "1 second" or "<count> seconds"."""
    return trn("{n} second", "{n} seconds", count)


def control_words() -> dict[str, tuple[str, str, str, str]]:
    """Each control's words by object name: text, accessible name, description, tooltip."""
    return {
        "painButton": (
            tr("This hurts / I feel dizzy"),
            tr("This hurts or I feel dizzy"),
            tr("Stop the session now and show what to do next."),
            tr("Stop now and see what to do"),
        ),
        "backButton": (
            tr("Back", "session button"),
            tr("Back", "session button"),
            tr("Restart this exercise, or go to the previous one. Shortcut: Left arrow."),
            tr("Restart this exercise (Left)"),
        ),
        "pauseButton": (
            tr("Pause", "session button"),
            tr("Pause", "session button"),
            tr("Pause the countdown. Shortcut: Space."),
            tr("Pause (Space)"),
        ),
        "skipButton": (
            tr("Skip", "session button"),
            tr("Skip exercise"),
            tr("Leave this exercise and go to the next one. Shortcut: Right arrow."),
            tr("Skip this exercise (Right)"),
        ),
        "stopButton": (
            tr("Stop", "session button"),
            tr("Stop session"),
            tr("End the session now and close this window. Shortcut: Escape."),
            tr("End the session (Esc)"),
        ),
    }


class ExerciseScreen(QWidget):
    """The running session's screen.

    The buttons (:attr:`pain_button`, :attr:`back_button`, :attr:`pause_button`,
    :attr:`skip_button`, :attr:`stop_button`) are for the window to connect.
    """

    def __init__(
        self,
        illustrations: Illustrations,
        scale: float,
        *,
        reduced_motion: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sessionPage")
        self._scale = scale
        self._reduced_motion = reduced_motion
        self._shown_index = -1  # the runner's segment on screen; -1 to redraw it anyway
        self._last_seconds = -1  # the whole seconds last shown; -1 for a new segment
        font = self.font()
        em = self.fontMetrics().height()
        layout = QVBoxLayout(self)
        page_margins(layout, em)
        layout.setSpacing(round(em * 1.2))

        header = QHBoxLayout()
        header.setSpacing(round(em))
        titles = QVBoxLayout()
        titles.setSpacing(round(em * 0.25))
        self._title = make_label(font, 1.6 * scale, QFont.Weight.DemiBold, wrap=True)
        self._title.setObjectName("exerciseName")
        self._progress = make_label(font, 1.0 * scale)
        self._progress.setObjectName("progress")
        titles.addWidget(self._title)
        titles.addWidget(self._progress)
        header.addLayout(titles, 1)
        self._next = make_label(font, 1.0 * scale)
        self._next.setObjectName("next")
        self._next.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        header.addWidget(self._next, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        self._warning = WarningCard(font, scale)
        layout.addWidget(self._warning)

        body = QHBoxLayout()
        body.setSpacing(round(em * 1.6))
        self._card = Card()
        card_layout = QVBoxLayout(self._card)
        pad = round(em * 0.8)
        card_layout.setContentsMargins(pad, pad, pad, pad)
        self._art = IllustrationView(illustrations)
        self._art.setObjectName("illustration")
        self._art.setAccessibleName(tr("Illustration"))
        card_layout.addWidget(self._art, 1)
        self._caption = Caption(font, scale)
        card_layout.addWidget(self._caption)
        self._card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        body.addWidget(self._card, 11)

        self._side_column = QVBoxLayout()
        self._side_column.setSpacing(round(em * 0.7))
        self._phase = make_label(font, 1.1 * scale, QFont.Weight.DemiBold)
        self._phase.setObjectName("phase")
        self._phase.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self._side_column.addWidget(self._phase, 0, Qt.AlignmentFlag.AlignLeft)
        self._cue = make_label(font, CUE_SIZES[0] * scale, QFont.Weight.Normal, wrap=True)
        self._cue.setObjectName("cue")
        self._cue.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._cue.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._side_column.addWidget(self._cue)
        self.ease_button = make_button(
            font,
            0.95 * scale,
            tr("Make it easier"),
            tr("Make it easier"),
            tr("Switch this exercise to its gentler version for the rest of the session."),
            tr("Use the gentler version of this exercise for the rest of the session"),
        )
        self.ease_button.setObjectName("easeButton")
        self.ease_button.setMinimumHeight(round(self.ease_button.fontMetrics().height() * 2))
        self.ease_button.hide()  # before the layout measures it: shown only when it applies
        self._side_column.addWidget(self.ease_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._side_column.addStretch(1)
        self._side_column.addWidget(self._build_dials(em), 4)
        body.addLayout(self._side_column, 10)
        layout.addLayout(body, 1)
        layout.addLayout(self._build_controls(em))

    def _build_dials(self, em: int) -> QStackedWidget:
        self._dials = QStackedWidget()
        self._ring = CountdownRing()
        self._ring.setObjectName("countdown")
        self._ring.setAccessibleName(tr("Seconds left"))
        self._pacer = BreathPacer(reduced_motion=self._reduced_motion)
        self._pacer.setObjectName("pacer")
        self._pacer.setAccessibleName(tr("Breathing pace"))
        for dial in (self._ring, self._pacer):
            dial.setFont(scaled_font(self.font(), self._scale, QFont.Weight.Normal))
        self._dials.addWidget(self._ring)
        self._dials.addWidget(self._pacer)
        dial_side = round(em * 12.5 * self._scale)
        self._dials.setMinimumSize(round(em * 8), round(em * 8))
        self._dials.setMaximumSize(dial_side * 2, dial_side * 2)
        self._dials.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        return self._dials

    def _build_controls(self, em: int) -> QHBoxLayout:
        def button(name: str, *words: str) -> QPushButton:
            made = make_button(self.font(), self._scale, *words)
            made.setObjectName(name)
            return made

        words = control_words()
        self.pain_button = button("painButton", *words["painButton"])
        self.back_button = button("backButton", *words["backButton"])
        self.pause_button = button("pauseButton", *words["pauseButton"])
        self.skip_button = button("skipButton", *words["skipButton"])
        self.stop_button = button("stopButton", *words["stopButton"])
        controls = QHBoxLayout()
        controls.setSpacing(round(em * 0.6))
        controls.addWidget(self.pain_button)
        controls.addStretch(1)
        for each in (self.back_button, self.pause_button, self.skip_button):
            controls.addWidget(each)
        controls.addSpacing(round(em * 0.6))
        controls.addWidget(self.stop_button)
        return controls

    # -- showing ------------------------------------------------------------------------------

    def show_runner(self, runner: SessionRunner) -> bool:
        """Show the runner's segment if it is not on screen yet; return whether it was new."""
        if runner.index == self._shown_index:
            return False
        self._shown_index = runner.index
        segment = runner.current
        following = runner.next_exercise()
        self._show_segment(
            segment,
            progress_text(segment, len(runner.routine.exercises)),
            tr("Next: {name}", name=following.name) if following else tr("Last one"),
        )
        self.show_paused(segment, runner.state is RunState.PAUSED)
        self.ease_button.setVisible(runner.can_ease())
        self._last_seconds = -1
        return True

    def forget_segment(self) -> None:
        """Redraw the segment on the next :meth:`show_runner` even if it is the same one."""
        self._shown_index = -1

    def _show_segment(self, segment: Segment, progress: str, following: str) -> None:
        """Show ``segment``'s words, art and dial; ``following`` is the "Next: ..." line."""
        exercise = segment.exercise
        self._title.setText(exercise.name)
        warned = segment.phase is Phase.READY and bool(exercise.warning)
        self._warning.show_warning(exercise.warning if warned else "")
        self._caption.show_exercise(exercise)
        self._progress.setText(progress)
        self._next.setText(following)
        self._phase.setText(segment.label)
        self._cue.setText(segment.cue)
        self.fit_cue()
        self._art.set_image(segment.step.illustration, mirrored=segment.side is Side.RIGHT)
        self._art.setAccessibleDescription(segment.cue)
        breathing = segment.phase in BREATHS
        self._dials.setCurrentWidget(self._pacer if breathing else self._ring)
        self.style_phase(segment, self.palette())

    def show_paused(self, segment: Segment, paused: bool) -> None:
        """Word the pause button, the ring and the phase's accessible name for ``paused``."""
        word = tr("Resume", "session button") if paused else tr("Pause", "session button")
        self.pause_button.setText(word)
        self.pause_button.setAccessibleName(word)
        self.pause_button.setAccessibleDescription(
            tr("Continue the countdown. Shortcut: Space.")
            if paused
            else tr("Pause the countdown. Shortcut: Space.")
        )
        self.pause_button.setToolTip(tr("Resume (Space)") if paused else tr("Pause (Space)"))
        self._ring.set_paused(paused)
        self._ring.set_caption(
            tr("Paused", "countdown") if paused else seconds_caption(self._ring.seconds())
        )
        phase = (
            tr("Phase: {phase} (paused)", phase=segment.label)
            if paused
            else tr("Phase: {phase}", phase=segment.label)
        )
        self._phase.setAccessibleName(phase)
        self._phase.setAccessibleDescription(segment.cue)

    def show_count(self, segment: Segment, remaining: float) -> int | None:
        """Draw ``remaining`` seconds of ``segment`` on its dial.

        Return the whole seconds shown when they just changed within the segment (None
        when unchanged, and on the segment's first draw, which the window announces anyway).
        """
        duration = max(1, segment.duration_s)
        seconds = max(0, math.ceil(remaining - 1e-6))
        fraction = remaining / duration
        if self._reduced_motion:
            fraction = seconds / duration
        breath = BREATHS.get(segment.phase)
        if breath is not None:
            self._pacer.set_breath(breath, 1.0 - remaining / duration, segment.label, seconds)
        else:
            self._ring.set_value(fraction, seconds)
            if not self._ring.is_paused():
                self._ring.set_caption(seconds_caption(seconds))  # "1 second", "2 seconds"
        if seconds == self._last_seconds:
            return None
        first = self._last_seconds < 0
        self._last_seconds = seconds
        target = self._pacer if breath is not None else self._ring
        target.setAccessibleDescription(
            trn(
                "{n} second left: {phase}",
                "{n} seconds left: {phase}",
                seconds,
                phase=segment.label,
            )
        )
        return None if first else seconds

    def apply_palette(self, palette: QPalette, segment: Segment) -> None:
        """Mute the secondary lines, colour the pain button and the phase for ``palette``."""
        for label in (self._progress, self._next):
            label.setPalette(muted_palette(palette))
        self.pain_button.setPalette(pain_palette(palette))
        self._warning.apply_palette(palette)
        self._caption.apply_palette(palette)
        self.style_phase(segment, palette)

    def style_phase(self, segment: Segment, palette: QPalette) -> None:
        """Colour the phase label, the ring and the pacer for ``segment``'s phase.

        ``palette`` is the window's: during a palette change the window hears of it before
        its children inherit it, so this screen's own palette may still be the old one.
        """
        colour = phase_colour(phase_look(segment), palette)
        tint = QColor(colour)
        tint.setAlphaF(0.15)
        em = self.fontMetrics().height()
        self._phase.setStyleSheet(
            "QLabel#phase {"
            f" color: {chip_text(colour, palette).name()};"
            f" background-color: rgba({tint.red()}, {tint.green()}, {tint.blue()}, 38);"
            f" border-radius: {round(em * 0.6)}px;"
            f" padding: {round(em * 0.2)}px {round(em * 0.7)}px;"
            " }"
        )
        self._ring.set_colour(colour)
        self._pacer.set_colour(colour)

    def fit_cue(self) -> None:
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
        if not self.ease_button.isHidden():
            room -= self.ease_button.sizeHint().height() + self._side_column.spacing()
        chosen = scaled_font(self.font(), CUE_SIZES[0] * self._scale, QFont.Weight.Normal)
        if width > 0 and room > 0:
            flags = int(Qt.TextFlag.TextWordWrap)
            for factor in CUE_SIZES:
                chosen = scaled_font(self.font(), factor * self._scale, QFont.Weight.Normal)
                needed = QFontMetrics(chosen).boundingRect(
                    QRect(0, 0, width, 100_000), flags, self._cue.text()
                )
                if needed.height() <= room:
                    break
        if chosen != self._cue.font():
            self._cue.setFont(chosen)
