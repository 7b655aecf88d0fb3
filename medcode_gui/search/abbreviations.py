"""Abbreviations learned from CMS's two descriptors of each HCPCS Level II code. No SQL, no Qt.

CMS writes every Level II code twice: a short descriptor squeezed into 28 characters ("Inj dexamethasone
sodium ph", "W/c seat lift mechanism") and a long one in full words ("Injection, dexamethasone sodium
phosphate, 1 mg"; "Wheelchair accessory, seat lift mechanism"). Aligning the two teaches which full word
each abbreviation stands for, from CMS's own usage rather than a hand-kept list: the search can then find
"injection" when a user types "inj", and find the fee schedule's abbreviated CPT short descriptors when a
user types full words.

Alignment, per pair, on the words as the search sees them (`normalize.words`: "w/c" is "wc"):
1. Anchors: the longest order-preserving run of words the two texts share, compared by stem (so "size" and
   "sized" are one word, not an abbreviation of each other). A word written in both texts is never learned.
2. Each short word left over (not a number, not one letter, not a grammar word such as "no") is matched to
   what it plausibly abbreviates among the long words not yet taken: a single word with the same first
   letter, its letters a subsequence of the long word's, shorter than it ("bld" <- "blood"); or an acronym
   of adjacent words ("ak" <- "above knee", "ots" <- "off the shelf"); or two adjacent words abbreviated in
   turn ("wholbod" <- "whole body"). Candidates in the aligned gap (between the anchors around the short
   word) come first, then the longer shared prefix, then the position nearer where the word would sit;
   `_options` has the exact order.
3. When a pair leaves a short word with several possible full forms ("pwc": "power wheelchair" or "patient
   weight capacity", both in the long text), what the other pairs say without doubt decides.
Then `reliable_abbreviations` keeps what was seen often enough, and most of the time, for its abbreviation.

Learning from one release (6,800 pairs) takes about 0.2 s, half of it in `normalize.words` itself.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from medcode_gui.search.normalize import stem, words

# One letter ("a", "b" in "class b") is too little to say which word it stands for.
MIN_ABBREVIATION = 2
# Words of the language's grammar, never an abbreviation nor the whole or the edge of a full form: "no" in
# a short descriptor often stands where the long one says "not", and "per" where it says "period" ("msmt
# per"), but a user typing "no" or "per" means those words, and expanding them would flood the results.
FUNCTION_WORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "if", "in", "into", "is", "it", "its", "no"}
    | {"of", "on", "or", "per", "the", "to", "was", "were", "with"}
)
# "off" and "up" do take part in full forms ("off the shelf", "follow up") but never stand for another word.
NOT_ABBREVIATIONS = FUNCTION_WORDS | {"off", "up"}
# The words an acronym may step over between two of its words: "e/m" is "evaluation and management", "cv"
# "cervical or vaginal". Any grammar word would let "pn" be "pain [was] not".
SKIPPABLE = frozenset({"and", "or"})
# A short word may stand for up to this many adjacent long words ("ots" <- "off the shelf"); more would be
# a search over every run of the long text for little gain.
MAX_WORDS = 3
# Outside its aligned gap a candidate has only its letters for it, so it must share this much of its start
# ("inj" <- "injection" anywhere, but not "em" <- "examination" when "e/m" sits by "evaluation").
MIN_PREFIX_OUTSIDE_GAP = 2
# A doubtful short word (several possible full forms) follows what CMS does elsewhere only when that was
# seen at least this many times without doubt.
MIN_EVIDENCE = 2
# Inside the gap, a single word sharing this much of its start beats an acronym of adjacent words.
MIN_PREFIX_OVER_ACRONYM = 2


def _is_subsequence(short: str, long: str) -> bool:
    """Whether short's letters occur in long in the same order ("bld" in "blood", not "bdl")."""
    position = -1
    for letter in short:
        position = long.find(letter, position + 1)
        if position < 0:
            return False
    return True


def _common_prefix(first: str, second: str) -> int:
    length = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        length += 1
    return length


def _anchors(short_stems: list[str], long_stems: list[str], long_stem_set: set[str]) -> list[tuple[int, int]]:
    """The longest common subsequence of the two stem lists, as (short index, long index) pairs in order."""
    shared = [i for i, word in enumerate(short_stems) if word in long_stem_set]
    # Fast path, most pairs: the shared words come in the same order in both texts, so matching each to its
    # next occurrence takes them all, and nothing can be longer.
    anchors: list[tuple[int, int]] = []
    j = 0
    for i in shared:
        try:
            j = long_stems.index(short_stems[i], j)
        except ValueError:
            break
        anchors.append((i, j))
        j += 1
    else:
        return anchors
    # Otherwise the usual table, over the long positions whose stem the short text also has: a few rows by a
    # few columns rather than 5 x 40.
    positions = [j for j, word in enumerate(long_stems) if word in set(short_stems)]
    rows, columns = len(short_stems), len(positions)
    table = [[0] * (columns + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        row, below = table[i], table[i + 1]
        for k in range(columns - 1, -1, -1):
            if short_stems[i] == long_stems[positions[k]]:
                row[k] = below[k + 1] + 1
            else:
                row[k] = max(below[k], row[k + 1])
    anchors = []
    i = k = 0
    while i < rows and k < columns:
        if short_stems[i] == long_stems[positions[k]]:
            anchors.append((i, positions[k]))
            i += 1
            k += 1
        elif table[i + 1][k] >= table[i][k + 1]:
            i += 1
        else:
            k += 1
    return anchors


def _is_full_word(word: str) -> bool:
    """A long word that can be (part of) a full form: letters only, two or more of them."""
    return len(word) >= MIN_ABBREVIATION and word.isalpha()


def _abbreviates_pair(short: str, first: str, second: str) -> bool:
    """Whether short abbreviates first then second, each part starting with its word's first letter
    ("wholbod": "whol" + "bod" of "whole body"; "pwc": "p" + "wc" of "power wheelchair")."""
    if short[0] != first[0] or len(short) >= len(first) + len(second):
        return False  # as long as both words: joined words ("homedelivered"), no abbreviation
    return any(
        short[cut] == second[0] and _is_subsequence(short[:cut], first) and _is_subsequence(short[cut:], second)
        for cut in range(1, len(short))
    )


def _acronym_end(word: str, long_words: list[str], start: int, stop: int, used: list[bool]) -> int | None:
    """Where the acronym word ends if it starts at long position start, one letter per word, before stop.

    An "and" or "or" whose initial is not the next letter is stepped over ("e/m" <- "evaluation and
    management", "cv" <- "cervical or vaginal"); one that fits is a word of the acronym ("toc" <- "transfer
    of care" keeps its "of" the same way, not being skippable).
    """
    j = start
    for letter in word[1:]:
        j += 1
        if j < stop and long_words[j] in SKIPPABLE and long_words[j][0] != letter:
            j += 1
        if j >= stop or used[j] or long_words[j][0] != letter or not _is_full_word(long_words[j]):
            return None
    return None if long_words[j] in FUNCTION_WORDS else j


def _is_split_compound(short_words: list[str], i: int, spaced_long: str) -> bool:
    """Whether short word i and a neighbour are one long word written apart ("leg rest" for "legrests").

    spaced_long is the long words, each after a space: " x" found in it means a long word starts with x.
    """
    return (i + 1 < len(short_words) and f" {short_words[i]}{short_words[i + 1]}" in spaced_long) or (
        i > 0 and f" {short_words[i - 1]}{short_words[i]}" in spaced_long
    )


def _gap(anchors: list[tuple[int, int]], i: int, long_length: int) -> tuple[int, int, int]:
    """The long positions strictly between the anchors around short word i (as the two bounds, exclusive),
    and the position the word would sit at, counting on from the anchor before it."""
    before, before_short, after = -1, -1, long_length
    for s, j in anchors:
        if s < i:
            before, before_short = j, s
        else:
            after = j
            break
    return before, after, before + i - before_short


def _options(
    word: str, long_words: list[str], initials: str, used: list[bool], gap: tuple[int, int, int]
) -> list[tuple[int, int]]:
    """The long spans (first, last position) word may stand for, at most one per kind, likeliest first:

    1. a single long word in the gap sharing at least MIN_PREFIX_OVER_ACRONYM first letters ("bld" <- "blood"):
       then it is the only option, unless an acronym (2.) starts nearer where the word would sit;
    2. an acronym of adjacent words in the gap, one letter each ("ak" <- "above knee", "ots" <- "off the
       shelf"): CMS's two- and three-letter short words are mostly these, and the letters alone would
       otherwise pick one word ("ae" <- "above", for "above elbow");
    3. any other single long word in the gap;
    4. two adjacent words in the gap, abbreviated in turn ("wholbod" <- "whole body", "pwc");
    5. a single long word elsewhere sharing at least MIN_PREFIX_OUTSIDE_GAP first letters: CMS reorders words
       ("Dopamine injection" for "Injection, dopamine hcl").
    Single words: the longer shared prefix wins, then the position nearer where the word would sit; runs of
    words: the one starting nearer.
    """
    before, after, expected = gap
    initial, length = word[0], len(word)
    inside: tuple[int, int, int] | None = None  # (-shared prefix, distance, position): smaller is better
    outside: tuple[int, int, int] | None = None
    starts: list[int] = []  # free long words in the gap with the same initial: where runs may start
    j = initials.find(initial)
    while j != -1:  # str.find walks the initials at C speed: only words starting like word are looked at
        full = long_words[j]
        if not used[j] and full.isalpha() and full not in FUNCTION_WORDS:
            in_gap = before < j < after
            if in_gap and len(full) >= MIN_ABBREVIATION:
                starts.append(j)
            if len(full) > length and _is_subsequence(word, full):
                rank = (-_common_prefix(word, full), abs(j - expected), j)
                if in_gap:
                    inside = rank if inside is None or rank < inside else inside
                elif -rank[0] >= MIN_PREFIX_OUTSIDE_GAP:
                    outside = rank if outside is None or rank < outside else outside
        j = initials.find(initial, j + 1)
    strong = inside is not None and -inside[0] >= MIN_PREFIX_OVER_ACRONYM
    acronym: tuple[int, int, int] | None = None  # (distance, first, last)
    two: tuple[int, int, int] | None = None
    for start in starts:
        first = long_words[start]
        distance = abs(start - expected)
        if length <= MAX_WORDS and (acronym is None or distance < acronym[0]):
            end = _acronym_end(word, long_words, start, after, used)
            if end is not None:
                acronym = (distance, start, end)
        if strong:
            continue  # a strong single word is only ever challenged by a nearer acronym
        if (two is None or distance < two[0]) and start + 1 < after and not used[start + 1]:
            second = long_words[start + 1]
            if _is_full_word(second) and second not in FUNCTION_WORDS and _abbreviates_pair(word, first, second):
                two = (distance, start, start + 1)
    if strong:
        single = (inside[2], inside[2])
        if acronym is None or acronym[0] >= inside[1]:
            return [single]
        return [acronym[1:], single]  # "so": "shoulder orthosis" opens the text, "soft" is further on
    options: list[tuple[int, int]] = []
    if acronym is not None:
        options.append(acronym[1:])
    if inside is not None:
        options.append((inside[2], inside[2]))
    if two is not None:
        options.append(two[1:])
    if outside is not None:
        options.append((outside[2], outside[2]))
    return options


def _align(short_text: str, long_text: str) -> list[tuple[str, list[str]]]:
    """Each short word explained by the long text, with the full forms it may stand for, likeliest first.

    A full form is one long word, or a run of them joined by single spaces ("above knee").
    """
    short_words = words(short_text)
    short_stems = list(map(stem, short_words))
    long_words = words(long_text)
    long_stems = list(map(stem, long_words))
    long_stem_set = set(long_stems)
    # isalpha: a word with a digit could never be matched anyway (full forms are letters only), so this
    # only spares the search for one
    left = [
        i
        for i, word in enumerate(short_words)
        if short_stems[i] not in long_stem_set
        and len(word) >= MIN_ABBREVIATION
        and word.isalpha()
        and word not in NOT_ABBREVIATIONS
    ]
    if not left:
        return []  # every short word is in the long text, as in most pairs: nothing to learn
    spaced_long = " " + " ".join(long_words)
    left = [i for i in left if not _is_split_compound(short_words, i, spaced_long)]
    anchors = _anchors(short_stems, long_stems, long_stem_set)
    # A long word is the full form of one short word at most; every long word the short text also writes in
    # full (anchored or not) is taken already: it is there, so nothing abbreviates it.
    short_stem_set = set(short_stems)
    used = [word in short_stem_set for word in long_stems]
    initials = "".join(word[0] for word in long_words)  # words are never empty: one letter per long word
    found: list[tuple[str, list[str]]] = []
    for i in left:
        word = short_words[i]
        options = _options(word, long_words, initials, used, _gap(anchors, i, len(long_words)))
        if options:
            # The likeliest option takes its long words, so a later short word cannot claim them too (even
            # if the other pairs' evidence later picks another option for this one: rare, and harmless).
            first, last = options[0]
            used[first : last + 1] = [True] * (last + 1 - first)
            fulls = dict.fromkeys(" ".join(long_words[a : b + 1]) for a, b in options)
            found.append((word, list(fulls)))
    return found


_PLAIN_WORDS = re.compile(r"[a-z0-9]+")


def _nothing_abbreviated(short_text: str, long_text: str) -> bool:
    """Whether every word of the short text that could be an abbreviation is written as such in the long one:
    then _align would find nothing to learn, so the pair is passed over before the costlier splitting and
    stemming. A slash abbreviation ("w/c") is never a long word, so such a pair is always aligned."""
    if "/" in short_text:
        return False
    left = set(_PLAIN_WORDS.findall(short_text.lower())) - set(_PLAIN_WORDS.findall(long_text.lower()))
    # the words _align never learns from: too short, with a digit, or grammar words
    return all(len(w) < MIN_ABBREVIATION or not w.isalpha() or w in NOT_ABBREVIATIONS for w in left)


def learn_abbreviations(pairs: Iterable[tuple[str, str]]) -> Counter[tuple[str, str]]:
    """How many times each (abbreviation, full form) pair is seen over (short, long) descriptor pairs.

    Both sides are in `normalize.words` form ("w/c" is "wc"); a full form of several words is written with
    one space between them ("above knee"). A short word with more than one possible full form in its pair
    ("wc" <- "wheelchair", or the acronym "wheelchair component"; "pwc" <- "power wheelchair", or "patient
    weight capacity") takes the one CMS uses elsewhere in the input without doubt, if that is clear enough;
    failing that, the locally likeliest (see `_options`).
    """
    counts: Counter[tuple[str, str]] = Counter()
    doubtful: list[tuple[str, list[str]]] = []
    for short_text, long_text in pairs:
        if short_text and long_text and not _nothing_abbreviated(short_text, long_text):
            for word, fulls in _align(short_text, long_text):
                if len(fulls) == 1:
                    counts[(word, fulls[0])] += 1
                else:
                    doubtful.append((word, fulls))
    settled = counts.copy()  # the evidence: what was learned without doubt
    for word, fulls in doubtful:
        # Another option overrides the local first only on evidence: seen MIN_EVIDENCE times without doubt
        # and more often than the first ("pwc": "power wheelchair" 35 times, "patient weight capacity" never).
        # One stray sighting must not decide 44 others ("nos" <- "not otherwise", once, against "not otherwise
        # specified").
        best = max(fulls, key=lambda full: settled[(word, full)])  # max keeps the first of equals
        counts[(word, best if settled[(word, best)] >= MIN_EVIDENCE else fulls[0])] += 1
    return counts


def reliable_abbreviations(
    counts: Counter[tuple[str, str]], min_count: int = 2, min_share: float = 0.5
) -> dict[str, list[tuple[str, int]]]:
    """Abbreviation -> its full words with their counts, most frequent first, the noise left out.

    A full word is kept when seen at least min_count times for the abbreviation (one odd descriptor is not
    evidence) and when it makes at least min_share of all the abbreviation's alignments (so "inj" keeps
    "injection" and drops the stray "injury"; at 0.5 an abbreviation CMS uses for two words equally often
    keeps both). Full words are compared as the search compares them, by stem: "doc" is learned 135 times
    as "documentation" and 99 times as "documented", one word to the search, so together they make its
    share and both spellings are kept; counted apart, neither "mo" -> "month" (6) nor "months" (6) would
    reach half of its 15 alignments.
    """
    totals: Counter[str] = Counter()
    groups: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for (abbreviation, full), count in counts.items():
        totals[abbreviation] += count
        groups.setdefault((abbreviation, " ".join(map(stem, full.split()))), []).append((full, count))
    kept: dict[str, list[tuple[int, str, int]]] = {}
    for (abbreviation, _), spellings in groups.items():
        seen = sum(count for _, count in spellings)
        if seen >= min_count and seen >= min_share * totals[abbreviation]:
            kept.setdefault(abbreviation, []).extend((-seen, full, count) for full, count in spellings)
    # Most frequent word first, its spellings together, the more frequent first; then alphabetical: stable.
    return {
        abbreviation: [
            (full, count) for _, full, count in sorted(kept[abbreviation], key=lambda t: (t[0], -t[2], t[1]))
        ]
        for abbreviation in sorted(kept)
    }
