"""``python main.py screenshot OUT.png [--view grid|ingest|trim|writer|loupe|settings]
[--library DIR]``.

Opens the app offscreen (no screen needed) on a library — the demo library, built into
a temporary folder or into an empty ``--library`` — waits until the view has loaded,
and saves a picture of it. The README's pictures are made with it.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QEventLoop, QPoint
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from media.culling import event_items, set_rating
from media.demo import DEMO_CARD, DEMO_EVENTS, build_demo_library
from media.library import event_folders
from ui.app import create_application
from ui.event_list import EventSummary, load_events
from ui.loupe_screenshot import loupe_picture
from ui.main_window import MainWindow
from ui.settings_screenshot import settings_dialog_picture
from ui.trim_screenshot import open_trim_for_picture
from ui.writer_screenshot import writer_picture

VIEWS = ("grid", "ingest", "trim", "writer", "loupe", "settings")
WINDOW_SIZE = (1280, 800)
TIMEOUT = 30.0  # seconds to wait for a view to load


def run_screenshot(out: str, view: str = "grid", library: str | None = None) -> int:
    """Save a picture of ``view`` to ``out``; 0 when saved, 2 when it could not be made."""
    if view not in VIEWS:
        print(f"Vista desconocida: {view} (elige entre {', '.join(VIEWS)})", file=sys.stderr)
        return 2
    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen needed, none used
    temporary = None
    if library is None:
        temporary = tempfile.mkdtemp(prefix="cobertura-captura-")
        library = os.path.join(temporary, "biblioteca")
    library = os.path.abspath(library)
    try:
        if not event_folders(library):
            build_demo_library(library)
            if temporary is not None:
                mark_demo(library)
        return _capture(out, view, library)
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)


def _capture(out: str, view: str, library: str) -> int:
    app = create_application(["cobertura"])
    window = MainWindow(library)
    window.resize(*WINDOW_SIZE)
    window.show()
    try:
        if not wait_for(app, lambda: window.events_loaded):
            print("La biblioteca no terminó de cargarse.", file=sys.stderr)
            return 2
        folder = demo_folder(window)
        if folder is not None:
            demo_day = date.fromisoformat(DEMO_EVENTS[0][1][:10])  # its agenda, not today's
            window.agenda_panel.set_day(demo_day)
            wait_for(app, lambda: window.agenda_panel.day == demo_day)
            window.select_event(folder)
            wait_for(app, lambda: window.items_loaded_for == folder)
            wait_for(app, lambda: window.model.thumbnails_answered() >= window.model.rowCount())
        wait_for(app, lambda: False, 0.2)  # let the last repaints land
        picture = window.grab()
        if view == "ingest":
            dialog = window.open_ingest_dialog(DEMO_CARD)
            dialog.resize(760, 640)
            wait_for(app, lambda: dialog.scan_result is not None)
            dialog.start_ingest()
            wait_for(app, lambda: bool(dialog.verdict_text()))
            wait_for(app, lambda: False, 0.2)
            picture = with_dialog(window.grab(), dialog.grab())
        if view == "loupe":  # the first demo photo large, a caption template typed
            picture = loupe_picture(app, window, wait_for)
        if view == "trim":
            trim = open_trim_for_picture(app, window, wait_for)
            picture = with_dialog(window.grab(), trim.grab())
        if view == "writer":  # a demo share made from this library, in the writers' view
            picture = writer_picture(app, window, wait_for, folder)
        if view == "settings":  # the preferences, filled from a temporary settings file
            picture = with_dialog(window.grab(), settings_dialog_picture(app, window, wait_for))
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        if not picture.save(out, "PNG"):
            print(f"No se pudo guardar {out}", file=sys.stderr)
            return 2
        print(f"Imagen guardada en {out}", file=sys.stderr)
        return 0
    finally:
        window.close()
        window.deleteLater()


def demo_folder(window: MainWindow) -> str | None:
    """The first demo event's folder when the library has it, else the newest event's."""
    return _demo_folder(window.event_panel.model.events)


def _demo_folder(events: list[EventSummary]) -> str | None:
    wanted = DEMO_EVENTS[0][0]
    for event in events:
        if event.title == wanted:
            return event.folder
    return events[0].folder if events else None


def mark_demo(library: str) -> None:
    """Some marks on the demo burst, so the picture shows what culling looks like."""
    folder = _demo_folder(load_events(library))
    if folder is None:
        return
    items = sorted(event_items(folder), key=lambda i: str(i.get("capture_time")))
    marks: list[dict[str, Any]] = [
        {"pick": True, "stars": 4},
        {"reject": True},
        {"stars": 2},
        {"pick": True, "stars": 5},
    ]
    for item, mark in zip(items, marks, strict=False):
        set_rating(library, str(item["id"]), folder=folder, writer="demo", **mark)


def wait_for(app: QApplication, condition: Callable[[], bool], timeout: float = TIMEOUT) -> bool:
    """Run the event loop until ``condition()`` holds; False after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)
    return True


def with_dialog(picture: QPixmap, shot: QPixmap) -> QPixmap:
    """``picture`` (the window) dimmed, with ``shot`` (a dialog) drawn in its middle."""
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 150))
    corner = QPoint((picture.width() - shot.width()) // 2, (picture.height() - shot.height()) // 2)
    painter.drawPixmap(corner, shot)
    painter.end()
    return picture
