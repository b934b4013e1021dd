"""The guided-session window's parts, one module per screen.

:mod:`desk_breaks.ui.session_dialog` is the window: it drives the runner, the timers, the
sounds and the screen-reader announcements (its Qt plumbing is :mod:`.window`), and shows
one of four screens: :mod:`.preface` ("Before you begin"), :mod:`.exercise` (the step,
the art, the countdown and the controls, with :mod:`.notes`: the warning card and the
caption), :mod:`.finish` and :mod:`.safety`. The screens only show what they are given;
:mod:`.look` holds what they share (phase colours, the rounded card, label and button
makers) and :mod:`.choices` the one-tap answers.

Like the window, these modules load only when a session opens (the idle tray never imports
them; see docs/architecture.md, "The memory rule").
"""
