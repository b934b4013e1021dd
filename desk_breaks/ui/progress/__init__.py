"""The progress window (issue 14): the week, the months, the streak, the comfort trend.

:mod:`.window` is the window; :mod:`.week`, :mod:`.calendar` and :mod:`.trend` are its
charts, :mod:`.exercises` and :mod:`.sessions` its two lists, :mod:`.chart` what the charts
share (focus, arrow keys, what screen readers hear) and :mod:`.look` their colours.

The charts are QPainter widgets of our own, not QtCharts: QtCharts is in PySide6-Addons
(not installed by default, and it brings tens of MiB of libraries and about 10 MiB more
resident memory when loaded), while these four charts need only rectangles, lines, dots
and text (about 600 lines here). Drawing them ourselves also gives what QtCharts makes
hard: the palette followed as it changes, crisp output at any scale, and keyboard focus
and accessible text for every day and every point. Nothing here is imported until the
window first opens (the memory rule in ``docs/architecture.md``).
"""
