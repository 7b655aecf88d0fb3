"""The releases of a reference database, cached until the next import, and the view: which (release, code
system) pairs the default or a chosen view shows codes from."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..codes.errors import DatabaseError, ReleaseNotFound
from ..codes.records import CPT, HCPCS, STARTER, Release
from .sql_parts import KINDS, RELEASE_COLUMNS, ViewPart, ViewParts, scope_sql


class ReleaseCatalog:
    """What ReferenceStore knows of its releases; forget() when another connection (an import) changed them."""

    def __init__(self, conn: sqlite3.Connection, path: Path, forgotten: Callable[[], None] = lambda: None) -> None:
        self.conn = conn
        self.path = path  # named in the error for an unknown release
        self.forgotten = forgotten  # called by forget(): what the owner derived from the releases is stale too
        self._releases: list[Release] | None = None
        self._by_id: dict[int, Release] = {}
        self._systems: dict[int, list[str]] | None = None
        self._holdings: dict[int, set[tuple[str, str]]] = {}

    def forget(self) -> None:
        self._releases = self._systems = None
        self.forgotten()

    def releases(self) -> list[Release]:
        """Every release, oldest first, the starter before all official ones whatever its date (it is dated
        when it was written, after every official file, yet it is never the newest) (cached until forget())."""
        if self._releases is None:
            order = f"ORDER BY system <> '{STARTER}', effective_date, id"
            rows = self.conn.execute(f"SELECT {RELEASE_COLUMNS} FROM releases {order}").fetchall()
            self._releases = [Release(**dict(row)) for row in rows]
            self._by_id = {r.id: r for r in self._releases}
        return self._releases

    def by_id(self) -> dict[int, Release]:
        self.releases()  # (re)reads both when an import made them stale
        return self._by_id

    def of_id(self, release_id: int) -> Release:
        """The release of a row just read. One this catalog has not seen was imported by another connection
        since the releases were read: read them again (once) rather than fail."""
        release = self.by_id().get(release_id)
        if release is None:
            self.forget()
            release = self.by_id().get(release_id)
        if release is None:  # the row outlived its release between two statements: not a lookup to retry
            raise DatabaseError(f"{self.path} changed while it was being read; try again.")
        return release

    def release(self, label: str) -> Release:
        for release in self._with_label(label) or (self.forget() or self._with_label(label)):
            return release  # (read again once when unknown: another connection may have just imported it)
        known = ", ".join(r.label for r in self.releases()) or "none"
        raise ReleaseNotFound(f"There is no release {label!r} in {self.path} (releases: {known}).")

    def _with_label(self, label: str) -> list[Release]:
        return [release for release in self.releases() if release.label.lower() == label.lower()]

    def default_releases(self) -> list[Release]:
        """The releases the default view shows codes from (see view_parts), official ones first."""
        shown = dict.fromkeys(release for release, _ in self.view_parts())
        return sorted(shown, key=lambda release: not release.is_official)

    def view_parts(self, release_label: str | None = None) -> ViewParts:
        """(release, code system) pairs whose rows make up a view (see ReferenceStore.view_parts), as ViewParts:
        by default each kind of each code system (CPT codes, CPT modifiers...) comes from its own source."""
        if release_label:
            release = self.release(release_label)
            return [ViewPart(release, system) for system in self.systems().get(release.id, [])]
        parts = []
        for system in (CPT, HCPCS):
            chosen = {kind: self._source_of(system, kind) for kind in KINDS}
            for release in dict.fromkeys(r for r in chosen.values() if r is not None):
                kinds = [kind for kind in KINDS if chosen[kind] == release]
                parts.append(ViewPart(release, system, None if len(kinds) == len(KINDS) else kinds[0]))
        return parts

    def _source_of(self, system: str, kind: str) -> Release | None:
        """The release the default view takes one kind of one code system from: the newest primary release
        holding it, else the newest other official one, else the starter data (None: no release holds it)."""
        self.systems()  # (re)reads the holdings when an import made them stale
        holders = [r for r in self.releases() if (system, kind) in self._holdings.get(r.id, ())]
        official = [r for r in holders if r.is_official]
        primary = [r for r in official if r.system == system]
        chosen = primary or official or holders
        return chosen[-1] if chosen else None  # releases() is ordered oldest first

    def systems(self) -> dict[int, list[str]]:
        """The code systems (CPT, HCPCS) each release holds rows of, by release id (cached until forget())."""
        if self._systems is None:
            rows = self.conn.execute(
                "SELECT DISTINCT release_id, system, kind FROM node_counts ORDER BY system, kind"
            ).fetchall()
            self._systems, self._holdings = {}, {}
            for row in rows:
                held = self._systems.setdefault(row["release_id"], [])
                if row["system"] not in held:
                    held.append(row["system"])
                self._holdings.setdefault(row["release_id"], set()).add((row["system"], row["kind"]))
        return self._systems

    def view_sql(
        self, release_label: str | None, table: str = "", by_code: bool = False, with_kind: bool = True
    ) -> tuple[str, tuple[Any, ...]]:
        """The WHERE condition (and parameters) for the rows of the chosen view (see scope_sql for by_code and
        with_kind)."""
        return scope_sql(self.view_parts(release_label), table, by_code, with_kind)
