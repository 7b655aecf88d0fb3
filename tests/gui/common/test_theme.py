"""The themes' links: readable on their background, and in the label's palette colour after every change."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from medcode_gui.gui.common.theme import LinkLabel, contrast, dark_palette, readable_links, tint_links


def test_a_dark_palette_with_the_light_ones_dark_blue_links_gets_readable_ones(qapp) -> None:
    palette = dark_palette()
    palette.setColor(QPalette.ColorRole.Link, QColor("#0000ff"))  # what a platform's dark palette may keep
    base = palette.color(QPalette.ColorRole.Base)
    assert contrast(QColor("#0000ff"), base) < 4.5
    fixed = readable_links(palette)
    assert contrast(fixed.color(QPalette.ColorRole.Link), base) >= 4.5
    assert contrast(fixed.color(QPalette.ColorRole.LinkVisited), base) >= 4.5
    light = QPalette(QColor("#f0f0f0"))
    light.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    light.setColor(QPalette.ColorRole.Link, QColor("#0b57d0"))  # readable: kept as the platform has it
    assert readable_links(light).color(QPalette.ColorRole.Link).name() == "#0b57d0"
    assert contrast(QColor("#000000"), QColor("#ffffff")) == 21


def test_a_link_label_writes_its_palettes_link_colour_and_rewrites_it_on_a_change(qtbot) -> None:
    label = LinkLabel()
    qtbot.addWidget(label)
    label.setText('<b>See</b> <a href="code:J1100">J1100</a>, <A HREF="node:x">x</A>')
    blue = label.palette().color(QPalette.ColorRole.Link).name()
    assert label.text().count(f'style="color: {blue}"') == 2 and 'href="code:J1100"' in label.text()
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.Link, QColor("#123456"))
    label.setPalette(palette)
    assert label.text().count('style="color: #123456"') == 2 and blue not in label.text()
    assert tint_links("no link, &lt;a href=x&gt;", QColor("#123456")) == "no link, &lt;a href=x&gt;"
