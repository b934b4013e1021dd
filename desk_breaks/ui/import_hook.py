"""Keep PySide6's import hook from holding the source text of every module in memory.

PySide6's ``__feature__`` support decides, for each module imported after PySide6, whether
that module uses PySide6, by calling :func:`inspect.getsource` on it and looking for the
word. ``getsource`` goes through :mod:`linecache`, which keeps every line of every file it
read for the life of the process: about 3.5 MiB of small strings for the modules the tray
needs, scattered through the allocator so that clearing the cache later does not give the
memory back (measured with ``bench/startup_idle.py --mappings``). The same question can be
answered by reading the file's bytes once, without keeping them.
"""

from __future__ import annotations

import linecache
import logging
import sys
from types import ModuleType

log = logging.getLogger(__name__)

_MARK = "_desk_breaks_reads_bytes"


def stop_source_caching() -> None:
    """Make PySide6's per-module check read file bytes instead of caching source lines.

    Imports PySide6 if it was not yet (that installs the hook). Safe to call more than once,
    and a no-op (logged) on a PySide6 whose internals differ from the ones this was written for.
    """
    import PySide6.QtCore  # noqa: F401  (loads shibokensupport.feature and runs its first scan)

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original):
        log.debug("PySide6 has no _mod_uses_pyside hook here; nothing to change")
        return
    if getattr(original, _MARK, False):
        return

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(original(module))

    setattr(uses_pyside, _MARK, True)
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    # What the first scan (of the modules imported before PySide6) left behind.
    linecache.clearcache()
