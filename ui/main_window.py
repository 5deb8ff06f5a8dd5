"""The main window: events on the left, the grid in the centre, details on the right, jobs below.

Disk work never runs here: event summaries, catalogs and scans go to ``tasks``; catalog
writes (and the catalog reads that must see them) go to ``writer``, a single thread;
ingests queue on ``ingest_runner``, one at a time; thumbnails come from ``loader``.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

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
from media.export_event import choose_items, event_for_folder
from ui.agenda_panel import AgendaPanel
from ui.card_watch import CardBanner, CardWatcher
from ui.culling_keys import CullingController
from ui.details_panel import DetailsPanel
from ui.event_list import EventPanel, EventSummary
from ui.grid_model import GridModel, ThumbRole, shooting_order
from ui.grid_view import GridView
from ui.jobs import JobsPanel
from ui.loupe_mode import LoupeMode
from ui.qt_compat import install_singleton_guard
from ui.stacks import StackController
from ui.suggest_job import SuggestController
from ui.text import tr
from ui.thumbs import ThumbnailLoader
from ui.trim_output import CUTS_FOLDER
from ui.workers import TaskRunner
from ui.writer_view import WriterView, mode_actions

if TYPE_CHECKING:  # imported when first used: the window opens sooner
    from ui.ingest_dialog import IngestDialog
    from ui.ingest_job import IngestJob
    from ui.trim_view import TrimView


class MainWindow(QMainWindow):
    def __init__(self, library: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        install_singleton_guard()  # no-op unless this PySide6 leaks True/None references
        # Workers run Python while the GUI thread paints: hand the GIL over every 1 ms, not
        # every 5, or each of the GUI thread's calls into Qt can wait 5 ms to get it back
        # (measured on the bench/app.py library: the longest GUI stalls while a 20,000-item
        # event opens went from 0.6-1 s to 0.2-0.4 s).
        sys.setswitchinterval(0.001)
        self.library = os.path.abspath(library)
        self.setWindowTitle(tr("Cobertura — {0}").format(self.library))
        self.resize(1360, 860)
        self.tasks = TaskRunner(self, threads=2)
        self.writer = TaskRunner(self, writer=True)
        self.ingest_runner = TaskRunner(self, writer=True)
        self.trim_runner = TaskRunner(self, writer=True)  # one ffmpeg cut at a time
        self.trim_views: list[TrimView] = []
        self.card_watcher = CardWatcher(self.library, parent=self)
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
        # «Sugerir fotos» (Ctrl+Shift+S): `pick --save` as a job, before «Exportar boletín…».
        self.suggest = SuggestController(self.library, self.model, self.jobs, self.writer, self)
        self.toolbar.insertAction(self.export_action, self.suggest.action)
        self.suggest.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.suggest.suggested.connect(self._on_suggested)
        # «Agrupar parecidas» (Ctrl+G): each group of near-duplicates as its best frame.
        self.stacks = StackController(self.model, self.grid, self.tasks, self.writer, self)
        self.toolbar.insertAction(self.export_action, self.stacks.action)
        self.stacks.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.loupe_mode = LoupeMode(self, self.toolbar)  # loupe, compare, full screen
        self.details.attach(self.library, self.model, self.grid, self.writer, self.tasks)
        self.details.caption_editor.finished.connect(self.loupe_mode.return_focus)
        self.details.caption_editor.saved.connect(lambda *_: self._refresh_event_list())
        self.reload_events()
        self.card_watcher.start()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        toolbar = QToolBar(tr("Acciones"))
        toolbar.setMovable(False)
        self.toolbar = toolbar
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
        self.settings_action = QAction(tr("Preferencias…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings_dialog)
        toolbar.addAction(self.import_action)
        self.export_action = QAction(tr("Exportar boletín…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(lambda: self.open_export_dialog())
        toolbar.addAction(self.export_action)
        toolbar.addAction(refresh)
        toolbar.addAction(self.settings_action)
        toolbar.addSeparator()
        self.mode_actions = mode_actions(self, self.show_shared)  # Biblioteca / Carpeta compartida
        toolbar.addActions(self.mode_actions)
        hint = QLabel(
            tr(
                "   Teclas: P elegir · X descartar · 0–5 estrellas · 6–9 color · "
                "Intro lupa · F pantalla completa · C pie de foto"
            )
        )
        hint.setObjectName("dim")
        toolbar.addWidget(hint)

        self.event_panel = EventPanel()
        self.event_panel.chosen.connect(self.open_event)
        self.event_panel.listed.connect(self._on_events)
        self.event_panel.busy = lambda: self.writer.pending > 0  # an event's catalog first
        self.agenda_panel = AgendaPanel(self.library, self.tasks)
        self.agenda_panel.chosen.connect(self._open_agenda_folder)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.agenda_panel)  # as tall as the day's events
        left_layout.addWidget(self.event_panel, 1)
        self.grid = GridView()
        self.grid.setModel(self.model)
        self.grid.selectionModel().currentChanged.connect(self._on_current_item)
        self.grid.command.connect(self._trim_on_open)  # video and audio open the trim view
        trim = QAction(tr("Recortar video o audio"), self.grid)
        trim.setShortcut(QKeySequence("T"))
        trim.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        trim.triggered.connect(lambda: self._trim_on_open("loupe"))
        self.grid.addAction(trim)
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
        split.addWidget(left)
        split.addWidget(self.centre)
        split.addWidget(self.details)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 760, 300])
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.card_banner = CardBanner(self.card_watcher)
        self.card_banner.import_requested.connect(self.open_ingest_dialog)
        layout.addWidget(self.card_banner)
        self.writer_view = WriterView(codes_library=self.library, jobs=self.jobs)
        self.writer_view.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.modes = QStackedWidget()  # the library, or the writers' view of the shared folder
        self.modes.addWidget(split)
        self.modes.addWidget(self.writer_view)
        layout.addWidget(self.modes, 1)
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
        self.event_panel.reload(self.library, self.tasks)  # counts, index, sync state follow
        self.agenda_panel.reload()  # files ingested since: the day's counts change

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

    def _open_agenda_folder(self, folder: str) -> None:
        """An agenda event with files: its folder in the list (search cleared if it hid it)."""
        if not self.select_event(folder):
            self.event_panel.search.clear()
            self.select_event(folder)
        self.grid.setFocus()

    def open_event(self, folder: str, by_person: bool = False, reload: bool = False) -> None:
        """Show ``folder``'s items in the grid; the catalog is read behind pending writes."""
        self._focus_grid = self._focus_grid or by_person
        if folder == self._wanted_folder and not reload:
            if self.items_loaded_for == folder and self._focus_grid:
                self.grid.setFocus()
                self._focus_grid = False
            return  # already shown, or on its way
        self._wanted_folder = folder
        self.writer.submit(
            lambda: shooting_order(event_items(folder), copy=False),  # sorted off the GUI thread
            lambda items: self._on_items(folder, items),
        )

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
        if not (keep_id and self.loupe_mode.is_open):  # a reload leaves the loupe open
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
            self._refresh_event_list()

    def _on_suggested(self, folder: str) -> None:
        """Suggestions recorded: the event shown reads its journal again (dashed badges,
        score words in the details)."""
        if folder == self.model.folder:
            self.open_event(folder, reload=True)

    def _refresh_event_list(self) -> None:
        """After marks or captions: the shown event's counts, search texts, sync state."""
        if self.model.folder is not None:
            self.event_panel.schedule_refresh(self.model.folder, self.model.records)

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

    # -- export ---------------------------------------------------------------------------
    def export_items(self) -> list[dict[str, Any]]:
        """What "Exportar boletín…" exports: the selection when it holds several items,
        else the event's picked photos, else its suggested picks, else the selected item."""
        rows = sorted({index.row() for index in self.grid.selectionModel().selectedIndexes()})
        selected = [self.model.item(row) for row in rows if not self.grid.isRowHidden(row)]
        if len(selected) > 1:
            return selected
        every = [self.model.item(row) for row in range(self.model.rowCount())]
        return choose_items(every)[0] or selected

    def open_settings_dialog(self) -> None:
        """Open the preferences."""
        from ui.settings_dialog import open_settings_dialog

        open_settings_dialog(self, self.library, self.tasks)

    def open_export_dialog(self) -> None:
        """Open the export dialog on the event shown; its agenda event is read on a worker."""
        from ui.export_dialog import open_export_dialog

        if self.modes.currentWidget() is self.writer_view:  # the shared event's picks
            if self.writer_view.export_bulletin() is None:
                self.statusBar().showMessage(tr("Elige fotos con P para exportarlas"), 8000)
            return
        folder, library = self.model.folder, self.library
        if folder is None:
            self.statusBar().showMessage(tr("Elige un evento para exportar su boletín."), 8000)
            return
        items = self.export_items()

        def show(event: Any) -> None:
            self.export_dialog = open_export_dialog(self, items, library, event, self.jobs)

        self.tasks.submit(lambda: event_for_folder(library, folder), show)

    # -- ingest ---------------------------------------------------------------------------
    def open_ingest_dialog(self, source: str | None = None) -> IngestDialog:
        """Open a new ingest dialog (optionally on ``source``); it stays open until closed."""
        from ui.ingest_dialog import IngestDialog

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

    # -- trims ----------------------------------------------------------------------------
    def open_trim_view(self, item: dict[str, Any]) -> TrimView:
        """Open the trim view on a catalog item (a video or an audio take) of the event shown;
        cuts go to the event's ``RECORTES/`` folder and run in the jobs area; a video's
        frames can be saved as photos of the event (queued with the ingests)."""
        from ui.frame_photo_job import FrameTarget
        from ui.trim_view import TrimView

        path = os.path.join(self.library, str(item["path"]))
        folder = self.model.folder or os.path.dirname(os.path.dirname(path))
        view = TrimView(
            path,
            str(item.get("kind")),
            os.path.join(folder, CUTS_FOLDER),
            self.tasks,
            self.trim_runner,
            self,
            job_parent=self,
            frame_target=FrameTarget(self.library, folder, dict(item), self.ingest_runner),
        )
        view.job_started.connect(
            lambda job: self.jobs.add(job, on_open=lambda: (view.show(), view.raise_()))
        )
        if view.frame_saver is not None:
            view.frame_saver.set_shared(self.modes.currentWidget() is self.writer_view)
            view.frame_saver.saved.connect(self._on_frame_saved)
        self.trim_views = [v for v in self.trim_views if v.isVisible() or v.running()]
        self.trim_views.append(view)
        view.show()
        return view

    def _on_frame_saved(self, _photo: Any, text: str) -> None:
        """A frame became a photo: the status bar says where, and the library is read
        again (the event's grid and counts show it)."""
        self.statusBar().showMessage(text, 10000)
        self.reload_events()

    def _trim_on_open(self, command: str) -> None:
        """Enter, double click or T on a video or audio item opens the trim view (photos
        open the loupe)."""
        item = self.current_item()
        if command == "loupe" and item is not None and item.get("kind") in ("video", "audio"):
            self.open_trim_view(item)

    # -- the shared folder ----------------------------------------------------------------
    def show_shared(self, shared: bool) -> None:
        """Show the writers' view of the shared folder (True) or the library (False)."""
        self.modes.setCurrentIndex(1 if shared else 0)
        self.mode_actions[1 if shared else 0].setChecked(True)
        self.suggest.set_shared(shared)  # the share is read-only there, except journals
        for view in self.trim_views:  # no frames saved as photos from there either
            if view.frame_saver is not None:
                view.frame_saver.set_shared(shared)
        if shared:
            self.writer_view.activate()

    # -- closing --------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop running jobs at a safe point, finish every catalog write, then close."""
        for job in self.jobs.running():
            job.cancel()
        self.writer_view.shutdown()
        self.loader.shutdown()
        self.loupe_mode.shutdown()
        self.card_watcher.stop()
        self.ingest_runner.wait()
        self.trim_runner.wait(10_000)  # a cancelled ffmpeg stops within a second or two
        self.suggest.wait(10_000)  # a cancelled pick run stops after the files in hand
        self.writer.wait()  # a pick pressed just before closing is on disk before we go
        self.event_panel.stop()
        self.tasks.shutdown()
        for dialog in [*self.dialogs, *self.trim_views]:
            dialog.close()
        super().closeEvent(event)
