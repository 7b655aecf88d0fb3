"""The fields table remembers its cells' measures from code to code (the layout's names and "none" repeat):
a remembered measure must be the one the delegate gives when measured anew, at every width and zoom."""

from __future__ import annotations

from medcode_gui.gui.detail.detail_pane import DetailPane
from medcode_gui.views.code_view import lookup_view


def heights(pane: DetailPane) -> list[int]:
    table = pane.fields_table
    table.fit()
    return [table.rowHeight(row) for row in range(table.rowCount())]


def measured_anew(pane: DetailPane) -> list[int]:
    pane.fields_table._sizes.clear()  # nothing remembered: every cell measured by the delegate
    return heights(pane)


def test_remembered_measures_are_the_delegates_at_every_width_and_zoom(qtbot, store) -> None:
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.resize(520, 700)
    pane.show()
    views = {code: lookup_view(store, code, "HCPCS-2019") for code in ("G0503", "E0100", "J1100")}
    for code in ("G0503", "E0100", "J1100", "G0503"):  # G0503's long description wraps over many lines
        pane.show_view(views[code])
    wide = heights(pane)
    assert wide == measured_anew(pane)
    assert max(wide) > 3 * min(wide)  # the description's row is many lines tall

    pane.fields_table.resize(360, pane.fields_table.height())  # narrower: wrapped cells grow
    narrow = heights(pane)
    assert sum(narrow) > sum(wide)
    assert narrow == measured_anew(pane)

    pane.set_font_scale(1.6)  # a zoom: measures of the other font are not reused
    zoomed = heights(pane)
    assert min(zoomed) > min(narrow)
    assert zoomed == measured_anew(pane)
