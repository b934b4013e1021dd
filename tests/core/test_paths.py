"""Where the lock and the command socket live, per platform and sandbox, and which folders
are refused: another local user must not be able to plant the folder the socket lives in."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desk_breaks.core.paths import (
    AppPaths,
    NoSafeRuntimeDir,
    RuntimeCandidate,
    UnsafeFolder,
    check_private_folder,
    choose_runtime_dir,
    runtime_dir_candidates,
)

needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown to another user needs root"
)
posix_only = pytest.mark.skipif(os.name != "posix", reason="folder owners and modes")

STRANGER = 12345  # a uid with no account: the message still names it


def paths_of(candidates: list[RuntimeCandidate]) -> list[Path]:
    return [c.path for c in candidates]


def private(folder: Path) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


# --- candidates --------------------------------------------------------------------------------


def test_linux_uses_the_session_runtime_dir_first(tmp_path: Path) -> None:
    env = {"XDG_RUNTIME_DIR": str(tmp_path)}
    found = runtime_dir_candidates(env, "linux", str(tmp_path / "tmp"), tmp_path / "state")
    uid = os.getuid()
    assert paths_of(found) == [
        tmp_path,
        tmp_path / "tmp" / f"desk-breaks-{uid}",
        tmp_path / "state" / "run",
    ]
    assert found[0].ours is False  # the session's folder is checked, never changed


def test_a_flatpak_uses_the_folder_its_instances_share(tmp_path: Path) -> None:
    env = {"XDG_RUNTIME_DIR": str(tmp_path), "FLATPAK_ID": "io.github.deskbreaks.DeskBreaks"}
    first = runtime_dir_candidates(env, "linux")[0]
    assert first.path == tmp_path / "app" / "io.github.deskbreaks.DeskBreaks"
    assert first.checks == (tmp_path, first.path)


def test_without_a_runtime_dir_a_per_user_temp_folder(tmp_path: Path) -> None:
    expected = tmp_path / f"desk-breaks-{os.getuid()}"
    assert paths_of(runtime_dir_candidates({}, "linux", str(tmp_path)))[0] == expected
    missing = {"XDG_RUNTIME_DIR": str(tmp_path / "gone")}
    assert paths_of(runtime_dir_candidates(missing, "linux", str(tmp_path)))[0] == expected
    assert paths_of(runtime_dir_candidates({}, "darwin", str(tmp_path)))[0] == expected


def test_windows_uses_local_app_data(tmp_path: Path) -> None:
    env = {"LOCALAPPDATA": str(tmp_path)}
    assert paths_of(runtime_dir_candidates(env, "win32")) == [tmp_path / "desk-breaks"]
    assert paths_of(runtime_dir_candidates({}, "win32", str(tmp_path))) == [
        tmp_path / "desk-breaks"
    ]


def test_the_state_fallback_leaves_room_for_a_unix_socket() -> None:
    # sun_path holds 104 bytes on macOS: runtime/desk-breaks/commands.sock must fit for
    # an ordinary home, or the socket moves to the temp folder (which may be planted).
    state = Path("/home/a-rather-long-user-name/.local/state/desk-breaks")
    last = runtime_dir_candidates({}, "linux", "/tmp", state)[-1].path
    assert len(os.fsencode(last / "desk-breaks" / "commands.sock")) < 100


# --- the check ---------------------------------------------------------------------------------


@posix_only
def test_a_missing_folder_is_made_private(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    with pytest.raises(FileNotFoundError):
        check_private_folder(folder)
    check_private_folder(folder, create=True)
    assert stat.S_IMODE(os.lstat(folder).st_mode) == 0o700


@posix_only
@needs_root
def test_a_folder_of_another_user_is_refused_naming_the_owner(tmp_path: Path) -> None:
    folder = private(tmp_path / "planted")
    os.chown(folder, STRANGER, STRANGER)
    with pytest.raises(UnsafeFolder) as caught:
        check_private_folder(folder, tighten=True)
    assert str(caught.value) == f"{folder} belongs to another user (uid {STRANGER})"
    assert caught.value.folder == folder


@posix_only
def test_a_symlink_is_refused_not_followed(tmp_path: Path) -> None:
    real = private(tmp_path / "real")
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(UnsafeFolder, match="is a symbolic link"):
        check_private_folder(link, create=True, tighten=True)
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(UnsafeFolder, match="is a symbolic link"):
        check_private_folder(dangling, create=True)
    assert not (tmp_path / "nowhere").exists()


@posix_only
def test_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(UnsafeFolder, match="is not a folder"):
        check_private_folder(tmp_path / "file", create=True)


@posix_only
@pytest.mark.parametrize(
    ("mode", "tighten", "outcome"),
    [
        (0o755, True, "tightened"),
        (0o750, True, "tightened"),
        (0o755, False, "can be opened by other users (permissions 0755, not 0700)"),
        (0o770, True, "can be changed by other users (permissions 0770, not 0700)"),
        (0o1777, True, "can be changed by other users (permissions 1777, not 0700)"),
    ],
)
def test_a_folder_others_can_reach(tmp_path: Path, mode: int, tighten: bool, outcome: str) -> None:
    folder = private(tmp_path / "f")
    folder.chmod(mode)
    if outcome == "tightened":
        check_private_folder(folder, tighten=tighten)
        assert stat.S_IMODE(os.lstat(folder).st_mode) == 0o700
    else:
        with pytest.raises(UnsafeFolder) as caught:
            check_private_folder(folder, tighten=tighten)
        assert caught.value.reason == outcome
        assert stat.S_IMODE(os.lstat(folder).st_mode) == mode  # left as it was


# --- choosing ----------------------------------------------------------------------------------


def candidates_in(tmp_path: Path, runtime: Path | None) -> list[RuntimeCandidate]:
    env = {} if runtime is None else {"XDG_RUNTIME_DIR": str(runtime)}
    return runtime_dir_candidates(env, "linux", str(tmp_path / "tmp"), tmp_path / "state")


@posix_only
@needs_root
def test_a_planted_temp_folder_is_refused_and_the_state_folder_used(tmp_path: Path) -> None:
    planted = private(tmp_path / "tmp" / f"desk-breaks-{os.getuid()}")
    os.chown(planted, STRANGER, STRANGER)
    planted.chmod(0o777)
    candidates = candidates_in(tmp_path, None)

    chosen, notices = choose_runtime_dir(candidates, create=True)
    state_run = tmp_path / "state" / "run"
    assert chosen == state_run
    assert stat.S_IMODE(os.lstat(state_run).st_mode) == 0o700
    assert notices == (
        f"Desk Breaks did not use {planted} for its lock and command socket because it "
        f"belongs to another user (uid {STRANGER}); it uses {state_run} instead.",
    )
    # The command line, which creates nothing, walks the same list to the same folder.
    assert choose_runtime_dir(candidates, create=False) == (chosen, notices)


@posix_only
def test_the_command_line_looks_past_a_missing_folder_but_creates_nothing(tmp_path: Path) -> None:
    candidates = candidates_in(tmp_path, None)
    in_temp = candidates[0].path
    # Nothing exists: the client answers where an app would start, and makes nothing.
    assert choose_runtime_dir(candidates, create=False) == (in_temp, ())
    assert not in_temp.exists()
    assert not (tmp_path / "state").exists()
    # An app that had to start in the state folder (its private sub-folder made there) is
    # found there.
    private(tmp_path / "state" / "run" / "desk-breaks")
    assert choose_runtime_dir(candidates, create=False)[0] == tmp_path / "state" / "run"


@posix_only
@needs_root
@pytest.mark.parametrize("problem", ["other-owner", "symlink", "file"])
def test_a_planted_private_sub_folder_rules_its_candidate_out(tmp_path: Path, problem: str) -> None:
    runtime = private(tmp_path / "xdg-runtime")
    planted = runtime / "desk-breaks"
    if problem == "other-owner":
        planted.mkdir(mode=0o777)
        os.chown(planted, STRANGER, STRANGER)
    elif problem == "symlink":
        planted.symlink_to(private(tmp_path / "elsewhere"))
    else:
        planted.write_text("not a folder")
    candidates = candidates_in(tmp_path, runtime)
    chosen, notices = choose_runtime_dir(candidates, create=True)
    in_temp = tmp_path / "tmp" / f"desk-breaks-{os.getuid()}"
    assert chosen == in_temp
    assert (in_temp / "desk-breaks").is_dir()
    assert len(notices) == 1 and str(planted) in notices[0], notices
    # The command line agrees, and finds the app where it started.
    assert choose_runtime_dir(candidates, create=False) == (chosen, notices)


@posix_only
@needs_root
@pytest.mark.parametrize("problem", ["other-owner", "group-readable", "symlink", "file"])
def test_an_unsafe_session_runtime_dir_is_refused(tmp_path: Path, problem: str) -> None:
    runtime = tmp_path / "xdg-runtime"
    if problem == "symlink":
        runtime.symlink_to(private(tmp_path / "real-runtime"))
    elif problem == "file":
        runtime.write_text("")
    else:
        private(runtime)
        if problem == "other-owner":
            os.chown(runtime, STRANGER, STRANGER)
        else:
            runtime.chmod(0o750)
    chosen, notices = choose_runtime_dir(candidates_in(tmp_path, runtime), create=True)
    assert chosen == tmp_path / "tmp" / f"desk-breaks-{os.getuid()}"
    (notice,) = notices
    assert notice.startswith(f"Desk Breaks did not use {runtime} ")
    assert notice.endswith(f"; it uses {chosen} instead.")
    if problem == "group-readable":
        # The session's folder is only checked, never changed.
        assert stat.S_IMODE(os.lstat(runtime).st_mode) == 0o750


@posix_only
@needs_root
def test_when_every_folder_is_refused_nothing_is_used(tmp_path: Path) -> None:
    runtime = private(tmp_path / "xdg-runtime")
    os.chown(runtime, STRANGER, STRANGER)
    (tmp_path / "tmp").mkdir()
    (tmp_path / "tmp" / f"desk-breaks-{os.getuid()}").symlink_to(runtime)
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "run").write_text("a file")
    for create in (True, False):
        with pytest.raises(NoSafeRuntimeDir) as caught:
            choose_runtime_dir(candidates_in(tmp_path, runtime), create=create)
        message = str(caught.value)
        assert f"{runtime} belongs to another user (uid {STRANGER})." in message
        assert f"desk-breaks-{os.getuid()} is a symbolic link (to {runtime})" in message
        assert f"{tmp_path / 'state' / 'run'} is not a folder." in message


@posix_only
def test_for_user_uses_the_state_folder_when_the_temp_one_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    monkeypatch.setenv("TMPDIR", str(private(tmp_path / "tmp")))
    monkeypatch.setattr("tempfile.tempdir", None)  # gettempdir() caches its answer
    (tmp_path / "tmp" / f"desk-breaks-{os.getuid()}").write_text("taken")
    paths = AppPaths.for_user()
    assert paths.runtime_dir == Path(os.environ["XDG_STATE_HOME"]) / "desk-breaks" / "run"
    (notice,) = paths.runtime_notices
    assert "is not a folder" in notice
    assert AppPaths.for_user(create_runtime=False).runtime_dir == paths.runtime_dir
