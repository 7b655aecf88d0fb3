"""Joins what the CPT data files say about each code into one CodeRecord per (code, kind)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..codes.errors import ImportFormatError
from ..codes.records import CPT, HCPCS, CodeRecord
from .cpt_descriptors import Clinician
from .cpt_modifiers import Modifier
from .cpt_pla import PlaCode

_LONG_KINDS = ("LONGULT", "LONGULF", "LONGUT", "LONGUF")
_OTHERS = ("CONSUMER DESCRIPTOR", "CLINICIAN DESCRIPTOR")
# Which field becomes the short and the long description: the AMA's short/medium/long files, each paired with
# the PLA file's descriptor of the same length (the PLA file may list codes the text files do not yet hold).
SHORT_ORDER = ("SHORTU", "PLA cdSDesc", "MEDU", "PLA cdMDesc", *_LONG_KINDS, "PLA cdDesc", *_OTHERS)
LONG_ORDER = (*_LONG_KINDS, "PLA cdDesc", "MEDU", "PLA cdMDesc", "SHORTU", "PLA cdSDesc", *_OTHERS)


@dataclass
class CptFiles:
    """What each file of the package said, keyed by code; filled by cpt_package as it reads the files."""

    descriptors: dict[str, dict[str, str]] = field(default_factory=dict)  # "SHORTU" etc. -> code -> text
    consumer: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (concept id, text)
    consumer_name: str = ""
    clinician: dict[str, Clinician] = field(default_factory=dict)
    clinician_name: str = ""
    pla: dict[str, PlaCode] = field(default_factory=dict)
    pla_names: dict[str, str] = field(default_factory=dict)  # code -> the PLA file it came from
    modifiers: dict[str, Modifier] = field(default_factory=dict)

    def add_pla(self, codes: dict[str, PlaCode], name: str) -> None:
        """Several PLA files may list the same code (e.g. quarterly files), but only with the same data."""
        for code, pla in codes.items():
            if code in self.pla and self.pla[code] != pla:
                raise ImportFormatError(f"{self.pla_names[code]} and {name} give {code} different PLA data.")
            self.pla.setdefault(code, pla)
            self.pla_names.setdefault(code, name)


def build_records(files: CptFiles) -> list[CodeRecord]:
    fields = _code_fields(files)
    records = [_code_record(code, values, files.pla.get(code)) for code, values in fields.items()]
    return records + [_modifier_record(modifier) for modifier in files.modifiers.values()]


def _code_fields(files: CptFiles) -> dict[str, dict[str, str]]:
    """Code -> its raw fields from every file, named after the file, in file and then code order."""
    fields: dict[str, dict[str, str]] = {}
    for kind, descriptors in files.descriptors.items():
        for code, text in descriptors.items():
            fields.setdefault(code, {})[kind] = text
    for code, (concept_id, text) in files.consumer.items():
        fields.setdefault(code, {}).update({"CONSUMER CONCEPT ID": concept_id, "CONSUMER DESCRIPTOR": text})
    for code, clinician in files.clinician.items():
        _check_concept(code, files.consumer.get(code), clinician, files)
        values = fields.setdefault(code, {})
        values["CLINICIAN CONCEPT ID"] = clinician.concept_id
        values.update({f"CLINICIAN DESCRIPTOR {key}": text for key, text in clinician.descriptors.items()})
    for code, pla in files.pla.items():
        fields.setdefault(code, {}).update(pla.fields)
    return fields


def _check_concept(code: str, consumer: tuple[str, str] | None, clinician: Clinician, files: CptFiles) -> None:
    if consumer and consumer[0] != clinician.concept_id:
        raise ImportFormatError(
            f"{files.consumer_name} and {files.clinician_name} give {code} different concept ids "
            f"({consumer[0]} and {clinician.concept_id})."
        )


def _code_record(code: str, fields: dict[str, str], pla: PlaCode | None) -> CodeRecord:
    return CodeRecord(
        code=code,
        kind="code",
        system=CPT,
        short_description=_first(fields, SHORT_ORDER),
        long_description=_first(fields, LONG_ORDER),
        added_date=pla.added_date if pla else None,
        fields=fields,
    )


def _first(fields: dict[str, str], order: tuple[str, ...]) -> str:
    """The first field present in order; "CLINICIAN DESCRIPTOR" stands for the first of a code's several."""
    for name in order:
        for key, value in fields.items():
            if key == name or (name == "CLINICIAN DESCRIPTOR" and key.startswith(name + " ")):
                return value
    return ""


def _modifier_record(modifier: Modifier) -> CodeRecord:
    return CodeRecord(
        code=modifier.code,
        kind="modifier",
        system=HCPCS if modifier.is_level_ii else CPT,
        short_description=modifier.title(),
        long_description=next(iter(modifier.sections.values())),
        fields=dict(modifier.sections),
    )
