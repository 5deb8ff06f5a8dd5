"""The trim view's timeline: a picture of the clip (a frame strip, or a waveform in
``ui.waveform_view``) with the in and out points, the part left out dimmed, the playhead,
and the stills a pick run suggested (small marks along the bottom). Clicking or dragging on
it moves the playhead; a click on a still's mark puts it exactly on that still."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

IN_OUT = QColor("#f2c744")
PLAYHEAD = QColor("#ffffff")
OUTSIDE = QColor(0, 0, 0, 150)
BACKGROUND = QColor("#161616")
STILL = QColor("#4cc2ff")
STILL_REACH = 6  # pixels either side of a still's mark that a click snaps to it


class TimelineBar(QWidget):
    """Shows ``duration`` seconds across its width; ``seek`` says where a person clicked."""

    seek = Signal(float)  # seconds

    def __init__(self, parent: QWidget | None = None, height: int = 64) -> None:
        super().__init__(parent)
        self.duration = 0.0
        self.position = 0.0
        self.in_point: float | None = None
        self.out_point: float | None = None
        self.frames: list[QImage] = []  # pictures spread evenly over the clip
        self.stills: list[float] = []  # seconds: frames a pick run suggested as photos
        self.message = ""  # shown instead of a picture ("Cargando cuadros…", a problem)
        self.setMinimumHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(640, self.minimumHeight())

    # -- what to show ---------------------------------------------------------------------
    def set_duration(self, seconds: float) -> None:
        self.duration = max(0.0, seconds)
        self.update()

    def set_position(self, seconds: float) -> None:
        self.position = seconds
        self.update()

    def set_marks(self, in_point: float | None, out_point: float | None) -> None:
        self.in_point, self.out_point = in_point, out_point
        self.update()

    def set_frames(self, frames: list[QImage]) -> None:
        self.frames = list(frames)
        self.message = ""
        self.update()

    def set_stills(self, seconds: list[float]) -> None:
        self.stills = sorted(seconds)
        self.update()

    def still_near(self, x: float) -> float | None:
        """The still whose mark is within ``STILL_REACH`` pixels of ``x`` (the nearest)."""
        near = [(abs(self.x_of(t) - x), t) for t in self.stills]
        best = min(near, default=None)
        return best[1] if best is not None and best[0] <= STILL_REACH else None

    def set_message(self, text: str) -> None:
        self.message = text
        self.update()

    # -- drawing --------------------------------------------------------------------------
    def x_of(self, seconds: float) -> float:
        if self.duration <= 0:
            return 0.0
        return max(0.0, min(1.0, seconds / self.duration)) * (self.width() - 1)

    def time_at(self, x: float) -> float:
        if self.width() <= 1:
            return 0.0
        return max(0.0, min(1.0, x / (self.width() - 1))) * self.duration

    def paint_picture(self, painter: QPainter, area: QRectF) -> None:
        """The frames, each in its own slice of the width and cropped to it (never
        stretched); subclasses draw something else (a waveform)."""
        if not self.frames:
            return
        slot = area.width() / len(self.frames)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for i, image in enumerate(self.frames):
            if image.isNull():
                continue
            target = QRectF(area.left() + i * slot, area.top(), slot - 1, area.height())
            scale = max(target.width() / image.width(), target.height() / image.height())
            width, height = target.width() / scale, target.height() / scale
            source = QRectF(
                (image.width() - width) / 2, (image.height() - height) / 2, width, height
            )
            painter.drawImage(target, image, source)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        area = QRectF(self.rect())
        painter.fillRect(area, BACKGROUND)
        self.paint_picture(painter, area)
        if self.message:
            painter.setPen(QColor("#9a9a9a"))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.message)
        start = self.x_of(self.in_point) if self.in_point is not None else 0.0
        end = self.x_of(self.out_point) if self.out_point is not None else area.width()
        if self.in_point is not None or self.out_point is not None:
            painter.fillRect(QRectF(0, 0, start, area.height()), OUTSIDE)
            painter.fillRect(QRectF(end, 0, area.width() - end, area.height()), OUTSIDE)
            painter.setPen(QPen(IN_OUT, 2))
            painter.drawLine(QPointF(start, 0), QPointF(end, 0))
            painter.drawLine(QPointF(start, area.height() - 1), QPointF(end, area.height() - 1))
        for x, mark in ((start, self.in_point), (end, self.out_point)):
            if mark is not None:
                painter.setPen(QPen(IN_OUT, 2))
                painter.drawLine(QPointF(x, 0), QPointF(x, area.height()))
        painter.setPen(QPen(STILL, 2))
        painter.setBrush(STILL)
        bottom = area.height()
        for still in self.stills:  # a tick and a small triangle pointing up at the frame
            x = self.x_of(still)
            painter.drawLine(QPointF(x, bottom - 14), QPointF(x, bottom))
            painter.drawPolygon(
                QPolygonF([QPointF(x - 5, bottom), QPointF(x + 5, bottom), QPointF(x, bottom - 7)])
            )
        x = self.x_of(self.position)
        painter.setPen(QPen(PLAYHEAD, 2))
        painter.drawLine(QPointF(x, 0), QPointF(x, area.height()))
        painter.setBrush(PLAYHEAD)
        painter.drawPolygon(QPolygonF([QPointF(x - 5, 0), QPointF(x + 5, 0), QPointF(x, 7)]))
        painter.end()

    # -- seeking --------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            x = event.position().x()
            still = self.still_near(x)
            self.seek.emit(still if still is not None else self.time_at(x))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.seek.emit(self.time_at(event.position().x()))
