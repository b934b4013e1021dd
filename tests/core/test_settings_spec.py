"""Each setting is described once: its spec drives reading, writing, range checks and repair.

Adding a whole-number setting is one edit, the field with its spec. These tests prove it
twice: on a variant of the settings that adds a field no code names, and on every ranged
field that exists.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from typing import Any

import pytest

from desk_breaks.core import settings_file
from desk_breaks.core.settings import (
    IssueCode,
    Prompts,
    Setting,
    Settings,
    SettingsIssue,
    ranged,
    repair,
    replaced_at,
    spec,
    spec_at,
    to_dict,
    validate,
    value_at,
)
from desk_breaks.core.settings_read import from_dict


@dataclass(frozen=True)
class MorePrompts(Prompts):
    """Prompts with one setting more: the single edit a new setting takes."""

    stretch_s: int = field(
        default=20,
        metadata=spec("&Stretch for:", "Prompts", limits=(5, 90), unit="s"),
    )


@dataclass(frozen=True)
class MoreSettings(Settings):
    prompts: MorePrompts = field(  # type: ignore[assignment]
        default_factory=MorePrompts, metadata=spec("Prompts", "Prompts")
    )


def table(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    for part in path[:-1]:
        data = data[part]
    return data


def test_a_new_field_is_written_read_checked_and_repaired_with_no_other_edit() -> None:
    settings = MoreSettings()
    data = to_dict(settings)
    assert data["prompts"]["stretch_s"] == 20
    text = settings_file.dumps(data)
    assert "stretch_s = 20" in text

    data["prompts"]["stretch_s"] = 45
    back, issues = from_dict(data, MoreSettings)
    assert issues == []
    assert isinstance(back, MoreSettings) and back.prompts.stretch_s == 45

    data["prompts"]["stretch_s"] = "long"
    back, issues = from_dict(data, MoreSettings)
    assert back.prompts.stretch_s == 20
    assert [(i.path, i.code) for i in issues] == [(("prompts", "stretch_s"), IssueCode.WRONG_TYPE)]

    bad = dataclasses.replace(settings, prompts=MorePrompts(stretch_s=99))
    assert validate(bad) == [
        SettingsIssue(
            ("prompts", "stretch_s"), IssueCode.OUT_OF_RANGE, "must be from 5 to 90 seconds, not 99"
        )
    ]
    fixed, issues = repair(bad)
    assert fixed == settings
    assert [str(i) for i in issues] == [
        "prompts.stretch_s: must be from 5 to 90 seconds, not 99; using 20"
    ]
    assert spec_at(("prompts", "stretch_s")) is not None  # the dialog finds its page


RANGED = list(ranged())


@pytest.mark.parametrize("setting", RANGED, ids=[s.name for s in RANGED])
def test_every_ranged_setting_is_read_written_and_checked_from_its_spec(setting: Setting) -> None:
    assert setting.spec.limits is not None and setting.spec.label and setting.spec.page
    low, high = setting.spec.limits
    data = to_dict(Settings())
    written = table(data, setting.path)[setting.path[-1]]
    assert written == (list(setting.default) if setting.is_int_list else setting.default)
    assert tomllib.loads(settings_file.dumps(data)) is not None

    value: Any = (high,) if setting.is_int_list else high
    table(data, setting.path)[setting.path[-1]] = list(value) if setting.is_int_list else value
    back, issues = from_dict(data)
    assert issues == [] and value_at(back, setting.path) == value

    for wrong in (low - 1, high + 1):
        value = (wrong,) if setting.is_int_list else wrong
        bad = replaced_at(Settings(), setting.path, value)
        found = [i for i in validate(bad) if i.path == setting.path]
        assert [i.code for i in found] == [IssueCode.OUT_OF_RANGE]
        assert f"must be from {low} to {high}" in found[0].message
        fixed, _ = repair(bad)
        assert validate(fixed) == []
