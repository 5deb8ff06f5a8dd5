"""The thumbnail grid: a ``QListView`` in icon mode that turns culling keys into requests.

Photo Mechanic-like: Enter, Space or a double click opens the loupe on the current item,
F opens it full screen, Shift+C compares it with the next one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from ui.culling_keys import send_key
from ui.grid_delegate import GridDelegate

_OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class GridView(QListView):
    """Arrows move (QListView's own); culling keys emit ``culling`` for the selected items,
    view keys emit ``command``."""

    culling = Signal(str, int)  # see ui.culling_keys.key_action ("caption" goes to command)
    command = Signal(str)  # "loupe" | "full_screen" | "compare" | "caption"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("grid")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)  # only visible cells are asked for their data
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setSpacing(4)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWrapping(True)
        self.setItemDelegate(GridDelegate(self))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if send_key(event, self.culling, self.command):
            return
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        if modifiers == Qt.KeyboardModifier.NoModifier and key in _OPEN_KEYS:
            self.command.emit("loupe")
            return
        if modifiers == Qt.KeyboardModifier.NoModifier and key == Qt.Key.Key_F:
            self.command.emit("full_screen")
            return
        if modifiers == Qt.KeyboardModifier.ShiftModifier and key == Qt.Key.Key_C:
            self.command.emit("compare")
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.indexAt(event.position().toPoint()).isValid():
            self.command.emit("loupe")
            return
        super().mouseDoubleClickEvent(event)
