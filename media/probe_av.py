"""Video and audio metadata, in-process with PyAV: the container header, never a decode.

Capture time, best first: Apple's local ``CreationDate`` (with offset), the AVCHD
``MDPM`` date, the BWF ``bext`` origination date, then the QuickTime ``creation_time``
(UTC by the spec, except on cameras known to store their local clock there).
"""

from __future__ import annotations

import os
import re
from typing import Any

from media import rawmeta
from media.formats import extension
from media.models import MediaInfo, ProblemType
from media.timeutil import iso, parse_datetime

_ISO6709 = re.compile(r"^([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)")
# Cameras that write their local clock into QuickTime's UTC field.
_LOCAL_CLOCK_MAKES = ("GoPro",)
_PROBE_OPTIONS = {"probesize": "4000000", "analyzeduration": "3000000"}


def _gps_from_iso6709(text: str | None) -> dict[str, float] | None:
    if not text:
        return None
    m = _ISO6709.match(text.strip())
    if not m:
        return None
    lat, lon = float(m.group(1)), float(m.group(2))
    if abs(lat) > 90 or abs(lon) > 180 or (lat == 0 and lon == 0):
        return None
    return {"lat": lat, "lon": lon}


def _gopro_model(path: str, window: int = 2 * 1024 * 1024) -> str | None:
    """GoPro's model name lives in the GPMF ``MINF`` entry near the start or end of the file."""
    with open(path, "rb") as fh:
        size = fh.seek(0, os.SEEK_END)
        for offset in (0, max(0, size - window)):
            fh.seek(offset)
            chunk = fh.read(window)
            at = chunk.find(b"MINFc")
            if at >= 0:
                length = int.from_bytes(chunk[at + 6 : at + 8], "big")
                name = chunk[at + 8 : at + 8 + length].split(b"\x00")[0]
                return name.decode("latin-1").strip() or None
    return None


def probe_av(path: str, name: str) -> MediaInfo:
    """Everything the container of a clip or recording says; failures become problems."""
    import av

    info = MediaInfo()
    ext = extension(name)
    try:
        # Bounded probing: a clip of noise must not make the demuxer read the whole file.
        container = av.open(path, metadata_errors="ignore", options=_PROBE_OPTIONS)
    except Exception as exc:
        info.problems.append((ProblemType.CORRUPT, f"contenedor ilegible: {type(exc).__name__}"))
        _apply_raw_routes(path, ext, info, {})
        return info
    with container:
        meta: dict[str, Any] = dict(container.metadata)
        if container.duration:
            info.duration = round(container.duration / 1_000_000, 3)
        handlers = []
        for stream in container.streams:
            handlers.append(str(stream.metadata.get("handler_name", "")))
            codec = stream.codec_context.codec.canonical_name if stream.codec_context else None
            if stream.type in ("video", "audio") and codec:
                info.codecs.append(codec)
            if stream.type == "video" and info.width is None and stream.codec_context is not None:
                info.width = getattr(stream.codec_context, "width", None) or None
                info.height = getattr(stream.codec_context, "height", None) or None
            if (
                stream.type in ("video", "audio")
                and not info.duration
                and stream.duration
                and stream.time_base
            ):
                info.duration = round(float(stream.duration * stream.time_base), 3)
        if not info.duration and container.bit_rate and container.size:
            # Headers without a length (some WAVs): estimate from size and bit rate.
            info.duration = round(container.size * 8 / container.bit_rate, 3)
    info.make = meta.get("com.apple.quicktime.make") or meta.get("make")
    info.model = meta.get("com.apple.quicktime.model") or meta.get("model")
    if any("GoPro" in h for h in handlers) or "GoPro" in str(meta.get("encoder", "")):
        info.make = "GoPro"
        info.model = _gopro_model(path)
        if info.model and not info.model.startswith("GoPro"):
            info.model = f"GoPro {info.model}"
    info.gps = _gps_from_iso6709(
        meta.get("com.apple.quicktime.location.ISO6709") or meta.get("location")
    )
    apple = parse_datetime(meta.get("com.apple.quicktime.creationdate"))
    if apple is not None:
        info.capture_time, info.capture_time_source = iso(apple), "Keys:CreationDate"
    _apply_raw_routes(path, ext, info, meta)
    if info.capture_time is None and ext not in ("wav", "bwf", "avi", "mp3"):
        created = parse_datetime(meta.get("creation_time"))
        if created is not None:
            if info.make in _LOCAL_CLOCK_MAKES:
                info.capture_time = iso(created.replace(tzinfo=None))
                info.capture_time_source = "QuickTime:CreateDate (camera local time)"
            else:
                info.capture_time = iso(created)
                info.capture_time_source = "QuickTime:CreateDate"
    return info


def _apply_raw_routes(path: str, ext: str, info: MediaInfo, meta: dict[str, Any]) -> None:
    try:
        if ext in ("mts", "m2ts"):
            mdpm = rawmeta.mts_metadata(path)
            if mdpm:
                when = mdpm.get("time")
                if when is not None:
                    info.capture_time, info.capture_time_source = iso(when), "H264:DateTimeOriginal"  # type: ignore[arg-type]
                info.make = info.make or mdpm.get("make")  # type: ignore[assignment]
                info.model = info.model or mdpm.get("model")  # type: ignore[assignment]
        elif ext in ("wav", "bwf"):
            bext = rawmeta.bext_origination(path)
            if bext:
                _originator, date, time = bext
                when = parse_datetime(f"{date} {time}")
                if when is not None:
                    info.capture_time, info.capture_time_source = iso(when), "RIFF:DateTimeOriginal"
    except OSError as exc:
        info.problems.append((ProblemType.UNREADABLE, exc.strerror or str(exc)))
