"""Values typed into settings.toml that are not allowed: each falls back to its default.

Issue 11: ``interval_min = 0`` under ``[check_ins]`` froze every start and ``-5`` crashed
it, because start-up built the schedule from values only a live edit ever checked. Now
``settings_file.load`` is the one check: whatever the file says, the settings it returns
pass ``validate``, each bad field is reported by name with what was used instead, and the
file is not touched.
"""

from __future__ import annotations

import copy
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_breaks.core import settings_file
from desk_breaks.core.schedule import Plan
from desk_breaks.core.settings import (
    MAX_SLOTS,
    MAX_SNOOZE_CHOICES,
    CheckIns,
    IssueCode,
    Settings,
    SettingsIssue,
    repair,
    to_dict,
    validate,
)

NOW = datetime(2026, 3, 23, 12, 0, 0)
MONDAY = datetime(2026, 3, 23, 8, 0, tzinfo=UTC)


def write(path: Path, data: dict[str, Any]) -> bytes:
    raw = settings_file.dumps(data).encode()
    path.write_bytes(raw)
    return raw


def with_value(where: str, value: Any, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """Settings as plain data (the defaults unless given), with the value at ``where`` set."""
    data = to_dict(Settings()) if data is None else data
    table: Any = data
    *parents, key = where.split(".")
    for part in parents:
        table = table[int(part)] if isinstance(table, list) else table[part]
    table[key] = value
    return data


def loaded(tmp_path: Path, data: dict[str, Any]) -> settings_file.LoadResult:
    path = tmp_path / "settings.toml"
    raw = write(path, data)
    result = settings_file.load(path, NOW)
    assert path.read_bytes() == raw, "reading changed the user's file"
    assert validate(result.settings) == []
    # The schedule can be built from it, and asking it for the next due times ends.
    Plan.from_settings(result.settings, UTC).upcoming(MONDAY, 20)
    return result


@pytest.mark.parametrize(
    ("where", "value", "issue", "expect"),
    [
        pytest.param(
            "check_ins.interval_min",
            0,
            "check_ins.interval_min: must be from 5 to 240 minutes, not 0; using 30",
            ("check_ins", "interval_min", 30),
            id="interval-zero-froze-the-start",
        ),
        pytest.param(
            "check_ins.interval_min",
            -5,
            "check_ins.interval_min: must be from 5 to 240 minutes, not -5; using 30",
            ("check_ins", "interval_min", 30),
            id="interval-negative-crashed-the-start",
        ),
        pytest.param(
            "check_ins.interval_min",
            2**62,
            "check_ins.interval_min: must be from 5 to 240 minutes",
            ("check_ins", "interval_min", 30),
            id="interval-huge",
        ),
        pytest.param(
            "check_ins.clearance_min",
            -1,
            "check_ins.clearance_min: must be from 0 to 60 minutes, not -1; using 10",
            ("check_ins", "clearance_min", 10),
            id="clearance",
        ),
        pytest.param(
            "check_ins.end",
            "08:00",
            "check_ins.end: working hours end at 08:00, before they start at 09:00; "
            "using 09:00 to 18:00",
            ("check_ins", "end", Settings().check_ins.end),
            id="end-before-start",
        ),
        pytest.param(
            "check_ins.end",
            "09:00",
            "check_ins.end: working hours end at 09:00, before they start at 09:00",
            ("check_ins", "end", Settings().check_ins.end),
            id="end-equals-start",
        ),
        pytest.param(
            "check_ins.weekdays",
            [],
            "check_ins.weekdays: check-ins are on but no day is chosen; "
            "using mon, tue, wed, thu, fri",
            ("check_ins", "weekdays", Settings().check_ins.weekdays),
            id="check-in-days-empty",
        ),
        pytest.param(
            "prompts.snooze_choices_min",
            [],
            "prompts.snooze_choices_min: needs at least one choice; using 5, 10, 15",
            ("prompts", "snooze_choices_min", (5, 10, 15)),
            id="snooze-choices-empty",
        ),
        pytest.param(
            "prompts.snooze_choices_min",
            [0, 5, 61],
            "prompts.snooze_choices_min: must be from 1 to 60 minutes, not 0, 61; "
            "those choices were left out",
            ("prompts", "snooze_choices_min", (5,)),
            id="snooze-choices-out-of-range",
        ),
        pytest.param(
            "prompts.snooze_choices_min",
            list(range(1, 30)),
            f"prompts.snooze_choices_min: has 29 choices; using the first {MAX_SNOOZE_CHOICES}",
            ("prompts", "snooze_choices_min", tuple(range(1, MAX_SNOOZE_CHOICES + 1))),
            id="snooze-choices-too-many",
        ),
        pytest.param(
            "prompts.snooze_cap",
            11,
            "prompts.snooze_cap: must be from 0 to 10, not 11; using 3",
            ("prompts", "snooze_cap", 3),
            id="snooze-cap",
        ),
        pytest.param(
            "prompts.heads_up_s",
            -30,
            "prompts.heads_up_s: must be from 0 to 600 seconds, not -30; using 30",
            ("prompts", "heads_up_s", 30),
            id="heads-up",
        ),
        pytest.param(
            "prompts.volume_pct",
            101,
            "prompts.volume_pct: must be from 0 to 100 %, not 101; using 60",
            ("prompts", "volume_pct", 60),
            id="volume",
        ),
        pytest.param(
            "idle_threshold_min",
            0,
            "idle_threshold_min: must be from 1 to 60 minutes, not 0; using 5",
            (None, "idle_threshold_min", 5),
            id="idle-threshold",
        ),
    ],
)
def test_a_value_out_of_range_falls_back_to_its_default_and_is_named(
    tmp_path: Path, where: str, value: Any, issue: str, expect: tuple[str | None, str, Any]
) -> None:
    result = loaded(tmp_path, with_value(where, value))
    assert any(str(i).startswith(issue) for i in result.issues), result.issues
    table, key, default = expect
    holder = result.settings if table is None else getattr(result.settings, table)
    assert getattr(holder, key) == default
    # Nothing else moved: the repaired settings differ from the defaults only there.
    assert result.set_aside is not None  # the file with faults is kept, once
    assert not result.may_overwrite


def test_sessions_that_cannot_be_used_are_left_out_or_switched_off(tmp_path: Path) -> None:
    data = to_dict(Settings())
    data["slots"][1]["id"] = "morning"  # two sessions called "morning"
    data["slots"][2]["time"] = data["slots"][0]["time"]  # evening at the morning's time
    data["slots"].append(
        {"id": "tea", "time": "15:00", "routine": "breathing-break", "weekdays": []}
    )
    result = loaded(tmp_path, data)
    texts = [str(i) for i in result.issues]
    assert "slots.morning: two sessions have this name; the second one was left out" in texts
    assert (
        "slots.evening.time: starts at 09:30 on Mon, the same time as 'morning'; "
        "this session was switched off"
    ) in texts
    assert (
        "slots.tea.weekdays: the session is on but has no weekday; using mon, tue, wed, thu, fri"
    ) in texts
    slots = {s.id: s for s in result.settings.slots}
    assert list(slots) == ["morning", "evening", "bedtime", "tea"]
    assert slots["morning"].routine == "morning-mobility"  # the first one is kept
    assert slots["evening"].enabled is False
    assert slots["tea"].weekdays == Settings().check_ins.weekdays


def test_too_many_sessions_keep_the_first_ones(tmp_path: Path) -> None:
    data = to_dict(Settings())
    data["slots"] = [
        {"id": f"s{n}", "time": f"{n // 60:02d}:{n % 60:02d}", "routine": "check-in"}
        for n in range(MAX_SLOTS + 25)
    ]
    result = loaded(tmp_path, data)
    assert [str(i) for i in result.issues] == [
        f"slots: has {MAX_SLOTS + 25} sessions; using the first {MAX_SLOTS}"
    ]
    assert len(result.settings.slots) == MAX_SLOTS


def test_an_overlong_name_is_not_read(tmp_path: Path) -> None:
    result = loaded(tmp_path, with_value("check_ins.routine", "x" * 5000))
    (issue,) = result.issues
    assert issue.field == "check_ins.routine"
    assert issue.fallback == "using check-in"
    assert len(str(issue)) < 200  # the value is quoted short, not five thousand x's


def test_repair_leaves_valid_settings_alone_and_is_idempotent() -> None:
    assert repair(Settings()) == (Settings(), [])
    broken = CheckIns(interval_min=0, start=CheckIns().end)
    once, issues = repair(Settings(check_ins=broken))
    assert [i.field for i in issues] == ["check_ins.end", "check_ins.interval_min"]
    assert repair(once) == (once, [])


def test_an_issue_can_be_told_without_its_fallback() -> None:
    issue = SettingsIssue(
        ("prompts", "snooze_cap"), IssueCode.OUT_OF_RANGE, "must be from 0 to 10, not 11", "using 3"
    )
    assert str(issue) == "prompts.snooze_cap: must be from 0 to 10, not 11; using 3"
    assert issue.problem == "prompts.snooze_cap: must be from 0 to 10, not 11"


# ---------------------------------------------------------------------------------------
# Any value, in any field: loading never raises, never hangs, always passes validate.

FIELDS = sorted(
    [f"{key}" for key in to_dict(Settings()) if key not in ("check_ins", "prompts", "slots")]
    + [f"check_ins.{key}" for key in to_dict(Settings())["check_ins"]]
    + [f"prompts.{key}" for key in to_dict(Settings())["prompts"]]
    + [f"slots.{n}.{key}" for n in range(3) for key in to_dict(Settings())["slots"][0]]
)

scalars = (
    st.integers(-(2**63), 2**63 - 1)
    | st.integers(-10, 300)
    | st.booleans()
    | st.text(max_size=8)
    | st.sampled_from(["00:00", "09:00", "18:00", "23:59", "24:00", "9:00", "mon", "check-in"])
    | st.floats(allow_nan=False)
)
any_value: st.SearchStrategy[Any] = st.recursive(
    scalars | st.lists(scalars, max_size=5),
    lambda inner: st.dictionaries(st.text(min_size=1, max_size=5), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FIELDS), any_value), min_size=1, max_size=4))
def test_any_value_in_any_field_loads_to_valid_settings(changes: list[tuple[str, Any]]) -> None:
    data = to_dict(Settings())
    for where, value in changes:
        data = with_value(where, copy.deepcopy(value), data)
    with tempfile.TemporaryDirectory() as folder:
        result = loaded(Path(folder), data)
    for issue in result.issues:
        assert issue.field and issue.message  # every report names a field and says why


@pytest.mark.parametrize("value", ['"one"', "0", "-3", "true", "1.5"])
def test_a_schema_version_that_is_not_a_version_is_read_as_1_and_said(
    tmp_path: Path, value: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f'schema_version = {value}\npreset = "both"\n')
    before = path.read_bytes()
    loaded = settings_file.load(path)
    assert [issue.field for issue in loaded.issues] == ["schema_version"]
    assert "reading the file as version 1" in str(loaded.issues[0])
    assert loaded.problem is None
    assert path.read_bytes() == before
