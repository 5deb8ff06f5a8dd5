"""The left-hand panel: the library's events by date, with counts, sync state and a search box.

Loading never waits for the slow parts (``EventPanel.reload``): the folders are listed
first, with the counts the cache still holds (``media.event_summary``); then the events
whose catalogs changed are counted; then the search index (``media.search_index``) and
the sync state of each event (``sync.event_state``) come, each from a worker. Answers
from an older reload are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QListView, QVBoxLayout, QWidget

from media.event_summary import (
    EventCounts,
    EventSummary,
    count_events,
    count_items,
    list_events,
    load_events,
    with_counts,
)
from media.models import CancelToken
from media.search_index import (
    EventDoc,
    SearchIndex,
    build_index,
    event_text,
    store_items,
    texts_of,
)
from sync.event_state import EventSyncState, configured_sync_states
from ui.event_list_model import EventDelegate, EventFilter, EventListModel, EventRole
from ui.text import tr
from ui.workers import TaskRunner

__all__ = ["EventPanel", "EventSummary", "load_events"]

REFRESH_DELAY_MS = 1500  # after marks and captions: counts, index and sync state again
BACKGROUND_DELAY_MS = 300  # after the list (and while ``busy``): index and sync states


class EventPanel(QWidget):
    """Search box over the event list. ``chosen(folder, by_person)`` when an event is
    selected; ``listed(events)`` each time a reload has listed the folders."""

    chosen = Signal(str, bool)
    listed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(tr("Buscar: título, lugar, fecha o pie de foto…"))
        self.search.setClearButtonEnabled(True)
        self.model = EventListModel(self)
        self.proxy = EventFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QListView()
        self.view.setObjectName("events")
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(EventDelegate(self.view))
        self.view.setUniformItemSizes(True)
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        self.search.textChanged.connect(self._run_search)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.view.clicked.connect(lambda index: self._emit(index, True))
        self.view.activated.connect(lambda index: self._emit(index, True))
        self.index: SearchIndex | None = None  # with the items' texts, once built
        self._quick_index: SearchIndex | None = None  # events' own texts, until then
        self.library: str | None = None
        self.tasks: TaskRunner | None = None
        self._generation = 0
        self._cancel = CancelToken()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self._refresh)
        self._background: tuple[int, CancelToken] | None = None
        # True while the window reads what the person is looking at (an event's catalog):
        # the search index and the sync states wait for it, so as not to slow it down.
        self.busy: Callable[[], bool] = lambda: False
        self._background_timer = QTimer(self)
        self._background_timer.setSingleShot(True)
        self._background_timer.setInterval(BACKGROUND_DELAY_MS)
        self._background_timer.timeout.connect(self._index_and_sync)
        self._pending: tuple[str, Callable[[], list[dict[str, Any]]]] | None = None
        self._filtering = False  # the search is changing the rows: not a choice
        self._chosen: str | None = None  # the event last chosen (shown in the grid)

    # -- loading ----------------------------------------------------------------------------
    def reload(self, library: str, tasks: TaskRunner) -> None:
        """List the library's events again on ``tasks`` (``listed`` is emitted with them);
        then counts, search index and sync state follow, each as soon as it is ready (see
        the module's text)."""
        self.library, self.tasks = library, tasks
        self._refresh_timer.stop()
        self._generation += 1
        generation = self._generation
        self._cancel.cancel()
        cancel = self._cancel = CancelToken()

        def keep_texts(folder: str, stamp: list[Any], items: list[dict[str, Any]]) -> None:
            store_items(library, folder, stamp, items)

        def listed(result: tuple[list[EventSummary], list[str]]) -> None:
            if generation != self._generation:
                return
            summaries, stale = result
            self.listed.emit(summaries)
            if not stale:
                self._after_counts(generation, cancel)
                return
            tasks.submit(
                lambda: count_events(library, stale, cancel=cancel, on_items=keep_texts),
                lambda counted: self._on_counted(generation, cancel, counted),
            )

        tasks.submit(lambda: list_events(library, on_items=keep_texts), listed)

    def schedule_refresh(self, folder: str, records: Callable[[], list[dict[str, Any]]]) -> None:
        """After marks or captions in ``folder``: its counts and search texts, from
        ``records()`` (its records as the grid shows them: nothing is read again), and
        every event's sync state, shortly. A burst of marks makes one refresh."""
        self._pending = (folder, records)
        if self.library is not None:
            self._refresh_timer.start()

    def stop(self) -> None:
        """Ask running loads to stop at their next event (the window is closing)."""
        self._refresh_timer.stop()
        self._background_timer.stop()
        self._generation += 1
        self._cancel.cancel()

    def _refresh(self) -> None:
        pending, self._pending = self._pending, None
        if pending is None or self.library is None or self.tasks is None:
            return
        folder, records = pending
        snapshot = list(records())
        library, generation = self.library, self._generation
        folders = [e.folder for e in self.model.events]
        old = self.index.docs.get(folder) if self.index is not None else None

        def work() -> tuple[EventCounts, EventDoc | None, dict[str, EventSyncState]]:
            doc = EventDoc(old.summary, old.text, None, texts_of(snapshot)) if old else None
            states = configured_sync_states(library, folders)
            return count_items(snapshot), doc, states

        self.tasks.submit(work, lambda result: self._on_refreshed(generation, folder, *result))

    def _on_refreshed(
        self,
        generation: int,
        folder: str,
        counts: EventCounts,
        doc: EventDoc | None,
        states: dict[str, EventSyncState],
    ) -> None:
        if generation != self._generation:
            return  # a reload came meanwhile: it read everything anew
        row = self.model.row_of(folder)
        if row is not None:
            self.model.update_summaries([with_counts(self.model.events[row], counts)])
        if doc is not None and self.index is not None and folder in self.index.docs:
            self.index = self.index.with_doc(doc)  # words as shown; read again at a reload
        self.model.set_sync_states(states)
        if self.search.text().strip():
            self._run_search(self.search.text())

    def _on_counted(
        self, generation: int, cancel: CancelToken, counted: list[EventSummary]
    ) -> None:
        if generation != self._generation:
            return
        self.model.update_summaries(counted)
        self._quick_index = None
        self._after_counts(generation, cancel)

    def _after_counts(self, generation: int, cancel: CancelToken) -> None:
        """The search index, then the sync states, shortly: the event the person looks at
        opens first (its catalog is being read now), and one task, so the background
        never takes more than one thread from the GUI thread here."""
        self._background = (generation, cancel)
        self._background_timer.start()

    def _index_and_sync(self) -> None:
        if self._background is None or self.library is None or self.tasks is None:
            return
        if self.busy():
            self._background_timer.start()  # the window is reading what people look at
            return
        (generation, cancel), self._background = self._background, None
        if generation != self._generation:
            return
        library, summaries = self.library, list(self.model.events)
        previous = self.index
        folders = [s.folder for s in summaries]

        def work() -> tuple[SearchIndex, dict[str, EventSyncState]]:
            index = build_index(library, summaries, previous, cancel=cancel)
            return index, configured_sync_states(library, folders, cancel=cancel)

        self.tasks.submit(work, lambda result: self._on_index(generation, cancel, *result))

    def _on_index(
        self,
        generation: int,
        cancel: CancelToken,
        index: SearchIndex,
        states: dict[str, EventSyncState],
    ) -> None:
        if generation != self._generation or cancel.cancelled:
            return  # partial answers: the next reload makes whole ones
        self.index = index
        self.model.set_sync_states(states)
        if self.search.text().strip():
            self._run_search(self.search.text())

    # -- list and search --------------------------------------------------------------------
    def set_events(self, events: list[EventSummary], keep: str | None = None) -> None:
        """Replace the list; select ``keep`` (a folder) when it is still there, else the first."""
        self.model.set_events(events)
        self._quick_index = None
        if self.search.text().strip():
            self._run_search(self.search.text())
        if keep and self.select(keep):
            return
        if self.proxy.rowCount():
            self.view.setCurrentIndex(self.proxy.index(0, 0))

    def search_index(self) -> SearchIndex:
        """The index searched now: the built one, or the events' own texts until it comes."""
        if self.index is not None and set(self.index.docs) == self.model.folders():
            return self.index
        if self._quick_index is None:
            docs = [EventDoc(e, event_text(e), None) for e in self.model.events]
            self._quick_index = SearchIndex(docs)
        return self._quick_index

    def _run_search(self, text: str) -> None:
        """Filter the list. The event shown stays shown (and selected when it is still
        listed): typing never opens another event."""
        shown = self.current_folder() or self._chosen
        self._filtering = True
        try:
            self.model.set_hits(self.search_index().search(text))
            self.proxy.refresh()
            if not (shown and self.select(shown)):
                self.view.selectionModel().clearCurrentIndex()
                self.view.selectionModel().clearSelection()
        finally:
            self._filtering = False

    def select(self, folder: str) -> bool:
        """Select the event in ``folder``; False when it is not in the (filtered) list."""
        row = self.model.row_of(folder)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row))
        if not index.isValid():
            return False
        self.view.setCurrentIndex(index)
        return True

    def current_folder(self) -> str | None:
        event = self.view.currentIndex().data(EventRole)
        return event.folder if event is not None else None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._filtering:
            self._emit(current, False)

    def _emit(self, index: QModelIndex, by_person: bool) -> None:
        event = index.data(EventRole) if index.isValid() else None
        if event is not None:
            self._chosen = event.folder
            self.chosen.emit(event.folder, by_person)
