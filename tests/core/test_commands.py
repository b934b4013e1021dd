from __future__ import annotations

import contextlib
import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_breaks import __version__
from desk_breaks.core.command_line import (
    ExportHistory,
    ExportSettings,
    ImportSettings,
    Invocation,
    parse_args,
)
from desk_breaks.core.commands import (
    COMMAND_NAMES,
    MAX_LINE_BYTES,
    ChooseExercise,
    Command,
    Journal,
    Meeting,
    Pause,
    Quit,
    Rate,
    Reply,
    Resume,
    SetAutostart,
    Show,
    Skip,
    Snooze,
    Start,
    Status,
    StopSession,
    build_command,
    decode_reply,
    decode_request,
    encode_reply,
    encode_request,
)

# --- command line ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], Invocation(Show(), launch_gui=True)),
        (["status"], Invocation(Status())),
        (["status", "--json"], Invocation(Status(), as_json=True)),
        (["start"], Invocation(Start())),
        (["start", "neck-reset"], Invocation(Start("neck-reset"))),
        (["snooze", "1"], Invocation(Snooze(1))),
        (["snooze", "60"], Invocation(Snooze(60))),
        (["snooze", "05"], Invocation(Snooze(5))),
        (["skip"], Invocation(Skip())),
        (["pause", "1440"], Invocation(Pause(1440))),
        (["pause", "tomorrow"], Invocation(Pause("tomorrow"))),
        (["resume"], Invocation(Resume())),
        (["quit"], Invocation(Quit())),
        (["meeting", "45"], Invocation(Meeting(45))),
        (["meeting", "off"], Invocation(Meeting("off"))),
        (["autostart", "on"], Invocation(SetAutostart(True))),
        (["rate", "better"], Invocation(Rate("better"))),
        (["rate", "worse"], Invocation(Rate("worse"))),
        (["journal", "0"], Invocation(Journal(0))),
        (
            ["journal", "7", "stiff", "after", "the", "drive"],
            Invocation(Journal(7, "stiff after the drive")),
        ),
        (["stop"], Invocation(StopSession())),
        (["stop", "--hurt"], Invocation(StopSession(hurt=True))),
        (
            ["exercise", "chin-drop", "leave-out"],
            Invocation(ChooseExercise("chin-drop", "leave-out")),
        ),
        (["autostart", "off"], Invocation(SetAutostart(False))),
    ],
)
def test_every_command_parses(argv: list[str], expected: Invocation) -> None:
    assert parse_args(argv) == expected


def test_the_parser_covers_every_protocol_command() -> None:
    # Every command but "show" (sent by a bare launch) and "use-settings" (sent by
    # settings-import once it checked the file) can be typed.
    typed = {parse_args(argv).command.name for argv in _ONE_VALID_ARGV.values()}
    assert typed | {"show", "use-settings"} == set(COMMAND_NAMES)
    local = parse_args(["export", "--format", "json", "--since", "2026-01-01", "-o", "x"])
    assert local.local == ExportHistory("json", "2026-01-01", "x")
    assert parse_args(["settings-import", "p.toml"]).local == ImportSettings("p.toml")
    assert parse_args(["settings-export", "p.toml"]).local == ExportSettings("p.toml")


_ONE_VALID_ARGV = {
    "status": ["status"],
    "start": ["start"],
    "snooze": ["snooze", "5"],
    "skip": ["skip"],
    "pause": ["pause", "5"],
    "resume": ["resume"],
    "quit": ["quit"],
    "meeting": ["meeting", "5"],
    "autostart": ["autostart", "on"],
    "rate": ["rate", "worse"],
    "journal": ["journal", "6"],
    "stop": ["stop"],
    "exercise": ["exercise", "chin-drop", "bring-back"],
}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["snooze", "0"], "snooze takes minutes from 1 to 60, not 0"),
        (["snooze", "61"], "snooze takes minutes from 1 to 60, not 61"),
        (["snooze", "-5"], "snooze takes minutes from 1 to 60, not '-5'"),
        (["snooze", "1.5"], "snooze takes minutes from 1 to 60, not '1.5'"),
        (["snooze", "٥"], "snooze takes minutes from 1 to 60, not '٥'"),
        (["snooze", "9" * 5000], "snooze takes minutes from 1 to 60, not '999"),
        (["snooze"], "snooze takes minutes from 1 to 60; none was given"),
        (["pause", "soon"], "pause takes minutes from 1 to 1440, or 'tomorrow', not 'soon'"),
        (["pause", "0"], "pause takes minutes from 1 to 1440, or 'tomorrow', not 0"),
        (["pause", "1441"], "pause takes minutes from 1 to 1440, or 'tomorrow', not 1441"),
        (["pause"], "pause takes minutes from 1 to 1440, or 'tomorrow'; none was given"),
        (["meeting", "481"], "meeting takes minutes from 1 to 480, or 'off', not 481"),
        (["meeting", "on"], "meeting takes minutes from 1 to 480, or 'off', not 'on'"),
        (["meeting"], "meeting takes minutes from 1 to 480, or 'off'; none was given"),
        (["autostart", "yes"], "autostart takes 'on' or 'off', not 'yes'"),
        (["autostart"], "autostart takes 'on' or 'off'; none was given"),
        (["rate"], "rate takes better, same or worse; none was given"),
        (["rate", "fine"], "rate takes better, same or worse, not 'fine'"),
        (["journal"], "journal takes a comfort rating from 0 (very sore) to 10"),
        (["journal", "11"], "to 10 (no discomfort), not 11"),
        (["journal", "six"], "to 10 (no discomfort), not 'six'"),
        (["journal", "5", "x" * 201], "the journal note is text of at most 200 characters"),
        (["stop", "now"], "unrecognized arguments: now"),
        (["exercise"], "exercise takes an exercise id and leave-out, use-gentler"),
        (["exercise", "chin-drop"], "bring-back or previous-dose; no action was given"),
        (["exercise", "chin-drop", "drop"], "bring-back or previous-dose, not 'drop'"),
        (["exercise", "Chin", "leave-out"], "'Chin' is not an exercise id"),
        (["start", "Neck"], "start takes a routine id made of lower-case letters, digits and '-'"),
        (["start", "a/b"], "start takes a routine id made of lower-case letters, digits and '-'"),
        (["dance"], "invalid choice: 'dance'"),
        (["resume", "now"], "unrecognized arguments: now"),
        (["snooze", "5", "6"], "unrecognized arguments: 6"),
        (["--json"], "unrecognized arguments: --json"),
        (["skip", "--json"], "unrecognized arguments: --json"),
    ],
)
def test_bad_input_says_what_is_allowed(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc_info:
        parse_args(argv)
    assert exc_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err
    assert err.startswith("usage: desk-breaks")


def test_errors_show_the_usage_of_the_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse_args(["pause", "soon"])
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "usage: desk-breaks pause [-h] MIN|tomorrow",
        "desk-breaks pause: error: pause takes minutes from 1 to 1440, or 'tomorrow', not 'soon'",
    ]


def test_version_and_help_exit_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc_info:
        parse_args(["--version"])
    assert exc_info.value.code == 0
    assert capsys.readouterr().out == f"desk-breaks {__version__}\n"

    with pytest.raises(SystemExit) as exc_info:
        parse_args(["-h"])
    assert exc_info.value.code == 0
    out = capsys.readouterr().out
    for name in _ONE_VALID_ARGV:
        assert name in out

    with pytest.raises(SystemExit) as exc_info:
        parse_args(["snooze", "--help"])
    assert exc_info.value.code == 0
    assert "minutes from 1 to 60" in capsys.readouterr().out


def test_commands_check_their_own_values() -> None:
    # The same checks guard requests that arrive over the socket.
    with pytest.raises(ValueError, match="snooze takes minutes from 1 to 60, not True"):
        Snooze(True)
    with pytest.raises(ValueError, match="not '5'"):
        Snooze("5")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="autostart takes 'on' or 'off', not 1"):
        SetAutostart(1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="routine id"):
        Start("")
    with pytest.raises(ValueError, match="routine id"):
        Start("x" * 101)
    assert Start("x" * 100).routine == "x" * 100


def test_the_module_stays_free_of_qt() -> None:
    code = (
        "import sys, desk_breaks.core.commands; "
        "sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --- wire format -------------------------------------------------------------------------------

ALL_COMMANDS: list[Command] = [
    Show(),
    Status(),
    Start(),
    Start("neck-reset"),
    Snooze(15),
    Skip(),
    Pause(90),
    Pause("tomorrow"),
    Resume(),
    Quit(),
    Meeting(30),
    Meeting("off"),
    SetAutostart(True),
    SetAutostart(False),
]


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=repr)
def test_request_round_trip(command: Command) -> None:
    line = encode_request(command)
    assert line.endswith(b"\n")
    assert line.count(b"\n") == 1
    obj = json.loads(line)
    assert obj["v"] == 1
    assert obj["command"] == command.name
    assert decode_request(line) == command
    assert decode_request(line.decode()) == command
    assert decode_request(line.rstrip(b"\n")) == command


def test_request_wire_shape() -> None:
    assert json.loads(encode_request(Snooze(15))) == {
        "v": 1,
        "command": "snooze",
        "args": {"minutes": 15},
    }
    assert json.loads(encode_request(Pause("tomorrow")))["args"] == {"minutes": "tomorrow"}
    assert json.loads(encode_request(SetAutostart(True)))["args"] == {"enabled": True}


def test_a_request_without_args_is_accepted() -> None:
    assert decode_request(b'{"v": 1, "command": "status"}') == Status()


@pytest.mark.parametrize(
    "reply",
    [
        Reply(True),
        Reply(False, "no routine called 'x'"),
        Reply(True, "Snoozed — 15 min ☕", {"state": "running", "next_due_s": 1200, "x": None}),
        Reply(True, "", {"nested": {"list": [1, 2.5, "drei", True]}}),
    ],
)
def test_reply_round_trip(reply: Reply) -> None:
    line = encode_reply(reply)
    assert line.endswith(b"\n")
    assert line.count(b"\n") == 1
    line.decode("utf-8")
    assert decode_reply(line) == reply


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"", "not JSON"),
        (b"\n", "not JSON"),
        (b"hello\n", "not JSON"),
        (b"\xff\xfe{}\n", "not valid UTF-8"),
        (b"[1, 2]", "must be a JSON object, not list"),
        (b'"snooze"', "must be a JSON object, not str"),
        (b"{}", "no protocol version"),
        (b'{"v": true, "command": "skip"}', "no protocol version"),
        (b'{"v": "1", "command": "skip"}', "no protocol version"),
        (b'{"v": 2, "command": "skip"}', "speaks protocol version 2"),
        (b'{"v": 1}', "no 'command'"),
        (b'{"v": 1, "command": 5}', "no 'command'"),
        (b'{"v": 1, "command": "dance", "args": {}}', "unknown command 'dance'"),
        (b'{"v": 1, "command": "skip", "args": []}', "'args' must be a JSON object"),
        (b'{"v": 1, "command": "skip", "args": {}, "x": 1}', "unknown fields 'x'"),
        (b'{"v": 1, "command": "skip", "args": {"minutes": 5}}', "skip does not take 'minutes'"),
        (b'{"v": 1, "command": "snooze", "args": {}}', "snooze needs minutes"),
        (b'{"v": 1, "command": "snooze", "args": {"minutes": 0}}', "from 1 to 60, not 0"),
        (b'{"v": 1, "command": "snooze", "args": {"minutes": 5.0}}', "not 5.0"),
        (b'{"v": 1, "command": "snooze", "args": {"minutes": true}}', "not True"),
        (b'{"v": 1, "command": "snooze", "args": {"minutes": NaN}}', "NaN is not JSON"),
        (b'{"v": 1, "command": "pause", "args": {"minutes": "soon"}}', "not 'soon'"),
        (b'{"v": 1, "command": "autostart", "args": {"enabled": "on"}}', "not 'on'"),
        (b'{"v": 1, "command": "start", "args": {"routine": 7}}', "routine id"),
        (b'{"v": 1, "command": "skip"}\n{"v": 1, "command": "quit"}', "more than one line"),
        (b"[" * 50_000 + b"]" * 10_000, "nested too deeply"),
        (b'{"v": 1, "command": "skip", "args": {"a": ' + b"9" * 5000 + b"}}", "digits"),
        (b'{"v": 1, "command": "start", "args": {"routine": "' + b"x" * 70_000, "longer than"),
    ],
)
def test_malformed_requests_are_refused_clearly(line: bytes, message: str) -> None:
    with pytest.raises(ValueError) as exc_info:
        decode_request(line)
    assert message in str(exc_info.value)


def test_lines_up_to_the_limit_are_accepted() -> None:
    head = b'{"v": 1, "command": "skip", "args": {}}'
    padded = head[:-1] + b" " * (MAX_LINE_BYTES - len(head) - 1) + b"}\n"
    assert len(padded) == MAX_LINE_BYTES
    assert decode_request(padded) == Skip()
    with pytest.raises(ValueError, match="longer than"):
        decode_request(b" " + padded)


def test_error_messages_stay_short_for_huge_values() -> None:
    with pytest.raises(ValueError) as exc_info:
        decode_request(b'{"v": 1, "command": "' + b"x" * 60_000 + b'"}')
    assert len(str(exc_info.value)) < 100


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"{}", "no protocol version"),
        (b'{"v": 1}', "no 'ok'"),
        (b'{"v": 1, "ok": 1}', "no 'ok'"),
        (b'{"v": 1, "ok": true, "message": 5}', "'message' must be text"),
        (b'{"v": 1, "ok": true, "data": []}', "'data' must be a JSON object"),
        (b'{"v": 1, "ok": true, "extra": 1}', "unknown fields 'extra'"),
        (b"\x00\x01", "not JSON"),
    ],
)
def test_malformed_replies_are_refused_clearly(line: bytes, message: str) -> None:
    with pytest.raises(ValueError) as exc_info:
        decode_reply(line)
    assert message in str(exc_info.value)


def test_replies_that_json_cannot_carry_are_refused() -> None:
    with pytest.raises(ValueError, match="cannot be sent as JSON"):
        encode_reply(Reply(True, "", {"when": object()}))
    with pytest.raises(ValueError, match="cannot be sent as JSON"):
        encode_reply(Reply(True, "", {"x": float("nan")}))
    with pytest.raises(ValueError, match="at most 65536 fit a line"):
        encode_reply(Reply(True, "x" * MAX_LINE_BYTES))


def test_lone_surrogates_still_make_valid_utf8() -> None:
    # JSON text may carry "\ud800"; the reply line must still be UTF-8.
    line = encode_reply(Reply(False, "bad \ud800"))
    line.decode("utf-8")
    assert decode_reply(line).message == "bad \ud800"


def test_build_command_knows_every_name() -> None:
    for command in ALL_COMMANDS:
        assert build_command(command.name, json.loads(encode_request(command))["args"]) == (command)


# --- fuzzing -----------------------------------------------------------------------------------


@given(st.binary(max_size=300))
def test_random_bytes_only_ever_raise_value_error(line: bytes) -> None:
    for decode in (decode_request, decode_reply):
        with contextlib.suppress(ValueError):
            decode(line)


@given(st.text(max_size=300))
def test_random_text_only_ever_raises_value_error(line: str) -> None:
    for decode in (decode_request, decode_reply):
        with contextlib.suppress(ValueError):
            decode(line)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


@given(
    v=st.one_of(st.just(1), _json_values),
    command=st.one_of(st.sampled_from(COMMAND_NAMES), _json_values),
    args=st.one_of(
        st.dictionaries(
            st.sampled_from(["minutes", "routine", "enabled", "x"]), _json_values, max_size=3
        ),
        _json_values,
    ),
)
def test_near_miss_requests_only_raise_value_error(
    v: object, command: object, args: object
) -> None:
    # Random bytes rarely get past the JSON parser; these reach the command checks.
    line = json.dumps({"v": v, "command": command, "args": args})
    try:
        decoded = decode_request(line)
    except ValueError:
        return
    assert decode_request(encode_request(decoded)) == decoded
