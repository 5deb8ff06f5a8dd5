"""How one cell of the thumbnail grid looks: picture, name, stars and the culling badges.

The badge painters (``draw_badges``, ``draw_stars``) are shared with the loupe, so a mark
looks the same wherever it is shown.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from media.culling import MAX_STARS, Rating
from ui.grid_model import ItemRole, RatingRole, StackRole, ThumbRole, ThumbStateRole
from ui.paint_cache import device_ratio, drawn_pixmap, scaled_pixmap
from ui.stack_badge import draw_stack
from ui.text import clip_duration, tr

CELL = QSize(200, 196)
THUMB_HEIGHT = 140
PICK = QColor("#3fb950")
REJECT = QColor("#f85149")
STAR = QColor("#e3b341")
PROBLEM = QColor("#d29922")
CELL_BG = QColor("#2b2b2b")
CELL_SELECTED = QColor("#44546a")
TEXT = QColor("#e6e6e6")
DIM = QColor("#8b8b8b")
SUGGESTED = QColor("#56d364")
# Colour labels as Lightroom and Photo Mechanic show them (keys 6-9: red, yellow, green, blue).
LABEL_COLOURS = {
    "rojo": QColor("#e5484d"),
    "amarillo": QColor("#f5d90a"),
    "verde": QColor("#30a46c"),
    "azul": QColor("#3e8bf5"),
    "morado": QColor("#8e4ec6"),
}


class GridDelegate(QStyledItemDelegate):
    """Paints a cell from the model's roles; keeps no state of its own."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        return QSize(CELL)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        rect: QRect = option.rect  # type: ignore[attr-defined]
        if rect.isEmpty():
            return  # a row hidden by a closed stack: icon mode still asks, with an empty rect
        item: dict[str, Any] = index.data(ItemRole) or {}
        rating: Rating = index.data(RatingRole) or Rating()
        image: QImage | None = index.data(ThumbRole)
        state: str = index.data(ThumbStateRole) or "loading"
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        frame = QRectF(rect.adjusted(3, 3, -3, -3))
        painter.setPen(QPen(QColor("#7fa7e0"), 2) if selected else Qt.PenStyle.NoPen)
        painter.setBrush(CELL_SELECTED if selected else CELL_BG)
        painter.drawRoundedRect(frame, 6, 6)

        box = thumb_box(rect)
        shown = self._picture(painter, box, image, state, str(item.get("kind", "")))
        if rating.reject:
            painter.fillRect(shown, QColor(0, 0, 0, 140))
        if item.get("kind") == "video" and item.get("duration"):
            self._duration_badge(painter, shown, float(item["duration"]))
        draw_badges(painter, shown, item, rating)
        draw_label_band(painter, frame, item)
        draw_stack(painter, frame, shown, index.data(StackRole))

        name_rect = QRect(rect.x() + 10, box.bottom() + 6, rect.width() - 20, 18)
        font = QFont(option.font)  # type: ignore[attr-defined]
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        painter.setFont(font)
        painter.setPen(DIM if rating.reject else TEXT)
        name = option.fontMetrics.elidedText(  # type: ignore[attr-defined]
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
            Qt.TextElideMode.ElideMiddle,
            name_rect.width(),
        )
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignCenter, name)
        draw_stars(painter, QRect(rect.x(), name_rect.bottom() + 2, rect.width(), 16), rating)
        painter.restore()

    # -- parts --------------------------------------------------------------------------
    def _picture(
        self, painter: QPainter, box: QRect, image: QImage | None, state: str, kind: str
    ) -> QRect:
        """Draw the thumbnail (or a placeholder) centred in ``box``; return where it went."""
        if image is not None and not image.isNull():
            target = picture_rect(box, image)
            # Scaled once per picture and size, then only copied (ui.paint_cache).
            pixmap = scaled_pixmap(image, target.size(), device_ratio(painter))
            painter.drawPixmap(target.topLeft(), pixmap)
            return target
        painter.fillRect(box, QColor("#1f1f1f"))
        painter.setPen(DIM)
        if kind == "audio":
            self._audio_icon(painter, box)
            bottom = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
            painter.drawText(box.adjusted(0, 0, 0, -8), bottom, tr("AUDIO"))
        else:
            label = tr("Cargando…") if state == "loading" else tr("Sin vista previa")
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
        return box

    @staticmethod
    def _audio_icon(painter: QPainter, box: QRect) -> None:
        painter.save()
        painter.setPen(QPen(DIM, 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        centre = box.center()
        heights = (10, 26, 40, 22, 34, 14, 28, 8)
        for i, h in enumerate(heights):
            x = centre.x() - 42 + i * 12
            painter.drawLine(x, centre.y() - 10 - h // 2, x, centre.y() - 10 + h // 2)
        painter.restore()

    @staticmethod
    def _duration_badge(painter: QPainter, shown: QRect, seconds: float) -> None:
        text = clip_duration(seconds)
        width = painter.fontMetrics().horizontalAdvance(text) + 26
        pill = QRectF(shown.right() - width - 6, shown.bottom() - 24, width, 18)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 190))
        painter.drawRoundedRect(pill, 9, 9)
        painter.setBrush(QColor("white"))
        px, py = pill.x() + 8, pill.center().y()
        painter.drawPolygon(
            QPolygonF([QPointF(px, py - 5), QPointF(px + 8, py), QPointF(px, py + 5)])
        )
        painter.setPen(QColor("white"))
        painter.drawText(pill.adjusted(18, 0, -4, 0), Qt.AlignmentFlag.AlignCenter, text)


def thumb_box(cell: QRect) -> QRect:
    """The area of a cell the picture is fitted into."""
    return QRect(cell.x() + 10, cell.y() + 10, cell.width() - 20, THUMB_HEIGHT)


def picture_rect(box: QRect, image: QImage | None) -> QRect:
    """Where the cell draws ``image`` in ``box`` (the whole box without a picture)."""
    if image is None or image.isNull():
        return QRect(box)
    size = image.size().scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
    if image.width() <= box.width() and image.height() <= box.height():
        # Small embedded thumbnails: enlarge a little at most, never blur them much.
        factor = min(box.width() / image.width(), box.height() / image.height(), 1.25)
        size = QSize(round(image.width() * factor), round(image.height() * factor))
    target = QRect(0, 0, size.width(), size.height())
    target.moveCenter(box.center())
    return target


def star_polygon(centre: QPointF, radius: float) -> QPolygonF:
    """A five-pointed star around ``centre``."""
    points = []
    for k in range(10):
        r = radius if k % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + k * math.pi / 5
        points.append(QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle)))
    return QPolygonF(points)


# -- badges shared with the loupe ---------------------------------------------------------
def draw_badges(painter: QPainter, shown: QRect, item: dict[str, Any], rating: Rating) -> None:
    """Pick or reject flag (or the suggested-pick ring), label dot and problem sign over a
    picture drawn in ``shown``."""
    if rating.pick:
        draw_flag(painter, shown, PICK, "pick")
    elif rating.reject:
        draw_flag(painter, shown, REJECT, "reject")
    elif item.get("suggested") is True:
        draw_flag(painter, shown, SUGGESTED, "suggested")
    colour = LABEL_COLOURS.get(str(item.get("label") or ""))
    if colour is not None:
        dot = QRectF(shown.x() + 8, shown.bottom() - 26, 18, 18)
        painter.setPen(QPen(QColor("#111111"), 1.5))
        painter.setBrush(colour)
        painter.drawEllipse(dot)
    if item.get("problems"):
        draw_problem(painter, shown)


def draw_label_band(painter: QPainter, frame: QRectF, item: dict[str, Any]) -> None:
    """A band of the item's colour label along the bottom of its cell (none without label)."""
    colour = LABEL_COLOURS.get(str(item.get("label") or ""))
    if colour is None:
        return
    band = QRectF(frame.x() + 6, frame.bottom() - 6, frame.width() - 12, 4)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(band, 2, 2)


def draw_flag(painter: QPainter, shown: QRect, colour: QColor, which: str) -> None:
    """A round badge at the picture's top left: a tick (pick), a cross (reject), or a dashed
    ring with a tick (a pick the machine suggested and nobody has accepted yet)."""
    circle = QRectF(shown.x() + 6, shown.y() + 6, 24, 24)
    suggested = which == "suggested"
    if suggested:
        painter.setPen(QPen(colour, 2.5, Qt.PenStyle.DashLine))
        painter.setBrush(QColor(0, 0, 0, 170))
    else:
        painter.setPen(QPen(QColor("#111111"), 1.5))
        painter.setBrush(colour)
    painter.drawEllipse(circle)
    tick = colour if suggested else QColor("white")
    painter.setPen(QPen(tick, 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    c = circle.center()
    path = QPainterPath()
    if which == "reject":
        path.moveTo(c.x() - 5, c.y() - 5)
        path.lineTo(c.x() + 5, c.y() + 5)
        path.moveTo(c.x() + 5, c.y() - 5)
        path.lineTo(c.x() - 5, c.y() + 5)
    else:
        path.moveTo(c.x() - 6, c.y())
        path.lineTo(c.x() - 1.5, c.y() + 5)
        path.lineTo(c.x() + 6.5, c.y() - 5)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)


def draw_problem(painter: QPainter, shown: QRect) -> None:
    """A warning triangle at the picture's top right."""
    x, y = shown.right() - 28, shown.y() + 6
    triangle = QPolygonF([QPointF(x + 11, y), QPointF(x + 22, y + 20), QPointF(x, y + 20)])
    painter.setPen(QPen(QColor("#111111"), 1.5))
    painter.setBrush(PROBLEM)
    painter.drawPolygon(triangle)
    painter.setPen(QPen(QColor("#111111"), 2.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawLine(QPointF(x + 11, y + 7), QPointF(x + 11, y + 13))
    painter.drawPoint(QPointF(x + 11, y + 17))


def draw_stars(painter: QPainter, line: QRect, rating: Rating, size: float = 12.0) -> None:
    """The five stars, filled up to the rating, centred in ``line``."""
    gap = size / 3
    total = MAX_STARS * size + (MAX_STARS - 1) * gap
    box = QSize(math.ceil(total) + 2, math.ceil(size) + 2)

    def draw(p: QPainter) -> None:
        for i in range(MAX_STARS):
            centre = QPointF(1 + i * (size + gap) + size / 2, box.height() / 2)
            filled = i < rating.stars
            p.setPen(QPen(STAR if filled else QColor("#5a5a5a"), 1))
            p.setBrush(STAR if filled else Qt.BrushStyle.NoBrush)
            p.drawPolygon(star_polygon(centre, size / 2))

    # Drawn once per rating and size, then only copied: a grid repaints them all the time.
    pixmap = drawn_pixmap(("stars", rating.stars, size), box, draw, device_ratio(painter))
    corner = line.center() - QPoint(box.width() // 2, box.height() // 2)
    painter.drawPixmap(corner, pixmap)
