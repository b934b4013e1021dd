"""``desk-breaks export``, ``settings-export`` and ``settings-import`` with no app running."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desk_breaks.core.engine_types import Outcome, Record
from desk_breaks.core.history import History
from tests.test_cli import cli


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    return {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_RUNTIME_DIR": str(runtime),
    }


def history(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "desk-breaks" / "history.sqlite3"
    h = History(path)
    at = datetime(2026, 11, 2, 11, 0, tzinfo=UTC)
    h.record(Record("lunch", "lunch-reset", Outcome.COMPLETED, at, exercises_done=("chin-drop",)))
    h.record(
        Record(
            "lunch",
            "lunch-reset",
            Outcome.STOPPED_PAIN,
            at.replace(day=3),
            exercise_stopped="chin-drop",
        )
    )
    h.write("INSERT INTO journal (at, score, note) VALUES (?, 6, 'a, note')", (at.isoformat(),))
    h.close()
    return path


def test_export_csv_to_stdout_and_json_to_a_file(env: dict[str, str], tmp_path: Path) -> None:
    history(tmp_path)
    done = cli(env, "export", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["record"] for r in rows] == ["session", "session", "journal"]
    assert rows[0]["routine"] == "Lunch reset" and rows[0]["exercises_done"] == "Chin drop"
    assert rows[1]["outcome_words"] == "Stopped for pain or dizziness (during Chin drop)"
    assert rows[2]["comfort"] == "6" and rows[2]["note"] == "a, note"
    since = cli(env, "export", "--format", "csv", "--since", "2026-11-03")
    assert len(list(csv.DictReader(io.StringIO(since.stdout)))) == 1
    out = tmp_path / "out.json"
    done = cli(env, "export", "--format", "json", "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert "Exported 2 sessions and 1 journal entry" in done.stdout
    document = json.loads(out.read_text())
    assert document["format"] == "desk-breaks-export" and document["version"] == 1
    assert [s["outcome"] for s in document["sessions"]] == ["completed", "stopped-pain"]
    assert document["journal"][0]["comfort"] == 6


def test_export_bad_inputs_say_what_is_wrong(env: dict[str, str], tmp_path: Path) -> None:
    missing = cli(env, "export")
    assert missing.returncode == 1 and "no history to export" in missing.stderr
    history(tmp_path)
    bad = cli(env, "export", "--since", "yesterday")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
    wrong = cli(env, "export", "--format", "xls")
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr
    nowhere = cli(env, "export", "--output", str(tmp_path / "no" / "such" / "x.csv"))
    assert nowhere.returncode == 1 and "Cannot write" in nowhere.stderr
    assert not (tmp_path / "no").exists()


def test_settings_export_then_import_on_a_new_machine(env: dict[str, str], tmp_path: Path) -> None:
    settings = tmp_path / "config" / "desk-breaks" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text('schema_version = 2\ntheme = "dark"\n')
    plan = tmp_path / "plan.toml"
    done = cli(env, "settings-export", str(plan))
    assert done.returncode == 0, done.stderr
    assert 'theme = "dark"' in plan.read_text()
    settings.unlink()
    imported = cli(env, "settings-import", str(plan))
    assert imported.returncode == 0, imported.stderr
    assert 'theme = "dark"' in settings.read_text()


def test_settings_import_refuses_a_bad_file_with_the_fields(
    env: dict[str, str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('schema_version = 2\nidle_threshold_min = 9999\ntheme = "purple"\n')
    refused = cli(env, "settings-import", str(bad))
    assert refused.returncode == 1
    assert "idle_threshold_min" in refused.stderr and "theme" in refused.stderr
    assert "nothing was changed" in refused.stderr
    assert not (tmp_path / "config" / "desk-breaks" / "settings.toml").exists()
    (tmp_path / "broken.toml").write_text("theme = [")
    assert "not valid TOML" in cli(env, "settings-import", str(tmp_path / "broken.toml")).stderr
    gone = cli(env, "settings-import", str(tmp_path / "nothing.toml"))
    assert gone.returncode == 1 and "There is no file" in gone.stderr
