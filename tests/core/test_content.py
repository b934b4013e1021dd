"""The content loader: a user's broken file is skipped with a notice naming file and field.

Each test writes a small content folder (the shipped assets stay out of it) next to a
"shipped" one, so the notices are checked exactly as the app shows them.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from desk_breaks.core.content import (
    CHANGE_STANCE_S,
    GET_READY_S,
    TO_OR_FROM_FLOOR_S,
    Library,
    Position,
    get_ready_s,
)
from desk_breaks.core.content_files import load_library
from desk_breaks.core.settings import short_repr
from desk_breaks.core.settings_file import MAX_FILE_BYTES
from tests.helpers.content import hold_exercise, routine
from tests.helpers.odd_files import ODD_FILE_KINDS

EXERCISE = """\
id = "{id}"
name = "Gentle tuck"
purpose = "A test exercise."
summary = "tucks"
area = "neck"
position = "seated"
kind = "hold"
mistakes = ["Rushing."]
cautions = ["Stop if it hurts."]

[timing]
hold_s = 5
reps = 2
rep_rest_s = 2

[[steps]]
phase = "ready"
cue = "Sit tall."
illustration = "pose.svg"

[[steps]]
phase = "hold"
cue = "Draw the chin back."
illustration = "pose.svg"
"""

ROUTINE = """\
id = "{id}"
name = "My routine"
description = "Mine."

[[items]]
exercise = "{exercise}"
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 240"/>'


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    root = tmp_path / "shipped"
    for folder in ("exercises", "routines", "illustrations"):
        (root / folder).mkdir(parents=True)
    (root / "illustrations" / "pose.svg").write_text(SVG)
    (root / "exercises" / "tuck.toml").write_text(EXERCISE.format(id="tuck"))
    (root / "routines" / "base.toml").write_text(ROUTINE.format(id="base", exercise="tuck"))
    return root


@pytest.fixture
def user(tmp_path: Path) -> Path:
    root = tmp_path / "user"
    (root / "exercises").mkdir(parents=True)
    (root / "routines").mkdir(parents=True)
    return root


def write_exercise(user: Path, ex_id: str, text: str) -> Path:
    path = user / "exercises" / f"{ex_id}.toml"
    path.write_text(text)
    return path


def notices(library: Library) -> list[str]:
    return [str(problem) for problem in library.problems]


def test_good_user_files_join_the_shipped_ones(shipped: Path, user: Path) -> None:
    write_exercise(user, "mine", EXERCISE.format(id="mine"))
    (user / "routines" / "mine.toml").write_text(ROUTINE.format(id="mine", exercise="tuck"))
    library = load_library([shipped, user])
    assert notices(library) == []
    assert set(library.exercises) == {"tuck", "mine"}
    assert set(library.routines) == {"base", "mine"}
    assert library.exercises["mine"].summary_label == "tucks"


@pytest.mark.parametrize(
    ("change", "notice"),
    [
        pytest.param(
            ('name = "Gentle tuck"', 'name = "Gentle tuck"\ncolour = "blue"'),
            "broken.toml: unknown field 'colour'",
            id="unknown-key",
        ),
        pytest.param(
            ("hold_s = 5\n", "hold_s = 5\nspeed = 2\n"),
            "broken.toml: unknown field 'timing.speed'",
            id="unknown-key-in-table",
        ),
        pytest.param(
            ('purpose = "A test exercise."\n', ""),
            "broken.toml: 'purpose' is missing",
            id="missing-field",
        ),
        pytest.param(
            ('cue = "Draw the chin back."\n', ""),
            "broken.toml: 'steps[2].cue' is missing",
            id="missing-field-in-step",
        ),
        pytest.param(
            ("hold_s = 5", "hold_s = 0"),
            "broken.toml: 'timing.hold_s' must be greater than zero, not 0",
            id="zero-time",
        ),
        pytest.param(
            ("rep_rest_s = 2", "rep_rest_s = -1"),
            "broken.toml: 'timing.rep_rest_s' must be zero or more, not -1",
            id="negative-time",
        ),
        pytest.param(
            ("hold_s = 5", "hold_s = 4.5"),
            "broken.toml: 'timing.hold_s' must be a whole number, not 4.5",
            id="fractional-time",
        ),
        pytest.param(
            ('illustration = "pose.svg"\n\n[[steps]]', 'illustration = "gone.svg"\n\n[[steps]]'),
            "broken.toml: 'steps[1].illustration' names 'gone.svg', "
            "which is not in any illustrations folder",
            id="missing-illustration",
        ),
        pytest.param(
            ('position = "seated"', 'position = "lying"'),
            "broken.toml: 'position' must be one of 'seated', 'standing', 'floor', not 'lying'",
            id="bad-choice",
        ),
        pytest.param(
            ('id = "broken"', 'id = "tuck"'),
            "broken.toml: 'id' is 'tuck' but the file is named 'broken.toml'",
            id="id-not-file-name",
        ),
        pytest.param(
            ('phase = "hold"\n', 'phase = "hold"\nlabel = "A very long label for a hold"\n'),
            "broken.toml: 'steps[2].label' is longer than 24 characters",
            id="long-label",
        ),
        pytest.param(
            ("[timing]", "[timing"),
            "broken.toml: not valid TOML",
            id="not-toml",
        ),
    ],
)
def test_a_broken_user_exercise_is_skipped_with_a_notice(
    shipped: Path, user: Path, change: tuple[str, str], notice: str
) -> None:
    text = EXERCISE.format(id="broken")
    old, new = change
    assert old in text
    write_exercise(user, "broken", text.replace(old, new, 1))
    write_exercise(user, "fine", EXERCISE.format(id="fine"))
    library = load_library([shipped, user])
    assert len(library.problems) == 1
    assert notices(library)[0].startswith(notice)
    assert library.problems[0].path == user / "exercises" / "broken.toml"
    assert set(library.exercises) == {"tuck", "fine"}  # the rest keeps working


def test_a_user_file_cannot_replace_a_shipped_id(shipped: Path, tmp_path: Path) -> None:
    user = tmp_path / "elsewhere"
    (user / "exercises").mkdir(parents=True)
    write_exercise(user, "tuck", EXERCISE.format(id="tuck").replace("Gentle", "Other"))
    library = load_library([shipped, user])
    assert notices(library) == ["tuck.toml: the id 'tuck' is already taken"]
    assert library.exercises["tuck"].name == "Gentle tuck"


def test_a_routine_naming_a_missing_exercise_is_skipped(shipped: Path, user: Path) -> None:
    (user / "routines" / "mine.toml").write_text(ROUTINE.format(id="mine", exercise="nope"))
    library = load_library([shipped, user])
    assert notices(library) == [
        "mine.toml: 'items[1].exercise' names 'nope', which is not a known exercise"
    ]
    assert set(library.routines) == {"base"}


def test_a_routine_naming_a_skipped_exercise_says_so(shipped: Path, user: Path) -> None:
    write_exercise(user, "bad", EXERCISE.format(id="bad").replace("hold_s = 5", "hold_s = 0"))
    (user / "routines" / "mine.toml").write_text(ROUTINE.format(id="mine", exercise="bad"))
    library = load_library([shipped, user])
    assert notices(library)[1] == (
        "mine.toml: 'items[1].exercise' names 'bad', "
        "whose file was skipped (see the notice about it)"
    )


@pytest.mark.parametrize(
    ("extra", "notice"),
    [
        ("hold_s = 0", "mine.toml: 'items[1].hold_s' must be greater than zero, not 0"),
        ("rounds = 3", "mine.toml: unknown field 'items[1].rounds'"),
        ("reps = 3\nrep_rest_s = 0", "mine.toml: 'items[1]' asks for several reps with no"),
    ],
)
def test_a_routine_with_a_bad_dose_is_skipped(
    shipped: Path, user: Path, extra: str, notice: str
) -> None:
    (user / "routines" / "mine.toml").write_text(
        ROUTINE.format(id="mine", exercise="tuck") + extra + "\n"
    )
    library = load_library([shipped, user])
    assert len(notices(library)) == 1 and notices(library)[0].startswith(notice)


def test_missing_or_odd_folders_never_stop_the_load(shipped: Path, tmp_path: Path) -> None:
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "exercises").write_text("a file where a folder should be")
    library = load_library([shipped, tmp_path / "does-not-exist", odd])
    assert notices(library) == []
    assert set(library.exercises) == {"tuck"}


def test_get_ready_is_longer_when_the_position_changes() -> None:
    seated, standing, floor = Position.SEATED, Position.STANDING, Position.FLOOR
    assert get_ready_s(None, seated) == get_ready_s(floor, floor) == GET_READY_S
    assert get_ready_s(seated, standing) == get_ready_s(standing, seated) == CHANGE_STANCE_S
    assert get_ready_s(None, floor) == TO_OR_FROM_FLOOR_S  # a session starts at the desk
    assert get_ready_s(standing, floor) == get_ready_s(floor, seated) == TO_OR_FROM_FLOOR_S
    assert GET_READY_S < CHANGE_STANCE_S < TO_OR_FROM_FLOOR_S
    r = routine(
        hold_exercise("a", position=floor, hold_s=5, reps=1),
        hold_exercise("b", position=floor, hold_s=5, reps=1),
        hold_exercise("c", hold_s=5, reps=1),
    )
    assert r.duration_s() == (TO_OR_FROM_FLOOR_S + 5) + (GET_READY_S + 5) + (TO_OR_FROM_FLOOR_S + 5)


# ---------------------------------------------------------------------------------------
# Issue 11: every parser failure, oversized file and odd file kind skips just that file.


ODD_FILES: dict[str, tuple[Callable[[Path], object], str]] = {
    "deep-arrays": (
        lambda p: p.write_text("a = " + "[" * 100_000),
        "not valid TOML (its values are nested too deeply)",
    ),
    "deep-tables": (
        lambda p: p.write_text("a = " + "{b = " * 100_000),
        "not valid TOML (its values are nested too deeply)",
    ),
    "not-utf8": (
        lambda p: p.write_bytes(b'id = "broken"\n\xff'),
        "not valid TOML (it is not UTF-8 text (byte 15 is not))",
    ),
    "oversized": (
        lambda p: p.write_bytes(b"#" * (MAX_FILE_BYTES + 1)),
        "is too large (1,048,577 bytes; at most 1,048,576 bytes are read)",
    ),
    **ODD_FILE_KINDS,
}


@pytest.mark.parametrize("kind", sorted(ODD_FILES))
@pytest.mark.parametrize("folder", ["exercises", "routines"])
def test_an_odd_or_unparsable_file_is_skipped_with_a_notice_naming_it(
    shipped: Path, user: Path, kind: str, folder: str
) -> None:
    make, message = ODD_FILES[kind]
    path = user / folder / "broken.toml"
    make(path)
    write_exercise(user, "fine", EXERCISE.format(id="fine"))
    library = load_library([shipped, user])
    assert notices(library) == [f"broken.toml: {message.format(folder=path.parent)}"]
    assert library.problems[0].path == path
    assert set(library.exercises) == {"tuck", "fine"}  # the rest keeps working
    assert set(library.routines) == {"base"}


def test_a_file_that_cannot_be_opened_is_skipped(
    shipped: Path, user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_exercise(user, "locked", EXERCISE.format(id="locked"))
    real_open = os.open

    # Root (as in CI) opens a 0000 file anyway, so the refusal is simulated at the open.
    def refuse(name: str | Path, flags: int, *args: int, **kwargs: object) -> int:
        if Path(name) == path:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(name, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    library = load_library([shipped, user])
    assert notices(library) == ["locked.toml: cannot be read (Permission denied)"]


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("../illustrations/pose.svg", id="relative-up"),
        pytest.param("../../../../../../../../../../../../etc/passwd", id="dot-dot-to-etc"),
        pytest.param("{shipped}/illustrations/pose.svg", id="absolute"),
        pytest.param("sub/pose.svg", id="sub-folder"),
        pytest.param("..", id="parent"),
        pytest.param("pose\\u0000.svg", id="nul"),
        pytest.param("C:pose.svg", id="windows-drive"),
    ],
)
def test_an_illustration_must_be_a_plain_file_name(shipped: Path, user: Path, name: str) -> None:
    name = name.format(shipped=shipped)
    text = EXERCISE.format(id="broken").replace(
        'illustration = "pose.svg"', f'illustration = "{name}"', 1
    )
    write_exercise(user, "broken", text)
    library = load_library([shipped, user])
    shown = short_repr(name.replace("\\u0000", "\x00"))  # long ones are quoted short
    assert notices(library) == [
        "broken.toml: 'steps[1].illustration' must be the name of a picture in an "
        f"illustrations folder, not the path {shown}"
    ]
    assert "broken" not in library.exercises


def test_a_long_bad_value_is_quoted_short(shipped: Path, user: Path) -> None:
    text = EXERCISE.format(id="broken").replace('position = "seated"', f'position = "{"x" * 5000}"')
    write_exercise(user, "broken", text)
    (notice,) = notices(load_library([shipped, user]))
    assert notice.startswith("broken.toml: 'position' must be one of")
    assert len(notice) < 200
