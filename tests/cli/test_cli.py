"""The `medcode` command as a user and a script call it: a fresh process, on the real files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import as_json, medcode
from click.testing import CliRunner
from conftest import REPO_ROOT, TXT_2018, TXT_2019, data_file

from medcode_gui.cli import cli


def test_import_prints_progress_on_stderr_and_a_summary_per_file(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite"
    result = medcode("import", str(data_file(TXT_2018)), str(data_file(TXT_2019)), db=db)
    assert result.returncode == 0, result.stderr
    summaries = result.stdout.strip().splitlines()
    assert len(summaries) == 2
    assert "imported HCPCS-2019 (effective 2019-01-01): 6,440 codes, 360 modifiers" in summaries[1]
    assert "Reading records" in result.stderr and "Writing codes" in result.stderr
    releases = [r for r in as_json(medcode("releases", "--json", db=db)) if r["official"]]
    assert [(r["label"], r["codes"], r["modifiers"]) for r in releases] == [
        ("HCPCS-2018", 6205, 354),
        ("HCPCS-2019", 6440, 360),
    ]
    assert {"label", "system", "effective_date", "source", "codes", "modifiers"} <= releases[0].keys()


def test_lookup_search_and_stdin_forms(two_release_db: Path) -> None:
    j1100 = as_json(medcode("lookup", "J1100", "--json", db=two_release_db))
    for key in (
        "code",
        "system",
        "kind",
        "short_description",
        "long_description",
        "status",
        "added_date",
        "action_effective_date",
        "termination_date",
        "action_code",
        "release",
    ):
        assert key in j1100
    assert (j1100["system"], j1100["kind"], j1100["release"]) == ("HCPCS", "code", "HCPCS-2019")
    assert (
        as_json(medcode("lookup", "J1100", "--release", "HCPCS-2018", "--json", db=two_release_db))["release"]
        == "HCPCS-2018"
    )
    lines = medcode("lookup", "--stdin", "--json", db=two_release_db, stdin="J1100\nZZZZZ\nLT\n").stdout
    found = [json.loads(line)["found"] for line in lines.splitlines()]
    assert found == [True, False, True]
    assert [h["code"] for h in as_json(medcode("search", "J1100", "--json", db=two_release_db))][:1] == ["J1100"]
    per_query = medcode("search", "--stdin", "--json", db=two_release_db, stdin="cane\nJ1100\n\n").stdout
    assert [len(json.loads(line)) > 0 for line in per_query.splitlines()] == [True, True, False]


def test_unknown_code_and_unknown_release_exit_non_zero(two_release_db: Path) -> None:
    missing = medcode("lookup", "ZZZZZ", db=two_release_db)
    assert missing.returncode == 1 and "not found" in missing.stdout
    bad_release = medcode("lookup", "J1100", "--release", "nope", db=two_release_db)
    assert bad_release.returncode == 1
    assert bad_release.stderr.strip().startswith("Error: There is no release 'nope'")
    assert "Traceback" not in bad_release.stderr


def test_a_refused_import_names_the_file_and_exits_1(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("not a release\n")
    result = medcode("import", str(junk), db=tmp_path / "x.sqlite")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "notes.txt: not imported: notes.txt is not a release MedCode can import: it reads CMS HCPCS Level II "
        "releases (zip, txt or xlsx), CMS fee schedule (PPRRVU) files, CMS processing notes, NOC lists and "
        "corrections, CMS payment and rules files (GPCI, 25LOCCO, ANES, OPPSCAP, ZIP5, NCCI add-on codes, OPPS "
        "Addendum B, DMEPOS, CLFS, ASP, ASC), AMA CPT data files (a folder or zip), "
        "Athena CONCEPT.csv exports and CSV files with code and description columns."
    )


def test_a_damaged_database_is_one_sentence(tmp_path: Path) -> None:
    db = tmp_path / "bad.sqlite"
    db.write_text("garbage")
    result = medcode("releases", db=db)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "is not a MedCode database" in result.stderr


def test_medcode_db_environment_variable_stands_for_db(two_release_db: Path) -> None:
    result = CliRunner().invoke(cli, ["releases", "--json"], env={"MEDCODE_DB": str(two_release_db)})
    assert result.exit_code == 0 and len(json.loads(result.output)) == 3


def test_a_fresh_process_answers_a_lookup_without_importing_qt(two_release_db: Path) -> None:
    """What a script calling `medcode lookup` loads: no PySide6. (Its speed is benchmarks/bench_foundation.py's.)"""
    probe = (
        "import sys, runpy; sys.argv=['medcode','--db',sys.argv[1],'lookup','J1100','--json'];"
        "\ntry: runpy.run_module('medcode_gui', run_name='__main__')\nexcept SystemExit: pass\n"
        "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NOQT', file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", probe, str(two_release_db)], capture_output=True, text=True)
    assert result.stderr.strip().endswith("NOQT"), result.stderr
    answer = json.loads(result.stdout)
    assert (answer["code"], answer["release"]) == ("J1100", "HCPCS-2019")


def test_every_command_the_docs_name_is_in_the_group_and_answers_help() -> None:
    """`medcode --help` in a fresh process lists every command README.md and docs/ tell the user to run
    (a command left out of the group, such as update, fails here), and each one's --help works."""
    documented = set()
    for doc in [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]:
        documented |= set(re.findall(r"`medcode ([a-z][a-z-]*)", doc.read_text(encoding="utf-8")))
    assert {"import", "lookup", "search", "update", "list", "diff"} <= documented
    listed = medcode("--help").stdout.split("Commands:")[1]
    commands = {line.split()[0] for line in listed.splitlines() if line.strip()}
    assert documented <= commands
    update = medcode("update", "--help")
    assert update.returncode == 0 and {"--source", "--pattern", "--no-keep"} <= set(update.stdout.split())


def cli_search_codes(db: Path, text: str) -> list[str]:
    result = CliRunner().invoke(cli, ["--db", str(db), "search", text, "--json"])
    assert result.exit_code == 0, result.output
    return [hit["code"] for hit in json.loads(result.output)]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('"', None),
        ("OR", "or"),
        ("(", None),
        ("%", None),
        ("NEAR(", "near"),
        ("", None),
        ("x" * 3000, None),
        ("ñ", "n"),
        ("\\", None),
        ("' OR 1=1 --", "or 1 1"),
    ],
)
def test_hostile_queries_exit_0_and_mean_their_words(two_release_db: Path, text: str, words: str | None) -> None:
    """SQL and FTS syntax typed into `medcode search` are words (the same hits as the plain words) or nothing."""
    found = cli_search_codes(two_release_db, text)
    if words is None:
        assert found == []
    else:
        assert found and found == cli_search_codes(two_release_db, words)


def test_bad_effective_date_is_refused(tmp_path: Path) -> None:
    result = medcode("import", str(data_file(TXT_2019)), "--effective", "2019-13-45", db=tmp_path / "x.sqlite")
    assert result.returncode == 1 and "'2019-13-45' is not a date in the form YYYY-MM-DD." in result.stderr


def test_search_says_the_correction_and_offers_words_when_nothing_matches(search_db: Path) -> None:
    corrected = medcode("search", "wheelchiar", "--limit", "3", db=search_db)
    assert corrected.returncode == 0 and "Showing results for wheelchair." in corrected.stderr
    nothing = medcode("search", "wheelchiarzz", db=search_db)
    assert "No matches. Did you mean: wheelchair" in nothing.stderr
    assert medcode("search", "J11000", db=search_db).stderr.strip() == "No matches."  # code-shaped: no words
