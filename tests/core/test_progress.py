"""The progress numbers over simulated weeks: counts, the kind streak, DST days, names."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from desk_breaks.core.clock import ManualClock
from desk_breaks.core.coach import Coach
from desk_breaks.core.coach_store import CoachStore
from desk_breaks.core.coach_types import Action, Mode
from desk_breaks.core.engine_types import Outcome, Record
from desk_breaks.core.history import History
from desk_breaks.core.history_file import MIGRATIONS, SCHEMA_VERSION
from desk_breaks.core.progress import ProgressBook
from desk_breaks.core.progress_days import count_streak, zone_segments
from desk_breaks.core.progress_types import Period, SessionFilter
from desk_breaks.core.settings import Settings
from tests.helpers.coach_sim import shipped

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 11, 2, 8, 0, tzinfo=BERLIN)  # a Monday
LUNCH = "lunch-reset"
CHECK = "check-in"


class Book:
    """A history on a manual clock, with a progress book and a coach over it."""

    def __init__(self, folder: Path, start: datetime = MONDAY) -> None:
        self.library, safety = shipped()
        self.clock = ManualClock(start, BERLIN)
        self.history = History(folder / "history.sqlite3")
        self.coach = Coach(self.library, safety, CoachStore(self.history), self.clock)
        self.book = ProgressBook(
            self.history, self.library, self.clock, self.coach, settings=lambda: Settings()
        )

    def add(
        self,
        at: datetime,
        outcome: Outcome,
        key: str = "lunch",
        routine_id: str = LUNCH,
        done: tuple[str, ...] = (),
        stopped: str | None = None,
    ) -> None:
        self.history.record(
            Record(key, routine_id, outcome, at, exercises_done=done, exercise_stopped=stopped)
        )


def on(day: int, hour: int = 12, minute: int = 0, start: datetime = MONDAY) -> datetime:
    return (start + timedelta(days=day)).replace(hour=hour, minute=minute)


def test_the_week_counts_offered_and_done_with_check_ins_apart(tmp_path: Path) -> None:
    b = Book(tmp_path)
    full = ("chin-tuck-seated", "chin-drop")
    b.add(on(0, 9), Outcome.SNOOZED)  # not an offer of its own
    b.add(on(0, 9, 10), Outcome.COMPLETED, done=full)
    b.add(on(0, 12), Outcome.PARTIAL, done=full[:1])
    b.add(on(0, 15), Outcome.SKIPPED)
    b.add(on(0, 16), Outcome.DEFERRED)
    b.add(on(0, 10), Outcome.COMPLETED, CHECK, "check-in", ("chin-tuck-seated",))
    b.add(on(0, 11), Outcome.MISSED, CHECK, "check-in")
    b.add(on(0, 13), Outcome.NATURAL_BREAK, "natural-break", "")
    b.add(on(1, 12), Outcome.STOPPED_PAIN, done=full[:1], stopped="chin-drop")
    b.clock.set_wall(on(2, 18))
    progress = b.book.progress()
    monday, tuesday, wednesday = progress.week[:3]
    assert [d.day for d in progress.week] == [date(2026, 11, 2) + timedelta(n) for n in range(7)]
    assert (monday.sessions_done, monday.sessions_offered) == (2, 3)
    assert (monday.check_ins_done, monday.check_ins_offered) == (1, 2)
    assert (tuesday.sessions_done, tuesday.sessions_offered, tuesday.pain_stops) == (0, 1, 1)
    assert wednesday.offered == 0 and not wednesday.paused  # today is not over
    assert progress.total_done == 3
    assert progress.first_day == date(2026, 11, 2)
    assert progress.calendar[-1].day == date(2026, 11, 4)
    assert progress.calendar[0].day == date(2026, 5, 5)
    assert [m.exercise_name for m in progress.pain_marks] == ["Chin drop"]


def test_the_streak_steps_over_a_weekend_and_a_pause_but_not_a_day_with_nothing_done(
    tmp_path: Path,
) -> None:
    b = Book(tmp_path)
    for day in (0, 1, 2, 3, 4):  # Monday to Friday
        b.add(on(day), Outcome.COMPLETED, done=("chin-drop",))
    # Saturday and Sunday offer nothing; Monday and Tuesday are paused (nothing offered).
    for day in (9, 10):
        b.add(on(day), Outcome.COMPLETED, done=("chin-drop",))
    b.clock.set_wall(on(11, 8))
    streak = b.book.progress().streak
    assert (streak.current_days, streak.best_days) == (7, 7)
    assert streak.text == "7 working days in a row"
    # Today offered and nothing done yet: today does not break it while it lasts.
    b.add(on(11, 9), Outcome.SKIPPED)
    assert b.book.progress().streak.current_days == 7
    assert b.book.today_text() == "Nothing done yet today · 7 working days in a row"
    # ... but once the day is over, it did.
    b.clock.set_wall(on(12, 8))
    streak = b.book.progress().streak
    assert (streak.current_days, streak.best_days) == (0, 7)
    assert streak.text == "Your streak starts with the next session (best so far: 7 days)"
    paused = [d for d in b.book.progress().calendar if d.paused]
    assert {d.day.weekday() for d in paused} == {5, 6, 0, 1}


def test_count_streak_rules() -> None:
    today = date(2026, 11, 11)
    d = [today - timedelta(days=n) for n in range(6)][::-1]
    assert count_streak({}, today) == (0, 0)
    assert count_streak({d[0]: (1, 1), d[1]: (0, 3), d[2]: (1, 1), d[5]: (0, 1)}, today) == (1, 1)
    assert count_streak({d[3]: (1, 2), d[4]: (0, 0), d[5]: (2, 2)}, today) == (2, 2)


def test_today_text_counts_sessions_and_check_ins(tmp_path: Path) -> None:
    b = Book(tmp_path)
    b.clock.set_wall(on(0, 8))
    assert b.book.today_text() == "Nothing done yet today"
    b.add(on(0, 9), Outcome.COMPLETED, done=("chin-drop",))
    b.add(on(0, 10), Outcome.COMPLETED, CHECK, "check-in")
    b.add(on(0, 11), Outcome.COMPLETED, CHECK, "check-in")
    b.clock.set_wall(on(0, 12))
    assert b.book.today_text() == "1 session and 2 check-ins today · 1 working day in a row"


def test_every_day_is_the_local_day_across_both_dst_changes(tmp_path: Path) -> None:
    # 29 March 2026: clocks go forward (23-hour day); 25 October: back (25-hour day).
    spring = datetime(2026, 3, 28, 8, 0, tzinfo=BERLIN)
    b = Book(tmp_path, spring)
    times = [
        datetime(2026, 3, 28, 23, 59, tzinfo=BERLIN),
        datetime(2026, 3, 29, 0, 1, tzinfo=BERLIN),
        datetime(2026, 3, 29, 23, 59, tzinfo=BERLIN),
        datetime(2026, 3, 30, 0, 0, tzinfo=BERLIN),
        datetime(2026, 10, 25, 0, 30, tzinfo=BERLIN),
        datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=0),
        datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=1),
        datetime(2026, 10, 25, 23, 59, tzinfo=BERLIN),
        datetime(2026, 10, 26, 0, 0, tzinfo=BERLIN),
    ]
    for at in times:
        b.add(at, Outcome.COMPLETED)
    b.clock.set_wall(datetime(2026, 10, 27, 12, tzinfo=BERLIN))
    done = {d.day: d.sessions_done for d in b.book.progress(months=8).calendar if d.done}
    assert done == {
        date(2026, 3, 28): 1,
        date(2026, 3, 29): 2,
        date(2026, 3, 30): 1,
        date(2026, 10, 25): 4,
        date(2026, 10, 26): 1,
    }


def test_zone_segments_cut_at_each_transition() -> None:
    start = datetime(2026, 1, 1, tzinfo=BERLIN)
    pieces = zone_segments(BERLIN, start, start + timedelta(days=365))
    assert [offset for _, offset in pieces] == [60, 120, 60]
    assert pieces[1][0] == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert pieces[2][0] == datetime(2026, 10, 25, 1, 0, tzinfo=UTC)


def test_comfort_points_are_one_a_day_the_last_one_given(tmp_path: Path) -> None:
    b = Book(tmp_path)
    b.coach.journal(4, "stiff")
    b.clock.set_wall(on(0, 20))
    b.coach.journal(5, "better by evening")
    b.clock.set_wall(on(2, 9))
    b.coach.journal(7)
    progress = b.book.progress()
    assert [(p.day.day, p.score, p.note) for p in progress.comfort] == [
        (2, 5, "better by evening"),
        (4, 7, ""),
    ]
    assert progress.week[0].comfort == 5 and progress.week[1].comfort is None


def test_exercise_stats_count_done_and_stops_with_the_coach_state(tmp_path: Path) -> None:
    b = Book(tmp_path)
    b.add(on(0), Outcome.COMPLETED, done=("chin-tuck-seated", "chin-drop"))
    b.add(on(1), Outcome.STOPPED_PAIN, done=("chin-tuck-seated",), stopped="chin-drop")
    b.add(on(2), Outcome.COMPLETED, done=("gone-exercise",))
    b.clock.set_wall(on(2, 13))
    b.coach.choose("chin-drop", Action.LEAVE_OUT)
    stats = {s.exercise_id: s for s in b.book.progress().exercises}
    tuck, drop, gone = stats["chin-tuck-seated"], stats["chin-drop"], stats["gone-exercise"]
    assert (tuck.name, tuck.done, tuck.stops) == ("Seated chin tuck", 2, 0)
    assert tuck.last_done == on(1)
    assert (drop.done, drop.stops, drop.pain_stops) == (1, 1, 1)
    assert drop.state is not None and drop.state.mode is Mode.LEFT_OUT
    assert (gone.name, gone.state) == ("Gone exercise", None)
    assert next(iter(stats)) == "chin-tuck-seated"  # the most done first


def test_the_session_list_filters_and_words_each_row(tmp_path: Path) -> None:
    b = Book(tmp_path)
    lunch = ("chin-tuck-seated", "breathing-chin-retraction", "isometric-neck-press-side")
    b.add(on(-40), Outcome.COMPLETED, done=lunch)
    b.add(on(-3), Outcome.PARTIAL, done=lunch)
    b.add(on(-2), Outcome.STOPPED_PAIN, done=lunch[:1], stopped="chin-drop")
    b.add(on(-1, 9), Outcome.SKIPPED, "morning", "morning-mobility")
    b.add(on(-1, 10), Outcome.COMPLETED, "x", "my-physio", ("band-pull-apart",))
    b.add(on(-1, 11), Outcome.NATURAL_BREAK, "natural-break", "")
    b.clock.set_wall(on(0, 8))
    b.history.write(
        "INSERT INTO ratings (session_id, at, feeling) VALUES (2, ?, 'better')",
        (on(-3).isoformat(),),
    )

    def rows(**kwargs: object) -> list[tuple[str, str]]:
        chosen = SessionFilter(**kwargs)  # type: ignore[arg-type]
        return [(r.routine_name, r.outcome_words) for r in b.book.sessions(chosen)]

    assert rows(period=Period.WEEK) == [
        ("Natural break", "Natural break"),
        ("My physio", "Completed"),
        ("Morning mobility", "Skipped"),
        ("Lunch reset", "Stopped for pain or dizziness (during Chin drop)"),
        ("Lunch reset", "Partly done (3 of 7)"),
    ]
    assert len(rows(period=Period.MONTH)) == 5
    assert len(rows(period=Period.ALL)) == 6
    assert rows(period=Period.ALL, outcomes=frozenset({Outcome.COMPLETED})) == [
        ("My physio", "Completed"),
        ("Lunch reset", "Completed"),
    ]
    assert len(rows(period=Period.ALL, routine_id=LUNCH)) == 3
    assert rows(period=Period.ALL, text="morning") == [("Morning mobility", "Skipped")]
    assert len(rows(period=Period.ALL, text="neck press")) == 2  # by exercise name
    assert rows(period=Period.ALL, text="band") == [("My physio", "Completed")]
    assert rows(period=Period.ALL, text="chin drop") == [
        ("Lunch reset", "Stopped for pain or dizziness (during Chin drop)")
    ]
    assert rows(period=Period.ALL, text="natural") == [("Natural break", "Natural break")]
    partial = b.book.sessions(
        SessionFilter(period=Period.WEEK, outcomes=frozenset({Outcome.PARTIAL}))
    )
    assert partial[0].exercises == ("Seated chin tuck", "Chin-tuck breathing", "Neck press: side")
    assert partial[0].feeling == "better"
    assert partial[0].at == on(-3)
    assert b.book.sessions(SessionFilter(period=Period.ALL), limit=2)[1].routine_name == "My physio"


def test_an_empty_history_gives_an_empty_view(tmp_path: Path) -> None:
    b = Book(tmp_path)
    progress = b.book.progress()
    assert progress.total_done == 0 and progress.first_day is None
    assert progress.streak.text == "Your streak starts with the next session"
    assert all(d.offered == 0 and not d.paused for d in progress.calendar)
    assert b.book.sessions(SessionFilter()) == []


def test_a_plan_with_every_day_says_days_not_working_days(tmp_path: Path) -> None:
    b = Book(tmp_path)
    defaults = Settings()
    every_day = replace(
        defaults, check_ins=replace(defaults.check_ins, weekdays=frozenset(range(7)))
    )
    b.book = ProgressBook(b.history, b.library, b.clock, settings=lambda: every_day)
    b.add(on(0, 7), Outcome.COMPLETED)
    assert b.book.progress().streak.text == "1 day in a row"


def test_the_progress_upgrade_keeps_every_version_3_row(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS[:3]:
        step(db)
    db.execute("PRAGMA user_version=3")
    db.executemany(
        "INSERT INTO sessions (key, routine_id, outcome, at, exercises_done, uid)"
        " VALUES (?, 'lunch-reset', ?, ?, '[\"chin-drop\"]', ?)",
        [(f"k{n}", "completed", on(n).isoformat(), f"u{n}") for n in range(4)],
    )
    db.execute("INSERT INTO journal (at, score, note) VALUES (?, 6, 'ok')", (on(1).isoformat(),))
    db.execute(
        "INSERT INTO ratings (session_id, at, feeling) VALUES (1, ?, 'same')", (on(0).isoformat(),)
    )
    before = [
        db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
        for t in ("sessions", "journal", "ratings")
    ]
    db.close()
    b = Book(tmp_path, on(4))
    assert b.book.progress().total_done == 4
    b.history.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    after = [
        db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()
        for t in ("sessions", "journal", "ratings")
    ]
    assert after == before
    indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"sessions_at_key_outcome", "ratings_session", "journal_at"} <= indexes
    db.close()


@pytest.mark.parametrize("months", [1, 6, 12])
def test_the_calendar_reaches_back_the_months_asked(tmp_path: Path, months: int) -> None:
    b = Book(tmp_path)
    calendar = b.book.progress(months=months).calendar
    assert calendar[-1].day == date(2026, 11, 2)
    first = calendar[0].day
    assert first.day == 3 and (11 - first.month) % 12 == months % 12
