; Inno Setup script for Desk Breaks: a per-user installer of the PyInstaller bundle.
;
;   python packaging\build_bundle.py
;   iscc /DAppVersion=0.1.0 packaging\windows\desk-breaks.iss
;
; Installs packaging\dist\desk-breaks\ (the spec's output folder) into
; %LOCALAPPDATA%\Programs\Desk Breaks without administrator rights, adds a Start-menu entry
; carrying the app's AppUserModelID, and offers to start at sign-in. Settings and history
; live in the user's AppData folders and are never touched: an upgrade or a reinstall
; keeps them. tests/packaging/test_windows_installer.py checks this file against the spec.

#define AppId "io.github.deskbreaks.DeskBreaks"
#define AppName "Desk Breaks"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppExe "desk-breaks.exe"
#define CliExe "desk-breaks-cli.exe"
#define BundleDir "..\dist\desk-breaks"
#define RunKey "Software\Microsoft\Windows\CurrentVersion\Run"
#define ApprovedKey "Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"

[Setup]
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=The Desk Breaks team
AppPublisherURL=https://github.com/deskbreaks/DeskBreaks
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
SetupIconFile=desk-breaks.ico
OutputDir=..\dist
OutputBaseFilename=desk-breaks-{#AppVersion}-setup
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Closes a running Desk Breaks (Restart Manager) before files are replaced on upgrade.
CloseApplications=yes
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Tasks]
Name: "autostart"; Description: "Start {#AppName} when I sign in"; GroupDescription: "Start-up:"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the whole bundle: files a new version no longer ships must go.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "{#AppId}"

[Registry]
; The same value the app's own autostart switch writes (desk_breaks/desktop/autostart_windows.py).
Root: HKCU; Subkey: "{#RunKey}"; ValueType: string; ValueName: "{#AppName}"; ValueData: """{app}\{#AppExe}"""; Flags: uninsdeletevalue; Tasks: autostart

[Run]
Filename: "{app}\{#AppExe}"; Description: "Start {#AppName} now"; Flags: nowait postinstall skipifsilent

[UninstallRun]
Filename: "{app}\{#CliExe}"; Parameters: "quit"; Flags: runhidden skipifdoesntexist; RunOnceId: "QuitDeskBreaks"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  { The app can turn start-at-sign-in on by itself after installation; remove its value
    whichever way it was made, and the on/off flag Task Manager may have kept for it.
    Settings and history stay for a later reinstall. }
  if CurUninstallStep = usPostUninstall then
  begin
    RegDeleteValue(HKEY_CURRENT_USER, '{#RunKey}', '{#AppName}');
    RegDeleteValue(HKEY_CURRENT_USER, '{#ApprovedKey}', '{#AppName}');
  end;
end;
