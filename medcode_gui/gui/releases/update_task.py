"""Updating from CMS off the window's thread: download, check and import, with progress and cancel."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from ...codes.errors import ImportCancelled, MedcodeError
from ...releases.cms_update import candidate_urls, resolve_pattern, update
from ...store import ReferenceStore
from ..common.shortcuts import SHORTCUTS
from .import_task import start_import

CANCELLED = "Update cancelled; the database is unchanged."
_CLI_IMPORT = re.compile(r"`medcode import(?: FILE)?`")


def import_menu_item() -> str:
    """Where a window user imports a file: the menu item, as the File menu names it."""
    return "File > " + SHORTCUTS["import"][1].replace("&", "")


def in_window_terms(message: str) -> str:
    """A failure sentence of the core (written for the command line) with the window's menu item instead."""
    return _CLI_IMPORT.sub(f'"{import_menu_item()}"', message)


def update_question(pattern: str | None = None) -> str:
    """What Update from CMS is about to do: the addresses it will try, newest first, and what it writes."""
    urls = candidate_urls(resolve_pattern(pattern))
    tries = f"It tries {urls[0]} first"
    if len(urls) > 1:
        tries += f", then the {len(urls) - 1} quarters before it ({urls[-1]} the oldest), until one is there"
    return (
        "Update from CMS downloads the newest quarterly HCPCS file from the internet (the only use of the network "
        f"in MedCode Browser) and imports it into this database. {tries}. Download and import it now?"
    )


def ask_to_update(parent: QWidget | None, pattern: str | None = None) -> bool:
    """Ask before going to the network; True only on Yes (Cancel is the default)."""
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
    answer = QMessageBox.question(
        parent, "Update from CMS", update_question(pattern), buttons, QMessageBox.StandardButton.Cancel
    )
    return answer == QMessageBox.StandardButton.Yes


class UpdateWorker(QObject):
    """Runs cms_update.update through its own connection; the signals match ImportWorker's."""

    progress = Signal(str, int, int)  # stage, done, total
    succeeded = Signal(list)  # one summary sentence (a list, like ImportWorker's)
    failed = Signal(str)  # one sentence; the database is unchanged
    done = Signal()

    def __init__(
        self,
        db_path: Path,
        source: str | None = None,
        pattern: str | None = None,
        *,
        folder: Path | None = None,
        keep: bool = True,
        timeout: float | None = None,
    ):
        super().__init__()
        self.db_path, self.source, self.pattern = db_path, source, pattern
        self.folder, self.keep, self.timeout = folder, keep, timeout
        self._cancelled = threading.Event()
        # cancel() is a plain callable, not a method of this QObject: Qt queues a signal connected to a method
        # of an object living on the (busy) worker thread and would deliver it only after run() has ended.
        # So `dialog.canceled.connect(worker.cancel)` runs at once, on the window's thread.
        self.cancel: Callable[[], None] = self._cancelled.set

    def _report(self, stage: str, done: int, total: int) -> None:
        # Called between chunks of the download and rows of the import, so a cancel stops within a moment.
        if self._cancelled.is_set():
            raise ImportCancelled(CANCELLED)
        self.progress.emit(stage, done, total)

    @Slot()
    def run(self) -> None:
        try:
            options = {"timeout": self.timeout} if self.timeout else {}
            with ReferenceStore(self.db_path, seed=False) as store:
                outcome = update(
                    store, self.source, self.pattern, self._report, folder=self.folder, keep=self.keep, **options
                )
            release = outcome.release
            name = outcome.file.name if outcome.file else release.source_name
            self.succeeded.emit(
                [f"{name}: {outcome.status} {release.label} ({release.codes:,} codes, {release.modifiers:,} modifiers)"]
            )
        except ImportCancelled:
            self.failed.emit(CANCELLED)
        except MedcodeError as error:
            self.failed.emit(in_window_terms(f"{error} The database is unchanged."))
        except Exception as error:  # noqa: BLE001 - a bug must not leave the window waiting forever
            self.failed.emit(f"The update stopped on an unexpected error ({error!r}); the database is unchanged.")
        finally:
            self.done.emit()


def start_update(worker: UpdateWorker, parent: QObject) -> QThread:
    """Run the worker on a new thread that ends, and is cleaned up, when the worker is done."""
    return start_import(worker, parent)  # the same thread handling: the workers share their signals
