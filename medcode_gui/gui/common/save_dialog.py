"""Saving a file the user names: the file dialog, the write, and one sentence when the disk says no.

The name the dialog suggests often comes from user or imported text (a list's name, release labels, codes);
safe_file_name makes it one plain file name, so a list named `../../x` is offered as `x.csv` in the dialog's
folder, never as a path climbing out of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from .file_dialogs import save_file_name
from .plain_text import rich_text_of

CSV_FILTER = "CSV files (*.csv)"
MAX_STEM_CHARS = 100
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")
# Path separators, characters Windows refuses in a name, and control characters (a newline, an ANSI escape).
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
# Names Windows keeps for devices, whatever the extension (CON.csv opens the console).
_DEVICE = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])", re.IGNORECASE)


def safe_file_name(name: str, fallback: str = "export") -> str:
    """A file name (no folder) from any text: unsafe characters as '-', no '..', no leading or trailing dot,
    space or dash, at most MAX_STEM_CHARS before the extension; the fallback when nothing is left."""
    extension_match = _EXTENSION.search(name)
    extension = extension_match.group(0) if extension_match else ""
    stem = name[: len(name) - len(extension)]
    stem = re.sub(r"\.{2,}", ".", _UNSAFE.sub("-", stem))
    stem = stem[:MAX_STEM_CHARS].strip(" .-") or fallback
    if _DEVICE.fullmatch(stem.split(".")[0]):
        stem = "_" + stem
    return stem + extension


def save_with_dialog(
    parent: QWidget, caption: str, suggested: str, write: Callable[[Path], object], file_filter: str = CSV_FILTER
) -> Path | None:
    """Ask where to save (suggesting a safe file name), then write there; the path written, or None if cancelled
    or refused (said once)."""
    chosen = save_file_name(parent, caption, safe_file_name(suggested), file_filter)
    if not chosen:
        return None
    try:
        write(Path(chosen))
    except OSError as error:
        message = f"{chosen} could not be written: {error.strerror or error}."
        QMessageBox.warning(parent, caption, rich_text_of(message))
        return None
    return Path(chosen)
