"""The safety screen: what to do after stopping for pain or dizziness, from the content."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk_breaks.core.content import Safety
from desk_breaks.ui.session.look import (
    Card,
    Flow,
    PhaseLook,
    make_button,
    make_label,
    muted_palette,
    page_margins,
    phase_colour,
)


class SafetyScreen(QWidget):
    """Shows the safety guidance (stop now, ease off, seek help) in a scrolling column.

    :attr:`close_button` is for the window to connect.
    """

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

        content = Flow()
        content.setObjectName("safetyContent")
        column = QVBoxLayout(content)
        column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(round(em * 0.9))
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
        self._close = make_button(
            font, scale, "Close", "Close", "Close this window.", "Close this window (Esc)"
        )
        self._close.setObjectName("safetyClose")
        row.addWidget(self._close)
        layout.addLayout(row)

    @property
    def close_button(self) -> QPushButton:
        """The Close button (the window connects it and gives it focus)."""
        return self._close

    def heading(self) -> str:
        """The screen's title, from the safety content."""
        return self._title.text()

    def spoken(self) -> str:
        """What screen readers hear when this screen opens: the title and what to do now."""
        return self._spoken

    def apply_palette(self, palette: QPalette) -> None:
        """Mute the disclaimer and colour the bullets against ``palette`` (the window's)."""
        self._disclaimer.setPalette(muted_palette(palette))
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
