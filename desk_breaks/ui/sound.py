"""Soft sound cues at a session's phase changes, when the machine can play them.

Sound is optional. It needs QtMultimedia (in PySide6-Addons: ``pip install
'desk-breaks[sound]'``), on Linux the PulseAudio client library (``libpulse.so.0``, which
QtMultimedia links against), and an audio output. :func:`probe_sound` says in words why
sound cannot play (for the settings view), and :func:`make_cue_player` returns a silent
player whenever cues are off or cannot play, so the session never depends on sound.

QtMultimedia is imported only here and only when a player is made with sound enabled
(or when probing): it costs memory the idle tray app should not pay.

The cue files in ``assets/sounds/`` are written by ``packaging/make_sounds.py``.
"""

from __future__ import annotations

import enum
import logging
from pathlib import Path
from types import ModuleType
from typing import Any

from PySide6.QtCore import QObject, QUrl

from desk_breaks import assets_dir
from desk_breaks.core.i18n import tr

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'desk-breaks[sound]'"


class Cue(enum.Enum):
    """The moments a session marks with a sound."""

    START = "start"
    """An exercise, or its second side, begins (get ready)."""
    HOLD = "hold"
    """Go into the position, or breathe in."""
    RELEASE = "release"
    """Let go, rest, or breathe out."""
    END = "end"
    """The session is done."""


def _import_multimedia() -> ModuleType:
    """Import QtMultimedia (a separate function so tests can make it fail)."""
    from PySide6 import QtMultimedia

    return QtMultimedia


def _why_not_importable(exc: ImportError) -> str:
    text = str(exc)
    if "libpulse" in text:
        return tr(
            "the PulseAudio client library (libpulse.so.0) is missing; "
            "install the libpulse0 package"
        )
    if isinstance(exc, ModuleNotFoundError) or "QtMultimedia" in text:
        return tr("QtMultimedia is not installed ({hint})", hint=INSTALL_HINT)
    return tr("QtMultimedia cannot be loaded ({error})", error=text)


def probe_sound() -> str | None:
    """Return None when sound cues can play, else the reason, for a person to read.

    Imports QtMultimedia: call it when the settings are shown or a session opens, not
    at start-up.
    """
    try:
        multimedia = _import_multimedia()
    except ImportError as exc:
        return _why_not_importable(exc)
    if not multimedia.QMediaDevices.audioOutputs():
        return tr("no audio output was found")
    return None


class CuePlayer(QObject):
    """Plays cues; this base class is the silent player.

    :attr:`reason` says why it is silent (None for a player that makes sound).
    """

    def __init__(self, reason: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reason = reason

    @property
    def reason(self) -> str | None:
        """Why no sound is played, or None when cues are audible."""
        return self._reason

    @property
    def audible(self) -> bool:
        """Whether cues make a sound."""
        return self._reason is None

    def play(self, cue: Cue) -> None:
        """Play ``cue`` (the silent player does nothing)."""


class SoundEffectPlayer(CuePlayer):
    """Plays the cue WAVs through QSoundEffect at a fixed volume.

    The effects load when the player is made, so the first cue is not late. If an effect
    fails (no sound server, an unplayable device), the player falls silent for good and
    logs why once; the session carries on.
    """

    def __init__(self, volume_pct: int, sounds_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(None, parent)
        multimedia = _import_multimedia()
        self._error_status = multimedia.QSoundEffect.Status.Error
        level = max(0, min(100, volume_pct)) / 100
        # People hear loudness logarithmically; QSoundEffect takes a linear gain.
        gain = multimedia.QAudio.convertVolume(
            level,
            multimedia.QAudio.VolumeScale.LogarithmicVolumeScale,
            multimedia.QAudio.VolumeScale.LinearVolumeScale,
        )
        self._effects: dict[Cue, Any] = {}
        for cue in Cue:
            path = sounds_dir / f"{cue.value}.wav"
            if not path.is_file():
                self._fall_silent(tr("the sound file {path} is missing", path=path))
                return
            effect = multimedia.QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            effect.setVolume(gain)
            effect.statusChanged.connect(self._check_status)
            self._effects[cue] = effect

    def effect(self, cue: Cue) -> Any:
        """The QSoundEffect for ``cue`` (None once the player has fallen silent)."""
        return self._effects.get(cue)

    def play(self, cue: Cue) -> None:
        """Play ``cue`` from its start, cutting off any other cue still sounding."""
        if self._reason is not None:
            return
        for other in self._effects.values():
            if other.isPlaying():
                other.stop()
        self._effects[cue].play()

    def _check_status(self) -> None:
        for effect in self._effects.values():
            if effect.status() == self._error_status:
                self._fall_silent(tr("the sound device refused to play the cues"))
                return

    def _fall_silent(self, reason: str) -> None:
        if self._reason is None:
            self._reason = reason
            log.info("sound cues are off: %s", reason)
        for effect in self._effects.values():
            effect.stop()
        self._effects.clear()


def make_cue_player(
    enabled: bool,
    volume_pct: int,
    *,
    sounds_dir: Path | None = None,
    parent: QObject | None = None,
) -> CuePlayer:
    """Return a player for a session: audible when enabled and possible, else silent.

    A silent player's :attr:`CuePlayer.reason` says why (cues turned off in the settings,
    volume at zero, QtMultimedia or an audio output missing).
    """
    if not enabled:
        return CuePlayer(tr("sound cues are turned off in the settings"), parent)
    if volume_pct <= 0:
        return CuePlayer(tr("the sound volume is set to zero"), parent)
    reason = probe_sound()
    if reason is not None:
        log.info("sound cues are off: %s", reason)
        return CuePlayer(reason, parent)
    folder = sounds_dir if sounds_dir is not None else assets_dir() / "sounds"
    return SoundEffectPlayer(volume_pct, folder, parent)


__all__ = ["Cue", "CuePlayer", "SoundEffectPlayer", "make_cue_player", "probe_sound"]
