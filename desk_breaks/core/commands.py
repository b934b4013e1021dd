"""The command line and the wire format between ``desk-breaks`` and the running app.

A second ``desk-breaks`` process never does the work itself: it parses its arguments into a
:data:`Command`, sends it to the running app over a local socket and prints the :class:`Reply`.
This module holds everything about that conversation that does not need Qt:

* one small frozen dataclass per command (:class:`Snooze`, :class:`Pause`, ...), each checking
  its own arguments, so a command that exists is a valid command;
* the command line's grammar is :mod:`desk_breaks.core.command_line` (argparse stays out
  of the running app);
* the wire format: one JSON object per line, UTF-8, at most :data:`MAX_LINE_BYTES` bytes::

      request  {"v": 1, "command": "snooze", "args": {"minutes": 15}}
      reply    {"v": 1, "ok": true, "message": "Snoozed for 15 minutes", "data": {}}

  The ``decode_*`` functions accept any bytes or text and raise only :class:`ValueError`.

The socket itself lives in :mod:`desk_breaks.desktop.ipc.instance`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import ClassVar, Literal, TypeAlias

from desk_breaks.core.command_rules import (
    AUTOSTART_RULE,
    EXERCISE_RULE,
    JOURNAL_RULE,
    RATE_RULE,
    check_minutes,
    is_int,
    minutes_rule,
    refusal,
    show_value,
)
from desk_breaks.core.i18n import tr

__all__ = [
    "AUTOSTART_RULE",
    "EXERCISE_RULE",
    "JOURNAL_RULE",
    "RATE_RULE",
    "minutes_rule",
    "refusal",
]

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
        rule = tr("start takes a routine id made of lower-case letters, digits and '-'")
        raise ValueError(refusal(rule, value))


@dataclass(frozen=True, slots=True)
class Snooze:
    """Put off the break that is due (or showing) by ``minutes`` (1–60)."""

    minutes: int
    name: ClassVar[str] = "snooze"

    def __post_init__(self) -> None:
        """Refuse minutes outside 1–60."""
        check_minutes(self.name, self.minutes, SNOOZE_MINUTES)


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
        check_minutes(self.name, self.minutes, PAUSE_MINUTES, "tomorrow")


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
        check_minutes(self.name, self.minutes, MEETING_MINUTES, "off")


@dataclass(frozen=True, slots=True)
class SetAutostart:
    """Turn starting with the desktop session on or off."""

    enabled: bool
    name: ClassVar[str] = "autostart"

    def __post_init__(self) -> None:
        """Refuse anything but a real bool (on the wire, JSON true or false)."""
        if not isinstance(self.enabled, bool):
            raise ValueError(refusal(tr(AUTOSTART_RULE), self.enabled))


FEELINGS = ("better", "same", "worse")
JOURNAL_NOTE_MAX = 200


@dataclass(frozen=True, slots=True)
class Rate:
    """Say how the neck feels after the last session: better, the same, or worse."""

    feeling: str
    name: ClassVar[str] = "rate"

    def __post_init__(self) -> None:
        """Refuse anything but 'better', 'same' or 'worse'."""
        if self.feeling not in FEELINGS:
            raise ValueError(refusal(tr(RATE_RULE), self.feeling))


@dataclass(frozen=True, slots=True)
class Journal:
    """Record today's comfort from 0 (very sore) to 10 (no discomfort), with a short note."""

    score: int
    note: str = ""
    name: ClassVar[str] = "journal"

    def __post_init__(self) -> None:
        """Refuse a score outside 0-10 and a note that is not short text."""
        if not is_int(self.score) or not 0 <= self.score <= 10:
            raise ValueError(refusal(tr(JOURNAL_RULE), self.score))
        if not isinstance(self.note, str) or len(self.note) > JOURNAL_NOTE_MAX:
            raise ValueError(
                tr(
                    "the journal note is text of at most {count} characters",
                    count=JOURNAL_NOTE_MAX,
                )
            )


@dataclass(frozen=True, slots=True)
class StopSession:
    """End the running session; ``hurt`` ends it as a stop for pain or dizziness."""

    hurt: bool = False
    name: ClassVar[str] = "stop"

    def __post_init__(self) -> None:
        """Refuse anything but a real bool."""
        if not isinstance(self.hurt, bool):
            raise ValueError(refusal(tr("stop's hurt flag is true or false"), self.hurt))


EXERCISE_ACTIONS = ("leave-out", "use-gentler", "bring-back", "previous-dose")


@dataclass(frozen=True, slots=True)
class ChooseExercise:
    """Leave an exercise out, use its gentler version, bring it back, or lower its dose."""

    exercise: str
    action: str
    name: ClassVar[str] = "exercise"

    def __post_init__(self) -> None:
        """Refuse an id that cannot be one and an action that is not known."""
        value = self.exercise
        if not (
            isinstance(value, str)
            and 0 < len(value) <= ROUTINE_ID_MAX
            and all(c.isalnum() or c == "-" for c in value)
            and value.lower() == value
        ):
            raise ValueError(
                tr(
                    "{rule}; {value} is not an exercise id",
                    rule=tr(EXERCISE_RULE),
                    value=show_value(value),
                )
            )
        if self.action not in EXERCISE_ACTIONS:
            raise ValueError(refusal(tr(EXERCISE_RULE), self.action))


@dataclass(frozen=True, slots=True)
class UseSettings:
    """Put these settings (the TOML text of a settings file) in force and save them.

    Sent by ``desk-breaks settings-import`` after it checked the file; the app checks
    the text again with the same reader before it applies anything.
    """

    toml: str
    name: ClassVar[str] = "use-settings"

    def __post_init__(self) -> None:
        """Refuse anything but text that fits a line."""
        if not isinstance(self.toml, str) or len(self.toml) > MAX_LINE_BYTES // 2:
            raise ValueError(
                tr(
                    "use-settings takes settings text of at most {count} characters",
                    count=MAX_LINE_BYTES // 2,
                )
            )


Command: TypeAlias = (
    Show
    | Status
    | Start
    | Snooze
    | Skip
    | Pause
    | Resume
    | Quit
    | Meeting
    | SetAutostart
    | Rate
    | Journal
    | StopSession
    | ChooseExercise
    | UseSettings
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
    Rate,
    Journal,
    StopSession,
    ChooseExercise,
    UseSettings,
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
        raise ValueError(tr("unknown command {command}", command=show_value(name)))
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(args) - set(known))
    if unknown:
        taken = ", ".join(show_value(k) for k in unknown)
        raise ValueError(tr("{command} does not take {arguments}", command=name, arguments=taken))
    missing = [k for k, f in known.items() if f.default is MISSING and k not in args]
    if missing:
        needed = ", ".join(missing)
        raise ValueError(tr("{command} needs {arguments}", command=name, arguments=needed))
    # The classes check their own values; Callable[..., Command] is how mypy lets a
    # validated-at-runtime mapping through.
    factory: Callable[..., Command] = cls
    return factory(**args)


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
    if not is_int(version):
        raise ValueError(f"{what} has no protocol version 'v'")
    if version != PROTOCOL_VERSION:
        raise ValueError(
            f"{what} speaks protocol version {show_value(version)}; "
            f"this Desk Breaks speaks {PROTOCOL_VERSION}"
        )
    return obj


def _check_keys(obj: Mapping[str, object], allowed: set[str], what: str) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise ValueError(f"{what} has unknown fields {', '.join(show_value(k) for k in unknown)}")


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
