"""The coach: plans each session for this person, hears how it went, says when to get help.

It sits beside the engine and keeps nothing in memory between questions: each answer is
worked out from the history (:class:`~desk_breaks.core.coach_store.CoachStore`) by the
rules in :mod:`desk_breaks.core.coach_rules`, on the injected clock. Its windows and the
command service see it as a :class:`~desk_breaks.core.coach_api.CoachPort`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo

from desk_breaks.core.clock import Clock
from desk_breaks.core.coach_notes import (
    at_level,
    choice_said,
    gentler_note,
    hold_at,
    left_out_note,
    progress_note,
    rating_changes,
    rounds_at,
)
from desk_breaks.core.coach_rules import Track, day_words, fold
from desk_breaks.core.coach_store import CoachStore
from desk_breaks.core.coach_types import (
    NO_SESSION_TO_RATE,
    Action,
    Advice,
    AdviceReason,
    AdviceShown,
    Choice,
    CoachEvent,
    CoachView,
    ExerciseState,
    Feeling,
    JournalEntry,
    Mode,
    Note,
    NoteKind,
    Screening,
    SessionEvent,
    SessionPlan,
)
from desk_breaks.core.content import Exercise, Library, Routine, Safety, gentler, needs_sentence
from desk_breaks.core.engine_types import Outcome
from desk_breaks.core.i18n import decimal_text, tr, trn

FALLBACK = ("chin-tuck-seated", "breathing-chin-retraction")
"""What a session runs when every exercise of its routine is left out."""

ADVICE_EVERY = timedelta(days=7)
"""The "see a professional" screen is shown at most this often."""

LEFT_OUT_NOTE_FOR = timedelta(days=7)
"""How long a session mentions an exercise that was left out of it."""

TREND_SPAN = timedelta(days=21)
"""The daily comfort trend is judged over this span (the sources' "a few weeks") ..."""

TREND_WEEK = timedelta(days=7)
"""... comparing its first week with its last."""

TREND_MIN_ENTRIES = 2
"""Ratings needed in each of those weeks before a trend is judged."""

SLIDE_POINTS = 1.5
"""A drop this large (on the 0-10 scale) between the weeks is "getting worse"."""

SORE_BELOW = 7.0
"""A last week averaging below this, and no better than the first, is "not improving"."""

PAIN_STOPS = 3
"""Pain or dizziness stops ..."""

PAIN_STOPS_WITHIN = timedelta(days=14)
"""... within this span mean it is time to get advice."""


class Coach:
    """The coach over ``library`` and ``safety``, reading and writing ``store``.

    ``journal_enabled`` says whether the daily comfort rating is on in the settings (read at
    each question, so a settings change applies at once).
    """

    def __init__(
        self,
        library: Library,
        safety: Safety,
        store: CoachStore,
        clock: Clock,
        *,
        journal_enabled: Callable[[], bool] = lambda: True,
    ) -> None:
        """Keep what the coach needs; nothing is read until it is asked something."""
        self._library = library
        self._safety = safety
        self._store = store
        self._clock = clock
        self._journal_enabled = journal_enabled
        self._replayed: tuple[object, dict[str, Track], list[object]] | None = None

    @property
    def safety(self) -> Safety:
        """The safety guidance, with the safety check's questions."""
        return self._safety

    # -- what the coach knows ----------------------------------------------------------------

    def _zone(self) -> tzinfo:
        return self._clock.timezone()

    def _tracks(self) -> tuple[dict[str, Track], list[object]]:
        """Every exercise's track, and the few events the answers still need.

        The fold is pure, so its answer is kept until the store has a new row (or the time
        zone changed): on five years of a heavy user it takes about 200 ms, and one session
        asks several times (plan, rate, status, the progress view). Only what later answers
        read is kept with it (the safety check, advice shown, recent ratings and pain
        stops), never the whole history: the idle tray must not carry it.
        """
        zone = self._zone()
        key = (self._store.version(), str(zone))
        if self._replayed is not None and self._replayed[0] == key:
            return self._replayed[1], self._replayed[2]
        events = self._store.events()
        tracks = fold(events, self._library.exercises, self._safety.screening, zone)
        kept = _still_needed(events, self._clock.now())
        self._replayed = (key, tracks, kept)
        return tracks, kept

    def view(self) -> CoachView:
        """Every exercise's state, the safety check, today's journal entry, advice due."""
        tracks, events = self._tracks()
        states = {
            exercise_id: self._state(exercise, tracks[exercise_id])
            for exercise_id, exercise in sorted(self._library.exercises.items())
        }
        screenings = [e for e in events if isinstance(e, Screening)]
        return CoachView(
            states=states,
            screening=screenings[-1] if screenings else None,
            journal_today=self._today_entry(events),
            advice=self._advice(events),
        )

    def _state(self, exercise: Exercise, track: Track) -> ExerciseState:
        hold_s = rounds = previous_hold_s = previous_rounds = None
        if exercise.hold is not None:
            hold_s = hold_at(exercise, track.level)
            if track.level > 0:
                previous_hold_s = hold_at(exercise, track.level - 1)
        if exercise.breathing is not None:
            rounds = rounds_at(exercise, track.level)
            if track.level > 0:
                previous_rounds = rounds_at(exercise, track.level - 1)
        return ExerciseState(
            exercise_id=exercise.id,
            name=exercise.name,
            mode=track.mode,
            why=track.why,
            level=track.level,
            reason=track.reason,
            since=track.since,
            hold_s=hold_s,
            rounds=rounds,
            previous_hold_s=previous_hold_s,
            previous_rounds=previous_rounds,
            can_go_back=track.level > 0 and track.mode is not Mode.LEFT_OUT,
        )

    # -- the plan for one session ------------------------------------------------------------

    def plan(self, routine: Routine) -> SessionPlan:
        """The routine as this person does it today, with the notes its first screen says."""
        tracks, _ = self._tracks()
        now = self._clock.now()
        items: list[Exercise] = []
        notes: dict[str, Note] = {}
        for exercise in routine.exercises:
            track = tracks.get(exercise.id)
            if track is None:
                items.append(exercise)
                continue
            if track.mode is Mode.LEFT_OUT:
                if track.since is not None and now - track.since < LEFT_OUT_NOTE_FOR:
                    notes.setdefault(exercise.id, left_out_note(exercise, track))
                continue
            if track.mode is Mode.GENTLER:
                items.append(gentler(exercise))
                notes.setdefault(exercise.id, gentler_note(exercise, track))
                continue
            if track.level > 0 and exercise.id not in routine.steady:
                grown = at_level(exercise, track.level)
                items.append(grown)
                announce = track.level_changed_at is not None and (
                    track.last_done_at is None or track.last_done_at <= track.level_changed_at
                )
                if announce:
                    note = progress_note(exercise, grown, at_level(exercise, track.level - 1))
                    if note is not None:
                        notes.setdefault(exercise.id, note)
                continue
            items.append(exercise)
        if not items:
            items = self._fallback(tracks)
            notes["(fallback)"] = Note(
                NoteKind.FALLBACK,
                "",
                tr(
                    "Every exercise in {routine} is left out for now, so this is a short "
                    "set of chin tucks and calm breathing instead. You can bring exercises "
                    "back under Settings, Coach.",
                    routine=routine.name,
                ),
            )
        planned = replace(routine, exercises=tuple(items))
        return SessionPlan(planned, tuple(notes.values()), needs_sentence(planned.needs))

    def _fallback(self, tracks: Mapping[str, Track]) -> list[Exercise]:
        chosen: list[Exercise] = []
        for exercise_id in FALLBACK:
            exercise = self._library.exercises.get(exercise_id)
            if exercise is None:
                continue
            track = tracks.get(exercise_id)
            if track is not None and track.mode in (Mode.LEFT_OUT, Mode.GENTLER):
                exercise = gentler(exercise)  # never empty, and never at full strength
            chosen.append(exercise)
        if not chosen:  # content without the fallback exercises: the gentlest there is
            chosen = [gentler(e) for e in list(self._library.exercises.values())[:1]]
        return chosen

    # -- what the person tells the coach -----------------------------------------------------

    def last_session_id(self) -> int | None:
        """The history id of the newest guided session, or None if there is none."""
        return self._store.last_session_id()

    def rate(self, feeling: Feeling, session_id: int | None = None) -> str:
        """Record how the neck feels after a session (the last one when ``session_id`` is None)."""
        sessions = self._store.sessions()
        if session_id is None:
            chosen = sessions[-1] if sessions else None
        else:
            chosen = next((s for s in sessions if s.session_id == session_id), None)
        if chosen is None:
            return tr(NO_SESSION_TO_RATE)
        before, _ = self._tracks()
        modes = {exercise_id: track.mode for exercise_id, track in before.items()}
        self._store.add_rating(chosen.session_id, self._clock.now(), feeling)
        after, _ = self._tracks()
        routine = self._library.routines.get(chosen.routine_id)
        name = routine.name if routine is not None else chosen.routine_id
        lines = [
            tr(
                "Noted: your neck feels {feeling} after {routine}.",
                feeling=feeling.words,
                routine=name,
            )
        ]
        lines.extend(rating_changes(self._library, modes, after))
        return " ".join(lines)

    def journal(self, score: int, note: str = "") -> str:
        """Record today's 0-10 comfort rating (a second one today replaces the first)."""
        if not 0 <= score <= 10:
            raise ValueError(tr("the comfort rating is a whole number from 0 to 10"))
        self._store.add_journal(JournalEntry(self._clock.now(), score, note.strip()))
        return tr("Today's comfort: {score} of 10. Noted in your journal.", score=score)

    def journal_due(self) -> bool:
        """True when the daily rating is on in the settings and none was given today."""
        if not self._journal_enabled():
            return False
        _, events = self._tracks()
        return self._today_entry(events) is None

    def _today_entry(self, events: list[object]) -> JournalEntry | None:
        zone = self._zone()
        today = self._clock.now().astimezone(zone).date()
        entries = [
            e
            for e in events
            if isinstance(e, JournalEntry) and e.at.astimezone(zone).date() == today
        ]
        return entries[-1] if entries else None

    def choose(self, exercise_id: str, action: Action) -> str:
        """Carry out the person's choice about one exercise; return what changed."""
        exercise = self._library.exercises.get(exercise_id)
        if exercise is None:
            return tr("There is no exercise called {exercise!r}.", exercise=exercise_id)
        if action is Action.USE_GENTLER and exercise.regression is None:
            return tr("{exercise} has no gentler version.", exercise=exercise.name)
        self._store.add(Choice(self._clock.now(), exercise_id, action))
        tracks, _ = self._tracks()
        state = self._state(exercise, tracks[exercise_id])
        return choice_said(exercise.name, action, state.hold_s, state.rounds)

    # -- the safety check --------------------------------------------------------------------

    def needs_welcome(self) -> bool:
        """True until the safety check has been answered or skipped once."""
        _, events = self._tracks()
        return not any(isinstance(e, Screening) for e in events)

    def answer_screening(self, answers: Mapping[str, bool] | None) -> tuple[str, ...]:
        """Record the safety check (None: skipped); return what it changes, one line each."""
        known = {q.id for q in self._safety.screening}
        kept = None if answers is None else {k: bool(v) for k, v in answers.items() if k in known}
        self._store.add(Screening(self._clock.now(), kept))
        return () if kept is None else self.tailoring(kept)

    def tailoring(self, answers: Mapping[str, bool]) -> tuple[str, ...]:
        """What these answers would change in the plan and advise, one sentence each."""
        yes = {question for question, said in answers.items() if said}
        lines: list[str] = []
        for exercise in sorted(self._library.exercises.values(), key=lambda e: e.name):
            if yes & exercise.leave_out_if:
                lines.append(tr("{exercise} is left out of your sessions.", exercise=exercise.name))
            elif yes & exercise.gentler_if and exercise.regression is not None:
                lines.append(tr("{exercise} uses its gentler version.", exercise=exercise.name))
        lines.extend(q.advice for q in self._safety.screening if q.id in yes and q.advice)
        if not yes:
            lines.append(tr("Nothing changes: every exercise stays in your plan."))
        return tuple(lines)

    # -- knowing when to get help ------------------------------------------------------------

    def advice_due(self) -> Advice | None:
        """The "see a professional" advice if it is due now (at most once a week)."""
        _, events = self._tracks()
        return self._advice(events)

    def advice_shown(self, advice: Advice) -> None:
        """Note that the advice was shown, so it waits a week before it is shown again."""
        self._store.add(AdviceShown(self._clock.now(), advice.reason.value))

    def _advice(self, events: list[object]) -> Advice | None:
        now = self._clock.now()
        if any(isinstance(e, AdviceShown) and now - e.at < ADVICE_EVERY for e in events):
            return None
        stops = [
            e
            for e in events
            if isinstance(e, SessionEvent)
            and e.outcome is Outcome.STOPPED_PAIN
            and now - e.at < PAIN_STOPS_WITHIN
        ]
        if len(stops) >= PAIN_STOPS:
            return Advice(
                AdviceReason.PAIN_STOPS,
                trn(
                    "You stopped for pain or dizziness {n} time in the last two weeks.",
                    "You stopped for pain or dizziness {n} times in the last two weeks.",
                    len(stops),
                ),
            )
        return _trend(events, now, self._zone())


def _still_needed(events: list[CoachEvent], now: datetime) -> list[object]:
    """The events an answer reads after the fold, from a replay made at ``now``.

    A replay is kept while nothing new is stored, perhaps for days; as time only moves on,
    what is older than every window looked at (the rating trend, the pain stops, today)
    is never needed again.
    """
    horizon = now - max(TREND_SPAN, PAIN_STOPS_WITHIN, ADVICE_EVERY) - timedelta(days=1)
    kept: list[object] = []
    for event in events:
        if (
            isinstance(event, Screening | AdviceShown)
            or (isinstance(event, JournalEntry) and event.at >= horizon)
            or (
                isinstance(event, SessionEvent)
                and event.outcome is Outcome.STOPPED_PAIN
                and event.at >= horizon
            )
        ):
            kept.append(event)
    return kept


def _trend(events: list[object], now: datetime, zone: tzinfo) -> Advice | None:
    """Advice from the daily comfort ratings, or None while they look fine or are too few."""
    by_day: dict[object, JournalEntry] = {}
    for event in events:
        if isinstance(event, JournalEntry) and now - event.at < TREND_SPAN:
            by_day[event.at.astimezone(zone).date()] = event  # the day's last rating counts
    entries = sorted(by_day.values(), key=lambda e: e.at)
    first = [e.score for e in entries if now - e.at >= TREND_SPAN - TREND_WEEK]
    last = [e.score for e in entries if now - e.at < TREND_WEEK]
    if len(first) < TREND_MIN_ENTRIES or len(last) < TREND_MIN_ENTRIES:
        return None
    before, lately = sum(first) / len(first), sum(last) / len(last)
    figures = tr(
        "Your daily comfort averaged {lately} of 10 this week, against {before} three weeks ago.",
        lately=decimal_text(lately),
        before=decimal_text(before),
    )
    if lately <= before - SLIDE_POINTS:
        return Advice(AdviceReason.GETTING_WORSE, figures)
    if lately <= before and lately < SORE_BELOW:
        return Advice(AdviceReason.NOT_IMPROVING, figures)
    return None


__all__ = ["Coach", "day_words"]
