"""The embedded starter data: real codes described in plain language written by this project.

It gives a first-time user a browsable app before any import. It is never an official descriptor, and
every view labels it as such; official imported data takes precedence wherever it exists.
"""

from __future__ import annotations

import csv
import hashlib
import io
from importlib import resources

from ..codes.records import STARTER, STARTER_NOTE, CodeRecord, ParsedRelease, ReleaseInfo

STARTER_LABEL = "Starter"
STARTER_EFFECTIVE = "2026-11-27"  # when this starter set was written
STARTER_FOLDER = "starter"
DESCRIPTION_FIELD = "PLAIN-LANGUAGE DESCRIPTION"


def starter_files() -> list[tuple[str, bytes]]:
    folder = resources.files("medcode_gui.resources").joinpath(STARTER_FOLDER)
    return sorted((f.name, f.read_bytes()) for f in folder.iterdir() if f.name.endswith(".csv"))


def starter_release() -> ParsedRelease:
    files = starter_files()
    records = [record for name, data in files for record in _records(data)]
    digest = hashlib.sha256(b"".join(data for _, data in files)).hexdigest()
    info = ReleaseInfo(
        system=STARTER,
        label=STARTER_LABEL,
        effective_date=STARTER_EFFECTIVE,
        source_name="MedCode starter data",
        source_member=", ".join(f"resources/starter/{name}" for name, _ in files),
        source_sha256=digest,
        file_format="starter-csv",
    )
    return ParsedRelease(info, records)


def _records(data: bytes) -> list[CodeRecord]:
    rows = csv.DictReader(io.StringIO(data.decode("utf-8")))
    return [
        CodeRecord(
            code=row["code"].strip().upper(),
            kind=row["kind"].strip(),
            system=row["system"].strip(),
            short_description=row["description"].strip(),
            long_description=row["description"].strip(),
            fields={DESCRIPTION_FIELD: row["description"].strip(), "NOTE": STARTER_NOTE},
        )
        for row in rows
    ]
