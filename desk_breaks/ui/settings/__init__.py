"""The settings dialog, split into the frame, one widget per page, and shared form helpers.

:mod:`.dialog` is the frame, :mod:`.pages` holds one module per page and :mod:`.fields`
the helpers they share. Imported only when the user opens the settings: an idle tray
never loads it.
"""
