"""One photo drawn large: fitted to the pane or at 100 %, with its culling badges.

The pane draws whatever is best at hand: the full-size picture, else the preview, else
the grid's thumbnail enlarged (so a move never shows an empty pane). At 100 % one pixel
of the photo is one pixel of the screen; dragging pans. It decodes nothing itself.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from media.culling import rating_of
from ui.grid_delegate import DIM, LABEL_COLOURS, TEXT, draw_badges, draw_stars
from ui.preview_cache import FULL, Picture
from ui.text import tr

BACKGROUND = QColor("#151515")
BAR_HEIGHT = 34


class LoupePane(QWidget):
    """Shows one item; ``zoom_changed`` asks the loupe for the full-size picture."""

    zoom_changed = Signal(bool)  # True: now at 100 %

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 150)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the loupe keeps the keyboard
        self.item: dict[str, Any] | None = None
        self.picture: Picture | None = None
        self.thumb: QImage | None = None
        self.position = ""
        self.zoomed = False
        self.active = False  # drawn with a frame in compare mode
        self._origin = QPointF()  # top left of the picture at 100 %, in widget coordinates
        self._pixmap: QPixmap | None = None
        self._pixmap_key: tuple[int, int, int] = (0, 0, 0)
        self._drag: QPointF | None = None

    # -- content ------------------------------------------------------------------------
    @property
    def item_id(self) -> str | None:
        return str(self.item.get("id")) if self.item else None

    @property
    def shown_quality(self) -> str:
        """What is drawn now: "full", "preview", "thumbnail", "problem" or "loading"."""
        if self.picture is not None and not self.picture.image.isNull():
            return self.picture.quality
        if self.picture is not None and self.picture.problem:
            return "problem"
        return "thumbnail" if self.thumb is not None and not self.thumb.isNull() else "loading"

    def set_item(
        self,
        item: dict[str, Any] | None,
        picture: Picture | None,
        thumb: QImage | None,
        position: str = "",
    ) -> None:
        """Show ``item``; a new item leaves 100 % zoom."""
        if (str(item.get("id")) if item else None) != self.item_id:
            self.zoomed = False
            self._drag = None
        self.item = dict(item) if item else None
        self.thumb = thumb
        self.position = position
        self.picture = None
        self.set_picture(picture)

    def set_picture(self, picture: Picture | None) -> None:
        """Another picture of the item shown; at 100 % a full-size one never gives way to a
        preview that arrives late."""
        current = self.picture
        keep = current is not None and current.quality == FULL and not current.image.isNull()
        if keep and self.zoomed and picture is not None and picture.quality != FULL:
            return
        self.picture = picture
        self.update()

    def set_marks(self, item: dict[str, Any]) -> None:
        """New marks (or caption) of the item shown."""
        self.item = dict(item)
        self.update()

    # -- zoom and pan -------------------------------------------------------------------
    def toggle_zoom(self, anchor: QPointF | None = None) -> None:
        """Between fitted and 100 %, keeping the point under ``anchor`` (default: centre)."""
        image = self._image()
        if image is None:
            return
        anchor = anchor if anchor is not None else QPointF(self.width() / 2, self.height() / 2)
        fitted = self._fitted_rect()
        if not self.zoomed:
            unit = self._full_size()
            share = QPointF(
                (anchor.x() - fitted.x()) / max(1.0, fitted.width()),
                (anchor.y() - fitted.y()) / max(1.0, fitted.height()),
            )
            share = QPointF(min(1.0, max(0.0, share.x())), min(1.0, max(0.0, share.y())))
            self._origin = QPointF(
                anchor.x() - share.x() * unit.width(), anchor.y() - share.y() * unit.height()
            )
        self.zoomed = not self.zoomed
        self._clamp()
        self.update()
        self.zoom_changed.emit(self.zoomed)

    def pan(self, dx: float, dy: float) -> None:
        if self.zoomed:
            self._origin += QPointF(dx, dy)
            self._clamp()
            self.update()

    def _clamp(self) -> None:
        size = self._full_size()
        x, y = self._origin.x(), self._origin.y()
        if size.width() <= self.width():
            x = (self.width() - size.width()) / 2
        else:
            x = min(0.0, max(self.width() - size.width(), x))
        if size.height() <= self.height():
            y = (self.height() - size.height()) / 2
        else:
            y = min(0.0, max(self.height() - size.height(), y))
        self._origin = QPointF(x, y)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.zoomed and event.button() == Qt.MouseButton.LeftButton:
            self._drag = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            delta = event.position() - self._drag
            self._drag = event.position()
            self.pan(delta.x(), delta.y())
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None
        self.unsetCursor()
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.toggle_zoom(event.position())

    def resizeEvent(self, event: Any) -> None:
        if self.zoomed:
            self._clamp()
        super().resizeEvent(event)

    # -- geometry -----------------------------------------------------------------------
    def _image(self) -> QImage | None:
        if self.picture is not None and not self.picture.image.isNull():
            return self.picture.image
        if self.thumb is not None and not self.thumb.isNull():
            return self.thumb
        return None

    def _full_size(self) -> QSizeF:
        """The photo's size at 100 %, in this widget's (device-independent) pixels."""
        size = QSize()
        if self.picture is not None and self.picture.full_size.isValid():
            size = self.picture.full_size
        image = self._image()
        if not size.isValid() or size.isEmpty():
            width, height = (self.item or {}).get("width"), (self.item or {}).get("height")
            size = QSize(int(width), int(height)) if width and height else QSize()
            if image is not None and not size.isEmpty():
                turned = (size.width() > size.height()) != (image.width() > image.height())
                size = size.transposed() if turned else size
        if (not size.isValid() or size.isEmpty()) and image is not None:
            size = image.size()
        ratio = self.devicePixelRatioF() or 1.0
        return QSizeF(size.width() / ratio, size.height() / ratio)

    def _fitted_rect(self) -> QRectF:
        """Where the whole photo goes when fitted: as large as the pane allows, never past
        100 %."""
        full = self._full_size()
        area = QSizeF(self.width(), max(1, self.height() - BAR_HEIGHT))
        if full.isEmpty():
            return QRectF()
        scale = min(area.width() / full.width(), area.height() / full.height(), 1.0)
        size = QSizeF(full.width() * scale, full.height() * scale)
        return QRectF(
            (area.width() - size.width()) / 2, (area.height() - size.height()) / 2, *size.toTuple()
        )

    def picture_rect(self) -> QRectF:
        """Where the photo is drawn now, in widget coordinates."""
        if self.zoomed:
            return QRectF(self._origin, self._full_size())
        return self._fitted_rect()

    # -- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), BACKGROUND)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        image = self._image()
        item = self.item or {}
        rating = rating_of(item)
        if image is not None:
            target = self.picture_rect()
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            pixmap = self._pixmap_for(image, target)
            painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
            shown = target.toAlignedRect().intersected(self.rect())
            if rating.reject:
                painter.fillRect(shown, QColor(0, 0, 0, 120))
            draw_badges(painter, shown.adjusted(4, 4, -4, -4), item, rating)
        else:
            painter.setPen(DIM)
            text = self.picture.problem if self.picture is not None else ""
            text = text or (tr("Cargando…") if self.item else tr("Nada que mostrar"))
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(self.rect().adjusted(20, 0, -20, -BAR_HEIGHT), flags, text)
        self._bar(painter, item)
        if self.active:
            painter.setPen(QPen(QColor("#7fa7e0"), 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(1, 1, -2, -2))
        painter.end()

    def _pixmap_for(self, image: QImage, target: QRectF) -> QPixmap:
        """The picture ready to draw: scaled once to the fitted size (so a repaint never
        rescales a large picture), or whole at 100 %."""
        ratio = self.devicePixelRatioF() or 1.0
        size = QSize(0, 0) if self.zoomed else (target.size() * ratio).toSize()
        key = (image.cacheKey(), size.width(), size.height())
        if self._pixmap is None or self._pixmap_key != key:
            dw, dh = abs(size.width() - image.width()), abs(size.height() - image.height())
            if size.isEmpty() or (dw <= 1 and dh <= 1):  # the cache fitted it to this pane
                self._pixmap = QPixmap.fromImage(image)
            else:
                scaled = image.scaled(
                    size,
                    Qt.AspectRatioMode.IgnoreAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                self._pixmap = QPixmap.fromImage(scaled)
            self._pixmap_key = key
        return self._pixmap

    def _bar(self, painter: QPainter, item: dict[str, Any]) -> None:
        """Name, position, stars, label and zoom along the bottom."""
        bar = QRect(0, self.height() - BAR_HEIGHT, self.width(), BAR_HEIGHT)
        painter.fillRect(bar, QColor(0, 0, 0, 200))
        if not item:
            return
        font = QFont(self.font())
        painter.setFont(font)
        painter.setPen(TEXT)
        name = os.path.basename(str(item.get("path", "")))
        left = bar.adjusted(12, 0, -12, 0)
        elided = painter.fontMetrics().elidedText(
            name, Qt.TextElideMode.ElideMiddle, max(40, self.width() // 2 - 150)
        )
        elided = f"{self.position}   {elided}".strip()
        painter.drawText(left, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided)
        draw_stars(painter, bar, rating_of(item), size=16.0)
        if self.zoomed:
            zoom = "100 %" if self.shown_quality == FULL else tr("100 % (cargando…)")
        else:
            zoom = tr("Ajustada")
        label = LABEL_COLOURS.get(str(item.get("label") or ""))
        painter.setPen(DIM)
        painter.drawText(left, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, zoom)
        if label is not None:
            width = painter.fontMetrics().horizontalAdvance(zoom)
            dot = QRectF(left.right() - width - 26, bar.center().y() - 7, 14, 14)
            painter.setPen(QPen(QColor("#111111"), 1.5))
            painter.setBrush(label)
            painter.drawEllipse(dot)
