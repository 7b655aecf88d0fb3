"""The import wizard's table: one row per file, what it was detected as and what importing it would add."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QApplication

from ...codes.errors import ImportFormatError
from ...codes.records import ParsedRelease, Release
from ...importers.release_naming import check_iso_date
from ..common.plain_text import rich_text_of

FILE, FORMAT, SYSTEM, LABEL, EFFECTIVE, CODES, MODIFIERS, OUTCOME = range(8)
HEADERS = ("File", "Detected as", "System", "Label", "Effective", "Codes", "Modifiers", "Would add")

# ReleaseInfo.file_format in words.
FORMAT_WORDS = {
    "hcpcs-txt": "CMS HCPCS release (txt)",
    "hcpcs-xlsx": "CMS HCPCS release (xlsx)",
    "hcpcs-zip/txt": "CMS HCPCS release zip",
    "hcpcs-zip/xlsx": "CMS HCPCS release zip",
    "pprrvu-csv": "CMS fee schedule (PPRRVU csv)",
    "pprrvu-txt": "CMS fee schedule (PPRRVU txt)",
    "pprrvu-xlsx": "CMS fee schedule (PPRRVU xlsx)",
    "cpt-package": "AMA CPT data files",
    "athena-concept": "Athena CONCEPT.csv",
    "generic-csv": "Generic CSV",
    "starter-csv": "Starter descriptions",
}

# The sentence the importers use when a file names no release (release_naming, generic_csv, athena...).
NAMELESS = "does not say which release it is"

# What importing a ready row would do.
NEW = "new release"
UNCHANGED = "already imported (unchanged)"
TAKEN = "label taken by another file"
NEEDS_NAME = "needs a label and an effective date"


def format_words(file_format: str) -> str:
    return FORMAT_WORDS.get(file_format, file_format)


def detected_words(parsed: ParsedRelease) -> str:
    """What a file was read as: its format, or for a file of documents each document by name."""
    if parsed.documents_only:
        return ", ".join(document.title for document in parsed.documents)
    return format_words(parsed.info.file_format)


@dataclass
class ImportRow:
    """One file of the wizard: the user's label/effective (if given) and what examining it found."""

    key: int
    path: str
    label: str = ""  # given by the user ("" = what the file says)
    effective: str = ""  # given by the user, ISO date
    detected: str = ""  # the format in words, also for a file that failed
    parsed: ParsedRelease | None = None
    error: str = ""
    examining: bool = True
    percent: int = 0
    generation: int = 0
    codes: int = 0
    modifiers: int = 0
    outcome: str = ""  # set by the model from the store's releases and the rows above
    importable: bool = False
    changes: bool = False  # importing it would write something
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return Path(self.path).name or self.path

    @property
    def needs_name(self) -> bool:
        return not self.examining and self.parsed is None and NAMELESS in self.error

    @property
    def editable(self) -> bool:
        return not self.examining and (self.parsed is not None or self.needs_name)

    def shown_label(self) -> str:
        return self.parsed.info.label if self.parsed else self.label

    def shown_effective(self) -> str:
        return self.parsed.info.effective_date if self.parsed else self.effective


class ImportFilesModel(QAbstractTableModel):
    """Rows of files; the user edits Label and Effective, which asks for the file to be examined again."""

    reexamine_requested = Signal(int)  # row key

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[ImportRow] = []
        self.releases: list[Release] = []
        self.replace = False
        self._next_key = 1

    # Rows -----------------------------------------------------------------------------------------------

    def add(self, path: str) -> ImportRow | None:
        """A new row for path; None if the file is already listed."""
        if any(Path(row.path) == Path(path) for row in self.rows):
            return None
        row = ImportRow(self._next_key, path)
        self._next_key += 1
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
        self.rows.append(row)
        self.endInsertRows()
        self.update_outcomes()
        return row

    def remove(self, positions: list[int]) -> None:
        for position in sorted(set(positions), reverse=True):
            if 0 <= position < len(self.rows):
                self.beginRemoveRows(QModelIndex(), position, position)
                del self.rows[position]
                self.endRemoveRows()
        self.update_outcomes()

    def row_by_key(self, key: int) -> ImportRow | None:
        return next((row for row in self.rows if row.key == key), None)

    def position(self, key: int) -> int:
        return next((i for i, row in enumerate(self.rows) if row.key == key), -1)

    def start_examining(self, key: int) -> ImportRow | None:
        row = self.row_by_key(key)
        if row is not None:
            row.generation += 1
            row.examining, row.percent, row.error, row.parsed = True, 0, "", None
            row.codes = row.modifiers = 0
            row.warnings = []
            self._row_changed(row)
        return row

    def set_progress(self, key: int, generation: int, percent: int) -> None:
        row = self.row_by_key(key)
        if row is not None and row.generation == generation and row.examining and row.percent != percent:
            row.percent = percent
            self._row_changed(row, OUTCOME, OUTCOME)

    def set_examined(self, key: int, generation: int, parsed: ParsedRelease | None, error: str, detected: str) -> bool:
        """Store what examining found; False when the row is gone or was edited (examined again) since."""
        row = self.row_by_key(key)
        if row is None or row.generation != generation:
            return False
        row.examining, row.parsed, row.error, row.detected = False, parsed, error, detected
        if parsed is not None:
            row.codes = sum(r.kind == "code" for r in parsed.records)
            row.modifiers = sum(r.kind == "modifier" for r in parsed.records)
            row.warnings = list(parsed.warnings)
        self.update_outcomes()
        return True

    def set_store_releases(self, releases: list[Release]) -> None:
        self.releases = list(releases)
        self.update_outcomes()

    def set_replace(self, replace: bool) -> None:
        self.replace = replace
        self.update_outcomes()

    # What importing would do --------------------------------------------------------------------------

    def update_outcomes(self) -> None:
        """Each ready row against the stored releases and the rows above it (by system+label and checksum)."""
        stored = {(r.system, r.label): r for r in self.releases}
        seen_files: dict[str, ImportRow] = {}
        seen_labels: dict[tuple[str, str], ImportRow] = {}
        for row in self.rows:
            row.importable = row.changes = False
            if row.examining:
                row.outcome = "Examining…"
            elif row.parsed is None:
                row.outcome = NEEDS_NAME if row.needs_name else row.error
            elif row.parsed.documents_only:  # attached by label: never "taken", never a new release
                row.outcome, row.importable, row.changes = self._attachment(row.parsed.info.label), True, True
            else:
                info = row.parsed.info
                key = (info.system, info.label)
                existing = stored.get(key)
                if info.source_sha256 in seen_files:
                    row.outcome = f"same file as {seen_files[info.source_sha256].name}"
                elif key in seen_labels:
                    row.outcome = f"label {info.label} is also given to {seen_labels[key].name}"
                elif existing and existing.source_sha256 == info.source_sha256:
                    row.outcome, row.importable = UNCHANGED, True
                elif existing and not self.replace:
                    row.outcome = TAKEN
                elif existing:
                    row.outcome = f"replaces {existing.label} from {existing.source_name}"
                    row.importable = row.changes = True
                else:
                    row.outcome, row.importable, row.changes = NEW, True, True
                seen_files.setdefault(info.source_sha256, row)
                seen_labels.setdefault(key, row)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(HEADERS) - 1))

    def _attachment(self, label: str) -> str:
        """Where a file of documents goes: to its release stored or imported with it, else kept for it."""
        if any(r.label == label for r in self.releases):
            return f"attached to {label}"
        if any(r.parsed and not r.parsed.documents_only and r.parsed.info.label == label for r in self.rows):
            return f"attached to {label}, imported with it"
        return f"kept for {label}, attached when it is imported"

    def ready_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.importable]

    def examining(self) -> bool:
        return any(row.examining for row in self.rows)

    # Qt model -------------------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 8:
            return HEADERS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (LABEL, EFFECTIVE) and self.rows[index.row()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.EditRole and column in (LABEL, EFFECTIVE):
            return row.shown_label() if column == LABEL else row.shown_effective()
        if role == Qt.ItemDataRole.ToolTipRole:
            return rich_text_of(self._tooltip(row, column))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (CODES, MODIFIERS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADERS[column]}: {self._display(row, column) or 'none'}"
        return None

    def _display(self, row: ImportRow, column: int) -> str:
        info = row.parsed.info if row.parsed else None
        if column == FILE:
            return row.name
        if column == FORMAT:
            return "Examining…" if row.examining and not row.detected else row.detected
        if column == SYSTEM:
            return info.system if info else ""
        if column == LABEL:
            inferred = " (inferred)" if row.parsed and row.parsed.naming_note and not row.label else ""
            return row.shown_label() + inferred if row.shown_label() else ("enter a label" if row.needs_name else "")
        if column == EFFECTIVE:
            return row.shown_effective() or ("enter a date" if row.needs_name else "")
        if column == CODES:
            return f"{row.codes:,}" if info and not row.parsed.documents_only else ""
        if column == MODIFIERS:
            return f"{row.modifiers:,}" if info and not row.parsed.documents_only else ""
        if row.examining:
            return f"Examining… {row.percent}%"
        return row.outcome + (f" ({len(row.warnings)} warning{'s' * (len(row.warnings) != 1)})" if row.warnings else "")

    def _tooltip(self, row: ImportRow, column: int) -> str | None:
        if column == FILE:
            return row.path
        if column in (LABEL, EFFECTIVE) and row.editable:
            return "Double-click or press F2 to change; the file is then examined again with it."
        note = row.parsed.naming_note if row.parsed else ""  # "label HCPCS-2019 inferred from the file's..."
        naming = [f"{note[:1].upper()}{note[1:]}."] if note else []
        lines = ([row.error] if row.error else []) + naming + row.warnings
        return "\n".join(lines) or None

    def _colour(self, row: ImportRow, column: int) -> QBrush | None:
        palette = QApplication.palette() if QApplication.instance() else QPalette()
        if row.needs_name and column in (LABEL, EFFECTIVE) and not self._display_value(row, column):
            return QBrush(palette.color(QPalette.ColorRole.PlaceholderText))
        if column == OUTCOME and not row.examining and not row.importable:
            return QBrush(QColor(0xB0, 0x20, 0x20))
        return None

    @staticmethod
    def _display_value(row: ImportRow, column: int) -> str:
        return row.shown_label() if column == LABEL else row.shown_effective()

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        row = self.rows[index.row()]
        if index.column() == LABEL:
            text = str(value or "").strip()
            if text == row.shown_label() or (not text and not row.needs_name):
                return False
            row.label = text
            if row.parsed is not None and not row.effective:
                row.effective = row.parsed.info.effective_date  # keep the date the row shows
        else:
            text = value.toString("yyyy-MM-dd") if isinstance(value, QDate) else str(value or "").strip()
            try:
                text = check_iso_date(text)
            except ImportFormatError:
                return False
            if text == row.shown_effective():
                return False
            row.effective = text
            if row.parsed is not None and not row.label:
                row.label = row.parsed.info.label  # keep the label the row shows
        self._row_changed(row)
        if row.parsed is not None or row.effective:  # a file that names no release needs at least a date
            self.reexamine_requested.emit(row.key)
        return True

    def _row_changed(self, row: ImportRow, first: int = 0, last: int = len(HEADERS) - 1) -> None:
        position = self.position(row.key)
        if position >= 0:
            self.dataChanged.emit(self.index(position, first), self.index(position, last))
