"""Pieces of SQL the reference store's queries share: the columns read, and the conditions that keep the rows
of the view (its releases and code systems) and of a query's scope words."""

from __future__ import annotations

from typing import Any

from ..codes.records import Release
from ..search.query import Query

KINDS = ("code", "modifier")


class ViewPart(tuple):
    """The rows of one release and code system in a view: unpacked as the pair (release, system) everywhere,
    and narrowed to one kind ("code" or "modifier") when another release supplies the other kind (a fee schedule
    holds CPT codes but no modifiers, which then come from the next source down); kind None: both kinds."""

    kind: str | None

    def __new__(cls, release: Release, system: str, kind: str | None = None) -> ViewPart:
        part = super().__new__(cls, (release, system))
        part.kind = kind
        return part

    def __repr__(self) -> str:
        return f"ViewPart({self[0].label!r}, {self[1]!r}, {self.kind!r})"


ViewParts = list[tuple[Release, str]]  # (release, code system) pairs making up a view, ViewParts as a rule
RELEASE_COLUMNS = (
    "id, system, label, effective_date, source_name, source_member, source_sha256, file_format, "
    "imported_at, codes, modifiers"
)
SUMMARY_COLUMNS = (
    "code, kind, system, short_description, long_description, added_date, action_effective_date, "
    "termination_date, action_code"
)
CODE_COLUMNS = SUMMARY_COLUMNS + ", fields"


def scope_sql(
    parts: ViewParts, table: str = "", by_code: bool = False, with_kind: bool = True
) -> tuple[str, tuple[Any, ...]]:
    """Rows of the (release, code system) pairs in view (see ReferenceStore.view_parts), each of one kind
    where its ViewPart says so (with_kind False: for a table with no kind column, xrefs).

    by_code: the query finds its rows by code (an exact code, a range, a wildcard), so the release filter
    is written `+release_id`, which SQLite cannot serve from an index: otherwise it reads every row of each
    release in view through the release index (23 ms for a range over three releases) instead of the few
    rows the code index gives (0.25 ms).
    """
    col = f"{table}." if table else ""
    release_col = f"+{col}release_id" if by_code else f"{col}release_id"
    conditions, params = [], []
    for part in parts:
        release, system = part
        kind = getattr(part, "kind", None) if with_kind else None
        conditions.append(f"({release_col} = ? AND {col}system = ?" + (f" AND {col}kind = ?)" if kind else ")"))
        params += [release.id, system, *([kind] if kind else [])]
    return f"({' OR '.join(conditions) or '0'})", tuple(params)


def scope_filter(query: Query, parts: ViewParts, table: str = "", by_code: bool = False) -> tuple[str, tuple[Any, ...]]:
    """The view's rows (see scope_sql), narrowed by the query's scope words (a code system, kind or section)."""
    col = f"{table}." if table else ""
    view_sql, view_params = scope_sql(parts, table, by_code)
    parts, params = [view_sql], list(view_params)
    if query.system:
        parts.append(f"{col}system = ?")
        params.append(query.system)
    if query.kind:
        parts.append(f"{col}kind = ?")
        params.append(query.kind)
    if query.section:
        parts.append(f"substr({col}code, 1, 1) = ?")
        params.append(query.section)
    return " AND ".join(parts), tuple(params)


def prefixed(columns: str, table: str) -> str:
    return ", ".join(f"{table}.{c.strip()}" for c in columns.split(","))
