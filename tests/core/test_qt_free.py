"""The core never imports Qt, so it can be tested and reused without a GUI."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import desk_breaks.core


def test_importing_every_core_module_loads_no_qt() -> None:
    names = [f"desk_breaks.core.{m.name}" for m in pkgutil.iter_modules(desk_breaks.core.__path__)]
    assert len(names) >= 8
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
