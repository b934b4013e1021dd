"""What ``desk-breaks export``, ``settings-export`` and ``settings-import`` do in their own process.

These run in the command-line process, not the app: the history is opened read-only (so
an export works whether or not the app runs, and never passes through the command socket
with its 64 KiB lines), and settings files are checked here with the app's own reader
before anything is sent or written. :mod:`desk_breaks.cli` imports this module only when
one of these commands is given.
"""

from __future__ import annotations

import sys
from collections.abc import Collection
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from desk_breaks.core import settings_file
from desk_breaks.core.clock import SystemClock
from desk_breaks.core.commands import EXIT_OK, EXIT_REFUSED
from desk_breaks.core.i18n import again, english, speaking, tr, trn
from desk_breaks.core.migrations import MigrationError, migrate
from desk_breaks.core.progress_types import ExportFormat
from desk_breaks.core.settings import SCHEMA_VERSION, Settings, repair, to_dict, validate
from desk_breaks.core.settings_read import from_dict


def parse_since(text: str | None) -> date | None:
    """``--since YYYY-MM-DD`` as a date; raises ValueError with the rule."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            tr("--since takes a date as YYYY-MM-DD, not {value!r}", value=text)
        ) from None


def export_history(
    history_path: Path,
    fmt: ExportFormat,
    since: date | None,
    output: Path | None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Write the export to ``output`` (atomically) or stdout; return the exit code."""
    from desk_breaks import assets_dir
    from desk_breaks.core import export
    from desk_breaks.core.content_files import load_library
    from desk_breaks.core.history_file import open_read_only

    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if not history_path.exists():
        said = tr("There is no history to export yet ({path} does not exist).", path=history_path)
        print(said, file=err)
        return EXIT_REFUSED
    db = open_read_only(history_path)
    if db is None:
        print(tr("The history at {path} cannot be read.", path=history_path), file=err)
        return EXIT_REFUSED
    library = load_library([assets_dir(), history_path.parent])
    zone = SystemClock().timezone()
    try:
        if output is None:
            try:
                with speaking(english()):  # an export is data: the same in every language
                    export.write(out, fmt, db, library, zone, since)
                out.flush()
            except BrokenPipeError:  # `| head`: the reader has all it wanted
                import os

                os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
            return EXIT_OK
        counts: list[tuple[int, int]] = []
        with speaking(english()):
            export.write_file_atomically(
                output, lambda f: counts.append(export.write(f, fmt, db, library, zone, since))
            )
    except export.ExportError as exc:
        print(again(exc.args[0]) if exc.args else exc, file=err)  # said in English inside
        return EXIT_REFUSED
    finally:
        db.close()
    done, notes = counts[0]
    sessions = trn("{n} session", "{n} sessions", done)
    entries = trn("{n} journal entry", "{n} journal entries", notes)
    said = tr(
        "Exported {sessions} and {entries} to {path}.",
        sessions=sessions,
        entries=entries,
        path=output,
    )
    print(said, file=out)
    return EXIT_OK


def read_settings_text(raw: bytes, where: str, routines: Collection[str] | None) -> Settings:
    """The settings in ``raw`` if they can be used as they are; else ValueError naming fields.

    The app's own reader, migrations and checks; unlike loading the settings file, a file
    with faults is refused as a whole (nothing is put back to a default) and nothing is
    written beside it. ``routines`` are the routines that exist (None: not checked).
    """
    try:
        data = settings_file.parse_toml(raw)
    except ValueError as exc:
        raise ValueError(tr("{file} is not valid TOML ({error}).", file=where, error=exc)) from None
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError(tr("{file}: schema_version must be a whole number from 1 up.", file=where))
    if version > SCHEMA_VERSION:
        raise ValueError(
            tr(
                "{file} was written by a newer Desk Breaks (settings version {version}); "
                "this one reads up to {known}.",
                file=where,
                version=version,
                known=SCHEMA_VERSION,
            )
        )
    try:
        settings, issues = from_dict(migrate(data, version))
    except (MigrationError, RecursionError) as exc:
        raise ValueError(tr("{file}: {problem}.", "file", file=where, problem=exc)) from None
    settings, repaired = repair(settings)
    problems = [issue.problem for issue in (*issues, *repaired)]
    problems += [issue.problem for issue in validate(settings, routines)]
    if problems:
        listed = "\n".join(f"  {problem}" for problem in dict.fromkeys(problems))
        said = tr("{file} has problems; nothing was changed:", file=where)
        raise ValueError(f"{said}\n{listed}")
    return settings


def settings_text(settings: Settings) -> str:
    """The settings as the TOML the settings file holds."""
    return settings_file.dumps(to_dict(settings))


def export_settings(settings_path: Path, target: Path, *, stderr: TextIO | None = None) -> int:
    """Copy the settings in use, checked and complete, to ``target`` as TOML."""
    from desk_breaks.core import export

    err = stderr or sys.stderr
    loaded = settings_file.load(settings_path, datetime.now())
    if loaded.problem:
        print(tr("{problem} Exported the settings used instead.", problem=loaded.problem), file=err)
    for issue in loaded.issues:
        print(tr("{path}: {issue}", "file", path=settings_path, issue=issue), file=err)
    text = settings_text(loaded.settings)
    try:
        export.write_file_atomically(target, lambda f: f.write(text))
    except export.ExportError as exc:
        print(str(exc), file=err)
        return EXIT_REFUSED
    print(tr("Exported the settings to {path}.", path=target))
    return EXIT_OK


def read_import(path: Path, user_content: Path) -> Settings:
    """The settings in the file at ``path``, checked; raises ValueError saying why not."""
    from desk_breaks import assets_dir
    from desk_breaks.core.content_files import load_library

    try:
        raw, _ = settings_file.read_user_file(path)
    except FileNotFoundError:
        raise ValueError(tr("There is no file {path}.", path=path)) from None
    except settings_file.UnreadableFile as exc:
        raise ValueError(tr("{path} {reason}.", "file", path=path, reason=exc.reason)) from None
    except OSError as exc:
        said = tr("{path} cannot be read: {error}.", path=path, error=exc.strerror or exc)
        raise ValueError(said) from None
    routines = load_library([assets_dir(), user_content]).routines
    return read_settings_text(raw, str(path), routines)


def write_settings(settings_path: Path, settings: Settings) -> int:
    """Write imported settings to the settings file (the app is not running)."""
    try:
        settings_file.save(settings_path, settings)
    except settings_file.SaveError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    print(
        tr(
            "Imported the settings into {path}; Desk Breaks uses them when it starts.",
            path=settings_path,
        )
    )
    return EXIT_OK
