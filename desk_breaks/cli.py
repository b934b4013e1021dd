"""The ``desk-breaks`` command: start the app, or talk to the one that runs.

A bare ``desk-breaks`` starts the tray app; if one already runs, it is told to show itself
and this process exits. Subcommands (``status``, ``start``, ``snooze`` ...) go to the
running app over a local socket that only the same user can reach. ``autostart on|off``
also works with no app running: it changes the desktop's entry itself, and the app reads
that entry when it starts.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desk_breaks.core.commands import (
    EXIT_CANNOT_START,
    EXIT_NOT_RUNNING,
    EXIT_OK,
    EXIT_REFUSED,
    SetAutostart,
    Show,
)
from desk_breaks.core.paths import AppPaths, NoSafeRuntimeDir

if TYPE_CHECKING:
    from desk_breaks.core.command_line import Invocation, LocalCommand

EXIT_USAGE = 2
"""A value the command line does not take (as argparse exits)."""

__all__ = ["EXIT_CANNOT_START", "EXIT_NOT_RUNNING", "EXIT_OK", "EXIT_REFUSED", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    # Looks only: the client creates no folder, and refuses the same ones the app would.
    try:
        paths: AppPaths | None = AppPaths.for_user(create_runtime=False)
    except NoSafeRuntimeDir as exc:
        paths, unsafe = None, str(exc)
    if args:  # a bare desk-breaks starts the app, which chooses its language itself
        install_language(paths.settings_file if paths is not None else None)
    invocation = _parse(args)

    if invocation.local is not None:
        if paths is None:
            print(_unreachable(unsafe), file=sys.stderr)
            return EXIT_REFUSED
        return _local(invocation.local, paths)
    # Before anything imports PySide6's widgets and our modules: see import_hook.
    from desk_breaks.ui.import_hook import stop_source_caching

    stop_source_caching()
    if invocation.launch_gui:
        return _launch([sys.argv[0], *args], paths)
    if paths is None:
        print(_unreachable(unsafe), file=sys.stderr)
        return EXIT_REFUSED
    for notice in paths.runtime_notices:
        print(notice, file=sys.stderr)
    # Only the client side is needed here: importing it pulls in no widgets.
    from desk_breaks.desktop.ipc.instance import send_command

    reply = send_command(paths.runtime_dir, invocation.command)
    if reply is None and isinstance(invocation.command, SetAutostart):
        return _autostart_here(invocation.command.enabled)
    if reply is None:
        from desk_breaks.core.i18n import tr

        print(
            tr(
                "Desk Breaks is not running. Start it with `desk-breaks` "
                "(or from your applications menu), then try again."
            ),
            file=sys.stderr,
        )
        return EXIT_NOT_RUNNING
    if invocation.as_json:
        # The data's own "message" (status: in English, like every text in it) wins over
        # the reply's, which is in the app's language: the JSON is the same in every one.
        print(json.dumps({"ok": reply.ok, "message": reply.message, **dict(reply.data)}, indent=2))
    else:
        print(reply.message, file=sys.stdout if reply.ok else sys.stderr)
    return EXIT_OK if reply.ok else EXIT_REFUSED


def install_language(settings_file: Path | None, environ: Mapping[str, str] | None = None) -> str:
    """Speak the language of the settings file (if it can be read), else the environment's.

    Only a look at one key: a broken file is the app's to report. Return the code chosen.
    """
    import os

    from desk_breaks import assets_dir
    from desk_breaks.core.i18n import (
        default_time_style,
        install,
        load_language,
        resolve_language,
        system_languages,
    )

    env = os.environ if environ is None else environ
    wanted = system_languages(env)
    code = resolve_language(_language_setting(settings_file), wanted)
    style = None
    if wanted and code == resolve_language("system", wanted):
        style = default_time_style(wanted[0])  # the territory's clock: en_US reads 9:30 AM
    install(load_language(code, assets_dir() / "locale", style))
    return code


def _language_setting(settings_file: Path | None) -> str:
    """The ``language`` in the settings file, or "system" when there is none to read."""
    if settings_file is None:
        return "system"
    # The app's careful reader: a named pipe, /dev/zero or a huge file is refused, not read.
    from desk_breaks.core.user_file import UnreadableFile, parse_toml, read_user_file

    try:
        value = parse_toml(read_user_file(settings_file)[0]).get("language")
    except (OSError, ValueError, UnreadableFile, RecursionError):
        return "system"
    return value if isinstance(value, str) else "system"


def _unreachable(why: str) -> str:
    from desk_breaks.core.i18n import tr

    return tr("Desk Breaks cannot be reached: {reason}", reason=why)


def _parse(args: list[str]) -> Invocation | _Start:
    """What the arguments ask; a bare ``desk-breaks`` (what starts the app) loads no grammar.

    Not even its module: the command line's types and parser stay out of the idle tray
    (about 0.17 MiB, ``bench/startup_idle.py``).
    """
    if not args:
        return _Start()
    from desk_breaks.core.command_line import parse_args

    return parse_args(args)


class _Start:
    """A bare ``desk-breaks``: start the app (or show the running one), as parse_args says."""

    command = Show()
    local: LocalCommand | None = None
    launch_gui = True
    as_json = False


def _local(local: LocalCommand, paths: AppPaths) -> int:
    """Export or move settings in this process (imported only for these commands).

    The history is read here, read-only: it works whether or not the app runs, and an
    export never passes through the socket. An import is checked here, then sent to the
    running app so it applies at once, or written to the settings file when none runs.
    """
    from desk_breaks.core import transfer
    from desk_breaks.core.command_line import ExportHistory, ExportSettings

    folders = paths
    if isinstance(local, ExportHistory):
        from desk_breaks.core.progress_types import ExportFormat

        try:
            since = transfer.parse_since(local.since)
        except ValueError as exc:
            print(f"desk-breaks export: {exc}", file=sys.stderr)  # exc: said by transfer
            return EXIT_USAGE
        output = Path(local.output) if local.output else None
        return transfer.export_history(
            folders.history_file, ExportFormat(local.format), since, output
        )
    if isinstance(local, ExportSettings):
        return transfer.export_settings(folders.settings_file, Path(local.path))
    try:
        settings = transfer.read_import(Path(local.path), folders.user_content_dir)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    from desk_breaks.core.commands import UseSettings
    from desk_breaks.desktop.ipc.instance import send_command

    reply = send_command(paths.runtime_dir, UseSettings(transfer.settings_text(settings)))
    if reply is not None:
        print(reply.message, file=sys.stdout if reply.ok else sys.stderr)
        return EXIT_OK if reply.ok else EXIT_REFUSED
    return transfer.write_settings(folders.settings_file, settings)


def _launch(argv: list[str], paths: AppPaths | None) -> int:
    """Start the app, or bring the running one forward.

    A running app that answers is told to show itself, which is success. Otherwise
    :func:`desk_breaks.launch.run` starts, or finds out why it cannot (one that holds the lock
    but does not answer, a runtime folder that cannot be trusted) and says so.
    """
    if paths is not None:
        from desk_breaks.desktop.ipc.instance import send_command

        reply = send_command(paths.runtime_dir, Show(), timeout_ms=1500)
        if reply is not None and reply.ok:
            print(reply.message)
            return EXIT_OK
    # Not answered: the app finds out why (a hung instance, an unusable folder) and says so.
    from desk_breaks.launch import run

    return run(argv)


def _autostart_here(enabled: bool) -> int:
    """Switch start-at-login without the app (the port is Qt-free); the app follows at start."""
    from desk_breaks.desktop.autostart import switch_autostart
    from desk_breaks.desktop.autostart.factory import create_autostart

    ok, message = switch_autostart(create_autostart(), enabled)
    print(message, file=sys.stdout if ok else sys.stderr)
    return EXIT_OK if ok else EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())
