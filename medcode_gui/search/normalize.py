"""How text becomes search terms, the same way for what is indexed and for what is typed. No SQL here.

A text is folded (case, accents); CMS's slash abbreviations are kept whole ("w/c" is one word, written
"wc"; "w/o" is "wo") and in their parts too, as "sc/im" is two words; the text is split into words of
letters and digits, and each word is reduced to its stem with the Snowball English stemmer (PyStemmer), so
"walkers" and "walker", "injections" and "injection" meet. Medical Greek plurals are put in the singular
first ("orthoses" -> "orthosis"), which the stemmer alone would not. Words of one or two characters and
numbers are kept as they are: stemming "us" or "40" would only lose them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

# Snowball English ("porter2") and the original Porter stemmer gave the same found@n on the judged queries
# (docs/benchmarks.md, Search); English is the newer one, with fewer over-stemmed words.
STEMMER_ALGORITHM = "english"
_STEMMER = Stemmer.Stemmer(STEMMER_ALGORITHM)
_SLASHED = re.compile(r"\b([a-z]{1,2})/([a-z]{1,2})\b")  # w/c, o/p, w/o, s/p: one abbreviation each
_WORD = re.compile(r"[a-z0-9]+")
_GREEK_PLURALS = (("oses", "osis"), ("eses", "esis"))  # orthoses, prostheses, anastomoses, diagnoses
MIN_STEMMED = 3


def fold(text: str) -> str:
    """Lower case without accents ("Ñ" -> "n"), as the index was folded."""
    if text.isascii():  # nearly every descriptor: no accent to take off (a third of an import's indexing time)
        return text.lower()
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of a text as the search sees them (folded), in order. A slash abbreviation is given joined
    and in its parts ("w/c" -> wc, w, c; "sc/im" -> scim, sc, im): it may be one abbreviation or two."""
    folded = fold(text)
    return _WORD.findall(_SLASHED.sub(r"\1\2 \1 \2", folded) if "/" in folded else folded)


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The stem a word is indexed and searched under (a folded word from words())."""
    if len(word) < MIN_STEMMED or not word.isalpha():
        return word
    for plural, singular in _GREEK_PLURALS:
        if word.endswith(plural) and len(word) > len(plural) + 2:
            word = word[: -len(plural)] + singular
            break
    return _STEMMER.stemWord(word)


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


def index_text(text: str) -> str:
    """The text as stored in the search index: its stems, space separated (FTS5 splits on the spaces)."""
    return " ".join(stems(text))
