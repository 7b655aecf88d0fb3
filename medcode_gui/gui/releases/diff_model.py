"""Release-to-release changes as a table: the kind of change, the code, what it was and what it is."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...codes.wording import change_words
from ...comparison.word_diff import merged_segments, word_diff
from ...releases.release_diff import KIND_TITLES, Change, spacing_words
from ..common.plain_text import rich_text_of
from .diff_html import segments_html

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Change", "Code", "Kind", "Description", "What changed")
CHANGE, CODE, KIND, DESCRIPTION, DETAILS = range(len(COLUMNS))
DIFF_HTML_ROLE = Qt.ItemDataRole.UserRole + 40


class ChangeRowsModel(QAbstractTableModel):
    """(kind of change, change) rows under a row of column titles: the codes' diff (DiffModel) and a payment or
    rules file's (schedule_diff_model.ScheduleDiffModel) differ only in their columns' text."""

    columns: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, Any]] = []

    def set_changes(self, rows: list[tuple[str, Any]]) -> None:
        """(kind of change, change) pairs, in the order shown."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def change_at(self, row: int) -> tuple[str, Any]:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section] if section < len(self.columns) else None
        return None


class DiffModel(ChangeRowsModel):
    columns = COLUMNS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        kind, change = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(kind, change, column)
        if role == Qt.ItemDataRole.ToolTipRole:  # the codebook's whole meaning of each coded value
            whole = details_text(kind, change, whole=True) if column == DETAILS else self._text(kind, change, column)
            return rich_text_of(whole)
        if role == DIFF_HTML_ROLE and column == DETAILS and kind.endswith("description_changed"):
            return self._description_html(kind, change)
        return None

    def _text(self, kind: str, change: Change, column: int) -> str:
        if column == CHANGE:
            return KIND_TITLES[kind]
        if column == CODE:
            return change.code
        if column == KIND:
            return change.kind
        if column == DESCRIPTION:
            return change.record.short_description
        return details_text(kind, change)

    @staticmethod
    def _description_html(kind: str, change: Change) -> str:
        attribute = "short_description" if kind.startswith("short") else "long_description"
        old, new = word_diff(getattr(change.old, attribute), getattr(change.new, attribute), ignore_case=False)
        return segments_html(merged_segments(old, new))


def details_text(kind: str, change: Change, whole: bool = False) -> str:
    """What changed, in one line of plain text (the table's text where no diff is drawn); fields named in
    words, coded values with their meaning (whole: the codebook's full meaning, for the tooltip), dates ISO."""
    old, new = change.old, change.new
    if kind == "added":
        return f"Added {new.added_date or ''}".strip()  # type: ignore[union-attr]
    if kind == "removed":
        ended = old.termination_date  # type: ignore[union-attr]
        return "No longer in the file" + (f" (terminated {ended})" if ended else "")
    if kind == "terminated":
        return f"Last valid date {new.termination_date}"  # type: ignore[union-attr]
    if kind == "reactivated":
        return f"Was terminated {old.termination_date}"  # type: ignore[union-attr]
    if kind == "short_description_changed":
        return f"{old.short_description} → {new.short_description}"  # type: ignore[union-attr]
    if kind == "long_description_changed":
        return f"{old.long_description} → {new.long_description}"  # type: ignore[union-attr]
    if kind == "spacing_only":  # the words are the same: say where the spaces differ, which no word diff shows
        return f"Same words; {spacing_words(change)}"
    return "; ".join(
        change_words(name, old.fields.get(name) or "", new.fields.get(name) or "", whole)  # type: ignore[union-attr]
        for name in change.fields
    )
