"""The composed app in a language: the setting's (or the desktop's) language, changed live."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from desk_breaks import assets_dir
from desk_breaks.app import DeskBreaks
from desk_breaks.core.clock import ManualClock
from desk_breaks.core.i18n import active, english, install
from desk_breaks.core.paths import AppPaths
from desk_breaks.desktop.ipc.instance import InstanceGuard
from desk_breaks.desktop.qt.language import LanguageSwitch, language_for

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_NOON = datetime(2026, 3, 23, 12, 20, tzinfo=BERLIN)
LOCALE = assets_dir() / "locale"


@pytest.fixture
def german_desktop(tmp_path: Path, qtbot: QtBot) -> Iterator[tuple[DeskBreaks, LanguageSwitch]]:
    """The app on a desktop whose language is German; English again afterwards."""
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "run")
    (tmp_path / "run").mkdir(mode=0o700)
    guard = InstanceGuard(paths.runtime_dir)
    assert guard.try_acquire()
    switch = LanguageSwitch(LOCALE, wanted=["de-DE", "en-US"])
    desk = DeskBreaks(paths, ManualClock(MONDAY_NOON, BERLIN), guard, languages=switch)
    desk.start()
    try:
        yield desk, switch
    finally:
        desk.shutdown()
        guard.release()
        switch.apply("en")
        install(english())


def test_the_tray_speaks_the_desktops_language(
    german_desktop: tuple[DeskBreaks, LanguageSwitch],
) -> None:
    desk, switch = german_desktop
    assert switch.code == "de" and active().code == "de"
    assert desk.tray.icon.toolTip() == "Desk Breaks\nNeustart am Mittag: 12:30 (in 10 Min.)"
    assert desk.tray.next_action.text() == "Neustart am Mittag: 12:30"
    # Qt's own texts too: its German catalog is installed.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"


def test_choosing_spanish_in_settings_changes_the_tray_at_once(
    german_desktop: tuple[DeskBreaks, LanguageSwitch],
) -> None:
    desk, switch = german_desktop
    problem = desk.apply_settings(dataclasses.replace(desk.settings, language="es"))
    assert problem is None
    assert switch.code == "es"
    assert desk.tray.icon.toolTip() == "Desk Breaks\nReinicio de mediodía: 12:30 (en 10 min)"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
    # The menu is said again, submenus and routine names included.
    menu = desk.tray.actions_by_text()
    assert "Pausar" in menu and "Pause" not in menu and "Pausieren" not in menu
    assert "Salir de Desk Breaks" in menu
    assert any(text.startswith("Reinicio de mediodía") for text in menu)
    assert "10 minutos" in menu
    desk.apply_settings(dataclasses.replace(desk.settings, language="system"))
    assert switch.code == "de"


def test_a_settings_notice_read_before_the_language_is_said_in_it(
    tmp_path: Path, qtbot: QtBot
) -> None:
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "run")
    (tmp_path / "run").mkdir(mode=0o700)
    paths.settings_file.parent.mkdir(parents=True)
    paths.settings_file.write_text('language = "es"\nidle_threshold_min = 0\n', encoding="utf-8")
    guard = InstanceGuard(paths.runtime_dir)
    assert guard.try_acquire()
    switch = LanguageSwitch(LOCALE, wanted=["de-DE"])
    desk = DeskBreaks(paths, ManualClock(MONDAY_NOON, BERLIN), guard, languages=switch)
    try:
        assert switch.code == "es"  # the setting wins over the desktop
        assert desk.notices == [
            f"{paths.settings_file}: idle_threshold_min: debe ser de 1 a 60 minutos, no 0; se usa 5"
        ]
        assert desk.service.status().data["notices"] == [
            f"{paths.settings_file}: idle_threshold_min: must be from 1 to 60 minutes, not 0; "
            "using 5"
        ]
    finally:
        desk.shutdown()
        guard.release()
        switch.apply("en")
        install(english())


@pytest.mark.parametrize(
    ("setting", "wanted", "code", "morning"),
    [
        ("system", ["en-US"], "en", "9:30\N{NO-BREAK SPACE}AM"),
        ("de", ["en-US"], "de", "09:30"),
        ("es", ["de-DE"], "es", "9:30"),
    ],
)
def test_times_follow_qts_locale_for_the_language(
    setting: str, wanted: list[str], code: str, morning: str
) -> None:
    from datetime import time

    from PySide6.QtCore import QLocale

    system = QLocale("en_US") if wanted == ["en-US"] else QLocale("de_DE")
    language = language_for(setting, LOCALE, wanted, system)
    assert language.code == code
    assert language.time_style.format(time(9, 30)) == morning


def test_a_broken_content_file_is_told_in_the_language_and_listed_in_english(
    tmp_path: Path, qtbot: QtBot
) -> None:
    paths = AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "run")
    (tmp_path / "run").mkdir(mode=0o700)
    mine = paths.user_content_dir / "exercises" / "mine.toml"
    mine.parent.mkdir(parents=True)
    mine.write_text('id = "mine"\nkind = "jump"\n', encoding="utf-8")
    guard = InstanceGuard(paths.runtime_dir)
    assert guard.try_acquire()
    switch = LanguageSwitch(LOCALE, wanted=["de-DE"])
    desk = DeskBreaks(paths, ManualClock(MONDAY_NOON, BERLIN), guard, languages=switch)
    try:
        assert desk.notices == [
            f"{mine} übersprungen – 'kind' muss eins von 'hold', 'breathing' sein, nicht 'jump'"
        ]
        english_notice = f"Skipped {mine} — 'kind' must be one of 'hold', 'breathing', not 'jump'"
        assert desk.service.status().data["notices"] == [english_notice]
        desk.apply_settings(dataclasses.replace(desk.settings, language="es"))
        assert desk.notices == [
            f"Se omitió {mine}: 'kind' debe ser uno de 'hold', 'breathing', no 'jump'"
        ]
        assert desk.service.status().data["notices"] == [english_notice]
    finally:
        desk.shutdown()
        guard.release()
        switch.apply("en")
        install(english())


def test_the_same_language_is_not_read_twice(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """At start the desktop's language, then the setting's: the same one is read once."""
    from desk_breaks.desktop.qt import language as module

    switch = LanguageSwitch(LOCALE, wanted=["de-DE"])
    try:
        assert switch.apply("system")
        german = active()
        reads: list[str] = []
        real = module.language_for

        def counted(setting: str, *rest: object) -> object:
            reads.append(setting)
            return real(setting, *rest)  # type: ignore[arg-type]

        monkeypatch.setattr(module, "language_for", counted)
        assert not switch.apply("de") and active() is german and reads == []
        install(english())  # someone else installed a language: the switch puts its own back
        assert not switch.apply("de") and active().code == "de" and reads == ["de"]
    finally:
        switch.apply("en")
        install(english())
