"""Entry point of the PyInstaller bundle: the same ``desk-breaks`` command as the wheel's.

Without arguments it starts the tray app; with a subcommand (``status``, ``quit`` ...) it
talks to the running one, so the bundle's own executable is also its command line.
"""

import sys

from desk_breaks.cli import main

if __name__ == "__main__":
    sys.exit(main())
