"""One widget class per settings page, each a :class:`~desk_breaks.ui.settings.fields.Page`.

A page builds its fields from the settings it is given, reads them back with
``apply_to(settings)`` and shows the issues whose path points at one of its fields with
``show_issues(issues)``.
"""
