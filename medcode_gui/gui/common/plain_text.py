"""Text from the data or the user shown literally where Qt would guess it is HTML.

Tooltips, message boxes and labels left in Qt's AutoText format render any text that merely looks like markup
(Qt::mightBeRichText), so an imported descriptor such as `<img src=file:///etc/passwd>` would load an image
and `<a href=...>` would become a link. Tooltips and message boxes take no text format, so their text is
escaped and wrapped as rich text here; labels are set to PlainText where they are made.
"""

from __future__ import annotations

from html import escape


def rich_text_of(text: str | None) -> str | None:
    """Text as rich text that shows every character as typed (line breaks kept); None or "" as None."""
    if not text:
        return None
    return "<qt>" + "<br>".join(escape(line) for line in str(text).split("\n")) + "</qt>"
