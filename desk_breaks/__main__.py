"""Run Desk Breaks with ``python -m desk_breaks``."""

import sys

from desk_breaks.cli import main

sys.exit(main())
