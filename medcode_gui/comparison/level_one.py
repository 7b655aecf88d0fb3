"""HCPCS Level I against CPT: for every CPT code, the CMS record (a fee schedule's CPT rows, the HCPCS
Level I view) beside the record of the user's AMA CPT files, with the descriptors diffed (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..codes.code_order import code_sort_key
from ..codes.outline import outline
from ..codes.records import CPT, Release, StoredCode
from .word_diff import Segment, same_words, word_diff

SAME, DIFFERENT, CMS_ONLY, CPT_ONLY = "same", "different", "cms_only", "cpt_only"
STATE_TEXT = {SAME: "Same words", DIFFERENT: "Descriptors differ", CMS_ONLY: "CMS only", CPT_ONLY: "CPT only"}
STATE_DETAIL = {
    SAME: "The CMS and CPT short descriptors have the same words (capitals and spacing aside)",
    DIFFERENT: "The CMS short descriptor and the CPT short descriptor use different words",
    CMS_ONLY: "CMS lists this Level I code; the imported CPT files do not",
    CPT_ONLY: "The imported CPT files list this code; the CMS release does not",
}
# Filters a user picks from: which states each shows.
FILTERS = {
    "all": {SAME, DIFFERENT, CMS_ONLY, CPT_ONLY},
    "differences": {DIFFERENT, CMS_ONLY, CPT_ONLY},
    "one_side": {CMS_ONLY, CPT_ONLY},
    "cms_only": {CMS_ONLY},
    "cpt_only": {CPT_ONLY},
}


@dataclass
class LevelOneRow:
    code: str
    cms: StoredCode | None
    cpt: StoredCode | None
    state: str

    @property
    def cms_text(self) -> str:
        return self.cms.record.short_description if self.cms else ""

    @property
    def cpt_text(self) -> str:
        return self.cpt.record.short_description if self.cpt else ""

    @property
    def cms_status(self) -> str:
        return self.cms.record.fields.get("STATUS CODE", "") if self.cms else ""

    def diff(self) -> tuple[list[Segment], list[Segment]]:
        return word_diff(self.cms_text, self.cpt_text)


@dataclass
class LevelOneComparison:
    cms_release: Release | None
    cpt_release: Release | None
    rows: list[LevelOneRow] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATE_TEXT, 0)
        for row in self.rows:
            counts[row.state] += 1
        return counts

    def filtered(self, which: str = "all") -> list[LevelOneRow]:
        states = FILTERS[which]
        return [row for row in self.rows if row.state in states]


def comparison_releases(store: Any) -> tuple[Release | None, Release | None]:
    """The CMS side (the newest official non-AMA release holding CPT codes, a fee schedule first) and the
    CPT side (the newest imported AMA CPT release)."""
    systems = store.release_systems()
    cms = [r for r in store.releases() if r.is_official and r.system != CPT and CPT in systems.get(r.id, [])]
    cms.sort(key=lambda r: (r.system == "PFS", r.effective_date, r.id))
    cpt = [r for r in store.releases() if r.system == CPT]
    return (cms[-1] if cms else None), (cpt[-1] if cpt else None)


def compare_level_one(store: Any, node_id: str | None = None) -> LevelOneComparison:
    """Every CPT code of either side (within an outline node, if given), paired and classified."""
    cms_release, cpt_release = comparison_releases(store)
    result = LevelOneComparison(cms_release, cpt_release)
    left = cms_release or cpt_release
    if left is None:
        return result
    leaves = [leaf.id for leaf in outline().node(node_id).leaves()] if node_id else None
    right = cpt_release if cms_release else None
    for code, first, second in store.paired_codes(left, right, CPT, leaves):
        cms, cpt = (first, second) if cms_release else (None, first)
        result.rows.append(LevelOneRow(code, cms, cpt, _state(cms, cpt)))
    result.rows.sort(key=lambda row: code_sort_key(row.code))  # Category I, then II, then III
    return result


def _state(cms: StoredCode | None, cpt: StoredCode | None) -> str:
    if cms is None:
        return CPT_ONLY
    if cpt is None:
        return CMS_ONLY
    return SAME if same_words(cms.record.short_description, cpt.record.short_description) else DIFFERENT
