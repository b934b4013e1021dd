"""UI test set-up: light and dark palettes that tests switch the application to."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from desk_breaks.ui.theme import make_palette


@pytest.fixture
def use_palette(qapp: QApplication) -> Iterator[Callable[[bool], QPalette]]:
    """Switch the application to a light or dark palette; restore the old one afterwards."""
    before = QPalette(qapp.palette())

    def use(dark: bool) -> QPalette:
        palette = make_palette(dark)
        qapp.setPalette(palette)
        qapp.processEvents()  # Qt 6 posts the change events to open widgets
        return palette

    yield use
    qapp.setPalette(before)
