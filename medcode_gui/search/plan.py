"""What a word search means: each typed word (or phrase) becomes a group of alternatives the index may hold.

A group stands for one or more typed words ("zofran", "blood draw", "wheel chair"); a code matches the group
when it holds any one alternative, and an alternative is one or more index terms that must all be there.
Alternatives come from the word itself (its stem, or as a prefix while it is typed), from the abbreviations
CMS's own short and long descriptors teach (inj = injection, and back), from the thesaurus written here (lay
words, acronyms, brand names), and, for a word the index does not hold at all, from the nearest word it does
hold (a typo). Each alternative says how it was found (`via`), which the results show as "why it matched".

No SQL: the store answers what the index holds through the Lexicon protocol.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from .alternatives import ABBREVIATION, CORRECTION, EXACT, STEM, Alternative, Group
from .normalize import stem, stems, words
from .thesaurus_index import ThesaurusIndex

MAX_GROUPS = 12
MIN_TRUNCATED_WORD, MIN_TRUNCATION = 6, 4
# A prefix shorter than this is matched whole, as one or two typed letters are the start of thousands of words.
MIN_PREFIX = 2


class Lexicon(Protocol):
    """What the index holds, asked by the plan (the store answers from its tables)."""

    def holds(self, term: str) -> bool: ...

    def holds_prefix(self, prefix: str) -> bool: ...

    def expansions(self, word: str) -> list[str]:
        """Full words a learned abbreviation stands for ("inj" -> ["injection"])."""
        ...

    def abbreviations(self, word: str) -> list[str]:
        """Learned abbreviations of a full word ("blood" -> ["bld"])."""
        ...

    def stems_of_words_starting(self, prefix: str) -> list[str]:
        """Stems of the written words that start with prefix ("injecti" -> ["inject"])."""
        ...

    def nearest(self, word: str, extra: list[str]) -> str | None:
        """The held word (or one of extra) nearest to a word the index does not hold, or None."""
        ...


@dataclass
class SearchPlan:
    groups: list[Group]
    corrections: dict[str, str] = field(default_factory=dict)  # typed word -> the word used instead
    typed: list[str] = field(default_factory=list)

    @property
    def corrected(self) -> str | None:
        """The query as corrected ("dexamethasone injection"), or None when no word was corrected."""
        if not self.corrections:
            return None
        return " ".join(self.corrections.get(word, word) for word in self.typed)

    def terms(self) -> set[str]:
        return {term for group in self.groups for alt in group.alternatives for term in alt.terms}


def build_plan(text: str, lexicon: Lexicon, thesaurus: ThesaurusIndex, typing: bool = True) -> SearchPlan:
    """The plan of a word query. typing: the last word may be incomplete (the search box, not a trailing
    space), so it is also matched as a prefix."""
    typed = words(text)[:MAX_GROUPS]
    plan = SearchPlan(groups=[], typed=typed)
    position = 0
    while position < len(typed):
        last = typing and not text[-1:].isspace()
        span, entry_alternatives = thesaurus.longest_match(typed, position)
        joined = _joined_pair(typed, position, lexicon) if not span else None
        if span:
            group = Group(" ".join(typed[position : position + span]))
            if span > 1:
                group.alternatives.append(_all_of(typed[position : position + span]))
            else:  # a one-word entry ("dexa") is also the word itself ("inj dexa": dexamethasone)
                group.alternatives += _own_alternatives(typed[position], lexicon, last)
            group.alternatives += entry_alternatives
            position += span
        elif joined:
            group = Group(f"{typed[position]} {typed[position + 1]}")
            # The joined word is what was meant: "wheel chair" is a wheelchair, not a bath chair with wheels.
            group.alternatives.append(Alternative((stem(joined),), STEM, joined))
            position += 2
        else:
            word = typed[position]
            is_last = last and position == len(typed) - 1
            group = _word_group(word, lexicon, thesaurus, is_last, plan)
            position += 1
        plan.groups.append(group)  # an empty group is kept: the ladder leaves it out, the explanation says so
    return plan


def _word_group(word: str, lexicon: Lexicon, thesaurus: ThesaurusIndex, is_last: bool, plan: SearchPlan) -> Group:
    group = Group(word)
    own = _own_alternatives(word, lexicon, is_last)
    group.alternatives += own
    for full in lexicon.expansions(word):  # one word ("injection") or a run of them ("power wheelchair")
        terms = tuple(stems(full))
        if terms and all(lexicon.holds(term) for term in terms):
            group.alternatives.append(Alternative(terms, ABBREVIATION, full))
    for short in lexicon.abbreviations(word):
        group.alternatives.append(Alternative((short,), ABBREVIATION, short))
    if own:  # a word the index holds: also its truncations (a word it does not hold is corrected instead)
        group.alternatives += [Alternative((cut,), ABBREVIATION, cut) for cut in _truncations(word, lexicon)]
    if group.alternatives:
        return group
    corrected = lexicon.nearest(word, thesaurus.terms_of_one_word())
    if corrected:
        plan.corrections[word] = corrected
        meanings = thesaurus.alternatives_of(corrected)
        if meanings:
            group.alternatives += [
                Alternative(alt.terms, CORRECTION, alt.shown, alt.prefix, alt.note) for alt in meanings
            ]
        if lexicon.holds(stem(corrected)):
            group.alternatives.append(Alternative((stem(corrected),), CORRECTION, corrected))
    return group


def _own_alternatives(word: str, lexicon: Lexicon, is_last: bool) -> list[Alternative]:
    """The word itself: its stem; or, being typed (or short), as the start of held terms, and through the
    written words it starts ("injecti" of injection, whose stem "inject" it does not start)."""
    term = stem(word)
    if lexicon.holds(term):
        # A whole word also finds longer words it starts ("amb" -> ambulance) as before; the ranking puts
        # whole-word matches first.
        prefix = len(term) >= MIN_PREFIX and lexicon.holds_prefix(term)
        return [Alternative((term,), EXACT if term == word else STEM, word, prefix=prefix)]
    found = []
    if len(word) >= MIN_PREFIX and lexicon.holds_prefix(word):
        found.append(Alternative((word,), EXACT, word, prefix=True))
    if is_last and len(word) > MIN_PREFIX:
        found += [
            Alternative((shorter,), STEM, word)
            for shorter in lexicon.stems_of_words_starting(word)
            if not shorter.startswith(word)
        ]
    return found


def _truncations(word: str, lexicon: Lexicon) -> list[str]:
    """Held terms the word starts with, as CMS cuts a word to fit its 28-character short descriptors
    ("hern" for hernia, "colonosc" for colonoscopy, "debrid" for debridement): at least half the word."""
    if len(word) < MIN_TRUNCATED_WORD or not word.isalpha():
        return []
    own = stem(word)
    shortest = max(MIN_TRUNCATION, (len(word) + 1) // 2)
    return [word[:n] for n in range(len(word) - 1, shortest - 1, -1) if word[:n] != own and lexicon.holds(word[:n])]


def _all_of(typed: list[str]) -> Alternative:
    return Alternative(tuple(stem(word) for word in typed), EXACT, " ".join(typed))


def _joined_pair(typed: list[str], position: int, lexicon: Lexicon) -> str | None:
    """Two typed words the index holds as one ("wheel chair" -> wheelchair), else None."""
    if position + 1 >= len(typed):
        return None
    joined = typed[position] + typed[position + 1]
    return joined if len(joined) >= 6 and lexicon.holds(stem(joined)) else None
