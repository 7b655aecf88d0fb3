"""Word differences (word_diff segments) as HTML for item views: removed words struck through in red,
added words underlined in green; the colours carry the meaning and the strike/underline carry it without
colour."""

from __future__ import annotations

from html import escape

from ...comparison.word_diff import ADDED, REMOVED, Segment

STYLES = {
    REMOVED: "<span style='background:#fee2e2; color:#991b1b; text-decoration:line-through'>{}</span>",
    ADDED: "<span style='background:#dcfce7; color:#14532d; text-decoration:underline'>{}</span>",
}


def segments_html(segments: list[Segment]) -> str:
    return " ".join(STYLES.get(s.op, "{}").format(escape(s.text)) for s in segments)
