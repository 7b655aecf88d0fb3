"""The pieces of a search plan: an alternative (index terms that must all be found, and how they were
found) and a group (the alternatives standing for one typed word or phrase)."""

from __future__ import annotations

from dataclasses import dataclass, field

# How an alternative was found, strongest first (the ranking prefers a code matched the strongest way).
EXACT, STEM, ABBREVIATION, THESAURUS, CORRECTION = "exact", "stem", "abbreviation", "thesaurus", "correction"
LAY = "lay text"  # said of a match found in a plain-language description, whatever the alternative
# Plain-language text is written for the words people type: a match there is as strong as an official one.
VIA_STRENGTH = {EXACT: 0, STEM: 0, ABBREVIATION: 1, THESAURUS: 1, CORRECTION: 2, LAY: 0}


@dataclass(frozen=True)
class Alternative:
    terms: tuple[str, ...]  # index terms (stems), every one must be found
    via: str
    shown: str  # the word(s) as a person reads them ("ondansetron")
    prefix: bool = False  # the last term matches as a prefix (a word being typed)
    note: str = ""  # the thesaurus entry's source note


@dataclass
class Group:
    typed: str  # the typed word(s) the group stands for
    alternatives: list[Alternative] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.alternatives
