"""Things that can stand where a settings or content file should be, and how they are named.

Each maker puts one odd kind at a path; the text is the reason the reader gives for it
(``{folder}`` is the path's folder). Shared by the settings-file and content tests, which
must refuse the same kinds with the same words.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

ODD_FILE_KINDS: dict[str, tuple[Callable[[Path], object], str]] = {
    "folder": (lambda p: p.mkdir(), "is a folder, not a file"),
    "fifo": (lambda p: os.mkfifo(p), "is a named pipe (FIFO), not a file"),
    "link-to-folder": (
        lambda p: p.symlink_to(p.parent),
        "is a link to {folder}, a folder, not a file",
    ),
    "link-to-dev-zero": (
        lambda p: p.symlink_to("/dev/zero"),
        "is a link to /dev/zero, a device, not a file",
    ),
    "dangling-link": (
        lambda p: p.symlink_to(p.parent / "gone.toml"),
        "is a link to {folder}/gone.toml, which does not exist",
    ),
}
