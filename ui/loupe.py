"""The loupe: the grid's current photo large, or two photos side by side, driven by the keyboard.

It follows the grid's current item (moving here moves the grid, so the details panel and
the culling keys follow too) and asks the preview cache for the photos around it, so the
next one is usually decoded before the arrow is pressed. Keys (Photo Mechanic-like):

- arrows, Home, End: move; Z or a double click: 100 % and back (drag to pan);
- P, X, 0-5, 6-9, Shift+P: the culling keys of the grid; C: caption;
- Shift+C: compare (the current photo stays on the left, arrows move the right one;
  Tab swaps them); F: full screen; Esc, Enter, Space or G: back to the grid.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QWidget

from ui.culling_keys import send_key
from ui.grid_model import GridModel, ThumbRole
from ui.grid_view import GridView
from ui.loupe_pane import BAR_HEIGHT, LoupePane
from ui.preview_cache import FULL, PREVIEW, Box, PreviewCache
from ui.text import tr

AHEAD = 2  # previews decoded ahead in the direction of travel (one behind)
_BACK_KEYS = (
    Qt.Key.Key_Escape,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Space,
    Qt.Key.Key_G,
)
_STEPS = {Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1}


class Loupe(QWidget):
    """One pane (the current item) or two (compare); emits what the window must do."""

    command = Signal(str)  # "grid" | "full_screen" | "caption"
    culling = Signal(str, int)  # as GridView.culling, for the current item

    def __init__(
        self, model: GridModel, grid: GridView, cache: PreviewCache, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loupe")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.model = model
        self.grid = grid
        self.cache = cache
        self.opened = False
        self.compare = False
        self.pinned: dict[str, Any] | None = None  # the left photo in compare mode
        self._direction = 1
        self.left = LoupePane()  # the pinned photo (compare mode only)
        self.right = LoupePane()  # the current photo
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._layout.addWidget(self.left)
        self._layout.addWidget(self.right)
        self.left.hide()
        for pane in (self.left, self.right):
            pane.zoom_changed.connect(lambda zoomed, p=pane: self._on_zoom(p, zoomed))
        grid.selectionModel().currentChanged.connect(self._on_current)
        model.dataChanged.connect(self._on_data_changed)
        model.modelReset.connect(self._on_reset)
        cache.ready.connect(self._on_ready)

    # -- what is shown ------------------------------------------------------------------
    def current_row(self) -> int | None:
        index = self.grid.currentIndex()
        return index.row() if index.isValid() else None

    def open(self) -> None:
        """Start following the grid: show its current item, alone (no other selected)."""
        self.opened = True
        row = self.current_row()
        if row is not None:
            self._select_only(row)
        self.show_current()

    def close_loupe(self) -> None:
        self.opened = False
        self.set_compare(False)

    def show_current(self) -> None:
        """Draw the grid's current item (from the cache when it is there) and prefetch."""
        row = self.current_row()
        item = self.model.item(row) if row is not None else None
        self._show(self.right, item, row)
        if self.compare and self.pinned is not None:
            pinned_row = self.model.row_of(str(self.pinned.get("id")))
            if pinned_row is not None:
                self.pinned = self.model.item(pinned_row)
            self._show(self.left, self.pinned, pinned_row)
        self._prefetch()

    def _show(self, pane: LoupePane, item: dict[str, Any] | None, row: int | None) -> None:
        if item is None or row is None:
            pane.set_item(None, None, None)
            return
        thumb = self.model.index(row).data(ThumbRole)
        position = tr("{0} de {1}").format(row + 1, self.model.rowCount())
        item_id = str(item.get("id"))
        picture = self.cache.picture(item_id, PREVIEW) or self.cache.picture(item_id, FULL)
        pane.set_item(item, picture, thumb, position)

    def _prefetch(self) -> None:
        folder, row = self.model.folder, self.current_row()
        if folder is None or row is None:
            return
        ahead = self._shown_rows(row, self._direction, AHEAD)
        rows = [row, *ahead, *self._shown_rows(row, -self._direction, 1)]
        items = [self.model.item(r) for r in rows]
        if self.compare and self.pinned is not None:
            items.insert(1, self.pinned)
        zoomed = [p.item for p in (self.right, self.left) if p.zoomed and p.item]
        self.cache.want(folder, items, zoomed, self._box())

    def _box(self) -> Box:
        """The area (device pixels) a fitted photo is drawn in: a pane without its bar."""
        ratio = self.devicePixelRatioF() or 1.0
        spacing = self._layout.spacing()
        width = (self.width() - spacing) // 2 if self.compare else self.width()
        return round(width * ratio), round((self.height() - BAR_HEIGHT) * ratio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.opened:
            self._prefetch()  # previews fitted to the new size

    # -- moving -------------------------------------------------------------------------
    def step(self, delta: int) -> None:
        """Move the current item by ``delta`` rows (clamped to the event), over the rows the
        grid hides (the members of a closed stack): the loupe shows what the grid shows."""
        row = self.current_row()
        if row is None:
            return
        self._direction = 1 if delta >= 0 else -1
        target = max(0, min(self.model.rowCount() - 1, row + delta))
        if self.grid.isRowHidden(target):
            found = self._shown_rows(target, self._direction, 1)
            found = found or self._shown_rows(target, -self._direction, 1)
            target = found[0] if found else row
        self._select_only(target)

    def _shown_rows(self, row: int, direction: int, count: int) -> list[int]:
        """Up to ``count`` rows after ``row`` in ``direction`` that the grid shows."""
        found: list[int] = []
        row += direction
        while 0 <= row < self.model.rowCount() and len(found) < count:
            if not self.grid.isRowHidden(row):
                found.append(row)
            row += direction
        return found

    def _select_only(self, row: int) -> None:
        index = self.model.index(row)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.grid.selectionModel().setCurrentIndex(index, flags)
        self.grid.scrollTo(index)

    def set_compare(self, on: bool) -> None:
        """Compare mode: the current photo is pinned on the left, the next one on the right."""
        row = self.current_row()
        if on and row is not None and self.model.rowCount() > 1:
            self.compare = True
            self.pinned = self.model.item(row)
            self.left.show()
            self.right.active = True
            if row + 1 < self.model.rowCount():
                self.step(1)
            else:
                self.pinned = self.model.item(row - 1)
        else:
            self.compare = False
            self.pinned = None
            self.left.hide()
            self.right.active = False
        self.show_current()

    def swap(self) -> None:
        """Compare mode: the left photo becomes the current one and the other way round."""
        row = self.current_row()
        if not self.compare or self.pinned is None or row is None:
            return
        pinned_row = self.model.row_of(str(self.pinned.get("id")))
        if pinned_row is None:
            return
        self.pinned = self.model.item(row)
        self._select_only(pinned_row)

    # -- keys ---------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if send_key(event, self.culling, self.command):
            return
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        shift = modifiers == Qt.KeyboardModifier.ShiftModifier
        if modifiers == Qt.KeyboardModifier.NoModifier:
            if key in _STEPS:
                self.step(_STEPS[key])
            elif key == Qt.Key.Key_Home:
                self.step(-self.model.rowCount())
            elif key == Qt.Key.Key_End:
                self.step(self.model.rowCount())
            elif key in _BACK_KEYS:
                self.command.emit("grid")
            elif key == Qt.Key.Key_F:
                self.command.emit("full_screen")
            elif key == Qt.Key.Key_Z:
                self.right.toggle_zoom()
            elif key == Qt.Key.Key_Tab:
                self.swap()
            else:
                super().keyPressEvent(event)
        elif shift and key == Qt.Key.Key_C:
            self.set_compare(not self.compare)
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab swaps the compared photos; the loupe keeps the keyboard

    # -- model and cache ----------------------------------------------------------------
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.opened:
            self.show_current()

    def _on_data_changed(self, top: QModelIndex, bottom: QModelIndex, _roles: Any = None) -> None:
        if not self.opened:
            return
        for pane in (self.right, self.left):
            row = self.model.row_of(pane.item_id) if pane.item_id else None
            if row is not None and top.row() <= row <= bottom.row():
                pane.set_marks(self.model.item(row))
                if pane.shown_quality == "loading":
                    pane.thumb = self.model.index(row).data(ThumbRole)

    def _on_reset(self) -> None:
        """The event was read again (or another one opened): compare goes on while its
        pinned photo is still there; the grid's new current item comes next."""
        pinned = str(self.pinned.get("id")) if self.pinned else None
        if self.compare and (pinned is None or self.model.row_of(pinned) is None):
            self.set_compare(False)

    def _on_zoom(self, pane: LoupePane, zoomed: bool) -> None:
        if pane.item_id is not None:
            better = self.cache.picture(pane.item_id, FULL if zoomed else PREVIEW)
            if better is not None:
                pane.set_picture(better)
        self._prefetch()

    def _on_ready(self, item_id: str, quality: str) -> None:
        for pane in (self.right, self.left):
            if pane.item_id == item_id and (quality != FULL or pane.zoomed):
                pane.set_picture(self.cache.picture(item_id, quality))
