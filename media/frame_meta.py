"""The JPEG of a video frame saved as a photo: its pixels at quality 95, an Exif block that
says when and with which camera it was taken, and an XMP packet that says where it came
from, for people (``dc:source``: «Cuadro de video: VIDEO/clip.mp4 a 00:00:12.480») and for
programs (``cobertura:sourcePath``, ``sourceHash``, ``sourceItem``, ``sourceTime``).

Nothing in the bytes depends on when or where they are made: the same frame of the same
clip always gives the same file, so ingest's content hash finds it a second time.
"""

from __future__ import annotations

import io
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from PIL import Image

from media.jpeg_meta import app1_xmp, insert_metadata
from media.models import FILE_TIME_SOURCE
from media.xmp import NS, xmp_packet

JPEG_QUALITY = 95
SOFTWARE = "Cobertura"
COBERTURA_NS = "https://cobertura.iztacalco.cdmx.gob.mx/ns/xmp/1.0/"
_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825


@dataclass(frozen=True)
class FrameSource:
    """What a frame photo says about the clip it was taken from."""

    clip_path: str  # the clip, relative to its event folder ("VIDEO/clip.mp4")
    clip_hash: str  # the clip's content hash (xxh3-128), as its catalog item has it
    clip_id: str  # the clip's catalog item id
    t: float  # seconds from the clip's start to the frame
    taken: datetime | None  # the clip's capture time + t; None when the clip has none
    make: str | None = None
    model: str | None = None
    serial: str | None = None
    gps: dict[str, float] | None = None  # {"lat", "lon"} in signed degrees


def clock(seconds: float) -> str:
    """``HH:MM:SS.mmm``: a time in a clip as people read it."""
    millis = round(max(seconds, 0.0) * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def source_text(source: FrameSource) -> str:
    """«Cuadro de video: VIDEO/clip.mp4 a 00:00:12.480», what the photo says it is."""
    return f"Cuadro de video: {source.clip_path} a {clock(source.t)}"


def frame_taken(capture_time: str, t: float) -> datetime:
    """The moment of the frame: the clip's capture time (ISO 8601, offset kept when it has
    one) plus ``t`` seconds, to the millisecond."""
    start = datetime.fromisoformat(capture_time)
    return start + timedelta(milliseconds=round(t * 1000))


def frame_source(item: dict[str, Any], t: float) -> FrameSource:
    """What the photo of the frame at ``t`` says about the clip ``item``. The clip's file
    time (no capture time) is not written as a capture time: the photo has none either."""
    known = item.get("capture_time") and item.get("capture_time_source") != FILE_TIME_SOURCE
    return FrameSource(
        clip_path=str(item.get("folder_path") or os.path.basename(str(item.get("path")))),
        clip_hash=str(item.get("hash") or ""),
        clip_id=str(item.get("id") or ""),
        t=t,
        taken=frame_taken(str(item["capture_time"]), t) if known else None,
        make=item.get("make"),
        model=item.get("model"),
        serial=item.get("serial"),
        gps=item.get("gps"),
    )


def frame_name(item: dict[str, Any], t: float) -> str:
    """The photo's name before the naming template: ``IMG_0001_cuadro_00m12.480s.jpg``."""
    original = str(item.get("original_name") or os.path.basename(str(item.get("path"))))
    stem = original.rpartition(".")[0] or original
    minutes, seconds = divmod(round(t * 1000) / 1000, 60)
    return f"{stem}_cuadro_{int(minutes):02d}m{seconds:06.3f}s.jpg"


def _dms(degrees: float) -> tuple[Fraction, Fraction, Fraction]:
    whole = abs(degrees)
    d = int(whole)
    m = int((whole - d) * 60)
    s = Fraction(round((whole - d - m / 60) * 3600 * 10_000), 10_000)
    return Fraction(d), Fraction(m), s


def exif_block(source: FrameSource, width: int, height: int) -> bytes:
    """The Exif block: capture time (sub-seconds and offset too), camera, pixel size,
    GPS when the clip has a fix, and the source text as UserComment."""
    exif = Image.Exif()
    exif[0x0112] = 1  # the pixels are upright already
    exif[0x0131] = SOFTWARE
    if source.make:
        exif[0x010F] = source.make
    if source.model:
        exif[0x0110] = source.model
    sub = exif.get_ifd(_EXIF_IFD)
    if source.taken is not None:
        sub[0x9003] = source.taken.strftime("%Y:%m:%d %H:%M:%S")  # DateTimeOriginal
        sub[0x9291] = f"{source.taken.microsecond // 1000:03d}"  # SubSecTimeOriginal
        offset = source.taken.strftime("%z")
        if offset:
            sub[0x9011] = f"{offset[:3]}:{offset[3:]}"  # OffsetTimeOriginal
    if source.serial:
        sub[0xA431] = source.serial  # BodySerialNumber: the clock offset of this body applies
    sub[0xA002], sub[0xA003] = width, height
    # UserComment: UCS-2 in the byte order of the block (Pillow's choice: read it back).
    order = "utf-16-le" if exif.tobytes()[6:8] == b"II" else "utf-16-be"
    sub[0x9286] = b"UNICODE\x00" + source_text(source).encode(order)
    if source.gps:
        gps = exif.get_ifd(_GPS_IFD)
        lat, lon = source.gps["lat"], source.gps["lon"]
        gps[0] = b"\x02\x03\x00\x00"
        gps[1], gps[2] = ("N" if lat >= 0 else "S"), _dms(lat)
        gps[3], gps[4] = ("E" if lon >= 0 else "W"), _dms(lon)
    return bytes(exif.tobytes())


def xmp_block(source: FrameSource) -> bytes:
    """The XMP packet: ``dc:source`` for people, the ``cobertura:`` properties for programs."""
    ET.register_namespace("cobertura", COBERTURA_NS)
    props: dict[str, tuple[str, Any]] = {
        f"{{{NS['dc']}}}source": ("text", source_text(source)),
        f"{{{NS['xmp']}}}CreatorTool": ("text", SOFTWARE),
        f"{{{COBERTURA_NS}}}sourcePath": ("text", source.clip_path),
        f"{{{COBERTURA_NS}}}sourceHash": ("text", source.clip_hash),
        f"{{{COBERTURA_NS}}}sourceItem": ("text", source.clip_id),
        f"{{{COBERTURA_NS}}}sourceTime": ("text", f"{source.t:.3f}"),
    }
    return xmp_packet(props)


def frame_jpeg(image: Image.Image, source: FrameSource) -> bytes:
    """``image`` as a JPEG (quality 95) carrying the Exif and XMP blocks above."""
    out = io.BytesIO()
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    rgb.save(out, "JPEG", quality=JPEG_QUALITY, exif=exif_block(source, rgb.width, rgb.height))
    return insert_metadata(out.getvalue(), [app1_xmp(xmp_block(source))])
