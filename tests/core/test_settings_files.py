"""Whatever is at the settings path, loading gives defaults and one notice, and touches nothing.

Issue 11 items 3 and 8: deeply nested TOML raised RecursionError; a folder, a named pipe
(opening it blocked the app for good), a link to ``/dev/zero`` (read until memory ran out)
or a huge file must all give the defaults with a notice naming the file. Every start with
the same broken file kept another dated copy; temporary files of a killed save were never
removed.
"""

from __future__ import annotations

import errno
import os
import shutil
import socket
import stat
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from desk_breaks.core import settings_file
from desk_breaks.core.settings import Settings
from tests.helpers.odd_files import ODD_FILE_KINDS

NOW = datetime(2026, 3, 23, 12, 0, 0)
LATER = datetime(2026, 3, 24, 8, 15, 0)


def state(folder: Path) -> dict[str, tuple[int, bytes | str | None]]:
    """What is in ``folder``, without following links or opening anything but regular files."""
    seen: dict[str, tuple[int, bytes | str | None]] = {}
    for entry in sorted(folder.iterdir()):
        info = entry.lstat()
        if stat.S_ISREG(info.st_mode):
            seen[entry.name] = (info.st_mode, entry.read_bytes())
        elif stat.S_ISLNK(info.st_mode):
            seen[entry.name] = (info.st_mode, os.readlink(entry))
        else:
            seen[entry.name] = (info.st_mode, None)
    return seen


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    sockets: list[socket.socket] = []

    def bind(path: Path) -> None:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(str(path))
        sockets.append(server)

    yield bind
    for server in sockets:
        server.close()


ODD = ODD_FILE_KINDS


@pytest.mark.parametrize("kind", sorted(ODD))
def test_an_odd_file_kind_gives_defaults_one_notice_and_is_left_alone(
    tmp_path: Path, kind: str
) -> None:
    make, reason = ODD[kind]
    path = tmp_path / "settings.toml"
    make(path)
    before = state(tmp_path)
    result = settings_file.load(path, NOW)
    assert result.settings == Settings()
    assert result.problem is not None
    assert result.problem.startswith(f"{path} {reason.format(folder=tmp_path)}; using the defaul")
    assert "nothing is written there until you save the settings" in result.problem
    assert result.set_aside is None  # no copy of something that is not a file
    assert not result.missing and not result.may_overwrite
    assert state(tmp_path) == before


def test_a_socket_at_the_path_is_not_opened(
    tmp_path: Path, unix_socket: Callable[[Path], None]
) -> None:
    path = tmp_path / "settings.toml"
    unix_socket(path)
    result = settings_file.load(path, NOW)
    assert result.problem is not None and "is a socket, not a file" in result.problem
    assert result.set_aside is None and not result.may_overwrite


def test_a_file_that_cannot_be_opened_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.toml"
    settings_file.save(path, replace(Settings(), reduced_motion=True))
    real_open = os.open

    # Root (as in CI) opens a 0000 file anyway, so the refusal is simulated at the open.
    def refuse(name: str | Path, flags: int, *args: int, **kwargs: object) -> int:
        if Path(name) == path:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(name, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    result = settings_file.load(path, NOW)
    assert result.settings == Settings()
    assert result.problem == (
        f"{path} cannot be read (Permission denied); using the default settings. The file "
        "was left as it is, and nothing is written there until you save the settings."
    )


def test_a_config_folder_that_is_a_file_gives_defaults_and_a_notice(tmp_path: Path) -> None:
    folder = tmp_path / "desk-breaks"
    folder.write_text("not a folder")
    result = settings_file.load(folder / "settings.toml", NOW)
    assert result.settings == Settings()
    assert result.problem is not None
    assert f"cannot be read: {folder} is not a folder" in result.problem
    assert not result.missing  # not a first run: nothing may be written
    assert folder.read_text() == "not a folder"
    with pytest.raises(settings_file.SaveError, match=str(folder)):
        settings_file.save(folder / "settings.toml", Settings())


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a = " + "[" * 100_000, id="deep-arrays"),
        pytest.param("a = " + "{b = " * 100_000, id="deep-tables"),
        pytest.param("a = " + "[" * 480 + "]" * 480, id="nearly-too-deep"),
    ],
)
def test_deeply_nested_toml_gives_defaults_and_a_notice(tmp_path: Path, text: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text)
    result = settings_file.load(path, NOW)
    assert result.settings == Settings()
    assert result.problem is not None
    assert result.problem.startswith(f"{path} is not valid TOML (")
    assert path.read_text() == text
    assert result.set_aside is not None and result.set_aside.read_text() == text


def test_text_that_is_not_utf8_says_so(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(b'theme = "dark"\n\xff\xfe')
    result = settings_file.load(path, NOW)
    assert result.problem is not None
    assert "is not valid TOML (it is not UTF-8 text (byte 16 is not))" in result.problem


def test_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(b"\xef\xbb\xbf" + settings_file.dumps({"theme": "dark"}).encode())
    result = settings_file.load(path, NOW)
    assert result.problem is None and result.settings.theme.value == "dark"


def test_an_oversized_file_is_not_read_and_kept_once(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    path = folder / "settings.toml"
    content = b"# padding\n" * (settings_file.MAX_FILE_BYTES // 10 + 1)
    path.write_bytes(content)
    result = settings_file.load(path, NOW)
    assert result.settings == Settings()
    assert result.problem is not None
    assert result.problem.startswith(
        f"{path} is too large (1,048,580 bytes; at most 1,048,576 bytes are read); using the"
    )
    assert result.set_aside is not None and result.set_aside.read_bytes() == content
    # Starting again (another day) with the same file costs no more disk.
    assert settings_file.load(path, LATER).set_aside == result.set_aside
    assert sorted(p.name for p in folder.iterdir()) == [
        "settings.toml",
        "settings.toml.broken-2026-03-23-120000",
    ]
    assert path.read_bytes() == content


def test_a_file_growing_past_the_cap_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("theme = 'dark'\n")
    real_stat = os.stat

    def looks_small(name: str | Path, *args: object, **kwargs: object) -> os.stat_result:
        info = real_stat(name, *args, **kwargs)  # type: ignore[arg-type]
        if Path(name) != path:
            return info
        # As if it was tiny when looked at and grew before it was read.
        fields = list(info)
        fields[stat.ST_SIZE] = 1
        return os.stat_result(fields)

    monkeypatch.setattr(os, "stat", looks_small)
    with pytest.raises(settings_file.UnreadableFile) as caught:
        settings_file.read_user_file(path, limit=10)
    assert caught.value.reason == "is too large (more than 10 bytes; at most 10 bytes are read)"


def test_one_copy_per_distinct_broken_content(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    path = folder / "settings.toml"
    path.write_text("preset = [\n")
    first = settings_file.load(path, NOW).set_aside
    assert settings_file.load(path, LATER).set_aside == first  # a later start: no new copy
    path.write_text("preset = {\n")  # same size, other bytes: a copy of its own
    second = settings_file.load(path, LATER).set_aside
    assert first is not None and second is not None and second != first
    assert second.read_text() == "preset = {\n"
    path.write_text("preset = [\n")  # back to the first broken content
    assert settings_file.load(path, LATER).set_aside == first
    assert len(list(folder.glob("settings.toml.broken-*"))) == 2
    assert [p.name for p in folder.glob(".settings-*")] == []


def test_a_bad_value_file_is_kept_once_too(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("[check_ins]\ninterval_min = 0\n")
    copies = {settings_file.load(path, when).set_aside for when in (NOW, LATER, LATER)}
    assert len(copies) == 1 and None not in copies


def test_a_failed_copy_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    path = folder / "settings.toml"
    path.write_text("preset = [\n")

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", full)
    result = settings_file.load(path, NOW)
    assert result.set_aside is None and result.problem is not None
    assert sorted(p.name for p in folder.iterdir()) == ["settings.toml"]


def test_an_explicit_save_over_a_fifo_or_a_link_to_a_device_does_not_copy_it(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "a" / "settings.toml"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    settings_file.save(fifo, Settings())  # the user saved on purpose: the file replaces it
    assert settings_file.load(fifo).settings == Settings()
    assert not fifo.with_name("settings.toml.bak").exists()
    zero = tmp_path / "b" / "settings.toml"
    zero.parent.mkdir()
    zero.symlink_to("/dev/zero")
    settings_file.save(zero, Settings())
    assert zero.is_file() and not zero.is_symlink()
    assert not zero.with_name("settings.toml.bak").exists()


# ---------------------------------------------------------------------------------------
# Temporary files of a killed save


def test_stale_temporary_files_of_ours_are_removed_and_nothing_else(tmp_path: Path) -> None:
    ours = [".settings-abcd_123.tmp", ".settings-zz9yy8xx.tmp.bak"]
    for name in ours:
        (tmp_path / name).write_text("half a save")
    keep = {
        "settings.toml": "theme = 'dark'\n",
        "settings.toml.bak": "theme = 'light'\n",
        "settings.toml.broken-2026-03-23-120000": "preset = [\n",
        ".settings-short.tmp": "not our name: 5 characters",
        ".settings-ABCD1234.tmp": "not our name: upper case",
        ".settings-abcd1234.tmp.old": "not our name",
        "x.settings-abcd1234.tmp": "not our name",
        ".settings-abcd1234.txt": "not our name",
    }
    for name, text in keep.items():
        (tmp_path / name).write_text(text)
    target = tmp_path / "elsewhere.txt"
    target.write_text("a link's target")
    (tmp_path / ".settings-link0000.tmp").symlink_to(target)
    (tmp_path / ".settings-folder00.tmp").mkdir()
    os.mkfifo(tmp_path / ".settings-fifo0000.tmp")
    if os.geteuid() == 0:  # only root can give a file to another user (as in CI)
        theirs = tmp_path / ".settings-theirs00.tmp"
        theirs.write_text("another user's")
        os.chown(theirs, os.getuid() + 4242, -1)
    before = state(tmp_path)

    removed = settings_file.remove_stale_temp_files(tmp_path)

    assert sorted(p.name for p in removed) == sorted(ours)
    after = state(tmp_path)
    assert after == {name: value for name, value in before.items() if name not in ours}
    assert target.read_text() == "a link's target"


def test_cleaning_a_missing_or_odd_folder_does_nothing(tmp_path: Path) -> None:
    assert settings_file.remove_stale_temp_files(tmp_path / "missing") == []
    (tmp_path / "file").write_text("x")
    assert settings_file.remove_stale_temp_files(tmp_path / "file") == []


def test_a_killed_save_leaves_a_name_the_cleaner_knows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    path = folder / "settings.toml"
    settings_file.save(path, Settings())

    class Killed(BaseException):
        """Stands for SIGKILL between writing the temporary file and the rename."""

    def killed(*args: object) -> None:
        raise Killed

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(Killed):
        settings_file.save(path, replace(Settings(), reduced_motion=True))
    monkeypatch.undo()
    leftovers = sorted(p.name for p in folder.glob(".settings-*"))
    assert leftovers  # what a kill at this point leaves
    assert sorted(p.name for p in settings_file.remove_stale_temp_files(folder)) == leftovers
    assert sorted(p.name for p in folder.iterdir()) == ["settings.toml"]
