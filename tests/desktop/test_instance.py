from __future__ import annotations

import contextlib
import getpass
import importlib
import json
import os
import socket as pysocket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtNetwork import QLocalSocket
from pytestqt.qtbot import QtBot

from desk_breaks.core.commands import (
    Command,
    Pause,
    Quit,
    Reply,
    Skip,
    Snooze,
    Status,
    decode_reply,
    encode_request,
)
from desk_breaks.desktop.ipc import guard as ipc_guard
from desk_breaks.desktop.ipc import instance
from desk_breaks.desktop.ipc.instance import CommandServer, InstanceGuard, send_command, server_name
from tests.helpers.hung import hung_instance

posix_only = pytest.mark.skipif(os.name != "posix", reason="Unix sockets and folder modes")

# Runs send_command in a fresh interpreter (no QCoreApplication): the honest client.
CLIENT = """
import json, sys, time
from pathlib import Path
from desk_breaks.core.commands import decode_request
from desk_breaks.desktop.ipc.instance import send_command

runtime_dir = Path(sys.argv[1])
for line in sys.argv[2:]:
    if line == "--announce":
        print("sending", flush=True)
        continue
    started = time.perf_counter()
    reply = send_command(runtime_dir, decode_request(line))
    took = time.perf_counter() - started
    out = None if reply is None else {"ok": reply.ok, "message": reply.message,
                                      "data": dict(reply.data), "took": took}
    print(json.dumps(out), flush=True)
print("qt-app", __import__("PySide6.QtCore").QtCore.QCoreApplication.instance() is not None)
"""

# Holds the instance lock until killed.
HOLDER = """
import sys, time
from pathlib import Path
from desk_breaks.desktop.ipc.instance import InstanceGuard

guard = InstanceGuard(Path(sys.argv[1]))
print("locked" if guard.try_acquire() else "refused", flush=True)
time.sleep(60)
"""


@contextlib.contextmanager
def lock_held_elsewhere(runtime_dir: Path) -> Iterator[subprocess.Popen[str]]:
    """Hold the instance lock in another process; SIGKILL it on the way out."""
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(runtime_dir)], stdout=subprocess.PIPE, text=True
    ) as holder:
        try:
            assert holder.stdout is not None
            assert holder.stdout.readline().strip() == "locked"
            yield holder
        finally:
            holder.kill()  # SIGKILL on POSIX: no clean-up, the lock file stays behind


@pytest.fixture
def runtime_dir() -> Path:
    # conftest points XDG_RUNTIME_DIR at a private temporary folder.
    return Path(os.environ["XDG_RUNTIME_DIR"])


class Recorder:
    """A handler that records what it got, and on which thread."""

    def __init__(self) -> None:
        self.commands: list[Command] = []
        self.on_main_thread: list[bool] = []

    def __call__(self, command: Command) -> Reply:
        self.commands.append(command)
        self.on_main_thread.append(threading.current_thread() is threading.main_thread())
        if isinstance(command, Status):
            return Reply(True, "running", {"state": "running", "next_due_s": 1200})
        return Reply(True, f"done: {command.name}")


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture(params=["ipc.unix", "ipc.qt"])
def server(
    request: pytest.FixtureRequest, runtime_dir: Path, recorder: Recorder
) -> Iterator[CommandServer]:
    # Both transports serve Unix sockets on Linux, so every client below talks to either:
    # the Qt one is what Windows runs, the Unix one what Linux and macOS run.
    guard = InstanceGuard(runtime_dir)
    assert guard.try_acquire()
    server = CommandServer(
        guard, recorder, transport=importlib.import_module(f"desk_breaks.desktop.{request.param}")
    )
    server.start()
    yield server
    server.close()


def run_client(qtbot: QtBot, runtime_dir: Path, *commands: Command) -> list[dict | None]:
    """Run send_command in a subprocess while this process's event loop serves it."""
    lines = [encode_request(c).decode().strip() for c in commands]
    proc = subprocess.Popen(
        [sys.executable, "-c", CLIENT, str(runtime_dir), *lines],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=30_000)
    finally:
        if proc.poll() is None:
            proc.kill()
        out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert err == ""  # no Qt warnings in the client either
    *replies, app_line = out.splitlines()
    assert app_line == "qt-app False"  # send_command made no QCoreApplication
    return [json.loads(line) for line in replies]


def raw_exchange(qtbot: QtBot, name: str, payload: bytes) -> bytes:
    """Send raw bytes from an in-process socket and collect everything until hang-up."""
    client = QLocalSocket()
    received = bytearray()
    client.readyRead.connect(lambda: received.extend(client.readAll().data()))
    client.connectToServer(name)
    assert client.waitForConnected(1000)
    if payload:
        client.write(payload)
    qtbot.waitUntil(
        lambda: client.state() == QLocalSocket.LocalSocketState.UnconnectedState, timeout=10_000
    )
    received += client.readAll().data() if client.isOpen() else b""
    return bytes(received)


# --- the guard ---------------------------------------------------------------------------------


def test_second_guard_refuses_while_the_first_holds(runtime_dir: Path) -> None:
    first, second = InstanceGuard(runtime_dir), InstanceGuard(runtime_dir)
    assert first.try_acquire()
    assert first.try_acquire()  # asking again is harmless
    assert not second.try_acquire()
    assert not second.held
    first.release()
    first.release()  # so is releasing twice
    assert second.try_acquire()
    second.release()


def test_a_lock_held_by_another_process_is_refused_and_a_killed_holder_is_recovered(
    runtime_dir: Path,
) -> None:
    guard = InstanceGuard(runtime_dir)
    with lock_held_elsewhere(runtime_dir):
        assert not guard.try_acquire()
    assert guard.lock_path.exists()

    # A dead holder is not "an instance": a client gives up at once.
    started = time.monotonic()
    assert send_command(runtime_dir, Status()) is None
    assert time.monotonic() - started < 0.5

    assert guard.try_acquire()
    guard.release()
    assert not guard.lock_path.exists()


def test_an_unusable_lock_folder_raises_rather_than_refusing(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(OSError):
        InstanceGuard(tmp_path / "file").try_acquire()


@posix_only
def test_a_symlinked_folder_is_refused(runtime_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (runtime_dir / "desk-breaks").symlink_to(elsewhere)
    with pytest.raises(PermissionError, match="not a folder"):
        InstanceGuard(runtime_dir).try_acquire()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_a_folder_owned_by_someone_else_is_refused(runtime_dir: Path) -> None:
    folder = runtime_dir / "desk-breaks"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    with pytest.raises(PermissionError, match="belongs to another user"):
        InstanceGuard(runtime_dir).try_acquire()


# --- the socket name ---------------------------------------------------------------------------


def test_socket_name_per_platform(tmp_path: Path) -> None:
    runtime = tmp_path / "rt"
    linux = server_name(runtime, platform="linux")
    assert linux == str(runtime / "desk-breaks" / "commands.sock")
    assert server_name(runtime, platform="darwin") == linux

    pipe = server_name(runtime, platform="win32", user="alice")
    assert pipe.startswith("desk-breaks-alice-")
    assert "/" not in pipe and "\\" not in pipe
    assert server_name(runtime, platform="win32", user="alice") == pipe  # stable
    assert server_name(runtime, platform="win32", user="bob") != pipe  # per user
    assert server_name(tmp_path / "other", platform="win32", user="alice") != pipe  # per lock


def test_windows_user_names_are_made_safe_for_a_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "DOMAIN\\Jürgen Ö")  # imported when asked
    assert server_name(Path("x"), platform="win32").startswith("desk-breaks-DOMAIN_Jürgen_Ö-")


@posix_only
def test_a_socket_path_too_long_for_unix_moves_to_a_private_temp_folder(
    qtbot: QtBot, tmp_path: Path
) -> None:
    deep = tmp_path.joinpath(*["deep-folder-name"] * 8)
    name = server_name(deep)
    assert len(os.fsencode(name)) <= 100
    assert name.startswith(tempfile.gettempdir())
    assert name != server_name(tmp_path.joinpath(*["deep-folder-name"] * 9))

    guard = InstanceGuard(deep)
    assert guard.try_acquire()
    server = CommandServer(guard, Recorder())
    server.start()
    try:
        assert server.name == name
        assert stat.S_IMODE(os.stat(Path(name).parent).st_mode) == 0o700
        reply = decode_reply(raw_exchange(qtbot, name, encode_request(Skip())))
        assert reply == Reply(True, "done: skip")
    finally:
        server.close()
        Path(name).parent.rmdir()
    assert not Path(name).exists()


# --- the server --------------------------------------------------------------------------------


def test_round_trip_from_another_process(
    qtbot: QtBot, runtime_dir: Path, server: CommandServer, recorder: Recorder
) -> None:
    (reply,) = run_client(qtbot, runtime_dir, Snooze(15))
    assert reply is not None
    assert reply["ok"] is True
    assert reply["message"] == "done: snooze"
    assert recorder.commands == [Snooze(15)]
    assert recorder.on_main_thread == [True]
    # Generous bound for a loaded 2-core machine; it is about a millisecond when idle.
    assert reply["took"] < 0.5


def test_the_server_answers_clients_in_a_row(
    qtbot: QtBot, runtime_dir: Path, server: CommandServer, recorder: Recorder
) -> None:
    first = run_client(qtbot, runtime_dir, Status(), Skip(), Pause("tomorrow"))
    second = run_client(qtbot, runtime_dir, Status())
    assert [r and r["ok"] for r in first + second] == [True] * 4
    assert first[0] == second[0] | {"took": first[0]["took"]}
    assert first[0]["data"] == {"state": "running", "next_due_s": 1200}
    assert recorder.commands == [Status(), Skip(), Pause("tomorrow"), Status()]
    assert server.open_connections == 0


@pytest.mark.parametrize("client", ["ipc.unix", "ipc.qt"])
def test_a_worker_thread_can_be_the_client(
    qtbot: QtBot, runtime_dir: Path, server: CommandServer, recorder: Recorder, client: str
) -> None:
    # The GUI thread serves (inside waitUntil) while another thread blocks in send_command.
    transport = importlib.import_module(f"desk_breaks.desktop.{client}")
    replies: list[Reply | None] = []
    worker = threading.Thread(
        target=lambda: replies.append(send_command(runtime_dir, Skip(), transport=transport))
    )
    worker.start()
    qtbot.waitUntil(lambda: not worker.is_alive(), timeout=10_000)
    worker.join()
    assert replies == [Reply(True, "done: skip")]
    assert recorder.on_main_thread == [True]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"not json\n", "malformed request: request is not JSON"),
        (b'{"v": 1, "command": "dance", "args": {}}\n', "unknown command 'dance'"),
        (b'{"v": 9, "command": "skip", "args": {}}\n', "speaks protocol version 9"),
        (b'{"v": 1, "command": "snooze", "args": {"minutes": 0}}\n', "from 1 to 60, not 0"),
        (b"\xff\xfe\xfd\n", "not valid UTF-8"),
        (b"x" * 70_000, "longer than 65536 bytes"),
    ],
)
def test_malformed_requests_get_an_error_reply(
    qtbot: QtBot, server: CommandServer, recorder: Recorder, payload: bytes, message: str
) -> None:
    reply = decode_reply(raw_exchange(qtbot, server.name, payload))
    assert reply.ok is False
    assert message in reply.message
    assert recorder.commands == []


def test_only_the_first_line_counts(
    qtbot: QtBot, server: CommandServer, recorder: Recorder
) -> None:
    payload = encode_request(Skip()) + encode_request(Snooze(5))
    raw = raw_exchange(qtbot, server.name, payload)
    assert raw.count(b"\n") == 1
    assert decode_reply(raw) == Reply(True, "done: skip")
    assert recorder.commands == [Skip()]


def test_a_silent_client_is_dropped(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, server: CommandServer
) -> None:
    # The listener took CONNECTION_TIMEOUT_MS when the fixture started it.
    monkeypatch.setattr(server._listener, "timeout_ms", 100)
    reply = decode_reply(raw_exchange(qtbot, server.name, b'{"v": 1, "comm'))
    assert reply.ok is False
    assert "no request line within 100 ms" in reply.message


def test_the_reply_survives_the_server_closing_right_after(qtbot: QtBot, runtime_dir: Path) -> None:
    # How "quit" will work: the handler answers and schedules the shutdown.
    guard = InstanceGuard(runtime_dir)
    assert guard.try_acquire()

    def quit_soon(command: Command) -> Reply:
        QTimer.singleShot(0, server.close)
        return Reply(True, "Quitting")

    server = CommandServer(guard, quit_soon)
    server.start()
    reply = decode_reply(raw_exchange(qtbot, server.name, encode_request(Quit())))
    assert reply == Reply(True, "Quitting")
    qtbot.waitUntil(lambda: not guard.held)


def test_a_handler_with_a_nested_event_loop_is_not_cut_short(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, runtime_dir: Path
) -> None:
    # A handler that opens a modal dialog spins the event loop while it runs; the idle
    # timer must not answer for it in the meantime.
    monkeypatch.setattr(instance, "CONNECTION_TIMEOUT_MS", 100)
    guard = InstanceGuard(runtime_dir)
    assert guard.try_acquire()
    calls: list[Command] = []

    def modal(command: Command) -> Reply:
        calls.append(command)
        loop = QEventLoop()
        QTimer.singleShot(300, loop.quit)
        loop.exec()
        return Reply(True, "shown")

    server = CommandServer(guard, modal)
    server.start()
    try:
        raw = raw_exchange(qtbot, server.name, encode_request(Skip()))
    finally:
        server.close()
    assert decode_reply(raw) == Reply(True, "shown")
    assert calls == [Skip()]


def test_a_failing_handler_becomes_an_error_reply(
    qtbot: QtBot, runtime_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(command: Command) -> Reply:
        raise RuntimeError("boom")

    guard = InstanceGuard(runtime_dir)
    assert guard.try_acquire()
    server = CommandServer(guard, broken)
    server.start()
    try:
        reply = decode_reply(raw_exchange(qtbot, server.name, encode_request(Skip())))
    finally:
        server.close()
    assert reply == Reply(False, "skip failed: boom")
    assert "the 'skip' command failed" in caplog.text


def test_a_reply_json_cannot_carry_becomes_an_error_reply(qtbot: QtBot, runtime_dir: Path) -> None:
    guard = InstanceGuard(runtime_dir)
    assert guard.try_acquire()
    server = CommandServer(guard, lambda command: Reply(True, "", {"when": object()}))
    server.start()
    try:
        reply = decode_reply(raw_exchange(qtbot, server.name, encode_request(Status())))
    finally:
        server.close()
    assert reply.ok is False
    assert "could not be encoded" in reply.message


@posix_only
def test_the_socket_folder_is_private(runtime_dir: Path, recorder: Recorder) -> None:
    folder = runtime_dir / "desk-breaks"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)  # as if an older version or a loose umask had made it
    guard = InstanceGuard(runtime_dir)
    assert guard.try_acquire()
    server = CommandServer(guard, recorder)
    server.start()
    try:
        assert Path(server.name).parent == folder
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_ISSOCK(Path(server.name).stat().st_mode)
    finally:
        server.close()


def test_the_server_needs_the_lock(runtime_dir: Path, recorder: Recorder) -> None:
    holder = InstanceGuard(runtime_dir)
    assert holder.try_acquire()
    loser = InstanceGuard(runtime_dir)
    assert not loser.try_acquire()
    with pytest.raises(RuntimeError, match="needs the instance lock"):
        CommandServer(loser, recorder).start()
    holder.release()


def test_close_removes_the_socket_drops_clients_and_releases_the_lock(
    qtbot: QtBot, runtime_dir: Path, recorder: Recorder
) -> None:
    guard = InstanceGuard(runtime_dir)
    assert guard.try_acquire()
    server = CommandServer(guard, recorder)
    server.start()
    if os.name == "posix":
        assert Path(server.name).exists()

    idle = QLocalSocket()
    idle.connectToServer(server.name)
    assert idle.waitForConnected(1000)
    qtbot.waitUntil(lambda: server.open_connections == 1)

    server.close()
    server.close()  # harmless twice
    assert server.open_connections == 0
    assert not Path(server.name).exists()
    assert not guard.held
    qtbot.waitUntil(lambda: idle.state() == QLocalSocket.LocalSocketState.UnconnectedState)
    assert send_command(runtime_dir, Status()) is None
    with pytest.raises(RuntimeError, match="closed"):
        server.start()
    second = InstanceGuard(runtime_dir)
    assert second.try_acquire()
    second.release()


@posix_only
def test_a_dead_instances_socket_file_is_replaced(runtime_dir: Path, recorder: Recorder) -> None:
    guard = InstanceGuard(runtime_dir)
    assert guard.try_acquire()
    server = CommandServer(guard, recorder)
    leftover = pysocket.socket(pysocket.AF_UNIX)
    leftover.bind(server.name)
    leftover.close()  # the file stays, nobody listens: what a crash leaves
    server.start()
    try:
        assert stat.S_ISSOCK(Path(server.name).stat().st_mode)
    finally:
        server.close()


# --- the client --------------------------------------------------------------------------------


def test_no_instance_gives_none_quickly(runtime_dir: Path) -> None:
    started = time.monotonic()
    assert send_command(runtime_dir, Status()) is None
    assert time.monotonic() - started < 0.5


@posix_only
def test_a_leftover_socket_without_a_lock_gives_none_quickly(runtime_dir: Path) -> None:
    name = server_name(runtime_dir)
    Path(name).parent.mkdir(mode=0o700)
    leftover = pysocket.socket(pysocket.AF_UNIX)
    leftover.bind(name)
    leftover.close()
    started = time.monotonic()
    assert send_command(runtime_dir, Status()) is None
    assert time.monotonic() - started < 0.5


def test_the_client_waits_for_a_starting_instance(
    qtbot: QtBot, runtime_dir: Path, recorder: Recorder
) -> None:
    guard = InstanceGuard(runtime_dir)
    assert guard.try_acquire()  # the app has the lock but does not listen yet
    server = CommandServer(guard, recorder)
    with subprocess.Popen(
        [
            sys.executable,
            "-c",
            CLIENT,
            str(runtime_dir),
            "--announce",
            encode_request(Skip()).decode(),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline() == "sending\n"
            qtbot.wait(400)  # the client finds nobody listening and retries
            server.start()
            qtbot.waitUntil(lambda: proc.poll() is not None, timeout=30_000)
            out, err = proc.communicate()
        finally:
            proc.kill()
            server.close()
    assert err == ""
    reply = json.loads(out.splitlines()[0])
    assert reply["ok"] is True
    assert 0.35 < reply["took"] < instance.STARTUP_GRACE_S
    assert recorder.commands == [Skip()]


def test_an_instance_that_never_listens_is_reported_not_hidden(runtime_dir: Path) -> None:
    # The lock holder must be another process for the client to believe in it.
    with lock_held_elsewhere(runtime_dir) as holder:
        started = time.monotonic()
        reply = send_command(runtime_dir, Status())
        took = time.monotonic() - started
    assert reply is not None
    assert reply.ok is False
    assert f"process {holder.pid}" in reply.message
    assert instance.STARTUP_GRACE_S <= took < instance.STARTUP_GRACE_S + 1


def test_linux_and_macos_serve_without_qtnetwork(tmp_path: Path) -> None:
    # QtNetwork (and the Kerberos/TLS libraries it links) cost ~3.5 MiB in a process that
    # idles all day; only the Windows transport needs it.
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from desk_breaks.desktop.ipc.instance import CommandServer, InstanceGuard, send_command\n"
        "from desk_breaks.core.commands import Status\n"
        "print(send_command(Path(sys.argv[1]), Status()))\n"
        "print('PySide6.QtNetwork' in sys.modules, 'hashlib' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["None", "False False"]


def test_windows_gets_named_pipes() -> None:
    from desk_breaks.desktop.ipc import qt as ipc_qt
    from desk_breaks.desktop.ipc import unix as ipc_unix

    assert instance._transport("win32") is ipc_qt
    assert instance._transport("linux") is ipc_unix
    assert instance._transport("darwin") is ipc_unix


# --- issue 11: reused pids, hung instances, planted folders, full queues ----------------------


# An unrelated program that happens to get the pid a killed Desk Breaks had: the same
# interpreter, so the same program name Qt compares.
STRANGER_PROCESS = "import sys, time; print('up', flush=True); time.sleep(60)"


@contextlib.contextmanager
def running(code: str, *args: str) -> Iterator[subprocess.Popen[str]]:
    with subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True
    ) as p:
        try:
            assert p.stdout is not None
            p.stdout.readline()
            yield p
        finally:
            p.kill()


def leave_lock_naming(runtime_dir: Path, pid: int) -> None:
    """A lock file left by a killed instance, its pid now belonging to ``pid``."""
    with lock_held_elsewhere(runtime_dir):
        pass  # SIGKILLed: the file stays, written by a real QLockFile
    lock = ipc_guard._lock_path(runtime_dir)
    _old, *rest = lock.read_text().split("\n")
    lock.write_text("\n".join([str(pid), *rest]))


@posix_only
def test_a_lock_whose_pid_was_reused_is_taken_over(runtime_dir: Path) -> None:
    with running(STRANGER_PROCESS) as stranger:
        leave_lock_naming(runtime_dir, stranger.pid)
        assert ipc_guard._process_alive(stranger.pid)  # Qt alone would believe it
        # The client does not wait for an instance that is not there ...
        started = time.monotonic()
        assert send_command(runtime_dir, Status()) is None
        assert time.monotonic() - started < instance.STARTUP_GRACE_S
        # ... and a new instance takes the lock.
        guard = InstanceGuard(runtime_dir)
        assert guard.try_acquire()
        assert guard.lock_path.read_text().split("\n")[0] == str(os.getpid())
        guard.release()


def test_a_live_holder_is_still_believed(runtime_dir: Path) -> None:
    with lock_held_elsewhere(runtime_dir) as holder:
        assert not InstanceGuard(runtime_dir).try_acquire()
        assert ipc_guard.lock_holder(runtime_dir) == holder.pid


@posix_only
def test_a_hung_instance_is_reported_with_its_pid(runtime_dir: Path) -> None:
    with hung_instance(runtime_dir) as hung:
        reply = send_command(runtime_dir, Status(), timeout_ms=300)
    assert reply is not None
    assert reply.ok is False
    assert reply.message == f"Desk Breaks did not answer within 300 ms (process {hung.pid})"


@posix_only
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_the_client_will_not_talk_through_another_users_folder(runtime_dir: Path) -> None:
    # Another user's folder with their server in it: whatever it would answer is forged.
    folder = runtime_dir / "desk-breaks"
    folder.mkdir(mode=0o700)
    forger = pysocket.socket(pysocket.AF_UNIX)
    forger.bind(server_name(runtime_dir))
    forger.listen(1)
    os.chown(folder, 12345, 12345)
    try:
        reply = send_command(runtime_dir, Status(), timeout_ms=300)
    finally:
        forger.close()
    assert reply == Reply(
        False,
        f"Desk Breaks will not send commands through {folder}: "
        "it belongs to another user (uid 12345).",
    )


@posix_only
def test_the_client_will_not_follow_a_symlinked_socket_folder(
    runtime_dir: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (runtime_dir / "desk-breaks").symlink_to(elsewhere)
    reply = send_command(runtime_dir, Status())
    assert reply is not None and reply.ok is False
    assert "is a symbolic link" in reply.message


@posix_only
def test_a_client_waits_while_the_queue_is_full(monkeypatch: pytest.MonkeyPatch) -> None:
    from desk_breaks.desktop.ipc import unix as ipc_unix

    folder = Path(tempfile.mkdtemp(prefix="db-q-"))
    path = str(folder / "s")
    server = pysocket.socket(pysocket.AF_UNIX)
    server.bind(path)
    server.listen(0)  # room for one waiting connection
    waiting: list[pysocket.socket] = []
    try:
        while True:  # fill the queue until the kernel turns connections away
            filler = pysocket.socket(pysocket.AF_UNIX)
            filler.setblocking(False)
            try:
                filler.connect(path)
            except BlockingIOError:
                filler.close()
                break
            waiting.append(filler)
        retried = threading.Event()
        real_sleep = time.sleep

        def sleep(seconds: float) -> None:
            retried.set()
            real_sleep(seconds)

        monkeypatch.setattr(ipc_unix.time, "sleep", sleep)
        result: list[bytes | BaseException] = []

        def client() -> None:
            try:
                result.append(ipc_unix.exchange(path, b"ping\n", 10_000, 1000))
            except BaseException as exc:
                result.append(exc)

        worker = threading.Thread(target=client)
        worker.start()
        while worker.is_alive() and not retried.wait(0.01):
            pass  # until the client is turned away and waits, or gives up
        assert not result, f"the client gave up at once: {result}"
        # The app catches up: it takes the queued connections, then the client's.
        server.settimeout(10)
        for _ in waiting:
            server.accept()[0].close()
        conn, _ = server.accept()
        with conn:
            assert conn.recv(100) == b"ping\n"
            conn.sendall(b"pong\n")
        worker.join(10)
    finally:
        for filler in waiting:
            filler.close()
        server.close()
        os.unlink(path)
        folder.rmdir()
    assert result == [b"pong"]


@posix_only
def test_the_listener_queues_more_than_a_handful_of_clients(
    qtbot: QtBot, runtime_dir: Path, recorder: Recorder
) -> None:
    guard = InstanceGuard(runtime_dir)
    assert guard.try_acquire()
    server = CommandServer(guard, recorder)
    server.start()
    clients: list[pysocket.socket] = []
    try:
        # No event loop runs here, so nothing is accepted: all of them wait in the queue.
        for _ in range(40):
            client = pysocket.socket(pysocket.AF_UNIX)
            client.setblocking(False)
            client.connect(server.name)  # BlockingIOError once the queue is full
            clients.append(client)
    finally:
        for client in clients:
            client.close()
        server.close()
    assert len(clients) == 40
