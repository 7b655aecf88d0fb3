"""A large synthetic reference database: by default 10 releases x 100,000 rows = 1,000,000 (release, code) rows.

Run from the project root:  .venv/bin/python benchmarks/generate_large.py OUT.sqlite [--releases 10] [--rows 100000]

Shapes are those of real code sets (see ../shared/data/reference/CODE_STRUCTURE_AND_CROSSWALK_FACTS.md):
half the releases are CPT-like (5-digit numeric codes over 00100-99607, and 4 digits + F/T/U/A/M, plus 2-digit
modifiers), half HCPCS Level II-like (a letter from A-C, E, G-H, J-M, P-V and 4 digits, plus 2-character
modifiers). Consecutive releases of a system share most codes (2% dropped and 2% added a year, 1% of
descriptors reworded, some terminated), as yearly releases do. Descriptors are drawn from the words of the
real CMS descriptors with Zipf-like frequencies (word of rank r drawn with weight 1/r), so common words
("injection", "each") match a large share of rows and rare ones a few, as in the real files. Everything is
written through ReferenceStore.import_release, the app's own import path. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import random
import re
import string
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from common import DATA

from medcode_gui.codes.records import CPT, HCPCS, CodeRecord, ParsedRelease, ReleaseInfo
from medcode_gui.store import ReferenceStore

FIRST_YEAR = 2016
HCPCS_LETTERS = "ABCEGHJKLMPQRSTUV"  # A-C, E, G-H, J-M, P-V (D codes left out, as CMS leaves them out)
CPT_SUFFIXES = "FTUAM"  # Category II, Category III, PLA, vaccine products, MAAA
CHURN = 0.02  # share of a release's codes dropped (and as many added) by the next release of its system
REWORDED = 0.01
TERMINATED = 0.01
FALLBACK_TEXT = (  # the vocabulary when ../shared/data is missing
    "injection each per mg unit supply device catheter with without or and of for the to by in other "
    "replacement includes not otherwise specified code system prosthetic orthosis custom fabricated "
    "adjustable wheelchair ambulance service oxygen drug test knee hip ankle foot arm pump insulin "
    "glucose monitor screening cancer colorectal vaccine infusion mileage cane walker hearing aid left right"
)


def vocabulary(data: Path = DATA) -> list[str]:
    """Words of the real CMS descriptors, most frequent first (a small built-in list when the data is missing)."""
    counts: Counter[str] = Counter()
    txt = data / "hcpcs/2019/HCPC2019_CONTR_ANWEB.txt"
    pfs = data / "pfs/PPRRVU2025_Oct.csv"
    if txt.is_file():
        for line in txt.read_text(encoding="latin-1").splitlines():
            if len(line) > 11 and line[5:10].isdigit() and line[10] in "3478":
                counts.update(re.findall(r"[a-z][a-z0-9]+", line[11:91].lower()))
    if pfs.is_file():
        with pfs.open(encoding="latin-1", newline="") as handle:
            for row in csv.reader(handle):
                if len(row) > 2 and re.fullmatch(r"[A-Z0-9]{5}", row[0]):
                    counts.update(re.findall(r"[a-z][a-z0-9]+", row[2].lower()))
    words = [word for word, _ in counts.most_common()]
    return words if len(words) > 500 else FALLBACK_TEXT.split(" ")


class Descriptors:
    """Short and long descriptors from a vocabulary with Zipf-like word frequencies."""

    def __init__(self, words: list[str], rng: random.Random) -> None:
        self.words, self.rng = words, rng
        self.cumulative = list(itertools.accumulate(1.0 / rank for rank in range(1, len(words) + 1)))

    def make(self, count: int) -> list[tuple[str, str]]:
        lengths = [max(2, min(60, int(self.rng.lognormvariate(2.2, 0.5)))) for _ in range(count)]
        drawn = iter(self.rng.choices(self.words, cum_weights=self.cumulative, k=sum(lengths)))
        made = []
        for length in lengths:
            words = [next(drawn) for _ in range(length)]
            long = " ".join(words).capitalize()
            short = ""
            for word in words:
                if len(short) + len(word) + 1 > 28:
                    break
                short = f"{short} {word[:8]}".strip()
            made.append((short.capitalize() or long[:28], long))
        return made


def cpt_pool() -> list[tuple[str, str]]:
    """(code, kind) of every CPT-shaped code the synthetic CPT releases draw from."""
    numeric = [f"{n:05d}" for n in range(100, 99608)]
    lettered = [f"{n:04d}{s}" for s in CPT_SUFFIXES for n in range(1, 10000)]
    modifiers = [f"{n:02d}" for n in range(1, 100)]
    return [(c, "code") for c in numeric + lettered] + [(m, "modifier") for m in modifiers]


def hcpcs_pool() -> list[tuple[str, str]]:
    """(code, kind) of every Level II-shaped code and modifier the synthetic HCPCS releases draw from."""
    codes = [f"{letter}{n:04d}" for letter in HCPCS_LETTERS for n in range(10000)]
    letters, alnum = string.ascii_uppercase, string.ascii_uppercase + string.digits
    modifiers = [a + b for a in letters for b in alnum]
    return [(c, "code") for c in codes] + [(m, "modifier") for m in modifiers]


def release_series(
    system: str, pool: list[tuple[str, str]], years: list[int], rows: int, rng: random.Random, words: Descriptors
) -> Iterator[ParsedRelease]:
    """Yearly releases of one system: each keeps most of the previous year's codes and descriptors."""
    rows = min(rows, len(pool))
    order = pool[:]
    rng.shuffle(order)
    current = dict.fromkeys(order[:rows])
    unused = order[rows:]
    described: dict[tuple[str, str], tuple[str, str]] = {}
    terminated: dict[tuple[str, str], int] = {}
    for year in years:
        if year != years[0]:
            churn = min(int(rows * CHURN), len(unused))
            dropped = rng.sample(list(current), churn)
            for key in dropped:
                del current[key]
            added, unused = unused[:churn], unused[churn:] + dropped
            current.update(dict.fromkeys(added))
        keys = sorted(current)
        fresh = [k for k in keys if k not in described]
        reworded = rng.sample(keys, int(len(keys) * REWORDED)) if year != years[0] else []
        for key, text in zip(fresh + reworded, words.make(len(fresh) + len(reworded)), strict=True):
            described[key] = text
        for key in rng.sample(keys, int(len(keys) * TERMINATED)):
            terminated.setdefault(key, year)
        records = [
            _record(system, code, kind, *described[(code, kind)], terminated.get((code, kind)), year, rng)
            for code, kind in keys
        ]
        label = f"SYN-{system}-{year}"
        digest = hashlib.sha256(f"{label}:{len(records)}:{rng.random()}".encode()).hexdigest()
        info = ReleaseInfo(
            system, label, f"{year}-01-01", f"{label}.synthetic", f"{label}.synthetic", digest, "synthetic"
        )
        yield ParsedRelease(info, records)


def _record(
    system: str, code: str, kind: str, short: str, long: str, terminated: int | None, year: int, rng: random.Random
) -> CodeRecord:
    added = f"{rng.randint(1985, year - 1)}0101"
    term = f"{terminated}1231" if terminated else ""
    action = "D" if terminated == year else "N"
    fields = {
        "HCPC": code,
        "LONG DESCRIPTION": long,
        "SHORT DESCRIPTION": short,
        "PRICE1": rng.choice(("00", "11", "13", "21", "45", "51")),
        "COV": rng.choice("CDIMS"),
        "BETOS": rng.choice(("O1A", "D1A", "T1H", "P6C", "Z2")),
        "ADD DT": added,
        "TERM DT": term,
        "ACTION CD": action,
    }
    return CodeRecord(
        code=code,
        kind=kind,
        system=system,
        short_description=short,
        long_description=long,
        added_date=f"{added[:4]}-01-01",
        action_effective_date=f"{year}-01-01",
        termination_date=f"{terminated}-12-31" if terminated else None,
        action_code=action,
        fields=fields,
    )


def synthetic_releases(releases: int = 10, rows: int = 100_000, seed: int = 20260101) -> Iterator[ParsedRelease]:
    """`releases` synthetic releases of `rows` rows each, half CPT-like and half HCPCS-like, one at a time."""
    rng = random.Random(seed)
    words = Descriptors(vocabulary(), rng)
    cpt_count = releases // 2
    yield from release_series(CPT, cpt_pool(), list(range(FIRST_YEAR, FIRST_YEAR + cpt_count)), rows, rng, words)
    hcpcs_years = list(range(FIRST_YEAR, FIRST_YEAR + releases - cpt_count))
    yield from release_series(HCPCS, hcpcs_pool(), hcpcs_years, rows, rng, words)


def generate(
    path: Path, releases: int = 10, rows: int = 100_000, seed: int = 20260101
) -> list[tuple[str, float, float]]:
    """Write the synthetic releases into the database at path; (label, generate seconds, import seconds) each."""
    timings = []
    with ReferenceStore(path) as store:
        series = synthetic_releases(releases, rows, seed)
        while True:
            started = time.perf_counter()
            parsed = next(series, None)
            if parsed is None:
                break
            made = time.perf_counter() - started
            started = time.perf_counter()
            store.import_release(parsed)
            timings.append((parsed.info.label, made, time.perf_counter() - started))
            print(
                f"  {parsed.info.label:<18} {len(parsed.records):,} rows: generated in {made:.1f} s, "
                f"imported in {timings[-1][2]:.1f} s",
                flush=True,
            )
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="database to create (must not exist)")
    parser.add_argument("--releases", type=int, default=10)
    parser.add_argument("--rows", type=int, default=100_000, help="rows (codes and modifiers) per release")
    parser.add_argument("--seed", type=int, default=20260101)
    args = parser.parse_args()
    if args.out.exists():
        print(f"{args.out} exists; give a new path.", file=sys.stderr)
        return 1
    generate(args.out, args.releases, args.rows, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
