"""How a stack of near-duplicates looks in the grid: a badge on its best frame, a band
along the cells of an open stack.

The badge (two stacked frames and the number of photos the stack holds) sits at the
picture's bottom right, the one corner the other badges leave free for photos (flag top
left, problem top right, label dot bottom left; only clips draw their duration there, and
clips are never stacked). A click on it opens or closes the stack (``ui.stacks``). The
cells of an open stack carry a band along their top, rounded where the stack starts and
ends, so the person sees which photos it holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

STACK = QColor("#39c5cf")
BADGE_HEIGHT = 20
_MARGIN = 6  # from the picture's edges, as the other badges


@dataclass(frozen=True)
class StackMark:
    """What a grid cell shows of its stack (``ui.grid_model.StackRole``)."""

    size: int  # photos in the stack
    best: bool  # this cell is the stack's best frame: it draws the badge
    open: bool  # the stack is open: its members are shown, banded
    first: bool = False  # the first of the open stack's cells (the band starts)
    last: bool = False  # its last cell (the band ends)


def badge_rect(shown: QRect, size: int) -> QRectF:
    """Where the badge of a stack of ``size`` photos goes over a picture drawn in ``shown``."""
    width = 32 + 7 * len(str(size))
    return QRectF(
        shown.right() - width - _MARGIN,
        shown.bottom() - BADGE_HEIGHT - _MARGIN,
        width,
        BADGE_HEIGHT,
    )


def draw_stack(painter: QPainter, frame: QRectF, shown: QRect, mark: StackMark | None) -> None:
    """The band of an open stack along the top of the cell ``frame`` and, on the best frame,
    the badge over the picture drawn in ``shown``. Nothing for an item in no stack."""
    if mark is None:
        return
    painter.save()
    if mark.open:
        _draw_band(painter, frame, mark)
    if mark.best:
        _draw_badge(painter, badge_rect(shown, mark.size), mark)
    painter.restore()


def _draw_band(painter: QPainter, frame: QRectF, mark: StackMark) -> None:
    left = frame.x() + 6 if mark.first else frame.x() - 4  # reaches into the spacing
    right = frame.right() - 6 if mark.last else frame.right() + 4
    band = QRectF(left, frame.y() + 1, right - left, 4)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(STACK)
    painter.drawRoundedRect(band, 2, 2)
    painter.setPen(QPen(STACK, 1.5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    tick = QPointF(0, 14)  # a short edge down the cell where the stack starts and ends
    if mark.first:
        painter.drawLine(band.bottomLeft(), band.bottomLeft() + tick)
    if mark.last:
        painter.drawLine(band.bottomRight(), band.bottomRight() + tick)


def _draw_badge(painter: QPainter, pill: QRectF, mark: StackMark) -> None:
    """Two stacked frames and the number; filled with the stack's colour when open."""
    painter.setPen(QPen(STACK, 1.5) if mark.open else Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 190))
    painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
    ink = STACK if mark.open else QColor("white")
    x, y = pill.x() + 8, pill.y() + 5
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(ink, 1.3))
    painter.drawRect(QRectF(x + 3, y, 10, 7))  # the frame behind
    painter.setBrush(ink)
    painter.drawRect(QRectF(x, y + 3, 10, 7))  # the frame in front
    font = QFont(painter.font())
    font.setPixelSize(12)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(ink)
    text = pill.adjusted(22, 0, -6, 0)
    painter.drawText(text, Qt.AlignmentFlag.AlignCenter, str(mark.size))
