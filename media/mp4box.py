"""The display rotation of an MP4/MOV video track, read from its ``tkhd`` box.

PyAV shows the display matrix only on decoded frames; decoding a 1080p frame to learn
one number costs more than the whole header walk here, which reads a few boxes.
"""

from __future__ import annotations

import math
import struct
from typing import BinaryIO

_MAX_BOX = 64 * 1024 * 1024  # a moov larger than this is not read (None: decode instead)


def _boxes(fh: BinaryIO, start: int, end: int) -> list[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes between ``start`` and ``end``."""
    found = []
    at = start
    while at + 8 <= end:
        fh.seek(at)
        header = fh.read(16)
        if len(header) < 8:
            break
        size, kind = struct.unpack(">I4s", header[:8])
        body = at + 8
        if size == 1 and len(header) == 16:
            size = struct.unpack(">Q", header[8:16])[0]
            body = at + 16
        elif size == 0:
            size = end - at
        if size < body - at:
            break
        found.append((kind, body, min(at + size, end)))
        at += size
    return found


def _rotation(matrix_a: int, matrix_b: int) -> int:
    # ffmpeg's sign: the angle the picture must turn counter-clockwise, negated
    degrees = -math.degrees(math.atan2(matrix_b, matrix_a))
    rounded = int(round(degrees / 90.0)) * 90
    return 180 if rounded == -180 else rounded


def _track_rotation(fh: BinaryIO, start: int, end: int) -> int | None:
    """The rotation of a ``trak`` when it is a video track, else None."""
    boxes = _boxes(fh, start, end)
    kinds = {kind: (body, stop) for kind, body, stop in boxes}
    if b"tkhd" not in kinds or b"mdia" not in kinds:
        return None
    mdia = {kind: (body, stop) for kind, body, stop in _boxes(fh, *kinds[b"mdia"])}
    if b"hdlr" not in mdia:
        return None
    fh.seek(mdia[b"hdlr"][0] + 8)
    if fh.read(4) != b"vide":
        return None
    body, _ = kinds[b"tkhd"]
    fh.seek(body)
    version = fh.read(1)
    matrix_at = body + (52 if version == b"\x01" else 40)
    fh.seek(matrix_at)
    raw = fh.read(16)
    if len(raw) < 16:
        return None
    a, b = struct.unpack(">ii", raw[:8])
    return _rotation(a, b)


_TOP_LEVEL = (b"ftyp", b"moov", b"wide", b"free", b"mdat", b"skip")


def is_isobmff(path: str) -> bool:
    """Whether ``path`` starts like an MP4/MOV/M4A file (a known top-level box)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError:
        return False
    return len(head) == 8 and head[4:8] in _TOP_LEVEL


def display_rotation(path: str) -> int | None:
    """The first video track's rotation in ffprobe's sign (-90: shown turned 90°
    clockwise), or None when ``path`` is not an MP4/MOV or holds no video track."""
    try:
        with open(path, "rb") as fh:
            size = fh.seek(0, 2)
            top = _boxes(fh, 0, size)
            if not top or top[0][0] not in _TOP_LEVEL:
                return None
            for kind, body, stop in top:
                if kind != b"moov" or stop - body > _MAX_BOX:
                    continue
                for inner, ibody, istop in _boxes(fh, body, stop):
                    if inner == b"trak":
                        rotation = _track_rotation(fh, ibody, istop)
                        if rotation is not None:
                            return rotation
    except (OSError, struct.error):
        return None
    return None
