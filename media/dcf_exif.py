"""The Exif block a DCF camera writes: an orientation and a small JPEG thumbnail.

Cobertura reads such blocks (``media.decode_score``) and never writes them into the
library; this builder makes camera-like test files and benchmark photos from pictures
that have no Exif, so what is measured is what a card holds.
"""

from __future__ import annotations

import io
import struct

from PIL import Image

_SHORT, _LONG = 3, 4
THUMBNAIL_SIZE = (160, 120)  # what DCF asks for


def dcf_thumbnail(image: Image.Image, quality: int = 80) -> bytes:
    """The JPEG thumbnail a DCF camera writes of ``image``: 160×120, a photo of another
    shape letterboxed (or pillarboxed) in black."""
    box_w, box_h = THUMBNAIL_SIZE
    scale = min(box_w / image.width, box_h / image.height)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    canvas = Image.new("RGB", THUMBNAIL_SIZE)
    shrunk = image.convert("RGB").resize(size, Image.Resampling.BILINEAR)
    canvas.paste(shrunk, ((box_w - size[0]) // 2, (box_h - size[1]) // 2))
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=quality)
    return out.getvalue()


def exif_with_thumbnail(thumbnail: bytes, orientation: int = 1) -> bytes:
    """An APP1 Exif payload (``b"Exif\\0\\0"`` and a little-endian TIFF) whose IFD0 holds
    ``orientation`` and whose IFD1 holds the JPEG ``thumbnail``, as Pillow's
    ``save(exif=...)`` takes it."""
    ifd0_at = 8
    ifd0 = _ifd([(0x0112, _SHORT, orientation)], next_at=ifd0_at + _ifd_size(1))
    ifd1_at = ifd0_at + len(ifd0)
    thumb_at = ifd1_at + _ifd_size(3)
    ifd1 = _ifd(
        [(0x0103, _SHORT, 6), (0x0201, _LONG, thumb_at), (0x0202, _LONG, len(thumbnail))],
        next_at=0,
    )
    return b"Exif\x00\x00" + b"II*\x00" + struct.pack("<I", ifd0_at) + ifd0 + ifd1 + thumbnail


def _ifd_size(entries: int) -> int:
    return 2 + 12 * entries + 4


def _ifd(entries: list[tuple[int, int, int]], next_at: int) -> bytes:
    """One IFD of single values (a SHORT is padded to the 4-byte value field)."""
    out = struct.pack("<H", len(entries))
    for tag, kind, value in entries:
        packed = struct.pack("<Hxx", value) if kind == _SHORT else struct.pack("<I", value)
        out += struct.pack("<HHI", tag, kind, 1) + packed
    return out + struct.pack("<I", next_at)


def insert_exif(jpeg: bytes, exif: bytes) -> bytes:
    """``jpeg`` with an APP1 segment holding ``exif`` right after its start (after a
    JFIF APP0 segment, when there is one); the picture's bytes are left as they are."""
    at = 2
    if jpeg[2:4] == b"\xff\xe0":
        at = 4 + int.from_bytes(jpeg[4:6], "big")
    segment = b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif
    return jpeg[:at] + segment + jpeg[at:]
