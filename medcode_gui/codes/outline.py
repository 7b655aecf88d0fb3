"""The classification outline (resources/outline.json) and where each code sits in it."""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..paths import resource_text

INHERITED = ("system", "category", "level", "kind", "dental")


def code_shape(code: str) -> str:
    """Codes compare only within one shape: digits become 9, letters stay (99213 -> 99999, J1100 -> J9999)."""
    return re.sub(r"\d", "9", code)


@dataclass(frozen=True)
class CodeRange:
    low: str
    high: str

    @classmethod
    def parse(cls, text: str) -> CodeRange:
        low, high = (part.strip().upper() for part in text.split("-"))
        if code_shape(low) != code_shape(high) or low > high:
            raise ValueError(f"bad outline range {text!r}")
        return cls(low, high)

    @property
    def shape(self) -> str:
        return code_shape(self.low)

    def __contains__(self, code: str) -> bool:
        return code_shape(code) == self.shape and self.low <= code <= self.high

    def __str__(self) -> str:
        return self.low if self.low == self.high else f"{self.low}–{self.high}"


@dataclass
class OutlineNode:
    id: str
    title: str
    parent: OutlineNode | None = None
    children: list[OutlineNode] = field(default_factory=list)
    ranges: list[CodeRange] = field(default_factory=list)
    patterns: list[re.Pattern[str]] = field(default_factory=list)
    note: str | None = None
    link: str | None = None  # a node that shows another subtree (HCPCS Level I shows CPT)
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def is_leaf(self) -> bool:
        return not self.children and not self.link

    def path(self) -> list[OutlineNode]:
        """From the top-level node down to this one (the root itself left out)."""
        nodes, node = [], self
        while node and node.parent:
            nodes.append(node)
            node = node.parent
        return nodes[::-1]

    def inherited(self, name: str) -> Any:
        node: OutlineNode | None = self
        while node:
            if name in node.attributes:
                return node.attributes[name]
            node = node.parent
        return None

    def leaves(self) -> Iterator[OutlineNode]:
        if self.is_leaf:
            yield self
        for child in self.children:
            yield from child.leaves()

    def range_text(self) -> str:
        """The node's own ranges, or the span of its leaves' ranges."""
        ranges = self.ranges or [r for leaf in self.leaves() for r in leaf.ranges]
        if not ranges:
            return ""
        if self.ranges:
            return ", ".join(str(r) for r in self.ranges)
        by_shape: dict[str, list[CodeRange]] = {}
        for r in ranges:
            by_shape.setdefault(r.shape, []).append(r)
        spans = [CodeRange(min(r.low for r in rs), max(r.high for r in rs)) for rs in by_shape.values()]
        return ", ".join(str(s) for s in spans)


class Outline:
    """The tree of systems, categories, levels, sections and ranges, and code placement on its leaves."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.root = OutlineNode("", "All codes")
        self.by_id: dict[str, OutlineNode] = {}
        for child in data["children"]:
            self._add(child, self.root)
        self._ranges: dict[str, list[tuple[str, str, OutlineNode]]] = {}
        self._modifier_leaves: list[OutlineNode] = []
        for leaf in self.root.leaves():
            for code_range in leaf.ranges:
                self._ranges.setdefault(code_range.shape, []).append((code_range.low, code_range.high, leaf))
            if leaf.patterns:
                self._modifier_leaves.append(leaf)
        for entries in self._ranges.values():
            entries.sort(key=lambda e: e[0])
        self.version = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def _add(self, data: dict[str, Any], parent: OutlineNode) -> None:
        node = OutlineNode(
            id=data["id"],
            title=data["title"],
            parent=parent,
            note=data.get("note"),
            link=data.get("link"),
            ranges=[CodeRange.parse(r) for r in data.get("ranges", [])],
            patterns=[re.compile(p) for p in data.get("patterns", [])],
            attributes={k: data[k] for k in INHERITED if k in data},
        )
        if node.id in self.by_id:
            raise ValueError(f"outline id {node.id} appears twice")
        self.by_id[node.id] = node
        parent.children.append(node)
        for child in data.get("children", []):
            self._add(child, node)

    def node(self, node_id: str) -> OutlineNode:
        return self.by_id[node_id]

    def place(self, code: str, kind: str = "code") -> OutlineNode | None:
        """The one leaf a code or modifier belongs to, or None if no leaf holds it."""
        code = code.strip().upper()
        if kind == "modifier":
            return next((leaf for leaf in self._modifier_leaves if any(p.fullmatch(code) for p in leaf.patterns)), None)
        entries = self._ranges.get(code_shape(code), [])
        index = bisect.bisect_right(entries, code, key=lambda e: e[0]) - 1
        while index >= 0:
            low, high, leaf = entries[index]
            if low <= code <= high:
                return leaf
            index -= 1
        return None

    def placements(self, code: str, kind: str = "code") -> list[OutlineNode]:
        """Every leaf holding the code: the test that no code sits on two leaves uses it."""
        if kind == "modifier":
            return [leaf for leaf in self._modifier_leaves if any(p.fullmatch(code) for p in leaf.patterns)]
        return [leaf for low, high, leaf in self._ranges.get(code_shape(code), []) if low <= code <= high]


@cache
def outline() -> Outline:
    return Outline(json.loads(resource_text("outline.json")))
