"""The Help dialogs: about this data (the releases, where each came from, the licence notes) and the keyboard
shortcuts; each scrolls its text inside a size taken from the screen, so its button stays in reach."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ...store import ReferenceStore
from ...views.release_view import documents_view, releases_view
from ..common.screen_fit import fit_to_screen
from ..common.shortcuts import shortcuts_html

LICENCE_NOTES = (
    "<p><b>HCPCS Level II</b> codes and descriptors are published by CMS, a US federal agency, and are in the "
    "public domain. The dental (D) codes are CDT, copyright of the American Dental Association; CMS leaves "
    "them out of its HCPCS file.</p>"
    "<p><b>CPT</b> codes and descriptors are copyright of the American Medical Association. MedCode never ships "
    "CPT descriptors: they are shown only when you import CPT files you hold a licence for.</p>"
    "<p>The CMS <b>physician fee schedule</b> (PPRRVU) file carries CMS's short descriptors of CPT codes, under "
    "the AMA's copyright notice, and dental codes under the ADA's; MedCode reads them from your copy of the "
    "file. Its RVUs and indicators are CMS data.</p>"
    "<p>The <b>starter data</b> describes real codes in plain language written by the MedCode project. It is "
    "for orientation and training, not for claims; imported official data always takes precedence.</p>"
)


def releases_html(store: ReferenceStore) -> str:
    default = {r.label for r in store.default_releases()}
    rows = []
    for view in releases_view(store):
        shown = "yes" if view["label"] in default else ""
        if view["kind"] == "schedule":  # a payment or rules file: its rows, never shown as codes
            held = f"<td colspan='2'>{view['rows']:,} rows: {escape(view['kind_name'])}</td>"
        else:
            held = f"<td align='right'>{view['codes']:,}</td><td align='right'>{view['modifiers']:,}</td>"
        member = (
            "" if view["source_member"] == view["source"] else f"<br><small>{escape(view['source_member'])}</small>"
        )
        rows.append(
            f"<tr><td><b>{escape(view['label'])}</b></td><td>{escape(view['system'])}</td>"
            f"<td>{escape(view['effective_date'])}</td>{held}<td>{escape(view['source'])}{member}</td>"
            f"<td><small>{escape(view['source_sha256'][:16])}</small></td><td>{escape(view['imported_at'] or '')}</td>"
            f"<td>{shown}</td></tr>"
        )
    header = "".join(
        f"<th align='left'>{h}</th>"
        for h in ("Release", "System", "Effective", "Codes", "Modifiers", "Source file", "SHA-256", "Imported", "Shown")
    )
    return (
        f"<h2>Releases in {escape(str(store.path))}</h2>"
        + (
            "<p><i>This database is read-only: you can browse it, but not import into it.</i></p>"
            if store.read_only
            else ""
        )
        + f"<table cellspacing='6'><tr>{header}</tr>{''.join(rows)}</table>"
        + documents_html(store)
        + "<h2>Licences</h2>"
        + LICENCE_NOTES
    )


def documents_html(store: ReferenceStore) -> str:
    """CMS's documents beside the releases (NOC lists, corrections, notes), each with its file; "" for none."""
    rows = [
        f"<tr><td><b>{escape(d['title'])}</b></td><td>{escape(d['release'])}"
        f"{'' if d['attached'] else ' <i>(not imported yet)</i>'}</td><td align='right'>{d['rows']:,}</td>"
        f"<td>{escape(d['source'])}"
        + ("" if d["source_member"] == d["source"] else f"<br><small>{escape(d['source_member'])}</small>")
        + f"</td><td><small>{escape(d['source_sha256'][:16])}</small></td><td>{escape(d['imported_at'])}</td></tr>"
        for d in documents_view(store.documents.all())
    ]
    if not rows:
        return ""
    header = "".join(
        f"<th align='left'>{h}</th>" for h in ("Document", "Release", "Rows", "Source file", "SHA-256", "Imported")
    )
    return f"<h2>Documents attached to releases</h2><table cellspacing='6'><tr>{header}</tr>{''.join(rows)}</table>"


class TextDialog(QDialog):
    """Rich text in a scrolling browser with one Close button, sized from the screen, never from the text."""

    def __init__(self, title: str, html: str, preferred: QSize, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QTextBrowser()
        self.text.setAccessibleName(title)
        self.text.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        fit_to_screen(self, preferred)


class AboutDataDialog(TextDialog):
    def __init__(self, store: ReferenceStore, parent: QWidget | None = None) -> None:
        super().__init__("About this data", releases_html(store), QSize(980, 520), parent)
        self.text.setAccessibleName("Releases and licences")


class ShortcutsDialog(TextDialog):
    """F1: every shortcut (a table taller than a laptop's screen, so it scrolls)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Keyboard shortcuts", shortcuts_html(), QSize(760, 900), parent)
