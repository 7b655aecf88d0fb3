"""How the user database keeps a code (by code string and kind, never by a reference row) and a moment."""

from __future__ import annotations

import datetime as dt

from ..codes.errors import MedcodeError

KINDS = ("code", "modifier")
MAX_CODE_CHARS = 16


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def code_key(code: str, kind: str) -> tuple[str, str]:
    """A code as stored: trimmed, upper case; kind "code" or "modifier". Shape checks are the callers'
    (explain.py): the store also keeps codes that no release, or no outline, knows yet."""
    value = (code or "").strip().upper() if isinstance(code, str) else ""
    if kind not in KINDS:
        raise MedcodeError(f"{kind!r} is not a kind of code; use one of {', '.join(KINDS)}.")
    if not value or len(value) > MAX_CODE_CHARS or not value.isprintable():
        raise MedcodeError(f"{code!r} is not a code or modifier.")
    return value, kind
