"""Desktop ports: what Desk Breaks asks of the operating system, one package per port.

Layout, and the rules that keep it free of import cycles (``tests/test_import_graph.py``
checks them):

* **A port is a package** (``idle``, ``busy``, ``notify``, ``sleep``, ``autostart``,
  ``ipc``). Its ``__init__`` is the contract: the Protocol (or, for ``sleep``, the Qt base
  class), the Null object used when nothing works, and helpers that know no backend. It
  imports no backend, so importing the contract is cheap.
* **Backends sit beside the contract**, one module each (``idle/x11.py``,
  ``notify/freedesktop.py``, ...). They import the contract, :mod:`._backends` and
  :mod:`.bindings`, never the factory or another port. A backend that cannot work here
  raises :class:`~._backends.PortUnavailable` from its constructor.
* **The factory** (``<port>/factory.py``) is the only module that imports backends, lazily,
  for the candidates it tries. Every factory is named ``create_*``, logs once what it chose
  and why the others were passed over, and returns the port's Null object instead of None.
* **Shared backend helpers** live in :mod:`._backends` (``PortUnavailable``, ``FailureLog``,
  ``desktop_names``, ``is_wayland``, ``choose_first``/``choose_all``); **bindings** to
  D-Bus and Xlib in :mod:`.bindings`. Neither knows a port.
* **Qt.** A port's contract is Qt-free unless what it reports are Qt signals (``sleep``).
  A backend that *is* Qt (the tray balloon ``notify/tray.py``, the named-pipe transport
  ``ipc/qt.py``, the ``sleep`` backends) lives in its port like any other. Adapters that
  turn a Qt-free port into timers and signals for the app (presence over ``idle``, the busy
  monitor over ``busy``) live in :mod:`.qt`.
* :mod:`.ports` bundles the ports the app takes (:class:`~.ports.Ports`) and builds the real
  ones (:func:`~.ports.system_ports`); :mod:`.clock_change` is a single-module port.

Memory: an idle tray imports nothing it does not need. Factories import backends only when
trying them, and nothing here imports QtNetwork (only ``ipc/qt.py``, on Windows).
Test doubles for every port live in ``tests/helpers/fakes.py``, not here.
"""
