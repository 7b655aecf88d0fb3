"""Why a code matched a word search: for each typed word (or phrase), the word of the code's text it
matched and through what (exact, stem, prefix, correction, abbreviation, thesaurus, lay text), and how the
matched words are shown in bold. No SQL: the store hands over the texts."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .alternatives import CORRECTION, EXACT, LAY, STEM, Alternative
from .normalize import stem, words
from .plan import SearchPlan
from .ranking import best_match

PREFIX = "prefix"  # said of a word found only as the start of a longer one ("amb" -> ambulance)


def match_reasons(
    plan: SearchPlan, official_text: str, indexed: tuple[str, str] | None, lay_texts: list[tuple[str, str]]
) -> list[dict[str, Any]]:
    """[{query, matched, via}] for each typed group a code holds, plus where a lay text matched: its source
    and text, and for a thesaurus meaning its note."""
    official_stems, lay_stems = indexed or (
        " ".join(map(stem, words(official_text))),
        " ".join(stem(w) for _source, text in lay_texts for w in words(text)),
    )
    reasons = []
    for group in plan.groups:
        found = best_match(group.alternatives, official_stems, lay_stems) if group.alternatives else None
        if found is None:
            continue
        alternative, via, is_prefix = found.alternative, found.via, found.is_prefix
        if via in (EXACT, STEM) and is_prefix:
            via = PREFIX
        elif via == EXACT and alternative.shown != group.typed:
            via = STEM
        reason: dict[str, Any] = {"query": group.typed, "matched": None, "via": via}
        if via == LAY:
            source, text = next(((s, t) for s, t in lay_texts if _surface(alternative, t) is not None), (None, None))
            reason.update(matched=_surface(alternative, text or ""), lay_source=source, lay_text=text)
            reason["through"] = alternative.via
        else:
            reason["matched"] = _surface(alternative, official_text)
        if alternative.note:
            reason["note"] = alternative.note
        if alternative.via == CORRECTION:
            reason["corrected_to"] = alternative.shown
        reasons.append(reason)
    return reasons


def _surface(alternative: Alternative, text: str) -> str | None:
    """The words of text that hold the alternative's terms, as written there."""
    found = []
    spelled = re.findall(r"[^\W_]+(?:/[^\W_]+)?", text)
    for index, term in enumerate(alternative.terms):
        prefix = alternative.prefix and index == len(alternative.terms) - 1
        word = next((w for w in spelled if _stands_for(w, term, prefix)), None)
        if word is None:
            return None
        found.append(word)
    return " ".join(found)


def _stands_for(written: str, term: str, prefix: bool) -> bool:
    folded = words(written)
    return any(stem(w) == term or (prefix and stem(w).startswith(term)) or w == term for w in folded)


def highlight_pattern(plan: SearchPlan | None) -> re.Pattern[str] | None:
    """A pattern of the words a plan matches as people see them: each word starting with a term (a stem is
    the start of its words; a final 'i' stands for 'y', as in biopsi, so it is left off)."""
    if plan is None:
        return None
    return _pattern(tuple(sorted(plan.terms())))


@lru_cache(maxsize=128)
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    alternatives = []
    for term in terms:
        if not term:
            continue
        start = term[:-1] if term.endswith("i") and len(term) > 3 else term
        if 2 <= len(start) <= 3 and start.isalpha():  # a slash abbreviation is indexed joined: "wc" is W/C
            written = "/?".join(re.escape(letter) for letter in start)
        else:
            written = re.escape(start)
        alternatives.append(written + (r"\w*" if len(term) > 1 else r"\b"))
    if not alternatives:
        return None
    return re.compile(r"\b(?:" + "|".join(sorted(alternatives, key=len, reverse=True)) + ")", re.IGNORECASE)


def marked(text: str, plan: SearchPlan | None) -> str:
    """The text with the matched words marked [like this] (the `highlight` of search results)."""
    pattern = highlight_pattern(plan)
    return pattern.sub(r"[\g<0>]", text) if pattern else text

