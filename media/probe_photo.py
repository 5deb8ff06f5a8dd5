"""Photo metadata, read from the header only: exifread first, with routes for what it misses.

exifread finds no date in CR3 and RAF and raises on AVIF and damaged HEIF; those go
through the CR3 CMT boxes, the RAF's embedded JPEG, or Pillow's lazy header read.
"""

from __future__ import annotations

import io
import logging
from datetime import datetime
from typing import Any, BinaryIO

import exifread

from media import rawmeta
from media.formats import RAW_EXTS, extension
from media.models import MediaInfo, ProblemType
from media.timeutil import iso, parse_datetime

logging.getLogger("exifread").setLevel(logging.CRITICAL)

# Capture-time tags, best first (see samples/README.md: the rule exiftool's reading follows).
_DATE_TAGS = (
    ("EXIF DateTimeOriginal", "EXIF OffsetTimeOriginal", "ExifIFD:DateTimeOriginal"),
    ("Image DateTimeOriginal", "Image OffsetTimeOriginal", "IFD0:DateTimeOriginal"),
    ("EXIF DateTimeDigitized", "EXIF OffsetTimeDigitized", "ExifIFD:CreateDate"),
)
_PILLOW_FORMATS = {
    "jpg",
    "jpeg",
    "jpe",
    "png",
    "tif",
    "tiff",
    "heic",
    "heif",
    "hif",
    "avif",
    "webp",
    "",
}


def _exifread_tags(fh: BinaryIO) -> dict[str, Any]:
    tags = exifread.process_file(fh, details=False, extract_thumbnail=False)
    return {k: v for k, v in tags.items()}


def _text(tags: dict[str, Any], key: str) -> str | None:
    value = tags.get(key)
    if value is None:
        return None
    text = str(value.printable if hasattr(value, "printable") else value).strip().strip("\x00")
    return text or None


def _ratio(value: Any) -> float:
    return float(value.num) / float(value.den) if hasattr(value, "num") else float(value)


def _gps(tags: dict[str, Any]) -> dict[str, float] | None:
    """Signed decimal degrees, or None for absent, malformed or 0,0 (no fix)."""
    try:
        lat_v, lon_v = tags["GPS GPSLatitude"].values, tags["GPS GPSLongitude"].values
        lat_ref = _text(tags, "GPS GPSLatitudeRef")
        lon_ref = _text(tags, "GPS GPSLongitudeRef")
        if (
            lat_ref not in ("N", "S")
            or lon_ref not in ("E", "W")
            or len(lat_v) != 3
            or len(lon_v) != 3
        ):
            return None
        lat = sum(_ratio(v) / 60**i for i, v in enumerate(lat_v))
        lon = sum(_ratio(v) / 60**i for i, v in enumerate(lon_v))
    except (KeyError, AttributeError, TypeError, ValueError, ZeroDivisionError):
        return None
    if not (0 <= lat <= 90 and 0 <= lon <= 180) or (lat == 0 and lon == 0):
        return None
    return {
        "lat": round(-lat if lat_ref == "S" else lat, 7),
        "lon": round(-lon if lon_ref == "W" else lon, 7),
    }


def _apply_tags(info: MediaInfo, tags: dict[str, Any]) -> None:
    for date_key, offset_key, source in _DATE_TAGS:
        value = parse_datetime(_text(tags, date_key), _text(tags, offset_key))
        if value is not None and info.capture_time is None:
            info.capture_time, info.capture_time_source = iso(value), source
    info.make = info.make or _text(tags, "Image Make")
    info.model = info.model or _text(tags, "Image Model")
    info.serial = (
        info.serial or _text(tags, "EXIF BodySerialNumber") or _text(tags, "MakerNote SerialNumber")
    )
    orientation = tags.get("Image Orientation")
    if orientation is not None and info.orientation is None:
        try:
            number = int(orientation.values[0])
            info.orientation = number if 1 <= number <= 8 else None
        except (AttributeError, IndexError, TypeError, ValueError):
            pass
    for w_key, h_key in (("EXIF ExifImageWidth", "EXIF ExifImageLength"),):
        if info.width is None and w_key in tags and h_key in tags:
            try:
                info.width, info.height = int(str(tags[w_key])), int(str(tags[h_key]))
            except ValueError:
                pass
    info.gps = info.gps or _gps(tags)


def _read_with_pillow(path: str, info: MediaInfo, need_exif: bool) -> bool:
    """Header-only read with Pillow (+ pillow-heif): size, and EXIF when exifread had none."""
    from PIL import Image, IptcImagePlugin

    from media.imaging import register_heif

    register_heif()
    with Image.open(path) as im:
        width, height = im.size
        if im.info.get("original_orientation") in (5, 6, 7, 8):
            width, height = height, width  # pillow-heif already rotated; keep the coded size
        info.width, info.height = width, height
        if need_exif:
            exif = im.getexif()
            if exif:
                _apply_pillow_exif(info, exif)
        if info.capture_time is None and im.format in ("JPEG", "TIFF"):
            iptc = IptcImagePlugin.getiptcinfo(im) or {}
            _apply_iptc(info, iptc)
    return True


def _apply_pillow_exif(info: MediaInfo, exif: Any) -> None:
    sub = exif.get_ifd(0x8769)
    for tag, off, source in (
        (0x9003, 0x9011, "ExifIFD:DateTimeOriginal"),
        (0x9004, 0x9012, "ExifIFD:CreateDate"),
    ):
        value = parse_datetime(sub.get(tag), sub.get(off))
        if value is not None and info.capture_time is None:
            info.capture_time, info.capture_time_source = iso(value), source
    info.make = info.make or (str(exif.get(0x010F, "")).strip("\x00 ") or None)
    info.model = info.model or (str(exif.get(0x0110, "")).strip("\x00 ") or None)
    if info.orientation is None and exif.get(0x0112) in range(1, 9):
        info.orientation = int(exif[0x0112])
    gps = exif.get_ifd(0x8825)
    if gps and info.gps is None:
        info.gps = _gps(
            {
                "GPS GPSLatitude": _Values(gps.get(2)),
                "GPS GPSLongitude": _Values(gps.get(4)),
                "GPS GPSLatitudeRef": gps.get(1),
                "GPS GPSLongitudeRef": gps.get(3),
            }
        )


class _Values:
    def __init__(self, values: Any) -> None:
        self.values = list(values) if values is not None else []


def _apply_iptc(info: MediaInfo, iptc: dict[tuple[int, int], Any]) -> None:
    date = iptc.get((2, 55))
    if not isinstance(date, bytes) or len(date) != 8:
        return
    time = iptc.get((2, 60))
    time_text = time.decode("latin-1") if isinstance(time, bytes) else "000000"
    hh, mm, ss = time_text[0:2] or "00", time_text[2:4] or "00", time_text[4:6] or "00"
    offset = time_text[6:] or None
    text = f"{date[:4].decode()}:{date[4:6].decode()}:{date[6:8].decode()} {hh}:{mm}:{ss}"
    value = parse_datetime(text, offset)
    if value is not None:
        info.capture_time, info.capture_time_source = iso(value), "IPTC:DateCreated+TimeCreated"


def probe_photo(path: str, name: str) -> MediaInfo:
    """Everything the header of a photo says; damaged parts become problems, never exceptions."""
    info = MediaInfo()
    ext = extension(name)
    try:
        if ext == "cr3":
            _probe_cr3(path, info)
        else:
            data: BinaryIO | None = None
            if ext == "raf":
                jpeg = rawmeta.raf_embedded_jpeg(path)
                data = io.BytesIO(jpeg) if jpeg else None
            if data is None:
                with open(path, "rb") as fh:
                    _apply_tags(info, _exifread_tags(fh))
            else:
                _apply_tags(info, _exifread_tags(data))
    except Exception as exc:  # exifread raises many kinds on damaged files
        info.problems.append((ProblemType.CORRUPT, f"EXIF: {type(exc).__name__}"))
    if ext in _PILLOW_FORMATS or ext in ("dng", "nef", "cr2"):
        try:
            _read_with_pillow(path, info, need_exif=info.capture_time is None)
        except Exception as exc:
            if ext in _PILLOW_FORMATS:
                info.problems.append((ProblemType.CORRUPT, f"imagen: {type(exc).__name__}"))
    if ext in RAW_EXTS and not (info.make or info.capture_time or info.width):
        info.problems.append((ProblemType.CORRUPT, "no se reconoce el archivo RAW"))
    if ext in ("jpg", "jpeg", "jpe") and not _jpeg_complete(path):
        info.problems.append((ProblemType.TRUNCATED, "falta el final del JPEG"))
    return info


def _probe_cr3(path: str, info: MediaInfo) -> None:
    blocks = rawmeta.cr3_tiff_blocks(path)
    for key in ("CMT1", "CMT2"):
        if key in blocks:
            tags = _exifread_tags(io.BytesIO(blocks[key]))
            if key == "CMT2":  # the Exif IFD stored as IFD0: rename its tags
                tags = {k.replace("Image ", "EXIF ", 1): v for k, v in tags.items()}
            _apply_tags(info, tags)


def _jpeg_complete(path: str) -> bool:
    with open(path, "rb") as fh:
        fh.seek(0, io.SEEK_END)
        size = fh.tell()
        fh.seek(max(0, size - 4096))
        tail = fh.read()
    return b"\xff\xd9" in tail


def capture_datetime(info: MediaInfo) -> datetime | None:
    return datetime.fromisoformat(info.capture_time) if info.capture_time else None
