"""The Flatpak manifest, checked without flatpak-builder (it would need Flathub).

Structure, the app id, the command, sources that exist and match the declared dependencies,
and permissions that are each justified and actually used.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name, parse_wheel_filename

from desk_breaks import APP_ID
from tests.packaging.conftest import PACKAGING, ROOT, pyproject

MANIFEST = PACKAGING / "linux" / f"{APP_ID}.yml"

# Every permission the app gets, and why. Anything else in the manifest fails the test.
JUSTIFIED = {
    "--share=ipc": "X11 shared memory for Qt's xcb backend",
    "--socket=wayland": "windows on Wayland",
    "--socket=fallback-x11": "windows on X11 when there is no Wayland",
    "--socket=pulseaudio": "session sound cues (QtMultimedia)",
    "--talk-name=org.freedesktop.Notifications": "notifications when a session is due",
    "--talk-name=org.kde.StatusNotifierWatcher": "registering the tray icon",
    "--own-name=org.kde.StatusNotifierItem-2-1": "the tray icon's own bus name (pid 2, icon 1)",
    "--talk-name=org.freedesktop.ScreenSaver": "idle time on KDE",
    "--talk-name=org.gnome.Mutter.IdleMonitor": "idle time on GNOME",
    "--system-talk-name=org.freedesktop.login1": "PrepareForSleep: re-plan after suspend",
}
# Bus names the app uses only through Qt, so they appear nowhere in desk_breaks/.
USED_BY_QT = {"org.kde.StatusNotifierWatcher", "org.kde.StatusNotifierItem-2-1"}
REQUIRED_KEYS = {"id", "runtime", "runtime-version", "sdk", "command", "finish-args", "modules"}


def manifest() -> dict:  # type: ignore[type-arg]
    data = yaml.safe_load(MANIFEST.read_text())
    assert isinstance(data, dict)
    return data


def module(name: str) -> dict:  # type: ignore[type-arg]
    (found,) = [m for m in manifest()["modules"] if m["name"] == name]
    return found


def test_required_keys_and_the_app_id() -> None:
    data = manifest()
    assert set(data) >= REQUIRED_KEYS
    assert data["id"] == APP_ID
    assert MANIFEST.name == f"{APP_ID}.yml"


def test_the_command_is_the_gui_script_the_wheel_installs() -> None:
    assert manifest()["command"] in pyproject()["project"]["gui-scripts"]  # type: ignore[index]


def test_every_permission_is_justified_and_none_is_broad() -> None:
    args = manifest()["finish-args"]
    assert len(args) == len(set(args))
    assert set(args) == set(JUSTIFIED)
    assert not any(
        a.startswith(("--filesystem", "--share=network", "--device", "--socket=session-bus"))
        or a == "--socket=system-bus"
        or "*" in a
        for a in args
    )


def test_every_bus_name_granted_is_one_the_code_uses() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "desk_breaks").rglob("*.py"))
    granted = [a.split("=", 1)[1] for a in manifest()["finish-args"] if "-name=" in a]
    unused = [name for name in granted if name not in USED_BY_QT and f'"{name}"' not in source]
    assert unused == []


def test_the_pyside_base_app_matches_the_runtime_and_the_pyside_pin() -> None:
    data = manifest()
    assert data["base"] == "io.qt.PySide.BaseApp"
    assert data["base-version"] == data["runtime-version"]
    (pin,) = [
        Requirement(d)
        for d in pyproject()["project"]["dependencies"]  # type: ignore[index]
        if d.startswith("PySide6")
    ]
    assert pin.specifier.contains(f"{data['base-version']}.0")


def test_the_wheels_pinned_are_the_dependencies_pyproject_declares() -> None:
    sources = module("python3-dependencies")["sources"]
    wheels = {}
    for source in sources:
        assert source["type"] == "file"
        assert re.fullmatch(r"[0-9a-f]{64}", source["sha256"])
        name, version, _, _ = parse_wheel_filename(source["url"].rsplit("/", 1)[1])
        wheels[canonicalize_name(name)] = version
    declared = {}
    for dependency in pyproject()["project"]["dependencies"]:  # type: ignore[index]
        requirement = Requirement(dependency)
        if requirement.marker is None or requirement.marker.evaluate({"sys_platform": "linux"}):
            declared[canonicalize_name(requirement.name)] = requirement.specifier
    declared.pop(canonicalize_name("PySide6-Essentials"))  # the BaseApp's
    # APScheduler needs tzlocal: the one transitive dependency, pinned as well.
    declared[canonicalize_name("tzlocal")] = SpecifierSet(">=3.0")
    assert set(wheels) == set(declared)
    assert all(declared[name].contains(version) for name, version in wheels.items())
    installed = shlex.split(module("python3-dependencies")["build-commands"][0])
    assert {canonicalize_name(w) for w in installed[-len(wheels) :]} == set(wheels)


def test_the_files_the_app_module_installs_exist() -> None:
    app = module("desk-breaks")
    (source,) = app["sources"]
    assert (MANIFEST.parent / source["path"]).resolve() == ROOT
    copied = []
    for command in app["build-commands"]:
        words = shlex.split(command)
        if words[0] in ("install", "cp"):  # install -Dm644 SRC ... / cp -r SRC ...
            copied.append(words[2])
    assert copied, "the module installs no desktop integration files"
    for path in copied:
        assert (ROOT / path).exists(), path
    assert f"packaging/linux/{APP_ID}.desktop" in copied
    assert f"packaging/linux/{APP_ID}.metainfo.xml" in copied
    assert any(Path(p).name == "hicolor" for p in copied)
