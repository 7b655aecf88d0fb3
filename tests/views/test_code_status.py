"""The status banner and "added" never contradict the data: checked on every code of the real 2018 and 2019
files, and on the codes whose dates or action codes CMS left inconsistent."""

from __future__ import annotations

import re
from dataclasses import asdict

import pytest

from medcode_gui.codes.records import ParsedRelease, Release, StoredCode
from medcode_gui.releases.code_history import previous_listing
from medcode_gui.views.code_status import added_status, status_banner
from medcode_gui.views.code_view import code_view, lookup_view

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# 2018 codes whose action effective date CMS left before their termination date (docs/data-notes.md).
DATES_DISAGREE_2018 = {"G0364", "G0502", "G0503", "G0504", "G0505", "G0507"}


def release_of(parsed: ParsedRelease, release_id: int) -> Release:
    info = asdict(parsed.info)
    return Release(id=release_id, imported_at="", codes=0, modifiers=0, **info)


def banners(parsed: ParsedRelease) -> list[tuple[object, dict[str, str]]]:
    release = release_of(parsed, 1)
    return [(record, code_view(StoredCode(record, release))["banner"]) for record in parsed.records]


@pytest.mark.parametrize("fixture", ["parsed_2018", "parsed_2019"])
def test_no_banner_contradicts_its_own_dates(fixture: str, request: pytest.FixtureRequest) -> None:
    disagreeing = set()
    for record, banner in banners(request.getfixturevalue(fixture)):
        text = banner["text"]
        own = {record.added_date, record.action_effective_date, record.termination_date}
        assert set(DATE.findall(text)) <= own, (record.code, text)  # no date the record does not give
        ended, acted = record.termination_date, record.action_effective_date
        if discontinued := re.match(r"Discontinued on (\S+); last valid date (\S+)$", text):
            assert discontinued[1] > discontinued[2], (record.code, text)  # invalid only after the last valid day
        if ended:
            assert f"last valid date {ended}" in text and banner["state"] in {"terminated", "discontinued"}
        if ended and acted and acted <= ended:
            disagreeing.add(record.code)
            assert text == (
                f"Terminated; last valid date {ended}. CMS's dates disagree: the action effective date {acted} "
                "is before the termination date"
            )
    assert disagreeing == (DATES_DISAGREE_2018 if fixture == "parsed_2018" else set())


def test_a_consistent_discontinuation_keeps_its_wording(parsed_2019: ParsedRelease) -> None:
    texts = {record.code: banner["text"] for record, banner in banners(parsed_2019)}
    assert texts["G0502"] == "Terminated; last valid date 2017-12-31"  # action code N in 2019
    discontinued = [t for t in texts.values() if t.startswith("Discontinued on")]
    assert len(discontinued) == 49  # every D of 2019 dated the day after its last valid date


def test_added_comes_from_the_history_for_every_2019_code(store, parsed_2018: ParsedRelease) -> None:
    """HCPCS-2018 is imported: "added" is "not in HCPCS-2018" for every 2019 code, whatever the action code."""
    in_2018 = {(r.code, r.kind) for r in parsed_2018.records}
    release = store.release("HCPCS-2019")
    disagree = set()
    for (code, kind), record in store.release_records(release).items():
        view = code_view(StoredCode(record, release))
        added = added_status(view, previous_listing(store, code, kind, "HCPCS-2019"))
        new = (code, kind) not in in_2018
        if new:
            assert added["added"] and added["basis"] == "history", code
            assert added["text"].startswith("Added in HCPCS-2019 (not in HCPCS-2018)")
        elif added is not None:
            assert not added["added"] and added["disagrees"] and record.action_code == "A", code
        if added and added["disagrees"]:
            disagree.add(code)
    assert {"G9890", "G9891", "QQ", "VM"} <= disagree


@pytest.mark.parametrize("code", ["G9890", "G9891", "QQ", "VM"])
def test_cms_marks_added_but_2018_already_lists_it(store, code: str) -> None:
    view = lookup_view(store, code)
    assert view["action_code"] == "A" and view["release"] == "HCPCS-2019"
    assert view["added"] == {
        "added": False,
        "release": None,
        "basis": "history",
        "previous": "HCPCS-2018",
        "action_code": "A",
        "disagrees": True,
        "text": "CMS marks it added (action code A), but HCPCS-2018 already lists it",
    }
    assert view["banner"] == {
        "state": "active",
        "text": "Active; CMS marks it added (action code A), but HCPCS-2018 already lists it",
    }


def test_added_per_history_and_per_action_code(store) -> None:
    new = lookup_view(store, "A4563")  # not in the 2018 file, action code A in 2019
    assert new["added"]["basis"] == "history" and not new["added"]["disagrees"]
    assert new["banner"] == {"state": "added", "text": "Active; added in HCPCS-2019 (not in HCPCS-2018)"}
    quarterly = lookup_view(store, "G2000")  # added by CMS's August 2018 update, after the 2018 file
    assert quarterly["banner"]["text"] == (
        "Active; added in HCPCS-2019 (not in HCPCS-2018); CMS's added date is 2018-08-01"
    )
    earliest = lookup_view(store, "G0502", "HCPCS-2018")  # no earlier release of the CMS files imported
    assert earliest["added"] is None  # action code D: nothing says it was added
    first = lookup_view(store, "FY", "HCPCS-2018")  # action code A in the earliest CMS file imported
    assert first["banner"]["text"] == (
        "Active; added in this release, per CMS's action code A; no earlier release imported to check"
    )
    assert first["added"] == {
        "added": True,
        "release": "HCPCS-2018",
        "basis": "action_code",
        "previous": None,
        "action_code": "A",
        "disagrees": False,
        "text": "Added in this release, per CMS's action code A; no earlier release imported to check",
    }


def test_the_banner_is_kept_whole_for_an_unknown_view() -> None:
    assert status_banner({"release": "X"}) == {"state": "active", "text": "Active"}
