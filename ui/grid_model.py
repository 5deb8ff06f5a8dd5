"""The items of one event folder as a list model; thumbnails are asked for when first drawn."""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Iterable
from types import MappingProxyType
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QImage

from media.culling import rating_of
from ui.text import capture_text, problem_text
from ui.thumbs import ThumbnailLoader

ItemRole = Qt.ItemDataRole.UserRole + 1  # the catalog record, read-only (a mapping)
ThumbRole = Qt.ItemDataRole.UserRole + 2  # QImage, or None while loading / without picture
ThumbStateRole = Qt.ItemDataRole.UserRole + 3  # "loading", "ready" or "none"
RatingRole = Qt.ItemDataRole.UserRole + 4  # media.culling.Rating
StackRole = Qt.ItemDataRole.UserRole + 5  # ui.stack_badge.StackMark, or None (in no stack)

AnyIndex = QModelIndex | QPersistentModelIndex
MAX_PICTURES = 600  # decoded thumbnails kept (about 200 KB each); others reload from disk
RETIRE_SLICE = 2000  # records of a replaced event let go per event-loop turn (~10 ms)


def sort_key(item: dict[str, Any]) -> tuple[str, str]:
    """Items in shooting order: local capture time, then path."""
    when = item.get("capture_time_local") or item.get("capture_time") or ""
    return str(when), str(item.get("path", ""))


class ShootingOrder(list[dict[str, Any]]):
    """Records in shooting order with their rows by id, made off the GUI thread (sorting
    20,000 records takes longer than a frame); ``GridModel.set_event`` takes it as it is."""

    rows: dict[str, int]


def shooting_order(items: Iterable[dict[str, Any]], copy: bool = True) -> ShootingOrder:
    """``items`` (copied unless the caller hands them over) sorted by ``sort_key``."""
    ordered = ShootingOrder(dict(i) for i in items) if copy else ShootingOrder(items)
    ordered.sort(key=sort_key)
    ordered.rows = {str(item.get("id")): row for row, item in enumerate(ordered)}
    return ordered


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
        self._stack_marks: dict[str, Any] = {}  # item id -> StackMark (ui.stacks sets them)
        self._retired: list[list[dict[str, Any]]] = []  # replaced records, freed bit by bit
        self._retire_timer = QTimer(self)
        self._retire_timer.setSingleShot(True)
        self._retire_timer.timeout.connect(self._free_some)
        loader.loaded.connect(self._on_loaded)

    # -- content -------------------------------------------------------------------------
    def set_event(self, folder: str | None, items: list[dict[str, Any]]) -> None:
        """Show ``items`` of ``folder``; answers for the previous event will be dropped.
        A ``ShootingOrder`` (``shooting_order(event_items(folder), copy=False)`` on a
        worker) is adopted as it is (the model owns it afterwards); other lists are copied
        and sorted here."""
        ordered = items if isinstance(items, ShootingOrder) else shooting_order(items)
        self.beginResetModel()
        self.generation += 1
        self.loader.drop_queued()
        self.folder = folder
        self._retire(self._items)
        self._items = ordered
        self._rows = ordered.rows
        self._thumbs = OrderedDict()
        self._pictures = 0
        self._stack_marks = {}
        self.endResetModel()

    def item(self, row: int) -> dict[str, Any]:
        return self._items[row]

    def records(self) -> list[dict[str, Any]]:
        """The shown records, in order (a new list; the records themselves are shared)."""
        return list(self._items)

    def _retire(self, records: list[dict[str, Any]]) -> None:
        """Let go of a replaced event's records a slice per event-loop turn: freeing 20,000
        records at once holds the GUI thread for a tenth of a second."""
        if len(records) > RETIRE_SLICE:
            self._retired.append(records)
            self._retire_timer.start(0)

    def _free_some(self) -> None:
        records = self._retired[-1]
        del records[-RETIRE_SLICE:]
        if not records:
            self._retired.pop()
        if self._retired:
            self._retire_timer.start(0)

    def row_of(self, item_id: str) -> int | None:
        return self._rows.get(item_id)

    def set_stack_marks(self, marks: dict[str, Any]) -> None:
        """Show ``marks`` (item id -> ``ui.stack_badge.StackMark``) as the items' StackRole."""
        self._stack_marks = marks
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1), [StackRole])

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
            return MappingProxyType(item)  # a dict would be copied twice through QVariant
        if role == RatingRole:
            return rating_of(item)
        if role == StackRole:
            return self._stack_marks.get(str(item.get("id")))
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
