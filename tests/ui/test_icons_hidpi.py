"""HiDPI: the icons and illustrations are drawn at the screen's pixels, never a raster blown up.

A 2x render of an SVG has twice the detail of a 1x one: its edges are as steep as at 1x but
twice as long, and its curves fall on pixels that a scaled-up 1x render cannot reach. The
check here compares a 2x render with a 1x render scaled up both ways (smooth: blurred
edges; fast: blocky ones), and is itself checked against icons made from a 32 px raster.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from desk_breaks.app import TRAY_ICON_NAMES, load_icons

ICON_NAMES = (*TRAY_ICON_NAMES, "app")
LOGICAL = QSize(32, 32)


def rgba(picture: QPixmap | QImage) -> QImage:
    """Return the picture's physical pixels as premultiplied RGBA (4 bytes a pixel)."""
    image = picture.toImage() if isinstance(picture, QPixmap) else QImage(picture)
    image = image.convertToFormat(QImage.Format.Format_RGBA8888_Premultiplied)
    image.setDevicePixelRatio(1.0)
    return image


def _rows(image: QImage) -> list[bytes]:
    data = bytes(image.constBits())
    stride, width = image.bytesPerLine(), image.width() * 4
    return [data[y * stride : y * stride + width] for y in range(image.height())]


def edge_energy(image: QImage) -> int:
    """Sum of squared steps between neighbouring pixels: high for steep edges, low for blur."""
    rows = _rows(rgba(image))
    total = 0
    for y, row in enumerate(rows):
        below = rows[y + 1] if y + 1 < len(rows) else None
        for i, value in enumerate(row):
            if i + 4 < len(row):
                total += (value - row[i + 4]) ** 2
            if below is not None:
                total += (value - below[i]) ** 2
    return total


def differing_pixels(a: QImage, b: QImage, tolerance: int = 32) -> int:
    """How many pixels of two same-sized images differ by more than ``tolerance``."""
    assert a.size() == b.size()
    count = 0
    for row_a, row_b in zip(_rows(rgba(a)), _rows(rgba(b)), strict=True):
        for i in range(0, len(row_a), 4):
            if max(abs(row_a[i + c] - row_b[i + c]) for c in range(4)) > tolerance:
                count += 1
    return count


def scaled_up(low: QPixmap | QImage, size: QSize, smooth: bool) -> QImage:
    """``low`` blown up to ``size`` physical pixels, as a raster icon would be."""
    mode = (
        Qt.TransformationMode.SmoothTransformation
        if smooth
        else Qt.TransformationMode.FastTransformation
    )
    return rgba(low).scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio, mode)


def sharpness_problem(high: QPixmap | QImage, low: QPixmap | QImage) -> str | None:
    """Why ``high`` (a 2x render) is no better than ``low`` (the 1x render) scaled up, or None.

    Measured on the shipped icons and illustrations, a true 2x render has 2.5 to 3 times
    the edge energy of the smooth blow-up, and differs from the fast (blocky) blow-up in
    about as many pixels as the smooth one does (0.7 to 1.2 times). A smooth blow-up has
    the same energy as itself; a blocky one differs from itself nowhere.
    """
    image = rgba(high)
    blurred = scaled_up(low, image.size(), smooth=True)
    blocky = scaled_up(low, image.size(), smooth=False)
    energy, blurred_energy = edge_energy(image), edge_energy(blurred)
    if energy < 1.6 * blurred_energy:
        return f"edges as soft as a 1x render scaled up ({energy} vs {blurred_energy})"
    on_edges = differing_pixels(blurred, blocky)  # how many pixels lie on an edge at all
    differing = differing_pixels(image, blocky)
    if on_edges == 0 or differing < 0.3 * on_edges:
        return f"{differing} of {on_edges} edge pixels differ from a 1x render scaled up"
    return None


def on_colour(picture: QPixmap, colour: QColor) -> QImage:
    """``picture``'s physical pixels painted over ``colour``, as a window shows it."""
    image = QImage(picture.size(), QImage.Format.Format_RGBA8888_Premultiplied)
    image.fill(colour)
    painter = QPainter(image)
    painter.drawImage(0, 0, rgba(picture))
    painter.end()
    return image


@pytest.mark.parametrize("name", ICON_NAMES)
def test_each_icon_renders_sharp_at_twice_the_pixels(qapp: QApplication, name: str) -> None:
    icon = load_icons()[name]
    assert not icon.isNull()
    two = icon.pixmap(LOGICAL, 2.0)
    assert two.devicePixelRatio() == 2.0
    assert two.size() == QSize(64, 64)  # physical pixels
    assert two.deviceIndependentSize().toSize() == LOGICAL
    one = icon.pixmap(LOGICAL, 1.0)
    assert (one.size(), one.devicePixelRatio()) == (LOGICAL, 1.0)
    assert sharpness_problem(two, one) is None
    three = icon.pixmap(LOGICAL, 3.0)  # and at any ratio, not only the common ones
    assert (three.size(), three.devicePixelRatio()) == (QSize(96, 96), 3.0)
    assert sharpness_problem(three, one) is None


def test_the_check_fails_for_an_icon_made_from_a_32_px_raster(qapp: QApplication) -> None:
    one = load_icons()["app"].pixmap(LOGICAL, 1.0)
    # Qt never blows a raster icon up: asked for 2x, it hands back the 32 px pixmap.
    raster = QIcon(one).pixmap(LOGICAL, 2.0)
    assert (raster.size(), raster.devicePixelRatio()) != (QSize(64, 64), 2.0)
    # Blown up beforehand and marked 2x, it has the pixels but not the detail.
    for smooth in (True, False):
        fake = QPixmap.fromImage(scaled_up(one, QSize(64, 64), smooth))
        fake.setDevicePixelRatio(2.0)
        two = QIcon(fake).pixmap(LOGICAL, 2.0)
        assert (two.size(), two.devicePixelRatio()) == (QSize(64, 64), 2.0)
        assert sharpness_problem(two, one) is not None


# -- real HiDPI screens ---------------------------------------------------------------------------

# Two virtual screens, the right one at device pixel ratio 2. The session dialog opens on
# the 1x screen and is moved to the 2x one, as when a laptop window is dragged to a 4K
# monitor; the status window opens on the 2x screen.
_MIXED_SCREENS = """
import json, math, sys
from datetime import UTC, datetime
from pathlib import Path
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget
from desk_breaks.app import load_icons
from desk_breaks.core.clock import ManualClock
from desk_breaks.ui.art import Illustrations
from desk_breaks.ui.session_dialog import SessionDialog
from desk_breaks.ui.status_window import StatusWindow
from desk_breaks.ui.tray import TrayController
from desk_breaks.core.coach_types import SessionPlan
from tests.helpers.content import hold_exercise, routine
from tests.ui.test_icons_hidpi import on_colour, differing_pixels, rgba, sharpness_problem
from tests.ui.test_session_dialog import make_safety

app = QApplication([])
left, right = app.screens()
found = {"screens": [left.devicePixelRatio(), right.devicePixelRatio()]}
folder = Path(sys.argv[1])

def settle():
    for _ in range(5):
        app.processEvents()

dialog = SessionDialog(
    SessionPlan(routine(hold_exercise())), ManualClock(datetime(2026, 3, 2, tzinfo=UTC)),
    Illustrations([folder]), make_safety(),
)
dialog.move(left.geometry().topLeft() + QPoint(20, 20))
dialog.begin()
settle()
view = dialog.findChild(QWidget, "illustration")

def look(where):
    side = max(1, min(view.width(), view.height()))
    pixmap = view.current_pixmap()
    again = view.current_pixmap()
    grab = view.grab()
    dpr = grab.devicePixelRatio()  # the screen's, as the window shows it
    # Where paintEvent puts the drawing, in the grab's physical pixels (half up, as Qt rounds).
    x = math.floor((view.width() - side) / 2 * dpr + 0.5)
    y = math.floor((view.height() - side) / 2 * dpr + 0.5)
    drawn = rgba(grab).copy(QRect(x, y, round(side * dpr), round(side * dpr)))
    window = view.palette().color(QPalette.ColorRole.Window)
    one = Illustrations([folder]).pixmap(view.name, QSize(side, side), palette=view.palette())
    found[where] = {
        "screen": view.screen().name(),
        "widget_dpr": view.devicePixelRatioF(),
        "pixmap_dpr": pixmap.devicePixelRatio(),
        "pixmap_px": pixmap.width(),
        "logical_side": side,
        "cached": again.cacheKey() == pixmap.cacheKey(),
        "grab_dpr": dpr,
        "grab_px": [grab.width(), grab.height()],
        "logical": [view.width(), view.height()],
        "painted_as_rendered": (
            differing_pixels(drawn, on_colour(pixmap, window))
            if drawn.size() == pixmap.size() else -1
        ),
        "problem": sharpness_problem(drawn, on_colour(one, window)) if dpr > 1 else None,
    }

look("on_1x")
dialog.move(right.geometry().topLeft() + QPoint(20, 20))
settle()
look("on_2x")
dialog.close()

icons = load_icons()
tray = TrayController(icons, {}, (5,))
status = StatusWindow(tray, icons["app"])
status.move(right.geometry().topLeft() + QPoint(40, 40))
status.show()
settle()
icon_view = status.icon_view
grab = icon_view.grab()
window = icon_view.palette().color(QPalette.ColorRole.Window)
one = on_colour(icons["app"].pixmap(icon_view.size(), 1.0), window)
found["status_icon"] = {
    "screen": icon_view.screen().name(),
    "grab_dpr": grab.devicePixelRatio(),
    "grab_px": [grab.width(), grab.height()],
    "logical": [icon_view.width(), icon_view.height()],
    "problem": sharpness_problem(grab, one),
}
print(json.dumps(found))
"""


def test_illustration_and_status_icon_follow_the_screens_pixel_ratio(tmp_path: Path) -> None:
    from tests.ui.test_session_dialog import write_art

    art = write_art(tmp_path / "illustrations")
    config = tmp_path / "screens.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {"name": "left", "x": 0, "y": 0, "width": 1280, "height": 800},
                    {"name": "right", "x": 1280, "y": 0, "width": 2560, "height": 1600},
                ]
            }
        )
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCREEN_SCALE_FACTORS": "left=1;right=2",
    }
    env.pop("QT_SCALE_FACTOR", None)
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", _MIXED_SCREENS, str(art)],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["screens"] == [1.0, 2.0]

    for where, dpr in (("on_1x", 1), ("on_2x", 2)):
        seen = found[where]
        assert seen["screen"] == ("left" if dpr == 1 else "right")
        assert seen["widget_dpr"] == seen["pixmap_dpr"] == seen["grab_dpr"] == dpr, seen
        # Rendered at the device's pixels, and the render is cached per pixel ratio.
        assert seen["pixmap_px"] == seen["logical_side"] * dpr
        assert seen["cached"]
        assert seen["grab_px"] == [side * dpr for side in seen["logical"]]
        # Painted pixel for pixel: the window shows the render itself, not a rescaled copy.
        assert seen["painted_as_rendered"] == 0, seen
    assert found["on_2x"]["problem"] is None

    icon = found["status_icon"]
    assert icon["screen"] == "right" and icon["grab_dpr"] == 2
    assert icon["grab_px"] == [side * 2 for side in icon["logical"]]
    assert icon["problem"] is None
