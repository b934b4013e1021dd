"""APScheduler's trigger classes, imported without the package's start-up extras.

Desk Breaks uses only APScheduler's triggers, which are pure date arithmetic. Importing them
the ordinary way also runs two things the triggers never use:

- ``apscheduler/__init__.py`` looks its own version up through :mod:`importlib.metadata`,
  which loads the ``email``, ``zipfile`` and ``csv`` machinery and scans ``site-packages``;
- ``apscheduler/util.py`` imports :mod:`asyncio` (and with it :mod:`ssl` and OpenSSL) only
  for ``iscoroutinefunction``, which the executors use and the triggers do not.

Together that is about 10 MiB of resident memory in a tray app whose idle budget is 55 MiB
(measured with ``bench/startup_idle.py``). So this module creates the ``apscheduler``
package object from its spec without running its ``__init__`` (the version stays available,
computed on first access), and lets ``apscheduler.util`` see :func:`inspect.iscoroutinefunction`
under the name it imports from :mod:`asyncio`.

The triggers also want ``timegm`` and ``monthrange`` from :mod:`calendar`, which imports
:mod:`locale` (its alias tables: about 0.25 MiB) for its locale-aware calendars alone. So
:mod:`calendar` is imported with a stand-in ``locale`` that imports the real one when first
used (:class:`_LocaleOnUse`); a later ``import locale`` anywhere gets the real one.

Nothing is changed when ``apscheduler``, :mod:`asyncio` or :mod:`calendar` were already
imported by someone else: then there is nothing left to save. ``tests/core/test_triggers.py``
checks both the savings and that the triggers (and calendar) are the real ones.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
import types


def _package_version(name: str) -> object:
    """Module ``__getattr__`` for the lean package: the version attributes, computed lazily."""
    if name in ("version", "__version__", "release", "version_info"):
        from importlib import metadata

        release = metadata.version("APScheduler").split("-")[0]
        info = tuple(int(part) if part.isdigit() else part for part in release.split("."))
        return {
            "release": release,
            "version_info": info,
            "version": ".".join(str(part) for part in info[:3]),
            "__version__": ".".join(str(part) for part in info[:3]),
        }[name]
    raise AttributeError(f"module 'apscheduler' has no attribute {name!r}")


class _LocaleOnUse(types.ModuleType):
    """:mod:`calendar`'s ``_locale``: the real :mod:`locale`, imported on first use."""

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):  # __file__ ...: what import hooks (PySide6's) look at
            raise AttributeError(name)
        if sys.modules.get("locale") is self:
            del sys.modules["locale"]
        return getattr(importlib.import_module("locale"), name)


def _import_calendar() -> None:
    if "calendar" in sys.modules or "locale" in sys.modules:
        return
    stand_in = _LocaleOnUse("locale")
    sys.modules["locale"] = stand_in
    try:
        importlib.import_module("calendar")
    finally:
        # Only while calendar binds its name: a later `import locale` gets the real one.
        if sys.modules.get("locale") is stand_in:
            del sys.modules["locale"]


def _lean_import() -> None:
    if "apscheduler" not in sys.modules:
        spec = importlib.util.find_spec("apscheduler")
        if spec is None:
            raise ImportError("APScheduler is not installed (pip install 'APScheduler>=3.11,<4')")
        package = importlib.util.module_from_spec(spec)
        package.__dict__["__getattr__"] = _package_version
        sys.modules["apscheduler"] = package
    _import_calendar()
    if "apscheduler.util" in sys.modules or "asyncio" in sys.modules:
        return
    stand_in = types.ModuleType("asyncio")
    stand_in.__dict__["iscoroutinefunction"] = inspect.iscoroutinefunction
    sys.modules["asyncio"] = stand_in
    try:
        importlib.import_module("apscheduler.util")
    finally:
        # Only while apscheduler.util binds its name: a later `import asyncio` gets the real one.
        if sys.modules.get("asyncio") is stand_in:
            del sys.modules["asyncio"]


_lean_import()

from apscheduler.triggers.base import BaseTrigger  # noqa: E402
from apscheduler.triggers.combining import OrTrigger  # noqa: E402
from apscheduler.triggers.cron import CronTrigger  # noqa: E402

__all__ = ["BaseTrigger", "CronTrigger", "OrTrigger"]
