"""The house rule from issue 12: no module in desk_breaks/ over 500 lines, no class over 300.

Past those sizes a module or a class has more than one job; split it where the seams are
(see docs/architecture.md) rather than raising the limits.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "desk_breaks"
MODULE_MAX_LINES = 500
CLASS_MAX_LINES = 300
MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_500_lines_and_no_class_over_300(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MODULE_MAX_LINES
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ClassDef):
            end = node.end_lineno or node.lineno
            assert end - node.lineno + 1 <= CLASS_MAX_LINES, f"class {node.name}"
