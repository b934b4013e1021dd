"""The tray icon as a StatusNotifier panel reads it: the watcher, the item, its dbusmenu.

Shared by the Wayland session (:mod:`tests.e2e.wayland`, waybar's tray) and the X11 one
with a StatusNotifier panel (:mod:`tests.e2e.x11_sni`, xfce4-panel's status tray): both
run a private session bus, and a test reads the app's StatusNotifierItem and clicks its
menu over that bus exactly as the panel does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desk_breaks.desktop.bindings.dbus import Bus, call, get_property, session_bus

WATCHER = "org.kde.StatusNotifierWatcher"
WATCHER_PATH = "/StatusNotifierWatcher"
ITEM = "org.kde.StatusNotifierItem"
DBUSMENU = "com.canonical.dbusmenu"


@dataclass
class MenuItem:
    """One entry of the tray menu as the panel reads it (com.canonical.dbusmenu)."""

    id: int
    label: str
    enabled: bool
    visible: bool
    children: list[MenuItem]

    def find(self, *path: str) -> MenuItem:
        """The entry reached by labels (``find("Pause", "For 30 minutes")``)."""
        item = self
        for label in path:
            matches = [c for c in item.children if c.label.replace("&", "") == label]
            if not matches:
                labels = [c.label for c in item.children]
                raise KeyError(f"no {label!r} under {item.label or 'the menu'}: {labels}")
            item = matches[0]
        return item


def _menu_item(node: tuple[int, dict[str, tuple[str, Any]], list[tuple[str, Any]]]) -> MenuItem:
    ident, props, children = node

    def prop(name: str, default: Any) -> Any:
        return props[name][1] if name in props else default

    return MenuItem(
        id=ident,
        label=str(prop("label", "")),
        enabled=bool(prop("enabled", True)),
        visible=bool(prop("visible", True)),
        children=[_menu_item(child) for _signature, child in children],
    )


class StatusNotifierReader:
    """Reads the one StatusNotifierItem on a session bus, and clicks its menu.

    A desktop class mixes this in and sets :attr:`bus_address` to its private bus.
    """

    bus_address: str
    _bus: Bus | None

    @property
    def bus(self) -> Bus:
        """A connection to this session's bus (kept open)."""
        if self._bus is None:
            self._bus = session_bus(self.bus_address, timeout_s=3)
        return self._bus

    def registered_items(self) -> list[str]:
        """The watcher's RegisteredStatusNotifierItems (``":1.4/StatusNotifierItem"``)."""
        items = get_property(
            self.bus, WATCHER, WATCHER_PATH, WATCHER, "RegisteredStatusNotifierItems"
        )
        return [str(i) for i in items]

    def tray_item(self) -> tuple[str, str]:
        """The (bus name, object path) of the one registered item."""
        (item,) = self.registered_items()
        name, slash, path = item.partition("/")
        return name, (slash + path) if slash else "/StatusNotifierItem"

    def item_property(self, name: str) -> Any:
        """A property of the registered StatusNotifierItem (Id, Title, ToolTip, Menu, ...)."""
        service, path = self.tray_item()
        return get_property(self.bus, service, path, ITEM, name)

    def icon_pixmaps(self) -> list[tuple[int, int, bytes]]:
        """The item's IconPixmap: (width, height, ARGB32 bytes) per size Qt sends."""
        return [(int(w), int(h), bytes(data)) for w, h, data in self.item_property("IconPixmap")]

    def tooltip(self) -> str:
        """The item's tooltip as one text (Qt puts it all in the title field)."""
        _icon_name, _pixmaps, title, text = self.item_property("ToolTip")
        return f"{title}\n{text}".strip()

    def menu(self) -> MenuItem:
        """The item's whole menu, read with dbusmenu GetLayout as a panel does."""
        service, _path = self.tray_item()
        menu_path = str(self.item_property("Menu"))
        _revision, root = call(
            self.bus, service, menu_path, DBUSMENU, "GetLayout", "iias", (0, -1, [])
        )
        return _menu_item(root)

    def click(self, item: MenuItem) -> None:
        """Activate a menu entry as the panel does when it is clicked (dbusmenu Event)."""
        service, _path = self.tray_item()
        menu_path = str(self.item_property("Menu"))
        event = (item.id, "clicked", ("i", 0), 0)
        call(self.bus, service, menu_path, DBUSMENU, "Event", "isvu", event)

    def close_bus(self) -> None:
        """Close this test's own connection to the bus."""
        if self._bus is not None:
            self._bus.close()
            self._bus = None
