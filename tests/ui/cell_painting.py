"""Drawing one grid cell into an image and counting a colour in it (badge tests)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from ui.grid_delegate import CELL, GridDelegate


def paint_cell(window, row: int) -> QImage:
    """Row ``row`` of the window's grid as the delegate draws it, on black."""
    canvas = QImage(CELL, QImage.Format.Format_RGB32)
    canvas.fill(QColor("black"))
    option = QStyleOptionViewItem()
    option.rect = canvas.rect()
    option.state = QStyle.StateFlag.State_Enabled
    option.font = window.grid.font()
    option.fontMetrics = window.grid.fontMetrics()
    painter = QPainter(canvas)
    GridDelegate().paint(painter, option, window.model.index(row))
    painter.end()
    return canvas


def count(image: QImage, colour: QColor, step: int = 2) -> int:
    """Pixels of exactly ``colour``, sampling every ``step`` pixels each way."""
    return sum(
        1
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
        if image.pixelColor(x, y) == colour
    )
