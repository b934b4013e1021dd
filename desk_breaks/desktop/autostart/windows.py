r"""Start at login on Windows: a value under the current user's ``Run`` registry key.

``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`` needs no administrator rights
and is what Settings > Apps > Startup and Task Manager's Startup tab list. When the user
turns an entry off there, Windows keeps the Run value and records the choice under
``...\\Explorer\\StartupApproved\\Run`` (first byte of a binary value: even = on,
odd = off); :meth:`RegistryAutostart.is_enabled` honours it, and enabling from Desk Breaks
removes that override so the user's explicit choice in our settings wins.

The registry module is injected (``winreg`` by default, imported when first needed) so
the logic runs and is tested on any OS against a fake.
"""

from __future__ import annotations

import importlib
import subprocess
from collections.abc import Sequence
from typing import Any

from desk_breaks import APP_NAME
from desk_breaks.core.i18n import tr
from desk_breaks.desktop.autostart import AutostartError

__all__ = ["APPROVED_KEY", "RUN_KEY", "RegistryAutostart"]

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
APPROVED_KEY = r"Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"


class RegistryAutostart:
    """:class:`~desk_breaks.desktop.autostart.Autostart` through the HKCU ``Run`` key."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        registry: Any = None,
        run_key: str = RUN_KEY,
        approved_key: str = APPROVED_KEY,
        value_name: str = APP_NAME,
    ) -> None:
        """Manage the ``value_name`` value of ``run_key`` under HKEY_CURRENT_USER.

        ``registry`` is the ``winreg`` module or a stand-in with the same functions.
        """
        self._command = subprocess.list2cmdline(list(command))
        self._registry = registry
        self._run_key = run_key
        self._approved_key = approved_key
        self.value_name = value_name

    @property
    def _reg(self) -> Any:
        if self._registry is None:
            self._registry = importlib.import_module("winreg")
        return self._registry

    @property
    def location(self) -> str:
        """The registry value, as regedit would show its path."""
        return f"HKEY_CURRENT_USER\\{self._run_key}\\{self.value_name}"

    def _query(self, key_path: str) -> Any:
        reg = self._reg
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, key_path, 0, reg.KEY_READ) as key:
                value, _kind = reg.QueryValueEx(key, self.value_name)
                return value
        except FileNotFoundError:
            return None

    def is_enabled(self) -> bool:
        """Whether our Run value exists and Task Manager has not turned it off."""
        try:
            if self._query(self._run_key) is None:
                return False
            approved = self._query(self._approved_key)
        except OSError as exc:
            raise AutostartError(
                tr("cannot read {path}: {error}", path=self.location, error=exc)
            ) from exc
        # Absent, or a first byte that is even (2, 6): on. Odd (3, 7): the user turned it off.
        return not (isinstance(approved, bytes | bytearray) and approved and approved[0] & 1)

    def enable(self) -> None:
        """Set our Run value to the launch command and drop a Task Manager 'off' flag."""
        reg = self._reg
        try:
            with reg.CreateKeyEx(reg.HKEY_CURRENT_USER, self._run_key, 0, reg.KEY_SET_VALUE) as key:
                reg.SetValueEx(key, self.value_name, 0, reg.REG_SZ, self._command)
            self._delete(self._approved_key)
        except OSError as exc:
            raise AutostartError(
                tr("cannot write {path}: {error}", path=self.location, error=exc)
            ) from exc

    def disable(self) -> None:
        """Delete our Run value (and its Task Manager flag); other values stay."""
        try:
            self._delete(self._run_key)
            self._delete(self._approved_key)
        except OSError as exc:
            raise AutostartError(
                tr("cannot remove {path}: {error}", path=self.location, error=exc)
            ) from exc

    def _delete(self, key_path: str) -> None:
        reg = self._reg
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, key_path, 0, reg.KEY_SET_VALUE) as key:
                reg.DeleteValue(key, self.value_name)
        except FileNotFoundError:
            pass
