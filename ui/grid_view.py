"""The thumbnail grid: a ``QListView`` in icon mode that turns culling keys into requests."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from ui.grid_delegate import GridDelegate

_STAR_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(6)}


class GridView(QListView):
    """Arrows move (QListView's own); P, X and 0-5 emit ``culling`` for the selected items."""

    culling = Signal(str, int)  # ("pick" | "reject" | "stars", stars or 0)

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
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers == Qt.KeyboardModifier.NoModifier:
            key = event.key()
            if key == Qt.Key.Key_P:
                self.culling.emit("pick", 0)
                return
            if key == Qt.Key.Key_X:
                self.culling.emit("reject", 0)
                return
            if key in _STAR_KEYS:
                self.culling.emit("stars", _STAR_KEYS[key])
                return
        super().keyPressEvent(event)
