"""The user database: stars, code lists, notes, recents; its identity, durability, and separation from the
reference data."""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import REPO_ROOT, TXT_2018, data_file

from medcode_gui.codes.errors import DatabaseError, MedcodeError
from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore
from medcode_gui.store.user_schema import USER_APPLICATION_ID
from medcode_gui.store.user_store import RECENTS_KEPT, USER_DB_ENV, UserStore, user_database_path


@pytest.fixture
def user(tmp_path: Path) -> UserStore:
    with UserStore(tmp_path / "user.sqlite") as opened:
        yield opened


# Where it lives and what it is ----------------------------------------------------------------------------


def test_path_option_wins_then_environment_then_user_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("medcode_gui.store.user_store.user_data_dir", lambda: tmp_path / "data")
    monkeypatch.delenv(USER_DB_ENV, raising=False)
    assert user_database_path() == tmp_path / "data" / "user.sqlite"
    monkeypatch.setenv(USER_DB_ENV, str(tmp_path / "env.sqlite"))
    assert user_database_path() == tmp_path / "env.sqlite"
    assert user_database_path(tmp_path / "given.sqlite") == tmp_path / "given.sqlite"


def test_created_with_its_own_identity_in_a_rollback_journal_synced_on_commit(user: UserStore) -> None:
    assert user.path.exists() and not user.read_only
    assert user.conn.execute("PRAGMA application_id").fetchone()[0] == USER_APPLICATION_ID == 0x4D435553
    assert user.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert user.conn.execute("PRAGMA synchronous").fetchone()[0] == 3  # EXTRA
    assert not list(user.path.parent.glob(".medcode-user-*"))  # no temporary file left behind


def test_a_reference_database_given_as_the_user_database_is_refused(empty_db: Path) -> None:
    before = empty_db.read_bytes()
    with pytest.raises(DatabaseError, match="is a MedCode reference database, not a user database"):
        UserStore(empty_db)
    assert empty_db.read_bytes() == before


def test_foreign_newer_and_non_sqlite_files_are_refused_in_one_sentence(tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(DatabaseError, match="another application"):
        UserStore(foreign)
    newer = tmp_path / "newer.sqlite"
    UserStore(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(DatabaseError, match="newer MedCode"):
        UserStore(newer)
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 10)
    with pytest.raises(DatabaseError, match="not an SQLite file"):
        UserStore(text)


def test_a_user_database_given_as_the_reference_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "user.sqlite"
    UserStore(path).close()
    with pytest.raises(DatabaseError, match="another application"):
        ReferenceStore(path)


# Stars ----------------------------------------------------------------------------------------------------


def test_stars_newest_first_and_starring_twice_keeps_the_first_time(user: UserStore) -> None:
    user.star("j1100")
    user.star("99213")
    user.star("LT", "modifier")
    first = user.starred()[-1].starred_at
    user.star(" J1100 ")
    assert [(s.code, s.kind) for s in user.starred()] == [("LT", "modifier"), ("99213", "code"), ("J1100", "code")]
    assert user.starred()[-1].starred_at == first
    assert user.is_starred("J1100") and not user.is_starred("LT") and user.is_starred("LT", "modifier")
    user.unstar("j1100")
    user.unstar("J1100")  # unstarring an unstarred code is no error
    assert not user.is_starred("J1100")
    assert [s.code for s in user.starred()] == ["LT", "99213"]


def test_codes_of_no_known_kind_or_empty_are_refused(user: UserStore) -> None:
    with pytest.raises(MedcodeError, match="not a kind of code"):
        user.star("J1100", "drug")
    with pytest.raises(MedcodeError, match="not a code"):
        user.star("   ")


# Code lists -----------------------------------------------------------------------------------------------


def test_list_names_are_unique_regardless_of_case(user: UserStore) -> None:
    user.create_list("Chemo drugs")
    with pytest.raises(MedcodeError, match="There is already a list named 'Chemo drugs'"):
        user.create_list("CHEMO  DRUGS")
    with pytest.raises(MedcodeError, match="needs a name"):
        user.create_list(" \t")
    user.create_list("Étude")
    with pytest.raises(MedcodeError, match="already"):
        user.create_list("ÉTUDE")
    assert [(x.name, x.count) for x in user.lists()] == [("Chemo drugs", 0), ("Étude", 0)]


def test_rename_and_delete_lists(user: UserStore) -> None:
    user.create_list("a")
    user.create_list("b")
    user.add_to_list("a", "J1100")
    with pytest.raises(MedcodeError, match="already a list named 'b'"):
        user.rename_list("a", "B")
    user.rename_list("a", "A")  # a change of case only is a rename to itself
    user.rename_list("A", "Renamed")
    assert [x.name for x in user.lists()] == ["b", "Renamed"]
    assert [e.code for e in user.list_codes("renamed")] == ["J1100"]
    user.delete_list("RENAMED")
    with pytest.raises(MedcodeError, match="There is no list named 'Renamed'"):
        user.list_codes("Renamed")
    assert user.conn.execute("SELECT count(*) FROM list_items").fetchone()[0] == 0


def test_adding_in_order_at_a_position_and_refusing_duplicates(user: UserStore) -> None:
    user.create_list("L")
    user.add_to_list("L", "J1100")
    user.add_to_list("L", "J9000")
    user.add_to_list("L", "25", "modifier", position=1)
    user.add_to_list("L", "99213", position=99)  # beyond the end: last
    assert [(e.position, e.code) for e in user.list_codes("L")] == [(1, "25"), (2, "J1100"), (3, "J9000"), (4, "99213")]
    with pytest.raises(MedcodeError, match="J1100 is already in the list 'L'"):
        user.add_to_list("l", "j1100")
    assert [x.count for x in user.lists()] == [4]
    assert user.lists_containing("J1100") == ["L"]


def test_removing_and_moving_keep_positions_contiguous(user: UserStore) -> None:
    user.create_list("L")
    for code in ("A0001", "A0002", "A0003", "A0004"):
        user.add_to_list("L", code)
    user.move_in_list("L", "A0004", 1)
    assert [e.code for e in user.list_codes("L")] == ["A0004", "A0001", "A0002", "A0003"]
    user.move_in_list("L", "a0004", 3)
    assert [e.code for e in user.list_codes("L")] == ["A0001", "A0002", "A0004", "A0003"]
    user.move_in_list("L", "A0001", 50)
    assert [e.code for e in user.list_codes("L")] == ["A0002", "A0004", "A0003", "A0001"]
    user.remove_from_list("L", "A0004")
    assert [(e.position, e.code) for e in user.list_codes("L")] == [(1, "A0002"), (2, "A0003"), (3, "A0001")]
    with pytest.raises(MedcodeError, match="A0004 is not in the list 'L'"):
        user.remove_from_list("L", "A0004")
    with pytest.raises(MedcodeError, match="not in the list"):
        user.move_in_list("L", "A0004", 1)


def test_adding_many_is_one_transaction_and_can_create_the_list(user: UserStore) -> None:
    skipped = user.add_many_to_list("New", [("J1100", "code"), ("LT", "modifier")], create=True)
    assert skipped == []
    assert user.add_many_to_list("new", [("J1100", "code"), ("J9000", "code")]) == [("J1100", "code")]
    assert [e.code for e in user.list_codes("New")] == ["J1100", "LT", "J9000"]
    with pytest.raises(MedcodeError, match="not a kind"):
        user.add_many_to_list("New", [("J9001", "code"), ("X", "bad")])
    with pytest.raises(MedcodeError, match="There is no list"):
        user.add_many_to_list("Other", [("J9001", "code")])
    assert len(user.list_codes("New")) == 3 and [x.name for x in user.lists()] == ["New"]


def test_export_csv_fills_descriptions_through_the_hook(user: UserStore) -> None:
    user.add_many_to_list("L", [("J1100", "code"), ("LT", "modifier")], create=True)
    plain = list(csv.DictReader(io.StringIO(user.export_list_csv("L"))))
    assert [(r["position"], r["code"], r["kind"], r["short_description"]) for r in plain] == [
        ("1", "J1100", "code", ""),
        ("2", "LT", "modifier", ""),
    ]

    def describe(code: str, kind: str) -> dict[str, str]:
        return {"short_description": f"about {code}", "release": "R1", "source_file": "f.txt", "extra": "x"}

    text = user.export_list_csv("L", describe)
    assert text.splitlines()[0] == "position,code,kind,system,short_description,release,source_file"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[1] == {
        "position": "2",
        "code": "LT",
        "kind": "modifier",
        "system": "",
        "short_description": "about LT",
        "release": "R1",
        "source_file": "f.txt",
    }


# Notes ------------------------------------------------------------------------------------------------------


def test_notes_are_set_replaced_and_deleted_by_empty_text(user: UserStore) -> None:
    user.set_note("J1100", "code", "Needs prior authorisation.")
    user.set_note("LT", "modifier", "Left side")
    user.set_note("j1100", "code", "Needs prior authorisation; see the payer bulletin.")
    assert user.note("J1100") == "Needs prior authorisation; see the payer bulletin."
    assert [(n.code, n.kind) for n in user.notes()] == [("J1100", "code"), ("LT", "modifier")]
    user.set_note("LT", "modifier", "   ")
    assert user.note("LT", "modifier") is None
    assert [n.code for n in user.notes()] == ["J1100"]
    assert [h.code for h in user.search_notes("bulletin")] == ["J1100"]
    assert user.search_notes("left") == []  # the index followed the deletion
    assert_note_index_matches_the_notes(user)


def assert_note_index_matches_the_notes(user: UserStore) -> None:
    """The notes' full-text index holds exactly the notes, each with its current words.

    FTS5's integrity-check compares the index with its content table only when given a rank of 1 (without it,
    an index that still holds a deleted note passes)."""
    try:
        user.conn.execute("INSERT INTO notes_fts (notes_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as error:
        pytest.fail(f"the notes' full-text index is out of step with the notes: {error}")
    indexed = [row[0] for row in user.conn.execute("SELECT id FROM notes_fts_docsize ORDER BY id")]
    assert indexed == [row[0] for row in user.conn.execute("SELECT id FROM notes ORDER BY id")]


def test_the_note_index_check_finds_an_index_out_of_step(user: UserStore) -> None:
    """The check above can fail: a note deleted behind the index's back (its trigger dropped) is found."""
    user.set_note("J1100", "code", "Needs prior authorisation.")
    assert_note_index_matches_the_notes(user)
    user.conn.execute("DROP TRIGGER notes_ad")
    user.conn.execute("DELETE FROM notes")
    with pytest.raises(pytest.fail.Exception, match="out of step"):
        assert_note_index_matches_the_notes(user)


def test_note_search_matches_word_prefixes_folding_case_and_accents(user: UserStore) -> None:
    user.set_note("J9000", "code", "Doxorubicine pour la chimiothérapie; vérifier la dose.")
    user.set_note("J1100", "code", "Dexamethasone: check the dose.")
    hits = user.search_notes("CHIMIOTHERAP")
    assert [h.code for h in hits] == ["J9000"]
    assert "[chimiothérapie]" in hits[0].snippet
    assert {h.code for h in user.search_notes("dose")} == {"J9000", "J1100"}
    assert [h.code for h in user.search_notes("dose dexa")] == ["J1100"]  # every word must match
    assert user.search_notes("") == [] and user.search_notes("  ;; ") == []
    assert len(user.search_notes("dose", limit=1)) == 1


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ('"', []),
        ('dose"', ["J1100"]),
        ("dose*", ["J1100"]),
        ("NEAR(dose check)", ["J1100"]),  # the words near, dose, check: not FTS's NEAR()
        ("dose AND", ["J1100"]),  # 'and' is a word of the note, not an operator
        ("OR", ["J1100"]),
        ("-dose", ["J1100"]),  # not a negation (which would list J9000)
        ("text:dose", ["J1100"]),  # not a column filter
        ("^dose", ["J1100"]),
        ("(", []),
        ("{text}: x", []),  # no word of either note starts with x
        ("weekly", ["J9000"]),
    ],
)
def test_typed_text_never_reaches_fts_syntax(user: UserStore, typed: str, found: list[str]) -> None:
    """Typed text is words, each a prefix of a word of the note: FTS5's operators and syntax mean nothing."""
    user.set_note("J1100", "code", "Dexamethasone: check the dose AND near the text OR not.")
    user.set_note("J9000", "code", "Vincristine sulfate, weekly.")
    assert [hit.code for hit in user.search_notes(typed)] == found


# Recents ----------------------------------------------------------------------------------------------------


def test_recents_move_to_the_top_and_keep_the_last_fifty(user: UserStore) -> None:
    for i in range(RECENTS_KEPT + 10):
        user.record_code(f"A{i:04d}")
        user.record_search(f"search {i}")
    user.record_code("A0055")
    user.record_search("SEARCH 55")
    codes = user.recent_codes(100)
    assert len(codes) == RECENTS_KEPT == 50
    assert [c.code for c in codes[:3]] == ["A0055", "A0059", "A0058"]
    assert codes[-1].code == "A0010"
    searches = user.recent_searches(100)
    assert len(searches) == 50 and searches[:2] == ["SEARCH 55", "search 59"]
    assert "search 55" not in searches
    user.record_search("   ")
    assert user.recent_searches(1) == ["SEARCH 55"]
    assert [c.code for c in user.recent_codes(2)] == ["A0055", "A0059"]


# Read-only ------------------------------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_read_only_user_database_reads_and_refuses_writes_in_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "user.sqlite"
    with UserStore(path) as user:
        user.star("J1100")
        user.add_many_to_list("L", [("J1100", "code")], create=True)
        user.set_note("J1100", "code", "kept")
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        with UserStore(path) as user:
            assert user.read_only
            assert user.is_starred("J1100") and user.note("J1100") == "kept"
            assert [e.code for e in user.list_codes("L")] == ["J1100"]
            assert [h.code for h in user.search_notes("kept")] == ["J1100"]
            writes = [
                lambda: user.star("J9000"),
                lambda: user.create_list("M"),
                lambda: user.set_note("J1100", "code", "new"),
                lambda: user.record_code("J1100"),
                lambda: user.add_to_list("L", "J9000"),
            ]
            for write in writes:
                with pytest.raises(DatabaseError, match=r"is read-only; your stars, lists and notes cannot be"):
                    write()
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


# Separate from the reference data ---------------------------------------------------------------------------


def test_importing_and_deleting_reference_releases_leaves_the_user_database_untouched(
    tmp_path: Path, two_release_db: Path
) -> None:
    reference = tmp_path / "reference.sqlite"
    shutil.copyfile(two_release_db, reference)
    with UserStore(tmp_path / "user.sqlite") as user:
        user.star("J1100")
        user.add_many_to_list("Drugs", [("J1100", "code"), ("J9000", "code"), ("LT", "modifier")], create=True)
        user.set_note("J9000", "code", "Doxorubicin: check the dose.")
        user.record_code("J1100")
        user.record_search("dexamethasone")
    before = (tmp_path / "user.sqlite").read_bytes()
    with ReferenceStore(reference) as store:
        store.delete_release("HCPCS-2018")
        store.delete_release("HCPCS-2019")
        store.import_release(read_release(data_file(TXT_2018)))
    assert (tmp_path / "user.sqlite").read_bytes() == before
    with UserStore(tmp_path / "user.sqlite") as user:
        assert user.is_starred("J1100")
        assert [e.code for e in user.list_codes("Drugs")] == ["J1100", "J9000", "LT"]
        assert user.note("J9000") == "Doxorubicin: check the dose."
        assert [c.code for c in user.recent_codes()] == ["J1100"]
        assert user.recent_searches() == ["dexamethasone"]


# Durability -------------------------------------------------------------------------------------------------

WRITER = textwrap.dedent(
    """
    import sys
    from medcode_gui.store.user_store import UserStore

    user = UserStore(sys.argv[1])
    start, count = int(sys.argv[2]), int(sys.argv[3])
    if not user.has_list("L"):
        user.create_list("L")
    for i in range(start, start + count):
        code = f"A{i:04d}"
        user.star(code)
        user.set_note(code, "code", f"note number {i}")
        user.add_to_list("L", code)
        print(f"ack {i}", flush=True)  # acknowledged: every write of i has returned
    print("done", flush=True)
    sys.stdin.read()  # wait to be killed
    """
)


def _run_and_kill(path: Path, start: int, count: int, acks_before_kill: int, delay: float) -> list[int]:
    """Start a writer, SIGKILL it after acks_before_kill acknowledgements (plus delay); the numbers it acked."""
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(start), str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    acked = []
    try:
        while len(acked) < acks_before_kill:
            line = process.stdout.readline()
            assert line.startswith("ack"), f"writer stopped early: {line!r}"
            acked.append(int(line.split()[1]))
        if delay:
            time.sleep(delay)  # the writer carries on: the kill lands in the middle of a later write
    finally:
        process.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no chance to clean up either way
        process.wait(timeout=30)
    # lines written before the kill also count as acknowledged
    acked += [int(line.split()[1]) for line in process.stdout.read().splitlines() if line.startswith("ack")]
    process.stdout.close()
    process.stdin.close()
    return acked


def test_every_acknowledged_write_survives_a_kill(tmp_path: Path) -> None:
    path = tmp_path / "user.sqlite"
    acknowledged: list[int] = []
    runs = [(1, 1, 0.0), (1, 1, 0.0), (200, 5, 0.003), (200, 30, 0.0), (200, 2, 0.05)]
    for run, (count, acks, delay) in enumerate(runs):
        acknowledged += _run_and_kill(path, run * 1000, count, acks, delay)
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        with UserStore(path) as user:
            starred = {s.code for s in user.starred()}
            listed = [e.code for e in user.list_codes("L")]
            for i in acknowledged:
                code = f"A{i:04d}"
                assert code in starred, f"run {run}: star of {code} lost"
                assert user.note(code) == f"note number {i}", f"run {run}: note of {code} lost"
                assert code in listed, f"run {run}: {code} lost from the list"
            assert [e.position for e in user.list_codes("L")] == list(range(1, len(listed) + 1))
            assert_note_index_matches_the_notes(user)
    assert len(acknowledged) >= 1 + 1 + 5 + 30 + 2
