"""The app's colour scheme: follow the desktop, or a light or dark palette of our own.

"System" keeps the palette the desktop gave Qt at start-up. "Light" and "Dark" set a
complete palette, so every window (prompt, session, settings) follows at once; widgets
that draw themselves read the palette (``art.is_dark``), never a fixed colour.
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
    QPalette.ColorRole.Highlight: "#3d7fe0",
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
    QPalette.ColorRole.Highlight: "#2f6fd6",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#7a828c",
}


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
