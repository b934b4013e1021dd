"""The coach in the real app under Xvfb with a tray host, driven from the command line.

A new user meets the welcome window; a session stopped with ``desk-breaks stop --hurt``
shows the safety screen and makes that exercise gentler next time, which the next
session says before it begins; ``rate`` and ``journal`` reach the history; ``status
--json`` reports every exercise's state.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.desktop import Desktop
from tests.e2e.near_session import QUICK_ROUTINE

pytestmark = pytest.mark.e2e


def exercise_states(desktop: Desktop) -> dict[str, dict[str, object]]:
    exercises = desktop.status()["exercises"]
    assert isinstance(exercises, list)
    return {e["id"]: e for e in exercises}


def test_the_coach_end_to_end(desktop: Desktop, artifacts: Path) -> None:
    routines = desktop.data_dir / "routines"
    routines.mkdir(parents=True, exist_ok=True)
    (routines / "e2e-quick.toml").write_text(QUICK_ROUTINE)
    app = desktop.start_app()
    desktop.wait_for(desktop.tray_icon_docked, 20, "the tray icon")
    desktop.wait_for(lambda: bool(desktop.window_ids("Welcome")), 10, "the welcome window")
    desktop.screenshot(artifacts / "e2e-welcome.png")
    coach = desktop.status()["coach"]
    assert isinstance(coach, dict) and coach["safety_check"] == {"state": "not-asked"}
    assert exercise_states(desktop)["chin-tuck-seated"]["state"] == "normal"

    # Nothing to rate yet, and a stop with no session is refused.
    refused = desktop.cli("rate", "better")
    assert refused.returncode == 1 and "no session to rate" in refused.stderr
    assert desktop.cli("stop").returncode == 1

    assert desktop.cli("start", "e2e-quick").returncode == 0
    desktop.wait_for(lambda: bool(desktop.window_ids("Quick test")), 10, "the session window")
    hurt = desktop.cli("stop", "--hurt")
    assert hurt.returncode == 0, hurt.stderr
    assert "safety advice" in hurt.stdout
    desktop.wait_for(
        lambda: desktop.status().get("state") == "waiting", 10, "the session to be recorded"
    )
    desktop.screenshot(artifacts / "e2e-safety-after-stop-hurt.png")
    last = desktop.status()["last"]
    assert isinstance(last, dict) and last["outcome"] == "stopped-pain"
    tuck = exercise_states(desktop)["chin-tuck-seated"]
    assert (tuck["state"], tuck["why"]) == ("gentler", "pain-stop")
    assert "you stopped for pain or dizziness during it" in str(tuck["reason"])

    rated = desktop.cli("rate", "worse")
    assert rated.returncode == 0 and rated.stdout.startswith("Noted: your neck feels worse")
    noted = desktop.cli("journal", "4", "stiff", "today")
    assert noted.returncode == 0
    assert noted.stdout.strip() == "Today's comfort: 4 of 10. Noted in your journal."
    coach = desktop.status()["coach"]
    assert isinstance(coach, dict)
    assert coach["journal_today"] == {"score": 4, "note": "stiff today"}
    bad = desktop.cli("journal", "11")
    assert bad.returncode == 2 and "from 0 (very sore) to 10" in bad.stderr

    # The next session says what changed before it begins, and waits for Begin.
    assert desktop.cli("start", "e2e-quick").returncode == 0
    desktop.wait_for(lambda: bool(desktop.window_ids("Quick test")), 10, "the session window")
    desktop.screenshot(artifacts / "e2e-preface-gentler.png")
    assert desktop.cli("stop").returncode == 0
    desktop.wait_for(lambda: desktop.status().get("state") == "waiting", 10, "the stop")

    assert desktop.cli("quit").returncode == 0
    assert app.wait(timeout=15) == 0
    # Quitting with the welcome unanswered is not an answer: it is offered again (now
    # to someone with a history, so as what is new).
    app = desktop.start_app()
    desktop.wait_for(lambda: bool(desktop.window_ids("What's new")), 20, "the welcome again")
    assert desktop.cli("quit").returncode == 0
    assert app.wait(timeout=15) == 0
