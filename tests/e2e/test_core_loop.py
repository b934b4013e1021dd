"""The real app under Xvfb with a tray host, driven as a user would.

A session is made due within seconds through a documented route: a settings.toml with a
slot a few seconds ahead and a routine of the user's own in the data folder.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.e2e.desktop import Desktop
from tests.e2e.near_session import write_near_session

pytestmark = pytest.mark.e2e


def test_prompt_session_and_history_end_to_end(desktop: Desktop, artifacts: Path) -> None:
    due = write_near_session(desktop, seconds_ahead=10)
    app = desktop.start_app()
    desktop.wait_for(desktop.tray_icon_docked, 20, "the tray icon")
    status = desktop.status()
    assert status["state"] == "waiting", status
    assert status["next"]["routine"] == "e2e-quick"  # type: ignore[index]
    assert datetime.fromisoformat(status["next"]["due_at"]).replace(tzinfo=None) == due  # type: ignore[index]

    desktop.wait_for(lambda: desktop.status().get("state") == "prompting", 30, "the prompt")
    desktop.wait_for(lambda: bool(desktop.window_ids("Time for a break")), 10, "the prompt window")
    desktop.screenshot(artifacts / "e2e-prompt.png")

    started = desktop.cli("start")
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "Starting Quick test."
    desktop.wait_for(lambda: bool(desktop.window_ids("Quick test")), 10, "the session window")
    assert desktop.window_ids("Time for a break") == []  # the prompt went away
    assert desktop.status()["state"] == "in session"
    desktop.screenshot(artifacts / "e2e-session.png")

    status = desktop.wait_for_completed_session()
    assert status["state"] == "waiting"
    assert status["last"]["exercises_done"] == ["chin-tuck-seated", "chin-drop"]  # type: ignore[index]
    assert status["today"]["completed"] == 1  # type: ignore[index]
    desktop.screenshot(artifacts / "e2e-finished.png")

    quit_reply = desktop.cli("quit")
    assert quit_reply.returncode == 0 and quit_reply.stdout.strip() == "Quitting Desk Breaks."
    assert app.wait(timeout=15) == 0
    assert not list((desktop.home / "runtime").rglob("*.sock"))
    not_running = desktop.cli("status")
    assert not_running.returncode == 3
    assert "Desk Breaks is not running" in not_running.stderr


def test_a_second_launch_hands_over_and_exits(desktop: Desktop) -> None:
    app = desktop.start_app()
    desktop.wait_for(desktop.tray_icon_docked, 20, "the tray icon")
    second = desktop.cli(timeout_s=20)
    assert second.returncode == 0
    assert second.stdout.startswith("Desk Breaks is already running.")
    assert app.poll() is None
    paused = desktop.cli("pause", "30")
    assert paused.returncode == 0 and paused.stdout.startswith("Paused until")
    assert desktop.status()["state"] == "paused"
    refused = desktop.cli("snooze", "5")
    assert refused.returncode == 1
    assert "Nothing is due" in refused.stderr
    assert desktop.cli("resume").stdout.strip() == "Resumed."
    desktop.cli("quit")
    assert app.wait(timeout=15) == 0
