"""The settings in force: read at start, applied, saved, reloaded after a hand edit.

:class:`SettingsStore` owns the one current :class:`~desk_breaks.core.settings.Settings`
and the rules around it, without Qt: what a value that is not allowed becomes (its
default, said once as a notice), which sessions are switched off because their routine
is missing, when the app may write the file without being asked (a first run, or to
record the desktop's autostart entry in a file read without a fault), and how a hand edit
is taken (whole, or not at all). The app reacts to a :class:`Change` (tray, theme, engine);
the store never reaches for a window.

Starting at login is the desktop's autostart entry, not the file: :meth:`SettingsStore.start`
follows what the entry says, and switching goes through the injected ``switch_autostart``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from desk_breaks.core import settings_file
from desk_breaks.core.content import Routine
from desk_breaks.core.i18n import Text, tr
from desk_breaks.core.settings import Settings, repair, validate

log = logging.getLogger("desk_breaks")

AutostartSwitch = Callable[[bool], tuple[bool, str]]
"""Turns starting at login on (True) or off; returns whether it worked and what to say."""


@dataclass(frozen=True)
class Change:
    """Settings that were put in force: before, after, and a problem to tell, if any."""

    old: Settings
    new: Settings
    problem: str | None = None


@dataclass(frozen=True)
class Reload:
    """What became of a hand edit: the change made (if any) and what to tell the user."""

    change: Change | None
    title: str | None = None
    """The notification's title; None when there is nothing to tell (no real change)."""
    body: str = ""


class SettingsStore:
    """The current settings and the file behind them.

    ``notices`` is the app's list of things to tell at start and in ``status``; the store
    appends to it. ``on_saved`` is told the bytes of each save, so a watcher of the file
    can tell the app's own save from a hand edit.
    """

    def __init__(
        self,
        path: Path,
        notices: list[str],
        *,
        switch_autostart: AutostartSwitch | None = None,
    ) -> None:
        """Keep the settings of ``path``; nothing is read until :meth:`read`."""
        self.path = path
        self.notices = notices
        self.current = Settings()
        self.routines: Mapping[str, Routine] = {}
        self.switch_autostart = switch_autostart
        self.on_saved: Callable[[bytes], None] | None = None
        self.first_run = False
        self._write_pending = False

    # -- at start -----------------------------------------------------------------------

    def read(self) -> settings_file.LoadResult:
        """Clear what an interrupted save left, read the file and note its problems.

        Bad values arrive already put back to their defaults (one check, the same for hand
        edits); the file itself is never changed by reading it. Call it while holding the
        single-instance lock: a temporary file of ours is then from a killed save.
        """
        for stale in settings_file.remove_stale_temp_files(self.path.parent):
            log.info("removed %s, left by a save that was interrupted", stale)
        loaded = settings_file.load(self.path)
        self.first_run = loaded.missing
        if loaded.problem:
            self.notices.append(loaded.problem)
        self.notices.extend(
            Text("{path}: {issue}", "file", path=self.path, issue=issue.said)
            for issue in loaded.issues
        )
        return loaded

    def start(
        self,
        loaded: settings_file.LoadResult,
        routines: Mapping[str, Routine],
        *,
        autostart_enabled: bool | None = None,
    ) -> Settings:
        """Put what :meth:`read` gave in force, knowing the routines; return the settings.

        ``autostart_enabled`` is what the desktop's entry says (None: unknown). Whether
        the file is to be written is decided here; :meth:`write_pending` writes it, which
        the app does once its icon is showing.
        """
        self.routines = routines
        self.current = self.usable(loaded.settings)
        followed_entry = self.follow_autostart(autostart_enabled)
        # A file that could not be read, or held values that were not used, stays exactly
        # as the user left it until they save on purpose (Settings, or a command).
        self._write_pending = self.first_run or (followed_entry and loaded.may_overwrite)
        return self.current

    def write_pending(self) -> None:
        """Write the file if :meth:`start` decided it must be; else nothing (idempotent).

        It must be on a first run, or to record what the autostart entry says. The app
        calls it just after its icon shows, and again on shutdown in case it quit first.
        """
        if self._write_pending:
            self._write_pending = False
            self._save_quietly(self.current)

    def follow_autostart(self, enabled: bool | None) -> bool:
        """Make ``start_at_login`` say what the desktop will do; True when it changed.

        The entry itself is the truth: ``desk-breaks autostart on`` may have written it while
        the app was not running, or the user removed it in the desktop's own settings.
        """
        if enabled is None or enabled == self.current.start_at_login:
            return False
        self.current = replace(self.current, start_at_login=enabled)
        return True

    # -- changing -----------------------------------------------------------------------

    def usable(self, settings: Settings) -> Settings:
        """Return ``settings`` safe to run on, saying what was changed, instead of failing later.

        A value that is not allowed falls back to its default (``repair``: a no-op for
        settings from the file, which ``settings_file.load`` has already repaired, and the
        guard for any other caller), and sessions whose routine is missing are switched off.
        """
        settings, repaired = repair(settings)
        for issue in repaired:
            self.notices.append(Text("{path}: {issue}", "file", path=self.path, issue=issue.said))
        known = self.routines
        # After the repair only missing routines are left to report.
        for issue in validate(settings, known):
            self.notices.append(
                Text(
                    "{path}: {issue}; it is switched off", "file", path=self.path, issue=issue.said
                )
            )
        slots = tuple(
            slot if slot.routine in known else replace(slot, enabled=False)
            for slot in settings.slots
        )
        check_ins = settings.check_ins
        if check_ins.routine not in known:
            check_ins = replace(check_ins, enabled=False)
        return replace(settings, slots=slots, check_ins=check_ins)

    def use(self, settings: Settings) -> Change:
        """Put ``settings`` in force (made usable) without saving; switch autostart to match."""
        old = self.current
        self.current = self.usable(settings)
        problem = None
        switch = self.switch_autostart
        if self.current.start_at_login != old.start_at_login and switch is not None:
            ok, message = switch(self.current.start_at_login)
            problem = None if ok else message
        return Change(old, self.current, problem)

    def apply(self, settings: Settings) -> Change:
        """Put ``settings`` in force at once, then save them; the problem joins both steps.

        The settings stay in force when the save fails (a read-only folder, a full disk):
        the app runs on them and the problem says the file was not written.
        """
        change = self.use(settings)
        saved = self.save(self.current)
        problem = "; ".join(p for p in (change.problem, saved) if p) or None
        return replace(change, problem=problem)

    def reload_from_disk(self) -> Reload:
        """A hand edit: read it, check it, and apply it whole or say what is wrong."""
        loaded = settings_file.load(self.path)
        if loaded.problem:
            return Reload(None, tr("Settings file not used"), loaded.problem)
        # The same check as at start (load repairs and reports); an edit with a fault is
        # refused as a whole, so the settings in use stay as they were.
        issues = [issue.problem for issue in loaded.issues]
        issues += [issue.problem for issue in validate(loaded.settings, self.routines)]
        if issues:
            issues.append(tr("Nothing was changed: the settings in use stay as they were."))
            title = tr("{file} has problems; not applied", file=self.path.name)
            return Reload(None, title, "\n".join(issues))
        if loaded.settings == self.current:
            return Reload(None)
        change = self.use(loaded.settings)
        log.info("applied the settings edited in %s", self.path)
        body = change.problem or tr("Applied your changes to {file}.", file=self.path.name)
        return Reload(change, tr("Settings updated"), body)

    def switch_start_at_login(self, enabled: bool) -> tuple[bool, str]:
        """Turn starting at login on or off now, and keep the setting saved to match."""
        switch = self.switch_autostart
        if switch is None:
            return False, tr("Starting at login is not available on this system.")
        ok, message = switch(enabled)
        if ok and self.current.start_at_login != enabled:
            self.current = replace(self.current, start_at_login=enabled)
            self._save_quietly(self.current)
        return ok, message

    # -- saving -------------------------------------------------------------------------

    def save(self, settings: Settings) -> str | None:
        """Write the settings file; return the error for people, or None."""
        try:
            written = settings_file.save(self.path, settings)
        except settings_file.SaveError as exc:
            log.error("%s", exc)
            return str(exc)
        if self.on_saved is not None:
            self.on_saved(written)
        return None

    def _save_quietly(self, settings: Settings) -> None:
        message = self.save(settings)
        if message is not None:
            self.notices.append(message)
