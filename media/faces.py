"""Faces in a photo: how many, and how big, with the detector that ships in OpenCV's wheel.

The detector is OpenCV's Haar cascade ``haarcascade_frontalface_alt2.xml``, which the
``opencv-python-headless`` wheel (4.x) carries in ``cv2.data.haarcascades``: nothing is
downloaded, ever. Of the cascades there, ``alt2`` gave the fewest false faces on the
sample photos (the ``default`` cascade saw faces in clothes patterns). It finds frontal
and near-frontal faces; a face in profile or smaller than ``MIN_FACE`` of the picture's
longer side is not counted, which suits the question asked here: does the photo show
people's faces large enough to be seen in the bulletin.
"""

from __future__ import annotations

import os
import queue
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import cv2
import numpy as np

CASCADE = "haarcascade_frontalface_alt2.xml"
FACE_SIZE = 320  # longer side, in pixels, of the picture the detector looks at
MIN_FACE = 0.07  # the smallest face counted, as a share of the picture's longer side
SCALE_STEP = 1.25
MIN_NEIGHBOURS = 4

# A CascadeClassifier is not safe to share between threads, and loading one takes about
# 17 ms: each thread borrows one from here and gives it back, so a process loads only as
# many as it ever ran at once, however many thread pools come and go.
_idle: queue.SimpleQueue[cv2.CascadeClassifier] = queue.SimpleQueue()


@dataclass(frozen=True)
class Faces:
    """Faces found: their count and the height of the largest as a share of the frame's."""

    count: int
    largest: float  # 0 when there is none
    boxes: tuple[tuple[float, float, float, float], ...] = ()  # x, y, w, h as shares


def cascade_path() -> str:
    """Where the cascade file is inside the installed OpenCV wheel."""
    return os.path.join(cv2.data.haarcascades, CASCADE)  # type: ignore[attr-defined]


def _load() -> cv2.CascadeClassifier:
    detector = cv2.CascadeClassifier(cascade_path())
    if detector.empty():
        raise RuntimeError(f"no se pudo cargar el detector de rostros: {cascade_path()}")
    return detector


@contextmanager
def _detector() -> Iterator[cv2.CascadeClassifier]:
    try:
        detector = _idle.get_nowait()
    except queue.Empty:
        detector = _load()
    try:
        yield detector
    finally:
        _idle.put(detector)


def face_view(gray: np.ndarray) -> np.ndarray:
    """The picture the detector looks at: ``gray`` (uint8) brought down to FACE_SIZE on its
    longer side. Small (68 kB at most), so it can be kept until it is known whether the
    faces of this photo are needed."""
    h, w = gray.shape
    scale = min(1.0, FACE_SIZE / max(h, w))
    if scale >= 1.0:
        return np.ascontiguousarray(gray)
    if max(h, w) == 2 * FACE_SIZE:  # the working size: whole 2×2 blocks, OpenCV's fast path
        whole = gray[: h - h % 2, : w - w % 2]
        return cv2.resize(whole, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    return cv2.resize(gray, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)


def find_faces(gray: np.ndarray) -> Faces:
    """Frontal faces in a grayscale uint8 picture, largest first."""
    return faces_in_view(face_view(gray))


def faces_in_view(small: np.ndarray) -> Faces:
    """Frontal faces in a picture made by ``face_view``, largest first."""
    sh, sw = small.shape
    smallest = max(20, round(MIN_FACE * max(sh, sw)))
    if min(sh, sw) < smallest:
        return Faces(0, 0.0)
    with _detector() as detector:
        found = detector.detectMultiScale(
            cv2.equalizeHist(small),
            scaleFactor=SCALE_STEP,
            minNeighbors=MIN_NEIGHBOURS,
            minSize=(smallest, smallest),
        )
    boxes = sorted(
        ((x / sw, y / sh, fw / sw, fh / sh) for x, y, fw, fh in np.asarray(found).reshape(-1, 4)),
        key=lambda b: -b[3],
    )
    return Faces(len(boxes), boxes[0][3] if boxes else 0.0, tuple(boxes))
