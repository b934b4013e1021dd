"""safety.toml: the stop page's groups, the safety-check questions and the advice screen.

Each bad field is reported by name (the shipped file is checked in test_assets.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desk_breaks.core.content import ContentError, Question
from desk_breaks.core.content_files import load_safety as load_safety_from_content_files
from desk_breaks.core.safety_file import load_safety

SAFETY = """\
disclaimer = "Not medical advice."
stop_title = "Let's stop"

[stop_now]
heading = "Right now"
points = ["Stop."]

[ease_off]
heading = "Next time"
points = ["Go gently."]

[seek_help]
heading = "Get advice"
points = ["See someone."]

[[screening]]
id = "arm-symptoms"
text = "Does anything spread into an arm?"
short = "arm symptoms"
advice = "Have it checked."

[[screening]]
id = "dizziness"
text = "Do you feel dizzy?"
short = "dizziness"
advice = "See someone first."

[advice]
title = "Time to see someone"
points = ["It has not got better.", "Not medical advice."]
"""


def test_safety_groups_have_headings(tmp_path: Path) -> None:
    path = tmp_path / "safety.toml"
    path.write_text(SAFETY)
    safety = load_safety(path)
    assert [(g.heading, g.points) for g in safety.groups] == [
        ("Right now", ("Stop.",)),
        ("Next time", ("Go gently.",)),
        ("Get advice", ("See someone.",)),
    ]
    assert load_safety_from_content_files is load_safety  # the app's import still works


def test_the_safety_check_and_the_advice_are_read_in_order(tmp_path: Path) -> None:
    path = tmp_path / "safety.toml"
    path.write_text(SAFETY)
    safety = load_safety(path)
    assert safety.screening == (
        Question(
            "arm-symptoms", "Does anything spread into an arm?", "arm symptoms", "Have it checked."
        ),
        Question("dizziness", "Do you feel dizzy?", "dizziness", "See someone first."),
    )
    assert safety.advice_title == "Time to see someone"
    assert safety.advice_points == ("It has not got better.", "Not medical advice.")


QUESTION_2 = '[[screening]]\nid = "dizziness"\n'


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('heading = "Next time"\n', "", "'ease_off.heading' is missing"),
        ('points = ["See someone."]', "points = []", "'seek_help.points' must list at least one"),
        (
            'heading = "Right now"',
            'heading = "Right now"\ntitle = "x"',
            "unknown field 'stop_now.title'",
        ),
        ('stop_title = "Let\'s stop"\n', "", "'stop_title' is missing"),
        ('short = "dizziness"\n', "", "'screening[2].short' is missing"),
        (
            'advice = "Have it checked."',
            'advice = "x"\ncolour = 1',
            "unknown field 'screening[1].colour'",
        ),
        (
            QUESTION_2,
            '[[screening]]\nid = "arm-symptoms"\n',
            "'screening[2].id' 'arm-symptoms' is taken",
        ),
        (
            QUESTION_2,
            '[[screening]]\nid = "Dizzy spells"\n',
            "'screening[2].id' 'Dizzy spells' may hold only",
        ),
        (
            'text = "Do you feel dizzy?"',
            'text = "Dizzy."',
            "'screening[2].text' must be a yes/no question",
        ),
        (
            'text = "Do you feel dizzy?"',
            'text = ""',
            "'screening[2].text' must be a non-empty text",
        ),
        ('title = "Time to see someone"\n', "", "'advice.title' is missing"),
        (
            'points = ["It has not got better.", "Not medical advice."]',
            "points = []",
            "'advice.points' must list at least one",
        ),
        ('[advice]\ntitle = "Time to see someone"\n', "[elsewhere]\n", "'advice' is missing"),
    ],
)
def test_safety_reports_the_bad_field(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in SAFETY
    path = tmp_path / "safety.toml"
    path.write_text(SAFETY.replace(old, new, 1))
    with pytest.raises(ContentError, match=re.escape(message)):
        load_safety(path)


def test_a_safety_file_without_questions_is_refused(tmp_path: Path) -> None:
    start, end = SAFETY.index("[[screening]]"), SAFETY.index("[advice]")
    path = tmp_path / "safety.toml"
    path.write_text(SAFETY[:start] + SAFETY[end:])
    with pytest.raises(
        ContentError, match=re.escape("'screening' is missing (the safety-check questions")
    ):
        load_safety(path)
