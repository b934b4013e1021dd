"""The tray icon and its menu.

The menu reads top to bottom like a day: what comes next, start something now, put the
due session off, pause, then the app's own entries. It is rebuilt from a
:class:`~desk_breaks.core.presentation.Snapshot` whenever the engine changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QCursor, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from desk_breaks.core.content import Routine
from desk_breaks.core.engine import State
from desk_breaks.core.i18n import N_, tr, trn
from desk_breaks.core.presentation import (
    Snapshot,
    icon_name,
    menu_label,
    next_session_text,
    time_left_detail,
    tooltip_text,
)

PAUSE_CHOICES: tuple[tuple[str, int | str], ...] = (
    (N_("For 30 minutes"), 30),
    (N_("For 1 hour"), 60),
    (N_("Until tomorrow"), "tomorrow"),
)

MEETING_CHOICES: tuple[tuple[str, int], ...] = (
    (N_("A 30-minute meeting"), 30),
    (N_("A 1-hour meeting"), 60),
    (N_("A 2-hour meeting"), 120),
)
"""Meeting mode holds every session back and offers one a minute after it ends."""


class TrayController(QObject):
    """Shows the state in the tray and turns menu choices into signals."""

    start_requested = Signal(str)
    snooze_requested = Signal(int)
    skip_requested = Signal()
    pause_requested = Signal(object)
    """Minutes (int) or "tomorrow"."""
    resume_requested = Signal()
    meeting_requested = Signal(object)
    """Meeting mode for so many minutes (int), or "off"."""
    settings_requested = Signal()
    journal_requested = Signal()
    progress_requested = Signal()
    """The person asked for the progress window."""
    quit_requested = Signal()

    def __init__(
        self,
        icons: Mapping[str, QIcon],
        routines: Mapping[str, Routine],
        snooze_choices_min: Sequence[int],
        parent: QObject | None = None,
        *,
        icon: QSystemTrayIcon | None = None,
    ) -> None:
        """Build the menu for ``routines``; take over ``icon`` if one already shows.

        ``icon`` is the one :func:`desk_breaks.launch.run` put in the tray before the app
        was built, so the user sees it at once; without one, a new (hidden) icon is made.
        """
        super().__init__(parent)
        self._icons = icons
        self._routines = routines
        self._snooze_min: tuple[int, ...] = ()
        self.menu = QMenu()
        self.menu.setAccessibleName(tr("Desk Breaks menu"))

        # The most useful line of the menu: drawn in full text colour (a disabled entry is
        # grey, 1.9:1 on white), in bold, and it opens Settings, where the day is shown.
        self.next_action = self.menu.addAction("")
        bold = self.menu.font()
        bold.setBold(True)
        self.next_action.setFont(bold)
        self.next_action.triggered.connect(self.settings_requested)
        self.time_left = ""
        """The time left to what the first line names ("in 25 min"), "" when none."""
        self.menu.addSeparator()

        self.start_menu = self.menu.addMenu(tr("Start a session now"))
        self._fill_start_menu()

        self.snooze_menu = self.menu.addMenu(tr("Snooze"))
        self.set_snooze_choices(snooze_choices_min)
        self.skip_action = self.menu.addAction(tr("Skip this session"))
        self.skip_action.triggered.connect(self.skip_requested)

        self.pause_menu = self.menu.addMenu(tr("Pause"))
        for label, value in PAUSE_CHOICES:
            action = self.pause_menu.addAction(tr(label))
            action.triggered.connect(lambda _=False, v=value: self.pause_requested.emit(v))
        self.resume_action = self.menu.addAction(tr("Resume"))
        self.resume_action.triggered.connect(self.resume_requested)

        self.meeting_menu = self.menu.addMenu(tr("Meeting mode"))
        for label, minutes in MEETING_CHOICES:
            action = self.meeting_menu.addAction(tr(label))
            action.triggered.connect(lambda _=False, m=minutes: self.meeting_requested.emit(m))
        self.meeting_off_action = self.menu.addAction(tr("End meeting mode"))
        self.meeting_off_action.triggered.connect(lambda: self.meeting_requested.emit("off"))

        self.menu.addSeparator()
        self.journal_action = self.menu.addAction(tr("Rate today's comfort…"))
        self.journal_action.triggered.connect(self.journal_requested)
        self.progress_action = self.menu.addAction(tr("Progress…"))
        self.progress_action.triggered.connect(self.progress_requested)
        self.settings_action = self.menu.addAction(tr("Settings and history…"))
        self.settings_action.triggered.connect(self.settings_requested)
        self.quit_action = self.menu.addAction(tr("Quit Desk Breaks"))
        self.quit_action.triggered.connect(self.quit_requested)

        self._menu_titles = [
            (self.start_menu, N_("Start a session now")),
            (self.snooze_menu, N_("Snooze")),
            (self.pause_menu, N_("Pause")),
            (self.meeting_menu, N_("Meeting mode")),
        ]
        self._action_texts = [
            (self.skip_action, N_("Skip this session")),
            (self.resume_action, N_("Resume")),
            (self.meeting_off_action, N_("End meeting mode")),
            (self.journal_action, N_("Rate today's comfort…")),
            (self.progress_action, N_("Progress…")),
            (self.settings_action, N_("Settings and history…")),
            (self.quit_action, N_("Quit Desk Breaks")),
        ]
        pause_actions = self.pause_menu.actions()
        meeting_actions = self.meeting_menu.actions()
        self._action_texts += [
            (a, label) for a, (label, _) in zip(pause_actions, PAUSE_CHOICES, strict=True)
        ]
        self._action_texts += [
            (a, label) for a, (label, _) in zip(meeting_actions, MEETING_CHOICES, strict=True)
        ]
        self.icon = icon if icon is not None else QSystemTrayIcon()
        self.icon.setIcon(icons["tray-active"])
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._on_activated)

    def _fill_start_menu(self) -> None:
        self.start_menu.clear()
        routines = self._routines.values()
        for routine in sorted(routines, key=lambda r: (r.duration_s(), r.name)):
            action = self.start_menu.addAction(menu_label(routine))
            action.triggered.connect(lambda _=False, rid=routine.id: self.start_requested.emit(rid))

    def retranslate(self) -> None:
        """Say every menu entry again in the language now installed (Settings changed it).

        Each entry's English text is its key in the catalog; the routines' names come from
        the content, which the app has relabelled by then.
        """
        for menu, english in self._menu_titles:
            menu.setTitle(tr(english))
        for action, english in self._action_texts:
            action.setText(tr(english))
        self.menu.setAccessibleName(tr("Desk Breaks menu"))
        self._fill_start_menu()
        self.set_snooze_choices(self._snooze_min)

    def set_snooze_choices(self, choices_min: Sequence[int]) -> None:
        """Offer these snooze lengths."""
        self._snooze_min = tuple(choices_min)
        self.snooze_menu.clear()
        for minutes in choices_min:
            action = self.snooze_menu.addAction(trn("{n} minute", "{n} minutes", minutes))
            action.triggered.connect(lambda _=False, m=minutes: self.snooze_requested.emit(m))

    def show(self) -> None:
        """Put the icon in the tray."""
        self.icon.show()

    def hide(self) -> None:
        """Take the icon out of the tray."""
        self.icon.hide()

    def update(self, snap: Snapshot, *, can_snooze: bool) -> None:
        """Show ``snap``: icon, tooltip, the first menu line and which entries apply."""
        self.icon.setIcon(self._icons[icon_name(snap.state)])
        self.icon.setToolTip(tooltip_text(snap, self._routines))
        self.next_action.setText(next_session_text(snap, self._routines))
        self.time_left = time_left_detail(snap)
        due = snap.state in (State.PROMPTING, State.SNOOZED)
        self.snooze_menu.setEnabled(due and can_snooze)
        self.skip_action.setEnabled(due)
        self.skip_action.setVisible(due)
        self.start_menu.setEnabled(snap.state is not State.IN_SESSION)
        paused = snap.paused_until is not None
        self.pause_menu.setEnabled(not paused)
        self.resume_action.setEnabled(paused)
        self.resume_action.setVisible(paused)
        meeting = snap.meeting_until is not None
        self.meeting_menu.setEnabled(not paused and snap.state is not State.IN_SESSION)
        self.meeting_off_action.setEnabled(meeting)
        self.meeting_off_action.setVisible(meeting)

    def actions_by_text(self) -> dict[str, QAction]:
        """Every action in the menu and its submenus, by text (for tests and scripts)."""
        found: dict[str, QAction] = {}
        menus = (self.menu, self.start_menu, self.snooze_menu, self.pause_menu, self.meeting_menu)
        for menu in menus:
            for action in menu.actions():
                if action.text():
                    found[action.text()] = action
        return found

    def notify(self, title: str, message: str) -> None:
        """Show a tray balloon (where the tray supports it)."""
        if self.icon.isVisible() and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 8000)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.menu.popup(QCursor.pos())
