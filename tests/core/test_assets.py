"""The shipped exercises, routines and illustrations: they load, add up and look the part.

These tests read the files in ``assets/`` directly (no Qt). Durations are recomputed here
from the raw TOML with the rule in ``docs/content-format.md`` so that a slip in either the
content or the loader shows up.
"""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import desk_breaks
from desk_breaks.core.content import Library, Need, Position, Safety
from desk_breaks.core.content_files import load_library, load_safety
from desk_breaks.core.settings import default_slots

ASSETS = desk_breaks.assets_dir()
EXERCISE_FILES = sorted((ASSETS / "exercises").glob("*.toml"))
ROUTINE_FILES = sorted((ASSETS / "routines").glob("*.toml"))
SVG_FILES = sorted((ASSETS / "illustrations").glob("*.svg"))

REQUIRED_EXERCISES = {
    "chin-tuck-seated",
    "chin-tuck-wall",
    "breathing-chin-retraction",
    "diaphragmatic-breathing",
    "neck-extension-backward",
    "chin-drop",
    "isometric-neck-press-front",
    "isometric-neck-press-back",
    "isometric-neck-press-side",
    "shoulder-blade-squeeze",
    "cross-body-arm-stretch",
    "seated-side-reach",
    "doorway-chest-stretch",
    "postural-reset",
    "cat-cow",
    "childs-pose",
    "open-book",
}

# Routine id -> allowed total length in seconds (the app's default schedule uses these ids).
ROUTINE_RANGES = {
    "check-in": (25, 35),
    "morning-mobility": (270, 330),
    "lunch-reset": (270, 330),
    "evening-unwind": (270, 330),
    "end-of-day": (270, 330),
    "breathing-break": (100, 140),
}

# The documented timing rule, restated here on purpose rather than imported.
GET_READY_S = 3
SWITCH_SIDES_S = 3
CHANGE_STANCE_S = 6  # seated <-> standing
TO_OR_FROM_FLOOR_S = 12


def ready_s(before: str, now: str) -> int:
    if before == now:
        return GET_READY_S
    return TO_OR_FROM_FLOOR_S if "floor" in (before, now) else CHANGE_STANCE_S


FIGURE, MOTION, PROP = "#2b3440", "#2f80ed", "#aab4c0"
ALLOWED_PAINT = {FIGURE, MOTION, PROP, "none"}

# Neck circles and neck rolls are left out on purpose (fast rotation can strain the
# neck's small joints); no text may bring them back.
FORBIDDEN_WORDS = re.compile(r"\b(circl\w*|roll\w*)\b", re.IGNORECASE)

SVG_NS = "{http://www.w3.org/2000/svg}"


@cache
def safety() -> Safety:
    return load_safety(ASSETS / "safety.toml")


@cache
def library() -> Library:
    return load_library([ASSETS], question_ids={q.id for q in safety().screening})


@cache
def raw(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def raw_exercise(exercise_id: str) -> dict[str, Any]:
    return raw(ASSETS / "exercises" / f"{exercise_id}.toml")


def texts(value: Any) -> list[str]:
    """Every string inside a TOML value, however deeply nested."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in texts(v)]
    return []


def expected_exercise_s(data: dict[str, Any], overrides: dict[str, Any], ready: int) -> int:
    """The length of one exercise with a routine's overrides, from the raw TOML."""
    if data["kind"] == "breathing":
        b = {"hold_s": 0, **data["breathing"], **overrides}
        return ready + b["rounds"] * (b["inhale_s"] + b["hold_s"] + b["exhale_s"])
    t = {"reps": 1, "sets": 1, "rep_rest_s": 0, "rest_s": 0, "per_side": False}
    t.update(data["timing"])
    t.update(overrides)
    one_set = t["reps"] * t["hold_s"] + (t["reps"] - 1) * t["rep_rest_s"]
    one_side = t["sets"] * one_set + (t["sets"] - 1) * t["rest_s"]
    if t["per_side"]:
        return ready + one_side + SWITCH_SIDES_S + one_side
    return ready + one_side


def expected_routine_s(path: Path) -> int:
    total = 0
    position = "seated"  # a session starts at the desk
    for item in raw(path)["items"]:
        overrides = {k: v for k, v in item.items() if k != "exercise"}
        data = raw_exercise(item["exercise"])
        ready = ready_s(position, data["position"])
        if data.get("warning"):  # read before the first hold: at least 10 s
            ready = max(ready, 10)
        total += expected_exercise_s(data, overrides, ready)
        position = data["position"]
    return total


# ---------------------------------------------------------------------------------------
# Loading


def test_there_is_content() -> None:
    assert EXERCISE_FILES, "no exercise files found"
    assert ROUTINE_FILES, "no routine files found"
    assert SVG_FILES, "no illustrations found"


@pytest.mark.parametrize("path", EXERCISE_FILES, ids=lambda p: p.name)
def test_exercise_loads(path: Path) -> None:
    problems = [str(p) for p in library().problems if p.path == path]
    assert problems == []
    assert path.stem in library().exercises


@pytest.mark.parametrize("path", ROUTINE_FILES, ids=lambda p: p.name)
def test_routine_loads(path: Path) -> None:
    problems = [str(p) for p in library().problems if p.path == path]
    assert problems == []
    assert path.stem in library().routines


def test_library_has_no_problems() -> None:
    assert [str(p) for p in library().problems] == []


def test_required_exercises_exist() -> None:
    missing = REQUIRED_EXERCISES - set(library().exercises)
    assert not missing, f"missing exercises: {sorted(missing)}"


def test_required_routines_exist() -> None:
    assert set(ROUTINE_RANGES) <= set(library().routines)


# ---------------------------------------------------------------------------------------
# Durations


@pytest.mark.parametrize("path", ROUTINE_FILES, ids=lambda p: p.name)
def test_routine_duration_matches_its_parts(path: Path) -> None:
    routine = library().routine(path.stem)
    assert routine.duration_s() == expected_routine_s(path)


@pytest.mark.parametrize("routine_id", sorted(ROUTINE_RANGES))
def test_routine_duration_in_range(routine_id: str) -> None:
    low, high = ROUTINE_RANGES[routine_id]
    seconds = expected_routine_s(ASSETS / "routines" / f"{routine_id}.toml")
    assert low <= seconds <= high, f"{routine_id} lasts {seconds} s, not {low}–{high} s"


def test_check_in_is_four_five_second_chin_tucks() -> None:
    routine = library().routine("check-in")
    assert [e.id for e in routine.exercises] == ["chin-tuck-seated"]
    hold = routine.exercises[0].hold
    assert hold is not None
    assert (hold.reps, hold.hold_s, hold.rep_rest_s) == (4, 5, 2)
    assert routine.duration_s() == 3 + 4 * 5 + 3 * 2 == 29


def test_summaries_read_well() -> None:
    routines = library().routines
    assert routines["lunch-reset"].summary() == "chin tucks, breathing, neck presses, neck stretch"
    assert routines["breathing-break"].summary() == "breathing"
    assert routines["morning-mobility"].summary().endswith(" and more")


@pytest.mark.parametrize("path", EXERCISE_FILES, ids=lambda p: p.name)
def test_exercise_has_a_short_summary_label(path: Path) -> None:
    label = raw(path).get("summary", "")
    assert label and label == label.lower() and len(label) <= 24


def test_evening_unwind_gives_time_to_get_down_and_up() -> None:
    routine = library().routine("evening-unwind")
    positions = [e.position.value for e in routine.exercises]
    assert positions[0] == "floor"
    ready = [routine.get_ready_s(i) for i in range(len(positions))]
    changes = [i for i in range(len(positions)) if i == 0 or positions[i] != positions[i - 1]]
    assert {i: ready[i] for i in changes} == dict.fromkeys(changes, TO_OR_FROM_FLOOR_S)
    warned = {i for i, e in enumerate(routine.exercises) if e.warning}
    assert all(ready[i] == GET_READY_S for i in range(len(ready)) if i not in set(changes) | warned)
    assert all(ready[i] >= 10 for i in warned)


def test_cat_cow_flows_between_its_two_named_shapes() -> None:
    cat_cow = library().exercises["cat-cow"]
    labels = {step.phase.value: step.label for step in cat_cow.steps}
    assert labels["hold"] == "Round up (cat)" and labels["release"] == "Arch (cow)"
    hold = cat_cow.hold
    assert hold is not None and hold.reps >= 5 and hold.rep_rest_s == hold.hold_s


def test_breathing_progressions_add_rounds_within_the_sources() -> None:
    exercises = library().exercises
    combo = exercises["breathing-chin-retraction"]
    assert combo.progression is not None and combo.progression.rounds_max == 7
    belly = exercises["diaphragmatic-breathing"]
    assert belly.progression is not None and belly.breathing is not None
    assert belly.progression.rounds_max > belly.breathing.rounds


def test_safety_has_three_headed_groups() -> None:
    safety = load_safety(ASSETS / "safety.toml")
    headings = [group.heading for group in safety.groups]
    assert len(set(headings)) == 3 and all(h and len(h) <= 30 for h in headings)
    assert all(group.points for group in safety.groups)


def test_breathing_break_is_only_breathing() -> None:
    routine = library().routine("breathing-break")
    assert all(e.kind.value == "breathing" for e in routine.exercises)


# ---------------------------------------------------------------------------------------
# Exercise content


@pytest.mark.parametrize("path", EXERCISE_FILES, ids=lambda p: p.name)
def test_exercise_is_complete(path: Path) -> None:
    exercise = library().exercises[path.stem]
    assert exercise.mistakes, "list at least one common mistake"
    assert exercise.cautions, "say when to ease off or stop"
    assert exercise.regression is not None, "offer a gentler version"
    assert exercise.purpose.count(". ") == 0 and exercise.purpose.endswith(".")
    if exercise.hold is not None and exercise.progression is not None:
        assert exercise.progression.hold_max_s > exercise.hold.hold_s


@pytest.mark.parametrize("path", EXERCISE_FILES, ids=lambda p: p.name)
def test_cues_are_short(path: Path) -> None:
    for step in library().exercises[path.stem].steps:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", step.cue) if s]
        assert len(sentences) <= 2, f"{step.phase.value}: {step.cue!r}"
        assert len(step.cue) <= 110, f"{step.phase.value} cue is long: {step.cue!r}"
        assert step.cue.endswith("."), step.cue


@pytest.mark.parametrize(
    "path",
    [*EXERCISE_FILES, *ROUTINE_FILES, ASSETS / "safety.toml"],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_no_neck_circles_or_rolls(path: Path) -> None:
    data = raw(path)
    found = [t for t in [path.stem, *texts(data)] if FORBIDDEN_WORDS.search(t)]
    assert found == []


def test_one_sided_exercises() -> None:
    exercises = library().exercises
    one_sided = {e.id for e in exercises.values() if e.per_side}
    expected = {"isometric-neck-press-side", "cross-body-arm-stretch", "seated-side-reach"}
    assert expected | {"open-book"} <= one_sided


def test_doses_follow_the_sources() -> None:
    exercises = library().exercises
    extension = exercises["neck-extension-backward"].hold
    assert extension is not None
    assert 1 <= extension.sets <= 2 and 20 <= extension.hold_s <= 30
    chin_drop = exercises["chin-drop"].hold
    assert chin_drop is not None and chin_drop.hold_s == 30
    cross_body = exercises["cross-body-arm-stretch"].hold
    assert cross_body is not None and cross_body.hold_s == 30
    doorway = exercises["doorway-chest-stretch"].hold
    assert doorway is not None and 20 <= doorway.hold_s <= 30
    combo = exercises["breathing-chin-retraction"].breathing
    assert combo is not None and combo.hold_s == 3 and 5 <= combo.rounds <= 7
    for press in ("front", "back", "side"):
        hold = exercises[f"isometric-neck-press-{press}"].hold
        assert hold is not None and hold.hold_s <= 10
    for exercise_id in ("diaphragmatic-breathing", "breathing-chin-retraction"):
        assert exercises[exercise_id].kind.value == "breathing"


# ---------------------------------------------------------------------------------------
# Illustrations


def referenced_illustrations() -> set[str]:
    return {step["illustration"] for path in EXERCISE_FILES for step in raw(path).get("steps", [])}


def test_every_referenced_illustration_is_shipped() -> None:
    shipped = {p.name for p in SVG_FILES}
    assert referenced_illustrations() <= shipped


@pytest.mark.parametrize("path", SVG_FILES, ids=lambda p: p.name)
def test_illustration_is_used(path: Path) -> None:
    assert path.name in referenced_illustrations(), f"{path.name} is not used by any exercise"


@pytest.mark.parametrize("path", SVG_FILES, ids=lambda p: p.name)
def test_illustration_is_clean_svg(path: Path) -> None:
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == "0 0 240 240"
    assert (root.get("width"), root.get("height")) == ("240", "240")
    for element in root.iter():
        tag = element.tag.removeprefix(SVG_NS)
        assert tag in {"svg", "g", "path", "circle", "rect", "line", "polyline"}, tag
        assert "style" not in element.attrib, "use presentation attributes, not style"
        for name in ("fill", "stroke", "color", "stop-color"):
            value = element.get(name)
            assert value is None or value in ALLOWED_PAINT, f"{tag} {name}={value}"


@pytest.mark.parametrize("path", SVG_FILES, ids=lambda p: p.name)
def test_illustration_uses_only_the_three_colours(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    colours = set(re.findall(r"#[0-9a-fA-F]{3,8}\b", text))
    assert colours <= {FIGURE, MOTION, PROP}
    assert "rgb(" not in text and "url(" not in text
    # The app recolours for dark mode by exact string: figure strokes must use it.
    assert FIGURE in text


# The line weights every drawing shares: the person at 6, props and motion arrows at 4.
STROKE_WIDTHS = {FIGURE: "6", PROP: "4", MOTION: "4"}


@pytest.mark.parametrize("path", SVG_FILES, ids=lambda p: p.name)
def test_illustration_uses_the_standard_line_weights(path: Path) -> None:
    """Strokes are set once per colour group and nowhere else; only hands are filled.

    A drawing is one group per ink (figure, props, arrows) with the standard width; a
    shape inside a group inherits both. The one solid shape is a hand that holds or
    presses (a palm in the figure's ink, inside the figure's group), so it recolours with
    the person in dark mode.
    """
    root = ET.parse(path).getroot()
    groups = [child for child in root if child.tag == f"{SVG_NS}g"]
    assert groups and len(groups) == len(root), "every shape belongs to an ink group"
    assert FIGURE in {g.get("stroke") for g in groups}
    for group in groups:
        ink = group.get("stroke")
        assert ink in STROKE_WIDTHS, f"group stroke {ink}"
        width = group.get("stroke-width")
        assert width == STROKE_WIDTHS[ink], f"{ink} drawn at {width}"
        assert group.get("fill") == "none"
        for shape in group.iter():
            if shape is group:
                continue
            assert shape.get("stroke") is None and shape.get("stroke-width") is None
            fill = shape.get("fill")
            assert fill is None or (fill == FIGURE and ink == FIGURE), f"fill {fill} in {ink}"


# ---------------------------------------------------------------------------------------
# Issue 13: what a session needs, safety-check rules, routines that fit the day


def test_the_safety_check_asks_the_five_questions_of_the_sources() -> None:
    questions = safety().screening
    assert [q.id for q in questions] == [
        "recent-injury",
        "arm-symptoms",
        "dizziness",
        "instability",
        "severe-pain",
    ]
    for question in questions:
        assert question.text.endswith("?") and len(question.text) <= 90, question.text
        assert question.short == question.short.lower() and len(question.short) <= 60
        assert question.advice.endswith(".") and "\n" not in question.advice


def test_the_advice_screen_says_when_and_that_it_is_not_medical_advice() -> None:
    s = safety()
    assert s.advice_title and len(s.advice_title) <= 50
    text = " ".join(s.advice_points).lower()
    assert "few weeks" in text and "worse" in text and "professional" in text
    assert "not medical advice" in text


@pytest.mark.parametrize("path", EXERCISE_FILES, ids=lambda p: p.name)
def test_screening_names_only_known_questions(path: Path) -> None:
    exercise = library().exercises[path.stem]
    known = {q.id for q in safety().screening}
    assert exercise.leave_out_if <= known and exercise.gentler_if <= known
    if exercise.gentler_if:
        assert exercise.regression is not None


def test_backward_neck_stretch_is_screened_and_warns_first() -> None:
    extension = library().exercises["neck-extension-backward"]
    assert extension.leave_out_if == {"arm-symptoms", "recent-injury", "instability", "dizziness"}
    assert extension.gentler_if == {"severe-pain"}
    warning = extension.warning.lower()
    assert all(word in warning for word in ("tingling", "injury", "instability", "dizzy"))


def test_no_answer_leaves_out_the_chin_tuck_every_plan_falls_back_on() -> None:
    assert not library().exercises["chin-tuck-seated"].leave_out_if
    assert not library().exercises["diaphragmatic-breathing"].leave_out_if


@pytest.mark.parametrize("path", EXERCISE_FILES, ids=lambda p: p.name)
def test_warnings_are_short_enough_to_read_before_the_first_step(path: Path) -> None:
    warning = library().exercises[path.stem].warning
    assert warning == "" or (warning.endswith(".") and len(warning) <= 200), warning


def test_what_each_exercise_needs() -> None:
    exercises = library().exercises
    assert exercises["chin-tuck-wall"].needs == (Need.WALL,)
    assert exercises["doorway-chest-stretch"].needs == (Need.DOORWAY,)
    for exercise in exercises.values():
        assert (Need.FLOOR in exercise.needs) == (exercise.position is Position.FLOOR), exercise.id


def test_the_default_evening_session_stays_at_the_desk() -> None:
    slots = {slot.id: slot for slot in default_slots()}
    evening = library().routine(slots["evening"].routine)
    assert evening.id == "end-of-day"
    assert all(e.position is Position.SEATED for e in evening.exercises)
    assert evening.needs == ()
    assert evening.exercises[-1].kind.value == "breathing"  # a calm ending
    assert not any(e.leave_out_if for e in evening.exercises)  # nothing the check removes


def test_the_floor_routine_is_for_bedtime_and_says_so() -> None:
    slots = {slot.id: slot for slot in default_slots()}
    assert slots["bedtime"].routine == "evening-unwind" and not slots["bedtime"].enabled
    routine = library().routine("evening-unwind")
    assert "floor" in routine.name.lower() and "bed" in routine.description
    assert routine.needs == (Need.FLOOR,)


def test_the_check_in_stays_thirty_seconds() -> None:
    assert library().routine("check-in").steady == {"chin-tuck-seated"}
    for routine in library().routines.values():
        if routine.id != "check-in":
            assert routine.steady == frozenset(), routine.id


def test_belly_breathing_builds_up_to_about_five_minutes() -> None:
    belly = library().exercises["diaphragmatic-breathing"]
    assert belly.breathing is not None and belly.progression is not None
    b = belly.breathing
    longest = belly.progression.rounds_max * (b.inhale_s + b.hold_s + b.exhale_s)
    assert 270 <= longest <= 330
    assert (belly.progression.rounds_max - b.rounds) % belly.progression.rounds_step == 0


def test_the_gentler_breathing_paces() -> None:
    exercises = library().exercises
    belly = exercises["diaphragmatic-breathing"].regression
    assert belly is not None and (belly.inhale_s, belly.exhale_s) == (3, 4)
    combo = exercises["breathing-chin-retraction"].regression
    assert combo is not None and combo.hold_s == 0
