"""The trim view as ``python main.py screenshot --view trim`` shows it: the library's
longest video (else its longest audio take) opened in the trim view, with in and out
points at a quarter and three quarters of it, once its pictures have loaded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QApplication

from media.culling import event_items
from media.library import event_folders
from ui.main_window import MainWindow
from ui.trim_view import TrimView

Waiter = Callable[..., bool]  # ui.screenshot.wait_for(app, condition, timeout=...)


def longest_clip(library: str) -> tuple[str, dict[str, Any]] | None:
    """(event folder, item) of the longest video, else of the longest audio take."""
    best: tuple[int, float, str, dict[str, Any]] | None = None
    for folder in event_folders(library):
        for item in event_items(folder):
            kind = item.get("kind")
            if kind not in ("video", "audio"):
                continue
            key = (1 if kind == "video" else 0, float(item.get("duration") or 0.0))
            if best is None or key > best[:2]:
                best = (*key, folder, item)
    return None if best is None else (best[2], best[3])


def open_trim_for_picture(app: QApplication, window: MainWindow, wait_for: Waiter) -> TrimView:
    """Open the trim view on the library's longest clip and wait until it is drawn."""
    found = longest_clip(window.library)
    if found is None:
        raise RuntimeError("la biblioteca no tiene videos ni audios")
    folder, item = found
    window.select_event(folder)
    wait_for(app, lambda: window.items_loaded_for == folder)
    row = window.model.row_of(str(item["id"]))
    if row is not None:
        window.grid.setCurrentIndex(window.model.index(row))
    wait_for(app, lambda: False, 0.3)
    view = window.open_trim_view(item)
    view.resize(900, 640 if item.get("kind") == "video" else 420)
    wait_for(app, lambda: view.clip is not None, 10)
    if view.audio:
        wait_for(app, lambda: getattr(view.timeline, "waveform", None) is not None, 10)
    else:
        wait_for(app, lambda: bool(view.timeline.frames) or bool(view.timeline.message), 10)
    view.set_position(view.duration * 0.25)
    view.mark_in()
    view.set_position(view.duration * 0.75)
    view.mark_out()
    view.set_position(view.duration * 0.5)
    wait_for(app, lambda: view.audio or view.preview.shown_at == view.position, 10)
    wait_for(app, lambda: False, 0.3)
    return view
