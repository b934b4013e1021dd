#!/usr/bin/env python3
"""Render the installable icons from the SVGs in ``assets/icons``.

    python packaging/icons.py           # (re)write every generated icon
    python packaging/icons.py --check   # exit 1 if a committed icon is missing or stale

Writes, all named after the application id:

- ``linux/icons/hicolor/<N>x<N>/apps/<APP_ID>.png`` for N in 16 ... 512, and
  ``scalable/apps/<APP_ID>.svg`` (the app icon);
- ``linux/icons/hicolor/scalable/status/<APP_ID>-<state>.svg``: the tray icons under theme
  names, for tray hosts and desktops that look icons up by name;
- ``windows/desk-breaks.ico`` (16 ... 256 px) and ``macos/desk-breaks.icns`` (16 ... 1024 px)
  for the PyInstaller builds.

The symbolic tray icons (``hicolor/symbolic/status/*-symbolic.svg``) are drawn by hand, not
generated: a one-colour glyph is a design of its own, not a filter over the full-colour one.

The outputs are committed (see ``packaging/README.md``); ``--check`` (run by the test suite)
re-renders in memory and compares pixels, so the committed files cannot drift from the SVGs.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Qt is imported when icons are rendered, not when the module is loaded.
    from PySide6.QtGui import QImage

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from desk_breaks import APP_ID  # noqa: E402

SOURCE = ROOT / "assets" / "icons"
HICOLOR = HERE / "linux" / "icons" / "hicolor"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
TRAY_STATES = ("active", "due", "snoozed", "paused")
# Antialiasing may move by a step or two between Qt releases; a real change moves far more.
PIXEL_TOLERANCE = 8


@dataclass(frozen=True)
class Output:
    """One generated file: a raster rendering at ``sizes`` or a verbatim copy of ``source``."""

    path: Path
    source: Path
    sizes: tuple[int, ...] = ()

    @property
    def is_copy(self) -> bool:
        """Whether the output is the source SVG itself, under its installed name."""
        return not self.sizes


def outputs() -> Iterator[Output]:
    """Every file this script owns."""
    app_svg = SOURCE / "desk-breaks.svg"
    for size in PNG_SIZES:
        yield Output(HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png", app_svg, (size,))
    yield Output(HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg", app_svg)
    for state in TRAY_STATES:
        yield Output(
            HICOLOR / "scalable" / "status" / f"{APP_ID}-{state}.svg",
            SOURCE / f"tray-{state}.svg",
        )
    yield Output(HERE / "windows" / "desk-breaks.ico", app_svg, ICO_SIZES)
    yield Output(HERE / "macos" / "desk-breaks.icns", app_svg, ICNS_SIZES)


def _render(svg: Path, size: int) -> QImage:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def _qapp() -> object:
    # QSvgRenderer wants a QGuiApplication for its font database even for text-free SVGs.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication([sys.argv[0]])


def _png(image: QImage) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # For PNG, Qt's quality 0 means zlib's strongest compression (100 would store raw).
    if not image.save(buffer, "PNG", 0):
        raise OSError("cannot encode a PNG")
    buffer.close()
    return bytes(data.data())


# Qt's ico and icns writers store one image per file; both containers are simple enough
# to assemble from PNGs here (PNG entries: Windows Vista and macOS 10.7 onwards).
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}
ICNS_RETINA = {32: b"ic11", 64: b"ic12", 256: b"ic13", 512: b"ic14", 1024: b"ic10"}


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO file holding one PNG per size (a size of 256 is written as 0, as ICO wants)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
        blobs += png
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file: each PNG under its 1x type and, where one exists, its 2x type."""
    body = b""
    for size, png in sorted(pngs.items()):
        for table in (ICNS_TYPES, ICNS_RETINA):
            if size in table:
                body += table[size] + struct.pack(">I", 8 + len(png)) + png
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def read_container(path: Path) -> list[bytes]:
    """The PNG images inside an ICO or ICNS file written by this script."""
    data = path.read_bytes()
    if path.suffix == ".ico":
        _, kind, count = struct.unpack_from("<HHH", data, 0)
        if kind != 1:
            raise ValueError(f"{path} is not an icon file")
        images = []
        for index in range(count):
            size, offset = struct.unpack_from("<II", data, 6 + 16 * index + 8)
            images.append(data[offset : offset + size])
        return images
    if data[:4] != b"icns" or struct.unpack_from(">I", data, 4)[0] != len(data):
        raise ValueError(f"{path} is not an icns file")
    images, position = [], 8
    while position < len(data):
        kind, length = (
            data[position : position + 4],
            struct.unpack_from(">I", data, position + 4)[0],
        )
        if kind in ICNS_TYPES.values() or kind == ICNS_RETINA[1024]:
            images.append(data[position + 8 : position + length])  # other 2x types repeat
        position += length
    return images


def write(output: Output) -> None:
    """Write one output file."""
    output.path.parent.mkdir(parents=True, exist_ok=True)
    if output.is_copy:
        output.path.write_bytes(output.source.read_bytes())
        return
    pngs = {size: _png(_render(output.source, size)) for size in output.sizes}
    if output.path.suffix == ".png":
        output.path.write_bytes(pngs[output.sizes[0]])
    elif output.path.suffix == ".ico":
        output.path.write_bytes(ico_bytes(pngs))
    else:
        output.path.write_bytes(icns_bytes(pngs))


def stale(output: Output) -> str | None:
    """Say why the committed ``output`` differs from a fresh rendering, or ``None``."""
    if not output.path.is_file():
        return "missing"
    if output.is_copy:
        same = output.path.read_bytes() == output.source.read_bytes()
        return None if same else f"differs from {output.source.relative_to(ROOT)}"
    from PySide6.QtGui import QImage

    try:
        blobs = (
            [output.path.read_bytes()]
            if output.path.suffix == ".png"
            else read_container(output.path)
        )
    except (ValueError, struct.error) as exc:
        return f"unreadable: {exc}"
    found: dict[int, QImage] = {}
    for blob in blobs:
        image = QImage.fromData(blob)
        if image.isNull():
            return "holds an image that is not a PNG"
        if image.width() != image.height():
            return f"not square: {image.width()}x{image.height()}"
        found[image.width()] = image
    if sorted(found) != sorted(output.sizes):
        return f"holds sizes {sorted(found)}, expected {sorted(output.sizes)}"
    for size in output.sizes:
        difference = _max_difference(found[size], _render(output.source, size))
        if difference > PIXEL_TOLERANCE:
            return f"{size} px rendering differs from the SVG (by up to {difference}/255)"
    return None


def _max_difference(a: QImage, b: QImage) -> int:
    from PySide6.QtGui import QImage

    a = a.convertToFormat(QImage.Format.Format_RGBA8888)
    b = b.convertToFormat(QImage.Format.Format_RGBA8888)
    left = bytes(a.constBits())
    right = bytes(b.constBits())
    if len(left) != len(right):
        return 255
    return max((abs(x - y) for x, y in zip(left, right, strict=True)), default=0)


def main(argv: list[str] | None = None) -> int:
    """Write the icons, or with ``--check`` report the stale ones."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale icons")
    args = parser.parse_args(argv)
    _qapp()
    if args.check:
        problems = [(o, stale(o)) for o in outputs()]
        bad = [f"{o.path.relative_to(ROOT)}: {why}" for o, why in problems if why]
        for line in bad:
            print(line, file=sys.stderr)
        if bad:
            print("run: python packaging/icons.py", file=sys.stderr)
        return 1 if bad else 0
    for output in outputs():
        write(output)
        print(output.path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
