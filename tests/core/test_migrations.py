"""The settings migration framework, checked with a test-only table of steps.

The test-only steps show how a step is written: a pure function from one version's data
to the next. The shipped step (v1 -> v2) is checked at the end, also through the file.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest

from desk_breaks.core import settings_file
from desk_breaks.core.migrations import MIGRATIONS, MigrationError, migrate
from desk_breaks.core.settings import SCHEMA_VERSION


def rename_snooze(data: dict[str, Any]) -> dict[str, Any]:
    """v1 -> v2: prompts.snooze becomes prompts.snooze_choices_min."""
    prompts = data.setdefault("prompts", {})
    if "snooze" in prompts:
        prompts["snooze_choices_min"] = prompts.pop("snooze")
    return data


def split_hours(data: dict[str, Any]) -> dict[str, Any]:
    """v2 -> v3: check_ins.hours = "09:00-18:00" becomes start and end."""
    check_ins = data.setdefault("check_ins", {})
    if "hours" in check_ins:
        start, end = check_ins.pop("hours").split("-")
        check_ins["start"], check_ins["end"] = start, end
    return data


STEPS = {1: rename_snooze, 2: split_hours}


def test_each_step_runs_in_order_up_to_the_target() -> None:
    old = {"schema_version": 1, "prompts": {"snooze": [5]}, "check_ins": {"hours": "08:00-16:00"}}
    new = migrate(old, 1, steps=STEPS, target=3)
    assert new == {
        "schema_version": 3,
        "prompts": {"snooze_choices_min": [5]},
        "check_ins": {"start": "08:00", "end": "16:00"},
    }
    assert old["prompts"] == {"snooze": [5]}, "the caller's data must not change"


def test_a_file_already_part_way_runs_only_the_remaining_steps() -> None:
    data = {"schema_version": 2, "prompts": {"snooze": "left alone"}, "check_ins": {}}
    assert migrate(data, 2, steps=STEPS, target=3)["prompts"] == {"snooze": "left alone"}


def test_a_missing_step_is_a_clear_error() -> None:
    with pytest.raises(MigrationError, match="version 2 cannot be upgraded"):
        migrate({}, 1, steps={1: rename_snooze}, target=3)


def test_a_newer_version_is_refused_never_downgraded() -> None:
    with pytest.raises(MigrationError, match="newer"):
        migrate({"schema_version": 4}, 4, steps=STEPS, target=3)


def test_the_shipped_table_covers_every_version_below_the_current_one() -> None:
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))
    assert migrate({"theme": "dark"}, SCHEMA_VERSION) == {
        "theme": "dark",
        "schema_version": SCHEMA_VERSION,
    }


def test_a_newer_file_is_read_kept_and_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    path = tmp_path / "config" / "settings.toml"
    text = f'schema_version = {SCHEMA_VERSION + 1}\ntheme = "dark"\n[meetings]\nmute = true\n'
    path.write_text(text)
    result = settings_file.load(path, datetime(2026, 1, 1))
    assert result.read_only
    assert result.settings.theme.value == "dark"  # read as far as possible
    assert result.issues == ()  # fields only the newer version knows are not errors
    assert result.problem is not None and "newer Desk Breaks" in result.problem
    with pytest.raises(settings_file.SaveError):
        settings_file.save(path, result.settings)
    assert path.read_text() == text
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]


# ---------------------------------------------------------------------------------------
# v1 -> v2 (issue 13): the untouched evening session moves to the desk routine.

V1_SLOTS = """\
schema_version = 1

[[slots]]
id = "morning"
time = 09:30:00
routine = "morning-mobility"
weekdays = ["mon", "tue", "wed", "thu", "fri"]
enabled = true

[[slots]]
id = "evening"
time = 17:30:00
routine = "evening-unwind"
weekdays = ["mon", "tue", "wed", "thu", "fri"]
enabled = true
"""


def load_v1(tmp_path: Path, text: str) -> settings_file.LoadResult:
    (tmp_path / "config").mkdir()
    path = tmp_path / "config" / "settings.toml"
    path.write_text(text)
    return settings_file.load(path, datetime(2026, 1, 1))


def test_the_untouched_evening_session_moves_to_the_desk_and_bedtime_is_offered(
    tmp_path: Path,
) -> None:
    result = load_v1(tmp_path, V1_SLOTS)
    assert result.issues == () and result.changed_by_migration
    slots = {slot.id: slot for slot in result.settings.slots}
    assert list(slots) == ["morning", "evening", "bedtime"]
    assert (slots["evening"].time, slots["evening"].routine) == (time(17, 30), "end-of-day")
    assert slots["evening"].enabled and slots["evening"].weekdays == frozenset(range(5))
    bedtime = slots["bedtime"]
    assert (bedtime.time, bedtime.routine, bedtime.enabled) == (
        time(21, 30),
        "evening-unwind",
        False,
    )
    assert bedtime.weekdays == frozenset(range(7))
    assert slots["morning"].routine == "morning-mobility"


def test_a_text_time_and_fields_left_at_their_defaults_count_as_untouched() -> None:
    data = {"slots": [{"id": "evening", "time": "17:30", "routine": "evening-unwind"}]}
    new = migrate(data, 1)
    assert [s["id"] for s in new["slots"]] == ["evening", "bedtime"]
    assert new["slots"][0]["routine"] == "end-of-day"
    assert new["schema_version"] == SCHEMA_VERSION


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("time = 17:30:00", "time = 19:00:00"),
        ('routine = "evening-unwind"', 'routine = "breathing-break"'),
        ('"fri"]', '"fri", "sat"]'),
        ("enabled = true", "enabled = false"),
        ('id = "evening"', 'id = "after-work"'),
    ],
)
def test_an_evening_session_the_user_changed_stays_as_it_is(
    tmp_path: Path, old: str, new: str
) -> None:
    morning, evening = V1_SLOTS.split('[[slots]]\nid = "evening"')
    text = morning + ('[[slots]]\nid = "evening"' + evening).replace(old, new)
    assert text != V1_SLOTS
    unmigrated = load_v1(tmp_path, text.replace("schema_version = 1", "schema_version = 2"))
    (tmp_path / "config" / "settings.toml").write_text(text)
    migrated = settings_file.load(tmp_path / "config" / "settings.toml", datetime(2026, 1, 2))
    assert migrated.changed_by_migration
    assert migrated.settings.slots == unmigrated.settings.slots  # nothing moved or added
    assert "bedtime" not in {slot.id for slot in migrated.settings.slots}


def test_an_existing_bedtime_session_is_kept_not_doubled() -> None:
    bedtime = {"id": "bedtime", "time": "22:15", "routine": "breathing-break"}
    data = {
        "slots": [
            bedtime,
            {"id": "evening", "time": "17:30", "routine": "evening-unwind"},
        ]
    }
    new = migrate(data, 1)
    assert new["slots"] == [bedtime, {**data["slots"][1], "routine": "end-of-day"}]


def test_a_file_without_sessions_gets_the_new_defaults(tmp_path: Path) -> None:
    result = load_v1(tmp_path, 'schema_version = 1\ntheme = "dark"\n')
    assert [(s.id, s.routine, s.enabled) for s in result.settings.slots] == [
        ("morning", "morning-mobility", True),
        ("lunch", "lunch-reset", True),
        ("evening", "end-of-day", True),
        ("bedtime", "evening-unwind", False),
    ]
