"""A stand-in for a Desk Breaks whose GUI thread is stuck: it holds the lock and listens,
but never accepts a connection. Used by the instance, command-line and end-to-end tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

_SCRIPT = """
import socket, sys, time
from pathlib import Path
from desk_breaks.desktop.ipc.instance import InstanceGuard, server_name

runtime_dir = Path(sys.argv[1])
guard = InstanceGuard(runtime_dir)
assert guard.try_acquire()
name = server_name(runtime_dir)
# A long runtime path puts the socket in a folder of its own under the temp folder.
Path(name).parent.mkdir(mode=0o700, exist_ok=True)
server = socket.socket(socket.AF_UNIX)
server.bind(name)
server.listen(8)
print("hung", flush=True)
time.sleep(120)
"""


@contextmanager
def hung_instance(
    runtime_dir: Path, env: Mapping[str, str] | None = None
) -> Iterator[subprocess.Popen[str]]:
    """Run the stand-in on ``runtime_dir`` until the block ends; yield its process."""
    with subprocess.Popen(
        [sys.executable, "-c", _SCRIPT, str(runtime_dir)],
        env=None if env is None else dict(env),
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            assert process.stdout.readline() == "hung\n", "the stand-in did not start"
            yield process
        finally:
            process.kill()
