"""A database written by the previous version (schema 2, commit a33fef0: no SEQNUM or RECID in its rows) opens,
says plainly what it does not hold, and importing the same file again fills it in.

The database is made by running that version's own code, taken from the repository's git history."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from cli_helpers import medcode
from conftest import REPO_ROOT, TXT_2019, data_file

from medcode_gui.codes.hcpcs_codebook import NOT_STORED
from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore
from medcode_gui.store.schema import SCHEMA_VERSION
from medcode_gui.views.code_view import lookup_view

PREVIOUS_VERSION = "a33fef0"  # the last commit with schema 2


def previous_version_code(target: Path) -> Path:
    """The previous version's package (with its resources, as packaging ships them) under target."""
    if shutil.which("git") is None:
        pytest.fail("This test runs the previous version from git history, and git is not installed.", pytrace=False)
    archive = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "archive", PREVIOUS_VERSION, "medcode_gui", "resources"],
        capture_output=True,
        timeout=60,
    )
    if archive.returncode != 0:
        pytest.fail(
            f"This test builds a database with the previous version (commit {PREVIOUS_VERSION}) from git history, "
            f"which {REPO_ROOT} does not have: clone the repository with its history (not shallow, not an "
            f"archive). git said: {archive.stderr.decode(errors='replace').strip()}",
            pytrace=False,
        )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:  # no tar command needed (Windows)
        tar.extractall(target, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    (target / "resources").rename(target / "medcode_gui" / "resources")
    return target


@pytest.fixture(scope="module")
def previous_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """HCPCS 2019 (txt) imported by the previous version's `medcode import`."""
    code = previous_version_code(tmp_path_factory.mktemp("previous"))
    path = tmp_path_factory.mktemp("db") / "previous.sqlite"
    env = dict(os.environ, PYTHONPATH=str(code))
    result = subprocess.run(
        [sys.executable, "-m", "medcode_gui", "--db", str(path), "import", str(data_file(TXT_2019))],
        capture_output=True,
        text=True,
        env=env,
        cwd=code,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "imported HCPCS-2019" in result.stdout
    return path


def user_version(path: Path) -> int:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def copy_of_previous(previous_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(previous_db, copy)
    return copy


def position_rows(store: ReferenceStore, code: str) -> dict[str, dict]:
    view = lookup_view(store, code)
    return {row["field"]: row for row in view["layout_fields"] if "SEQNUM" in row["field"] or "RECID" in row["field"]}


def test_the_previous_version_wrote_schema_2_without_positions(previous_db: Path) -> None:
    assert user_version(previous_db) == 2 and SCHEMA_VERSION == 3
    conn = sqlite3.connect(f"{previous_db.as_uri()}?mode=ro", uri=True)
    try:
        (fields,) = conn.execute(
            "SELECT fields FROM codes JOIN releases r ON r.id = release_id "
            "WHERE code = 'E0100' AND label = 'HCPCS-2019'"
        ).fetchone()
    finally:
        conn.close()
    assert '"CIM1": "60-3"' in fields and "SEQNUM" not in fields


def test_it_opens_migrated_and_says_what_it_does_not_hold(copy_of_previous: Path) -> None:
    with ReferenceStore(copy_of_previous) as store:
        rows = position_rows(store, "E0100")
        assert store.search("cane", 5)  # the search index came through the migration
        cim = {row["field"]: row["raw"] for row in lookup_view(store, "E0100")["layout_fields"]}["CIM1"]
    assert user_version(copy_of_previous) == 3
    assert all(row["raw"] is None and row["meaning"] == NOT_STORED for row in rows.values())
    assert len(rows) == 4 and cim == "60-3"
    text = medcode("lookup", "E0100", db=copy_of_previous).stdout
    assert "(SEQNUM)" in text and "(not stored)" in text
    assert "not stored: imported by an earlier version; import the file again to fill it in" in text


def test_importing_the_same_file_again_fills_the_fields_in(copy_of_previous: Path) -> None:
    parsed = read_release(data_file(TXT_2019))
    with ReferenceStore(copy_of_previous) as store:
        outcome = store.import_release(parsed)
        assert outcome.status == "refreshed" and outcome.release.codes == 6440
        assert any("written again" in warning for warning in outcome.warnings)
        rows = position_rows(store, "E0100")
        assert (rows["SEQNUM"]["raw"], rows["RECID"]["raw"]) == ("00100", "3")
        assert position_rows(store, "G0503")["CONTINUATION SEQNUMS"]["raw"].startswith("00200 00300")
        assert [r.label for r in store.releases() if r.is_official] == ["HCPCS-2019"]
        assert store.import_release(parsed).status == "unchanged"  # once filled in, the same file is nothing new


def test_the_cli_says_refreshed(copy_of_previous: Path) -> None:
    result = medcode("import", str(data_file(TXT_2019)), db=copy_of_previous)
    assert result.returncode == 0 and ": refreshed HCPCS-2019 (effective 2019-01-01)" in result.stdout
    assert "unchanged HCPCS-2019" in medcode("import", str(data_file(TXT_2019)), db=copy_of_previous).stdout


def test_a_read_only_previous_database_is_read_as_it_is(copy_of_previous: Path) -> None:
    copy_of_previous.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        with ReferenceStore(copy_of_previous) as store:
            assert store.read_only
            rows = position_rows(store, "E0100")
            assert rows["SEQNUM"]["meaning"] == NOT_STORED and store.search("cane", 5)
        assert user_version(copy_of_previous) == 2
    finally:
        copy_of_previous.chmod(stat.S_IRUSR | stat.S_IWUSR)
