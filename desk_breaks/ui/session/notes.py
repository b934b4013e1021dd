"""What the exercise screen says besides the step: the warning card and the caption.

The warning card shows an exercise's ``warning`` in the caution colour during its
get-ready, before the first hold. The caption, under the art, is quiet: the gentler
version's cue once eased, the tempo of a hold exercise and one common mistake.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desk_breaks.core.content import Exercise
from desk_breaks.core.i18n import N_, tr
from desk_breaks.ui.session.look import (
    Card,
    PhaseLook,
    caution_colour,
    make_label,
    muted_palette,
    phase_colour,
)

WARNING_HEADING = N_("Before you start")


def caption_text(exercise: Exercise) -> str:
    """Return the quiet lines under the art: the tempo (holds) and one common mistake.

    The mistake is the exercise's first: the files list the most important one first.
    """
    lines: list[str] = []
    if exercise.hold is not None and exercise.hold.tempo:
        lines.append(tr("Tempo: {tempo}", tempo=exercise.hold.tempo))
    if exercise.mistakes:
        lines.append(tr("Watch for: {mistake}", mistake=exercise.mistakes[0]))
    return "\n".join(lines)


def gentler_text(exercise: Exercise) -> str:
    """Return "Gentler version: ..." for an eased exercise ("" otherwise)."""
    if exercise.eased and exercise.regression is not None:
        return tr("Gentler version: {cue}", cue=exercise.regression.cue)
    return ""


def _coloured(palette: QPalette, colour_of: PhaseLook | None) -> QPalette:
    own = QPalette(palette)
    colour = caution_colour(palette) if colour_of is None else phase_colour(colour_of, palette)
    own.setColor(QPalette.ColorRole.WindowText, colour)
    return own


class WarningCard(Card):
    """A card in the caution colour holding an exercise's warning (named ``warningCard``)."""

    def __init__(self, font: QFont, scale: float, parent: QWidget | None = None) -> None:
        super().__init__(parent, tinted=True)
        self.setObjectName("warningCard")
        em = self.fontMetrics().height()
        inner = QVBoxLayout(self)
        pad = round(em * 0.7)
        inner.setContentsMargins(pad, round(pad * 0.7), pad, round(pad * 0.7))
        inner.setSpacing(round(em * 0.2))
        self._heading = make_label(font, 1.0 * scale, QFont.Weight.DemiBold)
        self._heading.setObjectName("warningHeading")
        self._heading.setText(tr(WARNING_HEADING))
        self._text = make_label(font, 1.05 * scale, wrap=True)
        self._text.setObjectName("warning")
        inner.addWidget(self._heading)
        inner.addWidget(self._text)
        self.hide()

    def show_warning(self, warning: str) -> None:
        """Show ``warning``, or hide the card when it is empty."""
        self._text.setText(warning)
        self.setAccessibleName(tr("Caution: {warning}", warning=warning) if warning else "")
        self.setVisible(bool(warning))

    def apply_palette(self, palette: QPalette) -> None:
        """Colour the heading in the caution colour of ``palette``."""
        self._heading.setPalette(_coloured(palette, None))


class Caption(QWidget):
    """The quiet lines under the art (the gentler version, the tempo, one mistake)."""

    def __init__(self, font: QFont, scale: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(round(self.fontMetrics().height() * 0.3))
        self._gentler = make_label(font, 1.0 * scale, wrap=True)
        self._gentler.setObjectName("gentler")
        self._tips = make_label(font, 0.92 * scale, wrap=True)
        self._tips.setObjectName("tips")
        layout.addWidget(self._gentler)
        layout.addWidget(self._tips)

    def show_exercise(self, exercise: Exercise) -> None:
        """Fill the lines for ``exercise``; hide the caption when it has nothing to say."""
        gentler, tips = gentler_text(exercise), caption_text(exercise)
        self._gentler.setText(gentler)
        self._gentler.setVisible(bool(gentler))
        self._tips.setText(tips)
        self._tips.setVisible(bool(tips))
        self.setVisible(bool(gentler or tips))

    def apply_palette(self, palette: QPalette) -> None:
        """Mute the tips and colour the gentler line in the calm green of ``palette``."""
        self._tips.setPalette(muted_palette(palette))
        self._gentler.setPalette(_coloured(palette, PhaseLook.RELAX))
