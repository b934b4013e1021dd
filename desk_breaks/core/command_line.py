"""The ``desk-breaks`` command line: its argparse grammar, turned into a command.

Only the ``desk-breaks`` process that parses a command line imports this; the running app
gets commands already built (:mod:`desk_breaks.core.commands`), so argparse is never
loaded in the idle tray.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass

from desk_breaks import __version__
from desk_breaks.core.commands import (
    AUTOSTART_RULE,
    COMMAND_NAMES,
    EXERCISE_ACTIONS,
    EXERCISE_RULE,
    JOURNAL_RULE,
    MEETING_MINUTES,
    PAUSE_MINUTES,
    RATE_RULE,
    SNOOZE_MINUTES,
    Command,
    Show,
    build_command,
    minutes_rule,
)
from desk_breaks.core.i18n import N_, tr


@dataclass(frozen=True, slots=True)
class ExportHistory:
    """``desk-breaks export``: write the history as CSV or JSON (in this process)."""

    format: str
    since: str | None = None
    output: str | None = None


@dataclass(frozen=True, slots=True)
class ExportSettings:
    """``desk-breaks settings-export PATH``: copy the settings in use to PATH as TOML."""

    path: str


@dataclass(frozen=True, slots=True)
class ImportSettings:
    """``desk-breaks settings-import PATH``: check PATH, then use it (via the app if it runs)."""

    path: str


LocalCommand = ExportHistory | ExportSettings | ImportSettings
"""What the command-line process does itself, without sending it to the app."""

LOCAL_HELP: dict[str, str] = {
    "export": N_("write your sessions and comfort journal as CSV or JSON (works without the app)"),
    "settings-export": N_(
        "copy your settings to a TOML file, to take your plan to another computer"
    ),
    "settings-import": N_("check a settings file from settings-export and use it"),
}
"""The help of the commands this process carries out itself (English: shown with ``tr``)."""


@dataclass(frozen=True, slots=True)
class Invocation:
    """What one run of ``desk-breaks`` was asked to do.

    ``launch_gui`` is True only for a bare ``desk-breaks``: start the app, or, when one is
    already running, send it ``command`` (always :class:`Show`) instead. Otherwise ``command``
    goes to the running app and nothing starts. ``as_json`` asks for the reply's data as JSON
    (``status --json``) rather than as text.
    """

    command: Command
    launch_gui: bool = False
    as_json: bool = False
    local: LocalCommand | None = None
    """A command this process carries out itself (``command`` is then unused)."""


_HELP: dict[str, str] = {
    "status": N_("show what Desk Breaks is doing and when the next break is due"),
    "start": N_("start a break now"),
    "snooze": N_("put the due break off by MIN minutes (1 to 60)"),
    "skip": N_("skip the due break"),
    "pause": N_("pause reminders for MIN minutes (1 to 1440) or until tomorrow"),
    "resume": N_("end a pause"),
    "quit": N_("quit the running Desk Breaks"),
    "meeting": N_("hold breaks back during a meeting of MIN minutes (1 to 480), or end it"),
    "autostart": N_("start Desk Breaks with the desktop session, or stop doing so"),
    "rate": N_("say how your neck feels after the last session: better, same or worse"),
    "journal": N_("record today's comfort from 0 (very sore) to 10 (no discomfort), with a note"),
    "stop": N_("end the running session (--hurt: stop for pain or dizziness)"),
    "exercise": N_(
        "leave an exercise out, use its gentler version, bring it back, or lower its dose"
    ),
}

_METAVARS = {
    "snooze": "MIN",
    "pause": "MIN|tomorrow",
    "meeting": "MIN|off",
    "autostart": "on|off",
    "rate": "better|same|worse",
    "journal": "SCORE",
}
"""The commands that take one value, and how their usage line names it."""


def _value_rule(name: str) -> str:
    """What the command ``name`` takes, as its error says it ("snooze takes minutes ...")."""
    rules = {
        "snooze": lambda: minutes_rule("snooze", SNOOZE_MINUTES),
        "pause": lambda: minutes_rule("pause", PAUSE_MINUTES, "tomorrow"),
        "meeting": lambda: minutes_rule("meeting", MEETING_MINUTES, "off"),
        "autostart": lambda: tr(AUTOSTART_RULE),
        "rate": lambda: tr(RATE_RULE),
        "journal": lambda: tr(JOURNAL_RULE),
    }
    return rules[name]()


def _value_help(name: str) -> str:
    """The value's line in the command's help ("minutes from 1 to 60, or 'off'")."""
    if name in ("snooze", "pause", "meeting"):
        low, high = {"snooze": SNOOZE_MINUTES, "pause": PAUSE_MINUTES}.get(name, MEETING_MINUTES)
        word = {"pause": "tomorrow", "meeting": "off"}.get(name)
        if word is None:
            return tr("minutes from {low} to {high}", low=low, high=high)
        return tr("minutes from {low} to {high}, or '{word}'", low=low, high=high, word=word)
    return {
        "autostart": lambda: tr("'on' or 'off'"),
        "rate": lambda: tr("better, same or worse"),
        "journal": lambda: tr("a comfort rating from 0 (very sore) to 10 (no discomfort)"),
    }[name]()


# argparse's own words (it asks gettext's default domain, which has none of ours).
_ARGPARSE_WORDS = frozenset(
    {
        N_("usage: ", "argparse"),
        N_("positional arguments", "argparse"),
        N_("options", "argparse"),
        N_("show this help message and exit", "argparse"),
        N_("%(prog)s: error: %(message)s\n", "argparse"),
        N_("invalid choice: %(value)r (choose from %(choices)s)", "argparse"),
        N_("the following arguments are required: %s", "argparse"),
        N_("unrecognized arguments: %s", "argparse"),
        N_("expected one argument", "argparse"),
        N_("argument %(argument_name)s: %(message)s", "argparse"),
        N_("ambiguous option: %(option)s could match %(matches)s", "argparse"),
    }
)


def _argparse_words(message: str) -> str:
    """Argparse's text in the active language (through our catalog, not gettext's)."""
    return tr(message, "argparse") if message in _ARGPARSE_WORDS else message


def build_parser(prog: str = "desk-breaks") -> argparse.ArgumentParser:
    """Return the argparse parser for the whole command line (for help pages and docs)."""
    return _build_parsers(prog)[0]


def _build_parsers(
    prog: str,
) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    subparsers: dict[str, argparse.ArgumentParser] = {}
    setattr(argparse, "_", _argparse_words)  # noqa: B010 (its module global, read at each use)
    parser = argparse.ArgumentParser(
        prog=prog,
        description=tr(
            "A gentle tray coach for short neck and upper-back breaks. Without a "
            "command it starts the app, or brings the running one forward."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=tr("show program's version number and exit", "argparse"),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title=tr("commands"))
    for name in COMMAND_NAMES:
        if name in ("show", "use-settings"):
            continue  # sent by a bare `desk-breaks` and by settings-import, not typed
        said = tr(_HELP[name])
        sub_parser = sub.add_parser(name, help=said, description=tr("{help}.", help=said))
        subparsers[name] = sub_parser
        if name == "status":
            sub_parser.add_argument(
                "--json", action="store_true", help=tr("print the status as one JSON object")
            )
        elif name == "stop":
            sub_parser.add_argument(
                "--hurt",
                action="store_true",
                help=tr(
                    "stop for pain or dizziness: the safety advice shows and the coach backs off"
                ),
            )
        elif name == "exercise":
            sub_parser.usage = (
                "%(prog)s [-h] EXERCISE leave-out|use-gentler|bring-back|previous-dose"
            )
            sub_parser.add_argument("value", nargs="?", metavar="EXERCISE", help=tr("exercise id"))
            sub_parser.add_argument(
                "action", nargs="?", metavar="ACTION", help=" | ".join(EXERCISE_ACTIONS)
            )
        elif name == "start":
            sub_parser.add_argument(
                "value", nargs="?", metavar="ROUTINE", help=tr("routine id (default: the next one)")
            )
        elif name in _METAVARS:
            metavar = _METAVARS[name]
            # Optional for argparse only so that a missing value gets the same clear
            # message as a wrong one; the usage line still shows it as required.
            sub_parser.usage = f"%(prog)s [-h] {metavar}"
            sub_parser.add_argument("value", nargs="?", metavar=metavar, help=_value_help(name))
            if name == "journal":
                sub_parser.usage = "%(prog)s [-h] SCORE [NOTE ...]"
                sub_parser.add_argument("note", nargs="*", metavar="NOTE", help=tr("a short note"))
    _add_local(sub)
    return parser, subparsers


def _add_local(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    said = tr(LOCAL_HELP["export"])
    export = sub.add_parser("export", help=said, description=said)
    export.add_argument("--format", choices=("csv", "json"), default="csv", help=tr("default: csv"))
    export.add_argument("--since", metavar="YYYY-MM-DD", help=tr("only from this day on"))
    export.add_argument("--output", "-o", metavar="PATH", help=tr("write here (default: stdout)"))
    for name in ("settings-export", "settings-import"):
        said = tr(LOCAL_HELP[name])
        local = sub.add_parser(name, help=said, description=tr("{help}.", help=said))
        local.add_argument("path", metavar="PATH", help=tr("the TOML file"))


def _cli_value(text: str) -> object:
    """Turn a typed argument into the value the command checks: digits become an int.

    Anything else stays text, so the command's own check rejects it with the same message
    as an out-of-range number. The length cap keeps int() away from huge digit strings.
    """
    if text.isascii() and text.isdigit() and len(text) <= 9:
        return int(text)
    return text


def _command_from_namespace(name: str, namespace: argparse.Namespace) -> Command:
    value: str | None = getattr(namespace, "value", None)
    if value is None and name in _METAVARS:
        raise ValueError(tr("{rule}; none was given", rule=_value_rule(name)))
    if name == "start":
        return build_command(name, {"routine": value})
    if name == "autostart":
        flag: object = {"on": True, "off": False}.get(str(value), str(value))
        return build_command(name, {"enabled": flag})
    if name in ("snooze", "pause", "meeting"):
        return build_command(name, {"minutes": _cli_value(str(value))})
    if name == "rate":
        return build_command(name, {"feeling": value})
    if name == "journal":
        note = " ".join(namespace.note)
        return build_command(name, {"score": _cli_value(str(value)), "note": note})
    if name == "stop":
        return build_command(name, {"hurt": bool(namespace.hurt)})
    if name == "exercise":
        if value is None or namespace.action is None:
            if value is None:
                raise ValueError(tr("{rule}; none was given", rule=tr(EXERCISE_RULE)))
            raise ValueError(tr("{rule}; no action was given", rule=tr(EXERCISE_RULE)))
        return build_command(name, {"exercise": value, "action": namespace.action})
    return build_command(name, {})


def parse_args(argv: Sequence[str], prog: str = "desk-breaks") -> Invocation:
    """Parse the arguments after the program name.

    ``--help`` and ``--version`` print and raise ``SystemExit(0)``; bad input prints the
    usage and a message saying what is allowed to stderr and raises ``SystemExit(2)``.
    """
    if not argv:
        # A bare `desk-breaks`, what starts the app: the grammar is not built (about 5 ms
        # before the tray icon shows, and a parser's worth of garbage in the idle app).
        return Invocation(Show(), launch_gui=True)
    parser, subparsers = _build_parsers(prog)
    namespace = parser.parse_args(list(argv))
    name: str | None = namespace.command
    if name is None:
        return Invocation(Show(), launch_gui=True)
    if name == "export":
        local: LocalCommand = ExportHistory(namespace.format, namespace.since, namespace.output)
        return Invocation(Show(), local=local)
    if name == "settings-export":
        return Invocation(Show(), local=ExportSettings(namespace.path))
    if name == "settings-import":
        return Invocation(Show(), local=ImportSettings(namespace.path))
    try:
        command = _command_from_namespace(name, namespace)
    except ValueError as exc:
        # Report through the subcommand's parser so the usage shown is the relevant one.
        subparsers[name].error(str(exc))
    return Invocation(command, as_json=bool(getattr(namespace, "json", False)))
