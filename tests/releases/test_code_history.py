"""A code's timeline across releases, and `medcode diff` / `lookup --history` as scripts call them."""

from __future__ import annotations

import csv
import io

from cli_helpers import as_json, medcode
from conftest import TXT_2018, TXT_2019, data_file

from medcode_gui.releases.code_history import code_history
from medcode_gui.store import ReferenceStore


def events(store: ReferenceStore, code: str) -> list[tuple[str, str]]:
    return [(e["release"], e["event"]) for e in code_history(store, code)]


def test_a_re_described_code_shows_old_and_new_text(store: ReferenceStore) -> None:
    timeline = code_history(store, "G9637")
    assert [(e["release"], e["event"]) for e in timeline] == [
        ("HCPCS-2018", "first_seen"),
        ("HCPCS-2019", "short_description_changed"),
        ("HCPCS-2019", "long_description_changed"),
        ("HCPCS-2019", "fields_changed"),
    ]
    short = timeline[1]
    assert (short["old"], short["new"]) == (">= 2 same hi-rsk med ord", "Doc >1 dose reduc tech")
    assert {f["field"] for f in timeline[3]["fields"]} == {"ACT EFF DT", "ACTION CD"}


def test_terminated_removed_and_unchanged_codes(store: ReferenceStore) -> None:
    c8904 = code_history(store, "C8904")
    assert [e["event"] for e in c8904] == ["first_seen", "terminated", "cross_references_changed", "fields_changed"]
    assert c8904[1]["text"] == "Terminated: last valid date 2018-12-31"
    assert (c8904[2]["old"], c8904[2]["new"]) == ("", "77046")
    assert events(store, "G9976") == [("HCPCS-2018", "added"), ("HCPCS-2019", "removed")]
    assert events(store, "J1100") == [("HCPCS-2018", "first_seen"), ("HCPCS-2019", "unchanged")]
    assert events(store, "ZZ999") == []


def test_medcode_diff_json_csv_and_lookup_history(tmp_path) -> None:
    db = tmp_path / "two.sqlite"
    assert medcode("import", str(data_file(TXT_2018)), str(data_file(TXT_2019)), db=db).returncode == 0
    diff = as_json(medcode("diff", "HCPCS-2018", "HCPCS-2019", "--json", db=db))
    got = {k: len(diff[k]) for k in ("added", "removed", "terminated", "short_description_changed")}
    assert got == {"added": 244, "removed": 3, "terminated": 33, "short_description_changed": 101}
    assert len(diff["long_description_changed"]) == 114 and diff["reactivated"] == []
    only = as_json(medcode("diff", "HCPCS-2018", "HCPCS-2019", "--only", "removed", "--json", db=db))
    assert [e["code"] for e in only["removed"]] == ["DA", "G9976", "G9977"] and "added" not in only
    rows = list(csv.reader(io.StringIO(medcode("diff", "hcpcs-2018", "hcpcs-2019", "--csv", db=db).stdout)))
    assert rows[0][:3] == ["change", "code", "kind"] and len(rows) > 1000
    unknown = medcode("diff", "HCPCS-2017", "HCPCS-2019", db=db)
    assert unknown.returncode == 1 and "There is no release 'HCPCS-2017'" in unknown.stderr
    view = as_json(medcode("lookup", "G9637", "--history", "--json", db=db))
    assert [e["event"] for e in view["history"]][:2] == ["first_seen", "short_description_changed"]
    text = medcode("lookup", "C8904", "--history", db=db).stdout
    assert "History:" in text and "Terminated: last valid date 2018-12-31" in text


def test_a_code_the_previous_release_lacks_is_added_whatever_its_action_code(store: ReferenceStore) -> None:
    """C9030 is not in the 2018 file; CMS added it by a 2018 quarterly update and gives action code D in 2019.
    The timeline says added, as the banner's "added" does (views/code_status.py)."""
    timeline = code_history(store, "C9030")
    assert [(e["release"], e["event"]) for e in timeline] == [("HCPCS-2019", "added")]
    assert timeline[0]["text"] == (
        "In HCPCS-2019, not in HCPCS-2018; added 2018-07-01; terminated, last valid date 2018-12-31"
    )
