"""PySide6's per-module check keeps working without leaving source text in linecache."""

from __future__ import annotations

import json
import subprocess
import sys

HOOK = """
from desk_breaks.ui.import_hook import stop_source_caching
stop_source_caching()
stop_source_caching()  # twice is harmless
"""

CHECK = """
import json, linecache, sys
import PySide6.QtCore
import desk_breaks.core.engine      # no PySide6 in its source
import desk_breaks.core.presentation  # none either
import desk_breaks.ui.tray          # uses PySide6
feature = sys.modules["shibokensupport.feature"].pyside_feature_dict
print(json.dumps({
    "cached": [name for name in linecache.cache if "desk_breaks" in name],
    "classes": {name: v for name, v in feature.items() if name.startswith("desk_breaks")},
}))
"""


def run(code: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_modules_are_classified_as_before_without_their_lines_being_cached() -> None:
    with_hook = run(HOOK + CHECK)
    without_hook = run(CHECK)
    assert with_hook["cached"] == []
    assert with_hook["classes"] == without_hook["classes"]
    assert with_hook["classes"]["desk_breaks.core.engine"] == -1  # type: ignore[index]
    # The premise: without the hook PySide6 leaves the sources in linecache. If a release
    # stops doing that, this fails and the hook can go.
    assert any("engine.py" in name for name in without_hook["cached"])  # type: ignore[attr-defined]
