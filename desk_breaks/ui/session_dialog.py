"""The guided session window: one step at a time, with a countdown, art and gentle controls.

The dialog drives a :class:`~desk_breaks.core.session.SessionRunner` and never counts time
itself: one precise single-shot timer is armed for the runner's next deadline (phase
changes), and a frame timer redraws the ring or the breathing pacer about 30 times a
second, only while the window is visible and the session is running. Every number shown
comes from the runner (:meth:`~SessionRunner.remaining_s`, :meth:`~SessionRunner.active_s`),
so a late timer never makes the count drift.

The window is the controller; what it shows are four screens, each its own widget in
:mod:`desk_breaks.ui.session`: the "Before you begin" preface (only when the plan has
notes or needs; the clock waits for Begin), the exercise screen, the finish screen and the
safety screen.

The person's answers leave as signals for the app's coach: :attr:`feeling_chosen`,
:attr:`choice_made` (an exercise and an :class:`~desk_breaks.core.coach_types.Action`) and
:attr:`journal_requested`. None of them changes the result already reported.

The session ends with :attr:`SessionDialog.session_finished`, emitted exactly once with the
core :class:`~desk_breaks.core.engine.SessionResult` as soon as the outcome is known: when
the last exercise ends, when the person stops for pain, or when the window closes mid-way.
The finish and safety screens stay up for the person to read; closing them reports nothing
more, so someone who walks away never leaves the schedule waiting on an open window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from desk_breaks import APP_NAME
from desk_breaks.core.clock import Clock
from desk_breaks.core.coach_types import SessionPlan
from desk_breaks.core.content import Safety
from desk_breaks.core.i18n import tr
from desk_breaks.core.session import RunState, SessionRunner
from desk_breaks.ui.art import Illustrations
from desk_breaks.ui.session.look import place_window, window_shortcut
from desk_breaks.ui.session.notes import gentler_text
from desk_breaks.ui.session.pages import Screen, SessionPages
from desk_breaks.ui.session.preface import has_preface, preface_spoken
from desk_breaks.ui.session.timing import SessionTimers
from desk_breaks.ui.session.voice import Voice, count_text
from desk_breaks.ui.session.window import SessionWindow
from desk_breaks.ui.sound import Cue, CuePlayer

COMPACT_SIZE = QSize(720, 520)
"""The window's size when it is not full screen."""


class SessionDialog(SessionWindow):
    """Guides one session of a routine, step by step.

    Create it, connect :attr:`session_finished`, then call :meth:`begin`. The dialog is not
    modal and never calls ``exec()``.
    """

    def __init__(
        self,
        plan: SessionPlan,
        clock: Clock,
        illustrations: Illustrations,
        safety: Safety,
        *,
        ask_feeling: bool = False,
        journal_due: bool = False,
        reduced_motion: bool = False,
        full_screen: bool = False,
        cues: CuePlayer | None = None,
        day_text: Callable[[], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Build the window for ``plan``; nothing starts until :meth:`begin`.

        ``day_text`` is asked, once the result is reported, for the finish screen's line
        about the day (today's count, the streak, what comes next).
        """
        super().__init__(parent)
        routine = plan.routine
        self._day_text = day_text
        self._plan = plan
        self._ask_feeling = ask_feeling
        self._journal_due = journal_due
        cues = cues if cues is not None else CuePlayer(tr("no cue player was given"))
        self._voice = Voice(self, cues, self.announced.emit)
        self._clock = clock
        self._reduced_motion = reduced_motion
        self._full_screen = full_screen
        self._runner = SessionRunner(routine, clock)
        self._screen = Screen.SESSION
        self._begun = False
        self._emitted = False

        self.setWindowTitle(tr("{routine} · {app}", routine=routine.name, app=APP_NAME))
        self.setObjectName("sessionDialog")
        self.setAccessibleName(tr("{routine} session", routine=routine.name))
        self.setAccessibleDescription(tr("A guided exercise session, one step at a time."))

        self._timers = SessionTimers(
            self, reduced_motion=reduced_motion, on_deadline=self.tick, on_frame=self._refresh_frame
        )

        self._build(illustrations, safety)
        self._pages.preface.show_plan(plan)
        # Space is no shortcut: a focused button ("This hurts", "Make it easier") takes it
        # first, and only a Space nothing took pauses (keyPressEvent).
        self._shortcuts = [
            window_shortcut(self, Qt.Key.Key_Right, self.skip_exercise),
            window_shortcut(self, Qt.Key.Key_Left, self.back),
        ]
        self._pages.apply_palette(self.palette(), self._runner.current)
        self._show_segment()
        self._refresh_frame()

    # -- public driving -----------------------------------------------------------------------

    def begin(self) -> None:
        """Show the window on the screen under the mouse and start the session.

        With something to say first (the plan's notes or needs), show the preface instead;
        the session starts at its Begin button (:meth:`start_session`).
        """
        if self._begun:
            return
        self._begun = True
        if has_preface(self._plan):
            self._show_screen(Screen.PREFACE)
            place_window(self, self._full_screen, COMPACT_SIZE)
            self._pages.preface.begin_button.setFocus(Qt.FocusReason.OtherFocusReason)
            self._voice.announce(preface_spoken(self._plan))
            return
        place_window(self, self._full_screen, COMPACT_SIZE)
        self._start()

    @Slot()
    def start_session(self) -> None:
        """Leave the preface and start the session's clock (Begin)."""
        if self._screen is Screen.PREFACE:
            self._show_screen(Screen.SESSION)
            self._start()

    def use_plan(self, plan: SessionPlan) -> None:
        """Run ``plan``'s routine instead, if the session has not started yet.

        For the app after a choice on the preface (e.g. "Keep 20 s"), so the session that
        follows already has the dose chosen. The preface stays as it is.
        """
        if self._runner.state is not RunState.READY:
            return
        self._plan = plan
        self._runner = SessionRunner(plan.routine, self._clock)
        self._steps.forget_segment()
        self._steps.show_runner(self._runner)  # said when the session starts

    def _start(self) -> None:
        self._runner.start()
        self._show_segment()
        self._steps.pause_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._arm()
        self._update_timers()
        self._voice.phase_changed(self._runner)
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
        elif self._runner.state is RunState.RUNNING:
            self._runner.pause()
        else:
            return
        self._arm()
        self._update_timers()
        paused = self._runner.state is RunState.PAUSED
        self._steps.show_paused(self._runner.current, paused)
        self._voice.announce(
            tr("Paused.") if paused else tr("Resumed. {count}", count=count_text(self._runner))
        )
        self._refresh_frame()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Space that no focused button took pauses or resumes (once per press)."""
        if event.key() == Qt.Key.Key_Space and self._screen is Screen.SESSION:
            event.accept()
            if not event.isAutoRepeat() and not event.modifiers():
                self.toggle_pause()
            return
        super().keyPressEvent(event)

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
    def ease_current(self) -> None:
        """Switch this exercise to its gentler version for the rest of the session."""
        if self._screen is not Screen.SESSION or not self._runner.ease_current():
            return
        if self._steps.ease_button.hasFocus():  # it is going: keep the keyboard on the controls
            self._steps.pause_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._steps.forget_segment()
        self._steps.show_runner(self._runner)
        self._arm()
        self._update_timers()
        self._voice.phase_changed(self._runner, lead=gentler_text(self._runner.current.exercise))
        self._refresh_frame()

    @Slot()
    def stop(self) -> None:
        """End the session early and close the window."""
        self.close()

    @Slot()
    def stop_for_pain(self) -> None:
        """End the session because something hurts, and show the safety guidance.

        From the preface too (``desk-breaks stop --hurt`` before Begin): the advice shows,
        and no exercise is blamed, since none ran.
        """
        if self._screen not in (Screen.SESSION, Screen.PREFACE):
            return
        running = self._screen is Screen.SESSION
        stopped_at = self._runner.current.exercise if running else None
        self._runner.stop_for_pain()
        offered = self._pages.safety.offer_choices(stopped_at)
        self._show_screen(Screen.SAFETY)
        self._voice.announce(f"{self._pages.safety.spoken()} {offered}".strip())
        self._report()

    def _build(self, illustrations: Illustrations, safety: Safety) -> None:
        self._pages = SessionPages(
            illustrations,
            safety,
            full_screen=self._full_screen,
            reduced_motion=self._reduced_motion,
            parent=self,
        )
        self._steps = self._pages.exercise
        self._steps.pain_button.clicked.connect(self.stop_for_pain)
        self._steps.back_button.clicked.connect(self.back)
        self._steps.pause_button.clicked.connect(self.toggle_pause)
        self._steps.skip_button.clicked.connect(self.skip_exercise)
        self._steps.stop_button.clicked.connect(self.stop)
        self._steps.ease_button.clicked.connect(self.ease_current)
        finish, safety_screen, preface = self._pages.finish, self._pages.safety, self._pages.preface
        finish.close_button.clicked.connect(self.close)
        finish.feeling_chosen.connect(self.feeling_chosen)
        finish.journal_button.clicked.connect(self.journal_requested)
        safety_screen.close_button.clicked.connect(self.close)
        safety_screen.choice_made.connect(self.choice_made)
        preface.choice_made.connect(self.choice_made)
        for screen in (finish, safety_screen, preface):
            screen.confirmed.connect(self._voice.announce)
        preface.begin_button.clicked.connect(self.start_session)
        preface.not_now_button.clicked.connect(self.close)
        self._pages.fill(self, full_screen=self._full_screen)

    # -- showing ------------------------------------------------------------------------------

    def _show_segment(self) -> None:
        """Show the current segment (cheap when nothing changed); announce a new one."""
        if self._steps.show_runner(self._runner) and self._begun:
            self._voice.phase_changed(self._runner)

    def _state(self) -> RunState:
        # A call, so type checkers do not keep the narrowing from before a runner call.
        return self._runner.state

    def _refresh_frame(self) -> None:
        """Redraw the ring or the pacer from the runner's clock."""
        if self._screen is not Screen.SESSION:
            return
        deadline = self._runner.deadline()
        if deadline is not None and self._clock.monotonic() >= deadline:
            self.tick()
            return
        changed = self._steps.show_count(self._runner.current, self._runner.remaining_s())
        if changed is not None:
            self._voice.count_changed(self._runner, changed)

    def _after_jump(self) -> None:
        if self._runner.state is RunState.FINISHED:
            self._show_finish()
            return
        self._steps.forget_segment()
        self._show_segment()
        self._arm()
        self._update_timers()
        self._refresh_frame()

    def _show_finish(self) -> None:
        said = self._pages.finish.show_result(
            self._runner.routine,
            self._runner.result(),
            self._runner.active_s(),
            ask_feeling=self._ask_feeling,
            journal_due=self._journal_due,
        )
        self._show_screen(Screen.FINISHED)
        self._voice.cues.play(Cue.END)
        # Reported first, so the day's count the app gives includes this session.
        self._report()
        if self._day_text is not None:
            said = f"{said} {self._pages.finish.show_day(self._day_text())}".strip()
        self._voice.announce(said)
