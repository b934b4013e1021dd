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

from desk_breaks.core.i18n import N_, date_text, tr, trn, weekday_name
from desk_breaks.ui.art import blend, is_dark

TEAL = ("#1f8a80", "#4cc1b2")
COMFORT = ("#2f6fd6", "#6aa9ff")
PAIN = ("#c8553d", "#ff8a72")

MONTH_NAMES = (
    N_("January", "month"),
    N_("February", "month"),
    N_("March", "month"),
    N_("April", "month"),
    N_("May", "month"),
    N_("June", "month"),
    N_("July", "month"),
    N_("August", "month"),
    N_("September", "month"),
    N_("October", "month"),
    N_("November", "month"),
    N_("December", "month"),
)
"""The months' names in English (translate with the context "month": :func:`month_name`)."""


def month_name(day: date) -> str:
    """The full name of ``day``'s month in the active language: "June", "Juni", "junio"."""
    return tr(MONTH_NAMES[day.month - 1], "month")


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
    fields = {"weekday": weekday_name(day), "day": day.day, "month": month_name(day)}
    if year:
        words = tr("{weekday} {day} {month} {year}", "long date", year=day.year, **fields)
    else:
        words = tr("{weekday} {day} {month}", "long date", **fields)
    if today is not None and day == today:
        return tr("Today, {date}", date=words)
    return words


def short_day(day: date, *, year: bool = False) -> str:
    """Return "Tue 1 Dec" (or "Tue 1 Dec 2026")."""
    return date_text(day, weekday=True, year=year)


def month_text(day: date) -> str:
    """Return a month and its year, e.g. "June 2026"."""
    return tr("{month} {year}", "month and year", month=month_name(day), year=day.year)


def sessions_of(done: int, offered: int) -> str:
    """Return "3 of 3 sessions" ("1 of 1 session", "no sessions offered")."""
    if offered == 0:
        return tr("no sessions offered")
    return trn("{done} of {n} session", "{done} of {n} sessions", offered, done=done)


def check_ins_of(done: int, offered: int) -> str:
    """Return "3 of 8 check-ins" ("1 of 1 check-in", "no check-ins offered")."""
    if offered == 0:
        return tr("no check-ins offered")
    return trn("{done} of {n} check-in", "{done} of {n} check-ins", offered, done=done)
