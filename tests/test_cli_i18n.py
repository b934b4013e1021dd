"""The command line speaks the user's language: the environment's, or the settings file's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    base = {k: v for k, v in os.environ.items() if k not in LANGUAGE_VARIABLES}
    return {
        **base,
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_RUNTIME_DIR": str(runtime),
        "LANG": "de_DE.UTF-8",
    }


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desk_breaks.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_help_is_german_under_a_german_locale(env: dict[str, str]) -> None:
    done = run(env, "--help")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("Aufruf: desk-breaks")
    assert "Befehle:" in out and "Optionen:" in out
    assert "diese Hilfe anzeigen und beenden" in out  # argparse's own words too
    assert "jetzt eine Pause starten" in out
    assert "show this help" not in out and "start a break now" not in out


def test_a_wrong_value_is_refused_in_german(env: dict[str, str]) -> None:
    done = run(env, "snooze", "99")
    assert done.returncode == 2
    assert "desk-breaks snooze: Fehler: snooze nimmt Minuten von 1 bis 60, nicht 99" in done.stderr


def test_no_running_app_is_said_in_german(env: dict[str, str]) -> None:
    done = run(env, "status")
    assert done.returncode == 3
    assert done.stderr.startswith("Desk Breaks läuft nicht.")


def test_the_settings_files_language_wins_over_the_environment(
    env: dict[str, str], tmp_path: Path
) -> None:
    settings = tmp_path / "config" / "desk-breaks" / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text('language = "es"\n', encoding="utf-8")
    done = run(env, "--help")
    assert done.stdout.startswith("uso: desk-breaks")
    assert "empezar una pausa ahora" in done.stdout
    settings.write_text('language = "en"\n', encoding="utf-8")
    assert run(env, "--help").stdout.startswith("usage: desk-breaks")


def test_an_unknown_environment_language_is_english(env: dict[str, str]) -> None:
    env["LANG"] = "fr_FR.UTF-8"
    assert run(env, "--help").stdout.startswith("usage: desk-breaks")


def test_a_settings_file_that_is_a_trap_is_not_read(env: dict[str, str], tmp_path: Path) -> None:
    # A named pipe would block a plain read forever; the app's careful reader refuses it.
    settings = tmp_path / "config" / "desk-breaks" / "settings.toml"
    settings.parent.mkdir(parents=True)
    os.mkfifo(settings)
    done = run(env, "--help")
    assert done.stdout.startswith("Aufruf: desk-breaks")  # the environment's language
