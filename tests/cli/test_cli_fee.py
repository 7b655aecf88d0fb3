"""`medcode fee` run as a user runs it: the JSON contract, the text blocks with their releases, one-sentence errors."""

from __future__ import annotations

from cli_helpers import as_json, medcode


def test_fee_json_is_the_contract_for_a_zip_code(payment_db) -> None:
    view = as_json(medcode("fee", "76145", "--zip", "94103", "--json", db=payment_db))
    part = view["physician_fee_schedule"]
    assert (view["code"], view["modifier"]) == ("76145", None)
    assert {k: part["locality"][k] for k in ("mac", "number")} == {"mac": "01112", "number": "05"}
    assert part["locality"]["name"].startswith("SAN FRANCISCO-OAKLAND-BERKELEY")
    assert (part["non_facility_amount"], part["facility_amount"]) == ("1339.81", "1339.81")
    assert (part["conversion_factor"], part["release"]) == ("32.3465", "PFS-2025-OCT")
    assert part["file"] == "PPRRVU2025_Oct.csv"
    assert {"opps", "dmepos", "clfs", "asp", "asc"} <= set(view)


def test_fee_text_is_a_block_per_schedule_each_with_its_release(payment_db) -> None:
    result = medcode("fee", "71046", "--locality", "01112-05", db=payment_db)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "Physician fee schedule (PFS-2025-OCT, PPRRVU2025_Oct.csv)" in text
    assert "GPCIs: work 1.088, PE 1.419, MP 0.445 (GPCI-2025, GPCI2025.csv)" in text
    assert "Locality: 01112-05 SAN FRANCISCO-OAKLAND-BERKELEY" in text
    for block in ("OPPS", "Clinical lab fee schedule", "Part B drugs (ASP)", "ASC", "DMEPOS"):
        assert f"\n{block}\n" in text or f"\n{block} (" in text
    national = medcode("fee", "71046", db=payment_db).stdout
    assert "Locality: national (no locality chosen): GPCIs 1.000" in national
    assert "Non-facility amount: 32.67" in national


def test_an_unknown_locality_or_zip_is_one_sentence_and_exit_1(payment_db) -> None:
    for args, said in (
        (("--locality", "99999-99"), "No locality in GPCI-2025 (GPCI2025.csv) matches '99999-99'"),
        (("--zip", "00000"), "ZIP code 00000 is not in ZIP5-2025-Q4 (ZIP5_OCT2025.txt)."),
        (("--zip", "94103", "--locality", "marin"), "Give a locality or a ZIP code, not both."),
    ):
        result = medcode("fee", "76145", *args, db=payment_db)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert said in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_fee_text_gives_flags_and_rows_in_words_not_as_python_values(rates_db) -> None:
    text = medcode("fee", "80053", db=rates_db).stdout
    assert "paid separately: no" in text  # the OPPS status Q4 flag
    assert "other modifiers: modifier QW, rate 10.56" in text  # the CLFS row for 80053-QW
    assert not any(token in text for token in ("True", "False", "{", "[", "'"))
