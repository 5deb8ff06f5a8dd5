"""The writers' view: the shared folder's events, their picks and captions, live.

The second mode of the main window ("Carpeta compartida"). Left: the share's events; centre:
the selected event's thumbnails (the library's own grid, model and delegate; pictures read
from the share, cached on this machine); right: the item's details, who contributed it, its
caption and credit. It follows the share (``ShareFollower``): new events, snapshots and
journals show up without a restart, and a share that goes away (no marker: unmounted, wrong
folder) shows a message until it is back.

Reading never writes to the share. Marks (P, X, 0-5) and captions go to this writer's own
edit journal on the share (``sync.shared_view.record_share_edits``), as a push would put
them: per-writer journals, merged by everybody on read.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from media.captions import expand_codes, load_codes
from media.export_event import stills
from media.library import default_cache_dir
from media.settings import Settings, load_settings, save_settings
from sync.shared_view import record_share_edits
from ui.details_panel import DetailsPanel
from ui.event_list import EventPanel
from ui.grid_model import GridModel, ThumbRole, sort_key
from ui.grid_view import GridView
from ui.jobs import JobsPanel
from ui.shared_caption import SharedCaptionBox
from ui.shared_model import (
    ShareCulling,
    SharedEvent,
    ShareFollower,
    ShareState,
    ShareThumbnailLoader,
    event_rel,
    load_share,
    load_shared_event,
)
from ui.text import tr
from ui.workers import TaskRunner


def mode_actions(parent: QObject, on_shared: Callable[[bool], None]) -> list[QAction]:
    """The window's two modes as exclusive toolbar buttons: [Biblioteca, Carpeta compartida]
    (Ctrl+1, Ctrl+2); ``on_shared(True)`` when the shared folder is chosen."""
    group = QActionGroup(parent)
    group.setExclusive(True)
    actions = []
    for n, text in enumerate((tr("Biblioteca"), tr("Carpeta compartida"))):
        action = QAction(text, parent)
        action.setCheckable(True)
        action.setChecked(n == 0)
        action.setShortcut(QKeySequence(f"Ctrl+{n + 1}"))
        action.triggered.connect(lambda _checked=False, shared=bool(n): on_shared(shared))
        group.addAction(action)
        actions.append(action)
    actions[1].setToolTip(
        tr("Los eventos de la carpeta compartida, con las elecciones y los pies de foto de todos")
    )
    return actions


class WriterView(QWidget):
    """The shared folder's events for bulletin writers. Starts reading on ``activate()``."""

    message = Signal(str)  # a sentence for the status bar

    def __init__(
        self,
        share: str | None = None,
        writer_id: str | None = None,
        codes_library: str | None = None,
        cache_dir: str | None = None,
        poll_seconds: float = 2.0,
        jobs: JobsPanel | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``share`` and ``writer_id`` default to the settings' (read when first shown)."""
        super().__init__(parent)
        self.share = os.path.abspath(share) if share else None
        self.writer_id = writer_id or ""
        self._from_settings = share is None or writer_id is None
        self._configured: str | None = None  # the settings' shared folder, as last read
        self.codes_library = codes_library
        self.jobs = jobs
        self.codes: dict[str, str] = {}
        self.active = False
        self.state: ShareState | None = None
        self.shown: SharedEvent | None = None
        self.loaded_for: str | None = None  # folder whose items the grid shows
        self._wanted: str | None = None
        self.last_message = ""
        self.dialogs: list[QDialog] = []
        self.tasks = TaskRunner(self, threads=2)
        self.writer = TaskRunner(self, writer=True)  # journal writes, and reads that follow them
        self.loader = ShareThumbnailLoader(
            cache_dir or os.path.join(default_cache_dir(), "compartida"), self
        )
        self.model = GridModel(self.loader, self)
        self.follower = ShareFollower(self.tasks, poll_seconds, self)
        self.follower.changed.connect(self._on_changed)
        self.follower.availability.connect(lambda _ready: self.refresh())
        self._build()
        self.culling = ShareCulling(
            lambda: self.share, lambda: self.writer_id, self.model, self.grid, self.writer, self
        )
        self.culling.saved.connect(lambda _id: self._say(tr("Guardado en la carpeta compartida.")))
        self.culling.failed.connect(lambda _id, text: self._say(text))
        self.message.connect(self._remember)

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.where = QLabel()
        self.where.setObjectName("dim")
        self.choose_button = QPushButton(tr("Elegir carpeta…"))
        self.choose_button.clicked.connect(self.choose_share)
        self.export_button = QPushButton(tr("Exportar boletín…"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export_bulletin)
        head = QHBoxLayout()
        head.setContentsMargins(8, 4, 8, 4)
        head.addWidget(self.where, 1)
        head.addWidget(self.export_button)
        head.addWidget(self.choose_button)

        self.notice = QLabel()
        self.notice.setObjectName("empty")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        self.event_panel = EventPanel()
        self.event_panel.chosen.connect(self.open_event)
        self.info = QLabel()
        self.info.setObjectName("shared_info")
        self.info.setWordWrap(True)
        self.info.setContentsMargins(8, 4, 8, 4)
        self.grid = GridView()
        self.grid.setModel(self.model)
        self.grid.selectionModel().currentChanged.connect(self._on_current_item)
        self.model.dataChanged.connect(self._on_item_changed)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.info)
        centre_layout.addWidget(self.grid, 1)
        self.details = DetailsPanel()
        self.caption_box = SharedCaptionBox()
        self.caption_box.save_requested.connect(self.save_caption)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.caption_box)
        right_layout.addWidget(self.details, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.event_panel)
        split.addWidget(centre)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 760, 300])
        self.pages = QStackedWidget()
        self.pages.addWidget(self.notice)
        self.pages.addWidget(split)
        self.content = split
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.pages, 1)
        self._show_notice(tr("Cargando la carpeta compartida…"))

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.pages.setCurrentWidget(self.notice)

    def _say(self, text: str) -> None:
        self.message.emit(text)

    def _remember(self, text: str) -> None:
        self.last_message = text

    # -- the share ------------------------------------------------------------------------
    def activate(self) -> None:
        """Start reading and following the share the first time the view is shown; on later
        visits, follow a shared folder changed in the settings meanwhile."""
        if self.active:
            if self._from_settings:
                self.tasks.submit(load_settings, self._on_settings_again)
            return
        self.active = True
        library = self.codes_library
        if library:
            self.tasks.submit(lambda: load_codes(library), self._on_codes, lambda _e: None)
        if self._from_settings:
            self.tasks.submit(load_settings, self._on_settings)
        else:
            self._start()

    def _on_settings(self, settings: Settings) -> None:
        self.writer_id = self.writer_id or settings.writer_id
        self._configured = _configured_share(settings)
        if self.share is None:
            self.share = self._configured
        self._start()

    def _on_settings_again(self, settings: Settings) -> None:
        configured = _configured_share(settings)
        if configured != self._configured:
            self._configured = configured
            self.set_share(configured)

    def _on_codes(self, codes: dict[str, str]) -> None:
        self.codes = codes

    def set_share(self, share: str | None) -> None:
        """Show another shared folder (None: none configured)."""
        self.share = os.path.abspath(share) if share else None
        self.state = None
        self.shown = None
        self.loaded_for = self._wanted = None
        self.model.set_event(None, [])
        if self.active:
            self._start()

    def _start(self) -> None:
        if self.share is None:
            self.follower.stop()
            self.where.setText("")
            self._show_notice(
                tr("No hay carpeta compartida configurada.")
                + "\n"
                + tr("Elígela con «Elegir carpeta…» o en las preferencias.")
            )
            return
        self.where.setText(tr("Carpeta compartida: {0}").format(self.share))
        self.follower.follow(self.share)
        self.refresh()

    def choose_share(self) -> None:
        """Ask for the shared folder and keep it in the settings."""
        folder = QFileDialog.getExistingDirectory(self, tr("Carpeta compartida"), self.share or "")
        if not folder:
            return
        self.set_share(folder)
        self._configured = self.share
        self.tasks.submit(
            lambda: _save_shared_folder(folder),
            None,
            lambda error: self._say(tr("No se guardó en las preferencias: {0}").format(error)),
        )

    def refresh(self) -> None:
        """Read the share's events again (on a worker) and show them."""
        share = self.share
        if share is not None:
            self.tasks.submit(lambda: load_share(share), self._on_state)

    def _on_state(self, state: ShareState) -> None:
        if state.share != self.share:
            return  # another share was chosen meanwhile
        self.state = state
        if not state.available:
            self.loaded_for = self._wanted = None
            self._show_notice(
                tr("La carpeta compartida no está disponible:")
                + f"\n{state.share}\n\n{state.reason}\n\n"
                + tr("Conecta la unidad de red; se abrirá sola en cuanto vuelva.")
            )
            return
        if not state.events:
            self._show_notice(
                tr("La carpeta compartida aún no tiene eventos.")
                + "\n"
                + tr("Aparecerán aquí en cuanto alguien envíe uno (Sincronizar).")
            )
            return
        self.pages.setCurrentWidget(self.content)
        keep = self._wanted or self.event_panel.current_folder()
        self.event_panel.set_events(state.events, keep)
        shown = self.event_panel.current_folder()
        if shown is not None:  # read again when shown, open when not (the share came back)
            self.open_event(shown, reload=shown == self.loaded_for)

    def _on_changed(self, events: list[str]) -> None:
        """The follower saw ``events`` change on the share: read them again (the others'
        lines are kept), and the shown one."""
        share, state = self.share, self.state
        if share is None or state is None or not state.available:
            self.refresh()
            return
        changed = set(events)
        keep = {e.folder: e for e in state.events if event_rel(share, e.folder) not in changed}
        self.tasks.submit(lambda: load_share(share, keep), self._on_state)

    # -- one event ------------------------------------------------------------------------
    def open_event(self, folder: str, by_person: bool = False, reload: bool = False) -> None:
        """Show the share event in ``folder`` (read behind pending journal writes)."""
        share = self.share
        if share is None or (folder == self._wanted and not reload):
            return
        self._wanted = folder
        library = self.codes_library
        self.writer.submit(lambda: load_shared_event(share, folder, library), self._on_event)

    def _on_event(self, event: SharedEvent) -> None:
        if event.folder != self._wanted:
            return
        same_items = self.model.folder == event.folder and [
            self.model.item(r).get("id") for r in range(self.model.rowCount())
        ] == [i.get("id") for i in sorted(event.items, key=sort_key)]
        self.shown = event
        if same_items:  # a reload: update the changed records, keep selection and pictures
            for row in range(self.model.rowCount()):
                fresh = next(i for i in event.items if i.get("id") == self.model.item(row)["id"])
                if fresh != self.model.item(row):
                    self.model.update_item(row, fresh)
        else:
            current = self.grid.currentIndex()
            keep_id = self.model.item(current.row()).get("id") if current.isValid() else None
            self.model.set_event(event.folder, event.items)
            row = self.model.row_of(str(keep_id)) if keep_id else None
            if self.model.rowCount():
                self.grid.setCurrentIndex(self.model.index(row or 0))
        self.loaded_for = event.folder
        self.info.setText(self._info_text(event))
        self.info.setToolTip("\n".join(event.conflicts + event.problems))
        self._show_current()
        self._update_export()

    def _info_text(self, event: SharedEvent) -> str:
        picks = sum(1 for i in event.items if i.get("pick"))
        parts = [
            tr("Enviaron: {0}").format(", ".join(event.writers) or tr("nadie")),
            tr("Editaron: {0}").format(", ".join(event.editors) or tr("nadie")),
            tr("{0} elegidas de {1}").format(picks, len(event.items)),
        ]
        if event.conflicts:
            parts.append(
                tr("1 conflicto (se guardaron las dos versiones)")
                if len(event.conflicts) == 1
                else tr("{0} conflictos (se guardaron todas las versiones)").format(
                    len(event.conflicts)
                )
            )
        if event.problems:
            parts.append(tr("{0} archivos ilegibles (ver detalle)").format(len(event.problems)))
        return "  ·  ".join(parts)

    def picks(self) -> list[dict[str, Any]]:
        """The picked items of the shown event, in shooting order."""
        return [
            self.model.item(r)
            for r in range(self.model.rowCount())
            if self.model.item(r).get("pick")
        ]

    # -- selection, captions --------------------------------------------------------------
    def current_item(self) -> dict[str, Any] | None:
        index = self.grid.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def _show_current(self) -> None:
        index = self.grid.currentIndex()
        item = self.model.item(index.row()) if index.isValid() else None
        self.details.show_item(item, index.data(ThumbRole) if item else None)
        last = self.shown.last_edit.get(str(item.get("id"))) if (item and self.shown) else None
        self.caption_box.show_item(item, last)

    def _on_current_item(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()

    def _on_item_changed(self, top: QModelIndex, bottom: QModelIndex, _roles: Any) -> None:
        current = self.grid.currentIndex()
        if current.isValid() and top.row() <= current.row() <= bottom.row():
            self._show_current()
        self._update_export()

    # -- bulletin -------------------------------------------------------------------------
    def _update_export(self) -> None:
        photos = len(stills(self.picks()))
        self.export_button.setEnabled(photos > 0 and self.shown is not None)
        self.export_button.setToolTip(
            tr("Paquete del boletín con las {0} fotos elegidas").format(photos)
            if photos
            else tr("Elige fotos con P para exportarlas")
        )

    def export_bulletin(self) -> QDialog | None:
        """Open the export dialog on the shown event's picks, read from the share (the
        package goes where the dialog says, never to the share by itself)."""
        share, event, picks = self.share, self.shown, self.picks()
        if share is None or event is None or not stills(picks):
            return None
        from ui.export_dialog import open_export_dialog  # when first used: opens sooner

        dialog = open_export_dialog(self, picks, share, event.export_event, self.jobs)
        self.dialogs = [d for d in self.dialogs if d.isVisible()] + [dialog]
        return dialog

    def save_caption(self, item_id: str, caption: str, credit: str) -> None:
        """Save a caption and credit (codes expanded) in this writer's journal on the share."""
        share, event = self.share, self.shown
        row = self.model.row_of(item_id)
        if share is None or event is None or row is None:
            return
        changes = {
            "caption": expand_codes(caption, self.codes),
            "credit": expand_codes(credit, self.codes),
        }
        writer_id, rel = self.writer_id, event.rel
        self.writer.submit(
            lambda: record_share_edits(share, rel, writer_id, item_id, changes),
            lambda saved: self._on_caption_saved(event.folder, item_id, saved),
            lambda error: self._say(
                tr("No se pudo guardar en la carpeta compartida: {0}").format(error)
            ),
        )

    def _on_caption_saved(self, folder: str, item_id: str, changes: dict[str, Any]) -> None:
        row = self.model.row_of(item_id)
        if self.model.folder == folder and row is not None:
            if self.caption_box.item_id == item_id:
                self.caption_box.saved(changes["caption"], changes["credit"])
            self.model.update_item(row, changes)
        self._say(tr("Pie de foto guardado en la carpeta compartida."))

    # -- closing --------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop following the share and finish pending journal writes (closing the window)."""
        for dialog in self.dialogs:
            dialog.close()
        self.follower.stop()
        self.loader.shutdown()
        self.writer.wait()
        self.tasks.shutdown()


def _configured_share(settings: Settings) -> str | None:
    folder = settings.shared_folder
    return os.path.abspath(os.path.expanduser(folder)) if folder else None


def _save_shared_folder(folder: str) -> None:
    save_settings(replace(load_settings(), shared_folder=folder))
