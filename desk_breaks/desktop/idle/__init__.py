"""Idle time port: how long since the user last touched the keyboard or the mouse.

    from desk_breaks.desktop.idle.factory import create_idle_source

    source = create_idle_source()      # a NullIdleSource when this desktop cannot tell
    ms = source.idle_ms()              # None when it cannot tell right now
    source.close()

This module is the contract (:class:`IdleSource`, :class:`ActivityWatch`,
:class:`NullIdleSource`) and imports no backend. The backends sit beside it, one module
each, imported only when :mod:`.factory` chooses them:

================  ===========================================================  ===============
name              how                                                          module
================  ===========================================================  ===============
``x11``           MIT-SCREEN-SAVER ``XScreenSaverQueryInfo`` (ctypes, libXss)   ``x11``
``gnome``         ``org.gnome.Mutter.IdleMonitor.GetIdletime`` (session bus)   ``gnome``
``kde``           ``org.freedesktop.ScreenSaver.GetSessionIdleTime``           ``kde``
``wayland``       the compositor's ``ext_idle_notifier_v1`` or                 ``wayland``
                  ``org_kde_kwin_idle`` (a Wayland connection of its own)
``windows``       ``GetLastInputInfo`` + ``GetTickCount64`` (ctypes)            ``windows``
``macos``         ``CGEventSourceSecondsSinceLastEventType`` (ctypes)           ``macos``
================  ===========================================================  ===============

The factory orders them by platform and session (:func:`~.factory.plan_idle_backends`), tries
each once (a backend's constructor probes the service and raises ``PortUnavailable`` when
it does not answer) and keeps the first that works. On Wayland the X11 backend is not
tried: through XWayland it sees only input sent to X11 windows, so it would report a user
typing in a native Wayland window as idle.

How a backend tells of changes, besides answering :meth:`IdleSource.idle_ms`:

* :class:`ActivityWatch` (X11, GNOME): asked while the user is away, it says when input
  resumes; going away is noticed by polling the idle time.
* :class:`IdleNotifier` (Wayland): the compositor has no "how long idle" question, only
  notifications, so the source is told the threshold and says both when input has stopped
  for that long and when it resumes. Events come only at those two moments.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["ActivityWatch", "IdleNotifier", "IdleSource", "NullIdleSource", "why_unavailable"]


@runtime_checkable
class IdleSource(Protocol):
    """Where the idle time comes from."""

    @property
    def name(self) -> str:
        """Short backend name for logs and ``status`` (``x11``, ``gnome``, ...)."""
        ...

    def idle_ms(self) -> int | None:
        """Milliseconds since the last user input, or None when it cannot tell right now."""
        ...

    def close(self) -> None:
        """Release the connection or library handle (idempotent)."""
        ...


@runtime_checkable
class ActivityWatch(Protocol):
    """An idle source that can also say when input resumes, so an away user costs no polls.

    Optional: the presence monitor checks ``isinstance(source, ActivityWatch)``. The watch
    is one-shot and event-driven through a file descriptor, so the backend stays Qt-free:

    1. :meth:`arm_activity_watch` asks to be told of the next input and returns a file
       descriptor that becomes readable when something arrived for the watch (a connection
       of the watch's own, so no other query can read its event first and leave the
       descriptor quiet);
    2. when it is readable, :meth:`activity_seen` reads what arrived without blocking and
       says whether the watch fired (the caller then reads the idle time to get the moment);
    3. :meth:`disarm_activity_watch` drops a pending watch (idempotent).

    Arming raises ``PortUnavailable`` when the desktop refuses; the monitor then falls
    back to polling.
    """

    def arm_activity_watch(self) -> int:
        """Watch for the next input; return the descriptor to wait on for readability."""
        ...

    def activity_seen(self) -> bool:
        """Read what is pending on the descriptor (never blocks); True when input happened."""
        ...

    def disarm_activity_watch(self) -> None:
        """Cancel the pending watch, if any."""
        ...


@runtime_checkable
class IdleNotifier(Protocol):
    """An idle source that is told the threshold and pushes both changes: away and back.

    Optional, like :class:`ActivityWatch` (the presence monitor checks ``isinstance``):

    1. :meth:`notify_after` asks to be told when input stops for ``threshold_ms`` and when
       it resumes after that (again when the threshold changes), and returns a descriptor
       that becomes readable when something arrived;
    2. when it is readable, :meth:`changed` reads what arrived without blocking and says
       whether the idle state changed (the caller then reads :meth:`IdleSource.idle_ms`,
       which is exact from the moment input stopped for the threshold, and 0 below it).

    ``notify_after`` raises ``PortUnavailable`` when the desktop refuses; the monitor then
    polls.
    """

    def notify_after(self, threshold_ms: int) -> int:
        """Notify after ``threshold_ms`` without input, and on input after that; the descriptor."""
        ...

    def changed(self) -> bool:
        """Read what is pending on the descriptor (never blocks); True when the state changed."""
        ...


class NullIdleSource:
    """No idle time on this desktop: every answer is "cannot tell" (natural breaks are off)."""

    def __init__(self, reason: str = "no idle backend works here") -> None:
        """Remember why there is no idle time (for the log and diagnostics)."""
        self.reason = reason

    @property
    def name(self) -> str:
        """``none``: what ``status`` shows as the idle backend."""
        return "none"

    def idle_ms(self) -> int | None:
        """Always None: the idle time is not known."""
        return None

    def close(self) -> None:
        """Nothing to release."""


def why_unavailable(source: IdleSource | None) -> str | None:
    """Why there is no idle time (the reason a :class:`NullIdleSource` keeps), else None."""
    if source is None:
        return "no idle source"
    return source.reason if isinstance(source, NullIdleSource) else None
