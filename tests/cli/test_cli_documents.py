"""`medcode import` of CMS's processing notes, NOC list and corrections, and what lookup and releases say of
them (issue 18)."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import medcode
from conftest import XLSX_2019, data_file


def test_documents_import_alone_then_attach_and_show_in_lookup(tmp_path: Path) -> None:
    db = tmp_path / "ref.sqlite"
    notes = medcode("import", str(data_file("hcpcs/2019/proc_notes_2019.txt")), db=db)
    assert notes.returncode == 0, notes.stderr
    assert notes.stdout.strip() == (
        "proc_notes_2019.txt: HCPCS 2019 processing notes: imported (218 rows), "
        "kept for HCPCS-2019, attached when it is imported"
    )
    files = [
        data_file(XLSX_2019),
        data_file("hcpcs/zips/2019-HCPCS-NOC-Codes.zip"),
        data_file("hcpcs/2019/HCPC2019_Corrections_ALPHA.xlsx"),
    ]
    result = medcode("import", *map(str, files), db=db)
    assert result.returncode == 0, result.stderr
    assert "2019-HCPCS-NOC-Codes.zip: HCPCS 2019 NOC list: imported (139 rows), attached to HCPCS-2019" in result.stdout
    j3490 = medcode("lookup", "J3490", db=db).stdout
    assert "Not otherwise classified: CMS's NOC list 2019 (NOC_Codes_2019.xlsx)" in j3490
    b4105 = medcode("lookup", "B4105", db=db).stdout
    assert (
        "Corrected by CMS (HCPCS 2019 corrections, HCPC2019_Corrections_ALPHA.xlsx): Change Cov to C and Price to 39, "
        "effective 20190101" in b4105
    )
    c1890 = medcode("lookup", "C1890", db=db).stdout  # added by the corrections, missing from the release file
    assert c1890.splitlines()[:2] == [
        "C1890: not found.",
        "Corrected by CMS (HCPCS 2019 corrections, HCPC2019_Corrections_ALPHA.xlsx): ADD CODE, effective 20190101",
    ]
    a4651 = medcode("lookup", "A4651", db=db).stdout  # PROCNOTE 0017; the xlsx carries no notes of its own
    assert "Processing note 0017: SEE INTERMEDIARY MANUAL SECTION 3170.5" in a4651
    listed = medcode("releases", db=db).stdout
    assert "  HCPCS 2019 NOC list for HCPCS-2019: 139 rows  2019-HCPCS-NOC-Codes.zip" in listed
