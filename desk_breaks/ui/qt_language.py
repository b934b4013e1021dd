"""Qt's own words in the person's language: the texts Qt itself draws.

Qt shows a few texts of its own in the app's windows: the tab bar's "Scroll Left" and
"Scroll Right", a text field's context menu (Undo, Copy, Paste), the export's file dialog.
They come from Qt's catalogs (``qtbase_de.qm``, ``qtbase_es.qm``, shipped with PySide6),
installed here with a :class:`QTranslator` beside the app's own catalogs
(:mod:`desk_breaks.core.i18n`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)


def install_qt_translations(
    app: QCoreApplication, code: str, previous: QTranslator | None = None
) -> QTranslator | None:
    """Install Qt's catalog for the language ``code`` ("de", "es"); English needs none.

    ``previous`` (what the last call returned) is removed first, so the language can
    change while the app runs. Returns the translator installed, or None when Qt has no
    catalog for ``code`` (Qt's texts then stay English, as before; logged once).
    """
    if previous is not None:
        app.removeTranslator(previous)
    if code in ("en", ""):
        return None
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(code), "qtbase", "_", folder):
        log.info("Qt has no catalog of its own words for %r in %s", code, folder)
        return None
    app.installTranslator(translator)
    return translator
