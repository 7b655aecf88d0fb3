"""Windows and dialogs sized from the screen they open on, so that each fits a 1366x768 laptop.

The sizes are pure functions of the screen's available geometry (`fitted_size`, `clamped_geometry`), tested
at 1366x768, 1920x1080 and 2560x1440 at scale 2 (1280x720 logical pixels); the helpers below them ask Qt
which screen a widget is on and apply them.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SCREEN_SHARE = 0.9  # of the available width and height a window takes at most: the desktop stays in reach
FALLBACK_SCREEN = QRect(0, 0, 1366, 768)  # no screen known (none yet attached): the smallest laptop's


def fitted_size(preferred: QSize, available: QRect, share: float = SCREEN_SHARE) -> QSize:
    """The preferred size where there is room, else the share of the available geometry (never more)."""
    return QSize(
        min(preferred.width(), int(available.width() * share)),
        min(preferred.height(), int(available.height() * share)),
    )


def clamped_geometry(geometry: QRect, available: QRect) -> QRect:
    """geometry made no larger than available and moved inside it (a state saved on a bigger monitor)."""
    width = min(geometry.width(), available.width())
    height = min(geometry.height(), available.height())
    left = max(available.left(), min(geometry.left(), available.right() - width + 1))
    top = max(available.top(), min(geometry.top(), available.bottom() - height + 1))
    return QRect(left, top, width, height)


def centred(size: QSize, available: QRect) -> QRect:
    """A rectangle of size in the middle of available."""
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(available.center())
    return rect


def available_geometry(widget: QWidget) -> QRect:
    """The available geometry of the screen widget is on (its parent's before it is shown), or the primary's."""
    while widget is not None:
        if widget.isWindow() and widget.screen() is not None:
            return widget.screen().availableGeometry()
        widget = widget.parentWidget()
    primary = QGuiApplication.primaryScreen()
    return primary.availableGeometry() if primary is not None else FALLBACK_SCREEN


def fit_to_screen(widget: QWidget, preferred: QSize) -> None:
    """First size of a window or dialog: preferred where the screen has room, centred on the screen."""
    available = available_geometry(widget.parentWidget() or widget)
    size = fitted_size(preferred, available)
    if widget.parentWidget() is None:  # a top-level window: placed on its screen; a dialog: the WM centres it
        widget.setGeometry(centred(size, available))
    else:
        widget.resize(size)


def keep_on_screen(widget: QWidget) -> None:
    """After a geometry was restored: shrink and move the window (its frame included) onto its screen."""
    available = available_geometry(widget)
    frame, inner = widget.frameGeometry(), widget.geometry()
    margins = QSize(frame.width() - inner.width(), frame.height() - inner.height())
    fitted = clamped_geometry(frame, available)
    if fitted != frame:
        widget.resize(fitted.size() - margins)
        widget.move(fitted.topLeft())
