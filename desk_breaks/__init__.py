"""Desk Breaks: a gentle tray coach for short neck and upper-back breaks."""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

APP_NAME = "Desk Breaks"
APP_ID = "io.github.deskbreaks.DeskBreaks"


def assets_dir() -> Path:
    """Return the folder that holds the shipped assets.

    An installed wheel and a frozen bundle carry them inside the package
    (``desk_breaks/assets``); a source checkout keeps them at the top of the repository.
    The same two-step lookup serves all three.
    """
    package = Path(__file__).resolve().parent
    for candidate in (package / "assets", package.parent / "assets"):
        if (candidate / "routines").is_dir():
            return candidate
    raise FileNotFoundError(f"Desk Breaks cannot find its assets next to {package}")
