"""The detail pane's status lines: the banner in its state's colours, and under it a warning when the sources
shown (the code's release, the fee schedule) are years apart (views.code_status builds both texts)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from ..common.banner import banner_style_sheet
from .labels import WARNING_STYLE, make_label


def warning_label(name: str) -> QLabel:
    label = make_label(name)
    label.setStyleSheet(WARNING_STYLE)
    return label


def fill_status(banner: QLabel, warning: QLabel, view: dict[str, Any]) -> set[QWidget]:
    """Show a view's banner and its sources-apart warning; the labels that have something."""
    shown = view.get("banner") or {"state": view.get("status") or "active", "text": ""}
    state = str(shown.get("state") or "active")
    banner.setText(str(shown.get("text") or state.capitalize()))
    banner.setStyleSheet(banner_style_sheet(state))
    apart = view.get("sources_apart")
    warning.setText(str(apart["text"]) if apart else "")
    return {banner, warning} if apart else {banner}
