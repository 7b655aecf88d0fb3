"""Raw source values in words: field names, coded values with the codebooks' meaning, ISO dates, plurals,
and the codebook's text cased as a person writes it."""

from __future__ import annotations

import re

from medcode_gui.codes.hcpcs_codebook import codebook, meaning
from medcode_gui.codes.wording import change_words, counted, field_name, short_meaning, value_words


def test_a_changed_action_code_and_date_read_in_words_with_the_raw_value() -> None:
    assert change_words("ACTION CD", "P", "N") == "Action code: P (Payment change) → N (No maintenance for this code)"
    assert change_words("ACT EFF DT", "20110101", "20190101") == "Action effective date: 2011-01-01 → 2019-01-01"
    assert change_words("TERM DT", "", "20181231") == "Termination date: — → 2018-12-31"
    whole = change_words("ACTION CD", "P", "N", whole=True)
    assert "Payment change (MOG, pricing indicator codes" in whole


def test_fee_schedule_and_repeated_fields_are_named_and_decoded() -> None:
    assert value_words("STATUS CODE", "I") == "I (Not valid for Medicare purposes)"
    assert value_words("STATUS CODE", "A") == "A (Active Code)"
    assert value_words("PRICE2", "11") == "11 (Price established using national RVUs)"
    assert value_words("TOS1", "1").startswith("1 (")
    assert (field_name("TOS3"), field_name("LABCERT8"), field_name("WORK RVU")) == (
        "Type of service 3",
        "Lab certification 8",
        "Work RVU",
    )
    assert value_words("WORK RVU", "3.26") == "3.26"  # an amount stays as it is
    assert value_words("STATUS CODE", "Q") == "Q"  # undocumented: the raw value alone, no invented words
    assert field_name("SOME NEW COLUMN") == "SOME NEW COLUMN"
    # the fee schedule's row for a code with a modifier (45378-53): named and decoded as the code's own
    assert field_name("STATUS CODE [53]") == "Status (modifier 53)"
    assert value_words("STATUS CODE [53]", "A") == "A (Active Code)"


def test_only_date_fields_are_read_as_dates() -> None:
    assert value_words("ADD DT", "19860101") == "1986-01-01"
    assert value_words("valid_start_date", "20190101") == "2019-01-01"
    assert value_words("ANEST_BU", "20190101") == "20190101"  # eight digits in a field that is no date


def test_a_meaning_is_cut_to_its_first_phrase_for_a_cell() -> None:
    assert short_meaning("Active Code. These codes are paid separately") == "Active Code"
    assert short_meaning("DME supplies (price subject to floors and ceilings)") == "DME supplies"


def test_the_codebook_reads_with_the_casing_a_person_writes() -> None:
    """CMS cased its layout from capitals a word at a time: "e.G.", "part a", "rvu's" (kept in the file)."""
    assert meaning("pricing_indicator", "00") == (
        "Service not separately priced by Part B (e.g., services not covered, bundled, used by Part A only, etc.)"
    )
    assert meaning("pricing_indicator", "11") == "Price established using national RVUs"
    slips = re.compile(r"[a-z]\.[A-Z]\.|\bpart [a-z]\b|\brvu|\bmedicare\b|\basc\b")
    every = [words for table in codebook().values() for words in table.get("values", {}).values()]
    assert len(every) > 300 and [words for words in every if slips.search(words)] == []


def test_counts_take_the_right_plural() -> None:
    assert (counted(1, "result"), counted(0, "result")) == ("1 result", "0 results")
    assert counted(2000, "code") == "2,000 codes"
    assert counted(2, "change", "changes") == "2 changes"
