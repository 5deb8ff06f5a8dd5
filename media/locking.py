"""One ingest at a time per library: an OS lock that a killed process releases by itself."""

from __future__ import annotations

import os
import sys
from typing import IO

from media.library import STATE_DIR


class LibraryBusy(Exception):
    """Another process is ingesting into this library."""


class LibraryLock:
    def __init__(self, library: str) -> None:
        self.path = os.path.join(library, STATE_DIR, "ingest.lock")
        self._fh: IO[str] | None = None

    def acquire(self) -> None:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        fh = open(self.path, "a+")
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            fh.close()
            raise LibraryBusy(self.path) from exc
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
