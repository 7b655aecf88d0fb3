"""The import wizard, driven as a user drives it: add files, read what they are, fix labels, import, cancel."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from conftest import PPRRVU, TXT_2018, TXT_2019, ZIP_2019, data_file
from PySide6.QtCore import QDate, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QDateEdit, QDialog, QStyleOptionViewItem

from medcode_gui.gui.releases.import_files_table import DateDelegate
from medcode_gui.gui.releases.import_task import CANCELLED, ImportWorker
from medcode_gui.gui.releases.import_wizard import ImportWizard
from medcode_gui.gui.releases.import_wizard_model import (
    EFFECTIVE,
    HEADERS,
    LABEL,
    NEEDS_NAME,
    NEW,
    OUTCOME,
    TAKEN,
    UNCHANGED,
)
from medcode_gui.store import ReferenceStore

EXAMINE_TIMEOUT = 60_000


@pytest.fixture
def make_wizard(qtbot):
    """A shown wizard on a database path; its store is closed after the test."""
    opened: list[ReferenceStore] = []
    wizards: list[ImportWizard] = []  # kept alive until the test ends (pytest-qt holds widgets weakly)

    def make(db: Path | ReferenceStore) -> ImportWizard:
        store = db if isinstance(db, ReferenceStore) else ReferenceStore(db)
        if store is not db:
            opened.append(store)
        wizard = ImportWizard(store)
        qtbot.addWidget(wizard)
        wizard.show()
        wizards.append(wizard)
        return wizard

    yield make
    for wizard in wizards:
        wizard.close()
    for store in opened:
        store.close()


@pytest.fixture
def nameless_csv(tmp_path: Path) -> Path:
    """A generic CSV with no year in its name and no dates: it does not say which release it is."""
    path = tmp_path / "my_codes.csv"
    path.write_text("code,description\nJ1100,Injection dexamethasone sodium phosphate\n99213,Office visit\n")
    return path


@pytest.fixture
def junk(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("not a release\n")
    return path


def add(qtbot, wizard: ImportWizard, *paths: Path | str) -> None:
    wizard.add_paths([str(path) for path in paths])
    qtbot.waitUntil(lambda: not wizard.model.examining(), timeout=EXAMINE_TIMEOUT)


def row_of(wizard: ImportWizard, name: str) -> dict[str, str]:
    """The cells of the row of a file, as shown, under the column headers."""
    model = wizard.model
    position = next(i for i, row in enumerate(model.rows) if row.name == name)
    return {header: model.index(position, column).data() for column, header in enumerate(HEADERS)}


def position_of(wizard: ImportWizard, name: str) -> int:
    return next(i for i, row in enumerate(wizard.model.rows) if row.name == name)


def test_the_model_passes_the_model_tester(qtmodeltester, qtbot, make_wizard, empty_db, nameless_csv, junk) -> None:
    wizard = make_wizard(empty_db)
    qtmodeltester.check(wizard.model)
    add(qtbot, wizard, data_file(ZIP_2019), nameless_csv, junk)
    qtmodeltester.check(wizard.model)
    assert wizard.model.rowCount() == 3 and wizard.model.columnCount() == len(HEADERS)
    wizard.model.remove([0])
    qtmodeltester.check(wizard.model)


def test_added_files_show_what_they_are_and_would_add(qtbot, make_wizard, empty_db) -> None:
    wizard = make_wizard(empty_db)
    assert not wizard.import_button.isEnabled()
    add(qtbot, wizard, data_file(ZIP_2019), data_file(PPRRVU))
    hcpcs = row_of(wizard, Path(ZIP_2019).name)
    assert hcpcs["Detected as"] == "CMS HCPCS release zip"
    assert (hcpcs["System"], hcpcs["Label"], hcpcs["Effective"]) == ("HCPCS", "HCPCS-2019", "2019-01-01")
    assert (hcpcs["Codes"], hcpcs["Modifiers"]) == ("6,440", "360")
    assert hcpcs["Would add"] == "new release (1 warning)"  # the zip's notes file lacks note 0000
    warning = wizard.model.index(position_of(wizard, Path(ZIP_2019).name), OUTCOME).data(Qt.ItemDataRole.ToolTipRole)
    assert "Processing notes 0000" in warning
    fees = row_of(wizard, "PPRRVU2025_Oct.csv")
    assert fees["Detected as"] == "CMS fee schedule (PPRRVU csv)"
    assert (fees["System"], fees["Label"], fees["Effective"]) == ("PFS", "PFS-2025-OCT", "2025-10-01")
    assert fees["Codes"] == "16,852" and fees["Would add"] == NEW
    assert wizard.import_button.isEnabled() and wizard.import_button.text() == "&Import 2 files"
    assert "2 ready to import" in wizard.status.text()


def test_a_file_already_in_the_database_shows_already_imported(qtbot, make_wizard, store) -> None:
    wizard = make_wizard(store)
    add(qtbot, wizard, data_file(ZIP_2019))
    assert row_of(wizard, Path(ZIP_2019).name)["Would add"].startswith(UNCHANGED)
    assert not wizard.import_button.isEnabled()
    assert "Nothing would change" in wizard.status.text()


def test_a_label_taken_by_another_file_is_replaced_only_when_asked(qtbot, make_wizard, store) -> None:
    wizard = make_wizard(store)
    add(qtbot, wizard, data_file(TXT_2019))  # HCPCS-2019 is stored from the zip, another file
    name = Path(TXT_2019).name
    assert row_of(wizard, name)["Would add"] == TAKEN
    assert not wizard.import_button.isEnabled()
    wizard.replace_box.setChecked(True)
    assert row_of(wizard, name)["Would add"] == "replaces HCPCS-2019 from 2019-Alpha-Numeric-HCPCS-File.zip"
    assert wizard.import_button.isEnabled()
    wizard.replace_box.setChecked(False)
    assert not wizard.import_button.isEnabled()


def test_editing_a_label_examines_again_and_rechecks_what_it_would_add(qtbot, make_wizard, store) -> None:
    wizard = make_wizard(store)
    add(qtbot, wizard, data_file(ZIP_2019))
    index = wizard.model.index(0, LABEL)
    assert wizard.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    with qtbot.waitSignal(wizard.examined, timeout=EXAMINE_TIMEOUT):
        assert wizard.model.setData(index, "HCPCS-2019-COPY")
    row = row_of(wizard, Path(ZIP_2019).name)
    assert (row["Label"], row["Effective"]) == ("HCPCS-2019-COPY", "2019-01-01")
    assert row["Would add"].startswith(NEW)
    assert wizard.import_button.isEnabled()


def test_a_junk_file_shows_its_error_and_cannot_be_imported(qtbot, make_wizard, empty_db, junk) -> None:
    wizard = make_wizard(empty_db)
    add(qtbot, wizard, junk)
    row = row_of(wizard, "notes.txt")
    assert "notes.txt is not a release MedCode can import" in row["Would add"]
    assert row["Detected as"] == "not a release" and row["Codes"] == ""
    assert not wizard.model.flags(wizard.model.index(0, LABEL)) & Qt.ItemFlag.ItemIsEditable
    assert not wizard.import_button.isEnabled()
    wizard.table.selectRow(0)
    assert "is not a release MedCode can import" in wizard.details.text()
    assert "1 cannot be imported" in wizard.status.text()


def test_a_file_that_names_no_release_becomes_importable_with_a_label_and_date(
    qtbot, make_wizard, empty_db, nameless_csv
) -> None:
    wizard = make_wizard(empty_db)
    add(qtbot, wizard, nameless_csv)
    row = row_of(wizard, "my_codes.csv")
    assert row["Detected as"] == "Generic CSV" and row["Would add"] == NEEDS_NAME
    assert (row["Label"], row["Effective"]) == ("enter a label", "enter a date")
    assert not wizard.import_button.isEnabled()
    model = wizard.model
    assert model.flags(model.index(0, EFFECTIVE)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(0, LABEL), "MY-CODES-2024")  # no date yet: nothing to examine
    assert not model.setData(model.index(0, EFFECTIVE), "July 2024")  # not a date
    with qtbot.waitSignal(wizard.examined, timeout=EXAMINE_TIMEOUT):
        assert model.setData(model.index(0, EFFECTIVE), "2024-07-01")
    row = row_of(wizard, "my_codes.csv")
    assert (row["System"], row["Label"], row["Effective"]) == ("CUSTOM", "MY-CODES-2024", "2024-07-01")
    assert (row["Codes"], row["Would add"]) == ("2", NEW)
    assert wizard.import_button.isEnabled()


def test_a_label_over_64_characters_is_refused_in_one_sentence(qtbot, make_wizard, empty_db, nameless_csv) -> None:
    wizard = make_wizard(empty_db)
    add(qtbot, wizard, nameless_csv)
    model = wizard.model
    assert model.setData(model.index(0, LABEL), "L" * 65)
    with qtbot.waitSignal(wizard.examined, timeout=EXAMINE_TIMEOUT):
        assert model.setData(model.index(0, EFFECTIVE), "2024-07-01")
    refusal = "A release label holds at most 64 characters; this one has 65."
    assert row_of(wizard, "my_codes.csv")["Would add"] == refusal
    assert not wizard.import_button.isEnabled()


def test_the_date_editor_writes_an_iso_date(qtbot, make_wizard, empty_db, nameless_csv) -> None:
    wizard = make_wizard(empty_db)
    add(qtbot, wizard, nameless_csv)
    delegate, index = DateDelegate(), wizard.model.index(0, EFFECTIVE)
    editor = delegate.createEditor(wizard.table.viewport(), QStyleOptionViewItem(), index)
    assert isinstance(editor, QDateEdit)
    delegate.setEditorData(editor, index)
    assert editor.date().month() == 1 and editor.date().day() == 1  # an empty date starts at January 1
    editor.setDate(QDate(2023, 4, 1))
    with qtbot.waitSignal(wizard.examined, timeout=EXAMINE_TIMEOUT):
        delegate.setModelData(editor, wizard.model, index)
    assert row_of(wizard, "my_codes.csv")["Effective"] == "2023-04-01"
    assert row_of(wizard, "my_codes.csv")["Label"] == "CUSTOM-my_codes"  # the CSV importer's own label


def test_enter_imports_two_files_in_one_go(qtbot, make_wizard, empty_db) -> None:
    wizard = make_wizard(empty_db)
    add(qtbot, wizard, data_file(TXT_2018), data_file(PPRRVU))
    with qtbot.waitSignal(wizard.imported, timeout=120_000) as imported:
        qtbot.keyClick(wizard.table, Qt.Key.Key_Return)
    summaries = imported.args[0]
    assert len(summaries) == 2
    assert "HCPC2018_CONTR_ANWEB_disc.txt: imported HCPCS-2018" in summaries[0]
    assert "PPRRVU2025_Oct.csv: imported PFS-2025-OCT (16,852 codes" in summaries[1]
    assert wizard.result() == QDialog.DialogCode.Accepted and not wizard.isVisible()
    with ReferenceStore(empty_db) as check:
        assert {"HCPCS-2018", "PFS-2025-OCT"} <= {r.label for r in check.releases()}
        assert check.release("HCPCS-2018").codes + check.release("HCPCS-2018").modifiers == 6559


def test_cancel_during_the_import_leaves_the_database_byte_identical(qtbot, make_wizard, empty_db) -> None:
    wizard = make_wizard(empty_db)
    add(qtbot, wizard, data_file(TXT_2018), data_file(ZIP_2019))
    before = empty_db.read_bytes()

    def cancel_on_first_progress(worker: ImportWorker) -> None:
        # Runs in the worker's thread on its first progress report, before anything is written.
        worker.progress.connect(lambda *_: worker.cancel(), Qt.ConnectionType.DirectConnection)

    wizard.import_started.connect(cancel_on_first_progress)
    with qtbot.waitSignal(wizard.import_finished, timeout=120_000) as finished:
        wizard.import_button.click()
    assert finished.args == [False, CANCELLED]
    assert empty_db.read_bytes() == before
    assert wizard.isVisible() and wizard.status.text() == CANCELLED
    assert wizard.model.rowCount() == 2 and wizard.import_button.isEnabled()
    assert [r.label for r in wizard.store.releases()] == ["Starter"]


def test_escape_cancels_a_running_import_and_the_wizard_stays_open(qtbot, make_wizard, empty_db) -> None:
    wizard = make_wizard(empty_db)
    add(qtbot, wizard, data_file(TXT_2018))
    before = empty_db.read_bytes()
    wizard.import_started.connect(lambda worker: wizard.reject())  # Esc as the import starts
    with qtbot.waitSignal(wizard.import_finished, timeout=120_000) as finished:
        wizard.import_button.click()
    assert finished.args == [False, CANCELLED]
    assert empty_db.read_bytes() == before and wizard.isVisible()
    qtbot.keyClick(wizard.table, Qt.Key.Key_Escape)  # nothing running: Esc closes
    assert not wizard.isVisible() and wizard.result() == QDialog.DialogCode.Rejected


def test_delete_removes_the_selected_file(qtbot, make_wizard, empty_db, junk, nameless_csv) -> None:
    wizard = make_wizard(empty_db)
    add(qtbot, wizard, junk, nameless_csv)
    wizard.table.setFocus()
    wizard.table.selectRow(position_of(wizard, "notes.txt"))
    qtbot.keyClick(wizard.table, Qt.Key.Key_Delete)
    assert [row.name for row in wizard.model.rows] == ["my_codes.csv"]


def test_delete_and_backspace_in_an_open_editor_remove_no_file(qtbot, make_wizard, empty_db, nameless_csv) -> None:
    wizard = make_wizard(empty_db)
    add(qtbot, wizard, nameless_csv)
    index = wizard.model.index(0, LABEL)
    wizard.table.setFocus()
    wizard.table.setCurrentIndex(index)
    wizard.table.edit(index)
    editor = wizard.table.indexWidget(index)
    assert editor is not None and wizard.table.state() == QAbstractItemView.State.EditingState
    qtbot.keyClicks(editor, "MY")
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)  # the editor keeps its keys
    qtbot.keyClick(wizard.table, Qt.Key.Key_Delete)  # even one reaching the table while it edits
    assert editor.text() == "M" and [row.name for row in wizard.model.rows] == ["my_codes.csv"]


def test_the_same_file_is_listed_once_and_dropped_files_are_added(qtbot, make_wizard, empty_db, junk) -> None:
    wizard = make_wizard(empty_db)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(junk)), QUrl.fromLocalFile(str(junk))])
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    wizard.dropEvent(drop)
    qtbot.waitUntil(lambda: not wizard.model.examining(), timeout=EXAMINE_TIMEOUT)
    assert [row.name for row in wizard.model.rows] == ["notes.txt"]
    assert wizard.add_paths([str(junk)]) == []


def test_a_read_only_database_cannot_be_imported_into(qtbot, make_wizard, two_release_db, tmp_path) -> None:
    copy = tmp_path / "ro.sqlite"
    copy.write_bytes(two_release_db.read_bytes())
    copy.chmod(0o444)
    wizard = make_wizard(copy)
    add(qtbot, wizard, data_file(PPRRVU))
    assert row_of(wizard, "PPRRVU2025_Oct.csv")["Would add"] == NEW
    assert not wizard.import_button.isEnabled()
    assert "read-only" in wizard.status.text()


def test_closing_while_files_are_examined_stops_the_examining_thread(qtbot, make_wizard, empty_db) -> None:
    wizard = make_wizard(empty_db)
    wizard.add_paths([str(data_file(PPRRVU)), str(data_file(ZIP_2019))])
    assert wizard.model.examining()
    wizard.close()
    assert not wizard.isVisible() and not wizard._examiner.running


NOC_2019 = "hcpcs/2019/NOC_Codes_2019.prn"
CORRECTIONS_2018_ZIP = "hcpcs/zips/2018-HCPCS-Alpha-Numeric-Corrections.zip"


def test_documents_are_named_never_not_a_release(qtbot, make_wizard, empty_db) -> None:
    wizard = make_wizard(empty_db)
    add(qtbot, wizard, data_file(NOC_2019), data_file(CORRECTIONS_2018_ZIP))
    noc = row_of(wizard, "NOC_Codes_2019.prn")
    assert (noc["Detected as"], noc["Label"], noc["Codes"], noc["Modifiers"]) == (
        "HCPCS 2019 NOC list",
        "HCPCS-2019",
        "",
        "",
    )
    assert noc["Would add"] == "kept for HCPCS-2019, attached when it is imported"
    corrections = row_of(wizard, Path(CORRECTIONS_2018_ZIP).name)
    assert corrections["Detected as"] == ", ".join(f"HCPCS 2018 corrections V{n}" for n in range(1, 5))
    with qtbot.waitSignal(wizard.imported, timeout=120_000) as imported:
        wizard.import_button.click()
    assert imported.args[0][0] == "HCPCS 2019 NOC list: imported (139 rows)"
    with ReferenceStore(empty_db) as check:
        titles = [d["title"] for d in check.documents.all()]
        assert titles == [*(f"HCPCS 2018 corrections V{n}" for n in range(1, 5)), "HCPCS 2019 NOC list"]


def test_documents_of_a_stored_release_say_they_attach_to_it(qtbot, make_wizard, store) -> None:
    wizard = make_wizard(store)
    add(qtbot, wizard, data_file(NOC_2019))
    assert row_of(wizard, "NOC_Codes_2019.prn")["Would add"] == "attached to HCPCS-2019"


def test_documents_imported_with_their_release_say_so(qtbot, make_wizard, empty_db) -> None:
    wizard = make_wizard(empty_db)
    add(qtbot, wizard, data_file(NOC_2019), data_file(TXT_2019))
    assert row_of(wizard, "NOC_Codes_2019.prn")["Would add"] == "attached to HCPCS-2019, imported with it"


def test_a_renamed_file_shows_its_label_was_inferred(qtbot, make_wizard, empty_db, tmp_path: Path) -> None:
    renamed = tmp_path / "anweb.txt"
    renamed.write_bytes(data_file(TXT_2019).read_bytes())
    wizard = make_wizard(empty_db)
    add(qtbot, wizard, renamed)
    row = row_of(wizard, "anweb.txt")
    assert (row["Label"], row["Effective"]) == ("HCPCS-2019 (inferred)", "2019-01-01")
    tip = html.unescape(wizard.model.index(0, OUTCOME).data(Qt.ItemDataRole.ToolTipRole))
    assert "Label HCPCS-2019 inferred from the file's contents (newest action date 2019-01-01" in tip
