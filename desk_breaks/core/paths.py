"""Where Desk Breaks keeps its files, resolved once by the composition root.

Nothing here is computed at import time: :meth:`AppPaths.for_user` asks platformdirs when
it is called, and tests build an :class:`AppPaths` pointing at a temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from desk_breaks.core.i18n import Text, tr

APP_DIR_NAME = "desk-breaks"


@dataclass(frozen=True)
class AppPaths:
    """The folders the app reads and writes.

    ``runtime_dir`` is the per-session folder (``XDG_RUNTIME_DIR`` on Linux) in which the
    single-instance lock and the command socket get a private ``desk-breaks`` sub-folder;
    every folder on the way is checked by :func:`check_private_folder`.
    """

    config_dir: Path
    data_dir: Path
    runtime_dir: Path
    runtime_notices: tuple[str, ...] = ()
    """What the user is told about runtime folders that were refused (see
    :func:`choose_runtime_dir`)."""

    @property
    def settings_file(self) -> Path:
        """The user's ``settings.toml``."""
        return self.config_dir / "settings.toml"

    @property
    def history_file(self) -> Path:
        """The SQLite history."""
        return self.data_dir / "history.sqlite3"

    @property
    def user_content_dir(self) -> Path:
        """Where the user's own exercises and routines live."""
        return self.data_dir

    @classmethod
    def for_user(cls, *, create_runtime: bool = True) -> AppPaths:
        """Resolve the current user's folders through platformdirs.

        The runtime folder is the first safe one of :func:`runtime_dir_candidates` (see
        :func:`choose_runtime_dir`): the app passes ``create_runtime=True`` and makes the
        folder it is going to use, the command line passes False and only looks. Both raise
        :class:`NoSafeRuntimeDir` when every candidate is refused.
        """
        import platformdirs

        config = Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False, roaming=True))
        data = Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False, roaming=True))
        state = Path(platformdirs.user_state_dir(APP_DIR_NAME, appauthor=False))
        runtime, notices = choose_runtime_dir(
            runtime_dir_candidates(state_dir=state), create=create_runtime
        )
        return cls(config, data, runtime, notices)


# --- Private folders ---------------------------------------------------------------------------


class UnsafeFolder(PermissionError):
    """A folder on the way to the lock and the command socket that Desk Breaks will not use.

    ``reason`` completes "the folder ...": "belongs to another user (mallory, uid 1001)".
    """

    def __init__(self, folder: Path, reason: str) -> None:
        """Keep the folder and the reason; the message is "<folder> <reason>"."""
        super().__init__(f"{folder} {reason}")
        self.folder = folder
        self.reason = reason


class NoSafeRuntimeDir(PermissionError):
    """Every folder Desk Breaks could keep its lock and socket in was refused."""


def _owner(uid: int) -> str:
    try:
        import pwd

        return f"{pwd.getpwuid(uid).pw_name}, uid {uid}"
    except (ImportError, KeyError):
        return f"uid {uid}"


def check_private_folder(folder: Path, *, create: bool = False, tighten: bool = False) -> None:
    """Make sure ``folder`` is a real folder, owned by this user, that no one else may enter.

    The one check the app and the command line both run on every folder on the way to the
    lock and the command socket, so a folder another local user planted (in a shared temp
    folder, say) is never trusted: it is examined with ``lstat``, so a symbolic link is
    refused rather than followed. ``create`` makes a missing folder (mode 0700, parents as
    needed). ``tighten`` takes group and other access away from a folder of ours that they
    could only read (an older version or a loose umask made it); a folder others could
    *write* is refused, since anything could have been put in it.

    Raises :class:`UnsafeFolder` naming the folder and why, :class:`FileNotFoundError` when
    it is missing and ``create`` is False, and :class:`OSError` when it cannot be made.
    Outside POSIX only ``create`` applies (the folder sits in the user's own profile).
    """
    folder = Path(folder)
    if os.name != "posix":
        if create:
            folder.mkdir(parents=True, exist_ok=True)
        return
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        if not create:
            raise
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # made meanwhile: judge what is there
            os.mkdir(folder, 0o700)
        info = os.lstat(folder)
    if stat.S_ISLNK(info.st_mode):
        target = os.readlink(folder)
        raise UnsafeFolder(
            folder, Text("is a symbolic link (to {target}), not a folder", target=target)
        )
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeFolder(folder, Text("is not a folder"))
    if info.st_uid != os.getuid():
        owner = _owner(info.st_uid)
        raise UnsafeFolder(folder, Text("belongs to another user ({owner})", owner=owner))
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        if mode & 0o022:
            raise UnsafeFolder(
                folder,
                Text(
                    "can be changed by other users (permissions {mode}, not 0700)",
                    mode=f"{mode:04o}",
                ),
            )
        if not tighten:
            raise UnsafeFolder(
                folder,
                Text(
                    "can be opened by other users (permissions {mode}, not 0700)",
                    mode=f"{mode:04o}",
                ),
            )
        os.chmod(folder, 0o700)


# --- The runtime folder ------------------------------------------------------------------------


@dataclass(frozen=True)
class RuntimeCandidate:
    """A folder the lock and the socket could live in, and the folders to check for it.

    ``checks`` lists the folders to pass :func:`check_private_folder`, outermost first
    (``path`` last). ``ours`` means Desk Breaks names the folder itself, so it may create
    it and tighten its permissions; a folder the session provides is only checked.
    """

    path: Path
    checks: tuple[Path, ...]
    ours: bool


def runtime_dir_candidates(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    temp_dir: str | None = None,
    state_dir: Path | None = None,
) -> list[RuntimeCandidate]:
    """The folders for the lock and the socket, best first (arguments are for tests).

    Linux and BSD: the session's ``XDG_RUNTIME_DIR`` (with Flatpak, the folder in it that
    all of the app's instances share), when it is set and exists. Then, on every POSIX
    system, ``desk-breaks-<uid>`` in the temp folder (platformdirs warns and guesses when
    XDG_RUNTIME_DIR is unset, as in a bare ssh or su session), and last ``run`` in the
    user's own state folder (``state_dir``), for when another user has taken the temp
    folder's name. Windows: ``desk-breaks`` in ``%LOCALAPPDATA%``.
    """
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    temp = tempfile.gettempdir() if temp_dir is None else temp_dir
    if platform == "win32":
        base = Path(env.get("LOCALAPPDATA") or temp) / APP_DIR_NAME
        return [RuntimeCandidate(base, (), ours=True)]
    candidates: list[RuntimeCandidate] = []
    if platform.startswith("linux") or platform.endswith("bsd"):
        runtime = env.get("XDG_RUNTIME_DIR")
        if runtime and os.path.lexists(runtime):
            session = Path(runtime)
            flatpak_id = env.get("FLATPAK_ID")
            if flatpak_id:
                # Each `flatpak run` gets its own private XDG_RUNTIME_DIR; only this folder
                # is shared by all instances of the app, so a second launch (or the
                # command line) finds the running one there.
                shared = session / "app" / flatpak_id
                candidates.append(RuntimeCandidate(shared, (session, shared), ours=False))
            else:
                # The instance guard makes its own private sub-folder in it.
                candidates.append(RuntimeCandidate(session, (session,), ours=False))
    uid = os.getuid() if hasattr(os, "getuid") else 0
    in_temp = Path(temp) / f"{APP_DIR_NAME}-{uid}"
    candidates.append(RuntimeCandidate(in_temp, (in_temp,), ours=True))
    if state_dir is not None:
        in_state = Path(state_dir) / "run"
        candidates.append(RuntimeCandidate(in_state, (in_state,), ours=True))
    return candidates


def choose_runtime_dir(
    candidates: Sequence[RuntimeCandidate], *, create: bool
) -> tuple[Path, tuple[str, ...]]:
    """Return the first safe candidate and a notice for each one refused before it.

    The app (``create=True``) makes a missing folder of ours and uses it. The command line
    (``create=False``) changes nothing: it skips missing folders, since no app can run in
    one, and answers the first missing one when none exists (where an app would start, so
    "not running" is what it will find). Both walk the same candidates with the same
    check, so they agree on the folder. Raises :class:`NoSafeRuntimeDir`, whose message
    names every refused folder, when nothing is left.
    """
    refused: list[UnsafeFolder] = []
    first_missing: Path | None = None
    for candidate in candidates:
        try:
            for folder in candidate.checks:
                make = create and candidate.ours
                check_private_folder(folder, create=make, tighten=candidate.ours)
            # The private sub-folder the instance guard keeps its lock and socket in is ours
            # in every candidate: one another user planted (or a link) rules the candidate
            # out here, so the app moves on to the next instead of failing to start.
            folder = candidate.path / APP_DIR_NAME
            check_private_folder(folder, create=create, tighten=True)
        except FileNotFoundError:
            if first_missing is None:
                first_missing = candidate.path
            continue
        except UnsafeFolder as exc:
            refused.append(exc)
            continue
        except OSError as exc:
            why = Text("could not be made ({error})", error=exc.strerror or exc)
            refused.append(UnsafeFolder(folder, why))
            continue
        return candidate.path, _refusal_notices(refused, candidate.path)
    if first_missing is not None and not create:
        return first_missing, _refusal_notices(refused, first_missing)
    reasons = " ".join(
        tr("{folder} {reason}.", "folder", folder=exc.folder, reason=exc.reason) for exc in refused
    )
    raise NoSafeRuntimeDir(
        tr(
            "there is no safe folder for the lock and the command socket. {reasons} "
            "Remove or fix one of these folders, then start Desk Breaks again.",
            reasons=reasons,
        )
    )


def _refusal_notices(refused: Sequence[UnsafeFolder], chosen: Path) -> tuple[str, ...]:
    return tuple(
        Text(
            "Desk Breaks did not use {folder} for its lock and command socket because it "
            "{reason}; it uses {chosen} instead.",
            folder=exc.folder,
            reason=exc.reason,
            chosen=chosen,
        )
        for exc in refused
    )
