"""Start at login: the launch command, the XDG file (checked by desktop-file-validate),
the Windows Run key against a fake registry, the macOS LaunchAgent plist."""

from __future__ import annotations

import os
import plistlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from desk_breaks import APP_ID
from desk_breaks.desktop.autostart import Autostart, AutostartError
from desk_breaks.desktop.autostart.factory import create_autostart, launch_command
from desk_breaks.desktop.autostart.macos import LaunchAgentAutostart
from desk_breaks.desktop.autostart.windows import APPROVED_KEY, RUN_KEY, RegistryAutostart
from desk_breaks.desktop.autostart.xdg import XdgAutostart, exec_line
from tests.helpers.fakes import FakeAutostart
from tests.helpers.tools import require_tools

# --- the launch command --------------------------------------------------------------------


def _executable(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


def test_frozen_bundle_starts_its_own_executable(tmp_path: Path) -> None:
    exe = tmp_path / "DeskBreaks" / "desk-breaks"
    assert launch_command(frozen=True, executable=str(exe), which=lambda _: None) == [str(exe)]


def test_the_windows_command_line_companion_registers_the_gui_executable(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "Desk Breaks"
    folder.mkdir()
    cli_exe = folder / "desk-breaks-cli.exe"
    cli_exe.write_bytes(b"MZ")
    gui_exe = folder / "desk-breaks.exe"
    # Without the GUI executable beside it, the companion is all there is.
    assert launch_command(frozen=True, executable=str(cli_exe), windows=True) == [str(cli_exe)]
    gui_exe.write_bytes(b"MZ")
    assert launch_command(frozen=True, executable=str(cli_exe), windows=True) == [str(gui_exe)]
    assert launch_command(frozen=True, executable=str(gui_exe), windows=True) == [str(gui_exe)]


def test_script_beside_the_interpreter_wins_over_path(tmp_path: Path) -> None:
    python = _executable(tmp_path / "venv" / "bin", "python")
    script = _executable(tmp_path / "venv" / "bin", "desk-breaks")
    other = str(_executable(tmp_path / "elsewhere", "desk-breaks"))
    argv = launch_command(frozen=False, executable=str(python), which=lambda _: other)
    assert argv == [str(script)]


def test_script_on_path_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    python = _executable(tmp_path / "usr" / "bin", "python3")
    _executable(tmp_path / "local", "desk-breaks")
    monkeypatch.chdir(tmp_path)
    argv = launch_command(frozen=False, executable=str(python), which=lambda _: "local/desk-breaks")
    assert argv == [str(tmp_path / "local" / "desk-breaks")]


def test_without_a_script_python_runs_the_package(tmp_path: Path) -> None:
    python = _executable(tmp_path / "bin", "python3")
    argv = launch_command(frozen=False, executable=str(python), which=lambda _: None)
    assert argv == [str(python), "-m", "desk_breaks"]


def test_windows_prefers_the_gui_script_then_pythonw(tmp_path: Path) -> None:
    scripts = tmp_path / "Scripts"
    python = _executable(scripts, "python.exe")
    _executable(scripts, "pythonw.exe")
    argv = launch_command(frozen=False, executable=str(python), which=lambda _: None, windows=True)
    assert argv == [str(scripts / "pythonw.exe"), "-m", "desk_breaks"]
    exe = _executable(scripts, "desk-breaks.exe")
    argv = launch_command(frozen=False, executable=str(python), which=lambda _: None, windows=True)
    assert argv == [str(exe)]


def test_default_launch_command_names_a_real_program() -> None:
    argv = launch_command()
    assert Path(argv[0]).is_absolute()
    assert Path(argv[0]).exists()


# --- XDG: the .desktop file ----------------------------------------------------------------


def _validate(path: Path) -> None:
    require_tools("desktop-file-validate")
    tool = shutil.which("desktop-file-validate")
    assert tool is not None
    result = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    # It prints hints and warnings too; any output at all is something to fix.
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def _unescape_string(value: str) -> str:
    """Reverse the Desktop Entry spec's string-value escapes (\\s \\n \\t \\r \\\\)."""
    out, chars = [], iter(value)
    for c in chars:
        if c == "\\":
            nxt = next(chars)
            out.append({"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}[nxt])
        else:
            out.append(c)
    return "".join(out)


def _split_exec(value: str) -> list[str]:
    """Split an Exec value as the spec says a launcher does, then undo ``%%``."""
    args: list[str] = []
    current: list[str] | None = None
    chars = iter(_unescape_string(value))
    for c in chars:
        if c == " ":
            if current is not None:
                args.append("".join(current))
            current = None
            continue
        current = [] if current is None else current
        if c != '"':
            current.append(c)
            continue
        for q in chars:
            if q == '"':
                break
            if q == "\\":
                q = next(chars)
                assert q in '"`$\\', f"stray backslash before {q!r}"
            current.append(q)
        else:
            raise AssertionError(f"unbalanced quotes in {value!r}")
    if current is not None:
        args.append("".join(current))
    return [a.replace("%%", "%") for a in args]


def _keys(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


@pytest.fixture
def xdg(tmp_path: Path) -> XdgAutostart:
    return XdgAutostart(
        ["/opt/desk breaks/bin/desk-breaks"],
        config_home=tmp_path / "config",
        config_dirs=[tmp_path / "etc-xdg"],
    )


def test_enable_writes_a_valid_entry_that_runs_the_command(xdg: XdgAutostart, tmp_path: Path):
    assert not xdg.is_enabled()
    xdg.enable()
    path = tmp_path / "config" / "autostart" / f"{APP_ID}.desktop"
    assert xdg.location == str(path)
    assert xdg.is_enabled()
    _validate(path)
    keys = _keys(path)
    assert keys["Type"] == "Application"
    assert keys["Name"] == "Desk Breaks"
    assert _split_exec(keys["Exec"]) == ["/opt/desk breaks/bin/desk-breaks"]
    assert Path(keys["Icon"]).is_file()
    assert oct(path.stat().st_mode & 0o777) == "0o644"


@pytest.mark.parametrize(
    "argv",
    [
        ["/usr/bin/desk-breaks"],
        ["/home/me/.venv/bin/python3", "-m", "desk_breaks"],
        ["/home/me/my apps/python", "-m", "desk_breaks"],
        ['/tmp/100% $HOME `x` "q" back\\slash/desk-breaks', "--flag=a;b"],
    ],
)
def test_exec_line_round_trips_awkward_paths(argv: list[str], tmp_path: Path) -> None:
    assert _split_exec(exec_line(argv)) == argv
    entry = XdgAutostart(argv, config_home=tmp_path, config_dirs=[], icon=None)
    entry.enable()
    _validate(entry.path)


def test_plain_arguments_stay_unquoted() -> None:
    assert exec_line(["/usr/bin/python3", "-m", "desk_breaks"]) == "/usr/bin/python3 -m desk_breaks"
    assert exec_line(["/a b/x"]) == '"/a b/x"'
    assert exec_line(["/50%/x"]) == "/50%%/x"
    assert exec_line(["/a$b/x"]) == '"/a\\\\$b/x"'
    with pytest.raises(ValueError, match="empty"):
        exec_line([])


def test_enable_twice_leaves_one_identical_entry(xdg: XdgAutostart) -> None:
    xdg.enable()
    first = xdg.path.read_bytes()
    xdg.enable()
    assert xdg.path.read_bytes() == first
    assert sorted(p.name for p in xdg.path.parent.iterdir()) == [f"{APP_ID}.desktop"]


def test_enable_rewrites_a_stale_command(tmp_path: Path) -> None:
    old = XdgAutostart(["/old/desk-breaks"], config_home=tmp_path, config_dirs=[])
    old.enable()
    new = XdgAutostart(["/new/desk-breaks"], config_home=tmp_path, config_dirs=[])
    assert new.is_enabled()
    new.enable()
    assert _split_exec(_keys(new.path)["Exec"]) == ["/new/desk-breaks"]


def test_disable_removes_only_our_entry(xdg: XdgAutostart) -> None:
    other = xdg.path.parent / "org.example.Other.desktop"
    other.parent.mkdir(parents=True)
    other.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other\n")
    xdg.enable()
    xdg.disable()
    assert not xdg.path.exists()
    assert not xdg.is_enabled()
    assert other.read_text().startswith("[Desktop Entry]")
    xdg.disable()  # nothing left to remove: still fine
    assert sorted(p.name for p in other.parent.iterdir()) == ["org.example.Other.desktop"]


@pytest.mark.parametrize(
    ("line", "enabled"),
    [("", True), ("Hidden=true", False), ("X-GNOME-Autostart-enabled=false", False)],
)
def test_an_entry_hidden_by_the_desktop_counts_as_off(
    xdg: XdgAutostart, line: str, enabled: bool
) -> None:
    xdg.enable()
    xdg.path.write_text(xdg.path.read_text().replace("X-GNOME-Autostart-enabled=true", line))
    assert xdg.is_enabled() is enabled


def test_a_system_entry_is_hidden_not_deleted(xdg: XdgAutostart, tmp_path: Path) -> None:
    system = tmp_path / "etc-xdg" / "autostart" / f"{APP_ID}.desktop"
    system.parent.mkdir(parents=True)
    system.write_text("[Desktop Entry]\nType=Application\nName=Desk Breaks\nExec=desk-breaks\n")
    assert xdg.is_enabled()
    xdg.disable()
    assert system.exists()
    assert _keys(xdg.path)["Hidden"] == "true"
    _validate(xdg.path)
    assert not xdg.is_enabled()
    xdg.enable()
    assert xdg.is_enabled()
    assert "Hidden" not in _keys(xdg.path)


def test_unwritable_location_gives_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "autostart").write_text("a file where the folder should be")
    entry = XdgAutostart(["/usr/bin/desk-breaks"], config_home=tmp_path, config_dirs=[])
    with pytest.raises(AutostartError, match=r"cannot write the autostart entry .*autostart"):
        entry.enable()
    assert not entry.is_enabled()


def test_factory_follows_xdg_config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "sys"))
    autostart = create_autostart(platform="linux", command=["/usr/bin/desk-breaks"])
    assert isinstance(autostart, Autostart)
    assert autostart.location == str(tmp_path / "cfg" / "autostart" / f"{APP_ID}.desktop")
    autostart.enable()
    _validate(Path(autostart.location))


# --- Windows: the HKCU Run key (fake registry) ----------------------------------------------


class FakeWinreg:
    """The slice of ``winreg`` the backend uses, over a dict of keys."""

    HKEY_CURRENT_USER = "HKCU"
    KEY_READ = 0x20019
    KEY_SET_VALUE = 0x0002
    REG_SZ = 1
    REG_BINARY = 3

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], dict[str, tuple[Any, int]]] = {}
        self.deny_writes = False

    @contextmanager
    def OpenKey(self, hive: str, path: str, reserved: int, access: int) -> Iterator[Any]:
        if (hive, path) not in self.keys:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        yield (hive, path)

    @contextmanager
    def CreateKeyEx(self, hive: str, path: str, reserved: int, access: int) -> Iterator[Any]:
        if self.deny_writes:
            raise PermissionError(5, "Access is denied")
        self.keys.setdefault((hive, path), {})
        yield (hive, path)

    def QueryValueEx(self, key: tuple[str, str], name: str) -> tuple[Any, int]:
        try:
            return self.keys[key][name]
        except KeyError:
            raise FileNotFoundError(2, "The system cannot find the file specified") from None

    def SetValueEx(self, key: tuple[str, str], name: str, reserved: int, kind: int, value: Any):
        self.keys[key][name] = (value, kind)

    def DeleteValue(self, key: tuple[str, str], name: str) -> None:
        if self.deny_writes:
            raise PermissionError(5, "Access is denied")
        if name not in self.keys[key]:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        del self.keys[key][name]


@pytest.fixture
def winreg() -> FakeWinreg:
    return FakeWinreg()


def _windows(winreg: FakeWinreg) -> RegistryAutostart:
    argv = [r"C:\Program Files\Desk Breaks\desk-breaks.exe"]
    return RegistryAutostart(argv, registry=winreg)


def test_windows_enable_writes_a_quoted_command_line(winreg: FakeWinreg) -> None:
    autostart = _windows(winreg)
    assert not autostart.is_enabled()
    autostart.enable()
    value, kind = winreg.keys[("HKCU", RUN_KEY)]["Desk Breaks"]
    assert value == r'"C:\Program Files\Desk Breaks\desk-breaks.exe"'
    assert kind == winreg.REG_SZ
    assert autostart.is_enabled()
    assert autostart.location == f"HKEY_CURRENT_USER\\{RUN_KEY}\\Desk Breaks"
    autostart.enable()
    assert list(winreg.keys[("HKCU", RUN_KEY)]) == ["Desk Breaks"]


def test_windows_disable_keeps_other_programs(winreg: FakeWinreg) -> None:
    winreg.keys[("HKCU", RUN_KEY)] = {"OneDrive": ("onedrive.exe /background", 1)}
    autostart = _windows(winreg)
    autostart.enable()
    autostart.disable()
    assert winreg.keys[("HKCU", RUN_KEY)] == {"OneDrive": ("onedrive.exe /background", 1)}
    assert not autostart.is_enabled()
    autostart.disable()


def test_windows_honours_task_manager_off_and_enable_clears_it(winreg: FakeWinreg) -> None:
    autostart = _windows(winreg)
    autostart.enable()
    approved = winreg.keys.setdefault(("HKCU", APPROVED_KEY), {})
    approved["Desk Breaks"] = (bytes([3]) + bytes(11), winreg.REG_BINARY)
    assert not autostart.is_enabled()
    approved["Desk Breaks"] = (bytes([2]) + bytes(11), winreg.REG_BINARY)
    assert autostart.is_enabled()
    approved["Desk Breaks"] = (bytes([3]) + bytes(11), winreg.REG_BINARY)
    autostart.enable()
    assert "Desk Breaks" not in approved
    assert autostart.is_enabled()


def test_windows_access_denied_is_a_clear_error(winreg: FakeWinreg) -> None:
    winreg.deny_writes = True
    with pytest.raises(AutostartError, match=r"cannot write HKEY_CURRENT_USER\\.*Run"):
        _windows(winreg).enable()


def test_windows_factory_builds_the_registry_backend() -> None:
    autostart = create_autostart(platform="win32", command=[r"C:\x\desk-breaks.exe"])
    assert isinstance(autostart, RegistryAutostart)
    assert autostart.location.endswith(r"CurrentVersion\Run\Desk Breaks")


# --- macOS: the LaunchAgent plist ------------------------------------------------------------


def test_macos_enable_writes_a_launch_agent(tmp_path: Path) -> None:
    argv = ["/Applications/Desk Breaks.app/Contents/MacOS/Desk Breaks"]
    autostart = LaunchAgentAutostart(argv, agents_dir=tmp_path / "LaunchAgents")
    assert not autostart.is_enabled()
    autostart.enable()
    path = tmp_path / "LaunchAgents" / f"{APP_ID}.plist"
    assert autostart.location == str(path)
    data = plistlib.loads(path.read_bytes())
    assert data["Label"] == APP_ID
    assert data["ProgramArguments"] == argv
    assert data["RunAtLoad"] is True
    assert "KeepAlive" not in data
    assert autostart.is_enabled()
    first = path.read_bytes()
    autostart.enable()
    assert path.read_bytes() == first
    assert [p.name for p in path.parent.iterdir()] == [f"{APP_ID}.plist"]


def test_macos_disable_removes_only_ours(tmp_path: Path) -> None:
    agents = tmp_path / "LaunchAgents"
    agents.mkdir()
    (agents / "com.example.other.plist").write_bytes(plistlib.dumps({"Label": "x"}))
    autostart = LaunchAgentAutostart(["/usr/local/bin/desk-breaks"], agents_dir=agents)
    autostart.enable()
    autostart.disable()
    autostart.disable()
    assert [p.name for p in agents.iterdir()] == ["com.example.other.plist"]
    assert not autostart.is_enabled()


def test_macos_disabled_key_and_damaged_file(tmp_path: Path) -> None:
    autostart = LaunchAgentAutostart(["/usr/local/bin/desk-breaks"], agents_dir=tmp_path)
    autostart.enable()
    data = plistlib.loads(autostart.path.read_bytes())
    autostart.path.write_bytes(plistlib.dumps({**data, "Disabled": True}))
    assert not autostart.is_enabled()
    autostart.path.write_text("<plist>not really")
    with pytest.raises(AutostartError, match="cannot read the launch agent"):
        autostart.is_enabled()
    autostart.enable()  # rewriting repairs it
    assert autostart.is_enabled()


def test_macos_factory_uses_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    autostart = create_autostart(platform="darwin", command=["/usr/local/bin/desk-breaks"])
    assert autostart.location == str(tmp_path / "Library" / "LaunchAgents" / f"{APP_ID}.plist")


# --- the fake --------------------------------------------------------------------------------


def test_fake_autostart_records_changes_and_can_fail() -> None:
    fake = FakeAutostart()
    assert isinstance(fake, Autostart)
    fake.enable()
    fake.disable()
    assert fake.changes == [True, False]
    assert not fake.is_enabled()
    broken = FakeAutostart(fail_with="read-only home")
    with pytest.raises(AutostartError, match="read-only home"):
        broken.enable()


def test_backends_import_without_qt() -> None:
    code = (
        "import sys; import desk_breaks.desktop.autostart.xdg, desk_breaks.desktop.autostart."
        "windows, desk_breaks.desktop.autostart.macos, desk_breaks.desktop.autostart.factory; "
        "sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-c", code], env=env, check=False)
    assert result.returncode == 0, "the autostart modules must stay usable without Qt"
