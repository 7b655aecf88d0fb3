"""OPPS status indicators in words: every letter OPPS Addendum B uses, with a one-line meaning written here from
CMS's public definitions (OPPS Addendum D1). `paid_separately` says whether the code has its own APC payment."""

from __future__ import annotations

STATUS_INDICATORS = {
    "A": "Paid under a fee schedule or payment system other than OPPS (e.g. the lab or physician fee schedule)",
    "B": "Not recognized by OPPS on an outpatient hospital bill; another code or bill type may apply",
    "C": "Inpatient-only procedure: not paid under OPPS, the patient is admitted and billed as an inpatient",
    "D": "Discontinued code: not paid",
    "E1": "Not covered by any Medicare outpatient benefit, excluded by statute or not reasonable and necessary",
    "E2": "Not paid: no pricing information or claims data are available yet",
    "F": "Corneal tissue acquisition, certain CRNA services and hepatitis B vaccines: paid at reasonable cost",
    "G": "Pass-through drug or biological: paid separately under OPPS",
    "H": "Pass-through device category: a separate cost-based payment, no copayment",
    "J1": "Comprehensive APC: one payment for the primary service and the covered services on the claim with it",
    "J2": "Comprehensive observation: one payment when the claim qualifies, otherwise paid by other rules",
    "K": "Non-pass-through drug, biological or radiopharmaceutical: paid separately under OPPS",
    "L": "Influenza or pneumococcal vaccine: paid at reasonable cost, no deductible or coinsurance",
    "M": "Not billable to the Medicare contractor on an outpatient hospital bill",
    "N": "Packaged: no separate payment, its cost is in the payment for other services",
    "P": "Partial hospitalization: paid a per diem",
    "Q1": "Packaged when billed with a significant procedure (status S, T or V) on the same day, else paid separately",
    "Q2": "Packaged when billed with a status T procedure on the same day, else paid separately",
    "Q3": "Paid through a composite APC when the composite's criteria are met, else by its own APC",
    "Q4": "Conditionally packaged laboratory test: packaged with other services, else paid by the lab fee schedule",
    "R": "Blood or blood product: paid separately under OPPS",
    "S": "Significant procedure, not discounted when several are done: paid separately under OPPS",
    "T": "Significant procedure, discounted when done with another T procedure: paid separately under OPPS",
    "U": "Brachytherapy source: paid separately under OPPS",
    "V": "Clinic or emergency department visit: paid separately under OPPS",
    "Y": "Non-implantable durable medical equipment: not paid under OPPS, billed to the DME contractor",
}
# Indicators with an APC payment of their own (the rest are packaged, paid elsewhere or not paid).
PAID_SEPARATELY = {"G", "H", "J1", "J2", "K", "P", "Q1", "Q2", "Q3", "R", "S", "T", "U", "V"}


def status_meaning(indicator: str) -> str:
    return STATUS_INDICATORS.get(indicator.strip(), f"Status {indicator.strip()} (not described here)")


def paid_separately(indicator: str) -> bool:
    return indicator.strip() in PAID_SEPARATELY
