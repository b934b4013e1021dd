"""The installable icons: every size, the tray states, and no drift from the SVGs."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from desk_breaks import APP_ID
from tests.packaging.conftest import PACKAGING, ROOT, load_script

icons = load_script("icons")
HICOLOR = PACKAGING / "linux" / "icons" / "hicolor"


def test_every_committed_icon_matches_a_fresh_rendering_of_its_svg(qapp: QApplication) -> None:
    problems = {str(o.path.relative_to(ROOT)): icons.stale(o) for o in icons.outputs()}
    assert {path: why for path, why in problems.items() if why} == {}


def test_a_stale_png_or_copy_is_caught(qapp: QApplication, tmp_path: Path) -> None:
    app_svg = ROOT / "assets" / "icons" / "desk-breaks.svg"
    wrong = icons.Output(tmp_path / "wrong.png", ROOT / "assets" / "icons" / "tray-due.svg", (32,))
    icons.write(wrong)
    assert "differs from the SVG" in icons.stale(icons.Output(wrong.path, app_svg, (32,)))
    assert "holds sizes [32]" in icons.stale(icons.Output(wrong.path, app_svg, (48,)))
    copy = tmp_path / "copy.svg"
    copy.write_text(app_svg.read_text().replace("#2a9d8f", "#000000"))
    assert "differs from assets/icons/desk-breaks.svg" in icons.stale(icons.Output(copy, app_svg))
    assert icons.stale(icons.Output(tmp_path / "none.png", app_svg, (16,))) == "missing"


def test_the_hicolor_tree_has_every_size_and_each_tray_state() -> None:
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        png = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert struct.unpack(">II", png.read_bytes()[16:24]) == (size, size)
    assert (HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (HICOLOR / "symbolic" / "apps" / f"{APP_ID}-symbolic.svg").is_file()
    for state in ("active", "due", "snoozed", "paused"):
        assert (HICOLOR / "scalable" / "status" / f"{APP_ID}-{state}.svg").is_file()
        assert (HICOLOR / "scalable" / "status" / f"{APP_ID}-{state}-symbolic.svg").is_file()


@pytest.mark.parametrize("path", sorted(HICOLOR.rglob("*-symbolic.svg")), ids=lambda p: p.name)
def test_symbolic_icons_are_one_colour_glyphs(qapp: QApplication, path: Path) -> None:
    # GTK recolours a symbolic icon with the panel's text colour; only elements classed
    # error/warning/success keep a colour of their own.
    text = path.read_text()
    assert QSvgRenderer(str(path)).isValid()
    assert re.search(r'viewBox="0 0 16 16"', text)
    for element in re.findall(r"<(?:circle|path|rect)[^>]*>", text):
        colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"', element))
        if 'class="error"' not in element:
            assert colours <= {"#241f31"}, element


def test_ico_and_icns_hold_pngs_at_the_sizes_the_platforms_want() -> None:
    ico = (PACKAGING / "windows" / "desk-breaks.ico").read_bytes()
    _, kind, count = struct.unpack_from("<HHH", ico, 0)
    widths = [ico[6 + 16 * i] for i in range(count)]
    assert (kind, sorted(widths)) == (1, [0, 16, 24, 32, 48, 64, 128])  # 0 means 256
    icns = PACKAGING / "macos" / "desk-breaks.icns"
    images = icons.read_container(icns)
    assert all(blob.startswith(b"\x89PNG") for blob in images)
    sizes = sorted(struct.unpack(">I", blob[16:20])[0] for blob in images)
    assert sizes == [16, 32, 64, 128, 256, 512, 1024]
    assert b"ic10" in icns.read_bytes() and b"ic14" in icns.read_bytes()  # the Retina entries
