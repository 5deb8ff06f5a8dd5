"""The loupe as ``python main.py screenshot --view loupe`` shows it: the demo burst's
first photo large, with its marks, and a caption template typed in the caption editor
(its preview filled from the photo's agenda event). Nothing is saved."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication

from ui.caption_editor import TEMPLATES
from ui.main_window import MainWindow

Waiter = Callable[..., bool]  # ui.screenshot.wait_for(app, condition, timeout=...)


def loupe_picture(app: QApplication, window: MainWindow, wait_for: Waiter) -> QPixmap:
    """Open the loupe on the grid's first item, wait for its preview, and grab the window."""
    mode = window.loupe_mode
    if window.model.rowCount():
        window.grid.setCurrentIndex(window.model.index(0))
    if not mode.open():
        raise RuntimeError("el evento no tiene fotos que mostrar")
    wait_for(app, lambda: mode.loupe.right.shown_quality not in ("loading", "thumbnail"))
    editor = window.details.caption_editor
    wait_for(app, lambda: editor.template.count() > 1)  # codes and agenda loaded
    editor.caption.setPlainText(TEMPLATES[0])
    window.details.ensureWidgetVisible(editor.save_button)
    mode.loupe.setFocus()
    wait_for(app, lambda: False, 0.3)  # let the last repaints land
    return window.grab()
