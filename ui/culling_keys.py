"""Culling from the keyboard: a mark shows at once and is saved through the one catalog writer.

P toggles pick, X toggles reject, 0-5 set stars, on every selected item. The grid shows
the new mark before the disk write ends; the write (an fsynced line in this person's
edit journal, see ``media.culling``) runs on the writer runner: one thread, so writes land
in the order the keys were pressed. A failed write puts the marks back as the disk has
them and says why in ``failed``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from media.culling import Rating, event_items, rating_changes, rating_of, set_rating
from ui.grid_model import GridModel
from ui.grid_view import GridView
from ui.text import tr
from ui.workers import TaskRunner


def next_marks(current: Rating, action: str, value: int = 0) -> dict[str, Any]:
    """The marks a key asks for: P and X toggle, a digit sets the stars."""
    if action == "pick":
        return {"pick": not current.pick}
    if action == "reject":
        return {"reject": not current.reject}
    if action == "stars":
        return {"stars": value}
    raise ValueError(action)


class CullingController(QObject):
    """Connects the grid's culling keys to the model and the catalog writer."""

    saved = Signal(str)  # item id
    failed = Signal(str, str)  # item id, message for people

    def __init__(
        self,
        library: str,
        model: GridModel,
        view: GridView,
        writer: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.model = model
        self.view = view
        self.writer = writer
        view.culling.connect(self.apply)

    def apply(self, action: str, value: int = 0) -> int:
        """Mark the selected items (or the current one); returns how many were marked."""
        rows = sorted({index.row() for index in self.view.selectionModel().selectedIndexes()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        folder = self.model.folder
        if folder is None:
            return 0
        for row in rows:
            item = self.model.item(row)
            marks = next_marks(rating_of(item), action, value)
            self.model.update_item(row, rating_changes(**marks))
            self._save(folder, str(item["id"]), marks)
        return len(rows)

    def _save(self, folder: str, item_id: str, marks: dict[str, Any]) -> None:
        library = self.library
        self.writer.submit(
            lambda: set_rating(library, item_id, folder=folder, **marks),
            lambda changes: self._on_saved(folder, item_id, changes),
            lambda error: self._on_failed(folder, item_id, error),
        )

    def _on_saved(self, folder: str, item_id: str, changes: dict[str, Any]) -> None:
        self.saved.emit(item_id)

    def _on_failed(self, folder: str, item_id: str, error: BaseException) -> None:
        self.failed.emit(item_id, tr("No se pudo guardar la calificación: {0}").format(error))
        # Show what the disk really holds (read through the writer, after pending writes).
        self.writer.submit(
            lambda: event_items(folder),
            lambda items: self._restore(folder, item_id, items),
        )

    def _restore(self, folder: str, item_id: str, items: list[dict[str, Any]]) -> None:
        row = self.model.row_of(item_id)
        record = next((i for i in items if i.get("id") == item_id), None)
        if row is not None and record is not None and self.model.folder == folder:
            marks = rating_of(record)
            self.model.update_item(
                row, {"pick": marks.pick, "reject": marks.reject, "stars": marks.stars}
            )
