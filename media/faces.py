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
import threading
from dataclasses import dataclass

import cv2
import numpy as np

CASCADE = "haarcascade_frontalface_alt2.xml"
FACE_SIZE = 320  # longer side, in pixels, of the picture the detector looks at
MIN_FACE = 0.07  # the smallest face counted, as a share of the picture's longer side
SCALE_STEP = 1.25
MIN_NEIGHBOURS = 4

_local = threading.local()  # a CascadeClassifier is not safe to share between threads


@dataclass(frozen=True)
class Faces:
    """Faces found: their count and the height of the largest as a share of the frame's."""

    count: int
    largest: float  # 0 when there is none
    boxes: tuple[tuple[float, float, float, float], ...] = ()  # x, y, w, h as shares


def cascade_path() -> str:
    """Where the cascade file is inside the installed OpenCV wheel."""
    return os.path.join(cv2.data.haarcascades, CASCADE)  # type: ignore[attr-defined]


def _detector() -> cv2.CascadeClassifier:
    detector = getattr(_local, "detector", None)
    if detector is None:
        detector = cv2.CascadeClassifier(cascade_path())
        if detector.empty():
            raise RuntimeError(f"no se pudo cargar el detector de rostros: {cascade_path()}")
        _local.detector = detector
    return detector


def find_faces(gray: np.ndarray) -> Faces:
    """Frontal faces in a grayscale uint8 picture, largest first."""
    h, w = gray.shape
    scale = min(1.0, FACE_SIZE / max(h, w))
    small = gray
    if scale < 1.0:
        small = cv2.resize(gray, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    sh, sw = small.shape
    smallest = max(20, round(MIN_FACE * max(sh, sw)))
    if min(sh, sw) < smallest:
        return Faces(0, 0.0)
    found = _detector().detectMultiScale(
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
