"""Results and code lists as CSV, for spreadsheets and scripts (no Qt). Comparisons and diffs have their own
(compare.comparison_csv, release_diff.diff_csv)."""

from __future__ import annotations

import csv
import io

from ..codes.records import StoredCode
from ..codes.spreadsheet_cells import safe_row

HITS_HEADER = ["code", "kind", "system", "short_description", "long_description", "status", "release", "source file"]


def hits_csv(hits: list[StoredCode]) -> str:
    """Search results or a node's codes, one row each, with the release and file each value came from."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HITS_HEADER)
    for hit in hits:
        record = hit.record
        writer.writerow(
            safe_row(
                [
                    record.code,
                    record.kind,
                    record.system,
                    record.short_description,
                    record.long_description,
                    hit.status,
                    hit.release.label,
                    hit.release.source_name,
                ]
            )
        )
    return out.getvalue()
