"""A session made due within seconds, through a documented route.

A settings.toml with a slot a few seconds ahead and a routine of the user's own in the data
folder: two exercises of a two-second hold each.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.e2e.desktop import AppUser

QUICK_ROUTINE = """\
id = "e2e-quick"
name = "Quick test"
description = "A very short routine for the end-to-end test."

[[items]]
exercise = "chin-tuck-seated"
hold_s = 2
reps = 1

[[items]]
exercise = "chin-drop"
hold_s = 2
reps = 1
"""


def write_near_session(desktop: AppUser, seconds_ahead: int) -> datetime:
    """Write a routine of the user's own and a settings.toml with one slot for it,
    ``seconds_ahead`` from now (every weekday); return the due time (local, naive)."""
    routines = desktop.data_dir / "routines"
    routines.mkdir(parents=True, exist_ok=True)
    (routines / "e2e-quick.toml").write_text(QUICK_ROUTINE)
    due = (datetime.now() + timedelta(seconds=seconds_ahead)).replace(microsecond=0)
    desktop.config_dir.mkdir(parents=True, exist_ok=True)
    (desktop.config_dir / "settings.toml").write_text(
        "schema_version = 1\n"
        'preset = "sessions"\n\n'
        "[[slots]]\n"
        'id = "soon"\n'
        f'time = "{due:%H:%M:%S}"\n'
        'routine = "e2e-quick"\n'
        'weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n'
    )
    return due
