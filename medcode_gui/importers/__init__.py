"""Importers: each reads one kind of source and returns records. They never write the database."""

from __future__ import annotations

from pathlib import Path

from ..codes.errors import ImportFormatError
from ..codes.records import ParsedRelease, ProgressCallback, no_progress
from . import (
    add_on_codes,
    anesthesia_cf,
    asc_rates,
    athena,
    cpt_package,
    dmepos_fees,
    drug_prices,
    generic_csv,
    gpci,
    hcpcs_documents,
    hcpcs_release,
    lab_fees,
    locality_counties,
    opps_addendum_b,
    opps_cap,
    pprrvu,
    zip_localities,
)
from .release_naming import check_label
from .source import read_source

# Tried in order; the first whose sniff() accepts the content parses it. The specific formats come first:
# hcpcs_release claims every other zip (to say what is wrong with it), generic_csv any csv with a code column;
# hcpcs_documents (notes, NOC lists, corrections, and zips of only those) comes before it.
# Payment and rules files (issue 19): each known by its header row, its sheet's name or its zip's csv member;
# the payment-by-locality files (GPCI, 25LOCCO, ANES, OPPSCAP, ZIP5) come before athena: their xlsx twins are zips.
PAYMENT_BY_LOCALITY = [gpci, locality_counties, anesthesia_cf, opps_cap, zip_localities]
RATES_AND_RULES = [add_on_codes, opps_addendum_b, dmepos_fees, lab_fees, drug_prices, asc_rates]
FORMATS = [
    pprrvu, *PAYMENT_BY_LOCALITY, athena, *RATES_AND_RULES, cpt_package, hcpcs_documents, hcpcs_release, generic_csv
]


def read_release(
    path: str | Path,
    label: str | None = None,
    effective: str | None = None,
    progress: ProgressCallback = no_progress,
) -> ParsedRelease:
    """Read any supported release file, detecting its format from its content."""
    label = check_label(label) if label else None  # before reading the file: a bad label is said at once
    source = read_source(path)
    for fmt in FORMATS:
        if fmt.sniff(source):
            return fmt.parse(source, label, effective, progress)
    raise ImportFormatError(
        f"{source.name} is not a release MedCode can import: it reads CMS HCPCS Level II releases (zip, txt or "
        "xlsx), CMS fee schedule (PPRRVU) files, CMS processing notes, NOC lists and corrections, CMS payment and "
        "rules files (GPCI, 25LOCCO, ANES, OPPSCAP, ZIP5, NCCI add-on codes, OPPS Addendum B, DMEPOS, CLFS, ASP, "
        "ASC), AMA CPT data files (a folder or zip), Athena CONCEPT.csv exports and CSV files with code and "
        "description columns."
    )
