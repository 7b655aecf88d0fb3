"""Back and forward through viewed codes, as a browser does it (no Qt: the GUI drives it)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class History:
    limit: int = 200
    _items: list[str] = field(default_factory=list)
    _position: int = -1

    @property
    def current(self) -> str | None:
        return self._items[self._position] if self._position >= 0 else None

    def visit(self, item: str) -> None:
        """Record a newly viewed item; visiting drops the forward trail, and the same item twice counts once."""
        if item == self.current:
            return
        del self._items[self._position + 1 :]
        self._items.append(item)
        if len(self._items) > self.limit:
            del self._items[0]
        self._position = len(self._items) - 1

    def can_go_back(self) -> bool:
        return self._position > 0

    def can_go_forward(self) -> bool:
        return self._position < len(self._items) - 1

    def back(self) -> str | None:
        if self.can_go_back():
            self._position -= 1
        return self.current

    def forward(self) -> str | None:
        if self.can_go_forward():
            self._position += 1
        return self.current
