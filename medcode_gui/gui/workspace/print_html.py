"""The HTML pieces both printouts (the card, printed_card; the list, printed_list) share: escaping, the badge,
the table style and the page around the parts. Printed on white paper, so every colour is set here, whatever
the screen's theme."""

from __future__ import annotations

from html import escape
from typing import Any

from ...codes.badges import badge
from ..common.palette import badge_colour

APP_NAME = "MedCode Browser"
TABLE = (
    'width="100%" border="1" cellspacing="0" cellpadding="4" style="border-collapse: collapse; border-color: #9ca3af"'
)


def esc(value: Any) -> str:
    """A value from the data as HTML text: escaped, None as nothing."""
    return escape("" if value is None else str(value))


def badge_html(code: str, kind: str) -> str:
    """The code's badge in its palette colour (as on screen); nothing for a code with no badge."""
    text = badge(code, kind)
    if text == "?":
        return ""
    colour = badge_colour(text).name()
    return f'<span style="background-color: {colour}; color: #ffffff; font-weight: bold">&nbsp;{esc(text)}&nbsp;</span>'


def page_html(parts: list[str]) -> str:
    return f'<html><body style="color: #111827">{"".join(parts)}</body></html>'
