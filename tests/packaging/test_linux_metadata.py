"""The desktop entry and the AppStream metainfo: valid, consistent, and never stale."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desk_breaks import APP_ID, APP_NAME, __version__
from tests.helpers.tools import require_tools
from tests.packaging.conftest import PACKAGING, ROOT, load_script, pyproject

metainfo = load_script("metainfo")
DESKTOP = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"

CHANGELOG = """\
# Changelog

## [Unreleased]

### Added
- Something not yet released.

## [0.2.0] - 2026-05-04

### Added
- Sound cues, off by default (`sound = true` in settings.toml).
- A [documented](docs/x.md) way to
  import routines & share them.

### Fixed
- The prompt no longer <flickers>.

## [0.1.0] - 2026-03-02

### Added
- The first release.
"""


def tool(name: str) -> str:
    require_tools(name)
    path = shutil.which(name)
    assert path is not None
    return path


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_file_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        [tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_the_desktop_file_launches_the_installed_gui_command_under_the_app_id() -> None:
    entry = desktop_entry()
    scripts = pyproject()["project"]["gui-scripts"]  # type: ignore[index]
    assert entry["Exec"].split()[0] in scripts
    assert entry["Icon"] == APP_ID
    assert entry["Name"] == APP_NAME
    # Qt names the X11 window class after the application name set in desk_breaks/launch.py.
    assert (
        f'setApplicationName("{entry["StartupWMClass"]}")'
        in (ROOT / "desk_breaks" / "launch.py").read_text()
    )


def test_the_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_metainfo_is_in_step_with_readme_and_changelog() -> None:
    assert metainfo.main(["--check"]) == 0


def test_the_metainfo_names_the_app_its_launcher_licence_and_rating() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("project_license") == pyproject()["project"]["license"]  # type: ignore[index]
    assert root.find("content_rating").get("type") == "oars-1.1"  # type: ignore[union-attr]
    assert root.findtext("provides/binary") == desktop_exec()


def desktop_exec() -> str:
    return desktop_entry()["Exec"].split()[0]


def test_screenshots_are_the_readmes_at_the_release_tag() -> None:
    readme = (ROOT / "README.md").read_text()
    root = ET.parse(METAINFO).getroot()
    urls = [image.text or "" for image in root.iter("image")]
    prefix = f"{metainfo.RAW_BASE}/v{__version__}/"
    assert urls and all(url.startswith(prefix) for url in urls)
    paths = [url.removeprefix(prefix) for url in urls]
    assert all((ROOT / path).is_file() and f"({path})" in readme for path in paths)
    assert root.find("screenshots/screenshot").get("type") == "default"  # type: ignore[union-attr]


def test_releases_come_from_the_changelog_and_validate(tmp_path: Path) -> None:
    text = metainfo.render(METAINFO.read_text(), (ROOT / "README.md").read_text(), CHANGELOG)
    out = tmp_path / METAINFO.name
    out.write_text(text)
    releases = ET.fromstring(text).findall("releases/release")
    assert [(r.get("version"), r.get("date")) for r in releases] == [
        ("0.2.0", "2026-05-04"),
        ("0.1.0", "2026-03-02"),
    ]
    items = [li.text for li in releases[0].iter("li")]
    assert items == [
        "Sound cues, off by default (sound = true in settings.toml).",
        "A documented way to import routines & share them.",
        "The prompt no longer <flickers>.",
    ]
    assert [p.text for p in releases[0].iter("p")] == ["Added:", "Fixed:"]
    result = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_metainfo_without_the_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="lacks the screenshots markers"):
        metainfo.render("<component/>", "", "")
