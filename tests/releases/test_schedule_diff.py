"""Releases of a payment or rules file compared row by row (releases/schedule_diff.py), listed, and removed.

conftest's gpci_db imports the real GPCI2025.csv (GPCI-2025) and a copy the test writes with San Francisco's
PW GPCI changed and Alaska's locality removed (GPCI-2025-B), both through the GPCI importer."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
from cli_helpers import as_json, medcode
from conftest import data_file

from medcode_gui.codes.errors import MedcodeError
from medcode_gui.codes.records import GPCI, OPPS, ParsedRelease, ReleaseInfo, ScheduleRow
from medcode_gui.releases.release_diff import ReleaseDiff, diff_any
from medcode_gui.releases.schedule_diff import ScheduleDiff, diff_rows
from medcode_gui.store import ReferenceStore

PW = "PW GPCI"  # the GPCI importer's name for "2025 PW GPCI (with 1.0 Floor)"
SAN_FRANCISCO = "01112-05"


def test_rows_added_removed_and_changed_by_key() -> None:
    old = [ScheduleRow("a", None, "", {"x": "1", "y": "2"}), ScheduleRow("b", None, "", {"x": "3"})]
    new = [ScheduleRow("b", None, "", {"x": "3"}), ScheduleRow("a", None, "", {"x": "1", "y": "5"})]
    new.append(ScheduleRow("c", "76145", "26", {"x": "9"}, paired_code="76000"))
    changes = diff_rows(old, new)
    assert [c.key for c in changes["added"]] == ["c"]
    assert changes["removed"] == []
    assert [(c.key, c.fields, c.values()) for c in changes["fields_changed"]] == [("a", ["y"], [("y", "2", "5")])]
    moved = diff_rows([ScheduleRow("p", "99292", "", {}, "99291")], [ScheduleRow("p", "99292", "", {}, "99233")])
    assert moved["fields_changed"][0].values() == [("paired code", "99291", "99233")]


def test_two_gpci_files_compared(gpci_db: Path) -> None:
    with ReferenceStore(gpci_db) as store:
        result = diff_any(store, "GPCI-2025", "GPCI-2025-B")
    assert isinstance(result, ScheduleDiff)
    assert result.counts() == {"added": 0, "removed": 1, "fields_changed": 1}
    assert [c.key for c in result.changes["removed"]] == ["02102-01"]
    assert result.changes["removed"][0].old.fields["Locality Name"] == "ALASKA*"  # type: ignore[union-attr]
    (change,) = result.changes["fields_changed"]
    assert (change.key, change.values()) == (SAN_FRANCISCO, [(PW, "1.088", "1.188")])


def test_a_schedule_and_a_code_release_are_not_compared(gpci_db: Path) -> None:
    with ReferenceStore(gpci_db) as store:
        with pytest.raises(MedcodeError, match=r"^GPCI-2025 \(GPCI\) and HCPCS-2019 \(HCPCS\) are different kinds"):
            diff_any(store, "GPCI-2025", "HCPCS-2019")
        store.import_release(
            ParsedRelease(ReleaseInfo(OPPS, "OPPS-X", "2022-10-01", "b.xlsx", "b.xlsx", "0" * 64, "t"), [])
        )
        with pytest.raises(MedcodeError, match="compare two releases of one kind"):
            diff_any(store, "OPPS-X", "GPCI-2025")
        store.delete_release("OPPS-X")
        assert isinstance(diff_any(store, "HCPCS-2019", "HCPCS-2019"), ReleaseDiff)  # code releases as before


def test_medcode_diff_prints_json_csv_and_text(gpci_db: Path) -> None:
    view = as_json(medcode("diff", "GPCI-2025", "GPCI-2025-B", "--json", db=gpci_db))
    assert (view["kind"], view["system"], view["counts"]) == (
        "schedule",
        GPCI,
        {"added": 0, "removed": 1, "fields_changed": 1},
    )
    assert view["fields_changed"] == [
        {"key": SAN_FRANCISCO, "code": None, "modifier": "", "fields": [{"field": PW, "old": "1.088", "new": "1.188"}]}
    ]
    assert view["removed"][0]["row"]["Locality Name"] == "ALASKA*"
    assert (view["old"]["source"], view["new"]["source"]) == ("GPCI2025.csv", "GPCI2025-modified.csv")
    only = as_json(medcode("diff", "GPCI-2025", "GPCI-2025-B", "--json", "--only", "removed", db=gpci_db))
    assert "fields_changed" not in only and len(only["removed"]) == 1

    rows = list(csv.reader(medcode("diff", "GPCI-2025", "GPCI-2025-B", "--csv", db=gpci_db).stdout.splitlines()))
    assert rows[0][:7] == ["change", "key", "code", "modifier", "field", "old", "new"]
    changed = [row for row in rows if row[0] == "fields_changed"]
    assert changed == [
        ["fields_changed", SAN_FRANCISCO, "", "", PW, "1.088", "1.188"]
        + ["GPCI-2025", "GPCI2025.csv", "GPCI-2025-B", "GPCI2025-modified.csv"]
    ]
    assert len([row for row in rows if row[0] == "removed"]) == 7  # every column of Alaska's row

    text = medcode("diff", "GPCI-2025", "GPCI-2025-B", db=gpci_db).stdout
    assert "GPCI-2025 (GPCI2025.csv) -> GPCI-2025-B (GPCI2025-modified.csv): GPCI rows by key" in text
    assert f"  {SAN_FRANCISCO}  {PW}: 1.088 → 1.188" in text
    assert "Rows removed: 1" in text and "Rows added: 0" in text


def test_medcode_diff_of_different_kinds_is_one_sentence(gpci_db: Path) -> None:
    result = medcode("diff", "HCPCS-2019", "GPCI-2025", db=gpci_db)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "are different kinds of file" in result.stderr


def test_medcode_releases_lists_schedules_with_their_rows(gpci_db: Path, gpci_texts: tuple[str, str]) -> None:
    views = {v["label"]: v for v in as_json(medcode("releases", "--json", db=gpci_db))}
    gpci = views["GPCI-2025"]
    assert (gpci["kind"], gpci["system"], gpci["period"], gpci["rows"], gpci["file"]) == (
        "schedule",
        GPCI,
        "2025-01-01",
        109,
        "GPCI2025.csv",
    )
    assert gpci["sha256"] == hashlib.sha256(data_file("pfs/rvu25d/GPCI2025.csv").read_bytes()).hexdigest()
    assert views["GPCI-2025-B"]["rows"] == 108
    hcpcs = views["HCPCS-2019"]
    assert (hcpcs["kind"], hcpcs["rows"]) == ("codes", hcpcs["codes"] + hcpcs["modifiers"])
    text = medcode("releases", db=gpci_db).stdout
    line = next(line for line in text.splitlines() if "GPCI-2025 " in line)
    assert "109 rows (PFS geographic practice cost indices by locality)" in line and "GPCI2025.csv" in line
    assert line.startswith(" ")  # never marked as shown by default: it holds no codes


def test_schedules_stay_out_of_every_view_of_codes(gpci_db: Path) -> None:
    with ReferenceStore(gpci_db) as store:
        assert [r.label for r in store.default_releases()] == ["HCPCS-2019", "Starter"]  # Starter: for CPT
        assert {r.label for r, _ in store.view_parts()} == {"HCPCS-2019", "Starter"}
        for words in ("ALASKA", "SAN FRANCISCO", "01112"):
            assert all(not hit.release.is_schedule for hit in store.search(words)), words
        assert store.lookup("01112") is None
        assert store.node_counts("GPCI-2025") == {}


def test_medcode_remove_takes_a_schedule_release_and_its_rows(gpci_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.sqlite"
    db.write_bytes(gpci_db.read_bytes())
    result = medcode("remove", "GPCI-2025-B", db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "Removed GPCI-2025-B (GPCI2025-modified.csv): 108 rows (PFS geographic practice cost indices by locality)."
    )
    labels = [v["label"] for v in json.loads(medcode("releases", "--json", db=db).stdout)]
    assert "GPCI-2025-B" not in labels and "GPCI-2025" in labels
    with ReferenceStore(db) as store:
        assert store.conn.execute("SELECT count(*) FROM schedule_rows").fetchone()[0] == 109
    unknown = medcode("remove", "GPCI-1999", db=db)
    assert unknown.returncode == 1 and "There is no release 'GPCI-1999'" in unknown.stderr


def test_a_schedule_row_about_a_code_never_stands_for_the_code(gpci_db: Path, tmp_path: Path) -> None:
    """An OPPS-like row about J1100 (dated after HCPCS 2019): lookup, sources, search and history still read
    the code releases only, so neither the view nor the sources beside a code (the "years apart" warning's
    inputs) ever take a payment file for a code release."""
    from medcode_gui.releases.code_history import code_history

    db = tmp_path / "copy.sqlite"
    db.write_bytes(gpci_db.read_bytes())
    row = ScheduleRow("J1100", "J1100", "", {"HCPCS Code": "J1100", "SI": "K", "APC": "9999"})
    info = ReleaseInfo(OPPS, "OPPS-2026-01", "2026-01-01", "addb.xlsx", "addb.xlsx", "1" * 64, "test")
    with ReferenceStore(db) as store:
        store.import_release(ParsedRelease(info, [], schedule_rows=[row]))
        assert store.lookup("J1100").release.label == "HCPCS-2019"  # type: ignore[union-attr]
        assert not any(hit.release.is_schedule for hit in store.sources_of("J1100"))
        assert not any(hit.release.is_schedule for hit in store.search("J1100"))
        assert not any(hit.release.is_schedule for hit in store.history("J1100"))
        assert {event["release"] for event in code_history(store, "J1100")} == {"HCPCS-2019"}
        assert store.schedules.rows_for_code("J1100", [OPPS]) == [(store.release("OPPS-2026-01"), row)]
