"""The lean APScheduler import: the same trigger classes, without asyncio or metadata."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from desk_breaks.core.triggers import CronTrigger, OrTrigger


def run_python(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def test_the_schedule_loads_without_asyncio_ssl_or_package_metadata() -> None:
    lines = run_python(
        "import sys\n"
        "import desk_breaks.core.schedule\n"
        "print(sorted(m for m in ('asyncio', 'ssl', 'importlib.metadata', 'email')"
        " if m in sys.modules))\n"
    )
    assert lines == ["[]"]


def test_the_package_still_knows_its_version_and_asyncio_is_the_real_one_afterwards() -> None:
    lines = run_python(
        "from importlib import metadata\n"
        "import desk_breaks.core.triggers\n"
        "import apscheduler, asyncio\n"
        "print(apscheduler.__version__ == metadata.version('APScheduler').split('-')[0])\n"
        "print(apscheduler.version_info[0] == 3, hasattr(asyncio, 'get_event_loop'))\n"
    )
    assert lines == ["True", "True True"]


def test_the_schedule_loads_calendar_without_locale() -> None:
    lines = run_python(
        "import sys\n"
        "import desk_breaks.core.schedule\n"
        "print('calendar' in sys.modules, 'locale' in sys.modules)\n"
    )
    assert lines == ["True False"]


def test_calendar_s_locale_is_the_real_one_when_used() -> None:
    lines = run_python(
        "import sys\n"
        "import desk_breaks.core.triggers\n"
        "import calendar\n"
        "print(calendar.LocaleTextCalendar(locale='C').formatmonthname(2026, 3, 0))\n"
        "import locale\n"
        "print(sys.modules['locale'] is locale, calendar._locale.setlocale is locale.setlocale)\n"
        "print(hasattr(locale, 'locale_alias'))\n"
    )
    assert lines == ["March 2026", "True True", "True"]


def test_nothing_changes_when_apscheduler_was_imported_first() -> None:
    lines = run_python(
        "import apscheduler.triggers.cron as cron, asyncio\n"
        "from desk_breaks.core.triggers import CronTrigger\n"
        "print(CronTrigger is cron.CronTrigger, asyncio.iscoroutinefunction.__module__)\n"
    )
    assert lines == ["True asyncio.coroutines"]


def test_the_triggers_are_apschedulers_own_and_compute_due_times() -> None:
    zone = ZoneInfo("Europe/Berlin")
    trigger = OrTrigger(
        [
            CronTrigger(hour=9, minute=30, day_of_week="mon-fri", timezone=zone),
            CronTrigger(hour=12, minute=30, day_of_week="mon-fri", timezone=zone),
        ]
    )
    assert type(trigger).__module__ == "apscheduler.triggers.combining"
    friday_noon = datetime(2026, 11, 20, 12, 0, tzinfo=zone)
    assert trigger.get_next_fire_time(None, friday_noon) == datetime(
        2026, 11, 20, 12, 30, tzinfo=zone
    )
    after_lunch = datetime(2026, 11, 20, 13, 0, tzinfo=zone)
    assert trigger.get_next_fire_time(None, after_lunch) == datetime(
        2026, 11, 23, 9, 30, tzinfo=zone
    )
