"""Qt adapters over Qt-free ports: timers and socket notifiers that turn answers into signals.

:mod:`.presence` polls (or watches) an idle source and says "went away" and "came back";
:mod:`.busy_monitor` re-asks a busy source until the busy moment passes. The ports they
adapt (:mod:`desk_breaks.desktop.idle`, :mod:`desk_breaks.desktop.busy`) stay Qt-free.
"""
