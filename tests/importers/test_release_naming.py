"""Release labels are checked where they enter: printable, at most 64 characters, one sentence otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from medcode_gui.codes.errors import ImportFormatError
from medcode_gui.importers import read_release
from medcode_gui.importers.release_naming import MAX_LABEL_CHARS, check_label


def test_a_good_label_is_kept_stripped() -> None:
    assert check_label("  HCPCS-2019-APR ") == "HCPCS-2019-APR"
    assert check_label("L" * MAX_LABEL_CHARS) == "L" * 64
    assert check_label("Côte d'Ivoire 2024 (mine)") == "Côte d'Ivoire 2024 (mine)"


@pytest.mark.parametrize("label", ["   ", "A\nB", "A\tB", "\x1b[31mRED", "A\u200bB", "L" * 65])
def test_a_bad_label_is_one_sentence(label: str) -> None:
    with pytest.raises(ImportFormatError, match=r"^A release label "):
        check_label(label)


def test_read_release_refuses_a_bad_label_before_reading_the_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="at most 64 characters; this one has 20,000"):
        read_release(tmp_path / "no-such-file.csv", label="x" * 20_000)
