"""Thousands of generated search strings at every face of the search: the store (with the fee schedule and every
release), `medcode search --stdin` in one process, and the window's search box. Nothing raises.
(tests/test_search_fuzz.py covers the default view of the two HCPCS releases.)"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from gui_helpers import shown_window
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.store import ReferenceStore

# Line breaks are left out: the CLI reads one query per line.
ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\r\n"), max_size=60)
CODES = st.from_regex(r"[A-Za-z0-9]{1,6}([-–.]{1,2}[A-Za-z0-9]{1,6})?", fullmatch=True)
WILDCARDS = st.from_regex(r"[A-Z0-9*?\[\]^!%_]{1,8}", fullmatch=True)
SCOPED = st.tuples(
    st.sampled_from(["cpt:", "hcpcs:", "mod:", "code:", "j:", "e:", "z:", "1:", "::", "cpt: mod:", ""]),
    st.lists(st.sampled_from(list("ab J1*?-\"'()") + ["NEAR", "OR", "AND", "NOT", "injection"]), max_size=8).map(
        "".join
    ),
).map(" ".join)
QUERIES = st.one_of(ANY_TEXT, CODES, WILDCARDS, SCOPED)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=QUERIES, limit=st.sampled_from([1, 20, 500]), which=st.integers(0, 4))
def test_store_search_in_every_release_never_raises(
    fee_store: ReferenceStore, text: str, limit: int, which: int
) -> None:
    labels = [None] + [r.label for r in fee_store.releases()]
    release = labels[which % len(labels)]
    hits = fee_store.search(text, limit, release)
    assert len(hits) <= limit
    assert all(h.record.code and h.release.label for h in hits)
    if release:
        assert {h.release.label for h in hits if not h.outside_view} <= {release}


def generated_lines(count: int, seed: int) -> list[str]:
    """Queries built from the same pieces as above, with a seeded generator (one process gets them all)."""
    rng = random.Random(seed)
    pieces = ["J1100", "E01*", "G043?", "J9000-J9999", "99213-25", "cane", "injection", "mod:", "cpt:", "j:", '"',
              "(", ")", "*", "NEAR", "OR", "NOT", "%", "\\", "'", "ñ", "ß", "\u200b", "\t", "\x00", "🙂", "–", "..",
              "-", "?", "^"]  # fmt: skip
    alphabet = [chr(c) for c in range(32, 0x2FF) if c not in (0x85,)] + ["中", "文", "\u202e", "\ufeff"]
    lines = []
    for _ in range(count):
        if rng.random() < 0.5:
            line = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))
        else:
            line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        lines.append(line.replace("\r", " ").replace("\n", " ").replace("\x0b", " ").replace("\x0c", " "))
    return lines + ["x" * 5000, "", " ", "J1100"]


def test_cli_search_stdin_answers_thousands_of_lines_in_one_process(fee_schedule_db: Path) -> None:
    lines = generated_lines(2000, seed=9)
    result = subprocess.run(
        [sys.executable, "-m", "medcode_gui", "--db", str(fee_schedule_db), "search", "--stdin", "--limit", "5"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, PYTHONUTF8="1"),
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    answers = result.stdout.split("\n")
    assert answers[-1] == ""  # every answer ends its line
    answers = answers[:-1]
    assert len(answers) == len(lines)
    found = [[hit["code"] for hit in json.loads(answer)] for answer in answers]
    assert store_answers(fee_schedule_db, lines) == found  # each line, in its order
    assert found[-1][0] == "J1100" and any(len(codes) == 5 for codes in found)


def store_answers(db: Path, lines: list[str]) -> list[list[str]]:
    with ReferenceStore(db) as store:
        return [[hit.record.code for hit in store.search(line, 5)] for line in lines]


@pytest.fixture
def window(qtbot, fee_store: ReferenceStore, tmp_path: Path) -> MainWindow:
    return shown_window(qtbot, fee_store, tmp_path / "s.ini")


def test_search_box_takes_thousands_of_strings(qtbot, window: MainWindow) -> None:
    lines = generated_lines(1000, seed=11)
    for number, text in enumerate(lines):
        window.search_box.setText(text)
        window.search.run_search()
        if number % 100 == 0:
            qtbot.wait(1)  # let the event loop paint and run what the search left for later
    window.search_box.setText("J1100")
    window.search.run_search()
    qtbot.waitUntil(lambda: window.detail.current_code == "J1100", timeout=3000)  # once typing pauses
    assert window.results.rowCount() > 0
