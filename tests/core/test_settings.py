"""The typed settings model: validation messages, lenient reading, round trips, files."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from datetime import time
from pathlib import Path

import pytest

from desk_breaks.core import settings_file
from desk_breaks.core.settings import (
    CheckIns,
    CoachSettings,
    Prompts,
    Settings,
    Slot,
    to_dict,
    validate,
)
from desk_breaks.core.settings_read import from_dict

ROUTINES = {
    "check-in",
    "morning-mobility",
    "lunch-reset",
    "end-of-day",
    "evening-unwind",
    "breathing-break",
}


def messages(settings: Settings) -> list[str]:
    return [str(issue) for issue in validate(settings, ROUTINES)]


def test_defaults_are_valid_and_match_the_documented_day() -> None:
    settings = Settings()
    assert messages(settings) == []
    assert [(s.id, s.time, s.routine, s.enabled) for s in settings.slots] == [
        ("morning", time(9, 30), "morning-mobility", True),
        ("lunch", time(12, 30), "lunch-reset", True),
        ("evening", time(17, 30), "end-of-day", True),  # at the desk (issue 13)
        ("bedtime", time(21, 30), "evening-unwind", False),  # the floor, when the user picks
    ]
    assert settings.check_ins.interval_min == 30
    assert (settings.check_ins.start, settings.check_ins.end) == (time(9), time(18))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"check_ins": CheckIns(start=time(18), end=time(9))},
            "check_ins.end: working hours end at 09:00, before they start at 18:00",
        ),
        ({"check_ins": CheckIns(interval_min=4)}, "must be from 5 to 240 minutes, not 4"),
        ({"prompts": Prompts(snooze_choices_min=(0,))}, "must be from 1 to 60 minutes, not 0"),
        (
            {"slots": (Slot("lunch", time(12), "lunch-reset", frozenset()),)},
            "slots.lunch: is switched on but has no weekday",
        ),
        (
            {"slots": (Slot("lunch", time(12), "nap"),)},
            "slots.lunch: the routine 'nap' does not exist",
        ),
        (
            {"slots": (Slot("a", time(12), "lunch-reset"), Slot("b", time(12), "check-in"))},
            "slots.b: starts at 12:00 on Mon, the same time as 'a'",
        ),
    ],
)
def test_validation_says_what_is_wrong(change: dict[str, object], expected: str) -> None:
    settings = replace(Settings(), **change)  # type: ignore[arg-type]
    assert any(expected in m for m in messages(settings)), messages(settings)


def test_round_trip_through_toml() -> None:
    settings = replace(
        Settings(),
        slots=(Slot("tea", time(15, 45, 30), "breathing-break", frozenset({5, 6})),),
        prompts=Prompts(snooze_choices_min=(3, 7), snooze_cap=1),
    )
    text = settings_file.dumps(to_dict(settings))
    back, issues = from_dict(tomllib.loads(text))
    assert issues == []
    assert back == settings


def test_the_coach_section_is_written_read_and_checked() -> None:
    assert Settings().coach == CoachSettings(ask_feeling=True, daily_journal=True)
    settings = replace(Settings(), coach=CoachSettings(ask_feeling=False, daily_journal=True))
    text = settings_file.dumps(to_dict(settings))
    assert "[coach]\nask_feeling = false\ndaily_journal = true\n" in text
    back, issues = from_dict(tomllib.loads(text))
    assert issues == [] and back == settings

    data = to_dict(Settings())
    del data["coach"]  # a file from before the coach: its defaults, and nothing to say
    back, issues = from_dict(data)
    assert issues == [] and back.coach == CoachSettings()

    data = to_dict(Settings())
    data["coach"]["daily_journal"] = "sometimes"
    data["coach"]["nag"] = True
    back, issues = from_dict(data)
    assert back.coach.daily_journal is True
    assert sorted(i.field for i in issues) == ["coach.daily_journal", "coach.nag"]


def test_bad_values_fall_back_one_by_one_with_messages() -> None:
    data = to_dict(Settings())
    data["check_ins"]["interval_min"] = "often"
    data["slots"][1]["time"] = "25:00"
    data["theme"] = "neon"
    data["colour"] = "blue"
    settings, issues = from_dict(data)
    text = [str(i) for i in issues]
    assert settings.check_ins.interval_min == 30
    assert settings.theme.value == "system"
    assert [s.id for s in settings.slots] == ["morning", "evening", "bedtime"]
    assert any("check_ins.interval_min: must be a whole number" in t for t in text)
    assert any("slots[2].time: must be a time from 00:00 to 23:59" in t for t in text)
    assert any("theme: must be one of" in t for t in text)
    assert any("colour: is not a setting" in t for t in text)


def test_save_is_atomic_and_keeps_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    settings_file.save(path, Settings())
    changed = replace(Settings(), reduced_motion=True)
    settings_file.save(path, changed)
    assert settings_file.load(path).settings == changed
    assert settings_file.load(path.with_name("settings.toml.bak")).settings == Settings()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".settings-")] == []


def test_a_corrupt_file_gives_defaults_is_set_aside_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("preset = [unclosed\n")
    result = settings_file.load(path)
    assert result.settings == Settings()
    assert result.problem is not None and "not valid TOML" in result.problem
    assert result.set_aside is not None and result.set_aside.read_text() == path.read_text()
    assert path.read_text() == "preset = [unclosed\n"


def test_a_newer_file_is_read_but_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('schema_version = 99\nreduced_motion = true\nnew_thing = "x"\n')
    result = settings_file.load(path)
    assert result.read_only
    assert result.settings.reduced_motion is True
    assert result.problem is not None and "newer Desk Breaks" in result.problem


def test_a_read_only_folder_raises_a_clear_save_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root (as in CI) may write into a 0500 folder, so the refusal is simulated where the
    # OS would raise it: creating the temporary file.
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(settings_file.tempfile, "mkstemp", refuse)
    with pytest.raises(settings_file.SaveError, match="Permission denied"):
        settings_file.save(tmp_path / "settings.toml", Settings())
    assert not (tmp_path / "settings.toml").exists()


def test_a_failing_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.toml"
    settings_file.save(path, Settings())
    before = path.read_bytes()

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(settings_file.os, "fsync", broken_fsync)
    with pytest.raises(settings_file.SaveError, match="No space left"):
        settings_file.save(path, replace(Settings(), reduced_motion=True))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".settings-")] == []
