"""Every file dialog of the window: it starts in the folder last used, else the user's documents folder.

Qt's dialogs start in the process's current directory when given no folder: for a window started from a
desktop icon that is somewhere the user never chose (the install folder, C:\\Windows\\System32). The folder
last used is kept in the window's QSettings (Session.settings, found through the dialog's parent widgets), so
it survives a restart; a widget shown outside a main window (tests of one dialog) still starts in documents but
remembers nothing, and never touches the real user settings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

LAST_FOLDER_KEY = "files/last_folder"


def documents_folder() -> str:
    """The user's documents folder, or home where the platform names none (or it does not exist)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return documents
    return str(Path.home())


def settings_of(widget: QWidget | None) -> QSettings | None:
    """The settings of the main window holding the widget (its Session), or None outside one."""
    while widget is not None:
        session = getattr(widget, "session", None)
        settings = getattr(session, "settings", None)
        if isinstance(settings, QSettings):
            return settings
        widget = widget.parentWidget()
    return None


def start_folder(parent: QWidget | None) -> str:
    """The folder last used if it still exists, else the documents folder."""
    settings = settings_of(parent)
    last = str(settings.value(LAST_FOLDER_KEY, "") or "") if settings is not None else ""
    return last if last and Path(last).is_dir() else documents_folder()


def remember_folder(parent: QWidget | None, path: str) -> None:
    """Keep the folder of a chosen file (or the chosen folder itself) for the next dialog."""
    settings = settings_of(parent)
    if settings is None or not path:
        return
    chosen = Path(path)
    settings.setValue(LAST_FOLDER_KEY, str(chosen if chosen.is_dir() else chosen.parent))


def save_file_name(parent: QWidget | None, caption: str, suggested: str, file_filter: str) -> str:
    """Where to save: the suggested file name in the start folder; "" if cancelled."""
    chosen, _ = QFileDialog.getSaveFileName(parent, caption, str(Path(start_folder(parent)) / suggested), file_filter)
    remember_folder(parent, chosen)
    return chosen


def open_file_names(parent: QWidget | None, caption: str, file_filter: str) -> list[str]:
    """Files to open, chosen in the start folder; [] if cancelled."""
    files, _ = QFileDialog.getOpenFileNames(parent, caption, start_folder(parent), file_filter)
    if files:
        remember_folder(parent, files[0])
    return list(files)


def open_file_name(parent: QWidget | None, caption: str, file_filter: str, folder: str | None = None) -> str:
    """One file to open, chosen in `folder` (default: the start folder); "" if cancelled."""
    chosen, _ = QFileDialog.getOpenFileName(parent, caption, folder or start_folder(parent), file_filter)
    remember_folder(parent, chosen)
    return chosen


def existing_folder(parent: QWidget | None, caption: str) -> str:
    """A folder, browsed from the start folder; "" if cancelled."""
    folder = QFileDialog.getExistingDirectory(parent, caption, start_folder(parent))
    remember_folder(parent, folder)
    return folder
