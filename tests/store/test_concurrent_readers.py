"""Readers never blocked by a writer (WAL): the store and the `medcode` command answer while another process holds
a long write transaction open; the window's connection learns of the commit (changed_elsewhere); a release
imported elsewhere is read, never a KeyError; a WAL database on a read-only share still browses."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from cli_helpers import as_json, medcode
from conftest import ZIP_2019, data_file

from medcode_gui.importers import read_release
from medcode_gui.store import ReferenceStore

# An import as the writer sees it: BEGIN IMMEDIATE, every code row copied with a tiny page cache (so the
# changes spill out of memory, as a big import's do: without WAL that takes the exclusive lock every reader
# waits for), then it waits for a line on stdin: "commit" or anything else (roll back). It says "holding" once
# the write is done and the transaction still open.
HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size = 10")
conn.execute("BEGIN IMMEDIATE")
conn.execute("CREATE TABLE held AS SELECT * FROM codes")
print("holding", flush=True)
end = sys.stdin.readline().strip()
conn.execute("COMMIT" if end == "commit" else "ROLLBACK")
conn.close()
"""


@pytest.fixture
def db_2019(tmp_path: Path) -> Path:
    path = tmp_path / "reference.sqlite"
    with ReferenceStore(path) as store:
        store.import_release(read_release(data_file(ZIP_2019)))
    return path


@contextmanager
def write_held(db: Path, end: str = "rollback") -> Iterator[subprocess.Popen]:
    """Another process holding a write transaction open on db for as long as the with block runs."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"  # waits for the write, no sleep
        yield holder
    finally:
        holder.communicate(end + "\n", timeout=60)
    assert holder.returncode == 0


def test_a_wal_database_is_created_and_an_old_one_converted_at_open(tmp_path: Path, db_2019: Path) -> None:
    with ReferenceStore(db_2019) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 1  # FULL, kept
    old = tmp_path / "old.sqlite"
    shutil.copy(db_2019, old)
    with sqlite3.connect(old) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    with ReferenceStore(old) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_the_store_answers_while_another_process_holds_a_write_transaction(db_2019: Path) -> None:
    with ReferenceStore(db_2019) as store:
        before = [hit.record.code for hit in store.search("wheelchair", 10)]
        with write_held(db_2019, end="commit"):
            assert [hit.record.code for hit in store.search("wheelchair", 10)] == before
            assert store.lookup("J1100").release.label == "HCPCS-2019"
            assert [r.label for r in store.releases()] == ["Starter", "HCPCS-2019"]
            assert not store.changed_elsewhere()  # nothing committed yet
        assert store.changed_elsewhere()  # the commit, once
        assert not store.changed_elsewhere()


def test_the_command_line_answers_while_another_process_holds_a_write_transaction(db_2019: Path) -> None:
    with write_held(db_2019):
        hits = as_json(medcode("search", "wheelchair", "--json", db=db_2019))
        found = as_json(medcode("lookup", "J1100", "--json", db=db_2019))
        releases = as_json(medcode("releases", "--json", db=db_2019))
    assert hits and all("wheelchair" in json.dumps(hit).lower() for hit in hits[:3])
    assert found["code"] == "J1100" and found["release"] == "HCPCS-2019"
    assert [r["label"] for r in releases] == ["Starter", "HCPCS-2019"]


def test_a_release_imported_by_another_connection_is_read_not_a_key_error(empty_db: Path) -> None:
    with ReferenceStore(empty_db) as looking, ReferenceStore(empty_db) as reading_history:
        for stale in (looking, reading_history):
            assert [r.label for r in stale.releases()] == ["Starter"]  # cached
        with ReferenceStore(empty_db) as other:
            other.import_release(read_release(data_file(ZIP_2019)))
        # No reload asked for: a release label or a row's release the catalog has not seen reads them again.
        assert "HCPCS-2019" in [hit.release.label for hit in reading_history.history("J7030")]
        assert looking.lookup("J7030", "HCPCS-2019").release.label == "HCPCS-2019"
        assert [r.label for r in reading_history.releases()] == ["Starter", "HCPCS-2019"]


# A WAL database on a read-only share ---------------------------------------------------------------------------


def as_nobody(command: list[str]) -> list[str] | None:
    """command run as nobody (for whom a folder without write permission is one; root writes anywhere), or
    None when this machine cannot (not root, no setpriv, or nobody may not run this Python)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("setpriv"):
        return None
    wrapped = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    probe = subprocess.run([*wrapped[:4], sys.executable, "-c", "import medcode_gui"], capture_output=True)
    return wrapped if probe.returncode == 0 else None


def test_a_wal_database_in_a_read_only_folder_still_browses(db_2019: Path) -> None:
    share = Path(tempfile.mkdtemp(prefix="medcode-share-"))
    try:
        db = share / "reference.sqlite"
        shutil.copy(db_2019, db)
        assert db.read_bytes()[18:20] == b"\x02\x02"  # a WAL database, with no -wal or -shm beside it
        db.chmod(0o444)
        share.chmod(0o555)
        lookup = [sys.executable, "-m", "medcode_gui", "--db", str(db), "lookup", "J1100", "--json"]
        if command := as_nobody(lookup):
            env = dict(os.environ, HOME=str(share), XDG_CONFIG_HOME=str(share), XDG_DATA_HOME=str(share))
            done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
            assert done.returncode == 0, done.stderr
            assert json.loads(done.stdout)["release"] == "HCPCS-2019"
            assert sorted(p.name for p in share.iterdir()) == ["reference.sqlite"]  # read as it is
        else:  # a user the folder really is read-only for (as root without setpriv, only the browsing is shown)
            with ReferenceStore(db) as store:
                assert store.read_only
                assert store.lookup("J1100").release.label == "HCPCS-2019"
                assert store.search("wheelchair", 5)
    finally:
        share.chmod(0o755)
        shutil.rmtree(share, ignore_errors=True)
