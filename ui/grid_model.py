"""The items of one event folder as a list model; thumbnails are asked for when first drawn."""

from __future__ import annotations

import os
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QImage

from media.culling import rating_of
from ui.text import capture_text, problem_text
from ui.thumbs import ThumbnailLoader

ItemRole = Qt.ItemDataRole.UserRole + 1  # the catalog record (dict)
ThumbRole = Qt.ItemDataRole.UserRole + 2  # QImage, or None while loading / without picture
ThumbStateRole = Qt.ItemDataRole.UserRole + 3  # "loading", "ready" or "none"
RatingRole = Qt.ItemDataRole.UserRole + 4  # media.culling.Rating

AnyIndex = QModelIndex | QPersistentModelIndex
MAX_PICTURES = 600  # decoded thumbnails kept (about 200 KB each); others reload from disk


def sort_key(item: dict[str, Any]) -> tuple[str, str]:
    """Items in shooting order: local capture time, then path."""
    when = item.get("capture_time_local") or item.get("capture_time") or ""
    return str(when), str(item.get("path", ""))


class GridModel(QAbstractListModel):
    """One event's items. Holds data only: no widget, no window."""

    def __init__(self, loader: ThumbnailLoader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.folder: str | None = None
        self.generation = 0
        self._items: list[dict[str, Any]] = []
        self._rows: dict[str, int] = {}
        # item id -> QImage, None (no picture) or _PENDING; least recently drawn first
        self._thumbs: OrderedDict[str, Any] = OrderedDict()
        self._pictures = 0  # how many values of _thumbs are QImages
        loader.loaded.connect(self._on_loaded)

    # -- content -------------------------------------------------------------------------
    def set_event(self, folder: str | None, items: list[dict[str, Any]]) -> None:
        """Show ``items`` of ``folder``; answers for the previous event will be dropped."""
        self.beginResetModel()
        self.generation += 1
        self.loader.drop_queued()
        self.folder = folder
        self._items = sorted((dict(i) for i in items), key=sort_key)
        self._rows = {str(item.get("id")): row for row, item in enumerate(self._items)}
        self._thumbs = OrderedDict()
        self._pictures = 0
        self.endResetModel()

    def item(self, row: int) -> dict[str, Any]:
        return self._items[row]

    def row_of(self, item_id: str) -> int | None:
        return self._rows.get(item_id)

    def update_item(self, row: int, changes: dict[str, Any]) -> None:
        """Apply saved (or about to be saved) fields to the shown record."""
        self._items[row].update(changes)
        index = self.index(row)
        self.dataChanged.emit(index, index, [RatingRole, ItemRole, Qt.ItemDataRole.ToolTipRole])

    def thumbnails_answered(self) -> int:
        """How many thumbnails of this event came back (with or without a picture)."""
        return len([v for v in self._thumbs.values() if v is not _PENDING])

    # -- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's idiom)
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return os.path.basename(str(item.get("path", "")))
        if role == ItemRole:
            return item
        if role == RatingRole:
            return rating_of(item)
        if role == ThumbRole:
            return self._thumbnail(item)
        if role == ThumbStateRole:
            value = self._thumbs.get(str(item.get("id")), _PENDING)
            return "loading" if value is _PENDING else ("none" if value is None else "ready")
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [
                os.path.basename(str(item.get("path", ""))),
                capture_text(item.get("capture_time")),
            ]
            lines += [problem_text(p) for p in item.get("problems") or []]
            return "\n".join(lines)
        return None

    # -- thumbnails -----------------------------------------------------------------------
    def _thumbnail(self, item: dict[str, Any]) -> QImage | None:
        item_id = str(item.get("id"))
        if item_id not in self._thumbs:
            if item.get("kind") == "audio" or self.folder is None:
                self._thumbs[item_id] = None  # nothing to draw; the delegate shows an icon
            else:
                self._thumbs[item_id] = _PENDING
                self.loader.request(self.generation, self.folder, item)
        self._thumbs.move_to_end(item_id)
        value = self._thumbs[item_id]
        return None if value is _PENDING else value

    def _on_loaded(self, generation: int, item_id: str, image: QImage) -> None:
        if generation != self.generation or item_id not in self._rows:
            return  # an answer for an event that is no longer shown
        if not image.isNull() and not isinstance(self._thumbs.get(item_id), QImage):
            self._pictures += 1
        self._thumbs[item_id] = None if image.isNull() else image
        self._thumbs.move_to_end(item_id)
        self._forget_old_pictures()
        index = self.index(self._rows[item_id])
        self.dataChanged.emit(index, index, [ThumbRole, ThumbStateRole])

    def _forget_old_pictures(self) -> None:
        """Keep at most MAX_PICTURES decoded; a forgotten one is asked for again when drawn."""
        if self._pictures <= MAX_PICTURES:
            return
        for item_id in list(self._thumbs):  # least recently drawn first
            if self._pictures <= MAX_PICTURES * 0.9:  # evict in batches, not one per answer
                break
            if isinstance(self._thumbs[item_id], QImage):
                del self._thumbs[item_id]
                self._pictures -= 1


_PENDING = object()  # asked for, not answered yet
