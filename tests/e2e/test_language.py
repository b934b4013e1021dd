"""The real app started under a German locale: it speaks German; its JSON stays English."""

from __future__ import annotations

import pytest

from tests.e2e.desktop import Desktop


def test_the_app_starts_in_german_and_its_data_stays_english(
    desktop: Desktop, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")  # what desktop.env passes on
    desktop.met_the_welcome()
    app = desktop.start_app()
    desktop.wait_for(desktop.tray_icon_docked, 20, "the tray icon")
    desktop.wait_for(lambda: desktop.status().get("state") == "waiting", 20, "the app")

    status = desktop.cli("status")
    assert status.returncode == 0, status.stderr
    lines = status.stdout.splitlines()
    assert lines[0].startswith("Desk Breaks ")  # the status line, composed by the app
    assert lines[1].startswith("Heute: 0 erledigt, 0 teilweise erledigt"), lines
    data = desktop.status()
    english = str(data["message"]).splitlines()
    assert str(data["summary"]) in english[0]  # the data's text is English
    assert english[1].startswith("Today: 0 completed")

    again = desktop.cli()
    assert again.returncode == 0 and again.stdout.startswith("Desk Breaks läuft bereits.")
    refused = desktop.cli("skip")
    assert refused.returncode == 1
    assert refused.stderr.strip() == "Nichts ist fällig, also gibt es nichts auszulassen."
    done = desktop.cli("quit")
    assert done.stdout.strip() == "Desk Breaks wird beendet."
    assert app.wait(timeout=15) == 0
