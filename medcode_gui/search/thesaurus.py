"""The project's thesaurus: what people type, mapped to the words CMS and AMA descriptors use. No SQL, no Qt.

People search for "flu shot", "zofran", "knee brace" or "tte"; the descriptors say "influenza vaccine",
"ondansetron", "knee orthosis" and "Tte w/doppler complete". The thesaurus (resources/thesaurus.tsv, a
readable tab-separated file whose header comment explains the columns) bridges the two. This module only
reads and checks it; how the search uses the entries is the search's business.

Each entry's `means` holds the alternatives as written in the file: any one alternative may match, and an
alternative of several words needs all of them. `term_stems` and `alternative_stems` give the same stems
`normalize` gives indexed text, so an entry is compared with the index in one vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..paths import resource_text
from .normalize import stems

RESOURCE = "thesaurus.tsv"
KINDS = ("lay", "acronym", "brand", "spelling")
COLUMNS = ("term", "means", "kind", "note")
ALTERNATIVE_SEPARATOR = "|"
MAX_TERM_WORDS = 4


@dataclass(frozen=True)
class ThesaurusEntry:
    """One line of the thesaurus: a typed term, the descriptor wording it stands for, its kind and source note."""

    term: str
    means: tuple[str, ...]
    kind: str
    note: str


def parse_thesaurus(text: str) -> list[ThesaurusEntry]:
    """The entries of a thesaurus text, in file order.

    A malformed line raises ValueError naming its line number, so a bad edit to the shipped file fails the
    tests (and a developer's run) at once instead of silently dropping a synonym. Comments (#) and blank
    lines are skipped. Duplicate terms are refused too: two lines for one term would make the search's
    answer depend on file order.
    """
    entries: list[ThesaurusEntry] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        entry = _parse_line(line, number)
        if entry.term in seen:
            raise ValueError(f"{RESOURCE} line {number}: term {entry.term!r} repeats line {seen[entry.term]}")
        seen[entry.term] = number
        entries.append(entry)
    return entries


def _parse_line(line: str, number: int) -> ThesaurusEntry:
    where = f"{RESOURCE} line {number}"
    cells = line.split("\t")
    if len(cells) != len(COLUMNS):
        raise ValueError(
            f"{where}: expected {len(COLUMNS)} tab-separated columns ({', '.join(COLUMNS)}), found {len(cells)}"
        )
    term, means_cell, kind, note = (cell.strip() for cell in cells)
    if not term:
        raise ValueError(f"{where}: the term is empty")
    if term != term.lower():
        raise ValueError(f"{where}: the term {term!r} must be lower case")
    if not 1 <= len(term.split()) <= MAX_TERM_WORDS:
        raise ValueError(f"{where}: the term {term!r} must be one to {MAX_TERM_WORDS} words")
    means = tuple(alternative.strip() for alternative in means_cell.split(ALTERNATIVE_SEPARATOR))
    if not means_cell.strip() or any(not alternative for alternative in means):
        raise ValueError(f"{where}: the means column {means_cell!r} has an empty alternative")
    if kind not in KINDS:
        raise ValueError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    if not note:
        raise ValueError(f"{where}: the note is empty (say where the entry comes from)")
    return ThesaurusEntry(term=term, means=means, kind=kind, note=note)


@lru_cache(maxsize=1)
def _load() -> tuple[ThesaurusEntry, ...]:
    return tuple(parse_thesaurus(resource_text(RESOURCE)))


def load_thesaurus() -> list[ThesaurusEntry]:
    """The shipped thesaurus, read and checked once per process (the file does not change while it runs).

    A new list each call, so a caller that sorts or filters it cannot change what the next caller gets.
    """
    return list(_load())


def term_stems(entry: ThesaurusEntry) -> tuple[str, ...]:
    """The term as the index would see it: folded, split and stemmed by `normalize.stems`."""
    return tuple(stems(entry.term))


def alternative_stems(entry: ThesaurusEntry) -> tuple[tuple[str, ...], ...]:
    """Each alternative of `means` as stems, in file order: one tuple per alternative, all of whose stems
    a descriptor must hold for that alternative to match."""
    return tuple(tuple(stems(alternative)) for alternative in entry.means)
