"""Sizes from the screen: the pure functions at a 1366x768 laptop, a 1920x1080 monitor and 2560x1440 at scale 2
(1280x720 logical pixels, the smallest of the three)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize

from medcode_gui.gui.common.screen_fit import centred, clamped_geometry, fitted_size
from medcode_gui.gui.main.main_window import PREFERRED_SIZE, pane_widths

LAPTOP = QRect(0, 0, 1366, 768 - 40)  # less a task bar
MONITOR = QRect(0, 0, 1920, 1080 - 40)
RETINA = QRect(0, 0, 2560 // 2, 1440 // 2)  # at scale 2 Qt measures in logical pixels


@pytest.mark.parametrize(
    ("available", "expected"),
    [(LAPTOP, QSize(1229, 655)), (MONITOR, PREFERRED_SIZE), (RETINA, QSize(1152, 648))],
    ids=["1366x768", "1920x1080", "2560x1440@2"],
)
def test_the_first_size_is_the_preferred_one_where_there_is_room(available: QRect, expected: QSize) -> None:
    size = fitted_size(PREFERRED_SIZE, available)
    assert size == expected
    assert available.contains(centred(size, available))


@pytest.mark.parametrize("available", [LAPTOP, MONITOR, RETINA], ids=["1366x768", "1920x1080", "2560x1440@2"])
def test_a_geometry_saved_on_a_bigger_monitor_is_brought_onto_the_screen(available: QRect) -> None:
    saved = QRect(2000, 1200, 2500, 1380)  # maximised-ish on a 2560x1440 monitor, then moved down right
    restored = clamped_geometry(saved, available)
    assert available.contains(restored)
    assert restored.size() == QSize(min(2500, available.width()), min(1380, available.height()))


def test_a_geometry_that_fits_is_kept_and_a_second_screen_is_respected() -> None:
    assert clamped_geometry(QRect(10, 20, 800, 600), LAPTOP) == QRect(10, 20, 800, 600)
    right_screen = QRect(1920, 0, 1366, 768)
    moved = clamped_geometry(QRect(0, 0, 1000, 700), right_screen)
    assert moved == QRect(1920, 0, 1000, 700)


@pytest.mark.parametrize("width", [1152, 1229, 1440])
def test_the_results_get_the_widest_pane(width: int) -> None:
    tree, results, detail = pane_widths(width)
    assert results > tree + 100 and results > detail + 100 and tree + results + detail <= width
