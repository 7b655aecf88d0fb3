"""The detail pane's "Payment and rules" section: what the code pays in the chosen locality and state, and the
codes that go with it, from the dict of common/payment_data.payment_of (fee_view and addon_view, the dicts the
CLI prints), every figure with its release and file.

The rich text is built here by plain functions (every text from the data escaped, codes as `code:` links as in
section_html); the pane lays the section out like its others and it is filled after the pane shows (the pane's
fill does not wait for the payment files). A schedule not imported, or a code not on one, gets a line saying
so, never a blank.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...codes.wording import plain_value
from ..common.payment_data import PART_SYSTEMS
from .labels import make_label
from .section_html import SPACED_DOT, link

HEADING = "Payment and rules"
LINK_TAG = re.compile(r"<a [^>]*>(.*?)</a>")  # a link on paper: its text
LOCALITY_KEYS = "Ctrl+G"  # common/shortcuts.py "choose_locality"
IMPORT_KEYS = "Ctrl+I"
FORMULA = "(work RVU × work GPCI + PE RVU × PE GPCI + MP RVU × MP GPCI) × conversion factor"
DMEPOS_COLUMNS = ("Modifier", "State", "Non-rural", "Rural", "Ceiling", "Floor")
MAX_LINKED = 60
MAX_DMEPOS_ROWS = 12  # add-on relations listed as links; the rest counted (`medcode addon CODE` lists every one)
PART_NAMES = {
    "physician_fee_schedule": "physician fee schedule (PPRRVU and GPCI)",
    "opps": "OPPS Addendum B",
    "dmepos": "DMEPOS fee schedule",
    "clfs": "clinical lab fee schedule (CLFS)",
    "asp": "Part B drug prices (ASP)",
    "asc": "ASC rates (Addendum AA)",
    "addon": "NCCI add-on codes (AOC)",
}
NOTHING_IMPORTED = (
    "No payment files are imported. Import the CMS payment files (from the RVU bundle PPRRVU, GPCI, 25LOCCO, "
    "ANES and OPPSCAP; the ZIP5 locality file; OPPS Addendum B; DMEPOS; CLFS; ASP; ASC Addendum AA; the NCCI "
    "add-on code file) and what this code pays in your locality shows here: "
)
# Keys each part renders by name; any other key a view adds is shown as "its words: value".
SHOWN = {"release", "file", "not_on_schedule", "code", "modifier"}


def words(key: str) -> str:
    return key.replace("_", " ")


def money(value: Any) -> str:
    """An amount as the view gives it (a Decimal's string, never recomputed), with its dollar sign."""
    return "—" if value in (None, "") else f"${escape(str(value))}"


def source_html(part: dict[str, Any]) -> str:
    found = [str(part[key]) for key in ("release", "file") if part.get(key)]
    return f" <small>({escape(', '.join(found))})</small>" if found else ""


def extras_html(part: dict[str, Any], shown: Iterable[str]) -> str:
    """The keys of a view's part not rendered by name (meanings, copayments, how it was computed), each as
    "its words: value"; nested dicts one level deep, lists of values joined."""
    skip = SHOWN | set(shown)
    items = []
    for key, value in part.items():
        if key in skip or value in (None, "", [], {}):
            continue
        items.append(f"{escape(words(key))}: {escape(plain_value(value))}")
    return ("<br>" + SPACED_DOT.join(items)) if items else ""


def place_text(place: dict[str, Any]) -> str:
    """A locality as the view gives it: its name, MAC-NN (none for the national amounts), how it was chosen."""
    text = str(place.get("name") or "")
    if place.get("mac"):
        text += f" ({place.get('mac')}-{place.get('number') or ''})"
    return text + (f", {place['how_chosen']}" if place.get("how_chosen") else "")


def locality_html(payment: dict[str, Any], paper: bool = False) -> str:
    """Which locality the amounts are for, and how it was chosen, with a link to choose another."""
    fee = payment.get("fee") or {}
    place = fee.get("locality") or (fee.get("physician_fee_schedule") or {}).get("locality") or {}
    if place:
        text = place_text(place)
    else:
        choice = payment.get("choice")
        chosen = choice and (choice.zip_code and f"ZIP {choice.zip_code}" or choice.locality)
        text = chosen or "none chosen: national amounts"
    state = getattr(payment.get("choice"), "state", "") or "none"
    change = "" if paper else " &nbsp;" + link("action", "locality", f"choose another ({LOCALITY_KEYS})")
    return f"Locality: <b>{escape(text)}</b>; DMEPOS state: {escape(state)}{change}"


def how_html(pfs: dict[str, Any]) -> str:
    """The arithmetic with the code's RVUs and the locality's GPCIs when the view gives them, with their sources."""
    rvus, gpci, cf = pfs.get("rvus") or {}, pfs.get("gpci") or {}, pfs.get("conversion_factor")
    if not (rvus and gpci and cf):
        return f"<small>How: {escape(str(pfs.get('formula') or FORMULA))}</small>"
    pe = f"{rvus.get('non_facility_pe')} (facility {rvus.get('facility_pe')})"
    sum_ = (
        f"(work RVU {rvus.get('work')} × {gpci.get('work')} + PE RVU {pe} × {gpci.get('pe')}"
        f" + MP RVU {rvus.get('mp')} × {gpci.get('mp')}) × {cf}"
    )
    found = [
        (name, [str(part[k]) for k in ("release", "file") if part.get(k)])
        for name, part in (("RVUs", rvus), ("GPCIs", gpci))
    ]
    sources = "; ".join(f"{name} {', '.join(where)}" for name, where in found if where)
    return f"<small>How: {escape(sum_)}{escape(f' ({sources})' if sources else '')}</small>"


def cap_html(cap: dict[str, Any]) -> str:
    """The OPPS cap of the code in the locality: its prices, and whether it lowered the PFS amounts."""
    said = "applied: the lesser amount is paid" if cap.get("applied") else "not applied: the PFS amounts are lower"
    prices = f"non-facility {money(cap.get('non_facility_price'))}, facility {money(cap.get('facility_price'))}"
    return f"OPPS cap {prices}, {said}{source_html(cap)}"


PFS_SHOWN = ("locality", "non_facility_amount", "facility_amount", "conversion_factor", "rvus", "gpci", "formula")
PFS_SHOWN += ("notes", "opps_cap", "anesthesia", "status", "status_meaning", "modifier_row")


def pfs_html(pfs: dict[str, Any] | None, imported: dict[str, Any], absent: str = "") -> str:
    title = "<b>Physician fee schedule</b>"
    if not pfs:
        where = ", ".join(imported[s]["release"] for s in PART_SYSTEMS["physician_fee_schedule"] if s in imported)
        return f"{title}: {escape(absent or 'not on the physician fee schedule')} ({escape(where)})."
    lines = []
    if pfs.get("non_facility_amount") in (None, "") and pfs.get("facility_amount") in (None, ""):
        sentence = pfs.get("not_on_schedule") or "no amount on the physician fee schedule"
        lines.append(f"{title}: {escape(str(sentence))}{source_html(pfs)}")
    else:
        line = (
            f"{title}: non-facility <b>{money(pfs.get('non_facility_amount'))}</b>, "
            f"facility <b>{money(pfs.get('facility_amount'))}</b>"
        )
        if cf := pfs.get("conversion_factor"):
            line += f"; conversion factor {escape(str(cf))}"
        lines.append(line + source_html(pfs))
        if note := pfs.get("not_on_schedule"):
            lines.append(escape(str(note)))
        lines.append(how_html(pfs))
    if cap := pfs.get("opps_cap"):
        lines.append(cap_html(cap))
    lines += [escape(str(note)) for note in pfs.get("notes") or []]
    return "<br>".join(lines) + extras_html(pfs, PFS_SHOWN)


def opps_html(opps: dict[str, Any]) -> str:
    line = (
        f"<b>Hospital outpatient (OPPS)</b>: status indicator <b>{escape(str(opps.get('status_indicator') or '—'))}"
        f"</b>, APC {escape(str(opps.get('apc') or '—'))}, payment rate <b>{money(opps.get('payment_rate'))}</b>"
    )
    shown = ("status_indicator", "apc", "payment_rate")
    return line + source_html(opps) + extras_html(opps, shown)


def dmepos_html(every: list[dict[str, Any]]) -> str:
    """DMEPOS amounts a row per modifier and state: non-rural, rural, ceiling and floor; at most MAX_DMEPOS_ROWS
    (no state chosen gives every state's: a table of hundreds of rows would take seconds to lay out)."""
    rows = every[:MAX_DMEPOS_ROWS]
    head = "".join(f"<th align='left'>{h}</th>" for h in DMEPOS_COLUMNS)
    body = "".join(
        f"<tr><td>{escape(str(r.get('modifier') or 'none'))}</td><td>{escape(str(r.get('state') or ''))}</td>"
        + "".join(f"<td>{money(r.get(k))}</td>" for k in ("non_rural", "rural", "ceiling", "floor"))
        + "</tr>"
        for r in rows
    )
    table = f"<table cellspacing='0' cellpadding='2'>{head}{body}</table>"
    more = len(every) - len(rows)
    tail = f"<br>and {more} more rows: choose a locality or a state ({LOCALITY_KEYS}) to see its own" if more else ""
    return f"<b>DMEPOS fee schedule</b>{source_html(rows[0])}{table}{tail}"


def simple_html(title: str, part: dict[str, Any], figures: tuple[tuple[str, str, bool], ...]) -> str:
    """One line of named figures (key, words, is money) with the part's source and any other keys."""
    shown = [
        f"{name} <b>{money(part.get(key)) if is_money else escape(str(part.get(key) or '—'))}</b>"
        for key, name, is_money in figures
    ]
    return f"<b>{title}</b>: " + ", ".join(shown) + source_html(part) + extras_html(part, [k for k, _, _ in figures])


def relation_html(entry: dict[str, Any]) -> str:
    """An add-on relation: the code as a link ("contractor defined" as such), edit type and dates."""
    code = str(entry.get("code") or "")
    defined = entry.get("contractor_defined") or code.upper() == "CCCCC"
    text = "contractor defined" if defined else link("code", code)
    details = [f"edit type {entry['edit_type']}"] if entry.get("edit_type") else []
    if entry.get("effective_date"):
        details.append(f"from {entry['effective_date']}")
    details.append(f"deleted {entry['deletion_date']}" if entry.get("deletion_date") else "in force")
    return f"{text} <small>({escape(', '.join(str(d) for d in details))})</small>"


def addon_html(addon: dict[str, Any], imported: dict[str, Any]) -> str:
    lines = []
    for key, title in (("primaries", "An add-on code; its primary codes"), ("add_ons", "Its add-on codes")):
        entries = list(addon.get(key) or [])
        if entries:
            more = len(entries) - MAX_LINKED
            shown = ", ".join(relation_html(e) for e in entries[:MAX_LINKED])
            code = escape(str(addon.get("code")))
            tail = f" and {more} more (medcode addon {code} lists them all)" if more > 0 else ""
            lines.append(f"<b>{title}</b>: {shown}{tail}")
    if not lines:
        release = (imported.get("AOC") or {}).get("release", "")
        lines.append(f"<b>Add-on codes</b>: neither an add-on code nor a primary of one ({escape(release)}).")
    return "<br>".join(lines)


def missing_html(part: str, imported: dict[str, Any], state: str = "", sentence: str | None = None) -> str:
    """A code not on a schedule that is imported (the view's sentence when it gives one)."""
    system = PART_SYSTEMS[part][0]
    where = escape(imported.get(system, {}).get("release", ""))
    title = {
        "opps": "Hospital outpatient (OPPS)",
        "clfs": "Clinical lab fee schedule",
        "asp": "Part B drugs (ASP)",
        "asc": "Ambulatory surgical centers (ASC)",
        "dmepos": "DMEPOS fee schedule",
    }[part]
    place = f" in {escape(state)}" if part == "dmepos" and state else ""
    if sentence:
        return f"<b>{title}</b>: {escape(sentence)}."  # the view's words (the code is in no state of the file)
    return f"<b>{title}</b>: not on it{place} ({where})."


PART_HTML: dict[str, Callable[[Any], str]] = {
    "opps": opps_html,
    "dmepos": dmepos_html,
    "clfs": lambda p: simple_html("Clinical lab fee schedule", p, (("rate", "rate", True),)),
    "asp": lambda p: simple_html(
        "Part B drugs (ASP)", p, (("payment_limit", "payment limit", True), ("dosage", "dosage", False))
    ),
    "asc": lambda p: simple_html(
        "Ambulatory surgical centers (ASC)",
        p,
        (("payment_indicator", "payment indicator", False), ("rate", "rate", True)),
    ),
}


def payment_html(payment: dict[str, Any], paper: bool = False) -> str:
    """The whole section from a payment_of dict; on paper (the printed card) no links, codes as text."""
    imported = payment.get("imported") or {}
    import_link = "File › Import release…" if paper else link("action", "import", f"Import release… ({IMPORT_KEYS})")
    head = f"<h3>{HEADING}</h3>" if paper else f"<b>{HEADING}</b>"
    if not any(system in imported for systems in PART_SYSTEMS.values() for system in systems if system != "PFS"):
        return f"{head}<div style='margin-top: 5px'>{escape(NOTHING_IMPORTED)}{import_link}</div>"
    lines = [locality_html(payment, paper)]
    if error := payment.get("error"):
        lines.append(f"<b>{escape(str(error))}</b>")
    fee = payment.get("fee") or {}
    given = {"addon": payment.get("addon")} | fee  # a part the views give is shown, whatever was imported
    absent = [p for p, systems in PART_SYSTEMS.items() if not given.get(p) and not all(s in imported for s in systems)]
    state = getattr(payment.get("choice"), "state", "")
    said = fee.get("not_on_schedule") if isinstance(fee.get("not_on_schedule"), dict) else {}
    if fee and "physician_fee_schedule" not in absent:
        pfs = fee.get("physician_fee_schedule")
        lines.append(pfs_html(pfs, imported, "" if pfs else said.get("physician_fee_schedule", "")))
    for part, render in PART_HTML.items():
        if fee and part not in absent:
            lines.append(render(fee[part]) if fee.get(part) else missing_html(part, imported, state, said.get(part)))
    if payment.get("addon") is not None and "addon" not in absent:
        lines.append(addon_html(payment["addon"], imported))
    if absent:
        names = ", ".join(PART_NAMES[p] for p in absent)
        lines.append(f"<small>Not imported: {escape(names)}. {import_link}</small>")
    html = head + "".join(f"<div style='margin-top: 5px'>{line}</div>" for line in lines)  # a block each
    return LINK_TAG.sub(r"\1", html) if paper else html


class PaymentSection(QWidget):
    """The section as one rich-text label; hidden until fill() (after the pane showed the code)."""

    import_requested = Signal()  # "Import release…" was activated
    locality_requested = Signal()  # "choose another" locality was activated

    def __init__(self, on_code: Callable[[str], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_code = on_code  # the pane's code_link_activated: a code link opens the code as the others do
        self.label = make_label(HEADING, rich=True)
        self.label.linkActivated.connect(self._on_link)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        self.payment: dict[str, Any] | None = None
        self.hide()

    def setVisible(self, visible: bool) -> None:
        """Hidden (the pane shows another code): its text goes too, so the pane's fill never reads it again (it
        reads every label's text for screen readers) and no figure of the last code can show with the next."""
        if not visible and self.payment is not None:
            self.payment = None
            self.label.setText("")
        super().setVisible(visible)

    def fill(self, payment: dict[str, Any]) -> None:
        self.payment = payment
        html = payment_html(payment)
        self.label.setText(html)
        self.label.setAccessibleDescription(QTextDocumentFragment.fromHtml(html).toPlainText())
        self.show()

    def _on_link(self, href: str) -> None:
        scheme, _, value = href.partition(":")
        if scheme == "code" and value:
            self._on_code(value)
        elif href == "action:import":
            self.import_requested.emit()
        elif href == "action:locality":
            self.locality_requested.emit()
