"""The JPEG preview that a RAW file carries, found without decoding the raw data.

TIFF-based RAW (CR2, NEF, DNG, ARW, PEF, RW2, ORF...) keep previews as JPEG blobs
pointed to from their IFDs (``JPEGInterchangeFormat``, a single JPEG strip, or the
Panasonic ``JpgFromRaw`` tag); the largest one is the camera's full preview. Canon CR3
keeps it in a ``PRVW`` box, Fujifilm RAF right after its header. Every reader checks
its bounds: a damaged file gives ``None``, never an exception.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from typing import BinaryIO

_MAX_IFDS = 64
_MAX_ENTRIES = 1000
_CR3_HEAD = 4 * 1024 * 1024  # the PRVW box sits in the first few hundred KB
_TIFF_MAGICS = {42, 0x55, 0x4F52, 0x5352}  # TIFF, Panasonic RW2, Olympus ORF ("RO", "RS")

_TAG_COMPRESSION = 0x0103
_TAG_STRIP_OFFSETS = 0x0111
_TAG_ORIENTATION = 0x0112
_TAG_STRIP_COUNTS = 0x0117
_TAG_SUBIFDS = 0x014A
_TAG_JPEG_OFFSET = 0x0201
_TAG_JPEG_LENGTH = 0x0202
_TAG_EXIF_IFD = 0x8769
_TAG_RW2_JPEG = 0x002E
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}


@dataclass(frozen=True)
class Preview:
    """An embedded JPEG and the RAW file's own EXIF orientation (1 when unknown)."""

    jpeg: bytes
    orientation: int = 1


def raw_preview(fh: BinaryIO) -> Preview | None:
    """The largest JPEG preview inside a RAW file, or None when it carries none."""
    fh.seek(0)
    head = fh.read(16)
    if head.startswith(b"FUJIFILMCCD-RAW"):
        return _raf_preview(fh)
    if head[4:12] == b"ftypcrx ":
        return _cr3_preview(fh)
    if head[:2] in (b"II", b"MM"):
        return _tiff_preview(fh, head[:2] == b"II")
    return None


def _raf_preview(fh: BinaryIO) -> Preview | None:
    fh.seek(84)
    raw = fh.read(8)
    if len(raw) < 8:
        return None
    offset, length = struct.unpack(">II", raw)
    if length <= 0 or length > 64 * 1024 * 1024:
        return None
    fh.seek(offset)
    data = fh.read(length)
    return Preview(data) if data.startswith(b"\xff\xd8") else None


def _cr3_preview(fh: BinaryIO) -> Preview | None:
    fh.seek(0)
    head = fh.read(_CR3_HEAD)
    at = head.find(b"PRVW")
    if at < 4:
        return None
    (size,) = struct.unpack(">I", head[at - 4 : at])
    start = head.find(b"\xff\xd8", at, at + 64)
    end = at - 4 + size
    if start < 0 or end <= start:
        return None
    fh.seek(start)
    data = fh.read(end - start)
    if len(data) != end - start:
        return None
    return Preview(data, _cr3_orientation(head))


def _cr3_orientation(head: bytes) -> int:
    """The Orientation of the CR3's ``CMT1`` box (a TIFF IFD0), 1 when absent."""
    at = head.find(b"CMT1")
    if at < 4:
        return 1
    (size,) = struct.unpack(">I", head[at - 4 : at])
    block = head[at + 4 : at - 4 + size]
    if block[:2] not in (b"II", b"MM"):
        return 1
    tiff = _Tiff(io.BytesIO(block), block[:2] == b"II")
    raw = tiff.read(4, 4)
    if len(raw) < 4:
        return 1
    tags, _ = tiff.entries(struct.unpack(tiff.order + "I", raw)[0])
    value = (tags.get(_TAG_ORIENTATION) or [1])[0]
    return value if 1 <= value <= 8 else 1


class _Tiff:
    def __init__(self, fh: BinaryIO, little: bool) -> None:
        self.fh = fh
        self.order = "<" if little else ">"
        fh.seek(0, 2)
        self.size = fh.tell()

    def read(self, offset: int, length: int) -> bytes:
        if offset < 0 or length < 0 or offset + length > self.size:
            return b""
        self.fh.seek(offset)
        return self.fh.read(length)

    def entries(self, offset: int) -> tuple[dict[int, list[int]], int]:
        """The integer values of each tag of the IFD at ``offset`` and the next IFD's offset."""
        raw = self.read(offset, 2)
        if len(raw) < 2:
            return {}, 0
        (count,) = struct.unpack(self.order + "H", raw)
        count = min(count, _MAX_ENTRIES)
        table = self.read(offset + 2, count * 12 + 4)
        if len(table) < count * 12 + 4:
            return {}, 0
        tags: dict[int, list[int]] = {}
        for i in range(count):
            tag, kind, n, value = struct.unpack(self.order + "HHI4s", table[i * 12 : i * 12 + 12])
            tags[tag] = self._values(kind, n, value, tag)
        (next_ifd,) = struct.unpack(self.order + "I", table[count * 12 :])
        return tags, next_ifd

    def _values(self, kind: int, n: int, value: bytes, tag: int) -> list[int]:
        if tag == _TAG_RW2_JPEG:  # an UNDEFINED blob: keep (offset, length)
            (offset,) = struct.unpack(self.order + "I", value)
            return [offset, n]
        if kind not in (3, 4, 13) or n == 0 or n > 4096:
            return []
        size = _TYPE_SIZES[kind] * n
        if size <= 4:
            data = value[:size]
        else:
            data = self.read(struct.unpack(self.order + "I", value)[0], size)
        if len(data) < size:
            return []
        fmt = "H" if kind == 3 else "I"
        return list(struct.unpack(self.order + fmt * n, data))


def _tiff_preview(fh: BinaryIO, little: bool) -> Preview | None:
    tiff = _Tiff(fh, little)
    raw = tiff.read(2, 6)
    if len(raw) < 6:
        return None
    magic, first = struct.unpack(tiff.order + "HI", raw)
    if magic not in _TIFF_MAGICS:
        return None
    blobs: list[tuple[int, int]] = []
    orientation = 1
    queue: list[int] = [first]
    seen: set[int] = set()
    while queue and len(seen) < _MAX_IFDS:
        offset = queue.pop(0)
        if offset <= 0 or offset in seen:  # loops in IFD chains exist in real files
            continue
        seen.add(offset)
        tags, next_ifd = tiff.entries(offset)
        if len(seen) == 1 and tags.get(_TAG_ORIENTATION):
            orientation = tags[_TAG_ORIENTATION][0]
        blobs.extend(_jpeg_blobs(tags))
        queue.extend(tags.get(_TAG_SUBIFDS, []))
        queue.extend(tags.get(_TAG_EXIF_IFD, []))
        queue.append(next_ifd)
    for offset, length in sorted(blobs, key=lambda b: -b[1]):
        data = tiff.read(offset, length)
        if _is_viewable_jpeg(data):  # CR2 and DNG also keep the raw data as lossless JPEG
            return Preview(data, orientation if 1 <= orientation <= 8 else 1)
    return None


def _is_viewable_jpeg(data: bytes) -> bool:
    """True for a baseline or progressive JPEG (not the lossless kind raw data uses)."""
    if not data.startswith(b"\xff\xd8"):
        return False
    at = 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker in (0xC0, 0xC1, 0xC2):
            return True
        if 0xC3 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return False  # lossless, hierarchical or arithmetic-coded
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        at += 2 + length
    return False


def _jpeg_blobs(tags: dict[int, list[int]]) -> list[tuple[int, int]]:
    found = []
    if tags.get(_TAG_JPEG_OFFSET) and tags.get(_TAG_JPEG_LENGTH):
        found.append((tags[_TAG_JPEG_OFFSET][0], tags[_TAG_JPEG_LENGTH][0]))
    strips, counts = tags.get(_TAG_STRIP_OFFSETS), tags.get(_TAG_STRIP_COUNTS)
    compression = (tags.get(_TAG_COMPRESSION) or [0])[0]
    if compression in (6, 7) and strips and counts and len(strips) == 1 == len(counts):
        found.append((strips[0], counts[0]))
    if len(tags.get(_TAG_RW2_JPEG, [])) == 2:
        found.append((tags[_TAG_RW2_JPEG][0], tags[_TAG_RW2_JPEG][1]))
    return found
