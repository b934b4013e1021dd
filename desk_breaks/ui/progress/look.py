"""The progress charts' colours and words, made from the palette in use.

Every colour comes from the palette (text, window, base, highlight) or from a pair of
fixed hues with a light and a dark variant, so a switch between light and dark redraws
every chart readably. Sessions are teal and check-ins a lighter teal of the same hue
(they are two kinds of the same thing); the comfort line is the calm information blue;
pain stops are a soft coral, never an alarm red.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtGui import QColor, QFont, QPalette

from desk_breaks.ui.art import blend, is_dark

TEAL = ("#1f8a80", "#4cc1b2")
COMFORT = ("#2f6fd6", "#6aa9ff")
PAIN = ("#c8553d", "#ff8a72")

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Inks:
    """The colours a chart is painted with, for one palette."""

    dark: bool
    window: QColor
    text: QColor
    muted: QColor
    faint: QColor
    """Grid lines and empty tracks."""
    empty: QColor
    """A day with sessions offered and none done."""
    sessions: QColor
    check_ins: QColor
    comfort: QColor
    comfort_soft: QColor
    pain: QColor
    focus: QColor

    def level(self, ratio: float) -> QColor:
        """The calendar's shade for a day that did ``ratio`` (0-1) of what it offered."""
        if ratio <= 0:
            return self.empty
        step = min(4, 1 + int(ratio * 4 - 1e-9))  # 1..4: up to a quarter, a half, ...
        return blend(self.empty, self.sessions, (0.25, 0.5, 0.75, 1.0)[step - 1])


def inks(palette: QPalette) -> Inks:
    """Return the chart colours for ``palette``."""
    dark = is_dark(palette)
    pick = 1 if dark else 0
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    teal = QColor(TEAL[pick])
    comfort = QColor(COMFORT[pick])
    highlight = palette.color(QPalette.ColorRole.Highlight)
    return Inks(
        dark=dark,
        window=window,
        text=text,
        muted=blend(text, window, 0.36),
        faint=blend(window, text, 0.24 if dark else 0.12),
        empty=blend(window, text, 0.14 if dark else 0.08),
        sessions=teal,
        check_ins=blend(teal, window, 0.45),
        comfort=comfort,
        comfort_soft=blend(comfort, window, 0.42 if dark else 0.55),
        pain=QColor(PAIN[pick]),
        focus=highlight.lighter(150) if dark else highlight.darker(120),
    )


def small_font(base: QFont, factor: float = 0.88, *, bold: bool = False) -> QFont:
    """Return ``base`` at ``factor`` of its size (the charts' labels)."""
    font = QFont(base)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    else:
        font.setPixelSize(max(8, round(font.pixelSize() * factor)))
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    return font


def day_text(day: date, today: date | None = None, *, year: bool = False) -> str:
    """Return "Tuesday 1 December" ("Today, Wednesday 2 December"; with the year if asked)."""
    words = f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"
    if year:
        words += f" {day.year}"
    if today is not None and day == today:
        return f"Today, {words}"
    return words


def short_day(day: date, *, year: bool = False) -> str:
    """Return "Tue 1 Dec" (or "Tue 1 Dec 2026")."""
    words = f"{DAY_NAMES[day.weekday()][:3]} {day.day} {MONTH_NAMES[day.month - 1][:3]}"
    return f"{words} {day.year}" if year else words


def month_text(day: date) -> str:
    """Return "1 June" style dates' month and year, e.g. "June 2026"."""
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def of(done: int, offered: int, what: str) -> str:
    """Return "3 of 3 sessions" ("1 of 1 session", "no sessions offered")."""
    if offered == 0:
        return f"no {what}s offered"
    return f"{done} of {offered} {what}{'' if offered == 1 else 's'}"


def plural(count: int, what: str) -> str:
    """Return "1 stop", "2 stops"."""
    return f"{count} {what}{'' if count == 1 else 's'}"
