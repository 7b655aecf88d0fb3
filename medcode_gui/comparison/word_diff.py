"""Word-level differences between two descriptors, for side-by-side views (no Qt)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

SAME, REMOVED, ADDED = "same", "removed", "added"
_TOKEN = re.compile(r"\S+")
_SPACE_NAMES = {" ": "space", "\t": "tab", "\n": "line break", "\r": "carriage return"}  # unnamed in Unicode


@dataclass(frozen=True)
class Segment:
    text: str
    op: str  # SAME, or REMOVED (only in the left text), or ADDED (only in the right text)


def word_diff(left: str, right: str, ignore_case: bool = True) -> tuple[list[Segment], list[Segment]]:
    """Each text cut into runs of words, marked as shared with the other text or only its own.

    Case is ignored by default: CMS writes CPT short descriptors in mixed case, the AMA files in capitals,
    and a coder comparing them looks for different words, not different capitals. The texts themselves are
    returned exactly as given.
    """
    left_words, right_words = _TOKEN.findall(left or ""), _TOKEN.findall(right or "")
    key = str.casefold if ignore_case else str
    matcher = difflib.SequenceMatcher(None, [key(w) for w in left_words], [key(w) for w in right_words], False)
    left_segments: list[Segment] = []
    right_segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left_segments.append(Segment(" ".join(left_words[i1:i2]), SAME))
            right_segments.append(Segment(" ".join(right_words[j1:j2]), SAME))
            continue
        if i2 > i1:
            left_segments.append(Segment(" ".join(left_words[i1:i2]), REMOVED))
        if j2 > j1:
            right_segments.append(Segment(" ".join(right_words[j1:j2]), ADDED))
    return left_segments, right_segments


def merged_segments(left: list[Segment], right: list[Segment]) -> list[Segment]:
    """Both sides of a word_diff in one reading order: shared runs once, and at each change the left's
    words (REMOVED) before the right's (ADDED)."""
    merged: list[Segment] = []
    i = j = 0
    while i < len(left) or j < len(right):
        if i < len(left) and left[i].op != SAME:
            merged.append(left[i])
            i += 1
        elif j < len(right) and right[j].op != SAME:
            merged.append(right[j])
            j += 1
        else:  # both sides stand at the same shared run
            merged.append(right[j] if j < len(right) else left[i])
            i, j = i + 1, j + 1
    return merged


def same_words(left: str, right: str, ignore_case: bool = True) -> bool:
    """True when the two texts have the same words (spacing, and by default case, aside)."""
    key = str.casefold if ignore_case else str
    return [key(w) for w in _TOKEN.findall(left or "")] == [key(w) for w in _TOKEN.findall(right or "")]


def spacing_changes(left: str, right: str) -> list[str]:
    """Where two texts with the same words differ in the space between them, each place in words:
    '2 spaces → 1 space between "drugs" and "separately"'. Words that differ are not this function's
    business (word_diff tells them); with other words the list names only the gaps that line up."""
    left_parts, right_parts = re.split(r"(\S+)", left or ""), re.split(r"(\S+)", right or "")
    words = left_parts[1::2]
    places = []
    for position, (before, after) in enumerate(zip(left_parts[::2], right_parts[::2], strict=False)):
        if before != after:
            places.append(f"{_gap_words(before)} → {_gap_words(after)} {_place(words, position)}")
    return places


def _gap_words(gap: str) -> str:
    if not gap:
        return "no space"
    # Name any character other than a plain space (a tab, a no-break space): it is what differs.
    names = Counter(_SPACE_NAMES.get(char) or unicodedata.name(char, f"U+{ord(char):04X}").lower() for char in gap)
    return ", ".join(f"{count} {name}" + ("s" if count > 1 else "") for name, count in names.items())


def _place(words: list[str], position: int) -> str:
    if position == 0:
        return "at the start"
    if position >= len(words):
        return "at the end"
    return f'between "{words[position - 1]}" and "{words[position]}"'


def marked_text(segments: list[Segment]) -> str:
    """Plain text with changed words marked, for CSV and the terminal: [-removed-] and {+added+}."""
    marks = {SAME: "{}", REMOVED: "[-{}-]", ADDED: "{{+{}+}}"}
    return " ".join(marks[s.op].format(s.text) for s in segments)
