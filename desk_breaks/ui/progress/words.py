"""The progress window's sentences: what the week, calendar, trend and streak say."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from statistics import mean

from desk_breaks.core.i18n import tr, trn
from desk_breaks.core.progress_types import ComfortPoint, DayCount, Streak
from desk_breaks.ui.progress.exercises import count_text
from desk_breaks.ui.progress.look import check_ins_of, month_name, sessions_of

RECENT_DAYS = 14
"""Comfort "lately" is the mean of the ratings of this many days."""


def comfort_summary(points: Sequence[ComfortPoint], today: date) -> tuple[str, str]:
    """Return comfort lately ("7 / 10") and how it changed ("up from 4 in June")."""
    if not points:
        return (
            tr("No ratings yet"),
            tr("Rate today's comfort from the tray menu or after a session."),
        )
    recent = [p.score for p in points if p.day > today - timedelta(days=RECENT_DAYS)]
    if not recent:
        recent = [p.score for p in points[-5:]]
    now = round(mean(recent))
    first = points[: min(10, len(points))]
    then = round(mean(p.score for p in first))
    month = month_name(first[0].day)
    if len(points) < 10:
        change = trn("From {n} rating so far.", "From {n} ratings so far.", len(points))
    elif now > then:
        change = tr("Up from {score} in {month}.", score=then, month=month)
    elif now < then:
        change = tr("Down from {score} in {month}.", score=then, month=month)
    else:
        change = tr("The same as in {month}.", month=month)
    return (
        tr("{score} / 10", score=now),
        tr("Your comfort over the last two weeks. {change}", change=change),
    )


def since_text(since: str, done: int) -> str:
    """The window's subtitle: "Since Mon 13 Apr 2026: 1,486 sessions and check-ins done."."""
    return trn(
        "Since {date}: {count} session and check-in done.",
        "Since {date}: {count} sessions and check-ins done.",
        done,
        date=since,
        count=count_text(done),
    )


def week_text(week: Sequence[DayCount]) -> str:
    """The week's line: "7 of 8 sessions and 24 of 39 check-ins done so far."."""
    words = tr(
        "{sessions} and {check_ins} done so far.",
        sessions=sessions_of(
            sum(d.sessions_done for d in week), sum(d.sessions_offered for d in week)
        ),
        check_ins=check_ins_of(
            sum(d.check_ins_done for d in week), sum(d.check_ins_offered for d in week)
        ),
    )
    return words[0].upper() + words[1:]


def streak_texts(streak: Streak) -> tuple[str, str]:
    """The streak's figure ("13 days") and the line under it."""
    if not streak.current_days:
        return "—", f"{streak.text}."
    if streak.best_days > streak.current_days:
        detail = tr(
            "{streak}. Your best: {best}. Weekends and pauses never break it.",
            streak=streak.text,
            best=streak.best_days,
        )
    else:
        detail = tr("{streak}. Weekends and pauses never break it.", streak=streak.text)
    return trn("{n} day", "{n} days", streak.current_days), detail


def calendar_text(calendar: Sequence[DayCount]) -> str:
    """The calendar's line: on how many of the days that offered sessions something was done."""
    offered = [d for d in calendar if d.offered]
    if not offered:
        return tr("No sessions were offered in these months.")
    return trn(
        "Something done on {some} of the {n} day that offered sessions.",
        "Something done on {some} of the {n} days that offered sessions.",
        len(offered),
        some=sum(1 for d in offered if d.done),
    )


def trend_text(rated: int, stops: int) -> str:
    """The comfort trend's line: how many ratings and stops for pain it shows."""
    return tr(
        "{ratings} and {stops} in these months.",
        ratings=trn("{n} daily rating", "{n} daily ratings", rated),
        stops=trn("{n} stop for pain or dizziness", "{n} stops for pain or dizziness", stops),
    )


def exercises_text(since: str) -> str:
    """The Exercises tab's line."""
    return tr(
        "Each exercise since {date}: how often you did it, how often it was stopped, "
        "and the dose the coach gives it now, with why.",
        date=since,
    )
