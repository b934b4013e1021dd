"""Start the real app as a process against a prepared home folder, and see what the user sees.

Each reliability case prepares a home (a bad settings value, a damaged history, a planted
runtime folder, a clock inside a DST change ...), starts ``python -m desk_breaks`` exactly as a
menu or a login would, and then asks it through its own command line what it tells the user.
The app runs on Qt's offscreen platform: no screen is needed, and what a user would have
been told is what ``desk-breaks status --json`` lists under ``notices`` (the same list the
notification and the status window show).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

# A case that makes the app loop while allocating must fail the test, not eat the machine.
_MEMORY_CAP = ["prlimit", f"--data={2 << 30}"] if shutil.which("prlimit") else []

FAKETIME_LIB = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")


@dataclass
class Home:
    """One user's folders, laid out as platformdirs would find them."""

    root: Path
    env_overrides: dict[str, str | None] = field(default_factory=dict)
    """Extra variables for the app and its command line (None removes a variable)."""
    app_env: dict[str, str] = field(default_factory=dict)
    """Variables for the app only (a faked clock, a time zone)."""
    _offset_s: float = 0.0

    @property
    def config_dir(self) -> Path:
        """The app's config folder (``settings.toml``)."""
        return self.root / "config" / "desk-breaks"

    @property
    def settings(self) -> Path:
        """The settings file."""
        return self.config_dir / "settings.toml"

    @property
    def data_dir(self) -> Path:
        """The app's data folder (history, the user's own content)."""
        return self.root / "data" / "desk-breaks"

    @property
    def history(self) -> Path:
        """The history database."""
        return self.data_dir / "history.sqlite3"

    @property
    def runtime_dir(self) -> Path:
        """``XDG_RUNTIME_DIR``."""
        return self.root / "runtime"

    def prepare(self) -> None:
        """Make the base folders a desktop session would have."""
        for sub in ("config", "data", "state", "cache"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        (self.root / "tmp").mkdir(mode=0o1777, exist_ok=True)
        (self.root / "tmp").chmod(0o1777)
        self.runtime_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.runtime_dir.chmod(0o700)

    def env(self, *, app: bool = False) -> dict[str, str]:
        """The environment of the app (``app=True``) or of its command line."""
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("XDG_", "QT_", "WAYLAND", "DBUS_", "FAKETIME", "LD_PRELOAD"))
            and k not in ("DISPLAY", "TZ")
        }
        env.update(
            QT_QPA_PLATFORM="offscreen",
            XDG_CONFIG_HOME=str(self.root / "config"),
            XDG_DATA_HOME=str(self.root / "data"),
            XDG_STATE_HOME=str(self.root / "state"),
            XDG_CACHE_HOME=str(self.root / "cache"),
            XDG_RUNTIME_DIR=str(self.runtime_dir),
            HOME=str(self.root),
            # The fallback runtime folder lives in the temp folder: one per home, never the
            # machine's shared /tmp/desk-breaks-UID.
            TMPDIR=str(self.root / "tmp"),
            PYTHONDONTWRITEBYTECODE="1",
        )
        for key, value in self.env_overrides.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        if app:
            env.update(self.app_env)
        return env

    @property
    def clock_file(self) -> Path:
        """libfaketime's offset file: rewriting it moves the app's wall clock at once."""
        return self.root / "faketime"

    def fake_clock(self, at: datetime, zone: str) -> None:
        """Run the app (only) with its wall clock at ``at`` in ``zone`` (libfaketime).

        A relative offset is exact whatever the zone, where libfaketime's absolute form
        would read an ambiguous local time. Monotonic time stays real, as on a machine whose
        clock was set, and the offset is read from a file on every call (no cache), so
        :meth:`jump_clock` moves the running app's clock.
        """
        self._offset_s = at.timestamp() - time.time()
        self._write_offset()
        self.app_env.update(
            LD_PRELOAD=str(FAKETIME_LIB),
            FAKETIME_TIMESTAMP_FILE=str(self.clock_file),
            FAKETIME_NO_CACHE="1",
            FAKETIME_DONT_FAKE_MONOTONIC="1",
            TZ=zone,
        )

    def jump_clock(self, by: timedelta) -> None:
        """Set the running app's wall clock forward (or back) by ``by``."""
        self._offset_s += by.total_seconds()
        self._write_offset()

    def _write_offset(self) -> None:
        temp = self.clock_file.with_suffix(".new")
        temp.write_text(f"{self._offset_s:+.3f}s\n")
        temp.replace(self.clock_file)


def snapshot(path: Path) -> tuple[str, bytes | str | None]:
    """What is at ``path``: its kind and, for a file, its bytes; for a link, its target."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return ("missing", None)
    if stat.S_ISLNK(info.st_mode):
        return ("link", os.readlink(path))
    if stat.S_ISDIR(info.st_mode):
        return ("folder", "\n".join(sorted(p.name for p in path.iterdir())))
    if stat.S_ISREG(info.st_mode):
        return ("file", path.read_bytes())
    return ("other", oct(stat.S_IFMT(info.st_mode)))


@dataclass
class Run:
    """A started app and what it said."""

    process: subprocess.Popen[bytes]
    log_path: Path
    status: dict[str, object]

    @property
    def notices(self) -> list[str]:
        """What the app told the user at start."""
        value = self.status.get("notices", [])
        return [str(n) for n in value] if isinstance(value, list) else []

    def log(self) -> str:
        """Everything the app wrote to stdout and stderr."""
        return self.log_path.read_text(errors="replace")


def cli(home: Home, *args: str, timeout_s: float = 20) -> subprocess.CompletedProcess[str]:
    """Run a ``desk-breaks`` subcommand as the user would."""
    return subprocess.run(
        [sys.executable, "-m", "desk_breaks", *args],
        env=home.env(),
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout_s,
        stdin=subprocess.DEVNULL,
    )


def status(home: Home) -> dict[str, object] | None:
    """``desk-breaks status --json``, parsed; None when no app answers."""
    result = cli(home, "status", "--json")
    if result.returncode != 0:
        return None
    data: dict[str, object] = json.loads(result.stdout)
    return data


@contextmanager
def running_app(home: Home, *, start_timeout_s: float = 30) -> Iterator[Run]:
    """Start the real app, wait until it answers, yield it; quit it (or kill it) after."""
    log_path = home.root / "app.log"
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [*_MEMORY_CAP, sys.executable, "-m", "desk_breaks"],
            env=home.env(app=True),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + start_timeout_s
        answer = None
        while time.monotonic() < deadline and process.poll() is None:
            answer = status(home)
            if answer is not None:
                break
            time.sleep(0.1)
        if answer is None:
            code = process.poll()
            raise AssertionError(
                "the app did not answer `status` within "
                f"{start_timeout_s} s (exit code {code}); its output:\n"
                + log_path.read_text(errors="replace")[-4000:]
            )
        yield Run(process, log_path, answer)
    finally:
        if process.poll() is None:
            cli(home, "quit")
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def quit_cleanly(home: Home, run: Run) -> None:
    """Quit through the command line and check the app left with status 0."""
    result = cli(home, "quit")
    assert result.returncode == 0, result.stderr
    assert run.process.wait(timeout=20) == 0, run.log()[-4000:]


def have_faketime() -> bool:
    """Whether libfaketime (Debian's ``faketime``) is installed."""
    return FAKETIME_LIB.exists() and shutil.which("faketime") is not None


def settings_text(overrides: Mapping[str, str] | None = None, extra: str = "") -> str:
    """A complete settings.toml like the app writes, with some lines replaced.

    ``overrides`` maps a line's key (``key``, ``section.key``, and ``slots.key`` for the
    first slot or ``slots[N].key`` for another) to its new right-hand side, written
    verbatim, so a case can put any text there.
    """
    from desk_breaks.core.settings import Settings, to_dict
    from desk_breaks.core.settings_file import dumps

    lines = dumps(to_dict(Settings())).splitlines()
    section = ""
    slot = -1
    wanted = dict(overrides or {})
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped == "[[slots]]":
            slot += 1
            section = "slots" if slot == 0 else f"slots[{slot}]"
        elif stripped.startswith("["):
            section = stripped.strip("[]")
        key = stripped.split("=", 1)[0].strip() if "=" in stripped else None
        full = f"{section}.{key}" if section and key else key
        if full is not None and full in wanted:
            out.append(f"{key} = {wanted.pop(full)}")
        else:
            out.append(line)
    assert not wanted, f"no such settings lines: {sorted(wanted)}"
    return "\n".join(out) + "\n" + extra
