"""Codes on the outline: the leaf each code row is placed on (codes.node_id), the per-leaf counts kept at
import (node_counts), and those counts rolled up to every node of the tree."""

from __future__ import annotations

import sqlite3
from typing import Any

from ..codes.outline import outline

UNPLACED = "unplaced"  # node_id of a code no outline leaf holds (none among the real files; see tests)


def leaf_id(tree: Any, code: str, kind: str) -> str:
    leaf = tree.place(code, kind)
    return leaf.id if leaf else UNPLACED


def count_nodes(conn: sqlite3.Connection, release_id: int) -> None:
    """Inside a transaction: (re)count a release's codes per leaf, code system and kind."""
    conn.execute("DELETE FROM node_counts WHERE release_id = ?", (release_id,))
    conn.execute(
        "INSERT INTO node_counts (release_id, node_id, system, kind, count) "
        "SELECT release_id, node_id, system, kind, count(*) FROM codes WHERE release_id = ? "
        "GROUP BY node_id, system, kind",
        (release_id,),
    )


def counts_per_node(conn: sqlite3.Connection, scope_sql: str, scope_params: tuple[Any, ...]) -> dict[str, int]:
    """Codes and modifiers per outline node (leaves and every ancestor) in the rows scope_sql keeps.

    Reads the per-leaf counts kept at import (a few hundred rows), never the codes themselves.
    """
    rows = conn.execute(
        f"SELECT node_id, sum(count) AS n FROM node_counts WHERE {scope_sql} GROUP BY node_id", scope_params
    ).fetchall()
    tree = outline()
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["node_id"]] = counts.get(row["node_id"], 0) + row["n"]
        node = tree.by_id.get(row["node_id"])
        for ancestor in node.path()[:-1] if node else []:
            counts[ancestor.id] = counts.get(ancestor.id, 0) + row["n"]
    for node in tree.by_id.values():
        if node.link:  # HCPCS Level I shows the CPT codes, and counts them within HCPCS too
            for counted in node.path():
                counts[counted.id] = counts.get(counted.id, 0) + counts.get(node.link, 0)
    return {node_id: n for node_id, n in counts.items() if n}
