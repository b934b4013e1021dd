"""The General page: start at login, looks, the natural break, and the app's files."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton

from desk_breaks.core import i18n
from desk_breaks.core.i18n import N_, tr
from desk_breaks.core.settings import DialogSize, Settings, Theme, spec_at
from desk_breaks.ui.settings.fields import Form, Page, heading, left, note, plain, spec_name

THEMES = (
    (Theme.SYSTEM, N_("Follow the system", "theme")),
    (Theme.LIGHT, N_("Light", "theme")),
    (Theme.DARK, N_("Dark", "theme")),
)
SIZES = (
    (DialogSize.COMPACT, N_("A compact window")),
    (DialogSize.FULL_SCREEN, N_("Full screen")),
)
LANGUAGE_LABEL = N_("Lan&guage:")
"""The Language row's label while the settings have no ``language`` field of their own."""


def _check_box(name: str, checked: bool) -> QCheckBox:
    spec = spec_at((name,))
    assert spec is not None
    box = QCheckBox(tr(spec.label))
    box.setChecked(checked)
    box.setAccessibleName(spec_name(spec))
    return box


def _combo(
    form: Form,
    name: str,
    items: tuple[tuple[object, str], ...],
    current: object,
    context: str = "",
) -> QComboBox:
    spec = spec_at((name,))
    assert spec is not None
    combo = QComboBox()
    for value, text in items:
        combo.addItem(tr(text, context), value)
    combo.setCurrentIndex(combo.findData(current))
    combo.setAccessibleName(spec_name(spec))
    form.add(tr(spec.label), left(combo), None)
    return combo


def language_choices() -> tuple[tuple[str, str], ...]:
    """The Language combo's items: the system's choice, then each language in itself."""
    return (("system", tr("System default")), *i18n.LANGUAGES.items())


def _language_combo(form: Form, current: str) -> QComboBox:
    spec = spec_at(("language",))
    label = tr(spec.label) if spec is not None else tr(LANGUAGE_LABEL)
    combo = QComboBox()
    for code, name in language_choices():
        combo.addItem(name, code)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else 0)
    combo.setAccessibleName(spec_name(spec) if spec is not None else plain(label).rstrip(":"))
    form.add(
        label,
        left(combo),
        None,
        tr("Windows opened after you apply it show the new language."),
    )
    return combo


class GeneralPage(Page):
    """How Desk Breaks starts, looks and notices breaks, and where its files are."""

    title = N_("General")

    def __init__(
        self,
        settings: Settings,
        files: Mapping[str, Path],
        open_path: Callable[[Path], None],
        idle_problem: str | None = None,
    ) -> None:
        """``idle_problem`` is why this desktop gives no idle time (None when it does)."""
        super().__init__(tr("How Desk Breaks starts, looks and notices breaks."))
        layout = self.body
        self.start_at_login = _check_box("start_at_login", settings.start_at_login)
        self.start_at_login.toggled.connect(self.edited)
        layout.addWidget(self.start_at_login)
        self.reduced_motion = _check_box("reduced_motion", settings.reduced_motion)
        self.reduced_motion.toggled.connect(self.edited)
        layout.addWidget(self.reduced_motion)
        layout.addSpacing(6)

        form = Form(vertical_spacing=6)
        # Until the settings carry a language (the core's field), System default is shown.
        self.language = _language_combo(form, getattr(settings, "language", "system"))
        self.language.currentIndexChanged.connect(self.edited)
        self.theme = _combo(form, "theme", THEMES, settings.theme, "theme")
        self.theme.currentIndexChanged.connect(self.edited)
        self.dialog_size = _combo(form, "dialog_size", SIZES, settings.dialog_size)
        self.dialog_size.currentIndexChanged.connect(self.edited)
        self.idle = self.number_row(form, settings, ("idle_threshold_min",))
        self.add_other_numbers(form, settings)
        layout.addLayout(form)
        # Said where the setting is, so a natural break that never counts is not a mystery.
        self.idle_problem = note(
            tr(
                "This desktop does not tell Desk Breaks when you are away, so natural breaks "
                "are not counted. Why: {reason}",
                reason=idle_problem,
            )
            if idle_problem
            else ""
        )
        self.idle_problem.setObjectName("warningNote")
        self.idle_problem.setVisible(bool(idle_problem))
        layout.addWidget(self.idle_problem)

        layout.addSpacing(10)
        layout.addWidget(heading(tr("Files")))
        self.file_buttons: list[QPushButton] = []
        for label_text, path in files.items():
            card = QFrame()
            card.setObjectName("card")
            row = QHBoxLayout(card)
            row.setContentsMargins(12, 8, 12, 8)
            shown = tr(label_text)
            where = QLabel(f"<b>{html.escape(shown)}</b><br>{html.escape(str(path))}")
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            where.setWordWrap(True)
            row.addWidget(where, 1)
            if path.suffix == ".toml":
                opener = QPushButton(tr("Open", "a file"))
                opener.setAccessibleName(tr("Open: {file}", file=shown))
                opener.clicked.connect(lambda _=False, p=path: open_path(p))
                row.addWidget(opener)
                self.file_buttons.append(opener)
            folder = path if path.suffix == "" else path.parent
            shower = QPushButton(tr("Show folder"))
            shower.setAccessibleName(tr("Show the folder of: {file}", file=shown))
            shower.clicked.connect(lambda _=False, p=folder: open_path(p))
            row.addWidget(shower)
            self.file_buttons.append(shower)
            layout.addWidget(card)
        layout.addStretch(1)

    def apply_to(self, settings: Settings) -> Settings:
        """Return ``settings`` with the general options as edited."""
        settings = replace(
            super().apply_to(settings),
            theme=self.theme.currentData(),
            start_at_login=self.start_at_login.isChecked(),
            dialog_size=self.dialog_size.currentData(),
            reduced_motion=self.reduced_motion.isChecked(),
        )
        if hasattr(settings, "language"):  # the core's field, once it is there
            change: Callable[..., Settings] = replace  # the field is not known to mypy yet
            settings = change(settings, language=str(self.language.currentData()))
        return settings
