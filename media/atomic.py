"""Atomic writes: write a temporary file in the same folder, fsync, ``os.replace``.

Includes the TinyDB storage the catalogs use (TinyDB's own JSONStorage truncates and
rewrites in place, which a crash can leave half-written).
"""

from __future__ import annotations

import json
import os
import tempfile
from typing import Any

from tinydb.storages import Storage

from media.json_slices import loads_in_slices

TMP_PREFIX = ".cobertura-tmp-"


def fsync_dir(folder: str) -> None:
    """Make a rename in ``folder`` durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never half."""
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(folder)


def write_json_atomic(path: str, data: Any) -> None:
    write_atomic(
        path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    )


class AtomicJSONStorage(Storage):
    """A TinyDB storage that never leaves a half-written file behind."""

    def __init__(self, path: str, **_: Any) -> None:
        self.path = path

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            with open(self.path, encoding="utf-8") as fh:
                text = fh.read()
        except FileNotFoundError:
            return None
        # A big catalog is parsed a document at a time: the GUI thread runs meanwhile.
        return loads_in_slices(text) if text.strip() else None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        write_json_atomic(self.path, data)

    def close(self) -> None:
        pass


def append_lines(path: str, lines: list[str]) -> None:
    """Append whole lines and fsync. A line torn by an earlier crash is ended first, so the
    torn line is the only one lost (readers skip lines that do not parse)."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "a+b") as fh:
        if fh.tell() > 0:
            fh.seek(-1, os.SEEK_END)
            if fh.read(1) != b"\n":
                fh.write(b"\n")
        fh.write("".join(line + "\n" for line in lines).encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())
