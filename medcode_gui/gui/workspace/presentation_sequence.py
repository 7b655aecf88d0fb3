"""What presentation mode steps through: an explicit list of codes (ListSequence: "3 of 12") or the codes of the
outline leaf the shown code sits on (RangeSequence: previous and next by store.adjacent_code).

Both answer the same questions (start, step, first, last, jump, position), so the window never asks which it has.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class ListSequence:
    """An explicit list of codes, stepped by position (a code may appear twice)."""

    def __init__(self, codes: Sequence[str]) -> None:
        self.codes = [str(c).strip().upper() for c in codes if str(c).strip()]
        if not self.codes:
            raise ValueError("a presentation list needs at least one code")
        self.index = 0

    def start(self, code: str | None) -> str:
        wanted = (code or "").strip().upper()
        self.index = self.codes.index(wanted) if wanted in self.codes else 0
        return self.codes[self.index]

    def step(self, current: str, step: int, kind: str) -> str | None:
        index = self.index + step
        if not 0 <= index < len(self.codes):
            return None
        self.index = index
        return self.codes[index]

    def first(self) -> str | None:
        self.index = 0
        return self.codes[0]

    def last(self) -> str | None:
        self.index = len(self.codes) - 1
        return self.codes[-1]

    def jump(self, code: str) -> bool:
        """Go to a code typed by the presenter: True when the list holds it (its first place after the current
        one, so a repeated code is reached in turn)."""
        wanted = code.strip().upper()
        if wanted not in self.codes:
            return False
        after = [i for i, listed in enumerate(self.codes) if listed == wanted and i > self.index]
        self.index = after[0] if after else self.codes.index(wanted)
        return True

    def position(self, view: dict[str, Any]) -> str:
        if str(view.get("code", "")).upper() != self.codes[self.index]:
            return f"Outside the list of {len(self.codes)}"  # a typed code the list does not hold
        return f"{self.index + 1} of {len(self.codes)}"


class RangeSequence:
    """The codes of the outline leaf the current code sits on, in code order (store.adjacent_code)."""

    def __init__(self, store: Any, release_label: str | None = None) -> None:
        self.store = store
        self.release_label = release_label

    def start(self, code: str | None) -> str:
        if not code or not code.strip():
            raise ValueError("presenting a range needs a code to start from")
        return code.strip().upper()

    def step(self, current: str, step: int, kind: str) -> str | None:
        return self.store.adjacent_code(current, kind, step, self.release_label)

    def first(self) -> str | None:
        return None

    def last(self) -> str | None:
        return None

    def jump(self, code: str) -> bool:
        return False  # a range has no list to find a code in: the window shows the code, the range follows it

    def position(self, view: dict[str, Any]) -> str:
        path = view.get("path") or []
        return str(path[-1].get("title") or path[-1].get("id")) if path else ""
