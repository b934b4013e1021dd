"""The failure cases the reliability suite covers, as data.

Each :class:`Case` prepares a home the way a user, a crash, a full disk, another local user
or the calendar could leave it, and says what must hold once the real app has started on it:

- the app starts and answers its command line (it never hangs, never exits with a traceback);
- the user is told (``told``: words that must appear in what the app says at start);
- the user's files are byte-for-byte as they were (``kept``), or set aside untouched;
- anything particular to the case (``check``).

Families: settings values, settings files, content files, history states, runtime folders,
clock and zone transitions. ``tests/reliability/test_start_up.py`` runs every case.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from desk_breaks import APP_ID
from tests.reliability.harness import Home, Run, cli, settings_text, status

OTHER_UID = 12345
"""A local user who is not us (the tests run as root, so chown to it works)."""


@dataclass(frozen=True)
class Case:
    """One way a user's machine can be, and what the app must do on it."""

    family: str
    name: str
    arrange: Callable[[Home], None]
    told: tuple[str, ...] = ()
    """Each word must appear (case-insensitively) in at least one start-up notice."""
    kept: tuple[str, ...] = ()
    """Paths (relative to the home) that must be exactly as arranged after the app quit."""
    check: Callable[[Home, Run], None] | None = None
    needs_faketime: bool = False
    runs: int = 1
    """How many times the app is started on the same home."""

    @property
    def id(self) -> str:
        """The pytest id."""
        return f"{self.family}: {self.name}"


SETTINGS = "config/desk-breaks/settings.toml"
HISTORY = "data/desk-breaks/history.sqlite3"


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


# -- settings values: one bad field, typed by hand ------------------------------------------


def _value_case(key: str, value: str, told: str | None = None) -> Case:
    def arrange(home: Home) -> None:
        _write(home.settings, settings_text({key: value}))

    field = key.rsplit(".", 1)[-1]
    return Case(
        "settings values",
        f"{key} = {value}",
        arrange,
        told=(told or field,),
        kept=(SETTINGS,),
        check=_still_scheduling,
    )


def _still_scheduling(home: Home, run: Run) -> None:
    assert run.status.get("state") in ("waiting", "prompting"), run.status
    assert isinstance(run.status.get("next"), dict), run.status


SETTINGS_VALUES = [
    _value_case("check_ins.interval_min", "0"),
    _value_case("check_ins.interval_min", "-5"),
    _value_case("check_ins.interval_min", "1000000000000"),
    _value_case("check_ins.interval_min", '"30"'),
    _value_case("check_ins.interval_min", "1.5"),
    _value_case("check_ins.clearance_min", "-1"),
    _value_case("check_ins.start", '"25:00"'),
    _value_case("check_ins.end", '"08:00"', told="end"),
    _value_case("check_ins.weekdays", "[]"),
    _value_case("check_ins.weekdays", '["funday"]'),
    _value_case("check_ins.routine", '"no-such-routine"'),
    _value_case("slots.time", '"7 o\'clock"', told="time"),
    _value_case("slots.time", '"24:00"', told="time"),
    _value_case("slots.routine", '"no-such-routine"'),
    _value_case("prompts.snooze_choices_min", "[0]"),
    _value_case("prompts.snooze_choices_min", "[-5, 10]"),
    _value_case("prompts.snooze_cap", "-1"),
    _value_case("prompts.heads_up_s", "-30"),
    _value_case("prompts.volume_pct", "400"),
    _value_case("idle_threshold_min", "0"),
    _value_case("idle_threshold_min", "-1"),
    _value_case("theme", '"purple"'),
    _value_case("dialog_size", "3"),
    _value_case("preset", '"sometimes"'),
    _value_case("start_at_login", '"yes"'),
    _value_case("schema_version", '"one"'),
    _value_case("slots.id", '"lunch"', told="lunch"),  # the first slot now shares lunch's id
]


# -- settings files: the file itself is broken, odd or in the way ---------------------------


def _settings_file_case(
    name: str, arrange: Callable[[Home], None], told: tuple[str, ...], kept: bool = True
) -> Case:
    return Case(
        "settings files",
        name,
        arrange,
        told=told,
        kept=(SETTINGS,) if kept else (),
        check=_still_scheduling,
    )


def _fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def _symlink(path: Path, target: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def _autostart_entry(home: Home) -> None:
    _write(
        home.root / "config" / "autostart" / f"{APP_ID}.desktop",
        "[Desktop Entry]\nType=Application\nName=Desk Breaks\nExec=desk-breaks\n",
    )


def _broken_with_autostart(home: Home) -> None:
    _write(home.settings, "this is [not toml\n")
    _autostart_entry(home)


def _leftover_temp_files(home: Home) -> None:
    _write(home.settings, settings_text())
    _write(home.config_dir / ".settings-k1ll3d_x.tmp", "schema_version = 1\npreset = ")


def _no_leftover_temp_files(home: Home, run: Run) -> None:
    left = sorted(p.name for p in home.config_dir.glob(".settings-*.tmp"))
    assert left == [], left


def _one_copy_of_a_broken_file(home: Home, run: Run) -> None:
    copies = [
        p
        for p in home.config_dir.iterdir()
        if p.name.startswith("settings.toml")
        and p.name not in ("settings.toml",)
        and not p.name.endswith(".bak")
    ]
    assert len(copies) == 1, sorted(p.name for p in copies)
    assert copies[0].read_bytes() == home.settings.read_bytes()


SETTINGS_FILES = [
    _settings_file_case(
        "not TOML", lambda h: _write(h.settings, "schema_version = 1\npreset = both\n"), ("TOML",)
    ),
    _settings_file_case(
        "arrays nested 100,000 deep",
        lambda h: _write(h.settings, "preset = " + "[" * 100_000 + "\n"),
        ("settings.toml",),
    ),
    _settings_file_case(
        "tables nested 20,000 deep",
        lambda h: _write(h.settings, "preset = " + "{a = " * 20_000 + "1" + "}" * 20_000 + "\n"),
        ("settings.toml",),
    ),
    _settings_file_case(
        "a 20 MiB file",
        lambda h: _write(h.settings, settings_text() + "# padding\n" * 2_000_000),
        ("settings.toml",),
    ),
    _settings_file_case(
        "binary garbage",
        lambda h: _write(h.settings, bytes(range(256)) * 64),
        ("settings.toml",),
    ),
    _settings_file_case(
        "UTF-16 with a byte-order mark",
        lambda h: _write(h.settings, settings_text().encode("utf-16")),
        ("settings.toml",),
    ),
    _settings_file_case(
        "a folder named settings.toml",
        lambda h: h.settings.mkdir(parents=True),
        ("settings.toml",),
    ),
    _settings_file_case(
        "a FIFO named settings.toml", lambda h: _fifo(h.settings), ("settings.toml",)
    ),
    _settings_file_case(
        "a link to /dev/zero", lambda h: _symlink(h.settings, "/dev/zero"), ("settings.toml",)
    ),
    _settings_file_case(
        "a link to a folder", lambda h: _symlink(h.settings, "/usr"), ("settings.toml",)
    ),
    _settings_file_case(
        "a dangling link",
        lambda h: _symlink(h.settings, str(h.root / "nowhere" / "settings.toml")),
        ("settings.toml",),
    ),
    Case(
        "settings files",
        "the config folder is a file",
        lambda h: _write(h.config_dir, "not a folder\n"),
        told=("desk-breaks",),
        kept=("config/desk-breaks",),
        check=_still_scheduling,
    ),
    _settings_file_case(
        "written by a newer version",
        lambda h: _write(h.settings, settings_text({"schema_version": "99"})),
        ("newer",),
    ),
    _settings_file_case("broken while start at login is on", _broken_with_autostart, ("TOML",)),
    Case(
        "settings files",
        "temporary files left by a killed save",
        _leftover_temp_files,
        kept=(SETTINGS,),
        check=_no_leftover_temp_files,
    ),
    Case(
        "settings files",
        "the same broken file on three starts",
        lambda h: _write(h.settings, "preset = [\n" + "# padding\n" * 1000),
        told=("TOML",),
        kept=(SETTINGS,),
        check=_one_copy_of_a_broken_file,
        runs=3,
    ),
]


# -- content files: the user's own exercises and routines -----------------------------------


def _exercise(illustration: str = "chin-tuck") -> str:
    return (
        'id = "my-tuck"\nname = "My tuck"\nkind = "hold"\nregion = "neck"\n'
        'summary = "A tuck of my own."\n'
        f'illustration = "{illustration}"\n'
        'cues = ["Sit tall.", "Draw the chin back."]\n'
        "hold_s = 5\nreps = 2\n"
    )


def _content_case(name: str, filename: str, arrange: Callable[[Path], None]) -> Case:
    def arrange_home(home: Home) -> None:
        folder = home.data_dir / "exercises"
        folder.mkdir(parents=True, exist_ok=True)
        arrange(folder / filename)

    return Case(
        "content files",
        name,
        arrange_home,
        told=(filename,),
        kept=(f"data/desk-breaks/exercises/{filename}",),
        check=_still_scheduling,
    )


CONTENT_FILES = [
    _content_case("not TOML", "bad.toml", lambda p: _write(p, "id = \n")),
    _content_case("nested 100,000 deep", "deep.toml", lambda p: _write(p, "a = " + "[" * 100_000)),
    _content_case(
        "a 20 MiB file", "huge.toml", lambda p: _write(p, _exercise() + "# pad\n" * 4_000_000)
    ),
    _content_case("a folder named x.toml", "folder.toml", lambda p: p.mkdir()),
    _content_case("a FIFO", "fifo.toml", _fifo),
    _content_case("a link to /dev/zero", "zero.toml", lambda p: _symlink(p, "/dev/zero")),
    _content_case(
        "an illustration outside the folder",
        "escape.toml",
        lambda p: _write(p, _exercise("../../../../etc/shadow")),
    ),
    _content_case(
        "an illustration by absolute path",
        "absolute.toml",
        lambda p: _write(p, _exercise("/etc/passwd")),
    ),
]


# -- the history database -------------------------------------------------------------------


def _real_history(path: Path, rows: int = 3) -> None:
    """A history made by the app's own code, with a few sessions in it."""
    from desk_breaks.core.engine import Outcome, Record
    from desk_breaks.core.history import History

    path.parent.mkdir(parents=True, exist_ok=True)
    history = History(path)
    for i in range(rows):
        history.record(
            Record(
                key="lunch",
                routine_id="lunch-reset",
                outcome=Outcome.COMPLETED,
                at=datetime(2026, 11, 2, 12, 30, tzinfo=UTC) + timedelta(days=i),
                exercises_done=("chin-tuck-seated",),
            )
        )
    history.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _kept_aside(home: Home, original: bytes) -> None:
    copies = [p for p in home.data_dir.iterdir() if p.is_file() and p.read_bytes() == original]
    assert any(p.name != "history.sqlite3" for p in copies), sorted(
        p.name for p in home.data_dir.iterdir()
    )


def _set_aside_case(name: str, make: Callable[[Path], None]) -> Case:
    """A damaged history: kept aside untouched, a fresh one started, the user told."""
    originals: dict[str, bytes] = {}

    def arrange(home: Home) -> None:
        make(home.history)
        originals["bytes"] = home.history.read_bytes()

    def check(home: Home, run: Run) -> None:
        _kept_aside(home, originals["bytes"])
        _still_scheduling(home, run)

    return Case("history", name, arrange, told=("history",), check=check)


def _truncated(path: Path) -> None:
    _real_history(path, rows=200)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 7])


def _newer_version(path: Path) -> None:
    _real_history(path)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 999")
    db.commit()
    db.close()


def _wrong_columns(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE sessions (id INTEGER PRIMARY KEY, colour TEXT)")
    db.execute("INSERT INTO sessions (colour) VALUES ('blue')")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()


def _odd_rows(path: Path) -> None:
    _real_history(path)
    db = sqlite3.connect(path)
    columns = [info[1] for info in db.execute("PRAGMA table_info(sessions)")]
    first = db.execute("SELECT * FROM sessions LIMIT 1").fetchone()
    row = dict(zip(columns, first, strict=True))
    for generated in ("id", "uid"):
        row.pop(generated, None)
    for changes in (
        {"outcome": "teleported"},
        {"at": "not a date"},
        {"exercises_done": "{{{"},
    ):
        values = {**row, **changes}
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        db.execute(f"INSERT INTO sessions ({names}) VALUES ({marks})", list(values.values()))
    db.commit()
    db.close()


def _status_reads_history(home: Home, run: Run) -> None:
    assert isinstance(run.status.get("today"), dict), run.status


def _link_history_to_settings(home: Home) -> None:
    _write(home.settings, settings_text())
    _symlink(home.history, str(home.settings))


_LOCKERS: list[subprocess.Popen[bytes]] = []


def _locked(home: Home) -> None:
    _real_history(home.history)
    # Another process holds an exclusive lock for the whole start.
    locker = subprocess.Popen(
        [
            "python3",
            "-c",
            "import sqlite3, sys, time\n"
            "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "db.execute('BEGIN EXCLUSIVE')\n"
            "print('locked', flush=True)\n"
            "time.sleep(120)\n",
            str(home.history),
        ],
        stdout=subprocess.PIPE,
    )
    assert locker.stdout is not None
    assert locker.stdout.readline().strip() == b"locked"
    _LOCKERS.append(locker)


def _release_lockers(home: Home, run: Run) -> None:
    _still_scheduling(home, run)
    while _LOCKERS:
        locker = _LOCKERS.pop()
        locker.kill()
        locker.wait()
        if locker.stdout is not None:
            locker.stdout.close()


HISTORY_STATES = [
    _set_aside_case("not SQLite", lambda p: _write(p, b"these are not the rows you want\n" * 40)),
    _set_aside_case("truncated", _truncated),
    _set_aside_case("wrong columns", _wrong_columns),
    Case(
        "history",
        "written by a newer version",
        lambda h: _newer_version(h.history),
        told=("history", "newer"),
        kept=(HISTORY,),
        check=_still_scheduling,
    ),
    Case(
        "history",
        "rows the code does not understand",
        lambda h: _odd_rows(h.history),
        check=_status_reads_history,
    ),
    Case(
        "history",
        "a folder in its place",
        lambda h: (h.history / "inside").mkdir(parents=True),
        told=("history",),
        kept=(HISTORY, f"{HISTORY}/inside"),
        check=_still_scheduling,
    ),
    Case(
        "history",
        "a link to the settings file",
        lambda h: _link_history_to_settings(h),
        told=("history",),
        kept=(HISTORY, SETTINGS),
        check=_still_scheduling,
    ),
    Case(
        "history",
        "a dangling link",
        lambda h: _symlink(h.history, str(h.root / "elsewhere" / "history.sqlite3")),
        told=("history",),
        kept=(HISTORY,),
        check=_still_scheduling,
    ),
    Case(
        "history",
        "locked by another process",
        _locked,
        told=("history",),
        check=_release_lockers,
    ),
    Case(
        "history",
        "the data folder is a file",
        lambda h: _write(h.data_dir, "not a folder\n"),
        told=("history",),
        kept=("data/desk-breaks",),
        check=_still_scheduling,
    ),
]


# -- runtime folders: where the lock and the command socket live ----------------------------


def _no_runtime_dir(home: Home) -> None:
    home.env_overrides["XDG_RUNTIME_DIR"] = None


def _planted_fallback(home: Home) -> None:
    _no_runtime_dir(home)
    planted = home.root / "tmp" / f"desk-breaks-{os.getuid()}"
    planted.mkdir(mode=0o777)
    planted.chmod(0o777)
    os.chown(planted, OTHER_UID, OTHER_UID)


def _planted_sub_folder(home: Home) -> None:
    planted = home.runtime_dir / "desk-breaks"
    planted.mkdir(mode=0o777)
    planted.chmod(0o777)
    os.chown(planted, OTHER_UID, OTHER_UID)


def _sub_folder_is_a_file(home: Home) -> None:
    _write(home.runtime_dir / "desk-breaks", "not a folder\n")


def _runtime_dir_is_a_file(home: Home) -> None:
    home.runtime_dir.rmdir()
    _write(home.runtime_dir, "not a folder\n")


def _runtime_dir_open_to_all(home: Home) -> None:
    home.runtime_dir.chmod(0o777)


def _sub_folder_is_a_link(home: Home) -> None:
    elsewhere = home.root / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (home.runtime_dir / "desk-breaks").symlink_to(elsewhere)


_SLEEPERS: list[subprocess.Popen[bytes]] = []


def _stale_lock_with_a_live_pid(home: Home) -> None:
    folder = home.runtime_dir / "desk-breaks"
    folder.mkdir(mode=0o700)
    sleeper = subprocess.Popen(["sleep", "120"])
    _SLEEPERS.append(sleeper)
    # QLockFile's format: pid, application name, host name. The pid is alive but is not us.
    (folder / "instance.lock").write_text(f"{sleeper.pid}\ndesk-breaks\n{os.uname().nodename}\n")


def _stop_sleepers(home: Home, run: Run) -> None:
    while _SLEEPERS:
        sleeper = _SLEEPERS.pop()
        sleeper.kill()
        sleeper.wait()


def _planted_folder_untouched(home: Home, run: Run) -> None:
    planted = home.root / "tmp" / f"desk-breaks-{os.getuid()}"
    info = planted.lstat()
    assert info.st_uid == OTHER_UID
    assert list(planted.iterdir()) == [], "the app put its socket in another user's folder"


RUNTIME_FOLDERS = [
    Case("runtime folders", "no XDG_RUNTIME_DIR", _no_runtime_dir),
    Case(
        "runtime folders",
        "no XDG_RUNTIME_DIR, and another user planted the fallback folder",
        _planted_fallback,
        told=("desk-breaks-",),
        check=_planted_folder_untouched,
    ),
    Case(
        "runtime folders",
        "another user planted our sub-folder",
        _planted_sub_folder,
        told=("desk-breaks",),
    ),
    Case(
        "runtime folders",
        "our sub-folder is a link",
        _sub_folder_is_a_link,
        told=("desk-breaks",),
    ),
    Case(
        "runtime folders",
        "our sub-folder is a file",
        _sub_folder_is_a_file,
        told=("desk-breaks",),
        kept=("runtime/desk-breaks",),
    ),
    Case(
        "runtime folders",
        "XDG_RUNTIME_DIR is a file",
        _runtime_dir_is_a_file,
        told=("runtime",),
        kept=("runtime",),
    ),
    Case(
        "runtime folders",
        "XDG_RUNTIME_DIR is open to everyone",
        _runtime_dir_open_to_all,
        told=("runtime",),
    ),
    Case(
        "runtime folders",
        "a stale lock naming a live, unrelated process",
        _stale_lock_with_a_live_pid,
        check=_stop_sleepers,
    ),
]


# -- clock and zone transitions: the app started inside a DST change ------------------------


def _clock_case(
    name: str,
    zone: str,
    local_now: datetime,
    fold: int,
    slot_time: str,
    expected_due: datetime | None,
) -> Case:
    """Start the app at ``local_now`` (``fold`` picks the pass of a repeated hour)."""
    tz = ZoneInfo(zone)
    now = local_now.replace(tzinfo=tz, fold=fold)

    def arrange(home: Home) -> None:
        every_day = '["mon", "tue", "wed", "thu", "fri", "sat", "sun"]'
        _write(
            home.settings,
            settings_text(
                {
                    "slots.time": f'"{slot_time}"',
                    "slots.weekdays": every_day,
                    "check_ins.start": '"00:00"',
                    "check_ins.end": '"23:59"',
                    "check_ins.weekdays": every_day,
                    "check_ins.clearance_min": "0",
                }
            ),
        )
        home.fake_clock(now, zone)

    def check(home: Home, run: Run) -> None:
        nxt = run.status.get("next")
        assert isinstance(nxt, dict), run.status
        due = datetime.fromisoformat(str(nxt["due_at"]))
        assert due > now, (due, now)
        if expected_due is not None:
            assert due == expected_due.replace(tzinfo=tz), (due, run.status)

    return Case(
        "clock and zones",
        name,
        arrange,
        kept=(SETTINGS,),
        check=check,
        needs_faketime=True,
    )


CLOCK_AND_ZONES = [
    _clock_case(
        "Berlin, first pass of the repeated hour, a 02:30 session",
        "Europe/Berlin",
        datetime(2026, 10, 25, 2, 29, 50),
        0,
        "02:30",
        None,
    ),
    _clock_case(
        "Berlin, second pass of the repeated hour, a 02:30 session",
        "Europe/Berlin",
        datetime(2026, 10, 25, 2, 29, 50),
        1,
        "02:30",
        None,
    ),
    _clock_case(
        "Berlin, just before the missing hour, a 02:30 session",
        "Europe/Berlin",
        datetime(2026, 3, 29, 1, 59, 50),
        0,
        "02:30",
        datetime(2026, 3, 29, 3, 0),
    ),
    _clock_case(
        "Lord Howe, half-hour shift back, a 01:45 session",
        "Australia/Lord_Howe",
        datetime(2026, 4, 5, 1, 44, 50),
        0,
        "01:45",
        None,
    ),
    _clock_case(
        "Santiago, midnight repeated, a 23:30 session",
        "America/Santiago",
        datetime(2026, 4, 4, 23, 29, 50),
        1,
        "23:30",
        None,
    ),
    _clock_case(
        "Santiago, midnight skipped, a 00:00 session",
        "America/Santiago",
        datetime(2026, 9, 5, 23, 59, 50),
        0,
        "00:00",
        datetime(2026, 9, 6, 1, 0),
    ),
]

EVERY_DAY = '["mon", "tue", "wed", "thu", "fri", "sat", "sun"]'


def _two_sessions_ahead(home: Home) -> None:
    """Morning in an hour, lunch in five, nothing else; the app's clock is real but movable."""
    now = datetime.now(UTC)
    home.fake_clock(now, "UTC")
    first, second = now + timedelta(hours=1), now + timedelta(hours=5)
    _write(
        home.settings,
        settings_text(
            {
                "slots.time": f'"{first:%H:%M:%S}"',
                "slots.weekdays": EVERY_DAY,
                "slots[1].time": f'"{second:%H:%M:%S}"',
                "slots[1].weekdays": EVERY_DAY,
                "slots[2].enabled": "false",
                "check_ins.enabled": "false",
            }
        ),
    )


def _forward_past_a_session(home: Home, run: Run) -> None:
    assert _next(run.status)["slot"] == "morning", run.status
    home.jump_clock(timedelta(hours=4))
    after = status(home)
    assert after is not None
    # Morning fell due three hours ago, beyond the two-hour catch-up: lunch is next, and
    # the app says so at once, not when its once-a-minute check comes round.
    assert after["state"] == "waiting", after
    assert _next(after)["slot"] == "lunch", after


def _session_due_in_seconds(home: Home) -> None:
    now = datetime.now(UTC)
    home.fake_clock(now, "UTC")
    due = (now + timedelta(seconds=6)).replace(microsecond=0)
    _write(
        home.settings,
        settings_text(
            {
                "slots.time": f'"{due:%H:%M:%S}"',
                "slots.weekdays": EVERY_DAY,
                "slots[1].enabled": "false",
                "slots[2].enabled": "false",
                "check_ins.enabled": "false",
            }
        ),
    )


def _back_an_hour_after_a_skip(home: Home, run: Run) -> None:
    deadline = time.monotonic() + 30
    current = run.status
    while current.get("state") != "prompting" and time.monotonic() < deadline:
        time.sleep(0.2)
        current = status(home) or {}
    offer = current.get("offer")
    assert isinstance(offer, dict), current
    skipped = cli(home, "skip")
    assert skipped.returncode == 0, skipped.stderr
    home.jump_clock(timedelta(hours=-1))
    after = status(home)
    assert after is not None
    assert after["state"] == "waiting", after
    again = _next(after)
    assert (again["slot"], again["due_at"]) != (offer["slot"], offer["due_at"]), (
        "the skipped session is offered again after the clock went back",
        after,
    )


def _next(data: dict[str, object]) -> dict[str, str]:
    nxt = data.get("next")
    assert isinstance(nxt, dict), data
    return {str(k): str(v) for k, v in nxt.items()}


CLOCK_JUMPS = [
    Case(
        "clock jumps",
        "set forward four hours, past a session",
        _two_sessions_ahead,
        check=_forward_past_a_session,
        needs_faketime=True,
    ),
    Case(
        "clock jumps",
        "set back an hour after a session was skipped",
        _session_due_in_seconds,
        check=_back_an_hour_after_a_skip,
        needs_faketime=True,
    ),
]

CASES: list[Case] = [
    *SETTINGS_VALUES,
    *SETTINGS_FILES,
    *CONTENT_FILES,
    *HISTORY_STATES,
    *RUNTIME_FOLDERS,
    *CLOCK_AND_ZONES,
    *CLOCK_JUMPS,
]
