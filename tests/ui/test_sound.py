"""Sound cues: silent and explained when sound cannot play, real QSoundEffect when it can.

The real-path tests need PySide6-Addons (``pip install '.[sound]'``) and libpulse0; without
them they are skipped and the fake paths still run. This machine has no sound server, so
the real player is expected to fall silent with a reason rather than crash.
"""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
import wave
from array import array
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import desk_breaks
from desk_breaks.ui import sound
from desk_breaks.ui.sound import Cue, CuePlayer, SoundEffectPlayer, make_cue_player, probe_sound

ROOT = Path(__file__).resolve().parents[2]
SOUNDS = desk_breaks.assets_dir() / "sounds"

sys.path.insert(0, str(ROOT / "packaging"))
import make_sounds  # noqa: E402

sys.path.pop(0)


def _no_multimedia(message: str, kind: type[ImportError] = ImportError) -> Callable[[], None]:
    def fail() -> None:
        raise kind(message)

    return fail


def test_disabled_or_muted_cues_are_silent_without_touching_qtmultimedia(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sound, "_import_multimedia", _no_multimedia("must not be imported"))
    off = make_cue_player(False, 60)
    assert type(off) is CuePlayer and not off.audible
    assert off.reason == "sound cues are turned off in the settings"
    off.play(Cue.START)  # does nothing, raises nothing
    muted = make_cue_player(True, 0)
    assert muted.reason == "the sound volume is set to zero"


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (
            ModuleNotFoundError("No module named 'PySide6.QtMultimedia'"),
            "QtMultimedia is not installed (pip install 'desk-breaks[sound]')",
        ),
        (
            ImportError("libpulse.so.0: cannot open shared object file: No such file"),
            "the PulseAudio client library (libpulse.so.0) is missing; "
            "install the libpulse0 package",
        ),
        (ImportError("something odd"), "QtMultimedia cannot be loaded (something odd)"),
    ],
    ids=["no-addons", "no-libpulse", "other"],
)
def test_missing_pieces_give_a_silent_player_and_a_human_reason(
    monkeypatch: pytest.MonkeyPatch, error: ImportError, reason: str
) -> None:
    monkeypatch.setattr(sound, "_import_multimedia", _no_multimedia(str(error), type(error)))
    assert probe_sound() == reason
    player = make_cue_player(True, 60)
    assert type(player) is CuePlayer and player.reason == reason
    player.play(Cue.END)


def test_importing_the_session_does_not_load_qtmultimedia() -> None:
    code = (
        "import sys\n"
        "import desk_breaks.ui.session_dialog\n"
        "from desk_breaks.ui.sound import make_cue_player\n"
        "make_cue_player(False, 60)\n"
        "print('PySide6.QtMultimedia' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "False"


# -- the cue files ---------------------------------------------------------------------------


def _frames(data: bytes) -> tuple[wave._wave_params, array[int]]:
    with wave.open(io.BytesIO(data)) as wav:
        params = wav.getparams()
        samples = array("h", wav.readframes(params.nframes))
    return params, samples


@pytest.mark.parametrize("cue", list(Cue), ids=lambda c: c.value)
def test_cue_file_is_what_the_script_makes_and_is_soft(cue: Cue) -> None:
    shipped = (SOUNDS / f"{cue.value}.wav").read_bytes()
    params, samples = _frames(shipped)
    made_params, made = _frames(make_sounds.wav_bytes(cue.value))
    assert params == made_params
    # Equal up to the last bit of rounding (libm may differ by an ulp between machines).
    assert max(abs(a - b) for a, b in zip(samples, made, strict=True)) <= 1
    assert (params.nchannels, params.sampwidth) == (1, 2)
    seconds = params.nframes / params.framerate
    assert 0.3 <= seconds <= 1.5
    peak = max(abs(s) for s in samples) / 32767
    assert 0.15 <= peak <= 0.3  # audible but never loud
    # Fades in and out: no click at either end.
    assert abs(samples[0]) < 200 and abs(samples[-1]) < 50


def test_the_four_cues_are_distinct() -> None:
    lengths = {cue: _frames((SOUNDS / f"{cue.value}.wav").read_bytes())[0].nframes for cue in Cue}
    notes = {cue: len(make_sounds.CUES[cue.value]) for cue in Cue}
    assert notes[Cue.HOLD] == 1 and notes[Cue.END] == 3
    assert make_sounds.CUES["start"][0][1] < make_sounds.CUES["start"][1][1]  # rises
    assert make_sounds.CUES["release"][0][1] > make_sounds.CUES["release"][1][1]  # falls
    assert lengths[Cue.END] == max(lengths.values())


def test_the_script_check_mode_agrees(tmp_path: Path) -> None:
    assert make_sounds.main(["--out", str(tmp_path)]) == 0
    assert make_sounds.main(["--check", "--out", str(tmp_path)]) == 0
    (tmp_path / "hold.wav").write_bytes(b"not a wav")
    assert make_sounds.main(["--check", "--out", str(tmp_path)]) == 1


# -- the real QtMultimedia path ----------------------------------------------------------------

# QtMultimedia's start-up talk on a machine without a sound server: optional libraries it
# looks for (PipeWire, VA-API), the refused PulseAudio connection, the unplayable device.
quiet_multimedia = pytest.mark.qt_log_ignore(
    r"Couldn't (load|resolve) .* (library|symbols)", "PulseAudioService", "QSoundEffect"
)

needs_multimedia = pytest.mark.skipif(
    importlib.util.find_spec("PySide6.QtMultimedia") is None,
    reason="PySide6-Addons is not installed (pip install '.[sound]')",
)


def _has_audio_output() -> bool:
    from PySide6.QtMultimedia import QMediaDevices

    return bool(QMediaDevices.audioOutputs())


@needs_multimedia
@quiet_multimedia
def test_probe_speaks_for_this_machine(qtbot: QtBot) -> None:
    reason = probe_sound()
    if _has_audio_output():
        assert reason is None
    else:
        assert reason == "no audio output was found"
        assert not make_cue_player(True, 60).audible


@needs_multimedia
@quiet_multimedia
def test_real_player_loads_the_cues_and_degrades_without_a_sound_server(qtbot: QtBot) -> None:
    player = SoundEffectPlayer(60, SOUNDS)
    effect = player.effect(Cue.HOLD)
    assert effect is not None
    assert effect.source().toLocalFile() == str(SOUNDS / "hold.wav")
    assert 0.0 < effect.volume() < 0.6  # 60 % on a perceptual scale is a lower linear gain
    player.play(Cue.HOLD)
    if _has_audio_output():
        assert player.audible
        return
    qtbot.waitUntil(lambda: player.reason is not None, timeout=5000)
    assert player.reason == "the sound device refused to play the cues"
    assert player.effect(Cue.HOLD) is None
    player.play(Cue.END)  # silent from now on, no error


@needs_multimedia
@quiet_multimedia
def test_a_missing_cue_file_makes_a_silent_player(tmp_path: Path, qtbot: QtBot) -> None:
    player = SoundEffectPlayer(60, tmp_path)
    assert player.reason is not None and "start.wav" in player.reason
    player.play(Cue.START)
