"""Large pictures for the loupe, decoded on a pool and kept for the photos around the current one.

A preview is read the cheap way ``media.decode_small`` reads photos (the JPEG preview a
camera embeds, a RAW's preview, a JPEG ``draft()`` decode), no side longer than
``PREVIEW_SIZE``; a clip shows its first keyframe. A full-size picture (for 100 % zoom) is
the same decode without the size limit. A preview is also shrunk, on the worker, to the
size the loupe will draw it at (``want(box=...)``), so showing it costs the GUI thread no
scaling. ``want()`` says which pictures matter now, in order: queued work for any other
picture is skipped when its turn comes, so moving fast through an event never builds a
backlog. Answers arrive through ``ready`` on the GUI thread.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSize, QThreadPool, Signal, Slot
from PySide6.QtGui import QImage

from ui.text import problem_text, tr

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

PREVIEW_SIZE = 2560  # longer side of a loupe preview: a full HD or 2.5K screen
FULL_SIZE = 30000  # "no limit" for a full-size decode (a 24 MP frame is 6000 px)
KEEP_PREVIEWS = 9  # the current photo, a few ahead and behind, and the compared one
KEEP_FULL = 2  # full-size pictures are large (a 24 MP frame is 72 MB): two at most
PREVIEW, FULL = "preview", "full"


@dataclass
class Picture:
    """A decoded picture of one item, or why there is none."""

    image: QImage  # null when the item has no picture
    full_size: QSize  # the whole picture it stands for, upright (for 100 % zoom)
    quality: str  # PREVIEW or FULL
    problem: str = ""  # why there is no picture, in words for people
    box: tuple[int, int] = (0, 0)  # the area (device pixels) a preview was fitted to


Box = tuple[int, int]  # width, height in device pixels; (0, 0): no fitting


def fitted(full: tuple[int, int], box: Box) -> tuple[int, int]:
    """The size a ``full``-sized picture is drawn at in ``box``: as large as fits, never
    past 100 %. ``full`` itself when the box is empty."""
    (fw, fh), (bw, bh) = full, box
    if min(fw, fh, bw, bh) <= 0:
        return full
    scale = min(bw / fw, bh / fh, 1.0)
    return max(1, round(fw * scale)), max(1, round(fh * scale))


def _fit(rgb: np.ndarray, full: tuple[int, int], box: Box) -> np.ndarray:
    """``rgb`` shrunk to its fitted size in ``box`` (never enlarged)."""
    import cv2  # imported by the workers, not at start-up

    width, height = fitted(full, box)
    if width >= rgb.shape[1] or height >= rgb.shape[0]:
        return rgb
    return cv2.resize(rgb, (width, height), interpolation=cv2.INTER_AREA)


def rgb_image(rgb: np.ndarray) -> QImage:
    """A QImage that owns a copy of an (h, w, 3) uint8 RGB array."""
    import numpy as np

    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    height, width = rgb.shape[:2]
    return QImage(rgb.data, width, height, rgb.strides[0], QImage.Format.Format_RGB888).copy()


def load_picture(
    folder: str, item: dict[str, Any], quality: str = PREVIEW, box: Box = (0, 0)
) -> Picture:
    """The item's picture at ``quality`` (a preview fitted to ``box`` when one is given);
    never raises for a bad or missing file."""
    import numpy as np  # the decoders load in the workers, not at start-up

    from media.decode_small import DecodeFailed, decode_reduced
    from media.thumbnails import video_poster

    box = box if quality == PREVIEW else (0, 0)
    size = FULL_SIZE if quality == FULL else PREVIEW_SIZE
    path = os.path.join(folder, str(item.get("folder_path") or ""))
    kind = item.get("kind")
    try:
        if kind == "photo":
            reduced = decode_reduced(path, size=size)
            full = (reduced.width, reduced.height)
            rgb = _fit(reduced.rgb, full, box)
            return Picture(rgb_image(rgb), QSize(*full), quality, box=box)
        if kind == "video":
            poster = video_poster(path, size)
            if poster is not None:
                rgb = np.asarray(poster.convert("RGB"))
                full = (rgb.shape[1], rgb.shape[0])
                return Picture(rgb_image(_fit(rgb, full, box)), QSize(*full), quality, box=box)
            return Picture(QImage(), QSize(), quality, tr("El video no tiene un cuadro legible."))
    except DecodeFailed as exc:
        words = f"{problem_text(exc.type.value)}: {exc.detail}"
        return Picture(QImage(), QSize(), quality, words)
    except Exception as exc:  # a picture is never worth a crash: say it cannot be shown
        log.exception("loupe picture of %s", path)
        return Picture(QImage(), QSize(), quality, str(exc))
    return Picture(QImage(), QSize(), quality, tr("Audio: sin imagen"))


class PreviewCache(QObject):
    """Decodes loupe pictures off the GUI thread and keeps the most recent ones."""

    ready = Signal(str, str)  # item id, quality: ``picture()`` has it now

    _done = Signal(str, str, str, object)  # folder, item id, quality, Picture (from workers)

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self.folder: str | None = None
        self._pictures: OrderedDict[tuple[str, str], Picture] = OrderedDict()  # LRU, newest last
        self._lock = threading.Lock()
        self._wanted: set[tuple[str, str]] = set()  # read by workers: skip what is not wanted
        self._pending: set[tuple[str, str]] = set()  # queued or running
        self._box: Box = (0, 0)  # where previews will be drawn (read by workers)
        self._done.connect(self._on_done)

    def picture(self, item_id: str, quality: str = PREVIEW) -> Picture | None:
        """The picture if it is decoded (and marks it as recently used), else None."""
        key = (item_id, quality)
        found = self._pictures.get(key)
        if found is not None:
            self._pictures.move_to_end(key)
        return found

    def want(
        self,
        folder: str,
        items: list[dict[str, Any]],
        full: list[dict[str, Any]] | None = None,
        box: Box = (0, 0),
    ) -> None:
        """Have these items' previews (fitted to ``box``) and ``full``'s full-size pictures
        decoded, in this order of importance; queued work for any other picture is dropped."""
        if folder != self.folder:
            self.folder = folder
            self._pictures.clear()
        order = [(item, FULL) for item in full or []] + [(item, PREVIEW) for item in items]
        with self._lock:
            self._wanted = {(str(item.get("id")), quality) for item, quality in order}
            self._box = box
        for rank, (item, quality) in enumerate(order):
            key = (str(item.get("id")), quality)
            known = self._pictures.get(key)
            if known is not None and (quality == FULL or known.box == box or known.image.isNull()):
                continue  # decoded already (a preview for another size is made again)
            with self._lock:
                if key in self._pending:
                    continue
                self._pending.add(key)
            record = dict(item)
            self.pool.start(lambda r=record, q=quality: self._work(folder, r, q), len(order) - rank)

    def pending(self) -> int:
        """Pictures queued or being decoded."""
        with self._lock:
            return len(self._pending)

    def shutdown(self, msecs: int = 3000) -> bool:
        """Drop queued work and wait for running decodes."""
        with self._lock:
            self._wanted = set()
        self.pool.clear()
        return self.pool.waitForDone(msecs)

    def _work(self, folder: str, item: dict[str, Any], quality: str) -> None:
        key = (str(item.get("id")), quality)
        with self._lock:
            if key not in self._wanted:  # the person moved on before its turn came
                self._pending.discard(key)
                return
            box = self._box
        picture = load_picture(folder, item, quality, box)
        try:
            self._done.emit(folder, key[0], quality, picture)
        except RuntimeError:  # the cache was deleted with its window
            pass

    @Slot(str, str, str, object)
    def _on_done(self, folder: str, item_id: str, quality: str, picture: Picture) -> None:
        key = (item_id, quality)
        with self._lock:
            self._pending.discard(key)
        if folder != self.folder:
            return  # a picture of the event shown before
        self._pictures[key] = picture
        self._pictures.move_to_end(key)
        self._forget(quality, KEEP_FULL if quality == FULL else KEEP_PREVIEWS)
        self.ready.emit(item_id, quality)

    def _forget(self, quality: str, keep: int) -> None:
        keys = [k for k in self._pictures if k[1] == quality]  # least recently used first
        for key in keys[: max(0, len(keys) - keep)]:
            del self._pictures[key]
