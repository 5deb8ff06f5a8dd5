"""«Agrupar parecidas» (Ctrl+G): the grid shows each group of near-duplicates as its best frame.

Photo Mechanic and Lightroom call them stacks. The groups are the ones «Sugerir fotos»
(``pick``) makes, read from the scores it cached for the event (``media.event_stacks``, on
a worker with what the grid must hide: ``ui.stack_view``; nothing is decoded, and the GUI
thread only hides rows). With the action on, the other members of each stack are hidden
(``QListView.setRowHidden``: the model, and every row number the window, the loupe and
the culling keys use, stay as they are); a member a person picked, or that is suggested,
is never hidden. The best frame carries a badge with the number of photos
(``ui.stack_badge``); a click on it, or S, opens the stack: its members show, banded;
again closes it. Stacks are read again when the event is opened or reloaded (after
«Sugerir fotos» the window reloads it), and their best frames chosen again when marks
change (a rejected best frame hands over to another). The choice is remembered in the
settings (``stack_similar``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPointF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QHelpEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QToolTip

from media.models import Cancelled, CancelToken
from ui.grid_delegate import picture_rect, thumb_box
from ui.grid_model import GridModel, ItemRole, StackRole, ThumbRole
from ui.stack_badge import StackMark, badge_rect
from ui.stack_view import (
    Reading,
    StackView,
    read_stacks,
    remember_choice,
    restack,
    saved_choice,
    stack_summary,
    stack_view,
)
from ui.text import tr
from ui.workers import TaskRunner

if TYPE_CHECKING:
    from media.event_stacks import Stack, Stacks
    from media.scores import PhotoScore
    from ui.grid_view import GridView

SHORTCUT = "Ctrl+G"
OPEN_KEY = "S"
MARKS_DELAY_MS = 250  # marks are gathered this long before the best frames are chosen again


class StackController(QObject):
    """The «Agrupar parecidas» action and the stacks of the event the grid shows."""

    message = Signal(str)  # for the status bar
    applied = Signal()  # the grid shows the stacks as they are now (or none)

    def __init__(
        self,
        model: GridModel,
        grid: GridView,
        tasks: TaskRunner,
        writer: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        """Reads the stacks on ``tasks``; saves the choice on ``writer``."""
        super().__init__(parent)
        self.model = model
        self.grid = grid
        self.tasks = tasks
        self.writer = writer
        self.stacks: Stacks | None = None
        self.summary = ""  # the last status line
        self.pending = 0  # readings under way (tests wait for 0)
        self._by_member: dict[str, Stack] = {}
        self._scores: dict[str, PhotoScore] | None = None
        self._folder: str | None = None
        self._opened: set[str] = set()  # open stacks, by their first member's id
        self._hidden: set[int] = set()
        self._marks: dict[str, StackMark] = {}
        self._generation = 0
        self._token = CancelToken()
        self._restoring = False
        self.action = QAction(tr("Agrupar parecidas"), parent)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setToolTip(
            tr(
                "Mostrar cada grupo de fotos parecidas solo con su mejor foto ({0}); "
                "{1} o un clic en el número abre o cierra un grupo"
            ).format(SHORTCUT, OPEN_KEY)
        )
        self.action.toggled.connect(self._on_toggled)
        self.open_action = QAction(tr("Abrir o cerrar el grupo de parecidas"), grid)
        self.open_action.setShortcut(QKeySequence(OPEN_KEY))
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.open_action.triggered.connect(self.toggle_current)
        grid.addAction(self.open_action)
        grid.viewport().installEventFilter(self)
        grid.selectionModel().currentChanged.connect(self._on_current)
        model.modelReset.connect(self._on_reset)
        model.dataChanged.connect(self._on_data_changed)
        self._marks_timer = QTimer(self)
        self._marks_timer.setSingleShot(True)
        self._marks_timer.setInterval(MARKS_DELAY_MS)
        self._marks_timer.timeout.connect(self._restack)
        tasks.submit(saved_choice, self._on_saved_choice)

    @property
    def enabled(self) -> bool:
        return self.action.isChecked()

    def hidden_rows(self) -> set[int]:
        """The rows hidden now (members of closed stacks)."""
        return set(self._hidden)

    def stack_of(self, item_id: str) -> Stack | None:
        return self._by_member.get(item_id)

    def is_open(self, stack: Stack) -> bool:
        return stack.members[0] in self._opened

    # -- on and off ---------------------------------------------------------------------
    def _on_saved_choice(self, on: bool) -> None:
        if on and not self.enabled:
            self._restoring = True  # the saved choice: nothing to save again
            self.action.setChecked(True)
            self._restoring = False

    def _on_toggled(self, on: bool) -> None:
        if not self._restoring:
            self.writer.submit(lambda: remember_choice(on), None, self._on_not_saved)
        if on:
            self._read(announce=True)
        else:
            self._generation += 1  # a reading under way is no longer wanted
            self._token.cancel()
            self.stacks, self._by_member, self._opened = None, {}, set()
            self._show(StackView())

    def _on_not_saved(self, error: BaseException) -> None:
        self.message.emit(tr("No se pudo guardar la preferencia: {0}").format(error))

    # -- reading ------------------------------------------------------------------------
    def _on_reset(self) -> None:
        """Another event, or the same one read again (after an ingest, «Sugerir fotos»)."""
        folder = self.model.folder
        same = folder is not None and folder == self._folder
        self._folder = folder
        self._hidden, self._marks = set(), {}  # the view and the model forgot them
        self._marks_timer.stop()
        self._scores = None  # «Sugerir fotos» may have scored more photos
        if not same:
            self.stacks, self._by_member, self._opened = None, {}, set()
        if not self.enabled:
            return
        if self.stacks is not None:  # at once, by item ids: a reload does not flash them open
            self._show(self._view(self.stacks))
        self._read(announce=True)

    def _read(self, announce: bool) -> None:
        folder = self.model.folder
        if folder is None:
            return
        self._token.cancel()
        token = self._token = CancelToken()
        records, scores, opened = self.model.records(), self._scores, set(self._opened)
        self._submit(lambda: read_stacks(folder, records, scores, opened, token), opened, announce)

    def _on_data_changed(self, top: QModelIndex, bottom: QModelIndex, roles: Any = ()) -> None:
        if self.enabled and ItemRole in (roles or ()):
            self._marks_timer.start()  # marks changed: gather them, then choose bests again

    def _restack(self) -> None:
        stacks, scores = self.stacks, self._scores
        if stacks is None or scores is None or not self.enabled:
            return
        records, opened = self.model.records(), set(self._opened)
        self._submit(lambda: restack(stacks, records, scores, opened), opened, announce=False)

    def _submit(self, work: Callable[[], Reading], opened: set[str], announce: bool) -> None:
        self._generation += 1
        generation, folder = self._generation, self.model.folder
        self.pending += 1
        self.tasks.submit(
            work,
            lambda reading: self._on_read(generation, folder, reading, opened, announce),
            self._on_error,
        )

    def _on_read(
        self,
        generation: int,
        folder: str | None,
        reading: Reading,
        opened: set[str],
        announce: bool,
    ) -> None:
        self.pending -= 1
        if generation != self._generation or folder != self.model.folder or not self.enabled:
            return  # another event, a newer reading, or the action was turned off
        self._scores, self.stacks = reading.scores, reading.stacks
        self._by_member = reading.stacks.stack_of()
        self._opened &= set(self._by_member)  # stacks that are gone are not open
        self.summary = stack_summary(reading.stacks)
        # A stack opened or closed meanwhile: its view is worked out again here.
        self._show(reading.view if opened == self._opened else self._view(reading.stacks))
        if announce:
            self.message.emit(self.summary)

    def _on_error(self, error: BaseException) -> None:
        self.pending -= 1
        if not isinstance(error, Cancelled):
            self.message.emit(tr("No se pudieron agrupar las parecidas: {0}").format(error))

    # -- showing ------------------------------------------------------------------------
    def _show(self, view: StackView) -> None:
        """Hide ``view.hide`` (and only those), draw ``view.marks``."""
        current = self.grid.currentIndex()
        if current.isValid() and current.row() in view.best_rows:
            self._make_current(view.best_rows[current.row()])
        for row in self._hidden - view.hide:
            self.grid.setRowHidden(row, False)
        for row in view.hide - self._hidden:
            self.grid.setRowHidden(row, True)
        self._hidden = view.hide
        selection = self.grid.selectionModel()
        for index in selection.selectedIndexes():
            if index.row() in view.hide:  # culling keys act on what the person sees
                selection.select(index, QItemSelectionModel.SelectionFlag.Deselect)
        self._marks = view.marks
        self.model.set_stack_marks(view.marks)
        self.applied.emit()

    def _view(self, stacks: Stacks) -> StackView:
        return stack_view(stacks.stacks, self.model.row_of, self.model.item, self._opened)

    def _make_current(self, row: int) -> None:
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.grid.selectionModel().setCurrentIndex(self.model.index(row), flags)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The window put the current item on a hidden row (the first row of an event):
        its stack's best frame takes its place."""
        if current.isValid() and current.row() in self._hidden:
            stack = self._by_member.get(str(self.model.item(current.row()).get("id")))
            best = self.model.row_of(stack.best) if stack else None
            if best is not None and best not in self._hidden:
                QTimer.singleShot(0, lambda: self._make_current(best))

    # -- opening and closing ------------------------------------------------------------
    def toggle(self, stack: Stack) -> None:
        """Open ``stack`` (its members show, banded) or close it again; the other stacks
        stay as they are."""
        key = stack.members[0]
        self._opened ^= {key}
        rows = {r for m in stack.members if (r := self.model.row_of(m)) is not None}
        view = stack_view([stack], self.model.row_of, self.model.item, self._opened)
        view.hide |= self._hidden - rows
        members = set(stack.members)
        view.marks.update((k, v) for k, v in self._marks.items() if k not in members)
        self._show(view)
        index = self.grid.currentIndex()
        if index.isValid():
            self.grid.scrollTo(index)

    def toggle_current(self) -> None:
        """S: open or close the stack of the grid's current photo."""
        index = self.grid.currentIndex()
        item_id = str(self.model.item(index.row()).get("id")) if index.isValid() else ""
        stack = self.stack_of(item_id)
        if not self.enabled:
            text = tr("Activa «Agrupar parecidas» ({0}) para abrir y cerrar grupos.")
            self.message.emit(text.format(SHORTCUT))
        elif stack is None:
            self.message.emit(tr("Esta foto no está en un grupo de parecidas."))
        else:
            self.toggle(stack)

    def badge_at(self, position: QPointF) -> Stack | None:
        """The stack whose badge is drawn under ``position`` (viewport coordinates)."""
        index = self.grid.indexAt(position.toPoint())
        mark = index.data(StackRole) if index.isValid() else None
        if not isinstance(mark, StackMark) or not mark.best:
            return None
        shown = picture_rect(thumb_box(self.grid.visualRect(index)), index.data(ThumbRole))
        if not badge_rect(shown, mark.size).adjusted(-3, -3, 3, 3).contains(position):
            return None
        return self._by_member.get(str(self.model.item(index.row()).get("id")))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Clicks on a badge open or close its stack; hovering it says so."""
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            assert isinstance(event, QMouseEvent)
            stack = self.badge_at(event.position())
            if stack is not None and event.button() == Qt.MouseButton.LeftButton:
                if kind == QEvent.Type.MouseButtonPress:
                    best = self.model.row_of(stack.best)
                    if best is not None:
                        self._make_current(best)
                    self.toggle(stack)
                return True  # a double click on the badge does not open the loupe
        elif kind == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            stack = self.badge_at(QPointF(event.pos()))
            if stack is not None:
                text = (
                    tr("Grupo de {0} fotos parecidas abierto: clic o {1} para cerrarlo")
                    if self.is_open(stack)
                    else tr("{0} fotos parecidas: clic o {1} para verlas")
                )
                size = len(stack.members)
                QToolTip.showText(event.globalPos(), text.format(size, OPEN_KEY), self.grid)
                return True
        return False
