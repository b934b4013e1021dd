"""Write the session's sound cues to ``assets/sounds/`` (made for Desk Breaks, no samples).

    python3 packaging/make_sounds.py            # rewrite the four WAV files
    python3 packaging/make_sounds.py --check    # exit 1 if a file differs from what it makes

Each cue is a few soft sine "bell" partials with a quick fade-in and a long exponential
fade-out, quiet on purpose (peak about -12 dBFS), so a cue is noticed without startling:

- start:   two notes rising (a new exercise or side begins)
- hold:    one warm note (hold the position, or breathe in)
- release: two notes falling (let go, or breathe out)
- end:     three notes rising into a chord (the session is done)

The output is deterministic (no randomness, fixed rounding), so ``--check`` and the test
``tests/ui/test_sound.py`` can tell whether the shipped files are what this script makes.
Standard library only.
"""

from __future__ import annotations

import argparse
import io
import math
import struct
import sys
import wave
from pathlib import Path

RATE = 22_050
"""Samples per second: plenty for soft tones below 2 kHz, and small files."""

PEAK = 0.25
"""Loudest sample, as a part of full scale (about -12 dBFS)."""

# (start in seconds, frequency in Hz, length in seconds) for each note of each cue.
CUES: dict[str, tuple[tuple[float, float, float], ...]] = {
    "start": ((0.0, 659.25, 0.45), (0.14, 880.0, 0.55)),  # E5 then A5
    "hold": ((0.0, 587.33, 0.6),),  # D5
    "release": ((0.0, 880.0, 0.45), (0.16, 659.25, 0.6)),  # A5 then E5
    "end": ((0.0, 523.25, 0.9), (0.16, 659.25, 0.9), (0.32, 783.99, 1.1)),  # C5 E5 G5
}

# A bell-like tone: the fundamental plus two quiet overtones that die away faster.
PARTIALS = ((1.0, 1.0, 1.0), (2.0, 0.28, 1.8), (3.0, 0.1, 2.6))
"""(frequency multiple, loudness, how many times faster it fades)."""

ATTACK_S = 0.012
"""Fade-in: long enough to avoid a click, short enough to sound like a soft strike."""


def note(t: float, freq: float, length: float) -> float:
    """Return one note's sample at ``t`` seconds after it starts."""
    if t < 0 or t >= length:
        return 0.0
    attack = min(1.0, t / ATTACK_S)
    tail = min(1.0, (length - t) / 0.05)  # reach exact silence at the end, no click
    value = 0.0
    for multiple, loudness, speed in PARTIALS:
        decay = math.exp(-t * speed * 5.0 / length)
        value += loudness * decay * math.sin(2 * math.pi * freq * multiple * t)
    return value * attack * tail


def render(notes: tuple[tuple[float, float, float], ...]) -> bytes:
    """Return the cue as 16-bit mono PCM frames."""
    total = max(start + length for start, _, length in notes)
    count = round(total * RATE)
    samples = [
        sum(note(i / RATE - start, freq, length) for start, freq, length in notes)
        for i in range(count)
    ]
    loudest = max(abs(s) for s in samples) or 1.0
    scale = PEAK * 32767 / loudest
    return b"".join(struct.pack("<h", round(s * scale)) for s in samples)


def wav_bytes(name: str) -> bytes:
    """Return the complete WAV file for cue ``name``."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(render(CUES[name]))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Write (or check) every cue."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "assets" / "sounds",
        help="folder for the WAV files (default: assets/sounds)",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    stale = []
    for name in CUES:
        path = args.out / f"{name}.wav"
        data = wav_bytes(name)
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(path.name)
        else:
            path.write_bytes(data)
            print(f"wrote {path} ({len(data) // 1024} KiB)")
    if stale:
        print(f"out of date: {', '.join(stale)} (run packaging/make_sounds.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
