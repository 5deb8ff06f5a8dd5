"""The main window: events on the left, the grid in the centre, details on the right, jobs below.

Disk work never runs here: event summaries, catalogs and scans go to ``tasks``; catalog
writes (and the catalog reads that must see them) go to ``writer``, a single thread;
ingests queue on ``ingest_runner``, one at a time; thumbnails come from ``loader``.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from media.culling import event_items
from ui.culling_keys import CullingController
from ui.details_panel import DetailsPanel
from ui.event_list import EventPanel, EventSummary, load_events
from ui.grid_model import GridModel, ThumbRole
from ui.grid_view import GridView
from ui.ingest_dialog import IngestDialog
from ui.ingest_job import IngestJob
from ui.jobs import JobsPanel
from ui.qt_compat import install_singleton_guard
from ui.text import tr
from ui.thumbs import ThumbnailLoader
from ui.workers import TaskRunner


class MainWindow(QMainWindow):
    def __init__(self, library: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        install_singleton_guard()  # no-op unless this PySide6 leaks True/None references
        self.library = os.path.abspath(library)
        self.setWindowTitle(tr("Cobertura — {0}").format(self.library))
        self.resize(1360, 860)
        self.tasks = TaskRunner(self, threads=2)
        self.writer = TaskRunner(self, writer=True)
        self.ingest_runner = TaskRunner(self, writer=True)
        self.loader = ThumbnailLoader(self)
        self.model = GridModel(self.loader, self)
        self.events_loaded = False
        self.items_loaded_for: str | None = None
        self._wanted_folder: str | None = None
        self._focus_grid = True  # the first event shown takes the keyboard: culling at once
        self.dialogs: list[IngestDialog] = []
        self._build()
        self.culling = CullingController(self.library, self.model, self.grid, self.writer, self)
        self.culling.saved.connect(self._on_mark_saved)
        self.culling.failed.connect(lambda _id, text: self.statusBar().showMessage(text, 10000))
        self.reload_events()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        toolbar = QToolBar(tr("Acciones"))
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        self.import_action = QAction(tr("Importar tarjeta…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(lambda: self.open_ingest_dialog())
        refresh = QAction(tr("Actualizar"), self)
        refresh.setShortcut(QKeySequence("F5"))
        refresh.triggered.connect(self.reload_events)
        find = QAction(tr("Buscar evento"), self)
        find.setShortcut(QKeySequence("Ctrl+F"))
        find.triggered.connect(self._focus_search)
        self.addAction(find)
        toolbar.addAction(self.import_action)
        toolbar.addAction(refresh)
        hint = QLabel(
            tr("   Teclas: flechas para moverse · P elegir · X descartar · 0–5 estrellas")
        )
        hint.setObjectName("dim")
        toolbar.addWidget(hint)

        self.event_panel = EventPanel()
        self.event_panel.chosen.connect(self.open_event)
        self.grid = GridView()
        self.grid.setModel(self.model)
        self.grid.selectionModel().currentChanged.connect(self._on_current_item)
        self.model.dataChanged.connect(self._on_item_changed)
        self.empty = QLabel()
        self.empty.setObjectName("empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.centre = QStackedWidget()
        self.centre.addWidget(self.empty)
        self.centre.addWidget(self.grid)
        self.details = DetailsPanel()
        self.jobs = JobsPanel()

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.event_panel)
        split.addWidget(self.centre)
        split.addWidget(self.details)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 760, 300])
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(split, 1)
        layout.addWidget(self.jobs)
        self.setCentralWidget(body)
        self.statusBar().showMessage(tr("Biblioteca: {0}").format(self.library))
        self._show_empty(tr("Cargando la biblioteca…"))

    def _focus_search(self) -> None:
        self.event_panel.search.setFocus()
        self.event_panel.search.selectAll()

    def _show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.centre.setCurrentWidget(self.empty)

    # -- events ---------------------------------------------------------------------------
    def reload_events(self) -> None:
        """Read the library's event folders again (on a worker) and refresh the list."""
        library = self.library
        self.tasks.submit(lambda: load_events(library), self._on_events)

    def _on_events(self, events: list[EventSummary]) -> None:
        keep = self._wanted_folder or self.event_panel.current_folder()
        self.events_loaded = True
        if not events:
            self.model.set_event(None, [])
            self.details.show_item(None)
            self._show_empty(
                tr("La biblioteca está vacía.")
                + "\n"
                + tr("Importa una tarjeta con «Importar tarjeta…» (Ctrl+I).")
            )
        self.event_panel.set_events(events, keep)
        shown = self.event_panel.current_folder()
        if shown is not None and shown == self.items_loaded_for:
            self.open_event(shown, reload=True)  # an ingest may have added files to it

    def select_event(self, folder: str) -> bool:
        """Select (and open) the event in ``folder``; False when the list does not hold it."""
        return self.event_panel.select(folder)

    def open_event(self, folder: str, by_person: bool = False, reload: bool = False) -> None:
        """Show ``folder``'s items in the grid; the catalog is read behind pending writes."""
        self._focus_grid = self._focus_grid or by_person
        if folder == self._wanted_folder and not reload:
            if self.items_loaded_for == folder and self._focus_grid:
                self.grid.setFocus()
                self._focus_grid = False
            return  # already shown, or on its way
        self._wanted_folder = folder
        self.writer.submit(lambda: event_items(folder), lambda items: self._on_items(folder, items))

    def _on_items(self, folder: str, items: list[dict[str, Any]]) -> None:
        if folder != self._wanted_folder:
            return  # another event was chosen meanwhile
        current = self.grid.currentIndex()
        keep_id = (
            self.model.item(current.row()).get("id")
            if (current.isValid() and self.model.folder == folder)
            else None
        )
        self.model.set_event(folder, items)
        self.items_loaded_for = folder
        if not items:
            self._show_empty(tr("Este evento no tiene archivos."))
            self.details.show_item(None)
            return
        self.centre.setCurrentWidget(self.grid)
        row = self.model.row_of(str(keep_id)) if keep_id else None
        self.grid.setCurrentIndex(self.model.index(row or 0))
        if self._focus_grid:
            self.grid.setFocus()
            self._focus_grid = False

    def _on_mark_saved(self, _item_id: str) -> None:
        self.statusBar().showMessage(tr("Guardado."), 2000)
        folder = self.model.folder
        if folder is not None:
            picks = sum(1 for r in range(self.model.rowCount()) if self.model.item(r).get("pick"))
            self.event_panel.model.update_event(folder, picks=picks)

    # -- selection and details ------------------------------------------------------------
    def current_item(self) -> dict[str, Any] | None:
        index = self.grid.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def _on_current_item(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.details.show_item(None)
            return
        self.details.show_item(self.model.item(current.row()), current.data(ThumbRole))

    def _on_item_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: Any
    ) -> None:
        current = self.grid.currentIndex()
        if current.isValid() and top_left.row() <= current.row() <= bottom_right.row():
            self.details.show_item(self.model.item(current.row()), current.data(ThumbRole))

    # -- ingest ---------------------------------------------------------------------------
    def open_ingest_dialog(self, source: str | None = None) -> IngestDialog:
        """Open a new ingest dialog (optionally on ``source``); it stays open until closed."""
        dialog = IngestDialog(self.library, self.tasks, self.ingest_runner, self, job_parent=self)
        dialog.job_started.connect(lambda job: self._on_ingest_started(job, dialog))
        self.dialogs.append(dialog)
        if source:
            dialog.set_source(source)
        dialog.show()
        return dialog

    def _on_ingest_started(self, job: IngestJob, dialog: IngestDialog) -> None:
        self.jobs.add(job, on_open=lambda: (dialog.show(), dialog.raise_()))
        job.finished.connect(lambda _ok, _summary: self.reload_events())

    # -- closing --------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop running jobs at a safe point, finish every catalog write, then close."""
        for job in self.jobs.running():
            job.cancel()
        self.loader.shutdown()
        self.ingest_runner.wait()
        self.writer.wait()  # a pick pressed just before closing is on disk before we go
        self.tasks.shutdown()
        for dialog in self.dialogs:
            dialog.close()
        super().closeEvent(event)
