"""The fields the coach reads: needs, warning, [screening], the gentler version's seconds,
and a routine item's ``steady``. Each is read when right and reported by name when wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desk_breaks.core.content import Library, Need, Regression, gentler, needs_sentence
from desk_breaks.core.content_files import load_library

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 240"/>'

HOLD = """\
id = "{id}"
name = "Gentle tuck"
purpose = "A test exercise."
area = "neck"
position = "standing"
kind = "hold"
{top}
[timing]
hold_s = 5
reps = 2
rep_rest_s = 2

[regression]
cue = "Smaller."
{regression}
{tables}
[[steps]]
phase = "ready"
cue = "Stand tall."
illustration = "pose.svg"

[[steps]]
phase = "hold"
cue = "Draw the chin back."
illustration = "pose.svg"
"""

BREATH = """\
id = "{id}"
name = "Slow breathing"
purpose = "A test exercise."
area = "breathing"
position = "seated"
kind = "breathing"

[breathing]
inhale_s = 4
hold_s = 3
exhale_s = 6
rounds = 6

[regression]
cue = "Shorter."
{regression}
[[steps]]
phase = "ready"
cue = "Sit."
illustration = "pose.svg"

[[steps]]
phase = "inhale"
cue = "In."
illustration = "pose.svg"

[[steps]]
phase = "exhale"
cue = "Out."
illustration = "pose.svg"
"""

QUESTIONS = {"arm-symptoms", "dizziness", "severe-pain"}


def hold_text(
    top: str = "", regression: str = "hold_s = 3", tables: str = "", id: str = "ex"
) -> str:
    return HOLD.format(id=id, top=top, regression=regression, tables=tables)


def load(
    tmp_path: Path, exercises: dict[str, str], routines: dict[str, str] | None = None
) -> Library:
    root = tmp_path / "content"
    for folder in ("exercises", "routines", "illustrations"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "illustrations" / "pose.svg").write_text(SVG)
    for ex_id, text in exercises.items():
        (root / "exercises" / f"{ex_id}.toml").write_text(text)
    for routine_id, text in (routines or {}).items():
        (root / "routines" / f"{routine_id}.toml").write_text(text)
    return load_library([root], question_ids=QUESTIONS)


def notices(library: Library) -> list[str]:
    return [str(problem) for problem in library.problems]


def test_needs_warning_and_screening_are_read(tmp_path: Path) -> None:
    text = hold_text(
        top='needs = ["wall", "floor"]\nwarning = "Skip this with arm symptoms."\n',
        tables='[screening]\nleave_out_if = ["arm-symptoms", "dizziness"]\n'
        'gentler_if = ["severe-pain"]\n',
    )
    library = load(tmp_path, {"ex": text})
    assert notices(library) == []
    exercise = library.exercises["ex"]
    assert exercise.needs == (Need.WALL, Need.FLOOR)
    assert exercise.warning == "Skip this with arm symptoms."
    assert exercise.leave_out_if == {"arm-symptoms", "dizziness"}
    assert exercise.gentler_if == {"severe-pain"}
    assert exercise.regression == Regression("Smaller.", hold_s=3)
    assert gentler(exercise).hold is not None and gentler(exercise).hold.hold_s == 3


def test_the_new_fields_are_optional(tmp_path: Path) -> None:
    library = load(tmp_path, {"ex": hold_text(regression="")})
    exercise = library.exercises["ex"]
    assert (exercise.needs, exercise.warning) == ((), "")
    assert exercise.leave_out_if == exercise.gentler_if == frozenset()
    assert exercise.regression == Regression("Smaller.")


def test_without_question_ids_the_ids_are_only_checked_for_form(tmp_path: Path) -> None:
    root = tmp_path / "content"
    load(tmp_path, {"ex": hold_text(tables='[screening]\nleave_out_if = ["anything-at-all"]\n')})
    library = load_library([root])
    assert notices(library) == []
    assert library.exercises["ex"].leave_out_if == {"anything-at-all"}


@pytest.mark.parametrize(
    ("top", "tables", "regression", "notice"),
    [
        (
            'needs = ["chair"]',
            "",
            "",
            "'needs' holds 'chair'; each must be one of 'wall', 'doorway', 'floor'",
        ),
        ('needs = "wall"', "", "", "'needs' must be a list of 'wall', 'doorway', 'floor'"),
        ('needs = ["wall", "wall"]', "", "", "'needs' names 'wall' twice"),
        ("warning = 3", "", "", "'warning' must be a non-empty text"),
        (
            "",
            '[screening]\nleave_out_if = ["arm-tingling"]\n',
            "",
            "'screening.leave_out_if' names 'arm-tingling', which is not a safety-check "
            "question (known: arm-symptoms, dizziness, severe-pain)",
        ),
        (
            "",
            '[screening]\ngentler_if = ["vertigo"]\n',
            "",
            "'screening.gentler_if' names 'vertigo', which is not a safety-check question",
        ),
        (
            "",
            '[screening]\ngentler_if = "dizziness"\n',
            "",
            "'screening.gentler_if' must be a list of ids",
        ),
        (
            "",
            '[screening]\ngentler_if = ["Dizzy spells"]\n',
            "",
            "'screening.gentler_if' holds 'Dizzy spells', which is not an id",
        ),
        (
            "",
            '[screening]\nleave_out_if = ["dizziness", "dizziness"]\n',
            "",
            "'screening.leave_out_if' names 'dizziness' twice",
        ),
        (
            "",
            '[screening]\nleave_out_if = ["dizziness"]\ngentler_if = ["dizziness"]\n',
            "",
            "'screening' names 'dizziness' in both 'leave_out_if' and 'gentler_if'",
        ),
        ("", '[screening]\nskip_if = ["dizziness"]\n', "", "unknown field 'screening.skip_if'"),
        ("", "", "hold_s = 0", "'regression.hold_s' must be greater than zero, not 0"),
        ("", "", "hold_s = 8", "'regression.hold_s' is 8, longer than 'timing.hold_s' (5)"),
        ("", "", "inhale_s = 3", "'regression.inhale_s' belongs only to breathing exercises"),
    ],
)
def test_a_bad_new_field_skips_the_exercise_naming_the_field(
    tmp_path: Path, top: str, tables: str, regression: str, notice: str
) -> None:
    library = load(tmp_path, {"ex": hold_text(top=top, tables=tables, regression=regression)})
    assert len(library.problems) == 1
    assert notices(library)[0].startswith(f"ex.toml: {notice}")
    assert "ex" not in library.exercises


def test_gentler_if_needs_a_gentler_version(tmp_path: Path) -> None:
    text = hold_text(regression="", tables='[screening]\ngentler_if = ["severe-pain"]\n')
    text = text.replace('[regression]\ncue = "Smaller."\n', "")
    library = load(tmp_path, {"ex": text})
    assert notices(library) == [
        "ex.toml: 'screening.gentler_if' needs a [regression] table: the gentler version to use"
    ]


def test_a_breathing_regression_sets_its_own_pace_and_may_drop_the_pause(tmp_path: Path) -> None:
    library = load(
        tmp_path,
        {
            "paced": BREATH.format(id="paced", regression="inhale_s = 3\nexhale_s = 4\n"),
            "no-pause": BREATH.format(id="no-pause", regression="hold_s = 0\n"),
        },
    )
    assert notices(library) == []
    paced = library.exercises["paced"]
    assert paced.regression == Regression("Shorter.", inhale_s=3, exhale_s=4)
    eased = gentler(paced).breathing
    assert eased is not None and (eased.inhale_s, eased.hold_s, eased.exhale_s) == (3, 3, 4)
    no_pause = library.exercises["no-pause"]
    assert no_pause.regression == Regression("Shorter.", hold_s=0)
    eased = gentler(no_pause).breathing
    assert eased is not None and (eased.inhale_s, eased.hold_s, eased.exhale_s) == (4, 0, 6)


@pytest.mark.parametrize(
    ("regression", "notice"),
    [
        ("inhale_s = 0", "'regression.inhale_s' must be greater than zero, not 0"),
        ("exhale_s = -2", "'regression.exhale_s' must be greater than zero, not -2"),
        ("hold_s = -1", "'regression.hold_s' must be zero or more, not -1"),
        ('inhale_s = "slow"', "'regression.inhale_s' must be a whole number, not 'slow'"),
        ("rounds = 3", "unknown field 'regression.rounds'"),
    ],
)
def test_a_bad_breathing_regression_is_reported(
    tmp_path: Path, regression: str, notice: str
) -> None:
    library = load(tmp_path, {"slow": BREATH.format(id="slow", regression=regression + "\n")})
    assert notices(library) == [f"slow.toml: {notice}"]


ROUTINE = """\
id = "{id}"
name = "Mine"
description = "Mine."

[[items]]
exercise = "ex"
{first}
[[items]]
exercise = "other"

[[items]]
exercise = "ex"
{last}
"""


def test_steady_items_and_the_routines_needs(tmp_path: Path) -> None:
    library = load(
        tmp_path,
        {
            "ex": hold_text(top='needs = ["wall"]'),
            "other": hold_text(id="other", top='needs = ["doorway", "wall"]'),
        },
        {
            "steady": ROUTINE.format(id="steady", first="steady = true", last="steady = true"),
            "grows": ROUTINE.format(id="grows", first="", last="steady = false"),
        },
    )
    assert notices(library) == []
    steady, grows = library.routines["steady"], library.routines["grows"]
    assert steady.steady == {"ex"} and grows.steady == frozenset()
    assert steady.needs == (Need.WALL, Need.DOORWAY)
    assert needs_sentence(steady.needs) == "You need a wall and a doorway."


@pytest.mark.parametrize(
    ("first", "last", "notice"),
    [
        ('steady = "yes"', "", "'items[1].steady' must be true or false"),
        ("steady = true", "", "'items[3].steady' must match the earlier item for 'ex'"),
    ],
)
def test_a_bad_steady_skips_the_routine(tmp_path: Path, first: str, last: str, notice: str) -> None:
    library = load(
        tmp_path,
        {"ex": hold_text(), "other": hold_text(id="other")},
        {"mine": ROUTINE.format(id="mine", first=first, last=last)},
    )
    assert len(library.problems) == 1 and notices(library)[0].startswith(f"mine.toml: {notice}")
    assert "mine" not in library.routines
