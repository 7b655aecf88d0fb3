"""Importer fuzzing: damaged versions of the real files (truncated, bit-flipped, re-encoded, line-shuffled) give
one clear sentence or a whole, consistent release; never a crash, never a half-imported release."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from conftest import PPRRVU, TXT_2019, XLSX_2019, ZIP_2019, data_file

from medcode_gui.codes.errors import MedcodeError
from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore

SEED = 20261127


def truncated(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(1, len(data) - 1)]


def bit_flipped(data: bytes, rng: random.Random) -> bytes:
    mutable = bytearray(data)
    for _ in range(rng.choice([1, 3, 20])):
        position = rng.randrange(len(mutable))
        mutable[position] ^= 1 << rng.randrange(8)
    return bytes(mutable)


def utf16(data: bytes, rng: random.Random) -> bytes:
    return data.decode("latin-1").encode("utf-16")


def utf8_bom(data: bytes, rng: random.Random) -> bytes:
    return b"\xef\xbb\xbf" + data.decode("latin-1").encode("utf-8")


def lf_only(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\r\n", b"\n")


def lines_shuffled(data: bytes, rng: random.Random) -> bytes:
    """A block of lines in random order (a whole-file shuffle would only test the same failure again)."""
    lines = data.split(b"\n")
    start = rng.randrange(len(lines))
    block = lines[start : start + rng.choice([2, 50, 5000])]
    rng.shuffle(block)
    lines[start : start + len(block)] = block
    return b"\n".join(lines)


def lines_dropped(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    for _ in range(rng.choice([1, 10])):
        del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


TEXT_MUTATIONS = [truncated, bit_flipped, utf16, utf8_bom, lf_only, lines_shuffled, lines_dropped]
BINARY_MUTATIONS = [truncated, bit_flipped, bit_flipped]
# (file, mutations, copies of each): about 60 mutants, within a minute
PLAN = [
    (TXT_2019, TEXT_MUTATIONS, 3),
    (PPRRVU, TEXT_MUTATIONS, 2),
    (ZIP_2019, BINARY_MUTATIONS, 4),
    (XLSX_2019, BINARY_MUTATIONS, 2),
]
MUTANTS = [
    (relative, mutation, copy)
    for relative, mutations, copies in PLAN
    for mutation in mutations
    for copy in range(copies)
]


@pytest.fixture(scope="module")
def starter_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("starter") / "ref.sqlite"
    ReferenceStore(path).close()
    return path.read_bytes()


def consistent(db: Path) -> None:
    """Every release's row counts match its rows, the index and node counts agree, and SQLite finds no damage."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for release_id, label, codes, modifiers in conn.execute("SELECT id, label, codes, modifiers FROM releases"):
            rows = conn.execute(
                "SELECT sum(kind = 'code'), sum(kind = 'modifier') FROM codes WHERE release_id = ?", (release_id,)
            ).fetchone()
            assert (rows[0] or 0, rows[1] or 0) == (codes, modifiers), label
            counted = conn.execute("SELECT sum(count) FROM node_counts WHERE release_id = ?", (release_id,)).fetchone()
            assert counted[0] == codes + modifiers, label
        indexed = conn.execute("SELECT count(*) FROM search_fts").fetchone()[0]
        assert indexed == conn.execute("SELECT count(*) FROM codes").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("relative", "mutation", "copy"), MUTANTS, ids=[f"{Path(r).suffix[1:]}-{m.__name__}-{c}" for r, m, c in MUTANTS]
)
def test_a_mutated_file_imports_whole_or_not_at_all(
    tmp_path: Path, starter_bytes: bytes, relative: str, mutation, copy: int
) -> None:
    rng = random.Random(f"{SEED}-{relative}-{mutation.__name__}-{copy}")
    source = data_file(relative)
    mutant = tmp_path / source.name
    mutant.write_bytes(mutation(source.read_bytes(), rng))
    db = tmp_path / "ref.sqlite"
    db.write_bytes(starter_bytes)
    with ReferenceStore(db) as store:
        before = store.releases()
        try:
            outcome = store.import_release(read_release(mutant))
        except MedcodeError as error:
            message = str(error)
            assert message and "\n" not in message and "Traceback" not in message
            assert store.releases() == before
            failed = True
        else:
            assert outcome.status == "imported"
            assert outcome.release.codes + outcome.release.modifiers > 0
            failed = False
    if failed:
        assert db.read_bytes() == starter_bytes
    consistent(db)
