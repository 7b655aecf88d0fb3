"""`medcode list`: named code lists from the command line, with descriptors from the reference database."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from medcode_gui.cli import lists as cli_lists
from medcode_gui.cli._common import MedcodeGroup
from medcode_gui.cli.lists import list_group
from medcode_gui.store.user_store import USER_DB_ENV, UserStore


@click.group(cls=MedcodeGroup)
@click.option("--db", "db_path", type=click.Path(dir_okay=False))
@click.pass_context
def medcode(ctx: click.Context, db_path: str | None) -> None:
    """A stand-in for cli.cli: the same context object, registering list_group the way cli.py does."""
    ctx.obj = {"db_path": db_path}


medcode.add_command(list_group)


@pytest.fixture
def run(tmp_path: Path, two_release_db: Path, monkeypatch: pytest.MonkeyPatch):
    reference = tmp_path / "reference.sqlite"
    shutil.copyfile(two_release_db, reference)  # the session database is never written
    monkeypatch.setenv(USER_DB_ENV, str(tmp_path / "user.sqlite"))
    runner = CliRunner()

    def invoke(*args: str, ok: bool = True):
        result = runner.invoke(medcode, ["--db", str(reference), "list", *args], catch_exceptions=False)
        assert (result.exit_code == 0) == ok, result.output + result.stderr
        return result

    return invoke


def test_the_environment_variable_is_the_stores() -> None:
    assert cli_lists.USER_DB_ENV == USER_DB_ENV


def test_create_add_show_in_order_with_descriptors(run) -> None:
    assert "No lists" in run().output
    assert "Created the list 'Chemo'" in run("create", "Chemo").output
    result = run("add", "chemo", "J9000", "j1100", "LT")
    assert "Added 3 codes to 'Chemo'" in result.stdout
    assert run().output.strip() == "Chemo  (3 codes)"
    shown = json.loads(run("show", "CHEMO", "--json").stdout)
    assert shown["name"] == "Chemo"
    assert [(c["position"], c["code"], c["kind"], c["release"]) for c in shown["codes"]] == [
        (1, "J9000", "code", "HCPCS-2019"),
        (2, "J1100", "code", "HCPCS-2019"),
        (3, "LT", "modifier", "HCPCS-2019"),
    ]
    assert shown["codes"][1]["short_description"].lower().startswith("dexamethasone")
    assert all(c["in_reference"] for c in shown["codes"])
    text = run("show", "Chemo").stdout.splitlines()
    assert text[0].split()[:3] == ["1", "J9000", "code"] and "HCPCS-2019" in text[0]
    (listed,) = json.loads(run("show", "--json").stdout)
    assert (listed["name"], listed["count"]) == ("Chemo", 3) and listed["created_at"].startswith("20")


def test_add_refuses_what_is_no_code_and_adds_nothing(run) -> None:
    run("create", "L")
    result = run("add", "L", "J1100", "XYZ", ok=False)
    assert "'XYZ' cannot be added: Not a CPT or HCPCS code" in result.stderr
    assert "Traceback" not in result.output
    assert "0 codes" in run().output
    result = run("add", "L", "99213-25", ok=False)
    assert "code with a modifier" in result.stderr


def test_add_warns_of_codes_missing_from_the_reference_and_skips_duplicates(run) -> None:
    result = run("add", "New", "J1100", "0999T", "J1100", "--create")
    assert "Warning: 0999T is not in the reference database" in result.stderr
    assert "Added 2 codes" in result.stdout
    result = run("add", "New", "J1100")
    assert "J1100 is already in the list 'New'; skipped." in result.stderr
    assert "Added 0 codes" in result.stdout
    shown = json.loads(run("show", "New", "--json").stdout)["codes"]
    assert [(c["code"], c["in_reference"], c.get("short_description", "")) for c in shown] == [
        ("J1100", True, shown[0]["short_description"]),
        ("0999T", False, ""),
    ]
    assert "(not in the reference database)" in run("show", "New").stdout


def test_add_to_a_missing_list_without_create_says_how(run) -> None:
    result = run("add", "Nope", "J1100", ok=False)
    assert "There is no list named 'Nope'; make it with `medcode list create`, or add --create." in result.stderr


def test_remove_move_rename_delete(run) -> None:
    run("add", "L", "A0425", "A0426", "A0427", "A0428", "--create")
    assert "now at position 1" in run("move", "L", "A0428", "1").stdout
    result = run("remove", "L", "A0426", "J9999")
    assert "J9999 is not in the list 'L'; skipped." in result.stderr and "Removed 1 code " in result.stdout
    assert [c["code"] for c in json.loads(run("show", "L", "--json").stdout)["codes"]] == ["A0428", "A0425", "A0427"]
    run("move", "L", "A0425", "0", ok=False)  # positions start at 1
    run("create", "M")
    assert "already a list named 'M'" in run("rename", "L", "m", ok=False).stderr
    run("rename", "L", "Kept")
    assert "Deleted the list 'M'" in run("delete", "m").stdout
    assert run().stdout.strip() == "Kept  (3 codes)"
    assert "There is no list named 'M'" in run("show", "M", ok=False).stderr


def test_export_and_import_round_trip(run, tmp_path: Path) -> None:
    run("add", "Chemo", "J9000", "J1100", "LT", "0999T", "--create")
    exported = run("export", "Chemo").stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert list(rows[0]) == ["position", "code", "kind", "system", "short_description", "release", "source_file"]
    assert [(r["position"], r["code"], r["kind"], r["release"]) for r in rows] == [
        ("1", "J9000", "code", "HCPCS-2019"),
        ("2", "J1100", "code", "HCPCS-2019"),
        ("3", "LT", "modifier", "HCPCS-2019"),
        ("4", "0999T", "code", ""),
    ]
    assert rows[0]["source_file"] == "2019-Alpha-Numeric-HCPCS-File.zip" and rows[0]["system"] == "HCPCS"
    file = tmp_path / "chemo.csv"
    assert "Wrote 4 codes" in run("export", "Chemo", "--output", str(file)).stderr
    assert file.read_text(encoding="utf-8") == exported
    result = run("import", "Copy", str(file), "--create")
    assert "Added 4 codes to 'Copy'" in result.stdout
    assert run("export", "Copy").stdout == exported


def test_import_reads_a_script_made_csv_with_only_a_code_column(run, tmp_path: Path) -> None:
    file = tmp_path / "codes.csv"
    file.write_text("\ufeffName;CODE\nfirst;j1100\n;\nsecond; LT \n", encoding="utf-8")
    run("create", "L")
    assert "Added 2 codes" in run("import", "L", str(file)).stdout
    assert [c["code"] for c in json.loads(run("show", "L", "--json").stdout)["codes"]] == ["J1100", "LT"]


def test_import_refuses_bad_files_in_one_sentence_and_adds_nothing(run, tmp_path: Path) -> None:
    run("create", "L")
    no_column = tmp_path / "no_column.csv"
    no_column.write_text("hcpcs,desc\nJ1100,x\n")
    assert "has no `code` column" in run("import", "L", str(no_column), ok=False).stderr
    bad_row = tmp_path / "bad_row.csv"
    bad_row.write_text("code\nJ1100\nhello\n")
    assert "bad_row.csv, line 3: 'hello' cannot be added" in run("import", "L", str(bad_row), ok=False).stderr
    latin = tmp_path / "latin.csv"
    latin.write_bytes("code,note\nJ1100,caf\xe9\n".encode("latin-1"))
    assert "is not UTF-8 text" in run("import", "L", str(latin), ok=False).stderr
    assert "Cannot read" in run("import", "L", str(tmp_path / "missing.csv"), ok=False).stderr
    assert "0 codes" in run().stdout


def test_user_db_option_beats_the_environment(run, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    run("--user-db", str(other), "create", "Elsewhere")
    with UserStore(other) as user:
        assert [x.name for x in user.lists()] == ["Elsewhere"]
    assert "No lists" in run().stdout


def test_a_reference_database_given_as_user_database_is_one_sentence(run, tmp_path: Path) -> None:
    result = run("--user-db", str(tmp_path / "reference.sqlite"), "show", ok=False)
    assert "is a MedCode reference database, not a user database" in result.stderr
    assert "Traceback" not in result.output


def test_the_real_cli_registers_the_list_group() -> None:
    from medcode_gui.cli import cli

    assert cli.commands.get("list") is list_group, "cli.py should end with cli.add_command(list_group)"
