"""The import wizard: pick or drop files, see what each one is and would add, then import them all at once.

Every file is examined (read with read_release) on a background thread; nothing is written until Import,
which writes every ready file in ONE transaction, so a cancel or an error leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...codes.errors import ImportCancelled, MedcodeError
from ...importers import FORMATS, read_release
from ...importers.source import read_source
from ...store import ReferenceStore
from .import_task import ImportWorker, start_import
from .import_wizard_model import (
    CODES,
    EFFECTIVE,
    FILE,
    FORMAT,
    LABEL,
    MODIFIERS,
    OUTCOME,
    SYSTEM,
    ImportFilesModel,
    ImportRow,
    format_words,
)

FILE_FILTER = "Release files (*.zip *.txt *.xlsx *.csv);;All files (*)"
# A format's module (importers.FORMATS) in words, for a file that was recognised but could not be read.
SNIFFED_WORDS = {
    "pprrvu": "CMS fee schedule (PPRRVU)",
    "athena": "Athena CONCEPT.csv",
    "cpt_package": "AMA CPT data files",
    "hcpcs_release": "CMS HCPCS release",
    "generic_csv": "Generic CSV",
}
NOT_A_RELEASE = "not a release"


class Examiner(QObject):
    """Reads files one after another on its own thread; a row removed or edited meanwhile stops its read."""

    progress = Signal(int, int, int)  # row key, generation, percent
    examined = Signal(int, int, object, str, str)  # row key, generation, ParsedRelease or None, error, format

    def __init__(self) -> None:
        super().__init__()
        self.wanted: dict[int, int] = {}  # row key -> generation still wanted (written by the window's thread)
        self.stopped = False

    @Slot(int, int, str, object, object)
    def examine(self, key: int, generation: int, path: str, label: str | None, effective: str | None) -> None:
        if self.stopped or self.wanted.get(key) != generation:
            return
        shown = [-1]

        def report(stage: str, done: int, total: int) -> None:
            if self.stopped or self.wanted.get(key) != generation:
                raise ImportCancelled("no longer wanted")
            percent = int(100 * done / total) if total else 0
            if percent != shown[0]:
                shown[0] = percent
                self.progress.emit(key, generation, percent)

        try:
            parsed = read_release(path, label, effective, report)
        except ImportCancelled:
            return
        except MedcodeError as error:
            self.examined.emit(key, generation, None, str(error), _sniffed(path))
        except Exception as error:  # noqa: BLE001 - a bug in one importer must not leave the row examining
            self.examined.emit(key, generation, None, f"{Path(path).name} could not be read ({error!r}).", "")
        else:
            self.examined.emit(key, generation, parsed, "", format_words(parsed.info.file_format))


def _sniffed(path: str) -> str:
    """What a file that failed looks like (the format whose sniff accepts it), in words."""
    try:
        source = read_source(path)
    except MedcodeError:
        return ""
    for fmt in FORMATS:
        if fmt.sniff(source):
            return SNIFFED_WORDS.get(fmt.__name__.rsplit(".", 1)[-1], "")
    return NOT_A_RELEASE


class DateDelegate(QStyledItemDelegate):
    """Effective dates edited with a calendar; an empty one starts at January 1 of this year."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:  # noqa: ANN001
        editor = QDateEdit(parent)
        editor.setDisplayFormat("yyyy-MM-dd")
        editor.setCalendarPopup(True)
        editor.setAccessibleName("Effective date")
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole) or ""
        date = QDate.fromString(value, "yyyy-MM-dd")
        editor.setDate(date if date.isValid() else QDate(dt.date.today().year, 1, 1))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: ANN001
        model.setData(index, editor.date().toString("yyyy-MM-dd"), Qt.ItemDataRole.EditRole)


class ImportWizard(QDialog):
    """Files to import, each examined in the background; Import writes every ready one in one transaction."""

    imported = Signal(list)  # one summary sentence per file; the dialog then accepts
    import_started = Signal(object)  # the ImportWorker, before its thread starts (tests cancel through it)
    import_finished = Signal(bool, str)  # succeeded, the sentence shown
    examined = Signal(str)  # the path of a file whose examination finished

    _examine = Signal(int, int, str, object, object)

    def __init__(self, store: ReferenceStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Import releases")
        self.setAccessibleName("Import wizard")
        self.setAcceptDrops(True)
        self.resize(1200, 560)
        self.setMinimumSize(720, 360)
        self.model = ImportFilesModel(self)
        self.model.set_store_releases(store.releases())
        self.model.reexamine_requested.connect(self.reexamine)
        self._import_worker: ImportWorker | None = None
        self._import_thread: QThread | None = None
        self._examiner: Examiner | None = None
        self._examiner_thread: QThread | None = None
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

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Files to import")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setItemDelegateForColumn(EFFECTIVE, DateDelegate(self.table))
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(OUTCOME, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        samples = {
            FILE: "HCPC2019_CONTR_ANWEB.txt",
            FORMAT: "CMS fee schedule (PPRRVU csv)",
            SYSTEM: "HCPCS",
            LABEL: "HCPCS-2019-OCT",
            EFFECTIVE: "2019-01-01 ▼",
            CODES: "16,852",
            MODIFIERS: "Modifiers",
        }
        for column, sample in samples.items():
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)
        self.table.selectionModel().selectionChanged.connect(self._show_details)
        self.table.installEventFilter(self)  # Delete removes the selected files (an open editor keeps its keys)

        self.details = QLabel()
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
        files, _ = QFileDialog.getOpenFileNames(self, "Add release files", "", FILE_FILTER)
        self.add_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of CPT data files")
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
        examiner = self._examiner
        for position in positions:
            if examiner is not None:
                examiner.wanted.pop(self.model.rows[position].key, None)
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
        examiner = self._ensure_examiner()
        examiner.wanted[key] = row.generation
        self._examine.emit(key, row.generation, row.path, row.label or None, row.effective or None)
        self._update_state()

    def _ensure_examiner(self) -> Examiner:
        if self._examiner is None:
            self._examiner = Examiner()
            self._examiner_thread = QThread(self)
            self._examiner.moveToThread(self._examiner_thread)
            self._examine.connect(self._examiner.examine)
            self._examiner.progress.connect(self._on_examine_progress)
            self._examiner.examined.connect(self._on_examined)
            self._examiner_thread.start()
        return self._examiner

    def _on_examine_progress(self, key: int, generation: int, percent: int) -> None:
        self.model.set_progress(key, generation, percent)
        self._update_progress()

    def _on_examined(self, key: int, generation: int, parsed, error: str, detected: str) -> None:  # noqa: ANN001
        if self.model.set_examined(key, generation, parsed, error, detected):
            row = self.model.row_by_key(key)
            if not self.model.examining():
                self._stop_examiner()  # no thread runs while the wizard waits for the user
            self._update_state()
            self._show_details()
            self.examined.emit(row.path)

    def _stop_examiner(self) -> None:
        """Stop the examining thread (started again by the next file); a read in progress stops at its next step."""
        if self._examiner is not None and self._examiner_thread is not None:
            self._examiner.stopped = True
            self._examiner_thread.quit()
            self._examiner_thread.wait()
            self._examiner = self._examiner_thread = None

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
        row = self.model.rows[position]
        if row.examining:
            text = f"{row.path}: examining…"
        elif row.needs_name:
            text = (
                f"{row.error} Double-click (or F2) its Label and Effective cells to give them; "
                "the file is then examined again."
            )
        elif row.error:
            text = row.error
        else:
            text = "; ".join([row.path, *row.warnings])
        self.details.setText(text)

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
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if importing
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.close_button.setText("Cancel import" if importing else "Close")
        ready = self.model.ready_rows()
        changing = [row for row in ready if row.changes]
        self.import_button.setEnabled(bool(changing) and not importing and not self.store.read_only)
        self.import_button.setText(
            f"&Import {len(changing)} file{'s' * (len(changing) != 1)}" if changing else "&Import"
        )
        self.status.setText(self._message or self._summary(ready, changing))

    def _summary(self, ready: list[ImportRow], changing: list[ImportRow]) -> str:
        rows = self.model.rows
        if self.store.read_only:
            return "The database is read-only; importing is disabled."
        if not rows:
            return "Add files to import."
        parts = []
        examining = sum(row.examining for row in rows)
        if examining:
            parts.append(f"{examining} being examined")
        if changing:
            parts.append(f"{len(changing)} ready to import")
        unchanged = len(ready) - len(changing)
        if unchanged:
            parts.append(f"{unchanged} already imported")
        blocked = len(rows) - len(ready) - examining
        if blocked:
            parts.append(f"{blocked} cannot be imported as listed")
        text = "Files: " + ", ".join(parts) + "."
        if ready and not changing and not examining:
            text += " Nothing would change: importing would add nothing to the database."
        return text

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
        self._stop_examiner()
        self._wait_for_import_thread()
        super().done(result)

    def closeEvent(self, event) -> None:  # noqa: ANN001 - QCloseEvent
        if self.importing:
            self.cancel_import()
            event.ignore()
            return
        super().closeEvent(event)
        self._stop_examiner()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.table.state() != QAbstractItemView.State.EditingState
        ):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if not self.importing and urls and all(url.isLocalFile() for url in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)
