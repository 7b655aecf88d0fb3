"""Which release the window shows: the picker, the label in the status bar; the tree, search and details follow."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, SignalInstance
from PySide6.QtWidgets import QComboBox, QLabel

from ..tree.tree_model import OutlineTreeModel
from .navigation import Navigation
from .search_controller import SearchController
from .session import Session


class ReleasePicker(QObject):
    """Writes Session.release: from the picker, or back to the newest when the database loses that release."""

    def __init__(
        self,
        session: Session,
        parent: QObject,
        *,
        picker: QComboBox,
        label: QLabel,
        tree_model: OutlineTreeModel,
        navigation: Navigation,
        search: SearchController,
        release_changed: SignalInstance,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.picker, self.label, self.tree_model = picker, label, tree_model
        self.navigation, self.search = navigation, search
        self.release_changed = release_changed  # MainWindow's own signal, emitted here: no relay
        picker.activated.connect(lambda _: self.set_release(picker.currentData()))

    def handlers(self) -> dict[str, Callable[[], object]]:
        """The window's actions (common/shortcuts.py) this part carries out."""
        return {
            "choose_release": self.choose_release,
        }

    def set_release(self, label: str | None) -> None:
        """Show one release (or None: the newest of each system); the tree, search and details follow."""
        self.session.release = label
        self.tree_model.set_release(label)
        self.fill()
        self.release_changed.emit(label or "")
        if current := self.session.current:
            self.navigation.open_code(current.record.code, record_history=False)
        self.search.run_search()

    def choose_release(self) -> None:
        self.picker.setFocus()
        self.picker.showPopup()

    def follow_store(self) -> None:
        """After opening a database or importing: the releases offered, and the tree on the new data."""
        store = self.session.store
        if self.session.release and self.session.release.lower() not in {r.label.lower() for r in store.releases()}:
            self.session.release = None  # another database, or the release was replaced
        self.fill()
        self.tree_model.store = store
        self.tree_model.release_label = self.session.release
        self.tree_model.refresh()

    def fill(self) -> None:
        store, release = self.session.store, self.session.release
        newest = ", ".join(r.label for r in store.default_releases()) or "no releases"
        self.picker.blockSignals(True)
        self.picker.clear()
        self.picker.addItem(f"Newest ({newest})", None)
        # Newest first, the starter last (store.releases()); payment and rules files hold no codes to show.
        for each in reversed([r for r in store.releases() if not r.is_schedule]):
            self.picker.addItem(f"{each.label} ({each.effective_date})", each.label)
        self.picker.setCurrentIndex(max(0, self.picker.findData(release)))
        self.picker.blockSignals(False)
        self.label.setText(f"Showing: {release or newest}")
