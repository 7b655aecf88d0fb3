"""A first launch that teaches: while the database holds only the starter data, the empty results area says what
is shown (the plain-language sample), what the tree is, and offers to bring in the official files."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ...store import ReferenceStore
from ..results.results_model import ResultsModel
from .session import Session

IMPORT_BUTTON = "Import CMS files…"
UPDATE_BUTTON = "Update from CMS…"


def first_launch_html(codes: int) -> str:
    """The panel's words for a starter database of codes codes (the project's own words, no descriptor)."""
    return (
        "<h2>Starter data: a sample to learn on</h2>"
        f"<p>This database holds only the <b>starter data</b>: {codes:,} common codes described in plain language "
        "written by the MedCode project, for orientation and training. They are <b>not the official "
        "descriptors</b> and not for claims.</p>"
        "<p>The <b>tree</b> on the left is the outline of the code sets: CPT (HCPCS Level I) by section, and "
        "HCPCS Level II by letter. Pick a section to list its codes, or type a code or words in the search box "
        "above.</p>"
        "<p>To browse every official code, bring in CMS's files: import those you have downloaded, or let "
        "MedCode fetch the newest HCPCS file from CMS. Imported official data always takes precedence; this "
        "note goes away once it is in.</p>"
    )


def starter_only(store: ReferenceStore) -> bool:
    """True while no official release has been imported."""
    return not any(release.is_official for release in store.releases())


def _button(text: str, action: QAction) -> QPushButton:
    """A button carrying out a window action, enabled as it is (a read-only database disables importing)."""
    button = QPushButton(text)
    button.setToolTip(action.toolTip())
    button.clicked.connect(action.trigger)
    button.setEnabled(action.isEnabled())
    action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
    return button


class FirstLaunchPanel(QScrollArea):
    """The words and the two buttons; scrolls inside a small results area rather than growing it."""

    def __init__(self, import_action: QAction, update_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Starter data")
        self.setWidgetResizable(True)
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.RichText)  # the project's own words, no data
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.import_button = _button(IMPORT_BUTTON, import_action)
        self.update_button = _button(UPDATE_BUTTON, update_action)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.update_button)
        buttons.addStretch(1)
        inside = QWidget()
        column = QVBoxLayout(inside)
        column.setContentsMargins(16, 8, 16, 16)
        column.addWidget(self.text)
        column.addLayout(buttons)
        column.addStretch(1)
        self.setWidget(inside)


class FirstLaunch(QObject):
    """Shows the panel in place of the empty results table while the database holds only the starter data."""

    def __init__(
        self, session: Session, parent: QObject, *, panel: FirstLaunchPanel, table: QWidget, results: ResultsModel
    ) -> None:
        super().__init__(parent)
        self.session, self.panel, self.table, self.results = session, panel, table, results
        self._starter_only = False
        for signal in (results.modelReset, results.rowsInserted, results.rowsRemoved):
            signal.connect(lambda *_: self.follow_results())

    def follow_store(self) -> None:
        """After opening a database or an import: is it still only the starter data?"""
        store = self.session.store
        self._starter_only = starter_only(store)
        if self._starter_only:
            codes = sum(release.codes for release in store.releases())
            self.panel.text.setText(first_launch_html(codes))
        self.follow_results()

    def follow_results(self) -> None:
        """The panel stands in for the results only while there are none to show (a search lists them)."""
        teaching = self._starter_only and self.results.rowCount() == 0
        self.panel.setVisible(teaching)
        self.table.setVisible(not teaching)
