"""A small TOML writer for the shapes settings use (the standard library only reads TOML).

Written for :mod:`desk_breaks.core.settings_file`: plain values, tables and arrays of
tables, with times as quoted ``"HH:MM"`` so that Python's TOML 1.0 reader reads them back.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from typing import Any

_HEADER = (
    "# Desk Breaks settings. Every value is written out, so this file documents itself.\n"
    "# You may edit it while the app runs; changes are checked and applied on save.\n"
    "# Times are HH:MM (seconds allowed: HH:MM:SS); weekdays are mon, tue, ... sun.\n\n"
)


def dumps(data: Mapping[str, Any]) -> str:
    """Return ``data`` as TOML: scalars first, then tables, then arrays of tables."""
    lines: list[str] = []
    _write_table(lines, data, prefix="")
    return _HEADER + "\n".join(lines).strip() + "\n"


def _write_table(lines: list[str], table: Mapping[str, Any], prefix: str) -> None:
    scalars = {k: v for k, v in table.items() if not _is_table(v) and not _is_table_list(v)}
    tables = {k: v for k, v in table.items() if _is_table(v)}
    table_lists = {k: v for k, v in table.items() if _is_table_list(v)}
    for key, value in scalars.items():
        lines.append(f"{_key(key)} = {_value(value)}")
    for key, value in tables.items():
        name = f"{prefix}{_key(key)}"
        lines.extend(["", f"[{name}]"])
        _write_table(lines, value, prefix=f"{name}.")
    for key, items in table_lists.items():
        name = f"{prefix}{_key(key)}"
        for item in items:
            lines.extend(["", f"[[{name}]]"])
            _write_table(lines, item, prefix=f"{name}.")


def _is_table(value: Any) -> bool:
    return isinstance(value, Mapping)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _key(key: str) -> str:
    if key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key):
        return key
    return _string(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, time):
        # A quoted "HH:MM": TOML 1.0 (what Python reads) has no time without seconds.
        return _string(value.strftime("%H:%M:%S" if value.second else "%H:%M"))
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _string(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\t", "\\t")
        .replace("\r", "\\r")
    )
    # TOML forbids raw control characters, DEL included, inside basic strings.
    escaped = "".join(c if " " <= c != "\x7f" else f"\\u{ord(c):04x}" for c in escaped)
    return f'"{escaped}"'
