"""What leaves the window: the card printed or saved as PDF, the results (or a code list of My codes) printed or
saved as a PDF list, the results as CSV, presentation mode. Print always prints (a print dialog); PDF is its own
action, with a file dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QWidget

from ...codes.records import StoredCode
from ...codes.wording import counted
from ...views.hits_csv import hits_csv
from ..common.file_dialogs import save_file_name
from ..common.save_dialog import safe_file_name
from ..detail.detail_pane import DetailPane
from ..results.results_model import ResultsModel
from .navigation import Navigation
from .search_controller import SearchController
from .session import Session
from .view_options import ViewOptions

PRESENTATION_ZOOM_KEY = "presentation/zoom"  # the presentation's own type size, kept apart from the window's zoom

if TYPE_CHECKING:  # printing and presentation are imported when first used: a faster start
    from ..workspace.presentation import PresentationWindow


PDF_FILTER = "PDF files (*.pdf)"


class OutputActions(QObject):
    """Anything that needs every result asks the search to finish first (SearchController.finish_search)."""

    def __init__(
        self,
        session: Session,
        window: QWidget,
        *,
        detail: DetailPane,
        results: ResultsModel,
        search_box: QLineEdit,
        search: SearchController,
        navigation: Navigation,
        view_options: ViewOptions,
    ) -> None:
        super().__init__(window)
        self.session = session
        self.window = window  # the parent of the file dialogs and messages
        self.detail, self.results, self.search_box = detail, results, search_box
        self.search, self.navigation = search, navigation
        self.view_options = view_options  # presentation starts at the window's zoom
        self.presentation: PresentationWindow | None = None  # held while open

    def handlers(self) -> dict[str, Callable[[], object]]:
        """The window's actions (common/shortcuts.py) this part carries out."""
        return {
            "export_results": self.choose_export_results,
            "print": self.print_current,
            "save_pdf": lambda: self.save_current_pdf(),
            "print_list": lambda: self.print_results(),
            "save_list_pdf": lambda: self.save_results_pdf(),
            "present": lambda: self.present(),
        }

    # The results as CSV ---------------------------------------------------------------------------------

    def choose_export_results(self) -> None:
        self.search.finish_search()
        hits = self.results.rows()
        if not hits:
            self.session.status.showMessage("No results to export.", 5000)
            return
        path = save_file_name(self.window, "Export the results", "results.csv", "CSV files (*.csv)")
        if path:
            self.export_results(Path(path))

    def export_results(self, path: Path) -> bool:
        """The results shown as CSV (UTF-8 with a BOM for spreadsheet programs); False with the reason if not."""
        self.search.finish_search()
        try:
            path.write_text(hits_csv(self.results.rows()), encoding="utf-8-sig")
        except OSError as error:
            QMessageBox.warning(self.window, "Export", f"{path} could not be written: {error.strerror or error}.")
            return False
        self.session.status.showMessage(f"Saved {counted(self.results.rowCount(), 'result')} to {path}.", 5000)
        return True

    # Printing and PDF -----------------------------------------------------------------------------------

    def print_current(self) -> None:
        from ..workspace.printing import card_header, card_html, print_with_dialog

        if view := self.detail.current_view:
            print_with_dialog(self.window, card_html(view), card_header(view))
        else:
            self.session.status.showMessage("No code to print.", 5000)

    def save_current_pdf(self, path: Path | None = None) -> bool:
        from ..workspace.printing import save_card_pdf

        view = self.detail.current_view
        if not view:
            self.session.status.showMessage("No code to save.", 5000)
            return False
        if path is None:
            chosen = save_file_name(self.window, "Save as PDF", safe_file_name(f"{view['code']}.pdf"), PDF_FILTER)
            if not chosen:
                return False
            path = Path(chosen)
        try:
            pages = save_card_pdf(view, path)
        except OSError as error:
            QMessageBox.warning(self.window, "Save as PDF", f"{path} could not be written: {error.strerror or error}.")
            return False
        self.session.status.showMessage(
            f"Saved {view['code']} to {path} ({pages} page{'s' if pages != 1 else ''}).", 5000
        )
        return True

    def save_results_pdf(self, path: Path | None = None, hits: list[StoredCode] | None = None, title: str = "") -> bool:
        """The results (or the given codes) as a PDF list, with their releases and files on every page."""
        from ..workspace.printing import rows_and_sources, save_list_pdf

        hits, title = self._list_of(hits, title)
        if not hits:
            self.session.status.showMessage("No codes to save.", 5000)
            return False
        if path is None:
            chosen = save_file_name(self.window, "Save the list as PDF", safe_file_name(f"{title}.pdf"), PDF_FILTER)
            if not chosen:
                return False
            path = Path(chosen)
        rows, sources = rows_and_sources(hits)
        try:
            pages = save_list_pdf(title, rows, sources, path)
        except OSError as error:
            QMessageBox.warning(self.window, "Save as PDF", f"{path} could not be written: {error.strerror or error}.")
            return False
        self.session.status.showMessage(f"Saved {len(rows):,} codes to {path} ({pages} pages).", 5000)
        return True

    def print_results(self, hits: list[StoredCode] | None = None, title: str = "") -> bool:
        """The results (or the given codes) printed as a list, after the print dialog; False if cancelled."""
        from ..workspace.printing import list_header, list_html, print_with_dialog, rows_and_sources

        hits, title = self._list_of(hits, title)
        if not hits:
            self.session.status.showMessage("No codes to print.", 5000)
            return False
        rows, sources = rows_and_sources(hits)
        return print_with_dialog(self.window, list_html(title, rows), list_header(title, sources))

    def _list_of(self, hits: list[StoredCode] | None, title: str) -> tuple[list[StoredCode], str]:
        """The codes of a printed list (default: every result) and its title (default: the search)."""
        if hits is None:
            self.search.finish_search()
            hits = self.results.rows()
        text = self.search_box.text().strip()
        return hits, title or (f"Search: {text}" if text else "Codes")

    def _stored(self, codes: list[str]) -> list[StoredCode]:
        return [hit for code in codes if (hit := self.session.store.lookup(code))]

    def print_list(self, title: str, codes: list[str]) -> bool:
        """A code list of My codes, printed (the print dialog first)."""
        return self.print_results(self._stored(codes), title)

    def save_list_pdf(self, title: str, codes: list[str]) -> bool:
        """A code list of My codes saved as a PDF list (the file dialog first)."""
        return self.save_results_pdf(hits=self._stored(codes), title=title)

    # Presentation ---------------------------------------------------------------------------------------

    def present(self, full_screen: bool = True, codes: list[str] | None = None) -> PresentationWindow | None:
        """Presentation mode: a list of codes (a code list), or the current code stepping through the results
        list if it holds the code, else through its range. Its type size is kept in the settings from one
        presentation to the next (the window's zoom the first time); two or three codes in the comparison
        basket are offered side by side (Ctrl+B)."""
        from ..workspace.presentation import ListSequence, PresentationWindow, RangeSequence

        store, release = self.session.store, self.session.release
        if codes:
            sequence, start = ListSequence(codes), codes[0]
        elif self.session.current:
            start = self.session.current.record.code
            self.search.finish_search()
            shown = [hit.record.code for hit in self.results.rows()]
            use_list = len(shown) > 1 and start in shown
            sequence = ListSequence(shown) if use_list else RangeSequence(store, release)
        else:
            self.session.status.showMessage("Pick a code to present.", 5000)
            return None
        settings = self.view_options.settings
        scale = float(settings.value(PRESENTATION_ZOOM_KEY, self.view_options.zoom))
        window = PresentationWindow(
            store, sequence, start=start, release_label=release, scale=scale, side_by_side=self._basket_codes()
        )
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.closed.connect(lambda last: self.navigation.open_code(last) if last else None)
        window.scale_changed.connect(lambda factor: settings.setValue(PRESENTATION_ZOOM_KEY, factor))
        self.presentation = window  # held while open
        if full_screen:
            window.present()
        else:
            window.show()
        return window

    def _basket_codes(self) -> list[str]:
        """The comparison basket's codes (none until it has been opened); the main window's Windows holds it."""
        windows = getattr(self.window, "windows", None)
        basket = getattr(windows, "compare_window", None)
        return list(basket.codes) if basket is not None else []
