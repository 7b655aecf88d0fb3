"""Write docs/search-abbreviations.md: the abbreviations learned from CMS's HCPCS Level II descriptors.

Run from the project root:  .venv/bin/python docs/make_abbreviations.py
Reads the 2018 and 2019 alpha-numeric HCPCS releases from ../shared/data (or MEDCODE_TEST_DATA), learns the
abbreviations by aligning each code's short descriptor with its long one
(medcode_gui.search.abbreviations), and writes the reliable ones as a table. The page holds single words and
counts only, never a whole descriptor. Level II descriptors are CMS's, public domain; no CPT text is read.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from medcode_gui.importers import read_release
from medcode_gui.search.abbreviations import learn_abbreviations, reliable_abbreviations

DOCS = Path(__file__).resolve().parent
DATA = Path(os.environ.get("MEDCODE_TEST_DATA", DOCS.parents[1] / "shared" / "data"))
RELEASES = {
    "2018": "hcpcs/zips/2018-Alpha-Numeric-HCPCS-File.zip",
    "2019": "hcpcs/zips/2019-Alpha-Numeric-HCPCS-File.zip",
}
PAGE = DOCS / "search-abbreviations.md"

INTRO = """\
# Abbreviations in the search

CMS writes every HCPCS Level II code twice: a short descriptor of at most 28 characters, abbreviated
("Inj dexamethasone sodium ph", "W/c seat lift mechanism"), and a long descriptor in full words ("Injection,
dexamethasone sodium phosphate, 1 mg"; "Wheelchair accessory, seat lift mechanism"). MedCode learns the
abbreviations from CMS's own usage by aligning the two, rather than keeping a list by hand
(`medcode_gui/search/abbreviations.py`; this page is written by `docs/make_abbreviations.py`).

**How they are learned.** Both descriptors are split into words exactly as the search splits them
(`normalize.words`: folded, "w/c" is the word "wc", "w/o" is "wo"). Words the two texts share (by stem) are
anchors, taken as the longest run in the same order. Each short word left between two anchors is matched to
what it plausibly abbreviates in the long text: a word with the same first letter whose letters it keeps in
order and which is longer ("bld" <- "blood"), an acronym of adjacent words ("ak" <- "above knee", "e/m" <-
"evaluation and management"), or two adjacent words abbreviated in turn ("wholbod" <- "whole body"). A
candidate in the aligned gap comes before one elsewhere in the text, which must share at least two first
letters. Numbers, one-letter words and grammar words ("no", "per") are never abbreviations, and a word
written in full in both texts never is either. Where a pair leaves a short word two possible readings
("pwc": "power wheelchair" or "patient weight capacity"), what the other pairs say without doubt decides.
Only reliable pairs are kept: seen at least twice, and making at least half of that abbreviation's
alignments (spellings of one word, such as "documentation" and "documented", counted together). Learning one
release (6,800 pairs) takes about 0.2 s, half of it splitting the texts into words.

**How they are used.** A user's abbreviation finds the long words: typing "inj" also finds "injection",
"w/c" finds "wheelchair". And the other way: the CMS physician fee schedule carries only abbreviated short
descriptors for CPT codes, so a user typing full words ("wheelchair", "screening") also finds those rows.
"""


def main() -> int:
    pairs: dict[tuple[str, str], None] = {}  # ordered and distinct: a code unchanged in 2019 counts once
    for year, relative in RELEASES.items():
        path = DATA / relative
        if not path.is_file():
            print(f"{path} is missing: the CMS files belong in ../shared/data (or set MEDCODE_TEST_DATA).")
            return 1
        records = read_release(path).records
        pairs.update(dict.fromkeys((record.short_description, record.long_description) for record in records))
        print(f"read {len(records):,} descriptor pairs of {year} from {relative}")
    started = time.perf_counter()
    counts = learn_abbreviations(pairs)
    seconds = time.perf_counter() - started
    reliable = reliable_abbreviations(counts)
    full_words = sum(len(fulls) for fulls in reliable.values())
    print(f"learned {len(counts):,} pairs from {len(pairs):,} distinct descriptor pairs in {seconds:.2f} s")

    lines = [
        INTRO,
        "## The learned abbreviations\n",
        f"From the 2018 and 2019 releases: {len(pairs):,} distinct (short, long) descriptor pairs, "
        f"{len(reliable):,} reliable abbreviations with {full_words:,} full words (or runs of words). "
        "Times seen: the pairs in which the abbreviation stood for that full word; with several full words, "
        "each one's count is in brackets.\n",
        "| abbreviation | full word(s) | times seen |",
        "|---|---|---|",
    ]
    for abbreviation, fulls in reliable.items():
        shown = fulls[0][0] if len(fulls) == 1 else ", ".join(f"{full} ({count})" for full, count in fulls)
        lines.append(f"| {abbreviation} | {shown} | {sum(count for _, count in fulls)} |")
    PAGE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote docs/{PAGE.name}: {len(reliable):,} abbreviations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
