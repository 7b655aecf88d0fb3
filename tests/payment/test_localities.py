"""Choosing a PFS locality: by MAC-NN, by words of its name or county, by ZIP code; one sentence when not found."""

from __future__ import annotations

import pytest

from medcode_gui.codes.errors import MedcodeError
from medcode_gui.views.locality_view import choose_locality


@pytest.mark.parametrize(
    ("asked", "key"),
    [
        ("01112-05", "01112-05"),
        ("1112-5", "01112-05"),  # the zeros 25LOCCO's csv drops
        ("san francisco", "01112-05"),  # the locality with San Francisco county, not Marin's, also so named
        ("marin", "01112-52"),  # a county
        ("Alabama", "10112-00"),  # a name
        ("rest of california", "01112-75"),
        ("jefferson orleans", "07202-01"),  # words of the counties, in any order
    ],
)
def test_a_locality_by_id_name_or_county(payment_store, asked: str, key: str) -> None:
    place = choose_locality(payment_store, asked)
    assert f"{place['mac']}-{place['number']}" == key
    assert (place["release"], place["file"], place["how_chosen"]) == ("GPCI-2025", "GPCI2025.csv", f"locality {asked}")


def test_a_zip_code_gives_its_carrier_and_locality(payment_store) -> None:
    place = choose_locality(payment_store, zip_code="94103")
    assert (place["mac"], place["number"], place["state"]) == ("01112", "05", "CA")
    assert place["how_chosen"] == "zip 94103 (ZIP5-2025-Q4, ZIP5_OCT2025.txt)"
    assert place["counties"] == "SAN FRANCISCO/ALAMEDA/CONTRA COSTA/SAN MATEO"
    assert (place["counties_release"], place["counties_file"]) == ("LOCCO-2025", "25LOCCO.csv")


@pytest.mark.parametrize(
    ("locality", "zip_code", "said"),
    [
        ("99999-99", None, r"No locality in GPCI-2025 \(GPCI2025.csv\) matches '99999-99'"),
        ("atlantis", None, r"No locality name or county in GPCI-2025 .* matches 'atlantis'"),
        ("san", None, r"'san' matches 11 localities \(.*01112-05 SAN FRANCISCO.* and 5 more\); give one as MAC-NN\."),
        (None, "00000", r"ZIP code 00000 is not in ZIP5-2025-Q4 \(ZIP5_OCT2025.txt\)\."),
        (None, "941", r"'941' is not a ZIP code: give its five digits"),
        ("01112-05", "94103", r"Give a locality or a ZIP code, not both\."),
    ],
)
def test_a_locality_not_found_is_one_sentence(payment_store, locality, zip_code, said: str) -> None:
    with pytest.raises(MedcodeError, match=said) as refused:
        choose_locality(payment_store, locality, zip_code)
    assert "\n" not in str(refused.value)


def test_without_the_files_the_sentence_names_what_to_import(fee_store) -> None:
    with pytest.raises(MedcodeError, match="No GPCI file is imported: import GPCI2025"):
        choose_locality(fee_store, "01112-05")
    assert choose_locality(fee_store) is None
