"""The app's language on the Qt side: which one, its time style, and Qt's own texts.

:class:`LanguageSwitch` is what the composition root uses: :meth:`LanguageSwitch.apply`
takes the ``language`` setting ("system" or a code), resolves it against the desktop's
languages (``QLocale.system().uiLanguages()``), installs it for every
:func:`~desk_breaks.core.i18n.tr` call, and loads Qt's own catalog (``qtbase_<code>``) so
the texts Qt draws itself (a line edit's context menu, a dialog's standard buttons) speak
the same language. Times follow Qt's locale: the system's own format when the language is
the system's ("9:30 AM" on a US desktop), else the chosen language's usual one ("09:30").

English needs neither a catalog nor a translator, so an English app imports no gettext.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desk_breaks.core.i18n import (
    Language,
    TimeStyle,
    active,
    again,
    install,
    load_language,
    resolve_language,
)

log = logging.getLogger("desk_breaks")

SYSTEM = "system"


def time_style_of(locale: QLocale) -> TimeStyle:
    """How ``locale`` writes a time of day, from its short time format and AM/PM texts."""
    pattern = locale.timeFormat(QLocale.FormatType.ShortFormat)
    return TimeStyle.from_qt_pattern(pattern, locale.amText() or "AM", locale.pmText() or "PM")


def language_for(
    setting: str,
    locale_dir: Path,
    wanted: Sequence[str] | None = None,
    system: QLocale | None = None,
) -> Language:
    """The language the ``setting`` asks for, with the time style Qt's locale gives it.

    ``wanted`` and ``system`` stand in for the desktop's languages and locale (tests).
    """
    system = QLocale.system() if system is None else system
    wanted = list(system.uiLanguages()) if wanted is None else list(wanted)
    code = resolve_language(setting, wanted)
    # The desktop's own format (territory included) when it is the desktop's language.
    locale = system if code == resolve_language(SYSTEM, wanted) else QLocale(code)
    return load_language(code, locale_dir, time_style_of(locale))


class LanguageSwitch:
    """Installs the app's language, and Qt's translator for it, and changes them later."""

    def __init__(self, locale_dir: Path, wanted: Sequence[str] | None = None) -> None:
        """Take catalogs from ``locale_dir``; ``wanted`` stands in for the desktop's list."""
        self.locale_dir = locale_dir
        self.wanted = wanted
        self.code = "en"
        self._qt: QTranslator | None = None
        self._installed: Language | None = None

    def apply(self, setting: str) -> bool:
        """Install the language ``setting`` asks for; return whether it changed."""
        wanted = list(QLocale.system().uiLanguages()) if self.wanted is None else self.wanted
        # The same code gives the same catalog and time style: not read again (at start the
        # desktop's language is installed, then the setting's, most often the same one).
        installed = self._installed is not None and active() is self._installed
        if installed and resolve_language(setting, wanted) == self.code:
            return False
        language = language_for(setting, self.locale_dir, wanted)
        changed = language.code != self.code
        install(language)
        self._installed = language
        self.code = language.code
        if changed:
            self._load_qt_catalog(language.code)
        return changed

    def _load_qt_catalog(self, code: str) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            self._qt = install_qt_translations(app, code, self._qt)


def install_qt_translations(
    app: QCoreApplication, code: str, previous: QTranslator | None = None
) -> QTranslator | None:
    """Install Qt's catalog of its own words for ``code`` ("de", "es"); English needs none.

    Qt draws a few texts itself: the tab bar's "Scroll Left", a text field's context menu,
    the export's file dialog. ``previous`` (what the last call returned) is removed first,
    so the language can change while the app runs. Returns the translator installed, or
    None when Qt has no catalog for ``code`` (its texts then stay English; logged).
    """
    if previous is not None:
        app.removeTranslator(previous)
    if code in ("en", ""):
        return None
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{code}", folder):
        log.info("Qt has no translation of its own texts for %s in %s", code, folder)
        return None
    app.installTranslator(translator)
    return translator


def language_changed(
    switch: LanguageSwitch,
    setting: str,
    tray: object,
    relabel_content: Callable[[], None],
    refresh: Callable[[], None],
) -> None:
    """The ``language`` setting changed: install it, relabel the tray menu and the content."""
    if not switch.apply(setting):
        return
    retranslate = getattr(tray, "retranslate", None)
    if callable(retranslate):  # the tray's menu texts (the UI's side, issue 15)
        retranslate()
    relabel_content()
    refresh()  # the status line and the tooltip


def speak_settings_language(
    switch: LanguageSwitch | None, setting: str, notices: list[str]
) -> None:
    """Install the settings' language before anything else speaks (None: keep the active one).

    What reading the settings found (``notices``) was said before the language was known:
    it is said again in it.
    """
    if switch is None:
        return
    switch.apply(setting)
    notices[:] = [again(notice) for notice in notices]
