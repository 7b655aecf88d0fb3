"""Files and printing as a user expects: Print prints (a print dialog), PDF is its own action; the PDFs carry the
long descriptors and the user's note; file dialogs start in documents and remember the last folder; Update from
CMS asks before it goes to the network and speaks in window terms when it fails."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from gui_helpers import shown_window
from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox

from medcode_gui.gui.common import file_dialogs
from medcode_gui.gui.main.main_window import MainWindow
from medcode_gui.gui.releases import update_task
from medcode_gui.gui.workspace import printing
from medcode_gui.releases import cms_transfer, cms_update
from medcode_gui.store import ReferenceStore
from medcode_gui.store.user_store import UserStore


def pdf_text(path: Path) -> str:
    """The text of a PDF, its whitespace folded (pdftotext wraps a table cell over lines), ligatures undone."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils (bash .ci/setup does).", pytrace=False)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(unicodedata.normalize("NFKC", text).split())


class Dialogs:
    """Every modal a test would block on, answered: the print dialog prints to a PDF file (so what was printed
    can be read back), the save dialog answers the next path queued; each call is recorded."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        self.printed: list[Path] = []
        self.saves: list[tuple[str, str]] = []  # (caption, the path offered)
        self.opens: list[str] = []  # the folder an open dialog started in
        self.answers: list[str] = []
        self.tmp_path = tmp_path
        dialogs = self

        class FakePrintDialog:
            def __init__(self, printer: QPrinter, parent: object) -> None:
                self.printer = printer

            def setWindowTitle(self, title: str) -> None:  # noqa: N802 - Qt's name
                pass

            def exec(self) -> QDialog.DialogCode:
                path = dialogs.tmp_path / f"printed-{len(dialogs.printed)}.pdf"
                self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
                self.printer.setOutputFileName(str(path))
                dialogs.printed.append(path)
                return QDialog.DialogCode.Accepted

        def save(parent, caption, offered, file_filter):  # noqa: ANN001, ANN202 - QFileDialog's signature
            dialogs.saves.append((caption, offered))
            return (dialogs.answers.pop(0) if dialogs.answers else ""), file_filter

        def open_names(parent, caption, folder, file_filter):  # noqa: ANN001, ANN202
            dialogs.opens.append(folder)
            return [], ""

        monkeypatch.setattr(printing, "QPrintDialog", FakePrintDialog)
        monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName", save)
        monkeypatch.setattr(file_dialogs.QFileDialog, "getOpenFileNames", open_names)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Dialogs:
    return Dialogs(monkeypatch, tmp_path)


@pytest.fixture
def my_window(qtbot, store: ReferenceStore, settings: QSettings, user_store: UserStore) -> MainWindow:
    return shown_window(qtbot, store, settings, user_store)


def long_of(store: ReferenceStore, code: str) -> str:
    hit = store.lookup(code)
    assert hit.record.long_description != hit.record.short_description  # else the check proves nothing
    return " ".join(hit.record.long_description.split())


def test_my_codes_print_prints_and_save_as_pdf_saves(my_window, dialogs, user_store, store, tmp_path) -> None:
    user_store.star("E0100")
    dock = my_window.workspace_actions.dock
    dock.refresh()
    dock.buttons["Print…"].click()
    assert len(dialogs.printed) == 1 and dialogs.saves == []  # the print dialog, no "Save the list as PDF"
    assert long_of(store, "E0100") in pdf_text(dialogs.printed[0])  # the long descriptor, not the short one

    dialogs.answers.append(str(tmp_path / "starred.pdf"))
    dock.buttons["Save as PDF…"].click()
    assert len(dialogs.printed) == 1 and dialogs.saves[0][0] == "Save the list as PDF"
    assert long_of(store, "E0100") in pdf_text(tmp_path / "starred.pdf")


def test_every_print_action_prints(qtbot, my_window, dialogs, store) -> None:
    assert my_window.navigation.open_code("E0100")
    my_window.actions_by_name["print"].trigger()
    my_window.search_box.setText("cane")
    qtbot.waitUntil(lambda: my_window.results.rowCount() > 0)
    my_window.actions_by_name["print_list"].trigger()
    assert len(dialogs.printed) == 2 and dialogs.saves == []
    assert "Cane" in pdf_text(dialogs.printed[0])
    assert long_of(store, "E0100") in pdf_text(dialogs.printed[1])


def test_the_card_pdf_carries_the_users_note(my_window, dialogs, user_store, tmp_path) -> None:
    user_store.set_note("J1100", "code", "Ask <pharmacy> for the vial size\nsecond line")
    assert my_window.navigation.open_code("J1100")
    dialogs.answers.append(str(tmp_path / "J1100.pdf"))
    my_window.actions_by_name["save_pdf"].trigger()
    text = pdf_text(tmp_path / "J1100.pdf")
    assert "My note Ask <pharmacy> for the vial size second line" in text


def test_dialogs_start_in_documents_and_remember_the_last_folder(qtbot, my_window, dialogs, settings, tmp_path) -> None:
    assert my_window.navigation.open_code("E0100")
    my_window.search_box.setText("cane")
    qtbot.waitUntil(lambda: my_window.results.rowCount() > 0)
    chosen = tmp_path / "exports" / "results.csv"
    chosen.parent.mkdir()
    dialogs.answers.append(str(chosen))
    my_window.actions_by_name["export_results"].trigger()
    assert Path(dialogs.saves[0][1]) == Path(file_dialogs.documents_folder()) / "results.csv"
    assert chosen.exists() and settings.value(file_dialogs.LAST_FOLDER_KEY) == str(chosen.parent)

    my_window.actions_by_name["save_pdf"].trigger()  # cancelled, but offered in the folder last used
    assert Path(dialogs.saves[1][1]) == chosen.parent / "E0100.pdf"
    my_window.actions_by_name["import"].trigger()
    assert dialogs.opens == [str(chosen.parent)]


def test_update_from_cms_asks_first_and_cancel_fetches_nothing(my_window, monkeypatch) -> None:
    asked: list[str] = []
    started: list[object] = []

    def cancel(parent, title, text, buttons, default):  # noqa: ANN001, ANN202 - QMessageBox.question's signature
        asked.append(text)
        assert default == QMessageBox.StandardButton.Cancel
        return QMessageBox.StandardButton.Cancel

    monkeypatch.delenv(cms_update.PATTERN_ENV, raising=False)
    monkeypatch.setattr(QMessageBox, "question", cancel)
    monkeypatch.setattr(update_task, "start_update", lambda *args: started.append(args))
    my_window.actions_by_name["update_from_cms"].trigger()
    assert started == []  # nothing went to the network
    newest = cms_update.candidate_urls(cms_update.DEFAULT_PATTERN)[0]
    assert newest in asked[0] and "Download and import it now?" in asked[0]


def test_a_failed_update_names_the_menu_item_not_the_command(tmp_path: Path) -> None:
    message = update_task.in_window_terms(str(cms_transfer.no_network("https://www.cms.gov/x.zip", OSError("down"))))
    assert "medcode import" not in message and '"File > Import release…"' in message

    with ReferenceStore(tmp_path / "u.sqlite"):
        pass
    worker = update_task.UpdateWorker(tmp_path / "u.sqlite", source="ftp://example.org/x.zip")
    failed: list[str] = []
    worker.failed.connect(failed.append)
    worker.run()  # a refused address fails before any transfer
    assert failed and "medcode import" not in failed[0] and "File > Import release…" in failed[0]
