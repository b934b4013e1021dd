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
from collections.abc import Sequence

from desk_breaks.core.commands import Autostart, Show, parse_args
from desk_breaks.core.paths import AppPaths

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_NOT_RUNNING = 3


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    invocation = parse_args(args)
    paths = AppPaths.for_user()

    # Before anything imports PySide6's widgets and our modules: see import_hook.
    from desk_breaks.ui.import_hook import stop_source_caching

    stop_source_caching()
    # Only the client side is needed here: importing it pulls in QtNetwork, not widgets.
    from desk_breaks.desktop.instance import send_command

    if invocation.launch_gui:
        reply = send_command(paths.runtime_dir, Show(), timeout_ms=1500)
        if reply is not None:
            print(reply.message)
            return EXIT_OK
        from desk_breaks.app import run

        return run([sys.argv[0], *args], paths=paths)

    reply = send_command(paths.runtime_dir, invocation.command)
    if reply is None and isinstance(invocation.command, Autostart):
        return _autostart_here(invocation.command.enabled)
    if reply is None:
        print(
            "Desk Breaks is not running. Start it with `desk-breaks` "
            "(or from your applications menu), then try again.",
            file=sys.stderr,
        )
        return EXIT_NOT_RUNNING
    if invocation.as_json:
        print(json.dumps({"ok": reply.ok, "message": reply.message, **dict(reply.data)}, indent=2))
    else:
        print(reply.message, file=sys.stdout if reply.ok else sys.stderr)
    return EXIT_OK if reply.ok else EXIT_REFUSED


def _autostart_here(enabled: bool) -> int:
    """Switch start-at-login without the app (the port is Qt-free); the app follows at start."""
    from desk_breaks.desktop.autostart import make_autostart, switch_autostart

    ok, message = switch_autostart(make_autostart(), enabled)
    print(message, file=sys.stdout if ok else sys.stderr)
    return EXIT_OK if ok else EXIT_REFUSED
