"""Starting the app process: the single-instance lock, the QApplication, and the event loop.

:func:`run` is what ``desk-breaks`` (with no command) ends in. Whatever keeps the app from
starting is told to the user by :func:`show_start_failure`, in a dialog as well as on
stderr: started from a menu or at login, nobody reads the app's stderr.
:mod:`desk_breaks.app` builds the running app itself.

The tray icon comes first: once the lock is taken, :func:`run` shows a plain icon
(:func:`show_starting_icon`) before it imports and builds the app, which then takes that
icon over. Until then only this module, the lock and Qt are loaded, so the icon docks about
as fast as a bare PySide6 tray app's (``bench/startup_idle.py``).
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from desk_breaks import APP_ID, APP_NAME, __version__, assets_dir
from desk_breaks.core.commands import EXIT_CANNOT_START, Show
from desk_breaks.core.i18n import N_, tr
from desk_breaks.core.paths import AppPaths
from desk_breaks.desktop.ipc.instance import InstanceGuard
from desk_breaks.desktop.qt.language import SYSTEM, LanguageSwitch

log = logging.getLogger("desk_breaks")


def _configure_logging() -> None:
    logging.basicConfig(
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


STARTING_TOOLTIP = N_("{app} — starting…")
"""The tray icon's tooltip until the app is built and says what comes next."""

START_FAILURE_TITLE = N_("{app} cannot start")
"""The title of the dialog that says why the app could not start (in English)."""


def start_failure_title() -> str:
    """:data:`START_FAILURE_TITLE` in the active language."""
    return tr(START_FAILURE_TITLE, app=APP_NAME)


def _display_available() -> bool:
    """Whether a dialog would reach a person (not offscreen, not a session without a screen)."""
    import os

    qapp = QApplication.instance()
    if isinstance(qapp, QGuiApplication):
        return QGuiApplication.platformName() not in ("offscreen", "minimal")
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0]
    if platform in ("offscreen", "minimal"):
        return False
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def show_start_failure(
    reason: str, argv: list[str] | None = None, *, show_box: bool | None = None
) -> int:
    """Tell the user why the app cannot start, and return the exit code for it.

    Started from a menu or at login, the app's stderr goes nowhere, so besides printing and
    logging the reason it shows a modal message box titled :data:`START_FAILURE_TITLE`
    (``show_box`` None: whenever a display is available) and returns when it is closed.
    ``argv`` is for the QApplication the box may need.
    """
    _configure_logging()
    text = reason[:1].upper() + reason[1:]
    title = start_failure_title()
    print(tr("{title}: {reason}", "failure", title=title, reason=reason), file=sys.stderr)
    log.error("cannot start: %s", reason)
    if show_box if show_box is not None else _display_available():
        from PySide6.QtWidgets import QMessageBox

        qapp = QApplication.instance() or QApplication(argv or [sys.argv[0]])
        assert isinstance(qapp, QApplication)
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            title,
            text,
            QMessageBox.StandardButton.Ok,
        )
        box.setObjectName("start-failure")
        box.exec()
        box.deleteLater()
    return EXIT_CANNOT_START


def show_starting_icon() -> QSystemTrayIcon:
    """Put the tray icon up at once, before the app is built; :class:`DeskBreaks` takes it over.

    It shows the active state's image (what the app shows once built, unless a session is
    already due) so the icon does not change picture a moment later for nothing.
    """
    icon = QSystemTrayIcon(QIcon(str(assets_dir() / "icons" / "tray-active.svg")))
    icon.setToolTip(tr(STARTING_TOOLTIP, app=APP_NAME))
    icon.show()
    return icon


def run(argv: list[str], *, paths: AppPaths | None = None) -> int:
    """Start the GUI app and run until it quits; return the exit code.

    Whatever keeps it from starting (no safe runtime folder, a lock it cannot take, a
    running instance that does not answer) goes through :func:`show_start_failure`. A
    running instance that answers is told to show itself, and that is success.
    """
    from desk_breaks.core.paths import NoSafeRuntimeDir
    from desk_breaks.desktop.ipc.instance import send_command

    _configure_logging()
    try:
        paths = paths or AppPaths.for_user()
    except NoSafeRuntimeDir as exc:
        return show_start_failure(str(exc), argv)
    guard = InstanceGuard(paths.runtime_dir)
    try:
        acquired = guard.try_acquire()
    except OSError as exc:
        reason = tr("cannot take the single-instance lock: {error}", error=exc)
        return show_start_failure(reason, argv)
    if not acquired:
        # Started at the same moment as another one, or the other one is stuck.
        reply = send_command(paths.runtime_dir, Show(), timeout_ms=1500)
        if reply is not None and reply.ok:
            print(reply.message)
            return 0
        # None: it quit in the meantime, and the lock is free again.
        if reply is not None or not guard.try_acquire():
            message = reply.message if reply is not None else tr("it holds the lock")
            return show_start_failure(not_responding(message), argv)
    qapp = QApplication.instance() or QApplication(argv)
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("desk-breaks")
    qapp.setApplicationDisplayName(APP_NAME)
    qapp.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName(APP_ID)
    qapp.setQuitOnLastWindowClosed(False)
    # The desktop's language for the first words; the app then applies the setting's.
    languages = LanguageSwitch(assets_dir() / "locale")
    languages.apply(SYSTEM)
    tray_icon = show_starting_icon()
    # Sends the dock request to the tray host now, not after the app is built.
    qapp.processEvents()
    # Imported only now: the app's modules take longer to load than Qt takes to show the icon.
    from desk_breaks.app import DeskBreaks
    from desk_breaks.core.clock import SystemClock
    from desk_breaks.desktop.ports import system_ports

    try:
        app = DeskBreaks(
            paths,
            SystemClock(),
            guard,
            ports=system_ports(),
            tray_icon=tray_icon,
            languages=languages,
        )
    except BaseException:
        tray_icon.hide()  # no icon left behind for an app that is not there
        raise
    # Told first: the folder refused is a neighbour's doing, the rest the user's own files.
    app.notices[:0] = paths.runtime_notices
    qapp.setWindowIcon(app.icons["app"])
    try:
        app.start()
    except OSError as exc:  # the command socket could not be set up
        app.shutdown()
        guard.release()
        return show_start_failure(str(exc), argv)
    try:
        return qapp.exec()
    finally:
        app.shutdown()
        guard.release()


def not_responding(message: str) -> str:
    """The start-up failure text for a running Desk Breaks that did not answer ``message``."""
    return tr(
        "another {app} is running but does not respond: {reason}. End that process "
        "(or log out and back in), then start {app} again.",
        app=APP_NAME,
        reason=message.rstrip("."),
    )
