"""The import wizard: pick or drop files, see what each one is and would add, then import them all at once.

Every file is examined (read with read_release) on a background thread (file_examiner); nothing is written
until Import, which writes every ready file in ONE transaction (import_task), so a cancel or an error leaves
the database as it was. The rows are an ImportFilesModel shown by an ImportFilesTable.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QThread, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...store import ReferenceStore
from ..common.file_dialogs import existing_folder, open_file_names
from ..common.screen_fit import fit_to_screen
from .file_examiner import BackgroundExaminer
from .import_files_table import ImportFilesTable
from .import_task import ImportWorker, start_import
from .import_wizard_model import ImportFilesModel, ImportRow
from .import_wizard_text import details_text, summary_text

FILE_FILTER = "Release files (*.zip *.txt *.xlsx *.csv);;All files (*)"


class ImportWizard(QDialog):
    """Files to import, each examined in the background; Import writes every ready one in one transaction."""

    imported = Signal(list)  # one summary sentence per file; the dialog then accepts
    import_started = Signal(object)  # the ImportWorker, before its thread starts (tests cancel through it)
    import_finished = Signal(bool, str)  # succeeded, the sentence shown
    examined = Signal(str)  # the path of a file whose examination finished

    def __init__(self, store: ReferenceStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Import releases")
        self.setAccessibleName("Import wizard")
        self.setAcceptDrops(True)
        fit_to_screen(self, QSize(1200, 560))  # the preferred size where the screen has room
        self.setMinimumSize(720, 360)
        self.model = ImportFilesModel(self)
        self.model.set_store_releases(store.releases())
        self.model.reexamine_requested.connect(self.reexamine)
        self._import_worker: ImportWorker | None = None
        self._import_thread: QThread | None = None
        self._examiner = BackgroundExaminer(self)
        self._examiner.progress.connect(self._on_examine_progress)
        self._examiner.examined.connect(self._on_examined)
        self._message = ""
        self._succeeded: list[str] | None = None
        self._build()
        self._update_state()

    # Building -------------------------------------------------------------------------------------------

    def _build(self) -> None:
        intro = QLabel(
            "Add release files or folders of AMA CPT data files (or drop them here). Each file is examined first; "
            "nothing is written until Import, which imports every ready file at once."
        )
        intro.setWordWrap(True)
        self.add_files_button = self._button("&Add files…", self.choose_files, "Add release files")
        self.add_folder_button = self._button("Add &folder…", self.choose_folder, "Add a folder of CPT data files")
        self.remove_button = self._button("&Remove", self.remove_selected, "Remove the selected files")
        buttons = QHBoxLayout()
        for button in (self.add_files_button, self.add_folder_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.table = ImportFilesTable(self.model)
        self.table.set_column_widths(self.fontMetrics())
        self.table.selectionModel().selectionChanged.connect(self._show_details)
        self.table.remove_requested.connect(self.remove_selected)

        self.details = QLabel()
        self.details.setTextFormat(Qt.TextFormat.PlainText)  # labels, file names: never markup
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("Selected file details")
        self.replace_box = QCheckBox("Re&place a release imported from another file under the same label")
        self.replace_box.toggled.connect(self._on_replace_toggled)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # labels, file names: never markup
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Import status")
        self.import_button = QPushButton("&Import")
        self.import_button.setAccessibleName("Import")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.import_ready)
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close or cancel")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.replace_box)
        layout.addWidget(self.progress)
        layout.addLayout(bottom)

    def _button(self, text: str, slot, accessible: str) -> QPushButton:  # noqa: ANN001
        button = QPushButton(text)
        button.setAutoDefault(False)  # Enter imports, whichever button has focus
        button.setAccessibleName(accessible)
        button.clicked.connect(slot)
        return button

    # Files ----------------------------------------------------------------------------------------------

    def choose_files(self) -> None:
        files = open_file_names(self, "Add release files", FILE_FILTER)
        self.add_paths(files)

    def choose_folder(self) -> None:
        folder = existing_folder(self, "Add a folder of CPT data files")
        if folder:
            self.add_paths([folder])

    def add_paths(self, paths: list[str]) -> list[ImportRow]:
        """List the files (those not listed yet) and start examining each one."""
        if self.importing:
            return []
        added = [row for row in (self.model.add(str(path)) for path in paths) if row is not None]
        for row in added:
            self.reexamine(row.key)
        if added:
            self.table.selectRow(self.model.position(added[-1].key))
        self._message = ""
        self._update_state()
        return added

    def remove_selected(self) -> None:
        if self.importing:
            return
        positions = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not positions and self.table.currentIndex().isValid():
            positions = [self.table.currentIndex().row()]
        for position in positions:
            self._examiner.forget(self.model.rows[position].key)
        self.model.remove(positions)
        if self.model.rows:
            self.table.selectRow(min(positions[0] if positions else 0, len(self.model.rows) - 1))
        self._message = ""
        self._update_state()

    @Slot(int)
    def reexamine(self, key: int) -> None:
        """Examine (again) a row's file, with the label and effective date the user gave."""
        row = self.model.start_examining(key)
        if row is None:
            return
        self._examiner.examine(key, row.generation, row.path, row.label or None, row.effective or None)
        self._update_state()

    def _on_examine_progress(self, key: int, generation: int, percent: int) -> None:
        self.model.set_progress(key, generation, percent)
        self._update_progress()

    def _on_examined(self, key: int, generation: int, parsed, error: str, detected: str) -> None:  # noqa: ANN001
        if self.model.set_examined(key, generation, parsed, error, detected):
            row = self.model.row_by_key(key)
            if not self.model.examining():
                self._examiner.stop()  # no thread runs while the wizard waits for the user
            self._update_state()
            self._show_details()
            self.examined.emit(row.path)

    # Showing state ------------------------------------------------------------------------------------

    @property
    def importing(self) -> bool:
        return self._import_worker is not None

    def _on_replace_toggled(self, checked: bool) -> None:
        self.model.set_replace(checked)
        self._update_state()

    def _show_details(self, *_args) -> None:  # noqa: ANN002
        index = self.table.currentIndex()
        selected = self.table.selectionModel().selectedRows()
        position = selected[0].row() if selected else index.row() if index.isValid() else -1
        if not (0 <= position < len(self.model.rows)):
            self.details.setText("")
            return
        self.details.setText(details_text(self.model.rows[position]))

    def _update_progress(self) -> None:
        if self.importing:
            return
        rows = self.model.rows
        examining = [row for row in rows if row.examining]
        if not examining:
            self.progress.hide()
            return
        done = len(rows) - len(examining) + sum(row.percent for row in examining) / 100
        self.progress.setFormat(f"Examining {examining[0].name}… %p%")
        self.progress.setValue(int(100 * done / len(rows)))
        self.progress.show()

    def _update_state(self) -> None:
        """The Import button, the summary line and the progress bar, from the rows."""
        self._update_progress()
        importing = self.importing
        for widget in (self.add_files_button, self.add_folder_button, self.remove_button, self.replace_box):
            widget.setEnabled(not importing)
        self.table.set_editable(not importing)
        self.close_button.setText("Cancel import" if importing else "Close")
        ready = self.model.ready_rows()
        changing = [row for row in ready if row.changes]
        self.import_button.setEnabled(bool(changing) and not importing and not self.store.read_only)
        self.import_button.setText(
            f"&Import {len(changing)} file{'s' * (len(changing) != 1)}" if changing else "&Import"
        )
        self.status.setText(self._message or summary_text(self.model.rows, ready, changing, self.store.read_only))

    # Importing ------------------------------------------------------------------------------------------

    def import_ready(self) -> None:
        """Write every ready file in one transaction on a background thread."""
        rows = self.model.ready_rows()
        if self.importing or self.store.read_only or not any(row.changes for row in rows):
            return
        worker = ImportWorker(
            self.store.path,
            [row.path for row in rows],
            parsed=[row.parsed for row in rows],
            replace=self.replace_box.isChecked(),
        )
        self._import_worker, self._succeeded = worker, None
        worker.progress.connect(self._on_import_progress)
        worker.succeeded.connect(self._on_import_succeeded)
        worker.failed.connect(self._on_import_failed)
        worker.done.connect(self._on_import_done)
        self._message = "Importing…"
        self.progress.setFormat("%p%")
        self.progress.setValue(0)
        self.progress.show()
        self._update_state()
        self.import_started.emit(worker)
        self._import_thread = thread = start_import(worker, self)
        thread.finished.connect(self._on_import_thread_finished)

    def cancel_import(self) -> None:
        if self._import_worker is not None:
            self._import_worker.cancel()
            self._message = "Cancelling the import…"
            self.status.setText(self._message)

    def _on_import_progress(self, stage: str, done: int, total: int) -> None:
        self.progress.setFormat(f"{stage}… %p%")
        self.progress.setValue(int(100 * done / total) if total else 0)

    def _on_import_succeeded(self, summaries: list[str]) -> None:
        self._message = "Imported: " + "; ".join(summaries)
        self.store.reload()  # the import thread wrote through its own connection
        self.model.set_store_releases(self.store.releases())
        self._succeeded = summaries

    def _on_import_failed(self, message: str) -> None:
        self._message = message
        self._succeeded = None

    def _on_import_done(self) -> None:
        self._import_worker = None
        self.progress.hide()
        self._update_state()
        summaries = self._succeeded
        self.import_finished.emit(summaries is not None, self._message)
        if summaries is not None:
            self.imported.emit(summaries)
            self.accept()

    def _on_import_thread_finished(self) -> None:
        self._import_thread = None

    def _wait_for_import_thread(self) -> None:
        thread = self._import_thread
        if thread is not None:
            try:
                thread.quit()  # its worker has finished; quit now, as the queued quit needs this thread's loop
                thread.wait()
            except RuntimeError:  # already deleted (deleteLater after it finished)
                pass
            self._import_thread = None

    # Keys, drops, closing -----------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc or Close: cancels a running import (the wizard stays open and says so), else closes."""
        if self.importing:
            self.cancel_import()
            return
        super().reject()

    def done(self, result: int) -> None:
        self._examiner.stop()
        self._wait_for_import_thread()
        super().done(result)

    def closeEvent(self, event) -> None:  # noqa: ANN001 - QCloseEvent
        if self.importing:
            self.cancel_import()
            event.ignore()
            return
        super().closeEvent(event)
        self._examiner.stop()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if not self.importing and urls and all(url.isLocalFile() for url in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)
