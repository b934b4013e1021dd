"""Notices hand edits to ``settings.toml`` while the app runs.

Editors save in different ways: some write the file in place, many write a new file and
rename it over the old one (which ends the watch on the old file). So both the file and
its folder are watched, events are debounced (an editor's save is several events), and
the signal is emitted only when the bytes on disk differ from what the app last knew:
its own saves are recorded with :meth:`SettingsWatcher.note_saved` and never reported.
Anything at the path that is not a readable file (a folder, a named pipe, a file over the
size cap) counts as no file, like a deleted one.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from desk_breaks.core.settings_file import UnreadableFile, read_user_file

DEBOUNCE_MS = 300
"""Quiet time after the last file event before the file is read."""


def _is(path: Path, kind: Callable[[int], bool]) -> bool:
    # Path.is_dir() and is_file() raise on a folder we may not enter (EACCES); for the
    # watcher that is simply nothing to watch.
    try:
        return kind(os.stat(path).st_mode)
    except OSError:
        return False


def _digest(content: bytes | None) -> bytes | None:
    # The file itself: a settings file is a few KiB, and hashlib would load OpenSSL's
    # libcrypto (over 3 MiB) into a process that idles all day.
    return content


class SettingsWatcher(QObject):
    """Emits :attr:`changed` once per real change of the file's content."""

    changed = Signal()
    """The file's content changed by someone other than the app (or it reappeared)."""

    checked = Signal(bool)
    """Emitted after every debounced look at the file; True when :attr:`changed` fired."""

    def __init__(
        self, path: Path, *, debounce_ms: int = DEBOUNCE_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._path = path
        self._known = _digest(self._read())
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._poke)
        self._watcher.directoryChanged.connect(self._poke)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._check)
        self._rewatch()

    @property
    def path(self) -> Path:
        """The settings file watched."""
        return self._path

    def note_saved(self, content: bytes) -> None:
        """Record ``content`` as what the app itself just wrote, so it is not reported."""
        self._known = _digest(content)
        self._rewatch()  # a first run's save, made after the app started, made the folder

    def stop(self) -> None:
        """Stop watching (idempotent)."""
        self._timer.stop()
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)

    def _read(self) -> bytes | None:
        # The same careful read as loading: a named pipe, a link to /dev/zero or a huge file
        # at the path must neither block the app nor fill its memory.
        try:
            return read_user_file(self._path)[0]
        except (OSError, UnreadableFile):
            return None

    def _rewatch(self) -> None:
        # A rename over the file drops the watch on it; the folder watch brings it back.
        folder = str(self._path.parent)
        if _is(self._path.parent, stat.S_ISDIR) and folder not in self._watcher.directories():
            self._watcher.addPath(folder)
        if _is(self._path, stat.S_ISREG) and str(self._path) not in self._watcher.files():
            self._watcher.addPath(str(self._path))

    def _poke(self, _changed_path: str) -> None:
        self._timer.start()  # restarts: one look after the burst of events settles

    def _check(self) -> None:
        self._rewatch()
        content = self._read()
        if content is None:
            # Deleted, or mid-way through an editor's save: wait for it to come back.
            self.checked.emit(False)
            return
        digest = _digest(content)
        if digest == self._known:
            self.checked.emit(False)
            return
        self._known = digest
        self.changed.emit()
        self.checked.emit(True)
