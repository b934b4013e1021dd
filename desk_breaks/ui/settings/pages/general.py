"""The General page: start at login, looks, the natural break, and the app's files."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QPushButton

from desk_breaks.core.settings import DialogSize, Settings, Theme, spec_at
from desk_breaks.ui.settings.fields import Form, Page, heading, left, note

THEMES = ((Theme.SYSTEM, "Follow the system"), (Theme.LIGHT, "Light"), (Theme.DARK, "Dark"))
SIZES = ((DialogSize.COMPACT, "A compact window"), (DialogSize.FULL_SCREEN, "Full screen"))


def _check_box(name: str, checked: bool) -> QCheckBox:
    spec = spec_at((name,))
    assert spec is not None
    box = QCheckBox(spec.label)
    box.setChecked(checked)
    box.setAccessibleName(spec.accessible_name)
    return box


def _combo(
    form: Form, name: str, items: tuple[tuple[object, str], ...], current: object
) -> QComboBox:
    spec = spec_at((name,))
    assert spec is not None
    combo = QComboBox()
    for value, text in items:
        combo.addItem(text, value)
    combo.setCurrentIndex(combo.findData(current))
    combo.setAccessibleName(spec.accessible_name)
    form.add(spec.label, left(combo), None)
    return combo


class GeneralPage(Page):
    """How Desk Breaks starts, looks and notices breaks, and where its files are."""

    title = "General"

    def __init__(
        self,
        settings: Settings,
        files: Mapping[str, Path],
        open_path: Callable[[Path], None],
        idle_problem: str | None = None,
    ) -> None:
        """``idle_problem`` is why this desktop gives no idle time (None when it does)."""
        super().__init__("How Desk Breaks starts, looks and notices breaks.")
        layout = self.body
        self.start_at_login = _check_box("start_at_login", settings.start_at_login)
        self.start_at_login.toggled.connect(self.edited)
        layout.addWidget(self.start_at_login)
        self.reduced_motion = _check_box("reduced_motion", settings.reduced_motion)
        self.reduced_motion.toggled.connect(self.edited)
        layout.addWidget(self.reduced_motion)
        layout.addSpacing(6)

        form = Form(vertical_spacing=6)
        self.theme = _combo(form, "theme", THEMES, settings.theme)
        self.theme.currentIndexChanged.connect(self.edited)
        self.dialog_size = _combo(form, "dialog_size", SIZES, settings.dialog_size)
        self.dialog_size.currentIndexChanged.connect(self.edited)
        self.idle = self.number_row(form, settings, ("idle_threshold_min",))
        self.add_other_numbers(form, settings)
        layout.addLayout(form)
        # Said where the setting is, so a natural break that never counts is not a mystery.
        self.idle_problem = note(
            "This desktop does not tell Desk Breaks when you are away, so natural breaks are "
            f"not counted. Why: {idle_problem}"
            if idle_problem
            else ""
        )
        self.idle_problem.setObjectName("warningNote")
        self.idle_problem.setVisible(bool(idle_problem))
        layout.addWidget(self.idle_problem)

        layout.addSpacing(10)
        layout.addWidget(heading("Files"))
        self.file_buttons: list[QPushButton] = []
        for label_text, path in files.items():
            card = QFrame()
            card.setObjectName("card")
            row = QHBoxLayout(card)
            row.setContentsMargins(12, 8, 12, 8)
            where = QLabel(f"<b>{html.escape(label_text)}</b><br>{html.escape(str(path))}")
            where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            where.setWordWrap(True)
            row.addWidget(where, 1)
            if path.suffix == ".toml":
                opener = QPushButton("Open")
                opener.setAccessibleName(f"Open the {label_text.lower()}")
                opener.clicked.connect(lambda _=False, p=path: open_path(p))
                row.addWidget(opener)
                self.file_buttons.append(opener)
            folder = path if path.suffix == "" else path.parent
            shower = QPushButton("Show folder")
            shower.setAccessibleName(f"Show the folder of the {label_text.lower()}")
            shower.clicked.connect(lambda _=False, p=folder: open_path(p))
            row.addWidget(shower)
            self.file_buttons.append(shower)
            layout.addWidget(card)
        layout.addStretch(1)

    def apply_to(self, settings: Settings) -> Settings:
        """Return ``settings`` with the general options as edited."""
        return replace(
            super().apply_to(settings),
            theme=self.theme.currentData(),
            start_at_login=self.start_at_login.isChecked(),
            dialog_size=self.dialog_size.currentData(),
            reduced_motion=self.reduced_motion.isChecked(),
        )
