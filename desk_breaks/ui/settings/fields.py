"""Form helpers shared by the settings pages, and :class:`Page`, the base of every page.

A whole-number setting is shown from its :class:`~desk_breaks.core.settings.Spec`: its
label, range, unit and help come from the field's metadata (:func:`spin_for`), and a page
shows every ranged setting of its own that it does not place itself
(:meth:`Page.add_other_numbers`), so a new setting appears without an edit here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import time
from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractSlider,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk_breaks.core import i18n
from desk_breaks.core.i18n import N_, TimeStyle, time_text, tr, weekday_name
from desk_breaks.core.settings import (
    Path,
    Setting,
    Settings,
    SettingsIssue,
    Spec,
    replaced_at,
    settings_of,
    value_at,
)
from desk_breaks.core.settings_read import parse_clock_time
from desk_breaks.ui.art import is_dark

DAY_SHORT = (
    N_("Mo", "weekday, two letters"),
    N_("Tu", "weekday, two letters"),
    N_("We", "weekday, two letters"),
    N_("Th", "weekday, two letters"),
    N_("Fr", "weekday, two letters"),
    N_("Sa", "weekday, two letters"),
    N_("Su", "weekday, two letters"),
)
"""The day picker's buttons, Monday first (translated on use)."""
ERROR_COLOURS = ("#b3261e", "#ff8a80")
"""Error text on a light and on a dark palette."""


def colour(widget: QWidget, pair: tuple[str, str]) -> QColor:
    """Return the light or the dark colour of ``pair``, for the palette ``widget`` uses."""
    return QColor(pair[1] if is_dark(widget.palette()) else pair[0])


def sentence(message: str) -> str:
    """Return ``message`` as a sentence: a capital first, a full stop last."""
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    return message if message.endswith(".") else message + "."


def plain(label: str) -> str:
    """``label`` without its shortcut marker: "&Both" → "Both"."""
    return label.replace("&&", "\0").replace("&", "").replace("\0", "&")


class FieldError(QLabel):
    """The message under a field that needs fixing; hidden while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("fieldError")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def show_messages(self, messages: Sequence[str]) -> None:
        """Show ``messages`` (or hide when empty)."""
        self.setText("\n".join(messages))
        self.setAccessibleName(
            tr("Problem: {problems}", problems=" ".join(messages)) if messages else ""
        )
        self.setVisible(bool(messages))


class DayPicker(QWidget):
    """Seven toggle buttons, Monday first."""

    changed = Signal()

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.buttons: list[QToolButton] = []
        for day, short in enumerate(DAY_SHORT):
            button = QToolButton()
            button.setObjectName("day")
            # Never narrower than its letters, whatever the language's two of them are.
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            button.setText(tr(short, "weekday, two letters"))
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setToolTip(weekday_name(day))
            button.setAccessibleName(tr("{what} on {day}", what=what, day=weekday_name(day)))
            button.toggled.connect(lambda *_: self.changed.emit())
            layout.addWidget(button)
            self.buttons.append(button)
        layout.addStretch(1)

    def days(self) -> frozenset[int]:
        """The days switched on."""
        return frozenset(day for day, b in enumerate(self.buttons) if b.isChecked())

    def set_days(self, days: frozenset[int]) -> None:
        """Switch on exactly ``days``."""
        for day, button in enumerate(self.buttons):
            button.setChecked(day in days)


class TimeField(QLineEdit):
    """A time of day typed in the language's style ("09:30", "9:30 AM").

    It shows the time as the active language writes it and reads that back, and also
    "HH:MM" on a 24-hour clock whatever the style; :meth:`value` is None while the text is
    not a time.
    """

    def __init__(self, value: time, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style = i18n.active().time_style
        shown = value.strftime("%H:%M:%S") if value.second else time_text(value)
        self.setText(shown)
        example = time_text(time(9, 30))
        if self._style.hour12:
            self.setPlaceholderText(tr("h:mm {am}", "time typed in a field", am=self._style.am))
        else:
            self.setPlaceholderText(tr("HH:MM", "time typed in a field"))
        self.setMaxLength(16)
        self.setAccessibleName(name)
        self.setAccessibleDescription(tr("A time of day, such as {example}", example=example))
        widest = max(time_text(time(12, 59)), "00:00:00", key=self.fontMetrics().horizontalAdvance)
        self.setFixedWidth(self.fontMetrics().horizontalAdvance(widest) + 22)

    def value(self) -> time | None:
        """The time typed, or None."""
        return parse_clock_time(self.text()) or read_time(self.text(), self._style)


def time_hint() -> str:
    """What to type in a time field, said when its text is not a time."""
    if i18n.active().time_style.hour12:
        return tr("enter a time such as {example}", example=time_text(time(9, 30)))
    return tr("enter a time from 00:00 to 23:59, such as 09:30")


_TYPED_TIME = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*(.*?)\s*$")


def read_time(text: str, style: TimeStyle) -> time | None:
    """A time as ``style`` writes it ("9:30", "9:30 AM", "9.30 p. m."), or None."""
    found = _TYPED_TIME.match(text)
    if found is None:
        return None
    hour, minute, suffix = int(found.group(1)), int(found.group(2)), found.group(3)
    squeeze = str.maketrans("", "", " .\N{NO-BREAK SPACE}")
    marker = suffix.lower().translate(squeeze)
    am, pm = (word.lower().translate(squeeze) for word in (style.am, style.pm))
    if marker and marker in (am, pm, "am", "pm"):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if marker in (pm, "pm") else 0)
    elif marker:
        return None
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def heading(text: str) -> QLabel:
    """Return a section heading."""
    label = QLabel(text)
    label.setObjectName("sectionHeading")
    return label


def note(text: str) -> QLabel:
    """Return a muted line of help."""
    label = QLabel(text)
    label.setObjectName("note")
    label.setWordWrap(True)
    return label


UNITS = (N_("min", "unit"), N_("s", "unit"))
"""The units a setting's spin box shows after its number (``Spec.unit``), translated on use."""


def unit_suffix(unit: str) -> str:
    """The unit as a spin box shows it after the number: " min", " Min."."""
    return f" {tr(unit, 'unit')}" if unit else ""


def spec_name(spec: Spec) -> str:
    """A setting's name for screen readers, in the active language."""
    if spec.description:
        return tr(spec.description)
    return tr(spec.label).replace("&", "").rstrip(":").strip()


def spin_for(setting: Setting, value: int) -> QSpinBox:
    """Return a spin box for the whole-number ``setting``, all of it from its spec."""
    assert setting.spec.limits is not None
    low, high = setting.spec.limits
    suffix = unit_suffix(setting.spec.unit)
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(min(high, max(low, value)))
    spin.setSuffix(suffix)
    spin.setAccessibleName(spec_name(setting.spec))
    if setting.spec.zero_text:
        spin.setSpecialValueText(tr(setting.spec.zero_text))
    spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance(f"{high}{suffix}") + 44)
    return spin


def left(widget: QWidget) -> QWidget:
    """Return ``widget`` in a row of its own, kept to the left at its natural width."""
    box = QWidget()
    line = QHBoxLayout(box)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(widget)
    line.addStretch(1)
    box.setFocusProxy(widget)
    return box


def fill_routines(combo: QComboBox, routines: Sequence[tuple[str, str]], current: str) -> None:
    """Offer ``routines`` (id, label) in ``combo`` with ``current`` chosen."""
    for routine_id, label in routines:
        combo.addItem(label, routine_id)
    index = combo.findData(current)
    if index < 0:
        # Keep a routine that is gone visible (and reported) rather than silently swapped.
        combo.addItem(tr("{routine} (not found)", routine=current), current)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


def dot_icon(fill: QColor | None, size: int = 10) -> QIcon:
    """Return a round dot (or an empty icon of its size when ``fill`` is None)."""
    # One pixmap per common pixel ratio, so the dot stays crisp on HiDPI screens.
    icon = QIcon()
    for dpr in (1.0, 2.0, 3.0):
        pixmap = QPixmap(round(size * dpr), round(size * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        if fill is not None:
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
            painter.end()
        icon.addPixmap(pixmap)
    return icon


class Form(QGridLayout):
    """A two-column grid of labelled fields, each with its error line under it."""

    def __init__(self, vertical_spacing: int = 4, *, centre_labels: bool = False) -> None:
        super().__init__()
        # Centred labels sit a pixel higher than the default; the Check-ins page uses them.
        self.label_alignment = (
            Qt.AlignmentFlag.AlignVCenter if centre_labels else Qt.AlignmentFlag(0)
        )
        self.setHorizontalSpacing(12)
        self.setVerticalSpacing(vertical_spacing)
        self.setColumnStretch(1, 1)
        self.row = 0

    def add(
        self, label_text: str, field: QWidget, error: FieldError | None, help_text: str = ""
    ) -> None:
        """Add a labelled row: the field, its help line and its error line."""
        label = QLabel(label_text)
        # The buddy must take focus itself: a wrapper's focus proxy is not followed.
        buddy = field.buttons[0] if isinstance(field, DayPicker) else field.focusProxy()
        label.setBuddy(buddy or field)
        self.addWidget(label, self.row, 0, self.label_alignment)
        self.addWidget(field, self.row, 1)
        self.row += 1
        if help_text:
            self.addWidget(note(help_text), self.row, 1)
            self.row += 1
        if error is not None:
            self.addWidget(error, self.row, 1)
            self.row += 1


class Page(QWidget):
    """One settings page: a title, a line under it, and its fields.

    A page reads its own part of the settings from its fields (:meth:`apply_to`) and
    shows the issues whose path points at one of them (:meth:`show_issues`).
    """

    changed = Signal()
    """Any field on the page was edited."""

    title = ""
    """The page's name in English (its key, as ``Spec.page`` names it); shown translated."""

    def __init__(self, subtitle: str, *, scrolling: bool = True) -> None:
        super().__init__()
        self.numbers: dict[Path, QSpinBox | QAbstractSlider] = {}
        """The widget of each whole-number setting on the page, by path."""
        self.errors: dict[Path, FieldError] = {}
        """Where the issues about each path are shown."""
        self.unreadable: list[SettingsIssue] = []
        """Text typed on the page that cannot be read, found by the last :meth:`apply_to`."""
        inner = QWidget()
        self.inner = inner
        inner.setObjectName("page")
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(24, 16, 24, 16)
        if scrolling:
            self.body.setSpacing(8)
        heading_label = QLabel(tr(self.title))
        heading_label.setObjectName("pageTitle")
        self.body.addWidget(heading_label)
        self.body.addWidget(note(subtitle))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        if not scrolling:
            outer.addWidget(inner)
            return
        self.body.addSpacing(6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # A page wider than the window (a long translation) scrolls sideways, never clips.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setWidget(inner)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(scroll)

    def wanted_width(self) -> int:
        """How wide the page would like to be: its content, with room for a scroll bar."""
        room = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) + 4
        return self.inner.minimumSizeHint().width() + room

    def edited(self, *_: Any) -> None:
        """Tell the dialog that a field changed (connect any widget signal here)."""
        self.changed.emit()

    def number_row(self, form: Form, settings: Settings, path: tuple[str, ...]) -> QSpinBox:
        """Add the spin box of the whole-number setting at ``path`` to ``form``; return it."""
        setting = next(s for s in settings_of(type(settings)) if s.path == path)
        return self._add_number(form, settings, setting)

    def add_other_numbers(self, form: Form, settings: Settings) -> None:
        """Add a row for each whole-number setting of this page not placed yet."""
        for setting in settings_of(type(settings)):
            if (
                setting.spec.page == self.title
                and setting.is_int
                and setting.spec.limits is not None
                and setting.path not in self.numbers
            ):
                self._add_number(form, settings, setting)

    def _add_number(self, form: Form, settings: Settings, setting: Setting) -> QSpinBox:
        spin = spin_for(setting, value_at(settings, setting.path))
        spin.valueChanged.connect(self.edited)
        self.numbers[setting.path] = spin
        self.errors[setting.path] = FieldError()
        form.add(
            tr(setting.spec.label),
            left(spin),
            self.errors[setting.path],
            tr(setting.spec.note),
        )
        return spin

    def apply_to(self, settings: Settings) -> Settings:
        """Return ``settings`` with this page's fields as they are now."""
        self.unreadable = []
        for path, widget in self.numbers.items():
            settings = replaced_at(settings, tuple(str(p) for p in path), widget.value())
        return settings

    def refresh(self, settings: Settings) -> None:
        """Update what depends on the settings as a whole (hints, enabled fields)."""

    def show_issues(self, issues: Sequence[SettingsIssue]) -> list[SettingsIssue]:
        """Show each issue under its field; return those shown here."""
        shown: dict[FieldError, list[str]] = {error: [] for error in self.errors.values()}
        placed: list[SettingsIssue] = []
        for issue in issues:
            error = self.errors.get(issue.path)
            if error is not None:
                shown[error].append(sentence(issue.message))
                placed.append(issue)
        for error, messages in shown.items():
            error.show_messages(messages)
        return placed


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Draw ``widget`` with the error frame or without it."""
    if widget.property("invalid") != invalid:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
