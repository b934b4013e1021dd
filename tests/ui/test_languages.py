"""Every window in German, Spanish and the pseudo-language: nothing clipped, keys unique.

Translations are longer than English (German by about a third, the pseudo-language by
40 % and wider letters). At the sizes the app gives its windows, no label that does not
wrap is narrower than its text, no button narrower than its words, no tab squeezed, no
text cut off at the edge of a scrolling page, and Settings still fits a 1366x768 screen.
In every language each window's keyboard shortcuts (``&`` letters) are unique. Screenshots
of the main windows in German and Spanish, light and dark, go to tests/artifacts/i18n.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import polib
import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLabel,
    QMenu,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desk_breaks import assets_dir
from desk_breaks.core import i18n
from desk_breaks.desktop.qt.language import install_qt_translations
from desk_breaks.ui.settings.dialog import SettingsDialog
from tests.helpers import every_window as windows

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "i18n"
_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


@pytest.fixture
def language(qapp: QApplication) -> Iterator[Callable[[str], None]]:
    """Switch the app's words (and Qt's own) to a language; English again afterwards."""
    qt = [None]

    def use(code: str) -> None:
        i18n.install(i18n.load_language(code, assets_dir() / "locale"))
        qt[0] = install_qt_translations(qapp, code, qt[0])

    yield use
    install_qt_translations(qapp, "en", qt[0])
    i18n.install(i18n.english())


def _shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisible() and widget.isVisibleTo(window)


def _inside_scrolling(widget: QWidget) -> str:
    """Why ``widget`` is cut off by the page it scrolls in ("" when it is not)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    if parent is None:
        return ""
    viewport = parent.viewport()
    box = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
    if box.right() > viewport.width() + 1 and not parent.horizontalScrollBar().isVisible():
        return f"runs {box.right() - viewport.width()} px past the right edge of its page"
    return ""


def clipped(shown: windows.Shown) -> list[str]:
    """Each piece of text in the window that is narrower than it needs, or cut off."""
    window = shown.widget
    found: list[str] = []
    for widget in window.findChildren(QWidget):
        if not _shown(widget, window) or widget.objectName().startswith("qt_"):
            continue
        name = f"{type(widget).__name__} {widget.objectName() or ''}"
        if isinstance(widget, QLabel):
            if not widget.text() or widget.wordWrap() or not widget.pixmap().isNull():
                continue
            text = widget.text()
        elif isinstance(widget, QAbstractButton | QComboBox):
            text = widget.text() if isinstance(widget, QAbstractButton) else widget.currentText()
            if not text:
                continue
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                if widget.tabRect(index).width() + 1 < widget.tabSizeHint(index).width():
                    found.append(f"tab {widget.tabText(index)!r} is squeezed")
            continue
        else:
            continue
        need = widget.sizeHint().width()
        if widget.width() + 1 < need:
            found.append(f"{name} {text!r}: {widget.width()} px wide, needs {need}")
        cut = _inside_scrolling(widget)
        if cut:
            found.append(f"{name} {text!r} {cut}")
    hint = window.minimumSizeHint()
    if not isinstance(window, QMenu) and hint.width() > window.width() + 1:
        found.append(f"the window needs {hint.width()} px, has {window.width()}")
    return found


def mnemonics(shown: windows.Shown) -> list[str]:
    """The shortcut letters of the window's visible labels and buttons, lower case."""
    window = shown.widget
    letters: list[str] = []
    for widget in window.findChildren(QWidget):
        if not _shown(widget, window):
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            letters += [m.lower() for m in _MNEMONIC.findall(widget.text())]
    return letters


@pytest.mark.parametrize("code", ["de", "es", i18n.PSEUDO])
def test_no_text_is_clipped_in_any_window(
    qtbot: QtBot, language: Callable[[str], None], code: str
) -> None:
    language(code)
    found: list[str] = []
    for shown in windows.every_window(qtbot):
        if isinstance(shown.widget, SettingsDialog):
            minimum = shown.widget.minimumSizeHint()
            if minimum.width() > windows.SCREEN.width() - 16:
                found.append(f"{shown.name}: needs {minimum.width()} px, wider than 1366x768")
            if minimum.height() > windows.SCREEN.height() - 56:
                found.append(f"{shown.name}: needs {minimum.height()} px, taller than 1366x768")
        found += [f"{shown.name}: {problem}" for problem in clipped(shown)]
        if code != i18n.PSEUDO:  # a real language fits without scrolling sideways
            for area in shown.widget.findChildren(QAbstractScrollArea):
                if _shown(area, shown.widget) and area.horizontalScrollBar().isVisible():
                    found.append(f"{shown.name}: {type(area).__name__} scrolls sideways")
    assert found == [], f"{len(found)} clipped in {code}:\n" + "\n".join(sorted(set(found)))


@pytest.mark.parametrize("code", ["en", "de", "es"])
def test_each_windows_shortcut_letters_are_unique(
    qtbot: QtBot, language: Callable[[str], None], code: str
) -> None:
    language(code)
    found: list[str] = []
    for shown in windows.every_window(qtbot):
        letters = mnemonics(shown)
        twice = sorted(letter for letter, count in Counter(letters).items() if count > 1)
        if twice:
            found.append(f"{shown.name}: {', '.join(twice)} used twice")
    assert found == [], "\n".join(found)


def _untranslated_english(code: str) -> set[str]:
    """The windows' English strings whose translation in ``code`` reads differently."""
    catalog = polib.pofile(str(assets_dir() / "locale" / code / "ui.po"))
    return {
        windows.plain(entry.msgid).strip()
        for entry in catalog
        if not entry.msgid_plural
        and "{" not in entry.msgid
        and windows.plain(entry.msgstr).strip() != windows.plain(entry.msgid).strip()
    }


@pytest.mark.parametrize("code", ["de", "es"])
def test_every_window_shows_the_translation(
    qtbot: QtBot, language: Callable[[str], None], code: str
) -> None:
    """No text a window shows is still the English of a translated string.

    The pseudo-language translates any string given to tr(); a real catalog only the one
    with the same context, so a context missing on either side leaves English behind.
    """
    language(code)
    # The core's words (settings' labels, outcome words) are the core's catalog's to translate.
    english = _untranslated_english(code) - windows.spec_texts() - windows.fixture_texts()
    found = {
        f"{shown.name}: {text!r}"
        for shown in windows.every_window(qtbot)
        for text in windows.texts_of(shown)
        if text in english
    }
    assert found == set(), "\n".join(sorted(found))


def test_qt_speaks_german_too(qtbot: QtBot, language: Callable[[str], None]) -> None:
    """Qt's own words (a tab bar's scroll buttons) come from Qt's German catalog."""
    language("de")
    assert QApplication.translate("QTabBar", "Scroll Left") != "Scroll Left"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("code", ["de", "es"])
def test_screenshots(
    qtbot: QtBot,
    language: Callable[[str], None],
    use_palette: Callable[[bool], QPalette],
    code: str,
    dark: bool,
) -> None:
    """Each main window in German and Spanish, light and dark, for a person to look at."""
    use_palette(dark)
    language(code)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    theme = "dark" if dark else "light"
    saved = 0
    for shown in windows.every_window(qtbot):
        if isinstance(shown.widget, QMenu):
            continue
        qtbot.wait(1)
        path = ARTIFACTS / f"{shown.name}-{code}-{theme}.png"
        assert shown.widget.grab().save(str(path))
        saved += 1
    assert saved >= 20
