"""Start at login on Linux and other XDG desktops: a ``.desktop`` file in the autostart folder.

GNOME, KDE Plasma, Xfce, Cinnamon, MATE, LXQt and systemd's xdg-autostart-generator all
read ``$XDG_CONFIG_HOME/autostart/*.desktop`` (the XDG Autostart specification). A file of
the same name there also overrides one in a system folder (``$XDG_CONFIG_DIRS/autostart``,
e.g. one a distribution package installed), which is how :meth:`XdgAutostart.disable`
turns off an entry it does not own: a user file with ``Hidden=true``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from desk_breaks import APP_ID, APP_NAME, assets_dir
from desk_breaks.core.i18n import tr
from desk_breaks.desktop.autostart import AutostartError, write_atomically

__all__ = ["XdgAutostart", "desktop_entry", "exec_line"]

FILE_NAME = f"{APP_ID}.desktop"

# Characters the Desktop Entry specification reserves in Exec: an argument that holds one
# must be quoted, and inside the quotes these four take a backslash.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = {'"', "`", "$", "\\"}


def _quote_argument(arg: str) -> str:
    if arg and not (set(arg) & _RESERVED):
        return arg
    inner = "".join(f"\\{c}" if c in _ESCAPED_IN_QUOTES else c for c in arg)
    return f'"{inner}"'


def exec_line(argv: Sequence[str]) -> str:
    r"""Return the ``Exec`` value for ``argv``, escaped as the Desktop Entry spec asks.

    Three layers: arguments with reserved characters are double-quoted (``"``, `````,
    ``$`` and ``\\`` get a backslash inside), ``%`` becomes ``%%`` (field codes), and,
    since the value is a string value, every backslash is doubled once more.
    """
    if not argv:
        raise ValueError("the launch command is empty")
    quoted = " ".join(_quote_argument(a).replace("%", "%%") for a in argv)
    return quoted.replace("\\", "\\\\")


def _string_value(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def desktop_entry(argv: Sequence[str], icon: str | None) -> str:
    """Return the text of our autostart ``.desktop`` file."""
    lines = [
        "# Written by Desk Breaks (Settings > Start at login, or `desk-breaks autostart off`).",
        "[Desktop Entry]",
        "Type=Application",
        f"Name={_string_value(APP_NAME)}",
        "GenericName=Break reminder",
        "Comment=Gentle reminders for short neck and upper-back breaks",
        f"Exec={exec_line(argv)}",
    ]
    if icon:
        lines.append(f"Icon={_string_value(icon)}")
    lines += [
        "Terminal=false",
        "StartupNotify=false",
        "X-GNOME-Autostart-enabled=true",
    ]
    return "\n".join(lines) + "\n"


def _read_entry(path: Path) -> dict[str, str] | None:
    """Return the ``[Desktop Entry]`` keys of ``path``, or None when it does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError) as exc:
        said = tr("cannot read the autostart entry {path}: {error}", path=path, error=exc)
        raise AutostartError(said) from exc
    keys: dict[str, str] = {}
    group = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
            continue
        if group == "Desktop Entry" and "=" in line:
            key, _, value = line.partition("=")
            keys[key.strip()] = value.strip()
    return keys


def _entry_enabled(keys: dict[str, str]) -> bool:
    return (
        keys.get("Hidden", "false").lower() != "true"
        and keys.get("X-GNOME-Autostart-enabled", "true").lower() != "false"
    )


def _default_config_home() -> Path:
    value = os.environ.get("XDG_CONFIG_HOME", "")
    # The spec says a relative value is invalid and must be ignored.
    return Path(value) if os.path.isabs(value) else Path.home() / ".config"


def _default_config_dirs() -> list[Path]:
    value = os.environ.get("XDG_CONFIG_DIRS", "") or "/etc/xdg"
    return [Path(p) for p in value.split(":") if os.path.isabs(p)]


def _default_icon() -> str | None:
    try:
        icon = assets_dir() / "icons" / "desk-breaks.svg"
    except FileNotFoundError:
        return None
    return str(icon) if icon.is_file() else None


class XdgAutostart:
    """:class:`~desk_breaks.desktop.autostart.Autostart` through an XDG autostart file."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        config_home: Path | None = None,
        config_dirs: Sequence[Path] | None = None,
        icon: str | None = "",
    ) -> None:
        """Manage ``config_home/autostart/<APP_ID>.desktop`` starting ``command``.

        ``config_home`` defaults to ``$XDG_CONFIG_HOME`` (else ``~/.config``) and
        ``config_dirs`` to ``$XDG_CONFIG_DIRS`` (else ``/etc/xdg``), read now. ``icon`` is an
        icon name or absolute path; the default (``""``) is the shipped SVG, None omits it.
        """
        self._command = list(command)
        home = config_home if config_home is not None else _default_config_home()
        self.path = home / "autostart" / FILE_NAME
        dirs = config_dirs if config_dirs is not None else _default_config_dirs()
        self._system_paths = [d / "autostart" / FILE_NAME for d in dirs]
        self._icon = _default_icon() if icon == "" else icon

    @property
    def location(self) -> str:
        """The autostart file's path."""
        return str(self.path)

    def _system_entry(self) -> dict[str, str] | None:
        for path in self._system_paths:
            keys = _read_entry(path)
            if keys is not None:
                return keys
        return None

    def is_enabled(self) -> bool:
        """Whether the effective entry (ours, else a system one) exists and is not hidden."""
        keys = _read_entry(self.path)
        if keys is None:
            keys = self._system_entry()
        return keys is not None and _entry_enabled(keys)

    def enable(self) -> None:
        """Write our entry with the current launch command (replacing an older one)."""
        self._write(desktop_entry(self._command, self._icon))

    def disable(self) -> None:
        """Remove our entry; hide a system-wide one of the same name with ``Hidden=true``."""
        system = self._system_entry()
        if system is not None and _entry_enabled(system):
            self._write(desktop_entry(self._command, None) + "Hidden=true\n")
            return
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            said = tr(
                "cannot remove the autostart entry {path}: {error}", path=self.path, error=exc
            )
            raise AutostartError(said) from exc

    def _write(self, text: str) -> None:
        try:
            write_atomically(self.path, text.encode("utf-8"), mode=0o644)
        except OSError as exc:
            said = tr("cannot write the autostart entry {path}: {error}", path=self.path, error=exc)
            raise AutostartError(said) from exc
