"""Small readers for metadata that exifread and PyAV do not reach.

Canon CR3 (CMT boxes), Fujifilm RAF (embedded JPEG), AVCHD .MTS (the H.264 ``MDPM``
SEI that holds the recording date and time zone) and BWF WAV (the ``bext`` chunk).
Each reads only the bytes it needs and returns None when the structure is not there.
"""

from __future__ import annotations

import io
import struct
from datetime import datetime, timedelta, timezone

_CR3_UUID_BOXES = (b"CMT1", b"CMT2", b"CMT4")
_MDPM_UUID = bytes.fromhex("17ee8c60f84d11d98cd60800200c9a66") + b"MDPM"


def cr3_tiff_blocks(path: str, limit: int = 256 * 1024) -> dict[str, bytes]:
    """The TIFF blocks of a CR3 file: CMT1 (IFD0), CMT2 (Exif IFD), CMT4 (GPS IFD)."""
    with open(path, "rb") as fh:
        head = fh.read(limit)
    blocks: dict[str, bytes] = {}
    for name in _CR3_UUID_BOXES:
        at = head.find(name)
        if at < 4:
            continue
        (size,) = struct.unpack(">I", head[at - 4 : at])
        data = head[at + 4 : at - 4 + size]
        if data[:2] in (b"II", b"MM"):
            blocks[name.decode()] = data
    return blocks


def raf_embedded_jpeg(path: str) -> bytes | None:
    """The JPEG preview that a Fujifilm RAF carries (with the camera's EXIF)."""
    with open(path, "rb") as fh:
        header = fh.read(92)
        if not header.startswith(b"FUJIFILMCCD-RAW") or len(header) < 92:
            return None
        offset, length = struct.unpack(">II", header[84:92])
        if length <= 0 or length > 64 * 1024 * 1024:
            return None
        fh.seek(offset)
        data = fh.read(length)
    return data if data.startswith(b"\xff\xd8") else None


def _bcd(byte: int) -> int:
    return (byte >> 4) * 10 + (byte & 0x0F)


_MDPM_MAKES = {0x0103: "Panasonic", 0x0108: "Sony", 0x1011: "Canon", 0x1104: "JVC"}


def mts_metadata(path: str, limit: int = 4 * 1024 * 1024) -> dict[str, object] | None:
    """Recording time (with zone), make and model from the MDPM SEI of an AVCHD stream.

    These live only inside the H.264 stream (exiftool's ``H264:DateTimeOriginal``).
    """
    with open(path, "rb") as fh:
        data = fh.read(limit)
    at = data.find(_MDPM_UUID)
    if at < 0:
        return None
    raw = data[at + len(_MDPM_UUID) : at + len(_MDPM_UUID) + 512]
    body = raw.replace(b"\x00\x00\x03", b"\x00\x00")  # undo H.264 emulation prevention
    count = body[0] if body else 0
    tags: dict[int, bytes] = {}
    for i in range(count):
        entry = body[1 + i * 5 : 6 + i * 5]
        if len(entry) == 5:
            tags[entry[0]] = entry[1:]
    out: dict[str, object] = {}
    if 0x18 in tags and 0x19 in tags:
        out["time"] = _mdpm_time(tags[0x18] + tags[0x19])
    if 0xE0 in tags:
        out["make"] = _MDPM_MAKES.get(struct.unpack(">H", tags[0xE0][:2])[0])
    model = b"".join(tags.get(t, b"") for t in (0xE4, 0xE5, 0xE6)).split(b"\x00")[0]
    if model.strip():
        out["model"] = model.decode("latin-1").strip()
    return out


def _mdpm_time(raw: bytes) -> datetime | None:
    tz, y1, y2, month, day, hour, minute, second = raw
    try:
        value = datetime(
            _bcd(y1) * 100 + _bcd(y2),
            _bcd(month),
            _bcd(day),
            _bcd(hour),
            _bcd(minute),
            _bcd(second),
        )
    except ValueError:
        return None
    if tz & 0x80:  # the zone is marked unused
        return value
    minutes = ((tz >> 1) & 0x0F) * 60 + (30 if tz & 0x01 else 0)
    return value.replace(tzinfo=timezone(timedelta(minutes=-minutes if tz & 0x20 else minutes)))


def bext_origination(path: str, limit: int = 1024 * 1024) -> tuple[str, str, str] | None:
    """(originator, date, time) from a Broadcast WAV ``bext`` chunk, or None when absent."""
    with open(path, "rb") as fh:
        header = fh.read(12)
        if len(header) < 12 or header[:4] != b"RIFF" or header[8:12] != b"WAVE":
            return None
        while fh.tell() < limit:
            chunk = fh.read(8)
            if len(chunk) < 8:
                return None
            cid, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
            if cid == b"bext":
                body = fh.read(min(size, 346))
                if len(body) < 338:
                    return None
                text = io.BytesIO(body)
                text.seek(256)
                originator = text.read(32).split(b"\x00")[0].decode("latin-1").strip()
                text.seek(320)
                date = text.read(10).decode("latin-1")
                time = text.read(8).decode("latin-1")
                return originator, date, time
            fh.seek(size + (size & 1), io.SEEK_CUR)
    return None
