"""Writes CPT data file packages for the tests, in the AMA layouts but with INVENTED text only.

Real CPT descriptors are AMA copyright and never enter the repository; every descriptor, header line and name
below was made up for these tests. The shapes follow docs/formats-cpt.md: a copyright block ending at the last
blank line, fixed-width SHORTU/MEDU, tab-separated LONGULT, TSV consumer/clinician files, MODUL prose, PLA XML.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

HEADER = [
    "Example Procedure Terminology (EPT®) codes, descriptions, and other data are",
    "copyright 1966, 1970, 1983-2021 by the Example Association. All rights reserved.",
    "",
    "EPT® is a registered trademark of the Example Association.",
    "",
    "RESTRICTED RIGHTS. This invented notice stands in for the licence text of a data",
    "file. It wraps over several lines and holds an address line shaped like a code:",
    "99999 Example Plaza, Suite 100, Exampletown",
    "",
    "This file was written for MedCode's tests and describes no real procedure.",
]

# In book order, not sorted: the E/M codes first and out of sequence, then anesthesia, then the lettered codes.
SHORTU = [
    ("99213", "INVENTED OFFICE VISIT SHORT"),
    ("99202", "INVENTED NEW PATIENT SHORT"),
    ("00100", "INVENTED CAFÉ ANESTH"),
    ("0001F", "INVENTED MEASURE SHORT"),
    ("0042T", "INVENTED EMERGING TECH"),
    ("0001U", "INVENTED PLA SHORT"),
    ("0003M", "INVENTED MAAA SHORT"),
    ("0004A", "INVENTED VACCINE ADMIN"),
]
MEDU = [
    ("99213", "INVENTED OFFICE VISIT MEDIUM DESCRIPTOR"),
    ("99202", "INVENTED NEW PATIENT MEDIUM"),
    ("00100", "INVENTED RÉSUMÉ® ANESTHESIA MEDIUM"),
]
LONGULT = [
    ("99213", "Invented office visit descriptor for testing, with café and Example® words"),
    ("99202", "Invented new patient visit descriptor for testing"),
    ("00100", "Invented anesthesia descriptor for testing; second clause"),
    ("0042T", "Invented emerging technology descriptor for testing"),
    ("99238", "Invented discharge descriptor for testing, only in the long file"),
]
CONSUMER = [
    ("1000001", "99213", "Invented consumer descriptor of an office visit"),
    ("1000002", "00100", "Invented consumer descriptor of anesthesia"),
]
CLINICIAN = [
    ("1000001", "99213", "10000002", "Invented clinician descriptor one"),
    ("1000001", "99213", "10000003", "Invented clinician descriptor two"),
    ("1000002", "00100", "10000004", "Invented clinician descriptor of anesthesia"),
]
MODUL = [
    "Appendix A",
    "",
    "Modifiers ",
    "",
    "Invented introduction to the modifier appendix, which wraps over",
    "two lines and is no modifier.",
    "",
    "22 Invented Increased Service: Invented text of the first ",
    "regular modifier that wraps onto a second line",
    "51 and a third line starting with digits.",
    "",
    "25 Invented Separate Visit: Invented regular text.",
    "",
    "Anesthesia Physical Status ",
    "Modifiers",
    "",
    "Invented physical status paragraph. Example: 00100-P1",
    "",
    "Physical Status Modifier P1: Invented healthy patient",
    "",
    "Physical Status Modifier P2: Invented mild disease patient",
    "",
    "Invented heading of the outpatient list",
    "",
    "CPT Level I Modifiers",
    "",
    "25 Invented Separate Visit: Invented Level I text \u2014",
    "for outpatient use.",
    "",
    "Category II Modifiers",
    "",
    "Invented Category II paragraph.",
    "",
    "1P Invented exclusion for medical reasons",
    "Reasons include:",
    "Invented reason one",
    "",
    "8P Invented reason not otherwise specified",
    " ",
    "Level II (HCPCS/National) Modifiers ",
    "",
    "E1 Invented upper eyelid modifier",
    "LT Invented left side modifier",
    "",
    "(*Invented note about subsets of",
    "Distinct Procedural Services)",
]
PLA_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<plaCodes>
<plaCode cdCode="0001U" cdId="1">
        <cdDesc>Invented PLA long descriptor for testing, first code</cdDesc>
        <cdMDesc>INVENTED PLA MEDIUM ONE</cdMDesc>
        <cdSDesc>INVENTED PLA SHORT ONE</cdSDesc>
        <cdStatus>EXISTING</cdStatus>
        <clinicalDesc></clinicalDesc>
        <consumerDesc></consumerDesc>
        <effectiveDate>2017-02-01T00:00:00-06:00</effectiveDate>
        <labName>Invented Lab &amp; Co</labName>
        <manufacturerName>Invented Maker</manufacturerName>
        <publishDate>2016-12-02T00:00:00-06:00</publishDate>
        <testName>InventedTest® Panel</testName>
    </plaCode>
<plaCode cdCode="0002U" cdId="2">
        <cdDesc>Invented PLA long descriptor for testing, second code</cdDesc>
        <cdMDesc>INVENTED PLA MEDIUM TWO</cdMDesc>
        <cdSDesc>INVENTED PLA SHORT TWO</cdSDesc>
        <cdStatus>EXISTING</cdStatus>
        <effectiveDate>2018-05-01T00:00:00-05:00</effectiveDate>
        <labName>Invented Second Lab</labName>
        <manufacturerName>Invented Second Maker</manufacturerName>
        <publishDate>2018-03-01T00:00:00-06:00</publishDate>
        <testName>Invented Second Test</testName>
    </plaCode>
  </plaCodes>
"""

STANDARD = "standard"
PATHS = {
    "SHORTU": f"{STANDARD}/SHORTU.txt",
    "MEDU": f"{STANDARD}/MEDU.txt",
    "LONGULT": f"{STANDARD}/LONGULT.txt",
    "MODUL": f"{STANDARD}/MODUL.txt",
    "CONSUMER": f"{STANDARD}/Consumer Friendly Descriptors/ConsumerDescriptor.txt",
    "CLINICIAN": f"{STANDARD}/Clinician Descriptors/ClinicianDescriptor.txt",
    "PLA": f"{STANDARD}/Proprietary Laboratory Analyses (PLA) Codes/CPTPLA_Q1.xml",
}
# Files a real package also holds that MedCode does not read: they must not end up in a packed folder.
OTHER_FILES = {
    "CPT Link/history/History_DTK_tab.txt": b"Invented history row\n",
    f"{STANDARD}/ReadMe.pdf": b"%PDF-1.4 invented\n",
}


def encode(lines: list[str], encoding: str = "utf-8", newline: str = "\n") -> bytes:
    return (newline.join(lines) + newline).encode(encoding)


def shortu(width: int = 34) -> bytes:
    """UTF-8 with a BOM and CRLF, each line padded to its fixed width as AMA's fixed-width specs allow."""
    lines = [f"{code} {text}".ljust(width) for code, text in SHORTU]
    return encode([*HEADER, "", *lines], "utf-8-sig", "\r\n")


def medu() -> bytes:
    """Windows-1252 (É and ® as single bytes) and LF."""
    return encode([*HEADER, "", *(f"{code} {text}" for code, text in MEDU)], "cp1252")


def longult(separator: str = "\t") -> bytes:
    """UTF-8 without BOM, LF, code TAB descriptor (the older LONGUT files used a space)."""
    return encode([*HEADER, "", *(f"{code}{separator}{text}" for code, text in LONGULT)])


def consumer() -> bytes:
    rows = ["Concept Id\tCPT Code\tConsumer Friendly Descriptor", *("\t".join(row) for row in CONSUMER)]
    return encode(rows, newline="\r\n")


def clinician() -> bytes:
    header = "Concept Id\tCPT Code\tClinician Descriptor Id\tClinician Descriptor"
    return encode([header, *("\t".join(row) for row in CLINICIAN)])


def modul() -> bytes:
    """Windows-1252 with CRLF, as AMA's parser reads it (the dash is byte 0x97)."""
    return encode([*HEADER, "", "", *MODUL], "cp1252", "\r\n")


def package_files(long_form: str = "LONGULT") -> dict[str, bytes]:
    """Relative path -> bytes of a whole package; long_form "LONGUT" gives the older space-separated long file."""
    files = {
        PATHS["SHORTU"]: shortu(),
        PATHS["MEDU"]: medu(),
        PATHS["MODUL"]: modul(),
        PATHS["CONSUMER"]: consumer(),
        PATHS["CLINICIAN"]: clinician(),
        PATHS["PLA"]: PLA_XML.encode(),
        **OTHER_FILES,
    }
    if long_form == "LONGULT":
        files[PATHS["LONGULT"]] = longult()
    else:
        files[f"{STANDARD}/{long_form}.txt"] = longult(" ")
    return files


def write_folder(folder: Path, files: dict[str, bytes] | None = None) -> Path:
    """The package unpacked into folder (nested standard/... paths); returns the folder."""
    for relative, data in (package_files() if files is None else files).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def write_zip(path: Path, files: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative, data in (package_files() if files is None else files).items():
            archive.writestr(relative, data)
    return path
