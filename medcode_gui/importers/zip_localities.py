"""Every ZIP code to its carrier, PFS locality and rural flag (ZIP5_OCT2025.txt), fixed width per ZIP5lyout.txt.

One row per ZIP code, keyed by the ZIP; every field kept as written under the layout's names. Each row carries
its year and quarter (YYYYQ, positions 76-80): the release is named from them ("ZIP5-2025-Q4", effective the
quarter's first day), so the name of the file is not needed.
"""

from __future__ import annotations

import re
from collections import Counter

from ..codes.errors import ImportFormatError
from ..codes.records import ZIP_LOCALITY, ParsedRelease, ProgressCallback, ReleaseInfo, ScheduleRow, no_progress
from .pfs_tables import text_lines, unique_rows
from .release_naming import check_iso_date
from .source import Source

# ZIP5lyout.txt: name -> (begin, end), 1-based and inclusive. Fillers (19-20, 22, 24-75) are left out.
LAYOUT = {
    "State": (1, 2),
    "Zip Code": (3, 7),
    "Carrier": (8, 12),
    "Pricing Locality": (13, 14),
    "Rural Indicator": (15, 15),
    "Bene Lab CB Locality": (16, 17),
    "Rural Indicator2": (18, 18),
    "Plus Four Flag": (21, 21),
    "Part B Payment Indicator": (23, 23),
    "Year/Quarter": (76, 80),
}
RECORD_LENGTH = 80
MAX_BYTES = 16 * 1024 * 1024  # the real file is 3.4 MB
_RECORD = re.compile(r"[A-Z]{2}\d{5}\d{5}\d{2}[ RB][0-9A-Z ]{2}.{6} {52}\d{4}[1-4]")
SNIFF_LINES = 5


def sniff(source: Source) -> bool:
    if source.is_zip:
        return False
    lines = source.head.decode("latin-1").splitlines()[:SNIFF_LINES]
    return len(lines) == SNIFF_LINES and all(_RECORD.fullmatch(line) for line in lines)


def parse(
    source: Source, label: str | None = None, effective: str | None = None, progress: ProgressCallback = no_progress
) -> ParsedRelease:
    source.refuse_over(MAX_BYTES, "ZIP code locality file")
    rows = []
    for number, line in text_lines(source):
        if len(line) != RECORD_LENGTH or not _RECORD.fullmatch(line):
            raise ImportFormatError(f"{source.name} line {number} is not a ZIP5 record (80 characters, ZIP5lyout).")
        fields = {name: line[begin - 1 : end].strip() for name, (begin, end) in LAYOUT.items()}
        rows.append(ScheduleRow(fields["Zip Code"], None, "", fields))
    if not rows:
        raise ImportFormatError(f"{source.name} holds no ZIP code records.")
    progress("Reading ZIP codes", len(rows), len(rows))
    warnings: list[str] = []
    rows = unique_rows(rows, source.name, warnings)
    quarters = Counter(row.fields["Year/Quarter"] for row in rows)
    if len(quarters) > 1:
        warnings.append(f"{source.name} mixes quarters {', '.join(sorted(quarters))}; named from the newest.")
    quarter = max(quarters)
    label = label or f"{ZIP_LOCALITY}-{quarter[:4]}-Q{quarter[4]}"
    effective = check_iso_date(effective) if effective else f"{quarter[:4]}-{3 * int(quarter[4]) - 2:02d}-01"
    info = ReleaseInfo(ZIP_LOCALITY, label, effective, source.name, source.name, source.sha256, "zip5-txt")
    return ParsedRelease(info, [], warnings=warnings, schedule_rows=rows)
