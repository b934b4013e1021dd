"""The app's colour scheme: follow the desktop, or a light or dark palette of our own.

"System" keeps the palette the desktop gave Qt at start-up. "Light" and "Dark" set a
complete palette, so every window (prompt, session, settings) follows at once; widgets
that draw themselves read the palette (``art.is_dark``), never a fixed colour. A window
with a style sheet makes it again on a palette change (Qt resolves ``palette(...)`` and
the colours in a style sheet once, when the widget is polished).

Every text meets WCAG AA (4.5:1) and every control boundary 3:1 in both palettes:
secondary text is made with :func:`soften`, and a coloured text or line that must stay
readable on some background goes through :func:`legible`. ``tests/ui/test_contrast.py``
measures it from rendered pixels.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desk_breaks.core.settings import Theme

_DARK = {
    QPalette.ColorRole.Window: "#1f2329",
    QPalette.ColorRole.WindowText: "#e6e9ed",
    QPalette.ColorRole.Base: "#181b20",
    QPalette.ColorRole.AlternateBase: "#262a31",
    QPalette.ColorRole.Text: "#e6e9ed",
    QPalette.ColorRole.Button: "#2c3139",
    QPalette.ColorRole.ButtonText: "#e6e9ed",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Light: "#3a404a",
    QPalette.ColorRole.Midlight: "#323841",
    QPalette.ColorRole.Mid: "#262a31",
    QPalette.ColorRole.Dark: "#121417",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.Highlight: "#2f6bd0",  # white on it 5.1:1, against the window 3.1:1
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#2c3139",
    QPalette.ColorRole.ToolTipText: "#e6e9ed",
    QPalette.ColorRole.PlaceholderText: "#8b939e",
    QPalette.ColorRole.Link: "#6aa9ff",
}

_LIGHT = {
    QPalette.ColorRole.Window: "#f4f5f7",
    QPalette.ColorRole.WindowText: "#1f2329",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f0f1f3",
    QPalette.ColorRole.Text: "#1f2329",
    QPalette.ColorRole.Button: "#fbfbfc",
    QPalette.ColorRole.ButtonText: "#1f2329",
    QPalette.ColorRole.Highlight: "#2b66c9",  # white on it 5.5:1
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#7a828c",
}


TEXT_CONTRAST = 4.5
"""WCAG AA for text."""
BOUNDARY_CONTRAST = 3.0
"""WCAG AA for large text and for the boundary of a control (WCAG 1.4.11)."""


def luminance(colour: QColor) -> float:
    """The WCAG relative luminance of ``colour`` (its alpha is ignored)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def legible(colour: QColor, background: QColor, minimum: float = TEXT_CONTRAST) -> QColor:
    """``colour``, darkened (on a light background) or lightened until it has ``minimum``.

    A margin of 0.4 is kept: anti-aliased small text never reaches its full colour.
    """
    goal = minimum + 0.4
    if contrast(colour, background) >= goal:
        return QColor(colour)
    towards = QColor("#000000") if luminance(background) > 0.18 else QColor("#ffffff")
    for step in range(1, 21):
        candidate = _mix(colour, towards, step / 20)
        if contrast(candidate, background) >= goal:
            return candidate
    return towards


def soften(
    text: QColor, background: QColor, amount: float, minimum: float = TEXT_CONTRAST
) -> QColor:
    """Text ``amount`` of the way towards ``background`` (a quieter line), still legible."""
    return legible(_mix(text, background, amount), background, minimum)


def make_palette(dark: bool) -> QPalette:
    """Return our light or dark palette."""
    palette = QPalette(QColor("#f4f5f7")) if not dark else QPalette(QColor("#2c3139"))
    for role, colour in (_DARK if dark else _LIGHT).items():
        palette.setColor(role, QColor(colour))
    # setColor(role, ...) sets every group, so disabled text would look enabled.
    disabled = QColor("#6b727c" if dark else "#a2a8b0")
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.Text,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_theme(app: QApplication, theme: Theme, system: QPalette) -> None:
    """Use ``theme`` in every window; ``system`` is the desktop's palette from start-up."""
    if theme is Theme.SYSTEM:
        app.setPalette(system)
    else:
        app.setPalette(make_palette(theme is Theme.DARK))
