"""The order codes are listed in for reading: CPT by category, then HCPCS Level II (no database, no Qt).

Sorted as text, CPT's categories interleave (0001F, 0005F, 00100, 00142, 0014F) because Category II (four
digits and F) and Category III (four digits and T) share their leading digits with Category I. A coder reads
them apart: Category I (five digits, then its lettered codes: A vaccines, M MAAA, U PLA), Category II, Category
III, then everything else (HCPCS Level II, modifiers) as text.
"""

from __future__ import annotations

# Four digits and this letter -> the group it is listed in (five digits are group 0).
_SUFFIX_GROUPS = {"A": 1, "M": 1, "U": 1, "F": 2, "T": 3}
_OTHER = 4


def code_sort_key(code: str) -> tuple[int, str]:
    """Sort key: CPT Category I (numeric, then lettered), II (F), III (T), then the rest, each as text."""
    text = code.strip().upper()
    if len(text) == 5 and text[:4].isdigit():
        if text[4].isdigit():
            return 0, text
        return _SUFFIX_GROUPS.get(text[4], _OTHER), text
    return _OTHER, text
