"""A printed list of codes: a title and a table of code, kind, description (the long descriptor) and release, and
the page header naming the releases and files the codes came from. Every text from the data is escaped
(print_html.esc)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .print_html import APP_NAME, TABLE, badge_html, esc, page_html


def _row_value(row: Mapping[str, Any] | Sequence[Any], key: str, index: int) -> str:
    if isinstance(row, Mapping):
        value = row.get(key)
        if not value and key == "long_description":  # a row without one prints its short descriptor
            value = row.get("short_description") or row.get("description")
        return "" if value is None else str(value)
    return str(row[index]) if index < len(row) and row[index] is not None else ""


def list_html(title: str, rows: Iterable[Mapping[str, Any] | Sequence[Any]]) -> str:
    """A printable list: a title and a table of code, kind, description and release, one row per code.

    The description is the long descriptor (a reader of paper cannot hover for the rest), the short one where a
    row has no long one. A row is a mapping (views.search_hit_view, or code / kind / long_description /
    short_description / release keys) or a sequence (code, kind, description, release). A kind of "code" or
    "modifier" is shown as the code's badge, in its colour; any other kind as it is. The column headings repeat
    on every page.
    """
    body = []
    for row in rows:
        code = _row_value(row, "code", 0)
        kind = _row_value(row, "kind", 1)
        shown = badge_html(code, kind) if kind in ("code", "modifier") else esc(kind)
        cells = (
            f"<b>{esc(code)}</b>",
            shown,
            esc(_row_value(row, "long_description", 2)),
            esc(_row_value(row, "release", 3)),
        )
        body.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    head = '<thead><tr style="background-color: #e5e7eb"><th align="left" width="12%">Code</th>'
    head += '<th align="left" width="16%">Kind</th><th align="left">Description</th>'
    head += '<th align="left" width="18%">Release</th></tr></thead>'
    count = len(body)
    heading = f'<p style="font-size: 15pt; font-weight: bold; margin: 0">{esc(title)}</p>'
    heading += f"<p>{count:,} code{'' if count == 1 else 's'}</p>"
    return page_html([heading, f"<table {TABLE}>{head}<tbody>{''.join(body)}</tbody></table>"])


def rows_and_sources(hits: Iterable[Any]) -> tuple[list[dict[str, str]], list[str]]:
    """list_html rows and the header's sources (release, file) for stored hits (StoredCode), in their order."""
    rows, sources = [], []
    for hit in hits:
        record, release = hit.record, hit.release
        rows.append(
            {
                "code": record.code,
                "kind": record.kind,
                "long_description": record.long_description,
                "short_description": record.short_description,
                "release": release.label,
            }
        )
        source = f"{release.label}, {release.source_name}" if release.source_name else release.label
        if source not in sources:
            sources.append(source)
    return rows, sources


def list_header(title: str, sources: Sequence[str]) -> str:
    return f"{title} · " + ("Data: " + "; ".join(sources) if sources else APP_NAME)
