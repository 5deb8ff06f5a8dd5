"""The picture of the writers' view for ``python main.py screenshot --view writer``.

A demo share is made in a temporary folder (``sync --init`` and a push of the window's
library through the sync API, then a writer's captions on the picks), the window switches
to "Carpeta compartida", and the picture is taken once the thumbnails are in.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable

from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication

from sync.push import PushOptions, push
from sync.share import init_share
from sync.shared_view import list_events, open_event, record_share_edits
from ui.main_window import MainWindow

PHOTOGRAPHER = "fotografia@iztacalco"
WRITER = "redaccion@iztacalco"
CAPTIONS = (
    "La alcaldesa entrega becas a estudiantes de secundaria en la explanada de la Alcaldía.",
    "Becarias y becarios reciben su constancia.",
)
WaitFor = Callable[..., bool]


def build_demo_share(library: str, share: str, event_folder: str | None = None) -> str | None:
    """Make ``share`` (an existing empty folder) a share holding ``library``'s event
    ``event_folder`` (all events when None) with a writer's captions on its first picks;
    returns the share path of that event."""
    init_share(share, PHOTOGRAPHER)
    events = [os.path.basename(event_folder)] if event_folder else None
    push(PushOptions(library, share, PHOTOGRAPHER, events=events, workers=2))
    shared = list_events(share)
    if not shared:
        return None
    rel = next(
        (e.path for e in shared if event_folder and event_folder.endswith(e.path)), shared[0].path
    )
    items = open_event(share, rel).items
    picked = [i for i in items if i.get("pick")] or items
    for item, caption in zip(picked, CAPTIONS, strict=False):
        record_share_edits(
            share,
            rel,
            WRITER,
            str(item["id"]),
            {"caption": caption, "credit": "Foto: Comunicación Social / Alcaldía Iztacalco"},
        )
    return rel


def writer_picture(
    app: QApplication, window: MainWindow, wait_for: WaitFor, event_folder: str | None
) -> QPixmap:
    """The window in its writers' mode on a demo share made from its library."""
    temporary = tempfile.mkdtemp(prefix="cobertura-compartida-")
    share = os.path.join(temporary, "compartida")
    os.mkdir(share)
    view = window.writer_view
    try:
        rel = build_demo_share(window.library, share, event_folder)
        view.loader.cache_root = os.path.join(temporary, "miniaturas")
        view.set_share(share)
        window.show_shared(True)
        wait_for(app, lambda: view.state is not None and view.loaded_for is not None)
        if rel is not None:
            folder = os.path.join(share, *rel.split("/"))
            view.event_panel.select(folder)
            wait_for(app, lambda: view.loaded_for == folder)
        captioned = next(
            (r for r in range(view.model.rowCount()) if view.model.item(r).get("caption")), 0
        )
        if view.model.rowCount():
            view.grid.setCurrentIndex(view.model.index(captioned))
        wait_for(app, lambda: view.model.thumbnails_answered() >= view.model.rowCount())
        wait_for(app, lambda: False, 0.3)  # let the last repaints land
        return window.grab()
    finally:
        view.set_share(None)
        view.follower.stop()
        shutil.rmtree(temporary, ignore_errors=True)
