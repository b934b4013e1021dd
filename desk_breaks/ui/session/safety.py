"""The safety screen: what to do after stopping for pain or dizziness, from the content.

Below the guidance, two one-tap choices about the exercise stopped at: "Use the gentler
version" (when it has one and was not already eased) and "Leave this exercise out".
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk_breaks.core.coach_types import Action
from desk_breaks.core.content import Exercise, Safety
from desk_breaks.core.i18n import tr
from desk_breaks.ui.session.choices import OneTap
from desk_breaks.ui.session.look import (
    Card,
    PhaseLook,
    close_row,
    make_label,
    muted_palette,
    page_margins,
    phase_colour,
    scroll_column,
)


class SafetyScreen(QWidget):
    """Shows the safety guidance (stop now, ease off, seek help) in a scrolling column.

    :attr:`close_button` is for the window to connect; :meth:`offer_choices` adds the
    choices about the exercise stopped at.
    """

    confirmed = Signal(str)
    """The words confirming a choice, to be said to screen readers."""

    choice_made = Signal(str, object)
    """(exercise id, :class:`Action`) when a choice about the exercise stopped at is made."""

    def __init__(self, safety: Safety, scale: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("safetyPage")
        font = self.font()
        em = self.fontMetrics().height()
        layout = QVBoxLayout(self)
        page_margins(layout, em)
        layout.setSpacing(round(em * 0.9))

        self._title = make_label(font, 1.6 * scale, QFont.Weight.DemiBold, wrap=True)
        self._title.setObjectName("safetyTitle")
        self._title.setText(safety.stop_title)
        now = safety.stop_now
        self._spoken = f"{safety.stop_title}. {now.heading}: {' '.join(now.points)}"
        layout.addWidget(self._title)

        scroll, column = scroll_column("safety", round(em * 0.9))
        self._lists: list[QLabel] = []
        for name, group, factor in (
            ("safetyStopNow", safety.stop_now, 1.12),
            ("safetyEaseOff", safety.ease_off, 1.0),
            ("safetySeekHelp", safety.seek_help, 1.0),
        ):
            heading = make_label(font, 1.0 * scale, QFont.Weight.DemiBold, wrap=True)
            heading.setObjectName(f"{name}Heading")
            heading.setText(group.heading)
            points_label = make_label(font, factor * scale, wrap=True)
            points_label.setObjectName(name)
            points_label.setTextFormat(Qt.TextFormat.RichText)
            points_label.setProperty("points", list(group.points))
            points_label.setAccessibleName(f"{group.heading}: {' '.join(group.points)}")
            points_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            self._lists.append(points_label)
            block = QVBoxLayout()
            block.setContentsMargins(0, 0, 0, 0)
            block.setSpacing(round(em * 0.35))
            block.addWidget(heading)
            block.addWidget(points_label)
            if name == "safetySeekHelp":
                help_panel = Card(tinted=True)
                help_panel.setLayout(block)
                pad = round(em * 0.8)
                block.setContentsMargins(pad, round(pad * 0.8), pad, round(pad * 0.8))
                column.addWidget(help_panel)
            else:
                column.addLayout(block)
        self._disclaimer = make_label(font, 0.92 * scale, wrap=True)
        self._disclaimer.setObjectName("disclaimer")
        self._disclaimer.setText(safety.disclaimer)
        column.addWidget(self._disclaimer)
        column.addStretch(1)

        layout.addWidget(scroll, 1)

        self._about = make_label(font, 1.0 * scale, QFont.Weight.DemiBold, wrap=True)
        self._about.setObjectName("safetyChoiceAbout")
        self._about.hide()
        layout.addWidget(self._about)
        row, self._close = close_row(layout, font, scale, "safetyClose", centred=False)
        self._font, self._scale = font, scale
        self._choices: OneTap | None = None
        self._row = row

    @property
    def close_button(self) -> QPushButton:
        """The Close button (the window connects it and gives it focus)."""
        return self._close

    def heading(self) -> str:
        """The screen's title, from the safety content."""
        return self._title.text()

    def offer_choices(self, exercise: Exercise | None) -> str:
        """Offer the choices about ``exercise`` (the one stopped at); return what to say.

        Nothing is offered without an exercise; "Use the gentler version" only when the
        exercise has one and was not already eased.
        """
        if exercise is None or self._choices is not None:
            return ""
        name = exercise.name
        choices = OneTap(self._font, self._scale)
        choices.setObjectName("safetyChoice")
        choices.focus_after = self._close
        gentler = exercise.regression is not None and not exercise.eased
        if gentler:
            gentler_button = choices.add(
                tr("Use the gentler version"),
                Action.USE_GENTLER,
                tr("{name}: the gentler version from your next session.", name=name),
                name=tr("Use the gentler version of {name}", name=name),
            )
            gentler_button.setObjectName("useGentlerButton")
        leave = choices.add(
            tr("Leave this exercise out"),
            Action.LEAVE_OUT,
            tr(
                "{name} is left out from your next session. You can bring it back later.",
                name=name,
            ),
            name=tr("Leave {name} out", name=name),
        )
        leave.setObjectName("leaveOutButton")
        choices.apply_palette(self.palette())
        self._row.insertWidget(0, choices, 1)
        self._row.setStretch(1, 0)  # the choices, not a gap, take the room before Close
        self._choices = choices
        choices.confirmed.connect(self.confirmed)
        choices.chosen.connect(lambda action: self.choice_made.emit(exercise.id, action))
        self._about.setText(tr("For next time, {name}:", name=name))
        self._about.show()
        if gentler:
            return tr(
                "For next time, {name}: use the gentler version or leave this exercise out.",
                name=name,
            )
        return tr("For next time, {name}: leave this exercise out.", name=name)

    def spoken(self) -> str:
        """What screen readers hear when this screen opens: the title and what to do now."""
        return self._spoken

    def apply_palette(self, palette: QPalette) -> None:
        """Mute the disclaimer and colour the bullets against ``palette`` (the window's)."""
        self._disclaimer.setPalette(muted_palette(palette))
        if self._choices is not None:
            self._choices.apply_palette(palette)
        self._fill_lists(phase_colour(PhaseLook.HOLD, palette))

    def _fill_lists(self, bullet: QColor) -> None:
        """Write the safety points as bulleted lists with hanging indents."""
        em = self.fontMetrics().height()
        for points_label in self._lists:
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
