"""The picture under the trim view's playhead, decoded on a worker.

One request at a time and the latest wins: while a picture is being decoded, the playhead
may move many times; when it comes back, only the newest position is asked for. A fast
picture (the keyframe before the time) is asked for while a slider is being dragged, the
exact one once it is let go.
"""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from media.frames import poster_frame
from ui.workers import TaskRunner


def to_qimage(image: Image.Image) -> QImage:
    """A Pillow picture as a QImage that owns its pixels (safe to hand to the GUI thread)."""
    rgb = image.convert("RGB")
    data = rgb.tobytes()
    return QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888).copy()


class FramePreview(QLabel):
    """Shows the frame of ``path`` at the time last asked for (``show_time``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(480, 270)
        self.setStyleSheet("background: #000000; color: #9a9a9a;")
        self.runner = TaskRunner(self, writer=True)  # one decode at a time, in order
        self.path: str | None = None
        self.shown_at: float | None = None  # the time of the picture on screen
        self.shown_exact = False
        self._wanted: tuple[float, bool] | None = None
        self._busy = False
        self._image = QImage()

    def show_time(self, path: str, seconds: float, exact: bool) -> None:
        """Show the picture at ``seconds`` (exact, or the keyframe before it: faster)."""
        self.path = path
        self._wanted = (seconds, exact)
        self._next()

    def stop(self) -> None:
        """Drop the pictures not decoded yet."""
        self._wanted = None
        self.runner.pool.clear()

    def _next(self) -> None:
        if self._busy or self._wanted is None or self.path is None:
            return
        at, exact = self._wanted
        if self.shown_at == at and (self.shown_exact or not exact):
            return  # already on screen
        self._busy = True
        path, size = self.path, (max(160, self.width()), max(90, self.height()))
        self.runner.submit(
            lambda: to_qimage(poster_frame(path, at, size, exact=exact)),
            lambda image: self._on_picture(at, exact, image, None),
            lambda error: self._on_picture(at, exact, QImage(), error),
        )

    def _on_picture(
        self, at: float, exact: bool, image: QImage, error: BaseException | None
    ) -> None:
        self._busy = False
        self.shown_at, self.shown_exact = at, exact
        if error is not None:
            self._image = QImage()
            self.setText(str(error))
        else:
            self._image = image
            self._fit()
        self._next()

    def _fit(self) -> None:
        if self._image.isNull():
            return
        self.setPixmap(
            QPixmap.fromImage(self._image).scaled(
                self.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
