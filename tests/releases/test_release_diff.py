"""Release to release: HCPCS 2018 -> 2019 on the real files, cross-checked with CMS's own transaction report."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest
from conftest import data_file

from medcode_gui.codes.errors import ReleaseNotFound
from medcode_gui.releases.release_diff import KINDS, ReleaseDiff, diff_csv, diff_records, diff_releases, diff_view
from medcode_gui.store import ReferenceStore

REPORT = "hcpcs/2019/Changes_by_HCPCSCode.prn"


@pytest.fixture(scope="module")
def diff(two_release_db) -> ReleaseDiff:
    with ReferenceStore(two_release_db) as store:
        return diff_releases(store, "HCPCS-2018", "HCPCS-2019")


def transaction_report() -> dict[str, str]:
    """CMS's 2019 transaction report by code: code in columns 1-11, the type of change in 12-33."""
    lines = data_file(REPORT).read_text(encoding="latin-1").replace("\r", "").split("\n")
    return {line[:11].strip(): line[11:33].strip() for line in lines[1:] if line.strip()}


def codes(diff: ReleaseDiff, kind: str) -> set[str]:
    return {change.code for change in diff.changes[kind]}


def test_2018_to_2019_gives_the_counts_the_files_hold(diff: ReleaseDiff) -> None:
    assert diff.counts() == {
        "added": 244,
        "removed": 3,
        "terminated": 33,
        "reactivated": 0,
        "short_description_changed": 101,
        "long_description_changed": 114,
        "spacing_only": 0,  # every descriptor change of 2019 changes words (or capitals)
        "fields_changed": 483,
    }
    assert [(c.code, c.kind) for c in diff.changes["removed"]] == [
        ("DA", "modifier"),
        ("G9976", "code"),
        ("G9977", "code"),
    ]


def test_each_change_says_what_it_was_and_is(diff: ReleaseDiff) -> None:
    c8904 = next(c for c in diff.changes["terminated"] if c.code == "C8904")
    assert (c8904.old.termination_date, c8904.new.termination_date) == (None, "2018-12-31")
    fields = {c.code: c.fields for c in diff.changes["fields_changed"]}
    assert all(name not in {"SHORT DESCRIPTION", "LONG DESCRIPTION", "TERM DT"} for f in fields.values() for name in f)
    assert sum("PRICE1" in f for f in fields.values()) == 7
    assert sum("XREF1" in f for f in fields.values()) == 15


def test_the_json_has_the_contract_keys(diff: ReleaseDiff) -> None:
    view = diff_view(diff)
    assert set(KINDS) <= set(view)
    assert all({"code", "kind"} <= set(entry) for kind in KINDS for entry in view[kind])
    changed = next(e for e in view["fields_changed"] if e["code"] == "C8904")
    assert {"field": "TERM DT", "old": "", "new": "20181231"} not in changed["fields"]  # reported as terminated
    assert view["counts"]["added"] == 244 and view["old"]["label"] == "HCPCS-2018"


def test_csv_has_a_row_per_change_and_per_changed_field(diff: ReleaseDiff) -> None:
    rows = list(csv.reader(io.StringIO(diff_csv(diff))))
    assert rows[0] == [
        "change", "code", "kind", "field", "old", "new", "old release", "old file", "new release", "new file"
    ]  # fmt: skip
    releases = ["HCPCS-2018", "HCPC2018_CONTR_ANWEB_disc.txt", "HCPCS-2019", "2019-Alpha-Numeric-HCPCS-File.zip"]
    assert all(row[6:] == releases for row in rows[1:])
    field_rows = sum(len(c.fields) for c in diff.changes["fields_changed"])
    other_rows = sum(len(diff.changes[k]) for k in KINDS if k != "fields_changed")
    assert len(rows) - 1 == field_rows + other_rows
    assert [row[:3] for row in rows[245:248]] == [
        ["removed", "DA", "modifier"],
        ["removed", "G9976", "code"],
        ["removed", "G9977", "code"],
    ]


def test_cross_check_with_the_cms_transaction_report(diff: ReleaseDiff, two_release_db) -> None:
    """Each kind of disagreement with CMS's report, counted exactly (docs/release-diff.md explains them).

    The report compares 2019 with 2018 as CMS kept it through the year's quarterly updates; the diff compares
    the two annual files. Codes added by a 2018 quarterly update and discontinued by 2019 are therefore new
    to the diff (added, already terminated) but "Discontinued" to the report.
    """
    report = transaction_report()
    assert len(report) == 6800  # every 2019 code and modifier; the 3 removed ones are not in it

    def reported(prefix: str) -> set[str]:
        return {code for code, change in report.items() if change.startswith(prefix)}

    with ReferenceStore(two_release_db) as store:
        new = {key[0]: record for key, record in store.release_records(store.release("HCPCS-2019")).items()}
    added, terminated = codes(diff, "added"), codes(diff, "terminated")
    # Terminated: every one is in the report's Discontinued; the 16 others were added in 2018 quarters.
    assert terminated <= reported("Discontinued")
    quarterly = reported("Discontinued") - terminated
    assert len(quarterly) == 16 and quarterly <= added
    assert all(new[c].added_date.startswith("2018") and new[c].termination_date for c in quarterly)
    # Added: those 16, plus 3 codes the re-issued 2018 file left out (report: No Change), plus Q2041 (added
    # in April 2018, its long description changed since: report "Long Description Change").
    assert added - reported("ADD") == quarterly | {"G9868", "G9869", "G9870", "Q2041"}
    assert {report[c] for c in ("G9868", "G9869", "G9870")} == {"No Change"}
    # The report's ADD that the diff does not count: already in the re-issued 2018 file (quarterly adds).
    assert reported("ADD") - added == {"G9890", "G9891", "QQ", "VM"}
    # Descriptors: the report gives one type per code, so a code whose short and long descriptors both
    # changed is only "Long Description Change"; quarterly changes made during 2018 are "No Change".
    short = codes(diff, "short_description_changed")
    assert reported("Short Description") <= short
    assert len(short & reported("Long Description")) == 86
    assert len(short & reported("No Change")) == 5 and len(short & reported("ADD")) == 2
    long = codes(diff, "long_description_changed")
    assert (reported("Long Description") | reported("Coverage and Long")) - long == {"Q2041"}
    assert len(long & reported("No Change")) == 18 and len(long & reported("ADD")) == 2


def test_an_unknown_release_label_is_one_sentence(store: ReferenceStore) -> None:
    with pytest.raises(ReleaseNotFound, match="HCPCS-2017"):
        diff_releases(store, "HCPCS-2017", "HCPCS-2019")


def test_the_cli_spells_the_kinds_as_the_diff_names_them() -> None:
    """cli.py lists the kinds itself (so `medcode --help` need not import the diff code): the same, in order."""
    from medcode_gui.cli.diff import DIFF_KINDS

    assert DIFF_KINDS == KINDS


def test_read_backwards_every_code_terminated_by_2019_is_reactivated(diff: ReleaseDiff, two_release_db) -> None:
    """The real files hold no code reactivated from 2018 to 2019 (CMS did not reinstate one), so the diff is
    read backwards: each code 2019 terminated had no termination date in 2018, which is a reactivation."""
    with ReferenceStore(two_release_db) as store:
        backwards = diff_releases(store, "HCPCS-2019", "HCPCS-2018")
    assert len(diff.changes["terminated"]) == 33
    assert codes(backwards, "reactivated") == codes(diff, "terminated")
    assert codes(backwards, "terminated") == set()
    c8904 = next(c for c in backwards.changes["reactivated"] if c.code == "C8904")
    assert (c8904.old.termination_date, c8904.new.termination_date) == ("2018-12-31", None)
    rows = [row for row in csv.reader(io.StringIO(diff_csv(backwards))) if row[:2] == ["reactivated", "C8904"]]
    assert [row[3:6] for row in rows] == [["termination date", "2018-12-31", ""]]


def test_a_code_whose_termination_is_withdrawn_is_reactivated_and_nothing_else(two_release_db) -> None:
    """Two releases that differ in one thing: the 2019 file, and the same with C8904's termination withdrawn
    (its date and its raw TERM DT field cleared, as CMS's file would say it)."""
    with ReferenceStore(two_release_db) as store:
        old = store.release_records(store.release("HCPCS-2019"))
    key = ("C8904", "code")
    reinstated = dataclasses.replace(old[key], termination_date=None, fields={**old[key].fields, "TERM DT": ""})
    changes = diff_records(old, {**old, key: reinstated})
    assert {kind: [c.code for c in found] for kind, found in changes.items() if found} == {"reactivated": ["C8904"]}
