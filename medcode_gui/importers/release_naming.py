"""Which release a file holds, from what its name says, or from what the user says."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable

from ..codes.errors import ImportFormatError

_YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")
_MONTHS = {"JAN": 1, "APR": 4, "JUL": 7, "OCT": 10}
_QUARTER = re.compile(r"(?<![A-Z])(JAN|APR|JUL|OCT)[A-Z]*(?![A-Z])", re.IGNORECASE)
# CMS's own two-digit names: HCPC17_CONTR_ANWEB.txt, HCPC18_Trans_Report_Alpha.xlsx (this century only).
_SHORT_YEAR = re.compile(r"(?<![A-Z0-9])HCPCS?(\d\d)(?!\d)", re.IGNORECASE)
# A year next to the word HCPCS inside a file: a sheet "HCPCS_2018_Alpha", a title "NOC CODES - HCPCS 2019",
# "2019 ALPHA-NUMERIC HCPCS CORRECTIONS".
_HCPCS_YEAR = re.compile(
    r"HCPCS?[ _-]*(19[89]\d|20\d\d)(?!\d)|(?<!\d)(19[89]\d|20\d\d)[ _-]+(?:[A-Z-]+[ _-]+)?HCPCS?", re.IGNORECASE
)
_MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
# A release's own changes are dozens of records on one date; a date fewer records carry is an early
# announcement (the 2018 file adds one code effective 2018-04-01 and one 2018-07-01) or a mid-quarter fix.
MIN_RECORDS_ON_DATE = 3


def release_from_names(system: str, *names: str) -> tuple[str, str] | None:
    """(label, effective ISO date) from the first name that carries a year, e.g. HCPC2019_CONTR_ANWEB.txt.

    CMS names annual files by year (effective January 1) and quarterly files by year and month
    (HCPC2020_APR_ANWEB.txt, effective April 1). A two-digit year (HCPC17_CONTR_ANWEB.txt) is read as 20yy;
    a posting date after the name (HCPC2026_JAN_ANWEB_01122026.xlsx) is not a year: the year and month before
    it name the release.
    """
    for name in names:
        year = _year_in(name)
        if not year:
            continue
        quarter = _QUARTER.search(name.replace("_", " ").replace("-", " "))
        month = _MONTHS[quarter.group(1).upper()] if quarter else 1
        label = f"{system}-{year}" + (f"-{quarter.group(1).upper()}" if quarter else "")
        return label, f"{year}-{month:02d}-01"
    return None


def _year_in(name: str) -> str | None:
    if year := _YEAR.search(name):
        return year.group(1)
    short = _SHORT_YEAR.search(name)
    return f"20{short.group(1)}" if short else None


def year_named_in(texts: Iterable[str]) -> tuple[str, str] | None:
    """(year, the text that names it) from the first text naming a HCPCS year: a sheet name, a title line."""
    for text in texts:
        if found := _HCPCS_YEAR.search(text):
            return found.group(1) or found.group(2), " ".join(text.split())
    return None


def release_from_contents(system: str, action_dates: Iterable[str | None], hints: Iterable[str] = ()) -> (
    tuple[str, str, str] | None
):
    """(label, effective ISO date, what it was inferred from) for a file whose name says nothing.

    The release's effective date is its newest action effective date carried by at least MIN_RECORDS_ON_DATE
    records (a January annual file's changes are effective its 1 January, a quarterly file's the first day of
    its quarter); January gives the annual label (HCPCS-2019), another month the quarterly one
    (HCPCS-2020-APR). Without such dates, a year named in the file (sheet name, title, disclaimer) gives the
    annual release.
    """
    counts = Counter(d for d in action_dates if d and d.endswith("-01"))
    carried = [day for day, n in counts.items() if n >= MIN_RECORDS_ON_DATE]
    if carried:
        newest = max(carried)
        year, month = newest[:4], int(newest[5:7])
        label = f"{system}-{year}" + ("" if month == 1 else f"-{_MONTH_NAMES[month - 1]}")
        return label, newest, f"newest action date {newest}, on {counts[newest]:,} records"
    if named := year_named_in(hints):
        return f"{system}-{named[0]}", f"{named[0]}-01-01", f"the file says \u201c{named[1][:60]}\u201d"
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


def inferred_note(label: str, how: str) -> str:
    """The sentence the CLI and the wizard show for a release named from its contents."""
    return f"label {label} inferred from the file's contents ({how}); give --label/--effective to override"


def resolve_release_name(
    system: str,
    names: list[str],
    label: str | None,
    effective: str | None,
    contents: tuple[str, str, str] | None = None,
) -> tuple[str, str]:
    """The user's --label/--effective win; then the file names; then `contents` (release_from_contents)."""
    found = release_from_names(system, *names) or (contents[:2] if contents else None)
    label = label or (found[0] if found else None)
    effective = check_iso_date(effective) if effective else (found[1] if found else None)
    if not label or not effective:
        raise ImportFormatError(
            f"{names[-1]} does not say which release it is; give a label and an effective date "
            "(--label and --effective YYYY-MM-DD)."
        )
    return label, effective
