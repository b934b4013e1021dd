"""The settings store without Qt: what is read, used, written and reloaded, and when."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from desk_breaks import assets_dir
from desk_breaks.core import settings_file
from desk_breaks.core.content_files import load_library
from desk_breaks.core.settings import Settings
from desk_breaks.core.settings_store import SettingsStore

ROUTINES = load_library([assets_dir()]).routines


class Switch:
    """Stands for the autostart port's switch; remembers what it was told."""

    def __init__(self, ok: bool = True) -> None:
        self.ok = ok
        self.changes: list[bool] = []

    def __call__(self, enabled: bool) -> tuple[bool, str]:
        self.changes.append(enabled)
        return (True, "switched") if self.ok else (False, "the desktop said no")


def started(
    path: Path, *, switch: Switch | None = None, entry: bool | None = None
) -> SettingsStore:
    store = SettingsStore(path, [], switch_autostart=switch)
    store.start(store.read(), ROUTINES, autostart_enabled=entry)
    return store


def test_a_first_run_writes_the_defaults_only_when_asked_to(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    store = started(path)
    assert store.first_run and not path.exists()  # the app writes once its icon shows
    saved: list[bytes] = []
    store.on_saved = saved.append
    store.write_pending()
    assert path.read_bytes() == saved[0]
    store.write_pending()  # once only
    assert len(saved) == 1


def test_a_session_whose_routine_is_missing_is_switched_off_and_said(tmp_path: Path) -> None:
    store = started(tmp_path / "settings.toml")
    lunch = next(s for s in store.current.slots if s.id == "lunch")
    usable = store.usable(replace(store.current, slots=(replace(lunch, routine="gone"),)))
    assert not usable.slots[0].enabled
    assert any("gone" in notice and "switched off" in notice for notice in store.notices)


def test_the_autostart_entry_is_followed_and_recorded_in_a_sound_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    settings_file.save(path, Settings())
    store = started(path, entry=True)
    assert store.current.start_at_login is True
    store.write_pending()
    assert settings_file.load(path).settings.start_at_login is True


def test_a_file_with_faults_is_not_rewritten_to_follow_the_entry(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("schema_version = 1\nidle_threshold_min = 0\n")
    store = started(path, entry=True)
    store.write_pending()
    assert path.read_text() == "schema_version = 1\nidle_threshold_min = 0\n"
    assert store.current.start_at_login is True  # in force, though not written


def test_apply_switches_autostart_and_saves_and_a_failure_is_told(tmp_path: Path) -> None:
    switch = Switch(ok=False)
    store = started(tmp_path / "settings.toml", switch=switch)
    change = store.apply(replace(store.current, start_at_login=True))
    assert switch.changes == [True]
    assert change.problem == "the desktop said no"
    assert change.new.start_at_login is True and not change.old.start_at_login


def test_a_hand_edit_is_applied_whole_or_not_at_all(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    store = started(path)
    store.write_pending()
    assert store.reload_from_disk().title is None  # nothing changed: nothing to say
    text = path.read_text()
    path.write_text(text.replace('time = "12:30"', 'time = "12:45"'))
    reload = store.reload_from_disk()
    assert reload.change is not None and reload.title == "Settings updated"
    assert reload.change.new == store.current
    path.write_text(text.replace("idle_threshold_min = 5", "idle_threshold_min = 0"))
    refused = store.reload_from_disk()
    assert refused.change is None and refused.title == "settings.toml has problems; not applied"
    assert "Nothing was changed" in refused.body
    assert store.current == reload.change.new  # still the last good edit


def test_start_at_login_from_the_command_is_saved_to_match(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    switch = Switch()
    store = started(path, switch=switch)
    assert store.switch_start_at_login(True) == (True, "switched")
    assert settings_file.load(path).settings.start_at_login is True
    unavailable = started(tmp_path / "other.toml")
    ok, message = unavailable.switch_start_at_login(True)
    assert not ok and "not available" in message
