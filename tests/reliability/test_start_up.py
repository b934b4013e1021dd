"""Every reliability case against the real start-up path: the app started as a process.

For each case in :mod:`tests.reliability.cases`: the app starts (it answers its command line
instead of hanging or leaving a traceback), the user is told what went wrong, the files the
case protects are byte-for-byte as they were after the app has quit, and the app quits with
status 0.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.tools import unavailable
from tests.reliability.cases import CASES, Case
from tests.reliability.harness import Home, have_faketime, quit_cleanly, running_app, snapshot

pytestmark = pytest.mark.reliability


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_app_starts_tells_and_keeps_the_files(case: Case, tmp_path: Path) -> None:
    if case.needs_faketime and not have_faketime():
        unavailable("this case needs libfaketime: apt-get install faketime")
    home = Home(tmp_path / "home")
    home.prepare()
    case.arrange(home)
    before = {rel: snapshot(home.root / rel) for rel in case.kept}

    for _ in range(case.runs):
        with running_app(home) as run:
            told = "\n".join(run.notices).lower()
            for word in case.told:
                assert word.lower() in told, (
                    f"the user was not told about {word!r}; notices: {run.notices}"
                )
            if case.check is not None:
                case.check(home, run)
            quit_cleanly(home, run)

    after = {rel: snapshot(home.root / rel) for rel in case.kept}
    for rel in case.kept:
        assert after[rel] == before[rel], (
            f"{rel} was changed: {before[rel]!r:.200} -> {after[rel]!r:.200}"
        )


def test_every_family_is_covered() -> None:
    families = {case.family for case in CASES}
    assert families == {
        "settings values",
        "settings files",
        "content files",
        "history",
        "runtime folders",
        "clock and zones",
        "clock jumps",
    }
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), "two cases share a name"
