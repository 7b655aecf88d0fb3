"""Reading codes: a row read into a hit, lookups, the codes of an outline node and their neighbours, a code's
sources, cross-references and history, two releases side by side, processing notes."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ..codes.outline import outline
from ..codes.records import CodeRecord, Release, StoredCode
from .release_catalog import ReleaseCatalog
from .release_documents import ReleaseDocuments
from .sql_parts import CODE_COLUMNS, SUMMARY_COLUMNS


class CodeReader:
    """The reads of ReferenceStore that return codes; the releases and the view come from the catalog."""

    def __init__(self, conn: sqlite3.Connection, catalog: ReleaseCatalog) -> None:
        self.conn = conn
        self.catalog = catalog

    def stored(self, row: sqlite3.Row) -> StoredCode:
        """A codes row (release_id and SUMMARY_COLUMNS, fields optional) as a hit of its release."""
        release = self.catalog.of_id(row["release_id"])
        record = CodeRecord(
            code=row["code"],
            kind=row["kind"],
            system=row["system"],
            short_description=row["short_description"] or "",
            long_description=row["long_description"] or "",
            added_date=row["added_date"],
            action_effective_date=row["action_effective_date"],
            termination_date=row["termination_date"],
            action_code=row["action_code"],
            fields=json.loads(row["fields"] or "{}") if "fields" in row.keys() else {},  # noqa: SIM118 - sqlite3.Row
        )
        return StoredCode(record, release)

    def first(self, where: str, params: tuple[Any, ...]) -> StoredCode | None:
        row = self.conn.execute(
            f"SELECT release_id, {CODE_COLUMNS} FROM codes WHERE {where} LIMIT 1", params
        ).fetchone()
        return self.stored(row) if row else None

    def lookup(self, code: str, release_label: str | None = None) -> StoredCode | None:
        """A code or modifier in the chosen release; by default the newest release that holds it."""
        code = code.strip().upper()
        scope_sql, scope_params = self.catalog.view_sql(release_label, by_code=True)
        hit = self.first(f"code = ? AND {scope_sql}", (code, *scope_params))
        if hit or release_label:
            return hit
        releases = self.catalog.releases()
        newest_first = sorted(releases, key=lambda r: (r.is_official, r.effective_date, r.id), reverse=True)
        order = " ".join(f"WHEN {r.id} THEN {i}" for i, r in enumerate(newest_first))
        found = self.first(f"code = ? ORDER BY CASE release_id {order} END", (code,)) if order else None
        return self._marked_outside_view(found) if found else None

    def _marked_outside_view(self, hit: StoredCode) -> StoredCode:
        """A hit from a release the view does not show: say so, and name the newer release of the same
        source (in view) that dropped it, if there is one."""
        hit.outside_view = True
        newer = [
            release
            for release, _ in self.catalog.view_parts()
            if release.system == hit.release.system and release.effective_date > hit.release.effective_date
        ]
        hit.superseded_by = newer[0].label if newer else None
        return hit

    def codes_in_node(self, node_id: str, release_label: str | None, limit: int, offset: int) -> list[StoredCode]:
        """The codes on a node's leaves, in code order (a page at a time)."""
        tree = outline()
        node = tree.node(tree.node(node_id).link or node_id) if node_id in tree.by_id else None
        leaf_ids = [leaf.id for leaf in node.leaves()] if node else [node_id]
        scope_sql, scope_params = self.catalog.view_sql(release_label)
        rows = self.conn.execute(
            f"SELECT release_id, {SUMMARY_COLUMNS} FROM codes WHERE node_id IN ({', '.join('?' * len(leaf_ids))}) "
            f"AND {scope_sql} ORDER BY code LIMIT ? OFFSET ?",
            (*leaf_ids, *scope_params, limit, offset),
        ).fetchall()
        return [self.stored(row) for row in rows]

    def adjacent_code(self, code: str, kind: str, step: int, release_label: str | None) -> str | None:
        """The previous (step -1) or next (step 1) code on the same outline leaf, in code order."""
        leaf = outline().place(code, kind)
        if leaf is None:
            return None
        scope_sql, scope_params = self.catalog.view_sql(release_label)
        comparison, order = (">", "ASC") if step > 0 else ("<", "DESC")
        row = self.conn.execute(
            f"SELECT code FROM codes WHERE node_id = ? AND kind = ? AND code {comparison} ? AND {scope_sql} "
            f"ORDER BY code {order} LIMIT 1",
            (leaf.id, kind, code.strip().upper(), *scope_params),
        ).fetchone()
        return row["code"] if row else None

    def referenced_by(self, code: str, release_label: str | None) -> list[str]:
        """Codes whose cross-reference fields point at this code, in the view (the reverse of XREF1-5)."""
        # xrefs has no kind column: a release in view for one kind only counts with all its cross-references
        scope_sql, scope_params = self.catalog.view_sql(release_label, by_code=True, with_kind=False)
        rows = self.conn.execute(
            f"SELECT DISTINCT code FROM xrefs WHERE target = ? AND {scope_sql} ORDER BY code",
            (code.strip().upper(), *scope_params),
        ).fetchall()
        return [row["code"] for row in rows]

    def sources_of(self, code: str, kind: str) -> list[StoredCode]:
        """The newest record of the code from each release system's official releases, those in view first."""
        rows = self.conn.execute(
            f"SELECT release_id, {CODE_COLUMNS} FROM codes WHERE code = ? AND kind = ?", (code.strip().upper(), kind)
        ).fetchall()
        newest: dict[str, StoredCode] = {}
        for hit in sorted((self.stored(row) for row in rows), key=lambda h: (h.release.effective_date, h.release.id)):
            if hit.release.is_official:
                newest[hit.release.system] = hit
        shown = {release.id for release, _ in self.catalog.view_parts()}
        return sorted(newest.values(), key=lambda hit: hit.release.id not in shown)

    def cross_references(self, code: str) -> list[dict[str, Any]]:
        """Every CMS cross-reference (XREF1-5) from or to this code, in any release, newest release first."""
        rows = self.conn.execute(
            "SELECT release_id, code, target, position FROM xrefs WHERE code = ? OR target = ? ORDER BY position",
            (code.strip().upper(), code.strip().upper()),
        ).fetchall()
        found = [{**dict(row), "release": self.catalog.of_id(row["release_id"])} for row in rows]
        return sorted(found, key=lambda x: (x["release"].effective_date, x["release"].id), reverse=True)

    def paired_codes(
        self, left: Release, right: Release | None, system: str, node_ids: list[str] | None
    ) -> list[tuple[str, StoredCode | None, StoredCode | None]]:
        """Every code of one system in either of two releases, side by side in code order (no source fields,
        apart from the status code a fee schedule gives, kept under its own name)."""
        releases = [left] + ([right] if right else [])
        where = f"release_id IN ({', '.join('?' * len(releases))}) AND system = ? AND kind = 'code'"
        params: list[Any] = [r.id for r in releases] + [system]
        if node_ids is not None:
            where += f" AND node_id IN ({', '.join('?' * len(node_ids))})"
            params += node_ids
        rows = self.conn.execute(
            f"SELECT release_id, {SUMMARY_COLUMNS}, "
            "json_object('STATUS CODE', json_extract(fields, '$.\"STATUS CODE\"')) AS fields "
            f"FROM codes WHERE {where} ORDER BY code",
            params,
        ).fetchall()
        pairs: dict[str, list[StoredCode | None]] = {}
        for row in rows:
            hit = self.stored(row)
            pairs.setdefault(row["code"], [None, None])[0 if row["release_id"] == left.id else 1] = hit
        return [(code, sides[0], sides[1]) for code, sides in pairs.items()]

    def release_records(self, release: Release) -> dict[tuple[str, str], CodeRecord]:
        """Every code and modifier of a release, with all its fields, by (code, kind)."""
        rows = self.conn.execute(f"SELECT release_id, {CODE_COLUMNS} FROM codes WHERE release_id = ?", (release.id,))
        return {(row["code"], row["kind"]): self.stored(row).record for row in rows}

    def history(self, code: str, kind: str | None) -> list[StoredCode]:
        """The code as every release holding it has it, oldest release first."""
        where, params = "code = ?", [code.strip().upper()]
        if kind:
            where, params = where + " AND kind = ?", [*params, kind]
        rows = self.conn.execute(f"SELECT release_id, {CODE_COLUMNS} FROM codes WHERE {where}", params).fetchall()
        hits = [self.stored(row) for row in rows]
        return sorted(hits, key=lambda hit: (hit.release.is_official, hit.release.effective_date, hit.release.id))

    def processing_note(self, release: Release, number: str) -> str | None:
        row = self.conn.execute(
            "SELECT text FROM notes WHERE release_id = ? AND number = ?", (release.id, number)
        ).fetchone()
        if row:
            return row["text"]
        # The release's file came without its notes: a notes file imported on its own, of the same label.
        attached = ReleaseDocuments(self.conn).processing_note(release.label, number)
        return attached["text"] if attached else None
