"""About this data lists CMS's documents attached to the releases, each with its file and checksum (issue 18)."""

from __future__ import annotations

from medcode_gui.gui.main.about_dialog import AboutDataDialog
from medcode_gui.store import ReferenceStore


def test_about_this_data_lists_the_attached_documents(qtbot, documents_db) -> None:
    with ReferenceStore(documents_db) as store:
        dialog = AboutDataDialog(store)
        qtbot.addWidget(dialog)
        text = dialog.text.toPlainText()
        checksum = next(d["sha256"] for d in store.documents.all() if d["title"] == "HCPCS 2019 NOC list")
    assert "Documents attached to releases" in text
    for title in ("HCPCS 2019 NOC list", "HCPCS 2019 corrections", "HCPCS 2019 corrections V2"):
        assert title in text
    assert "2019-HCPCS-NOC-Codes.zip" in text and "NOC_Codes_2019.xlsx" in text and checksum[:16] in text


def test_about_this_data_without_documents_has_no_such_heading(qtbot, store) -> None:
    dialog = AboutDataDialog(store)
    qtbot.addWidget(dialog)
    assert "Documents attached" not in dialog.text.toPlainText()
