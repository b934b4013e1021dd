"""The settings dialog's style sheet, made from the palette so light and dark both fit."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desk_breaks import assets_dir
from desk_breaks.ui.art import blend, is_dark
from desk_breaks.ui.settings.fields import ERROR_COLOURS, colour
from desk_breaks.ui.theme import BOUNDARY_CONTRAST, legible, soften

CHECK_MARK = (assets_dir() / "icons" / "check-mark.svg").as_posix()
"""The white tick drawn on a checked box (on the highlight colour, light and dark)."""

WARNING_COLOURS = (("#fff4d6", "#8a5a00"), ("#3a3020", "#f2c46d"))
"""Banner fill and edge for notices, on a light and on a dark palette."""


def stylesheet(widget: QWidget) -> str:
    """Return the style sheet for the dialog ``widget`` in its current palette and font."""
    palette = widget.palette()
    dark = is_dark(palette)
    window = palette.color(palette.ColorRole.Window)
    text = palette.color(palette.ColorRole.WindowText)
    base = palette.color(palette.ColorRole.Base)
    highlight = palette.color(palette.ColorRole.Highlight)
    nav_bg = blend(window, text, 0.05 if dark else 0.035)
    line = blend(window, text, 0.12)
    muted = soften(text, window, 0.4)
    card = blend(window, base, 0.7)
    error = legible(colour(widget, ERROR_COLOURS), window)
    on_highlight = legible(palette.color(palette.ColorRole.HighlightedText), highlight)
    # Check box and radio indicators drawn here: Fusion's outline is the window colour
    # darkened, 1.1:1 on the dark palette and under 2:1 on the light one (WCAG 1.4.11
    # asks 3:1 for what shows a control's state).
    edge_colour = soften(text, window, 0.5, BOUNDARY_CONTRAST)
    box = max(13, round(widget.fontMetrics().height() * 0.85))
    fill, edge = WARNING_COLOURS[1 if dark else 0]
    error_fill = blend(window, error, 0.14 if dark else 0.08)
    focus = highlight.lighter(140) if dark else highlight.darker(130)
    return f"""
        QListWidget#nav {{ background: {nav_bg.name()}; border: none;
            border-right: 1px solid {line.name()}; padding-top: 12px; outline: 0; }}
        QListWidget#nav::item {{ padding: 0px 10px; margin: 1px 8px;
            border-radius: 6px; color: {text.name()}; }}
        QListWidget#nav::item:selected {{ background: {highlight.name()};
            color: {on_highlight.name()}; }}
        QLabel#pageTitle {{ font-size: {round(widget.font().pointSizeF() * 1.6)}pt;
            font-weight: 600; }}
        QLabel#detailTitle {{ font-size: {round(widget.font().pointSizeF() * 1.3)}pt;
            font-weight: 600; }}
        QLabel#sectionHeading {{ font-weight: 600; }}
        QLabel#columnHead {{ color: {muted.name()}; }}
        QLabel#note {{ color: {muted.name()}; }}
        QLabel#warningNote {{ color: {edge}; }}
        QLabel#fieldError {{ color: {error.name()}; }}
        QLabel#status {{ color: {error.name()}; }}
        QFrame#banner {{ background: {fill}; border: 1px solid {edge};
            border-left: 4px solid {edge}; border-radius: 6px; }}
        QFrame#banner[error="true"] {{ background: {error_fill.name()};
            border: 1px solid {error.name()}; border-left: 4px solid {error.name()}; }}
        QFrame#card {{ background: {card.name()}; border: 1px solid {line.name()};
            border-radius: 8px; }}
        QLineEdit[invalid="true"] {{ border: 1px solid {error.name()};
            border-radius: 3px; padding: 2px; }}
        QToolButton#day {{ min-height: 22px; padding: 0px 3px; border-radius: 4px;
            font-weight: 600;
            border: 1px solid {line.name()}; background: {base.name()}; }}
        QToolButton#day:checked {{ background: {highlight.name()};
            color: {on_highlight.name()};
            border-color: {highlight.name()}; }}
        QToolButton#day:focus {{ border: 2px solid {focus.name()}; }}
        QToolButton#day:disabled {{ color: {muted.name()}; background: {window.name()}; }}
        QToolButton#remove {{ border: none; color: {muted.name()}; padding: 2px 6px; }}
        QToolButton#remove:hover, QToolButton#remove:focus {{ color: {error.name()}; }}
        QCheckBox::indicator, QRadioButton::indicator {{ width: {box}px; height: {box}px;
            background: {base.name()}; border: 1px solid {edge_colour.name()}; }}
        QCheckBox::indicator {{ border-radius: 3px; }}
        QRadioButton::indicator {{ border-radius: {box // 2 + 1}px; }}
        QCheckBox::indicator:hover, QRadioButton::indicator:hover {{
            border-color: {highlight.name()}; }}
        QCheckBox::indicator:focus, QRadioButton::indicator:focus {{
            border: 2px solid {focus.name()}; }}
        QCheckBox::indicator:checked {{ background: {highlight.name()};
            border-color: {highlight.name()}; image: url({CHECK_MARK}); }}
        QRadioButton::indicator:checked {{ border-color: {highlight.name()};
            background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
                stop: 0 {highlight.name()}, stop: 0.5 {highlight.name()},
                stop: 0.56 {base.name()}, stop: 1 {base.name()}); }}
        QCheckBox::indicator:checked:focus, QRadioButton::indicator:checked:focus {{
            border: 2px solid {focus.name()}; }}
        QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{
            background: {window.name()}; border-color: {line.name()}; }}
        QListWidget#contentList {{ border: 1px solid {line.name()}; border-radius: 6px; }}
        QListWidget#contentList::item {{ padding: 4px; }}
        """
