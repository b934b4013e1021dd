"""The welcome: what Desk Breaks does, a short safety check, and what the answers change.

Three pages in one window: (a) what the app does and the not-medical-advice statement
(for someone who upgraded, what is new instead of a first hello), (b) the safety check's
yes/no questions from the content, none answered beforehand, and (c) what the coach would
change for these answers, with the calm advice to see a professional first when any answer
is yes. "Done" records the answers; "Skip for now", or closing the window, records a skip,
so the welcome is never shown again unasked (Settings → Coach opens it again).

Opened again from Settings (``start_at_questions``) after an earlier answer, the window
starts at the questions with the earlier answers chosen, and closing it, or "Cancel",
keeps them: only "Done" replaces them.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk_breaks import APP_NAME
from desk_breaks.core.coach_api import CoachPort
from desk_breaks.core.content import Question
from desk_breaks.core.i18n import N_, tr, trn
from desk_breaks.ui.calm import CalmWindow, bullets, button, choice, info_colour, label, panel

YES, NO = 1, 0
"""The ids of the Yes and No buttons in each question's group."""

INTRO_POINTS = (
    N_("Guided sessions of a few minutes at the times you choose, and short check-ins in between."),
    N_(
        "It is a coach: after a session it asks, lightly, how your neck feels. An answer is "
        "always optional."
    ),
    N_(
        "When things go well, holds grow slowly, a few seconds at a time. An exercise that hurts "
        "gets a gentler version, or is left out."
    ),
    N_(
        "If your neck does not improve, or gets worse, it says so and suggests seeing a "
        "professional."
    ),
)
"""The intro's points, in English (translated on use)."""


def _page() -> tuple[QWidget, QVBoxLayout]:
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(12)
    return page, column


def _scrolling(content: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.viewport().setAutoFillBackground(False)
    content.setAutoFillBackground(False)
    return scroll


class QuestionBox(QGroupBox):
    """One safety-check question: its text and a Yes and a No, neither chosen at first."""

    def __init__(self, question: Question, number: int, count: int) -> None:
        super().__init__()
        self.question = question
        self.setObjectName("question")
        self.setAccessibleName(question.text)
        self.setAccessibleDescription(
            tr("Question {number} of {count}. Answer yes or no.", number=number, count=count)
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 12, 12, 12)
        row.setSpacing(8)
        text = label(question.text)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        row.addWidget(text, 1)
        self.group = QButtonGroup(self)
        self.yes = choice(tr("Yes"), tr("Yes"), question.text)
        self.no = choice(tr("No"), tr("No"), question.text)
        for answer, widget in ((YES, self.yes), (NO, self.no)):
            self.group.addButton(widget, answer)
            row.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)

    def answer(self) -> bool | None:
        """True for yes, False for no, None while unanswered."""
        checked = self.group.checkedId()
        return None if checked < 0 else checked == YES

    def set_answer(self, yes: bool) -> None:
        """Choose Yes or No."""
        (self.yes if yes else self.no).setChecked(True)


class WelcomeWindow(CalmWindow):
    """The welcome and safety check; ``finished`` is emitted once, however it ends."""

    finished = Signal()

    def __init__(
        self,
        coach: CoachPort,
        *,
        existing_user: bool,
        start_at_questions: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            tr("What's new in {app}", app=APP_NAME)
            if existing_user
            else tr("Welcome to {app}", app=APP_NAME),
            parent,
        )
        self._coach = coach
        self._done = False
        self.questions = coach.safety.screening
        earlier = coach.view().screening
        self.reviewing = start_at_questions and earlier is not None
        """Opened again after an earlier answer: closing keeps that answer."""
        self.answers_shown: Mapping[str, bool] = {}
        """The answers page (c) was made for."""

        self.pages = QStackedWidget()
        self.intro_page = self._intro_page(existing_user)
        self.check_page = self._check_page()
        self.result_page, self._result_column = _page()
        for page in (self.intro_page, self.check_page, self.result_page):
            self.pages.addWidget(page)

        self.skip_button = button(tr("Cancel") if self.reviewing else tr("&Skip for now"), "link")
        if self.reviewing:
            self.skip_button.setAccessibleName(tr("Cancel: keep the earlier answers"))
        self.back_button = button(tr("&Back"))
        self.progress = label("", "muted")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.next_button = button(tr("&Continue"), "primary")
        self.skip_button.clicked.connect(self.skip)
        self.back_button.clicked.connect(self._back)
        self.next_button.clicked.connect(self._next)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.skip_button)
        row.addStretch(1)
        row.addWidget(self.progress)
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(16)
        layout.addWidget(self.pages, 1)
        layout.addLayout(row)

        if self.reviewing and earlier is not None and earlier.answers is not None:
            for box in self.boxes:
                if box.question.id in earlier.answers:
                    box.set_answer(earlier.answers[box.question.id])
        self.resize(620, 600)
        self.restyle()
        self._go(1 if start_at_questions and self.questions else 0)

    # -- the pages -------------------------------------------------------------------------

    def _intro_page(self, existing_user: bool) -> QWidget:
        page, column = _page()
        if existing_user:
            column.addWidget(label(tr("What's new"), "step"))
            column.addWidget(label(tr("Desk Breaks is now a coach that listens"), "title"))
            lead = tr(
                "Your schedule, routines and history stay as they are. What is new: Desk "
                "Breaks now adapts your sessions to how your neck feels."
            )
        else:
            column.addWidget(label(tr("Welcome"), "step"))
            column.addWidget(label(tr("Short, guided breaks for your neck and back"), "title"))
            lead = tr(
                "Desk Breaks sits quietly in the tray and offers a short guided session when "
                "one is due. Start it, snooze it or skip it: it never insists."
            )
        column.addWidget(label(lead, "lead"))
        card = panel("card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(16, 14, 16, 10)
        self.intro_points = label("", rich=True)
        self.intro_points.setAccessibleName(" ".join(tr(p) for p in INTRO_POINTS))
        inner.addWidget(self.intro_points)
        column.addWidget(card)
        count = len(self.questions)
        if count:
            ahead = trn(
                "Next: {n} short yes/no question about your neck, so the plan fits you. "
                "Your answers stay on this computer.",
                "Next: {n} short yes/no questions about your neck, so the plan fits you. "
                "Your answers stay on this computer.",
                count,
            )
            column.addWidget(label(ahead))
        column.addStretch(1)
        self.disclaimer = label(self._coach.safety.disclaimer, "muted")
        column.addWidget(self.disclaimer)
        return page

    def _check_page(self) -> QWidget:
        page, column = _page()
        column.addWidget(label(tr("Safety check"), "step"))
        column.addWidget(label(tr("A few questions about your neck"), "title"))
        column.addWidget(
            label(
                tr(
                    "Answer each one for your neck as it is now. You can change the answers "
                    "later in Settings, on the Coach page."
                ),
                "muted",
            )
        )
        content = QWidget()
        questions = QVBoxLayout(content)
        questions.setContentsMargins(0, 4, 0, 4)
        questions.setSpacing(8)
        self.boxes = [
            QuestionBox(q, n, len(self.questions)) for n, q in enumerate(self.questions, 1)
        ]
        for box in self.boxes:
            box.group.idToggled.connect(self._answered)
            questions.addWidget(box)
        questions.addStretch(1)
        column.addWidget(_scrolling(content), 1)
        return page

    def _fill_result(self) -> None:
        column = self._result_column
        while column.count():
            item = column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        answers = self.answers()
        self.answers_shown = answers
        yes = [q for q in self.questions if answers.get(q.id)]
        column.addWidget(label(tr("Your plan"), "step"))
        title = tr("Before you carry on") if yes else tr("You're all set")
        self.result_title = label(title, "title")
        column.addWidget(self.result_title)
        card = panel("card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(16, 14, 16, 10)
        self.tailoring = label("", rich=True)
        self.tailoring.setProperty("points", list(self._coach.tailoring(answers)))
        inner.addWidget(self.tailoring)
        column.addWidget(card)
        self.advice: QLabel | None = None
        if yes:
            info = panel("info")
            box = QVBoxLayout(info)
            box.setContentsMargins(16, 12, 16, 8)
            box.setSpacing(6)
            box.addWidget(label(tr("We suggest seeing a professional first"), "lead"))
            box.addWidget(
                label(
                    tr(
                        "A doctor or physiotherapist can tell you which movements suit you. "
                        "Until then, Desk Breaks keeps to the gentle ones."
                    )
                )
            )
            self.advice = label("", rich=True)
            self.advice.setProperty("points", [q.advice for q in yes])
            box.addWidget(self.advice)
            column.addWidget(info)
        column.addStretch(1)
        column.addWidget(label(tr("You can review these answers any time in Settings."), "muted"))
        self.palette_changed()

    # -- moving between pages --------------------------------------------------------------

    def current(self) -> int:
        """The page showing: 0 about, 1 questions, 2 what the answers change."""
        return self.pages.currentIndex()

    def _go(self, index: int) -> None:
        if index == 2:
            self._fill_result()
        self.pages.setCurrentIndex(index)
        self.skip_button.setVisible(index < 2)
        self.back_button.setVisible(index > 0)
        self.next_button.setText(tr("&Done") if index == 2 else tr("&Continue"))
        self.next_button.setAccessibleName(
            tr("Done: save the answers and close") if index == 2 else tr("Continue")
        )
        self.next_button.setDefault(True)
        self._answered()
        if index == 1 and self.boxes:
            first = next((b for b in self.boxes if b.answer() is None), self.boxes[0])
            first.group.buttons()[0].setFocus()
            self.announce(
                trn(
                    "A few questions about your neck. {n} question, yes or no.",
                    "A few questions about your neck. {n} questions, yes or no.",
                    len(self.boxes),
                )
            )
        else:
            self.next_button.setFocus()
            if index == 2:
                self.announce(
                    tr(
                        "{title}. {points}",
                        title=self.result_title.text(),
                        points=" ".join(self._result_points()),
                    )
                )

    def _answered(self, *_: object) -> None:
        on_check = self.current() == 1
        done = sum(box.answer() is not None for box in self.boxes)
        self.progress.setVisible(on_check)
        self.progress.setText(
            trn("{done} of {n} answered", "{done} of {n} answered", len(self.boxes), done=done)
        )
        self.next_button.setEnabled(not on_check or done == len(self.boxes))

    def _result_points(self) -> list[str]:
        points = list(self.tailoring.property("points") or [])
        if self.advice is not None:
            points += list(self.advice.property("points") or [])
        return points

    def _next(self) -> None:
        index = self.current()
        if index == 0:
            self._go(1 if self.questions else 2)
        elif index == 1:
            if all(box.answer() is not None for box in self.boxes):
                self._go(2)
        else:
            self._finish(self.answers())

    def _back(self) -> None:
        index = self.current()
        self._go(index - 1 if index == 1 or self.questions else 0)

    # -- the answers -----------------------------------------------------------------------

    def answers(self) -> dict[str, bool]:
        """The answers given so far, by question id (unanswered questions left out)."""
        found: dict[str, bool] = {}
        for box in self.boxes:
            answer = box.answer()
            if answer is not None:
                found[box.question.id] = answer
        return found

    def skip(self) -> None:
        """Close without answering: a skip (or, when reviewing, keep the earlier answers)."""
        self.close()

    def _finish(self, answers: Mapping[str, bool] | None) -> None:
        if self._done:
            return
        self._done = True
        if answers is not None or not self.reviewing:
            self._coach.answer_screening(answers)
        self.finished.emit()
        self.accept()

    def done(self, result: int) -> None:
        """However the window closes (Esc, the title bar, Skip), the check counts as skipped."""
        if not self._done:
            self._finish(None)
            return
        super().done(result)

    # -- looks -----------------------------------------------------------------------------

    def palette_changed(self) -> None:
        """Colour the bullets for the palette."""
        if not hasattr(self, "intro_points"):
            return
        em = self.fontMetrics().height()
        blue = info_colour(self)
        self.intro_points.setText(bullets([tr(p) for p in INTRO_POINTS], blue, em))
        for points_label in (getattr(self, "tailoring", None), getattr(self, "advice", None)):
            if points_label is not None:
                points = [str(p) for p in points_label.property("points") or []]
                points_label.setText(bullets(points, blue, em))
                points_label.setAccessibleName(" ".join(points))
