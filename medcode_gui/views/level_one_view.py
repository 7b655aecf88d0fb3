"""HCPCS Level I against CPT as the user sees it, as a plain dict."""

from __future__ import annotations

from typing import Any


def level_one_view(comparison: Any, only: str = "all") -> dict[str, Any]:
    """The HCPCS Level I against CPT comparison as plain data (see level_one.py)."""
    from ..codes.wording import value_words
    from ..comparison.level_one import STATE_DETAIL
    from ..comparison.word_diff import marked_text

    rows = []
    for row in comparison.filtered(only):
        cms_diff, cpt_diff = row.diff()
        rows.append(
            {
                "code": row.code,
                "state": row.state,
                "state_text": STATE_DETAIL[row.state],
                "cms_description": row.cms_text,
                "cpt_description": row.cpt_text,
                "cpt_long_description": row.cpt.record.long_description if row.cpt else "",
                "cms_status": row.cms_status,
                "cms_status_text": value_words("STATUS CODE", row.cms_status, whole=True) if row.cms_status else "",
                "cms_diff": marked_text(cms_diff),
                "cpt_diff": marked_text(cpt_diff),
            }
        )
    return {
        "cms_release": comparison.cms_release.label if comparison.cms_release else None,
        "cpt_release": comparison.cpt_release.label if comparison.cpt_release else None,
        "counts": comparison.counts(),
        "rows": rows,
    }
