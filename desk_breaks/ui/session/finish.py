"""The finish screen: a calm tick, how the session went, one optional question, and Close.

The question ("How does your neck feel now?") is one tap, answered at most once, and
never in the way of closing; "Rate today's comfort…" opens the daily journal when due.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desk_breaks.core.coach_types import Feeling
from desk_breaks.core.content import Routine, format_duration
from desk_breaks.core.engine import Outcome, SessionResult
from desk_breaks.core.i18n import N_, tr, trn
from desk_breaks.core.presentation import OUTCOME_WORDS
from desk_breaks.ui.session.choices import OneTap
from desk_breaks.ui.session.look import (
    PhaseLook,
    close_row,
    make_button,
    make_label,
    muted_palette,
    page_margins,
    phase_colour,
)


class DoneBadge(QWidget):
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


def finish_summary(routine: Routine, result: SessionResult, active_s: float) -> str:
    """Return the finish screen's sentence, in the history's words for the outcome.

    A completed session says so ("You did all 4 exercises in 3 min"). A partly done one is
    called that, as History calls it, and says how many exercises were done, or plainly
    that none was finished ("Partly done: no exercise was finished this time").
    """
    total = len(routine.exercises)
    done = len(result.exercises_done)
    elapsed = format_duration(max(0, round(active_s)))
    if result.outcome is Outcome.COMPLETED:
        if total == 1:
            return tr("You did the exercise in {time}.", time=elapsed)
        return tr("You did all {total} exercises in {time}.", total=total, time=elapsed)
    words = tr(OUTCOME_WORDS[result.outcome])
    if done:
        return trn(
            "{outcome}: you did {done} of {n} exercise in {time}.",
            "{outcome}: you did {done} of {n} exercises in {time}.",
            total,
            outcome=words,
            done=done,
            time=elapsed,
        )
    if total == 1:
        return tr(
            "{outcome}: the exercise was not finished this time, and that is fine.", outcome=words
        )
    return tr(
        "{outcome}: none of the {total} exercises was finished this time, and that is fine.",
        outcome=words,
        total=total,
    )


FEELING_QUESTION = N_("How does your neck feel now?")

FEELINGS = (
    (Feeling.BETTER, N_("Better"), N_("My neck feels better"), N_("Thanks. Good to hear.")),
    (Feeling.SAME, N_("The same"), N_("My neck feels the same"), N_("Thanks. Noted.")),
    (
        Feeling.WORSE,
        N_("Worse"),
        N_("My neck feels worse"),
        N_(
            "Thanks for saying. If an exercise keeps leaving you worse, "
            "the coach will ease it off or leave it out."
        ),
    ),
)
"""Each answer: its value, its button, its accessible name and the thanks that replaces them."""


class FinishScreen(QWidget):
    """Shows how a session went; :attr:`close_button` is for the window to connect.

    :attr:`feeling_chosen` carries the answer to the question (once), and
    :attr:`journal_button` is for the window to connect.
    """

    feeling_chosen = Signal(object)

    confirmed = Signal(str)
    """The thanks after the question was answered, to be said to screen readers."""

    def __init__(self, scale: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("finishPage")
        font = self.font()
        em = self.fontMetrics().height()
        layout = QVBoxLayout(self)
        page_margins(layout, em)
        layout.setSpacing(round(em * 0.8))
        layout.addStretch(5)
        badge = DoneBadge()
        layout.addWidget(badge, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(round(em * 0.4))
        self._title = make_label(font, 2.0 * scale, QFont.Weight.DemiBold)
        self._title.setObjectName("finishTitle")
        self._title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self._title)
        self._summary = make_label(font, 1.25 * scale, wrap=True)
        self._summary.setObjectName("finishSummary")
        self._summary.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self._summary)
        self._list: QLabel = make_label(font, 1.0 * scale, wrap=True)
        self._list.setObjectName("finishList")
        self._list.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self._list)
        self._day: QLabel = make_label(font, 1.0 * scale, wrap=True)
        self._day.setObjectName("finishDay")
        self._day.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._day.hide()
        layout.addSpacing(round(em * 0.3))
        layout.addWidget(self._day)
        layout.addSpacing(round(em * 0.8))
        self._question = make_label(font, 1.05 * scale, QFont.Weight.DemiBold, wrap=True)
        self._question.setObjectName("feelingQuestion")
        self._question.setText(tr(FEELING_QUESTION))
        self._question.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self._question)
        self._feelings = OneTap(font, scale, centred=True)
        self._feelings.setObjectName("feelingChoice")
        for feeling, text, name, thanks in FEELINGS:
            chosen = self._feelings.add(
                tr(text),
                feeling,
                tr(thanks),
                name=tr(name),
                description=tr(
                    "{question} {answer}. Optional.",
                    question=tr(FEELING_QUESTION),
                    answer=tr(text),
                ),
            )
            chosen.setObjectName(f"feeling{feeling.name.capitalize()}")
        self._feelings.confirmation.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self._feelings.confirmed.connect(self.confirmed)
        self._feelings.chosen.connect(self.feeling_chosen)
        layout.addWidget(self._feelings)
        journal_row = QHBoxLayout()
        journal_row.addStretch(1)
        self.journal_button: QPushButton = make_button(
            font,
            scale * 0.95,
            tr("Rate today's comfort…"),
            tr("Rate today's comfort"),
            tr("Open the daily comfort journal: a rating from 0 to 10 and a note, both optional."),
            tr("Rate today's comfort from 0 to 10"),
        )
        self.journal_button.setObjectName("journalButton")
        journal_row.addWidget(self.journal_button)
        journal_row.addStretch(1)
        layout.addLayout(journal_row)
        layout.addStretch(6)
        _, self._close = close_row(layout, font, scale, "finishClose", centred=True)
        self._feelings.focus_after = self._close

    @property
    def close_button(self) -> QPushButton:
        """The Close button (the window connects it and gives it focus)."""
        return self._close

    def heading(self) -> str:
        """The screen's title as shown ("Well done" or "That's all for now")."""
        return self._title.text()

    def show_result(
        self,
        routine: Routine,
        result: SessionResult,
        active_s: float,
        *,
        ask_feeling: bool = False,
        journal_due: bool = False,
    ) -> str:
        """Fill the screen from ``result``; return the text to announce to screen readers.

        ``ask_feeling`` asks how the neck feels (only after at least one exercise);
        ``journal_due`` offers the daily comfort rating.
        """
        summary = finish_summary(routine, result, active_s)
        self._title.setText(tr("Well done") if result.exercises_done else tr("That's all for now"))
        self._summary.setText(summary)
        names = [ex.name for ex in routine.exercises if ex.id in result.exercises_done]
        self._list.setText(" · ".join(names))
        self._list.setVisible(bool(names))
        asking = ask_feeling and bool(result.exercises_done)
        self._question.setVisible(asking)
        self._feelings.setVisible(asking)
        self.journal_button.setVisible(journal_due)
        said = tr("{title}. {summary}", title=self._title.text(), summary=summary)
        if asking:
            said += " " + tr(
                "{question} Better, the same or worse: optional.", question=tr(FEELING_QUESTION)
            )
        return said

    def show_day(self, text: str) -> str:
        """Show the line about the day ("3 sessions today · 5 working days in a row ...").

        Return it as a sentence for screen readers ("" when there is none).
        """
        text = text.strip()
        self._day.setText(text)
        self._day.setVisible(bool(text))
        if not text:
            return ""
        spoken = text.replace(" · ", ". ")
        return spoken if spoken.endswith(".") else spoken + "."

    def day_line(self) -> str:
        """The line about the day as shown ("" when none)."""
        return self._day.text() if self._day.isVisibleTo(self) else ""

    def apply_palette(self, palette: QPalette) -> None:
        """Mute the list of exercises done against ``palette`` (the window's)."""
        self._list.setPalette(muted_palette(palette))
        self._feelings.apply_palette(palette)
