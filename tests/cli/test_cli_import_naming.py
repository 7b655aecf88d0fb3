"""`medcode import` says when it named a release from the file's contents (issue 18)."""

from __future__ import annotations

import shutil
from pathlib import Path

from cli_helpers import medcode
from conftest import TXT_2018, data_file


def test_import_of_a_renamed_file_says_the_label_was_inferred(tmp_path: Path) -> None:
    renamed = tmp_path / "hcpcs.txt"
    shutil.copyfile(data_file(TXT_2018), renamed)
    result = medcode("import", str(renamed), db=tmp_path / "ref.sqlite")
    assert result.returncode == 0, result.stderr
    assert "imported HCPCS-2018 (effective 2018-01-01)" in result.stdout
    assert (
        "label HCPCS-2018 inferred from the file's contents (newest action date 2018-01-01, on 305 records); "
        "give --label/--effective to override" in result.stdout
    )
    named = medcode("import", str(renamed), "--label", "Mine", "--effective", "2018-01-01", db=tmp_path / "b.sqlite")
    assert "imported Mine" in named.stdout and "inferred" not in named.stdout
