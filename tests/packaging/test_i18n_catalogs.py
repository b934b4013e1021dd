"""The translation catalogs are complete and in step with the source (packaging/i18n.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "packaging" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_tool"] = module
    spec.loader.exec_module(module)
    return module


def test_catalogs_are_complete_and_compiled() -> None:
    """Every string is extracted, translated in German and Spanish, and compiled."""
    problems = _tool().check()
    assert problems == [], "\n".join(problems[:40])


def test_the_check_fails_on_an_untranslated_string(tmp_path: Path) -> None:
    tool = _tool()
    messages = [*tool.collect(), tool.Message("A string nobody translated", places=["x.py:1"])]
    found = list(tool.problems("de", messages))
    assert any("A string nobody translated" in line for line in found)


def test_the_check_fails_on_a_translation_with_other_fields() -> None:
    tool = _tool()
    messages = tool.collect()
    with_fields = next(m for m in messages if "{weekday}" in m.msgid)
    broken = tool.Message(with_fields.msgid, with_fields.context, places=["x.py:1"])
    known = tool._existing("de")
    entry = known[broken.key]
    saved = entry.msgstr
    entry.msgstr = saved.replace("{weekday}", "{wochentag}")
    try:
        original = tool._existing
        tool._existing = lambda language: known
        found = list(tool.problems("de", [broken]))
    finally:
        tool._existing = original
        entry.msgstr = saved
    assert any("fields" in line for line in found)
