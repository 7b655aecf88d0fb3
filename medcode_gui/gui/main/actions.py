"""The window's actions and menu bar, built from the one table of shortcuts (common/shortcuts.py)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from ..common.shortcuts import SHORTCUTS

# Menu title -> the actions in it, None a separator.
MENUS: dict[str, list[str | None]] = {
    "&File": [
        "open_database",
        "import",
        "import_folder",
        "import_wizard",
        "update_from_cms",
        None,
        "print",
        "save_pdf",
        "print_list",
        "save_list_pdf",
        None,
        "about_data",
        None,
        "quit",
    ],
    "&Edit": ["copy_code", "copy_with_description", None, "find", None, "export_results"],
    "&View": [
        "zoom_in",
        "zoom_out",
        "zoom_reset",
        None,
        "theme_system",
        "theme_light",
        "theme_dark",
        None,
        "present",
    ],
    "&Go": [
        "back",
        "forward",
        None,
        "previous_in_range",
        "next_in_range",
        None,
        "reveal",
        "choose_release",
        "choose_locality",
    ],
    "&My codes": ["star", "add_to_list", None, "show_workspace"],
    "&Compare": ["add_to_comparison", "show_comparison", None, "level_one", None, "compare_releases"],
    "&Help": ["help"],
}


def build_actions(window: QMainWindow) -> dict[str, QAction]:
    """An action per shortcut of the table, with its keys and tips, on the window (so its keys work anywhere in
    it); connected to what it does by connect_actions once the window's parts exist."""
    actions: dict[str, QAction] = {}
    for name, (keys, text, what) in SHORTCUTS.items():
        action = QAction(text, window)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setStatusTip(what)
        action.setToolTip(f"{what} ({', '.join(keys)})" if keys else what)
        window.addAction(action)
        actions[name] = action
    return actions


def build_menus(window: QMainWindow, actions: dict[str, QAction]) -> dict[str, QMenu]:
    """The menu bar (MENUS); each menu is named for tests and styles, "&My codes" -> "my-codes-menu"."""
    menus = {}
    for title, names in MENUS.items():
        menu = window.menuBar().addMenu(title)
        menu.setObjectName(title.replace("&", "").lower().replace(" ", "-") + "-menu")
        for name in names:
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(actions[name])
        menus[title] = menu
    return menus


def connect_actions(actions: dict[str, QAction], handlers: dict[str, Callable[[], object]]) -> None:
    """Each action to its handler; every action of the table has one."""
    missing = set(actions) ^ set(handlers)
    if missing:
        raise ValueError(f"actions and handlers differ: {sorted(missing)}")
    for name, handler in handlers.items():
        actions[name].triggered.connect(handler)
