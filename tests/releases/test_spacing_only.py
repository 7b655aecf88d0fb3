"""Descriptors that differ only in spacing are their own kind of change, apart from descriptor changes, as
CMS's transaction report counts them: the real txt and xlsx twins of 2018 and 2019, imported under two
labels, differ so (docs/data-notes.md), and a diff of each pair shows exactly those."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest
from conftest import TXT_2018, TXT_2019, XLSX_2018, XLSX_2019, data_file

from medcode_gui.comparison.word_diff import same_words
from medcode_gui.importers import read_release
from medcode_gui.releases.code_history import code_history
from medcode_gui.releases.release_diff import (
    ReleaseDiff,
    diff_csv,
    diff_records,
    diff_releases,
    diff_view,
    spacing_words,
)
from medcode_gui.store import ReferenceStore

TWINS = {
    "2018": (TXT_2018, XLSX_2018, "2018-01-01"),
    "2019": (TXT_2019, XLSX_2019, "2019-01-01"),
}
# How many long descriptors each pair of twins writes with other spacing (and nothing else differs in them).
SPACING_ONLY = {"2018": 35, "2019": 13}
# What else the 2019 twins disagree on, field by field (docs/data-notes.md): not descriptors.
OTHER_FIELDS = {"2018": {}, "2019": {("ACT EFF DT",): 115, ("TOS4",): 2}}


@pytest.fixture(scope="module")
def twins_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each year's txt and xlsx imported under their own labels (TXT-2018, XLSX-2018...)."""
    path = tmp_path_factory.mktemp("twins") / "twins.sqlite"
    with ReferenceStore(path) as store:
        for year, (txt, xlsx, effective) in TWINS.items():
            store.import_release(read_release(data_file(txt), f"TXT-{year}", effective))
            store.import_release(read_release(data_file(xlsx), f"XLSX-{year}", effective))
    return path


def twin_diff(db: Path, year: str) -> ReleaseDiff:
    with ReferenceStore(db) as store:
        return diff_releases(store, f"TXT-{year}", f"XLSX-{year}")


@pytest.mark.parametrize("year", ["2018", "2019"])
def test_the_twins_differ_by_spacing_only_in_their_descriptors(twins_db: Path, year: str) -> None:
    diff = twin_diff(twins_db, year)
    counts = diff.counts()
    assert counts["spacing_only"] == SPACING_ONLY[year]
    # Nothing else: no code added, removed, terminated or re-described; only the known other fields.
    assert {kind: n for kind, n in counts.items() if n and kind not in ("spacing_only", "fields_changed")} == {}
    fields: dict[tuple[str, ...], int] = {}
    for change in diff.changes["fields_changed"]:
        fields[tuple(change.fields)] = fields.get(tuple(change.fields), 0) + 1
    assert fields == OTHER_FIELDS[year]
    for change in diff.changes["spacing_only"]:
        assert change.descriptors == ["long description"]
        old, new = change.old.long_description, change.new.long_description
        assert old != new and same_words(old, new, ignore_case=False)


def test_each_spacing_change_says_where_the_spaces_differ(twins_db: Path) -> None:
    a4221 = next(c for c in twin_diff(twins_db, "2018").changes["spacing_only"] if c.code == "A4221")
    assert spacing_words(a4221) == 'long description: 2 spaces → 1 space between "drugs" and "separately)"'
    g0503 = next(c for c in twin_diff(twins_db, "2019").changes["spacing_only"] if c.code == "G0503")
    assert spacing_words(g0503) == (
        'long description: 1 space → 2 spaces between "elements:" and "tracking", '
        '1 space → 2 spaces between "providers;" and "additional"'
    )


def test_the_json_and_csv_report_spacing_apart(twins_db: Path) -> None:
    diff = twin_diff(twins_db, "2019")
    view = diff_view(diff)
    assert view["counts"]["spacing_only"] == len(view["spacing_only"]) == 13
    assert view["counts"]["long_description_changed"] == len(view["long_description_changed"]) == 0
    g0417 = next(e for e in view["spacing_only"] if e["code"] == "G0417")
    assert g0417["kind"] == "code"
    [descriptor] = g0417["descriptors"]
    assert descriptor["descriptor"] == "long description"
    assert "needle biopsy" in descriptor["old"] and "needle  biopsy" not in descriptor["old"]
    assert descriptor["new"].count("needle  biopsy") == 1
    assert descriptor["spacing"] == ['1 space → 2 spaces between "needle" and "biopsy,"']
    rows = [row for row in csv.reader(io.StringIO(diff_csv(diff))) if row[0] == "spacing_only"]
    assert len(rows) == 13
    assert rows[0][:4] == ["spacing_only", "C9754", "code", "long description"]
    assert rows[0][6:] == ["TXT-2019", "HCPC2019_CONTR_ANWEB.txt", "XLSX-2019", "HCPC2019_CONTR_ANWEB.xlsx"]


def test_changed_words_or_capitals_are_still_descriptor_changes(twins_db: Path) -> None:
    """U0002's kind of change (2020-04 -> 2020-07: "coronavirus,  sars" lost a space) made from a real record, beside
    real changes: other capitals, and a short descriptor re-worded while the long one only lost a space."""
    with ReferenceStore(twins_db) as store:
        old = store.release_records(store.release("TXT-2019"))
    key = ("G0417", "code")
    record = old[key]
    spaced = dataclasses.replace(record, long_description=record.long_description.replace(" ", "  ", 1))
    assert diff_records({key: spaced}, {key: record})["spacing_only"][0].descriptors == ["long description"]
    capitals = dataclasses.replace(record, long_description=record.long_description.upper())
    changes = diff_records({key: record}, {key: capitals})
    assert [c.code for c in changes["long_description_changed"]] == ["G0417"] and not changes["spacing_only"]
    both = dataclasses.replace(spaced, short_description="Other words")
    changes = {kind: found for kind, found in diff_records({key: record}, {key: both}).items() if found}
    assert set(changes) == {"short_description_changed", "spacing_only"}
    assert changes["spacing_only"][0].descriptors == ["long description"]


def test_a_code_history_says_spacing_only_in_words(twins_db: Path) -> None:
    """The code's timeline reuses the diff's comparison: the spacing is said, not shown as a changed field."""
    with ReferenceStore(twins_db) as store:
        events = [e for e in code_history(store, "A4221") if e["release"] == "XLSX-2018"]
    assert [(e["event"], e["text"]) for e in events] == [
        (
            "spacing_only",
            'Same words, other spacing: long description: 2 spaces → 1 space between "drugs" and "separately)"',
        )
    ]
