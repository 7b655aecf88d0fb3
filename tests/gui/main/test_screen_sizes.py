"""The window on a laptop: every window and dialog fits 1366x768, a geometry saved on a bigger monitor is brought
back onto the screen, and My codes leaves the results' description the widest column."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtWidgets import QDialog, QWidget

from medcode_gui.gui.common.screen_fit import fitted_size
from medcode_gui.gui.main.main_window import PREFERRED_SIZE, MainWindow
from medcode_gui.gui.results.results_model import DESCRIPTION
from medcode_gui.store import ReferenceStore

LAPTOP = QSize(1366, 768)


def fits(size: QSize, room: QSize = LAPTOP) -> bool:
    return size.width() <= room.width() and size.height() <= room.height()


@pytest.fixture
def dialogs_shown(monkeypatch: pytest.MonkeyPatch) -> list[QDialog]:
    """Modal dialogs shown without their event loop (which would block the test), for their sizes to be read."""
    shown: list[QDialog] = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: shown.append(dialog) or dialog.show())
    return shown


def test_every_window_and_dialog_fits_a_laptop_screen(qtbot, window: MainWindow, dialogs_shown: list[QDialog]) -> None:
    """Help (F1: a table taller than any laptop), About this data, the import wizard, Compare codes, Level I
    against CPT, Compare releases: each fits, on the window's screen and at 1366x768, its text scrolling inside."""
    from medcode_gui.gui.releases.import_wizard import ImportWizard

    window.windows.show_shortcuts()
    window.windows.show_about_data()
    windows: list[QWidget] = [*dialogs_shown, ImportWizard(window.session.store, window)]
    windows[-1].show()
    window.windows.show_comparison()
    windows += [window.windows.compare_window, window.windows.show_level_one(), window.windows.show_release_diff()]
    for shown in [window, *windows]:
        qtbot.waitExposed(shown)
        name = shown.windowTitle()
        assert fits(shown.frameGeometry().size()) and fits(shown.minimumSizeHint()), name
        assert shown.width() <= max(0.9 * shown.screen().availableGeometry().width(), shown.minimumWidth()), name
    assert [dialog.windowTitle() for dialog in dialogs_shown] == ["Keyboard shortcuts", "About this data"]
    help_text = dialogs_shown[0].text
    assert help_text.verticalScrollBar().maximum() > 0  # taller than the dialog: it scrolls, the button stays


def test_a_geometry_saved_on_a_bigger_monitor_is_brought_back_onto_the_screen(
    qtbot, store: ReferenceStore, settings: QSettings
) -> None:
    first = MainWindow(store, settings)
    qtbot.addWidget(first)
    first.setGeometry(300, 200, 2400, 1300)  # saved on a 2560x1440 monitor
    first.save_state()
    second = MainWindow(store, settings)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.screen().availableGeometry().contains(second.frameGeometry())


def test_my_codes_leaves_the_description_the_widest_column(qtbot, window: MainWindow) -> None:
    """At the size the window first takes on a 1366x768 laptop, with the My codes dock open."""
    window.resize(fitted_size(PREFERRED_SIZE, QRect(0, 0, LAPTOP.width(), LAPTOP.height())))
    with qtbot.waitSignal(window.search_finished, timeout=3000):
        window.search_box.setText("wheelchair")
    window.actions_by_name["show_workspace"].trigger()
    dock = window.workspace_actions.dock
    qtbot.waitUntil(dock.isVisible, timeout=3000)
    qtbot.waitUntil(lambda: window.table.viewport().width() > 0, timeout=3000)
    widths = [window.table.columnWidth(column) for column in range(window.results.columnCount())]
    assert widths[DESCRIPTION] == max(widths) and widths[DESCRIPTION] >= 200, widths
    third = max(window.height() // 3, dock.minimumSizeHint().height())
    qtbot.waitUntil(lambda: dock.height() <= third, timeout=3000)  # below the results, a third at most
