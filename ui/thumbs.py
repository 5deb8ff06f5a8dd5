"""Thumbnails made on a thread pool and handed to the GUI thread as ``QImage``s.

Each request carries the grid's generation number; the grid drops answers from an older
generation (another event was opened meanwhile), and a new generation clears the queue.
"""

from __future__ import annotations

import io
import logging
import os
from typing import Any

from PIL import Image
from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtGui import QImage

from media.thumbnails import cached_thumbnail

log = logging.getLogger(__name__)


class ThumbnailLoader(QObject):
    """Makes (or reads from the cache) thumbnails off the GUI thread."""

    loaded = Signal(int, str, QImage)  # generation, item id, image (null: no picture)

    def __init__(self, parent: QObject | None = None, threads: int | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        # Leave a core to the GUI thread: decoders (libheif, FFmpeg) use several threads each.
        self.pool.setMaxThreadCount(threads or max(1, min(4, (os.cpu_count() or 2) - 1)))
        self._serial = 0

    def request(self, generation: int, folder: str, item: dict[str, Any]) -> None:
        """Queue the thumbnail of ``item``; the answer comes through ``loaded``."""
        record = dict(item)  # the worker gets its own copy of the record
        # Newest first: the cells on screen now were asked for last (after a fast scroll).
        self._serial = (self._serial + 1) % 1_000_000_000
        self.pool.start(lambda: self._work(generation, folder, record), self._serial)

    def drop_queued(self) -> None:
        """Forget requests that have not started (another event was opened)."""
        self.pool.clear()

    def shutdown(self, msecs: int = 3000) -> bool:
        self.pool.clear()
        return self.pool.waitForDone(msecs)

    def _work(self, generation: int, folder: str, item: dict[str, Any]) -> None:
        image = QImage()
        try:
            data = cached_thumbnail(folder, item)
            if data:
                image = decoded(data)
        except Exception:  # a thumbnail is never worth a crash; the cell shows no picture
            log.exception("thumbnail of %s", item.get("path"))
        try:
            self.loaded.emit(generation, str(item.get("id", "")), image)
        except RuntimeError:  # the loader was deleted with its window
            pass


def decoded(data: bytes) -> QImage:
    """JPEG bytes as a ``QImage``, decoded by Pillow. ``QImage.fromData`` holds Python's GIL
    for the whole decode, so every thumbnail decoded on the pool would stop the GUI thread;
    Pillow lets go of it while it decodes."""
    with Image.open(io.BytesIO(data)) as picture:
        rgb = picture.convert("RGB")
    raw = rgb.tobytes()
    width, height = rgb.size
    return QImage(raw, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
