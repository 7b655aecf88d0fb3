"""A code view (views.lookup_view) read for display: its decoded fields in the order a coder reads them and
its kind in words. Shared by the detail pane, presentation mode and the printed card, so all three list the
same fields in the same order and name a code's kind alike."""

from __future__ import annotations

from typing import Any

NOT_DOCUMENTED = "Not documented in the CMS record layout"

# Decoded fields in the order a coder reads them; any other decoded entry in a view follows these.
FIELD_ORDER = (
    "pricing_indicator",
    "multiple_pricing_indicator",
    "lab_certification",
    "coverage",
    "asc_payment_group",
    "mog_payment_group",
    "mog_payment_policy_indicator",
    "betos",
    "type_of_service",
    "action",
)


def decoded_entries(view: dict[str, Any]) -> list[dict[str, Any]]:
    """Every decoded field entry of a view (dicts with "field" and "meaning"), singles and list items alike."""

    def entries(value: Any) -> list[dict[str, Any]]:
        items = value if isinstance(value, list) else [value]
        return [item for item in items if isinstance(item, dict) and "field" in item and "meaning" in item]

    keys = [k for k in FIELD_ORDER if k in view] + [k for k in view if k not in FIELD_ORDER and k != "layout_fields"]
    return [entry for key in keys for entry in entries(view[key])]


def field_entries(view: dict[str, Any]) -> list[dict[str, Any]]:
    """The detail pane's field rows: every field of the CMS record layout when the view has them (label the
    layout's name, code the raw value, "" for one not stored), else the decoded fields."""
    if not view.get("layout_fields"):
        return decoded_entries(view)
    return [
        {
            "field": row["field"],
            "label": row["name"],
            "code": row["raw"] if row["raw"] is not None else "",
            "meaning": row["meaning"],
            "see": row.get("see") or [],
        }
        for row in view["layout_fields"]
    ]


def kind_text(view: dict[str, Any]) -> str:
    """What a code is in words: HCPCS Level II code, CPT Category I code, HCPCS Level II modifier."""
    grade = ""
    if view.get("category"):
        grade = f"Category {view['category']}"
    elif view.get("level"):
        grade = f"Level {view['level']}"
    return " ".join(part for part in (view.get("system") or "", grade, view.get("kind") or "code") if part)
