"""Culling from the keyboard: a mark shows at once and is saved through the one catalog writer.

The same keys work in the grid and in the loupe (``key_action``): P toggles pick, X toggles
reject, 0-5 set stars, 6-9 set a colour label (red, yellow, green, blue, as Photo Mechanic
and Lightroom; the same key again clears it), Shift+P accepts the suggested picks of the
event, C opens the caption editor. Marks apply to every selected item. The grid shows the
new mark before the disk write ends; the write (fsynced lines in this person's edit
journal, see ``media.edits``) runs on the writer runner: one thread, so writes land in the
order the keys were pressed. After the journal, the marked items' XMP sidecars are rewritten
as ``rate`` does (``media.annotate.refresh_sidecars``), so Lightroom, Bridge and Photo
Mechanic see them; a card's own sidecar is left as it is. A failed journal write puts the
marks back as the disk has them and says why in ``failed``; sidecars that could not be
written keep the marks (the journal has them) and get one message in ``failed``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeyEvent

from media.annotate import SidecarRefresh, refresh_sidecars
from media.culling import event_items, rating_changes, rating_of
from media.edits import record_edits
from ui.grid_model import GridModel
from ui.text import problem_line, tr
from ui.workers import TaskRunner

if TYPE_CHECKING:
    from ui.grid_view import GridView

LABEL_KEYS = {6: "rojo", 7: "amarillo", 8: "verde", 9: "azul"}
MARK_ACTIONS = ("pick", "reject", "stars", "label")
_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(10)}
_PLAIN = Qt.KeyboardModifier.NoModifier
_SHIFT = Qt.KeyboardModifier.ShiftModifier


def key_action(event: QKeyEvent) -> tuple[str, int] | None:
    """The culling action a key press asks for, or None: ("pick" | "reject" | "stars" |
    "label" | "accept_suggested" | "caption", digit or 0)."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    key = event.key()
    if modifiers == _SHIFT and key == Qt.Key.Key_P:
        return ("accept_suggested", 0)
    if modifiers != _PLAIN:
        return None
    if key == Qt.Key.Key_P:
        return ("pick", 0)
    if key == Qt.Key.Key_X:
        return ("reject", 0)
    if key == Qt.Key.Key_C:
        return ("caption", 0)
    if key in _DIGITS:
        digit = _DIGITS[key]
        return ("label", digit) if digit in LABEL_KEYS else ("stars", digit)
    return None


def send_key(event: QKeyEvent, culling: SignalInstance, command: SignalInstance) -> bool:
    """Emit a culling key's action on ``culling`` (C: "caption" on ``command``); False when
    the key is not a culling key. The grid and the loupe share it."""
    action = key_action(event)
    if action is None:
        return False
    if action[0] == "caption":
        command.emit("caption")
    else:
        culling.emit(*action)
    return True


def next_marks(item: Mapping[str, Any], action: str, value: int = 0) -> dict[str, Any]:
    """The fields to record for a key on ``item``: P and X toggle, 0-5 set the stars, 6-9
    set a label or clear it when the item already has that one. Pick clears reject and
    the other way round."""
    current = rating_of(item)
    if action == "pick":
        return rating_changes(pick=not current.pick)
    if action == "reject":
        return rating_changes(reject=not current.reject)
    if action == "stars":
        return rating_changes(stars=value)
    if action == "label":
        label = LABEL_KEYS[value]
        return {"label": "" if item.get("label") == label else label}
    raise ValueError(action)


def save_marks(
    library: str, folder: str, marks: list[tuple[str, dict[str, Any]]]
) -> SidecarRefresh:
    """Record each (item id, fields) in this person's journal of ``folder`` (fsynced), then
    rewrite those items' XMP sidecars with everybody's marks (once for the batch). Raises
    when the journal cannot be written; the sidecars of the marks already recorded are
    refreshed all the same. Sidecars that could not be written are the result's problems.
    Runs on the writer thread."""
    from media.settings import load_settings

    writer = load_settings().writer_id
    recorded: list[str] = []
    try:
        for item_id, changes in marks:
            record_edits(folder, writer, item_id, changes)
            recorded.append(item_id)
    finally:
        refreshed = refresh_sidecars(library, folder, recorded) if recorded else SidecarRefresh()
    return refreshed


def sidecar_message(refresh: SidecarRefresh) -> str:
    """One sentence for the sidecars a batch of marks could not write ("" when none failed)."""
    if not refresh.problems:
        return ""
    problem = refresh.problems[0]  # named by its file: the status bar is one line
    first = problem_line(replace(problem, path=os.path.basename(problem.path)))
    if len(refresh.problems) == 1:
        return tr("Marca guardada, pero no se pudo actualizar su XMP: {0}").format(first)
    return tr("Marcas guardadas, pero {0} XMP no se pudieron actualizar; el primero: {1}").format(
        len(refresh.problems), first
    )


class CullingController(QObject):
    """Connects the culling keys of the grid (and the loupe) to the model and the writer."""

    saved = Signal(str)  # item id
    failed = Signal(str, str)  # item id, message for people
    accepted = Signal(int)  # how many suggested picks were accepted (once saved)

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

    def selected_rows(self) -> list[int]:
        """The selected rows the grid shows (not the members of a closed stack), or the
        current one when nothing is selected."""
        selected = self.view.selectionModel().selectedIndexes()
        rows = sorted({i.row() for i in selected if not self.view.isRowHidden(i.row())})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return rows

    def apply(self, action: str, value: int = 0) -> int:
        """Mark the selected items (or the current one); returns how many were marked."""
        if action == "accept_suggested":
            return self.accept_suggested()
        if action not in MARK_ACTIONS or self.model.folder is None:
            return 0
        rows = self.selected_rows()
        return self._mark([(row, next_marks(self.model.item(row), action, value)) for row in rows])

    def accept_suggested(self) -> int:
        """Pick every item of the event that ``pick --save`` suggested and nobody has picked
        or rejected; returns how many."""
        if self.model.folder is None:
            return 0
        rows = []
        for row in range(self.model.rowCount()):
            item = self.model.item(row)
            marks = rating_of(item)
            if item.get("suggested") is True and not marks.pick and not marks.reject:
                rows.append(row)
        count = self._mark([(row, rating_changes(pick=True)) for row in rows], accepting=True)
        if count == 0:
            self.accepted.emit(0)
        return count

    def _mark(self, rows: list[tuple[int, dict[str, Any]]], accepting: bool = False) -> int:
        folder = self.model.folder
        if folder is None or not rows:
            return 0
        batch = []
        for row, changes in rows:
            self.model.update_item(row, changes)
            batch.append((str(self.model.item(row)["id"]), changes))
        ids = [item_id for item_id, _changes in batch]
        self.writer.submit(
            self._save_task(folder, batch),
            lambda result: self._on_saved(ids, accepting, result),
            lambda error: self._on_failed(folder, ids, error),
        )
        return len(rows)

    def _save_task(self, folder: str, batch: list[tuple[str, dict[str, Any]]]) -> Callable[[], Any]:
        """What the writer thread runs to save ``batch``: this person's journal in ``folder``,
        then the items' sidecars in the library."""
        library = self.library
        return lambda: save_marks(library, folder, batch)

    def _on_saved(self, ids: list[str], accepting: bool, result: Any = None) -> None:
        for item_id in ids:
            self.saved.emit(item_id)
        if accepting:
            self.accepted.emit(len(ids))
        if isinstance(result, SidecarRefresh) and result.problems:
            # The marks are in the journal (shown as they are); one message for the batch.
            failed_id = result.failed_ids[0] if result.failed_ids else ids[0]
            self.failed.emit(failed_id, sidecar_message(result))

    def _on_failed(self, folder: str, ids: list[str], error: BaseException) -> None:
        for item_id in ids:
            self.failed.emit(item_id, tr("No se pudo guardar la calificación: {0}").format(error))
        # Show what the disk really holds (read through the writer, after pending writes).
        self.writer.submit(
            lambda: event_items(folder),
            lambda items: self._restore(folder, set(ids), items),
        )

    def _restore(self, folder: str, ids: set[str], items: list[dict[str, Any]]) -> None:
        if self.model.folder != folder:
            return
        for record in items:
            row = self.model.row_of(str(record.get("id")))
            if row is not None and record.get("id") in ids:
                marks = rating_of(record)
                self.model.update_item(
                    row,
                    {
                        "pick": marks.pick,
                        "reject": marks.reject,
                        "stars": marks.stars,
                        "label": record.get("label", ""),
                    },
                )
