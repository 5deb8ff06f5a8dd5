"""The face detector's small pictures of a pick run's photos, kept until they are needed.

A pick run measures every photo first and looks for faces afterwards, only in the
frames that can be picked (``media.face_pass``). So that those photos need not be
decoded twice, the scoring stage leaves here each photo's ``faces.face_view`` (at most
320 px on the longer side, 68 kB): in an anonymous temporary file, not in memory, so
memory stays flat with the number of photos. The file disappears when the views are
closed, or with the process.
"""

from __future__ import annotations

import tempfile
import threading
from types import TracebackType
from typing import IO

import numpy as np


class FaceViews:
    """Grayscale uint8 pictures by key (a file's path). Safe to share between threads."""

    def __init__(self, folder: str | None = None) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="cobertura-rostros-", dir=folder)
        self._where: dict[str, tuple[int, int, int]] = {}  # key -> offset, height, width
        self._lock = threading.Lock()

    def put(self, key: str, picture: np.ndarray) -> None:
        """Keep ``picture`` (2-D uint8) under ``key``, replacing what was there."""
        data = np.ascontiguousarray(picture, np.uint8).tobytes()
        with self._lock:
            offset = self._file.seek(0, 2)
            self._file.write(data)
            self._where[key] = (offset, picture.shape[0], picture.shape[1])

    def get(self, key: str) -> np.ndarray | None:
        """The picture kept under ``key``, or None."""
        with self._lock:
            where = self._where.get(key)
            if where is None:
                return None
            offset, height, width = where
            self._file.seek(offset)
            data = self._file.read(height * width)
        if len(data) != height * width:
            return None
        return np.frombuffer(data, np.uint8).reshape(height, width)

    def __contains__(self, key: str) -> bool:
        return key in self._where

    def __len__(self) -> int:
        return len(self._where)

    def close(self) -> None:
        """Forget every picture and remove the file."""
        with self._lock:
            self._where.clear()
            self._file.close()

    def __enter__(self) -> FaceViews:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
