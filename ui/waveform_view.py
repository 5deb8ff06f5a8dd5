"""An audio take's timeline: its waveform (from ``media.waveform``) under the in and out
points and the playhead. The peaks are drawn scaled up to the loudest one (by at most
``MAX_GAIN``), so a quiet take still shows where people speak and silence stays flat."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from media.waveform import Waveform
from ui.timeline_bar import TimelineBar

WAVE = QColor("#5b8fd6")
AXIS = QColor("#3a3a3a")
MAX_GAIN = 16.0  # +24 dB: a quiet voice shows, the hiss of an empty take does not


class WaveformView(TimelineBar):
    def __init__(self, parent: QWidget | None = None, height: int = 120) -> None:
        super().__init__(parent, height)
        self.waveform: Waveform | None = None
        self._columns: list[tuple[float, float]] = []
        self._scale = 1.0

    def set_waveform(self, waveform: Waveform) -> None:
        self.waveform = waveform
        self.message = ""
        loudest = max((max(-lo, hi) for lo, hi in waveform.peaks), default=0.0)
        self._scale = min(MAX_GAIN, 1.0 / loudest) if loudest > 0 else 1.0
        self._columns = []
        if waveform.duration > 0:
            self.set_duration(waveform.duration)
        self.update()

    def columns(self) -> list[tuple[float, float]]:
        """The peaks fitted to the current width (kept until the width changes)."""
        if self.waveform is None:
            return []
        if len(self._columns) != self.width():
            self._columns = self.waveform.fit(self.width())
        return self._columns

    def paint_picture(self, painter: QPainter, area: QRectF) -> None:
        middle = area.height() / 2
        painter.setPen(QPen(AXIS, 1))
        painter.drawLine(QPointF(0, middle), QPointF(area.width(), middle))
        painter.setPen(QPen(WAVE, 1))
        half = middle - 2
        for x, (low, high) in enumerate(self.columns()):
            top = middle - min(1.0, high * self._scale) * half
            bottom = middle - max(-1.0, low * self._scale) * half
            painter.drawLine(QPointF(x + 0.5, top), QPointF(x + 0.5, max(bottom, top + 1)))
