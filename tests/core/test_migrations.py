"""The settings migration framework, checked with a test-only table of steps.

Version 1 is the only released schema, so the shipped table is empty; these steps show
how a real one is written: a pure function from one version's data to the next.
"""

from __future__ import annotations

from datetime import datetime
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
