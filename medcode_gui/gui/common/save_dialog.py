"""Saving a file the user names: the file dialog, the write, and one sentence when the disk says no."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

CSV_FILTER = "CSV files (*.csv)"


def save_with_dialog(
    parent: QWidget, caption: str, suggested: str, write: Callable[[Path], object], file_filter: str = CSV_FILTER
) -> Path | None:
    """Ask where to save, then write there; the path written, or None if cancelled or refused (said once)."""
    chosen, _ = QFileDialog.getSaveFileName(parent, caption, suggested, file_filter)
    if not chosen:
        return None
    try:
        write(Path(chosen))
    except OSError as error:
        QMessageBox.warning(parent, caption, f"{chosen} could not be written: {error.strerror or error}.")
        return None
    return Path(chosen)
