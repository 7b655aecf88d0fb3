"""What the one search box understands, parsed into a plain Query the store can run. No SQL here.

Forms: an exact code or modifier (J1100, 99213, LT); a range (J9000-J9999); a wildcard (E01*, 9921?);
a code with a modifier (99213-25); a code prefix (J11); scope words (cpt:, hcpcs:, mod:, or a section
letter such as j:); anything else is words, matched as prefixes against code descriptors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

MAX_QUERY_CHARS = 500
MAX_WORDS = 16
MAX_WORD_CHARS = 64

CODE = r"(?:[A-Z]\d{4}|\d{4}[A-Z0-9])"
MODIFIER = r"[A-Z0-9]{2}"
_CODE = re.compile(rf"^{CODE}$")
_MODIFIER = re.compile(rf"^{MODIFIER}$")
_CODE_WITH_MODIFIER = re.compile(rf"^({CODE})-({MODIFIER})$")
# A code written with spaces or dashes inside, or a modifier after a space: "J 1100", "j-1100", "99213 25".
_SPACED_CODE = re.compile(
    r"^([A-Z])[\s-]*(\d{4})(?:[\s-]+([A-Z0-9]{2}))?$|^(\d{4}[A-Z0-9])[\s-]+([A-Z0-9]{2})$"
)
_RANGE = re.compile(rf"^({CODE})\s*(?:-|–|\.\.)\s*({CODE})$")
_WILDCARD = re.compile(r"^[A-Z0-9*?]{1,5}$")
_PREFIX = re.compile(r"^(?=.*\d)[A-Z0-9]{1,4}$")
_WORD = re.compile(r"\w+", re.UNICODE)
_SCOPES = {
    "CPT": ("system", "CPT"),
    "HCPCS": ("system", "HCPCS"),
    "MOD": ("kind", "modifier"),
    "MODIFIER": ("kind", "modifier"),
    "CODE": ("kind", "code"),
}


@dataclass
class Query:
    text: str
    exact: str | None = None  # a code or modifier to put first
    modifier: str | None = None  # with exact, for code+modifier
    code_range: tuple[str, str] | None = None
    glob: str | None = None  # wildcard pattern of [A-Z0-9*?] only
    prefix: str | None = None  # code prefix
    words: list[str] = field(default_factory=list)
    word_text: str = ""  # the text the words come from (scope words taken off), for the search plan
    system: str | None = None
    kind: str | None = None
    section: str | None = None  # first letter of the code

    @property
    def is_empty(self) -> bool:
        return not (self.exact or self.code_range or self.glob or self.prefix or self.words)


def parse_query(text: str) -> Query:
    """Parse anything a user can type; never raises."""
    text = (text or "")[:MAX_QUERY_CHARS]
    query = Query(text=text)
    tokens = text.split()
    while tokens and _apply_scope(query, tokens[0]):
        tokens.pop(0)
    rest = " ".join(tokens).strip()
    upper = rest.upper()
    if spaced := _SPACED_CODE.match(upper):
        letter, digits, letter_modifier, code, modifier = spaced.groups()
        code, modifier = code or f"{letter}{digits}", modifier or letter_modifier
        upper, rest = (f"{code}-{modifier}" if modifier else code), code
    if (match := _RANGE.match(upper)) and len(match.group(1)) == len(match.group(2)):
        low, high = sorted((match.group(1), match.group(2)))
        query.code_range = (low, high)
    elif match := _CODE_WITH_MODIFIER.match(upper):
        query.exact, query.modifier = match.group(1), match.group(2)
    elif _CODE.match(upper) or (_MODIFIER.match(upper) and query.kind != "code"):
        query.exact = upper
        query.words = _words(rest)
    elif ("*" in upper or "?" in upper) and _WILDCARD.match(upper):
        query.glob = upper
    elif _PREFIX.match(upper):
        query.prefix = upper
        query.words = _words(rest)
    else:
        query.words = _words(rest)
    if query.words:
        query.word_text = rest
    return query


_CODE_SHAPED = re.compile(r"^[A-Z0-9]{1,8}(?:-[A-Z0-9]{1,3})?$")


def is_code_shaped(text: str) -> bool:
    """Whether text looks like a code someone meant to type (letters and digits, a digit among them, no
    spaces): only such a string is ever told it is "not a code"; words are told what matched instead."""
    compact = (text or "").strip().upper()
    return bool(_CODE_SHAPED.match(compact)) and any(ch.isdigit() for ch in compact)


def _apply_scope(query: Query, token: str) -> bool:
    """Consume a leading scope word such as 'cpt:' or 'j:'; False if the token is not one."""
    if not token.endswith(":") or len(token) < 2:
        return False
    name = token[:-1].upper()
    if name in _SCOPES:
        attribute, value = _SCOPES[name]
        setattr(query, attribute, value)
        return True
    if len(name) == 1 and name.isalpha():
        query.section = name
        return True
    return False


def _words(text: str) -> list[str]:
    return [w.lower()[:MAX_WORD_CHARS] for w in _WORD.findall(text)][:MAX_WORDS]


@lru_cache(maxsize=64)
def matched_words_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """What the search matched in a text, to show it (the store's snippets, the results' bold words): each
    word of the text starting with a searched word, or equal to it for a one-character word, as FTS5
    matched them (see is_prefix_word)."""
    alternatives = [re.escape(w) + (r"\w*" if is_prefix_word(w) else r"\b") for w in words if w]
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")", re.IGNORECASE) if alternatives else None


def is_prefix_word(word: str) -> bool:
    """Whether a search word matches as a prefix: a one-character word as a prefix ("1*") would match most of
    the index, so it is matched whole."""
    return len(word) > 1


def fts_expression(words: list[str], all_words: bool = True) -> str:
    """An FTS5 MATCH expression of quoted terms, each a prefix (or whole, when one character long): user text
    can never inject FTS syntax. (The notes search; the code search builds its own from a plan.)"""
    terms = [quoted_term(w) + ("*" if is_prefix_word(w) else "") for w in words if w]
    return (" AND " if all_words else " OR ").join(terms)


def quoted_term(term: str) -> str:
    """A term as FTS5 reads it literally."""
    return '"' + term.replace('"', '""') + '"'
