"""Writing the history so that a failing disk never stops the app and loses what it can't help.

:class:`SafeRecorder` is what the engine records through. Each record gets a stable
identity (a uid) the moment it is made. When the history refuses it (a full disk, a locked
or read-only database), the record stays in memory *and* is appended to a small journal
beside the database (:class:`Journal`, JSON lines, fsynced), so it survives quitting and a
crash; it is retried with each new record and at quit, and the journal is added to the
history at the next start. The uid makes that idempotent: a record is never stored twice.

While the history works, the journal keeps a little disk space reserved (zeros after its
last line), so that even a disk that has since filled up takes the first few dozen records.

Each new outage (a failure after a success) is reported once through ``on_error``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desk_breaks.core.engine import Outcome, Record
from desk_breaks.core.history import (
    DaySummary,
    History,
    HistoryError,
    new_uid,
    pending_file,
    summary_of,
)
from desk_breaks.core.i18n import tr, trn
from desk_breaks.core.settings_file import fsync_folder

log = logging.getLogger(__name__)

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


@dataclass(frozen=True)
class Pending:
    """A record not yet in the history, with its identity."""

    uid: str
    record: Record


class Journal:
    """Records not yet in the history, one JSON object a line, beside the database.

    The file is private (0600) and never followed through a symbolic link. After the last
    line it may hold NUL bytes: space reserved while the disk had room.
    """

    RESERVE_BYTES = 16 * 1024
    """About fifty records' worth."""

    def __init__(self, path: Path) -> None:
        """Use the journal at ``path`` (nothing is created until needed)."""
        self.path = path

    def read(self) -> list[Pending]:
        """Return the records in the journal, oldest first; never raises.

        A line that cannot be read (cut short by a crash, or written by a newer version
        with an outcome this one does not know) is skipped and logged.
        """
        try:
            data = self._read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            log.warning("cannot read the unsaved sessions in %s: %s", self.path, exc)
            return []
        entries: dict[str, Pending] = {}
        skipped = 0
        for line in data.rstrip(b"\0").split(b"\n"):
            if not line.strip():
                continue
            entry = _decode(line)
            if entry is None:
                skipped += 1
            else:
                entries.setdefault(entry.uid, entry)
        if skipped:
            log.warning("skipped %d unreadable line(s) in %s", skipped, self.path)
        return list(entries.values())

    def append(self, entries: Sequence[Pending]) -> None:
        """Add ``entries`` durably (written and fsynced); raises OSError if the disk refuses."""
        payload = b"".join(_encode(entry) + b"\n" for entry in entries)
        created = not os.path.lexists(self.path)
        fd = self._open_for_writing()
        try:
            content = _read_all(fd)
            end = len(content.rstrip(b"\0"))
            if end and content[end - 1 : end] != b"\n":
                # A line cut short by an earlier failure stays a bad line of its own.
                payload = b"\n" + payload
            _write_all(fd, payload, end)
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:
            _fsync_folder(self.path.parent)

    def clear(self) -> None:
        """Empty the journal, keeping its reserved space; raises OSError if that fails."""
        if not os.path.lexists(self.path):
            return
        fd = self._open_for_writing()
        try:
            content = _read_all(fd)
            if len(content) > self.RESERVE_BYTES:
                os.ftruncate(fd, self.RESERVE_BYTES)
            # Zeros written over the old lines need no new blocks, even on a full disk.
            end = min(len(content.rstrip(b"\0")), self.RESERVE_BYTES)
            if end:
                _write_all(fd, b"\0" * end, 0)
            os.fsync(fd)
        finally:
            os.close(fd)

    def reserve(self) -> None:
        """Reserve :attr:`RESERVE_BYTES` of disk for the journal; best effort, never raises."""
        allocate = getattr(os, "posix_fallocate", None)
        if allocate is None:
            return  # not on this system: the journal is written on demand
        try:
            created = not os.path.lexists(self.path)
            fd = self._open_for_writing()
            try:
                if os.fstat(fd).st_size < self.RESERVE_BYTES:
                    allocate(fd, 0, self.RESERVE_BYTES)
                    os.fsync(fd)
            finally:
                os.close(fd)
            if created:
                _fsync_folder(self.path.parent)
        except OSError as exc:
            log.info("could not reserve space for %s: %s", self.path, exc)

    def _read_bytes(self) -> bytes:
        fd = os.open(self.path, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK)
        try:
            _require_regular(fd, self.path)
            return _read_all(fd)
        finally:
            os.close(fd)

    def _open_for_writing(self) -> int:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _O_NOFOLLOW | _O_NONBLOCK, 0o600)
        try:
            _require_regular(fd, self.path)
            if hasattr(os, "fchmod") and stat.S_IMODE(os.fstat(fd).st_mode) & 0o077:
                os.fchmod(fd, 0o600)
        except BaseException:
            os.close(fd)
            raise
        return fd


class SafeRecorder:
    """Writes to the history; a failing disk is reported once per outage, never stops the app.

    Reads (:meth:`recent`, :meth:`summary_since`, :meth:`last_activity`) include the
    records still waiting to be written, so what the user is shown stays true.
    """

    def __init__(
        self,
        history: History,
        on_error: Callable[[str], object],
        *,
        journal: Journal | None = None,
    ) -> None:
        """Record into ``history``, adding what an earlier run left in the journal first.

        ``on_error`` gets one message, for people, at the start of each outage.
        """
        self._history = history
        self._on_error = on_error
        self.journal = journal or Journal(pending_file(history.path))
        self._pending: list[Pending] = []
        self._journaled: set[str] = set()
        self._journal_dirty = False
        # A history that is not written at all was reported by its start-up notice.
        self._history_failing = not history.writable
        self._journal_failing = False
        left = self.journal.read()
        if left:
            log.info("adding %d unsaved session(s) from %s", len(left), self.journal.path)
            self._pending.extend(left)
            self._journaled.update(entry.uid for entry in left)
            self._journal_dirty = True
        if self._flush(report=True) and history.writable:
            self.journal.reserve()

    @property
    def unsaved(self) -> int:
        """How many records are not in the history yet."""
        return len(self._pending)

    def record(self, record: Record) -> None:
        """Store ``record``, keeping it (in memory and in the journal) if the disk refuses."""
        self._pending.append(Pending(new_uid(), record))
        self._flush(report=True)

    def _flush(self, *, report: bool) -> bool:
        """Write every pending record in order; return True when none is left."""
        while self._pending:
            entry = self._pending[0]
            try:
                self._history.record(entry.record, uid=entry.uid)
            except HistoryError as exc:
                self._keep(str(exc), report=report)
                return False
            self._pending.pop(0)
        # An empty queue proves nothing about a history that refuses every write.
        self._history_failing = not self._history.writable
        if self._journal_dirty:
            try:
                self.journal.clear()
            except OSError as exc:
                # Harmless: what is left is added again next time, and skipped as stored.
                log.warning("could not empty %s: %s", self.journal.path, exc)
            else:
                self._journal_dirty = False
                self._journaled.clear()
        return True

    def _keep(self, reason: str, *, report: bool) -> None:
        """The history refused: put what is not yet in the journal there, and say so once."""
        log.error("%s", reason)
        new_outage = not self._history_failing
        self._history_failing = True
        unsaved = [entry for entry in self._pending if entry.uid not in self._journaled]
        journal_problem: str | None = None
        if unsaved:
            try:
                self.journal.append(unsaved)
            except OSError as exc:
                journal_problem = (exc.strerror or str(exc)).lower()
                log.error("could not keep sessions in %s: %s", self.journal.path, exc)
            else:
                self._journaled.update(entry.uid for entry in unsaved)
                self._journal_dirty = True
                self._journal_failing = False
        if journal_problem is not None:
            new_outage = new_outage or not self._journal_failing
            self._journal_failing = True
        if not (report and new_outage):
            return
        if journal_problem is None:
            message = tr(
                "{reason}. The session is kept in {path} and will be added to the history as "
                "soon as it can be written.",
                reason=reason,
                path=self.journal.path,
            )
        else:
            message = trn(
                "{reason}. Keeping it in {path} failed too ({problem}), so {n} session will "
                "be lost if Desk Breaks quits before the disk recovers.",
                "{reason}. Keeping it in {path} failed too ({problem}), so {n} sessions will "
                "be lost if Desk Breaks quits before the disk recovers.",
                len(self._pending),
                reason=reason,
                path=self.journal.path,
                problem=journal_problem,
            )
        self._on_error(message)

    def recent(self, limit: int = 50) -> list[Record]:
        """The newest records, newest first, unsaved ones included."""
        waiting = [entry.record for entry in reversed(self._pending)]
        return (waiting + self._history.recent(limit))[:limit]

    def summary_since(self, since: datetime) -> DaySummary:
        """Counts of outcomes at or after ``since``, unsaved ones included."""
        waiting = summary_of((entry.record for entry in self._pending), since)
        return self._history.summary_since(since).plus(waiting)

    def last_activity(self) -> datetime | None:
        """When the newest record was made, unsaved ones included."""
        if self._pending:
            return self._pending[-1].record.at
        return self._history.last_activity()

    def close(self) -> None:
        """Try the unsaved records once more, make sure they are in the journal, close."""
        if self._pending:
            self._flush(report=False)
        lost = [entry for entry in self._pending if entry.uid not in self._journaled]
        if lost:
            log.error(
                "%d session(s) could not be saved to the history or to %s and are lost",
                len(lost),
                self.journal.path,
            )
        self._history.close()


# -- the journal's lines ----------------------------------------------------------------------


def _encode(entry: Pending) -> bytes:
    record = entry.record
    data = {
        "uid": entry.uid,
        "key": record.key,
        "routine_id": record.routine_id,
        "outcome": record.outcome.value,
        "at": record.at.isoformat(),
        "due_at": record.due_at.isoformat() if record.due_at else None,
        "started_at": record.started_at.isoformat() if record.started_at else None,
        "snooze_min": record.snooze_min,
        "exercises_done": list(record.exercises_done),
        "exercise_stopped": record.exercise_stopped,
        "exercises_eased": list(record.exercises_eased),
    }
    return json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _decode(line: bytes) -> Pending | None:
    try:
        data = json.loads(line)
        if not isinstance(data, dict):
            return None
        uid, key, routine_id = data["uid"], data["key"], data["routine_id"]
        if not all(isinstance(v, str) for v in (uid, key, routine_id)):
            return None
        done = data.get("exercises_done") or []
        snooze = data.get("snooze_min")
        stopped = data.get("exercise_stopped")
        eased = data.get("exercises_eased") or []
        return Pending(
            uid,
            Record(
                key=key,
                routine_id=routine_id,
                outcome=Outcome(data["outcome"]),
                at=_aware(data["at"]),
                due_at=_aware(data["due_at"]) if data.get("due_at") else None,
                started_at=_aware(data["started_at"]) if data.get("started_at") else None,
                snooze_min=snooze if isinstance(snooze, int) else None,
                exercises_done=tuple(str(e) for e in done) if isinstance(done, list) else (),
                exercise_stopped=stopped if isinstance(stopped, str) else None,
                exercises_eased=tuple(str(e) for e in eased) if isinstance(eased, list) else (),
            ),
        )
    except (ValueError, KeyError, TypeError):
        return None


def _aware(text: object) -> datetime:
    if not isinstance(text, str):
        raise TypeError("a time must be text")
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError("a time without an offset")
    return value


# -- small file helpers -------------------------------------------------------------------------


def _require_regular(fd: int, path: Path) -> None:
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        raise OSError(f"{path} is not a regular file")


def _read_all(fd: int) -> bytes:
    # lseek + read rather than pread: Windows has no pread.
    os.lseek(fd, 0, os.SEEK_SET)
    chunks: list[bytes] = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes, offset: int) -> None:
    os.lseek(fd, offset, os.SEEK_SET)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _fsync_folder(folder: Path) -> None:
    # Best effort: the journal's lines are already fsynced; only a new file's name is at stake.
    with contextlib.suppress(OSError):
        fsync_folder(folder)
