"""The short tag of what a code is (CPT I/II/III, HCPCS II, modifiers), the same everywhere in the app."""

from __future__ import annotations

from .outline import outline


def badge(code: str, kind: str) -> str:
    """A short tag of what a code is, the same everywhere in the app: CPT I/II/III, HCPCS II, or modifiers.

    The outline leaf a code sits on says its system and category, as explain() says them; read here without
    the rest of explain() (its path, section and sentence), a results row's badge costs a third as much.
    """
    leaf = outline().place(code.strip().upper(), "modifier" if kind == "modifier" else "code")
    system = leaf.inherited("system") if leaf else None
    if kind == "modifier":
        return f"{system or ''} mod".strip()
    if system == "CPT":
        return f"CPT {leaf.inherited('category')}"
    if system == "HCPCS":
        return "HCPCS II" + (" (CDT)" if code.startswith("D") else "")
    return "?"
