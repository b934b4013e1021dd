"""The progress window (issue 14): the week, the months, the streak, the comfort trend.

:mod:`.window` is the window; :mod:`.week`, :mod:`.calendar` and :mod:`.trend` are its
charts, :mod:`.exercises` and :mod:`.sessions` its two lists, :mod:`.chart` what the charts
share (focus, arrow keys, what screen readers hear), :mod:`.look` their colours and
:mod:`.words` the sentences the window says about them.

The charts are QPainter widgets of our own, not QtCharts: QtCharts is in PySide6-Addons,
which is not installed by default (about 156 MB installed with the other add-ons, and
its libraries would be mapped into the process whenever the window opens), while these
charts need only rounded rectangles, lines, dots and text (about 600 lines here).
Drawing them ourselves also gives what QtCharts makes hard: the palette followed as it
changes, crisp output at any scale, and keyboard focus and accessible text for every day
and every point. Nothing here is imported until the window first opens (the memory rule
in ``docs/architecture.md``).
"""
