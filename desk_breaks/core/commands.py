"""The command line and the wire format between ``desk-breaks`` and the running app.

A second ``desk-breaks`` process never does the work itself: it parses its arguments into a
:data:`Command`, sends it to the running app over a local socket and prints the :class:`Reply`.
This module holds everything about that conversation that does not need Qt:

* one small frozen dataclass per command (:class:`Snooze`, :class:`Pause`, ...), each checking
  its own arguments, so a command that exists is a valid command;
* :func:`parse_args`, the argparse grammar, which turns bad input into a message that says what
  is allowed (exit code 2, like every argparse error);
* the wire format: one JSON object per line, UTF-8, at most :data:`MAX_LINE_BYTES` bytes::

      request  {"v": 1, "command": "snooze", "args": {"minutes": 15}}
      reply    {"v": 1, "ok": true, "message": "Snoozed for 15 minutes", "data": {}}

  The ``decode_*`` functions accept any bytes or text and raise only :class:`ValueError`.

The socket itself lives in :mod:`desk_breaks.desktop.ipc.instance`.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import ClassVar, Literal, TypeAlias

from desk_breaks import __version__

# The command line's exit codes, shared by ``cli`` and the start-up in ``launch``.
EXIT_OK = 0
EXIT_REFUSED = 1
"""The running app refused the command (the reason is printed)."""
EXIT_NOT_RUNNING = 3
EXIT_CANNOT_START = 4
"""The app could not start (the reason was shown, printed and logged)."""

PROTOCOL_VERSION = 1
"""The ``v`` field of every request and reply; a peer speaking another version is refused."""

MAX_LINE_BYTES = 64 * 1024
"""The longest line (newline included) either side accepts; anything longer is refused."""

SNOOZE_MINUTES = (1, 60)
PAUSE_MINUTES = (1, 1440)
MEETING_MINUTES = (1, 480)
ROUTINE_ID_MAX = 100


# --- Commands ---------------------------------------------------------------------------------
# Every command validates its fields in __post_init__: the same check (and the same message)
# serves the command line and requests arriving over the socket, which may hold any JSON.


def _show(value: object) -> str:
    """Return a short repr for error messages; a hostile peer may send 64 KiB strings."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_int(value: object) -> bool:
    # bool is an int subclass, and JSON's true must not pass for 1 minute.
    return isinstance(value, int) and not isinstance(value, bool)


def _minutes_rule(command: str, limits: tuple[int, int], word: str | None = None) -> str:
    text = f"{command} takes minutes from {limits[0]} to {limits[1]}"
    return text if word is None else f"{text}, or '{word}'"


def _check_minutes(
    command: str, value: object, limits: tuple[int, int], word: str | None = None
) -> None:
    low, high = limits
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return
    if word is not None and value == word:
        return
    raise ValueError(f"{_minutes_rule(command, limits, word)}, not {_show(value)}")


_AUTOSTART_RULE = "autostart takes 'on' or 'off'"


@dataclass(frozen=True, slots=True)
class Show:
    """Bring the running app to the front (what a second plain ``desk-breaks`` sends)."""

    name: ClassVar[str] = "show"


@dataclass(frozen=True, slots=True)
class Status:
    """Ask for the app's state; the reply's ``data`` carries it."""

    name: ClassVar[str] = "status"


@dataclass(frozen=True, slots=True)
class Start:
    """Start a break now, with the given routine or (``None``) the one the app would pick.

    The id's spelling is checked here; whether such a routine exists is the app's answer.
    """

    routine: str | None = None
    name: ClassVar[str] = "start"

    def __post_init__(self) -> None:
        """Refuse anything that cannot be a routine id (lower-case letters, digits, '-')."""
        value = self.routine
        if value is None:
            return
        if (
            isinstance(value, str)
            and 0 < len(value) <= ROUTINE_ID_MAX
            and all(c.isalnum() or c == "-" for c in value)
            and value.lower() == value
        ):
            return
        raise ValueError(
            "start takes a routine id made of lower-case letters, digits and '-', "
            f"not {_show(value)}"
        )


@dataclass(frozen=True, slots=True)
class Snooze:
    """Put off the break that is due (or showing) by ``minutes`` (1–60)."""

    minutes: int
    name: ClassVar[str] = "snooze"

    def __post_init__(self) -> None:
        """Refuse minutes outside 1–60."""
        _check_minutes(self.name, self.minutes, SNOOZE_MINUTES)


@dataclass(frozen=True, slots=True)
class Skip:
    """Skip the break that is due (or showing) and start counting towards the next one."""

    name: ClassVar[str] = "skip"


@dataclass(frozen=True, slots=True)
class Pause:
    """Stop reminding for ``minutes`` (1–1440), or until tomorrow's working day begins."""

    minutes: int | Literal["tomorrow"]
    name: ClassVar[str] = "pause"

    def __post_init__(self) -> None:
        """Refuse minutes outside 1–1440 and any word but 'tomorrow'."""
        _check_minutes(self.name, self.minutes, PAUSE_MINUTES, "tomorrow")


@dataclass(frozen=True, slots=True)
class Resume:
    """End a pause now."""

    name: ClassVar[str] = "resume"


@dataclass(frozen=True, slots=True)
class Quit:
    """Ask the running app to quit."""

    name: ClassVar[str] = "quit"


@dataclass(frozen=True, slots=True)
class Meeting:
    """Hold breaks back for a meeting of ``minutes`` (1–480), or (``"off"``) end that now."""

    minutes: int | Literal["off"]
    name: ClassVar[str] = "meeting"

    def __post_init__(self) -> None:
        """Refuse minutes outside 1–480 and any word but 'off'."""
        _check_minutes(self.name, self.minutes, MEETING_MINUTES, "off")


@dataclass(frozen=True, slots=True)
class SetAutostart:
    """Turn starting with the desktop session on or off."""

    enabled: bool
    name: ClassVar[str] = "autostart"

    def __post_init__(self) -> None:
        """Refuse anything but a real bool (on the wire, JSON true or false)."""
        if not isinstance(self.enabled, bool):
            raise ValueError(f"{_AUTOSTART_RULE}, not {_show(self.enabled)}")


Command: TypeAlias = (
    Show | Status | Start | Snooze | Skip | Pause | Resume | Quit | Meeting | SetAutostart
)
"""Any one command; ``match`` on the classes to dispatch (``case Snooze(minutes=m): ...``)."""

_COMMAND_CLASSES: tuple[type[Command], ...] = (
    Show,
    Status,
    Start,
    Snooze,
    Skip,
    Pause,
    Resume,
    Quit,
    Meeting,
    SetAutostart,
)
COMMAND_NAMES: tuple[str, ...] = tuple(cls.name for cls in _COMMAND_CLASSES)
"""Every command name the protocol knows, in the order the help lists them."""


def command_args(command: Command) -> dict[str, object]:
    """Return the command's arguments as the JSON object sent on the wire."""
    return asdict(command)


def build_command(name: str, args: Mapping[str, object]) -> Command:
    """Make the command called ``name`` from its wire arguments.

    Raises :class:`ValueError` with a readable message for an unknown name, an unknown or
    missing argument, or a value the command does not take.
    """
    for cls in _COMMAND_CLASSES:
        if cls.name == name:
            break
    else:
        raise ValueError(f"unknown command {_show(name)}")
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(args) - set(known))
    if unknown:
        raise ValueError(f"{name} does not take {', '.join(_show(k) for k in unknown)}")
    missing = [k for k, f in known.items() if f.default is MISSING and k not in args]
    if missing:
        raise ValueError(f"{name} needs {', '.join(missing)}")
    # The classes check their own values; Callable[..., Command] is how mypy lets a
    # validated-at-runtime mapping through.
    factory: Callable[..., Command] = cls
    return factory(**args)


# --- Command line ------------------------------------------------------------------------------


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


_HELP: dict[str, str] = {
    "status": "show what Desk Breaks is doing and when the next break is due",
    "start": "start a break now",
    "snooze": "put the due break off by MIN minutes (1 to 60)",
    "skip": "skip the due break",
    "pause": "pause reminders for MIN minutes (1 to 1440) or until tomorrow",
    "resume": "end a pause",
    "quit": "quit the running Desk Breaks",
    "meeting": "hold breaks back during a meeting of MIN minutes (1 to 480), or end it",
    "autostart": "start Desk Breaks with the desktop session, or stop doing so",
}


_VALUE_RULES: dict[str, tuple[str, str]] = {
    "snooze": ("MIN", _minutes_rule("snooze", SNOOZE_MINUTES)),
    "pause": ("MIN|tomorrow", _minutes_rule("pause", PAUSE_MINUTES, "tomorrow")),
    "meeting": ("MIN|off", _minutes_rule("meeting", MEETING_MINUTES, "off")),
    "autostart": ("on|off", _AUTOSTART_RULE),
}


def build_parser(prog: str = "desk-breaks") -> argparse.ArgumentParser:
    """Return the argparse parser for the whole command line (for help pages and docs)."""
    return _build_parsers(prog)[0]


def _build_parsers(
    prog: str,
) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    subparsers: dict[str, argparse.ArgumentParser] = {}
    parser = argparse.ArgumentParser(
        prog=prog,
        description="A gentle tray coach for short neck and upper-back breaks. Without a "
        "command it starts the app, or brings the running one forward.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name in COMMAND_NAMES:
        if name == "show":
            continue  # sent by a bare `desk-breaks`, not typed
        sub_parser = sub.add_parser(name, help=_HELP[name], description=_HELP[name] + ".")
        subparsers[name] = sub_parser
        if name == "status":
            sub_parser.add_argument(
                "--json", action="store_true", help="print the status as one JSON object"
            )
        elif name == "start":
            sub_parser.add_argument(
                "value", nargs="?", metavar="ROUTINE", help="routine id (default: the next one)"
            )
        elif name in _VALUE_RULES:
            metavar, rule = _VALUE_RULES[name]
            # Optional for argparse only so that a missing value gets the same clear
            # message as a wrong one; the usage line still shows it as required.
            sub_parser.usage = f"%(prog)s [-h] {metavar}"
            sub_parser.add_argument(
                "value", nargs="?", metavar=metavar, help=rule.split(" takes ", 1)[1]
            )
    return parser, subparsers


def _cli_value(text: str) -> object:
    """Turn a typed argument into the value the command checks: digits become an int.

    Anything else stays text, so the command's own check rejects it with the same message
    as an out-of-range number. The length cap keeps int() away from huge digit strings.
    """
    if text.isascii() and text.isdigit() and len(text) <= 9:
        return int(text)
    return text


def _command_from_namespace(name: str, value: str | None) -> Command:
    if value is None and name in _VALUE_RULES:
        raise ValueError(f"{_VALUE_RULES[name][1]}; none was given")
    if name == "start":
        return build_command(name, {"routine": value})
    if name == "autostart":
        flag: object = {"on": True, "off": False}.get(str(value), str(value))
        return build_command(name, {"enabled": flag})
    if name in ("snooze", "pause", "meeting"):
        return build_command(name, {"minutes": _cli_value(str(value))})
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
    try:
        command = _command_from_namespace(name, getattr(namespace, "value", None))
    except ValueError as exc:
        # Report through the subcommand's parser so the usage shown is the relevant one.
        subparsers[name].error(str(exc))
    return Invocation(command, as_json=bool(getattr(namespace, "json", False)))


# --- Wire format -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    """The app's answer to one command.

    ``message`` is a sentence for people; ``data`` is a JSON object for programs (the status
    fields, for instance). ``ok`` is False when the command was refused or failed.
    """

    ok: bool
    message: str = ""
    data: Mapping[str, object] = field(default_factory=dict)
    quit: bool = field(default=False, compare=False)
    """For the running app only, never sent: leave once this reply is on its way."""


def _dump_line(obj: Mapping[str, object]) -> bytes:
    try:
        # ASCII escapes keep the line valid UTF-8 even for strings with lone surrogates,
        # which JSON input can carry; NaN is not JSON.
        text = json.dumps(obj, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError) as exc:
        raise ValueError(f"cannot be sent as JSON: {exc}") from None
    line = text.encode("ascii") + b"\n"
    if len(line) > MAX_LINE_BYTES:
        raise ValueError(f"message is {len(line)} bytes; at most {MAX_LINE_BYTES} fit a line")
    return line


def _reject_constant(token: str) -> object:
    raise ValueError(f"{token} is not JSON")


def _load_line(line: bytes | str, what: str) -> dict[str, object]:
    """Decode one line into a JSON object carrying our protocol version; only ValueError."""
    if len(line) > MAX_LINE_BYTES:  # also bounds a str before encoding it
        raise ValueError(f"{what} is longer than {MAX_LINE_BYTES} bytes")
    try:
        raw = line.encode("utf-8") if isinstance(line, str) else bytes(line)
        if len(raw) > MAX_LINE_BYTES:
            raise ValueError(f"{what} is longer than {MAX_LINE_BYTES} bytes")
        if raw.endswith(b"\n"):
            raw = raw[:-1]
        if b"\n" in raw:
            raise ValueError(f"{what} holds more than one line")
        text = raw.decode("utf-8")
        obj = json.loads(text, parse_constant=_reject_constant)
    except UnicodeError:
        raise ValueError(f"{what} is not valid UTF-8") from None
    except RecursionError:
        raise ValueError(f"{what} is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{what} is not JSON ({exc.msg} at character {exc.pos})") from None
    if not isinstance(obj, dict):
        raise ValueError(f"{what} must be a JSON object, not {type(obj).__name__}")
    version = obj.get("v")
    if not _is_int(version):
        raise ValueError(f"{what} has no protocol version 'v'")
    if version != PROTOCOL_VERSION:
        raise ValueError(
            f"{what} speaks protocol version {_show(version)}; "
            f"this Desk Breaks speaks {PROTOCOL_VERSION}"
        )
    return obj


def _check_keys(obj: Mapping[str, object], allowed: set[str], what: str) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise ValueError(f"{what} has unknown fields {', '.join(_show(k) for k in unknown)}")


def encode_request(command: Command) -> bytes:
    """Return the request line (newline included) that carries ``command``."""
    return _dump_line(
        {"v": PROTOCOL_VERSION, "command": command.name, "args": command_args(command)}
    )


def decode_request(line: bytes | str) -> Command:
    """Return the command in one request line (the trailing newline is optional).

    Raises :class:`ValueError`, and nothing else, for any line that is not a valid request:
    oversized, not UTF-8, not JSON, another protocol version, an unknown command or
    arguments the command does not take.
    """
    obj = _load_line(line, "request")
    _check_keys(obj, {"v", "command", "args"}, "request")
    name = obj.get("command")
    if not isinstance(name, str):
        raise ValueError("request has no 'command' text")
    args = obj.get("args", {})
    if not isinstance(args, dict):
        raise ValueError("request 'args' must be a JSON object")
    return build_command(name, args)


def encode_reply(reply: Reply) -> bytes:
    """Return the reply line (newline included) for ``reply``.

    Raises :class:`ValueError` when ``data`` holds something JSON cannot carry or the line
    would be longer than :data:`MAX_LINE_BYTES`.
    """
    return _dump_line(
        {"v": PROTOCOL_VERSION, "ok": reply.ok, "message": reply.message, "data": reply.data}
    )


def decode_reply(line: bytes | str) -> Reply:
    """Return the reply in one reply line; raises only :class:`ValueError` for a bad line."""
    obj = _load_line(line, "reply")
    _check_keys(obj, {"v", "ok", "message", "data"}, "reply")
    ok = obj.get("ok")
    if not isinstance(ok, bool):
        raise ValueError("reply has no 'ok' true or false")
    message = obj.get("message", "")
    if not isinstance(message, str):
        raise ValueError("reply 'message' must be text")
    data = obj.get("data", {})
    if not isinstance(data, dict):
        raise ValueError("reply 'data' must be a JSON object")
    return Reply(ok, message, data)
