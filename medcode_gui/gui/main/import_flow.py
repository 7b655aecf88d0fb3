"""New data in the window: importing files or a folder (the dialog, drag and drop, the wizard) in the background
with a progress dialog, updating from CMS, opening another database; then every view follows the new data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from ...codes.errors import MedcodeError
from ...store import ReferenceStore
from ..common.file_dialogs import existing_folder, open_file_name, open_file_names
from ..detail.detail_pane import DetailPane
from ..releases.import_task import ImportWorker, start_import
from ..results.results_model import ResultsModel
from .session import Session

if TYPE_CHECKING:  # the wizard is imported when first opened: a faster start
    from ..releases.import_wizard import ImportWizard

IMPORT_FILTER = "Release files (*.zip *.txt *.xlsx *.csv);;All files (*)"
IMPORT_ACTIONS = ("import", "import_folder", "import_wizard", "update_from_cms")


class ImportFlow(QObject):
    """Writes Session.store (another database); says store_changed after that and after every import."""

    store_changed = Signal()  # another database, or new releases in this one: the views read it again
    database_written = Signal()  # this window's import committed: DatabaseWatch.follow refreshes every view

    def __init__(
        self,
        session: Session,
        window: QWidget,
        *,
        actions: dict[str, QAction],
        results: ResultsModel,
        detail: DetailPane,
        import_finished: SignalInstance,
    ) -> None:
        super().__init__(window)
        self.session = session
        self.window = window  # the parent of the dialogs; its title names the database
        self.import_actions = [actions[name] for name in IMPORT_ACTIONS]
        self.results, self.detail = results, detail
        self.import_finished = import_finished  # MainWindow's own signal, emitted here: no relay
        self.progress_dialog: QProgressDialog | None = None
        self.import_wizard: ImportWizard | None = None
        self._import_worker: ImportWorker | None = None

    def handlers(self) -> dict[str, Callable[[], object]]:
        """The window's actions (common/shortcuts.py) this part carries out."""
        return {
            "open_database": self.choose_database,
            "import": self.choose_import_files,
            "import_folder": self.choose_import_folder,
            "import_wizard": lambda: self.show_import_wizard(),
            "update_from_cms": self.update_from_cms,
        }

    def refresh(self) -> None:
        """After opening a database or importing: the title, what may be done, then every view (store_changed)."""
        store = self.session.store
        self.window.setWindowTitle(f"MedCode Browser — {store.path.name}")
        for importing in self.import_actions:
            importing.setEnabled(not store.read_only)
            if store.read_only:
                importing.setToolTip("The database is read-only; importing is disabled.")
        self.store_changed.emit()

    # Another database -----------------------------------------------------------------------------------

    def choose_database(self) -> None:
        path = open_file_name(
            self.window,
            "Open a reference database",
            "MedCode databases (*.sqlite *.db);;All files (*)",
            str(self.session.store.path.parent),  # the databases are usually side by side
        )
        if path:
            self.open_database(Path(path))

    def open_database(self, path: Path) -> bool:
        try:
            store = ReferenceStore(path)
        except MedcodeError as error:
            QMessageBox.warning(self.window, "MedCode Browser", str(error))
            return False
        self.session.store.close()
        self.session.store = store
        self.session.current = None
        self.results.set_hits([])
        self.detail.clear()
        self.refresh()
        return True

    # Importing files ------------------------------------------------------------------------------------

    def choose_import_files(self) -> None:
        files = open_file_names(self.window, "Import CMS release files", IMPORT_FILTER)
        if files:
            self.import_files(files)

    def choose_import_folder(self) -> None:
        folder = existing_folder(self.window, "Import a folder of CPT data files")
        if folder:
            self.import_files([folder])

    def drag_enter(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def drop(self, event: QDropEvent) -> None:
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.import_files(files)

    def import_files(self, files: list[str]) -> None:
        """Import in the background with a progress dialog; cancel or failure leaves the database unchanged."""
        if self.session.store.read_only:
            QMessageBox.information(self.window, "MedCode Browser", "The database is read-only; importing is disabled.")
            return
        self._import_worker = worker = ImportWorker(self.session.store.path, list(files))
        dialog = self._progress_dialog("Starting the import…", "Importing")
        # A lambda runs in the window's thread at once; the worker's own slot would be queued to its busy
        # thread and only run after the import had finished.
        dialog.canceled.connect(lambda: worker.cancel())
        worker.progress.connect(self._on_progress)
        worker.succeeded.connect(self._on_succeeded)
        worker.failed.connect(self._on_import_failed)
        self._import_thread = start_import(worker, self.window)

    def update_from_cms(self) -> None:
        """Download the newest quarterly HCPCS zip from CMS and import it: the app's only use of the network."""
        from ..releases.update_task import UpdateWorker, ask_to_update, start_update

        if self.session.store.read_only:
            QMessageBox.information(self.window, "MedCode Browser", "The database is read-only; updating is disabled.")
            return
        if not ask_to_update(self.window):  # nothing leaves the computer unless the user says so
            return
        self._update_worker = worker = UpdateWorker(self.session.store.path)
        dialog = self._progress_dialog("Looking for the newest CMS release…", "Update from CMS")
        dialog.canceled.connect(worker.cancel)
        worker.progress.connect(self._on_progress)
        worker.succeeded.connect(self._on_succeeded)
        worker.failed.connect(self._on_update_failed)
        self._update_thread = start_update(worker, self.window)

    def _progress_dialog(self, text: str, title: str) -> QProgressDialog:
        self.progress_dialog = dialog = QProgressDialog(text, "Cancel", 0, 100, self.window)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        return dialog

    def _on_progress(self, stage: str, done: int, total: int) -> None:
        self.progress_dialog.setLabelText(stage)
        self.progress_dialog.setValue(int(100 * done / total) if total else 0)

    def _on_succeeded(self, summaries: list[str]) -> None:
        self.progress_dialog.reset()
        self._imported(summaries)

    def _on_import_failed(self, message: str) -> None:
        self._failed(message, "Import", "Import cancelled")

    def _on_update_failed(self, message: str) -> None:
        self._failed(message, "Update from CMS", "Update cancelled")

    def _failed(self, message: str, title: str, cancelled: str) -> None:
        self.progress_dialog.reset()
        self.session.status.showMessage(message, 10_000)
        self.import_finished.emit(False, message)
        if not message.startswith(cancelled):
            QMessageBox.warning(self.window, title, message)

    def _imported(self, summaries: list[str]) -> None:
        # The import thread wrote through its own connection. The database watch may have seen the commit
        # first and refreshed every view already; if not (and something was written), it refreshes them now
        # (database_written -> DatabaseWatch.follow: the results and the detail too, not only the tree).
        if self.session.store.changed_elsewhere():
            self.database_written.emit()
        message = "; ".join(summaries)
        self.session.status.showMessage(message, 10_000)
        self.import_finished.emit(True, message)

    # The wizard -----------------------------------------------------------------------------------------

    def show_import_wizard(self, files: list[str] | None = None) -> ImportWizard:
        """The import wizard (window-modal): files examined, labels and dates fixed, then one import."""
        from ..releases.import_wizard import ImportWizard

        wizard = ImportWizard(self.session.store, self.window)
        wizard.imported.connect(self._imported)
        wizard.finished.connect(wizard.deleteLater)
        if files:
            wizard.add_paths(files)
        wizard.open()
        self.import_wizard = wizard  # held while open: deleting it mid-import would abort the process
        return wizard
