"""Small pieces of the composition root, kept apart so :mod:`desk_breaks.app` stays short.

The user's files as Settings names them, an export asked for from the Settings window, and
giving start-up's freed heap back to the system.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desk_breaks import APP_NAME, assets_dir
from desk_breaks.core.content import Library, Safety
from desk_breaks.core.i18n import again, tr
from desk_breaks.core.paths import AppPaths

if TYPE_CHECKING:
    from desk_breaks.core.progress_types import ProgressSource

log = logging.getLogger("desk_breaks")


def user_files(paths: AppPaths) -> dict[str, Path]:
    """The user's own files, by the names Settings shows them under."""
    return {
        tr("Settings file"): paths.settings_file,
        tr("History database"): paths.history_file,
        tr("Your own exercises and routines"): paths.user_content_dir,
    }


def export_to(history_file: Path, path: Path, fmt: str) -> tuple[str, str]:
    """Export the history to ``path`` as CSV or JSON; return the title and text to show."""
    import io

    from desk_breaks.core.progress_types import ExportFormat
    from desk_breaks.core.transfer import export_history

    said, problem = io.StringIO(), io.StringIO()
    code = export_history(history_file, ExportFormat(fmt), None, path, stdout=said, stderr=problem)
    if code == 0:
        return APP_NAME, said.getvalue().strip()
    return tr("Export failed"), problem.getvalue().strip()


def release_free_heap() -> None:
    """Give the C heap's free pages back to the system once start-up is done (glibc only).

    Start-up frees much of what it allocates (files read, SVGs and fonts looked at), and glibc
    keeps those pages: ``malloc_trim`` returns them (about 0.3 MiB). Only where ctypes is
    already loaded (the X11 backends use it): importing it here would cost what is saved.
    """
    ctypes = sys.modules.get("ctypes")
    if not sys.platform.startswith("linux") or ctypes is None:
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError) as exc:  # not glibc
        log.debug("malloc_trim is not available: %s", exc)


def day_text(progress: Callable[[], ProgressSource], next_session: Callable[[], str]) -> str:
    """The finish screen's line: today's count, the streak, what comes next."""
    today = progress().today_text()
    return tr("{today} · Next: {status}", today=today, status=next_session())


def relabel_content(
    paths: AppPaths, safety: Safety, library: Library, notices: list[str] | None = None
) -> None:
    """Say the shipped content in the language just installed, where everyone holds it.

    The tray, the windows, the service and the coach hold this one library and this one
    safety text, so both are brought up to date in place: the library's mappings get the
    newly read exercises and routines (the same ids), and the safety text's fields the
    new wording. Your own exercises and routines are read again too (shown as written).
    The start-up ``notices`` (the service's and the windows' one list) are said again in it.
    """
    from dataclasses import fields

    if notices is not None:
        notices[:] = [again(notice) for notice in notices]

    from desk_breaks.core.content_i18n import load_content

    new_safety, new_library = load_content(assets_dir(), paths.user_content_dir)
    for mapping, fresh in (
        (library.exercises, new_library.exercises),
        (library.routines, new_library.routines),
    ):
        if isinstance(mapping, dict):
            mapping.clear()
            mapping.update(fresh)
    for item in fields(safety):  # frozen, and held by the windows and the coach
        object.__setattr__(safety, item.name, getattr(new_safety, item.name))
