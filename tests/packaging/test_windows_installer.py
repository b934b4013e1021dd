"""The Inno Setup script cannot be compiled here: check it against the spec and the app."""

from __future__ import annotations

import re
from pathlib import PureWindowsPath

from desk_breaks import APP_ID, APP_NAME, __version__
from desk_breaks.desktop.autostart import windows as autostart_windows
from tests.packaging.conftest import PACKAGING, load_script

build_bundle = load_script("build_bundle")
ISS = PACKAGING / "windows" / "desk-breaks.iss"
SPEC = PACKAGING / "desk-breaks.spec"


def iss() -> str:
    return ISS.read_text()


def defines() -> dict[str, str]:
    return dict(re.findall(r'^\s*#define (\w+) "([^"]*)"', iss(), flags=re.MULTILINE))


def section(name: str) -> list[str]:
    body = iss().split(f"[{name}]\n", 1)[1].split("\n[", 1)[0]
    return [line for line in body.splitlines() if line.strip() and not line.startswith(";")]


def setup() -> dict[str, str]:
    return dict(line.split("=", 1) for line in section("Setup"))


def test_identity_matches_the_app() -> None:
    d = defines()
    assert (d["AppId"], d["AppName"], d["AppVersion"]) == (APP_ID, APP_NAME, __version__)
    assert setup()["AppId"] == "{#AppId}"


def test_it_installs_the_spec_output_folder_per_user() -> None:
    d = defines()
    bundle = (ISS.parent / PureWindowsPath(d["BundleDir"]).as_posix()).resolve()
    assert bundle == build_bundle.BUNDLE.resolve()
    exe_names = re.findall(r'EXE\([^)]*name="([^"]+)"', SPEC.read_text())
    assert {d["AppExe"], d["CliExe"]} == {f"{name}.exe" for name in exe_names}
    assert setup()["PrivilegesRequired"] == "lowest"
    assert setup()["DefaultDirName"] == r"{autopf}\{#AppName}"  # %LOCALAPPDATA%\Programs
    assert (ISS.parent / setup()["SetupIconFile"]).is_file()
    (files,) = section("Files")
    assert files.startswith('Source: "{#BundleDir}\\*"') and "recursesubdirs" in files


def test_the_start_menu_entry_carries_the_app_user_model_id() -> None:
    (icon,) = section("Icons")
    assert 'Name: "{autoprograms}\\{#AppName}"' in icon
    assert 'Filename: "{app}\\{#AppExe}"' in icon
    assert 'AppUserModelID: "{#AppId}"' in icon


def test_start_at_sign_in_is_the_value_the_app_itself_writes() -> None:
    assert defines()["RunKey"] == autostart_windows.RUN_KEY
    assert defines()["ApprovedKey"] == autostart_windows.APPROVED_KEY
    (value,) = section("Registry")
    assert 'Root: HKCU; Subkey: "{#RunKey}"' in value
    assert 'ValueName: "{#AppName}"' in value
    assert "Tasks: autostart" in value and "uninsdeletevalue" in value
    assert any(line.startswith('Name: "autostart"') for line in section("Tasks"))


def test_uninstall_quits_the_app_and_removes_autostart_however_it_was_made() -> None:
    (run,) = section("UninstallRun")
    assert 'Filename: "{app}\\{#CliExe}"; Parameters: "quit"' in run
    code = iss().split("[Code]", 1)[1]
    assert "usPostUninstall" in code
    assert "RegDeleteValue(HKEY_CURRENT_USER, '{#RunKey}', '{#AppName}')" in code
    assert "RegDeleteValue(HKEY_CURRENT_USER, '{#ApprovedKey}', '{#AppName}')" in code
    # User data is never deleted: no [UninstallDelete] section reaching into AppData.
    assert "[UninstallDelete]" not in iss()
