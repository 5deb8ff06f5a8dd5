"""Pictures painted once and reused, so that a grid scrolls at the speed of blitting.

A grid cell repaints many times a second while scrolling. What does not change from one
paint to the next (a thumbnail scaled to its cell, a row of stars, a cell's rounded
background) is drawn once into a ``QPixmap`` and copied afterwards. Both caches are
bounded and live on the GUI thread (pixmaps may only be made there).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap

MAX_SCALED = 400  # thumbnails scaled to their cell (~90 KB each at 180 x 120)
MAX_DRAWN = 200  # stars, backgrounds and other small drawings


class _Lru:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.entries: OrderedDict[Hashable, QPixmap] = OrderedDict()

    def get(self, key: Hashable) -> QPixmap | None:
        pixmap = self.entries.get(key)
        if pixmap is not None:
            self.entries.move_to_end(key)
        return pixmap

    def put(self, key: Hashable, pixmap: QPixmap) -> None:
        self.entries[key] = pixmap
        while len(self.entries) > self.limit:
            self.entries.popitem(last=False)


_scaled = _Lru(MAX_SCALED)
_drawn = _Lru(MAX_DRAWN)


def device_ratio(painter: QPainter) -> float:
    device = painter.device()
    return float(device.devicePixelRatioF()) if device is not None else 1.0


def scaled_pixmap(image: QImage, size: QSize, ratio: float = 1.0) -> QPixmap:
    """``image`` scaled smoothly to ``size`` (device-independent pixels), made once."""
    key = (image.cacheKey(), size.width(), size.height(), ratio)
    pixmap = _scaled.get(key)
    if pixmap is None:
        pixels = QSize(round(size.width() * ratio), round(size.height() * ratio))
        scaled = image.scaled(
            pixels, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        pixmap = QPixmap.fromImage(scaled)
        pixmap.setDevicePixelRatio(ratio)
        _scaled.put(key, pixmap)
    return pixmap


def drawn_pixmap(
    key: Hashable, size: QSize, draw: Callable[[QPainter], None], ratio: float = 1.0
) -> QPixmap:
    """A transparent ``size`` picture that ``draw(painter)`` paints once per ``key``."""
    full_key = (key, size.width(), size.height(), ratio)
    pixmap = _drawn.get(full_key)
    if pixmap is None:
        pixmap = QPixmap(QSize(round(size.width() * ratio), round(size.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        draw(painter)
        painter.end()
        _drawn.put(full_key, pixmap)
    return pixmap


def clear() -> None:
    """Forget every cached picture (the theme or the screen changed)."""
    _scaled.entries.clear()
    _drawn.entries.clear()
