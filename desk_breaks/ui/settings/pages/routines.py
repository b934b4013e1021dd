"""The Routines page: what each session holds, with the exercises' illustrations."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk_breaks.core.content import Exercise, Library, Routine, StepPhase, format_duration
from desk_breaks.core.i18n import N_, tr, trn
from desk_breaks.core.presentation import routine_length
from desk_breaks.ui.art import Illustrations, is_dark
from desk_breaks.ui.settings.fields import Page, note


class RoutinesPage(Page):
    """A list of routines and exercises, and the details of the one picked."""

    title = N_("Routines")

    def __init__(self, library: Library, illustrations: Illustrations) -> None:
        super().__init__(
            tr("What each session holds. Pick one to see its exercises."), scrolling=False
        )
        self._illustrations = illustrations
        row = QHBoxLayout()
        row.setSpacing(16)
        self.content_list = QListWidget()
        self.content_list.setObjectName("contentList")
        self.content_list.setAccessibleName(tr("Routines and exercises"))
        self.content_list.setFixedWidth(250)
        self.content_list.setIconSize(QSize(36, 36))
        self._content_items: list[Routine | Exercise | None] = []
        self._exercise_items: list[tuple[QListWidgetItem, Exercise]] = []
        self._painted_dark: bool | None = None

        def section(text: str) -> None:
            item = QListWidgetItem(text.upper())  # str.upper knows ß, é, ñ
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            font = item.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 0.85)
            item.setFont(font)
            self.content_list.addItem(item)
            self._content_items.append(None)

        section(tr("Routines"))
        for routine in sorted(library.routines.values(), key=lambda r: r.name.lower()):
            # "30-second check-in" says its length in its name: said once, not "29 s" again.
            length = routine_length(routine)
            item = QListWidgetItem(f"{routine.name}\n{length}" if length else routine.name)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, routine.name)
            self.content_list.addItem(item)
            self._content_items.append(routine)
        section(tr("Exercises"))
        for exercise in sorted(library.exercises.values(), key=lambda e: e.name.lower()):
            item = QListWidgetItem(f"{exercise.name}\n{format_duration(exercise.duration_s())}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, exercise.name)
            item.setIcon(QIcon(self._art(exercise, 36)))
            self._exercise_items.append((item, exercise))
            self.content_list.addItem(item)
            self._content_items.append(exercise)
        # As wide as the longest name (a translation may be longer), within reason.
        needed = self.content_list.sizeHintForColumn(0) + 2 * self.content_list.frameWidth()
        scroll_bar = self.content_list.verticalScrollBar().sizeHint().width()
        self.content_list.setFixedWidth(min(360, max(250, needed + scroll_bar + 8)))
        row.addWidget(self.content_list)

        self.content_detail = QScrollArea()
        self.content_detail.setWidgetResizable(True)
        self.content_detail.setFrameShape(QFrame.Shape.NoFrame)
        self.content_detail.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.addWidget(self.content_detail, 1)
        self.body.addLayout(row, 1)
        self.content_list.currentRowChanged.connect(self._show_content)
        if len(self._content_items) > 1 and self._content_items[1] is not None:
            self.content_list.setCurrentRow(1)

    def changeEvent(self, event: QEvent) -> None:
        """Draw the figures again in the new palette's inks (light on dark)."""
        super().changeEvent(event)
        kind = event.type()
        if kind in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            dark = is_dark(self.palette())
            if hasattr(self, "_exercise_items") and dark != self._painted_dark:
                for item, exercise in self._exercise_items:
                    item.setIcon(QIcon(self._art(exercise, 36)))
                self._show_content(self.content_list.currentRow())

    def _art(self, exercise: Exercise, side: int) -> QPixmap:
        self._painted_dark = is_dark(self.palette())
        phase = StepPhase.INHALE if exercise.breathing is not None else StepPhase.HOLD
        return self._illustrations.pixmap(
            exercise.step_for(phase).illustration,
            QSize(side, side),
            dpr=self.devicePixelRatioF(),
            palette=self.palette(),
        )

    def _show_content(self, index: int) -> None:
        if not 0 <= index < len(self._content_items):
            return
        thing = self._content_items[index]
        if thing is None:
            return
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        title = QLabel(thing.name)
        title.setObjectName("detailTitle")
        layout.addWidget(title)
        if isinstance(thing, Routine):
            count = len(thing.exercises)
            exercises = trn("{n} exercise", "{n} exercises", count)
            length = routine_length(thing)
            meta = f"{length} · {exercises}" if length else exercises
            layout.addWidget(note(meta))
            description = QLabel(thing.description)
            description.setWordWrap(True)
            layout.addWidget(description)
            layout.addSpacing(4)
            for exercise in thing.exercises:
                layout.addWidget(self._exercise_card(exercise))
        else:
            where = f"{thing.position.words} · {thing.area.words}"
            layout.addWidget(note(f"{format_duration(thing.duration_s())} · {where}"))
            picture = QLabel()
            picture.setPixmap(self._art(thing, 200))
            picture.setObjectName("art")
            picture.setAccessibleName(tr("Illustration of {exercise}", exercise=thing.name))
            layout.addWidget(picture)
            purpose = QLabel(thing.purpose)
            purpose.setWordWrap(True)
            layout.addWidget(purpose)
            for caution in thing.cautions:
                layout.addWidget(note(tr("Caution: {warning}", warning=caution)))
        layout.addStretch(1)
        self.content_detail.setWidget(box)

    def _exercise_card(self, exercise: Exercise) -> QWidget:
        card = QFrame()
        card.setObjectName("card")
        row = QHBoxLayout(card)
        row.setContentsMargins(10, 8, 10, 8)
        row.setSpacing(12)
        picture = QLabel()
        picture.setPixmap(self._art(exercise, 72))
        picture.setFixedSize(76, 76)
        picture.setAccessibleName(tr("Illustration of {exercise}", exercise=exercise.name))
        row.addWidget(picture)
        text = QVBoxLayout()
        text.setSpacing(2)
        name = QLabel(f"<b>{html.escape(exercise.name)}</b>")
        text.addWidget(name)
        text.addWidget(note(format_duration(exercise.duration_s())))
        purpose = QLabel(exercise.purpose)
        purpose.setWordWrap(True)
        text.addWidget(purpose)
        row.addLayout(text, 1)
        return card
