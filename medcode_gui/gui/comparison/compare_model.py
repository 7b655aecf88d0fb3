"""The comparison basket as a table: a column per code, a row per field, differing rows highlighted and
descriptors diffed word by word against the first code. Source fields are named and valued in words (the
codebooks; the raw value stays in the text), and a source's copy of the descriptors shown above is left out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...codes.wording import field_name, value_words
from ...comparison.compare import DESCRIPTOR_ROWS, SUMMARY_ROWS
from ...comparison.word_diff import merged_segments, word_diff
from ..common.plain_text import rich_text_of
from ..releases.diff_html import segments_html

Index = QModelIndex | QPersistentModelIndex
DIFF_HTML_ROLE = Qt.ItemDataRole.UserRole + 20
DIFFERS_ROLE = Qt.ItemDataRole.UserRole + 21
DIFFERING_BACKGROUND = QColor("#fef3c7")  # amber 100: readable with the default text colour
DIFFERING_TEXT = QColor("#1f2937")
NOT_FOUND = "(not in the database)"
SOURCE_SEPARATOR = " · "  # compare.py names a source's field "<source> · <raw field name>"
# The payment figures compared: (view part, key, words, is money); the row names the locality and the source.
PAYMENT_FIGURES = (
    ("physician_fee_schedule", "non_facility_amount", "PFS non-facility", True),
    ("physician_fee_schedule", "facility_amount", "PFS facility", True),
    ("opps", "status_indicator", "OPPS status indicator", False),
    ("opps", "payment_rate", "OPPS payment rate", True),
    ("clfs", "rate", "Lab fee (CLFS) rate", True),
    ("asp", "payment_limit", "ASP payment limit", True),
    ("asc", "rate", "ASC rate", True),
)
NOT_ON_IT = "not on it"


def payment_rows(comparison: dict[str, Any], payments: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The comparison with a row per payment figure (common/payment_data.payment_of of each code found): the
    row named with its schedule's release and file (and the PFS locality), the cell the figure as the view gives
    it; a schedule with no figure for any code adds no row."""
    rows: dict[str, dict[str, str]] = {}
    for part, key, name, is_money in PAYMENT_FIGURES:
        parts = {code: ((p.get("fee") or {}).get(part) or {}) for code, p in payments.items()}
        sources = {f"{q.get('release')}, {q.get('file')}" for q in parts.values() if q.get(key) not in (None, "")}
        if not sources:
            continue
        place = next((q.get("locality") for q in parts.values() if q.get("locality")), None)
        where = f" in {place.get('name')} ({place.get('mac')}-{place.get('number')})" if place else ""
        row = f"Payment: {name}{where} ({'; '.join(sorted(sources))})"
        rows[row] = {
            code: (f"${q[key]}" if is_money else str(q[key])) if q.get(key) not in (None, "") else NOT_ON_IT
            for code, q in parts.items()
        }
    if not rows:
        return comparison
    profiles = [
        p | {"fields": p["fields"] | {r: v[p["code"]] for r, v in rows.items()}} if p["code"] in payments else p
        for p in comparison["codes"]
    ]
    differing = [r for r, values in rows.items() if len(set(values.values())) > 1]
    fields = comparison["fields"] + list(rows)
    return comparison | {
        "codes": profiles,
        "fields": fields,
        "differing_fields": comparison["differing_fields"] + differing,
    }


class CompareModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._comparison: dict[str, Any] = {"codes": [], "fields": [], "differing_fields": []}
        self._rows: list[str] = []
        self.only_differences = False
        self.payment_of: Callable[[str], dict[str, Any]] | None = None  # a code's payment figures (main/windows)

    def set_comparison(self, comparison: dict[str, Any]) -> None:
        self.beginResetModel()
        if self.payment_of is not None:
            found = [p["code"] for p in comparison["codes"] if p["found"]]
            comparison = payment_rows(comparison, {code: self.payment_of(code) for code in found})
        self._comparison = comparison
        self._rows = self._visible_rows()
        self.endResetModel()

    def set_only_differences(self, only: bool) -> None:
        self.beginResetModel()
        self.only_differences = only
        self._rows = self._visible_rows()
        self.endResetModel()

    def _visible_rows(self) -> list[str]:
        differing = set(self._comparison["differing_fields"])
        rows = [r for r in self._comparison["fields"] if not self._repeats_descriptor(r)]
        return [r for r in rows if r in differing or r == "Code"] if self.only_differences else rows

    def _repeats_descriptor(self, row: str) -> bool:
        """A source field holding, for every code found, nothing or one of the descriptors shown above."""
        if row in SUMMARY_ROWS:
            return False
        found = [p["fields"] for p in self._comparison["codes"] if p["found"]]
        shown = [{(fields.get(name) or "").strip() for name in DESCRIPTOR_ROWS} | {""} for fields in found]
        return all((fields.get(row) or "").strip() in texts for fields, texts in zip(found, shown, strict=True))

    @property
    def comparison(self) -> dict[str, Any]:
        return self._comparison

    def field_at(self, row: int) -> str:
        return self._rows[row]

    def code_at(self, column: int) -> str:
        return self._comparison["codes"][column]["code"]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._comparison["codes"])

    def _value(self, row: int, column: int, whole: bool = False) -> str:
        """The cell's text: a source field's coded value with its meaning (whole: the codebook's full
        meaning), its dates as YYYY-MM-DD; the summary rows as they are."""
        profile = self._comparison["codes"][column]
        if not profile["found"]:
            return NOT_FOUND if row == 0 else ""
        field = self._rows[row]
        value = str(profile["fields"].get(field, ""))
        _, separator, raw_name = field.partition(SOURCE_SEPARATOR)
        return value_words(raw_name, value, whole) if separator and value else value

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        field = self._rows[index.row()]
        differs = field in self._comparison["differing_fields"]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._value(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return rich_text_of(self._value(index.row(), index.column(), whole=True))
        if role == DIFFERS_ROLE:
            return differs
        if role == Qt.ItemDataRole.BackgroundRole and differs:
            return QBrush(DIFFERING_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and differs:
            return QBrush(DIFFERING_TEXT)
        if role == DIFF_HTML_ROLE and differs and index.column() > 0 and field.endswith(DESCRIPTOR_ROWS):
            return self._diff_html(index.row(), index.column())
        return None

    def _diff_html(self, row: int, column: int) -> str | None:
        """This code's descriptor with the words the first code's lacks marked (and the first code's
        words it lacks struck through)."""
        first, this = self._value(row, 0), self._value(row, column)
        if not first or not this:
            return None
        removed, added = word_diff(first, this)
        return segments_html(merged_segments(removed, added))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Vertical:
            if 0 <= section < len(self._rows):
                field = self._rows[section]
                if role == Qt.ItemDataRole.ToolTipRole:  # the field as the source file names it
                    return rich_text_of(field)
                return row_title(field) + (" ≠" if field in self._comparison["differing_fields"] else "")
            return None
        if 0 <= section < len(self._comparison["codes"]):
            profile = self._comparison["codes"][section]
            if role == Qt.ItemDataRole.ToolTipRole:
                sources = ", ".join(s["release"] for s in profile["sources"]) or "not found"
                return rich_text_of(f"{profile['code']}: {sources}")
            return profile["code"]
        return None


def row_title(field: str) -> str:
    """A row's name as shown: "HCPCS · ACTION CD" -> "HCPCS · Action code"; the summary rows as they are."""
    source, separator, raw_name = field.partition(SOURCE_SEPARATOR)
    return f"{source}{separator}{field_name(raw_name)}" if separator else field
