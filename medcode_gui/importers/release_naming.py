"""Which release a file holds, from what its name says, or from what the user says."""

from __future__ import annotations

import datetime as dt
import re

from ..codes.errors import ImportFormatError

_YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")
_MONTHS = {"JAN": 1, "APR": 4, "JUL": 7, "OCT": 10}
_QUARTER = re.compile(r"(?<![A-Z])(JAN|APR|JUL|OCT)[A-Z]*(?![A-Z])", re.IGNORECASE)


def release_from_names(system: str, *names: str) -> tuple[str, str] | None:
    """(label, effective ISO date) from the first name that carries a year, e.g. HCPC2019_CONTR_ANWEB.txt.

    CMS names annual files by year (effective January 1) and quarterly files by year and month
    (HCPC2020_APR_ANWEB.txt, effective April 1).
    """
    for name in names:
        year = _YEAR.search(name)
        if not year:
            continue
        quarter = _QUARTER.search(name.replace("_", " ").replace("-", " "))
        month = _MONTHS[quarter.group(1).upper()] if quarter else 1
        label = f"{system}-{year.group(1)}" + (f"-{quarter.group(1).upper()}" if quarter else "")
        return label, f"{year.group(1)}-{month:02d}-01"
    return None


MAX_LABEL_CHARS = 64


def check_label(text: str) -> str:
    """Return a release label (stripped) if it is printable and at most MAX_LABEL_CHARS, else one sentence.

    A label is echoed by the CLI, shown in the window and put in file names: a newline, an ANSI escape or a
    20,000-character label would garble a terminal or a table, so it is refused where it enters. The sentence
    does not repeat the label, for the same reason.
    """
    label = text.strip()
    if not label:
        raise ImportFormatError("A release label cannot be empty.")
    if len(label) > MAX_LABEL_CHARS:
        raise ImportFormatError(
            f"A release label holds at most {MAX_LABEL_CHARS} characters; this one has {len(label):,}."
        )
    if not label.isprintable():
        raise ImportFormatError("A release label holds printable characters only: no line breaks, tabs or escapes.")
    return label


def check_iso_date(text: str) -> str:
    """Return text if it is a real YYYY-MM-DD date, else raise one clear sentence."""
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ImportFormatError(f"{text!r} is not a date in the form YYYY-MM-DD.") from None


def resolve_release_name(system: str, names: list[str], label: str | None, effective: str | None) -> tuple[str, str]:
    """The user's --label/--effective win; otherwise the file names must say which release this is."""
    found = release_from_names(system, *names)
    label = label or (found[0] if found else None)
    effective = check_iso_date(effective) if effective else (found[1] if found else None)
    if not label or not effective:
        raise ImportFormatError(
            f"{names[-1]} does not say which release it is; give a label and an effective date "
            "(--label and --effective YYYY-MM-DD)."
        )
    return label, effective
