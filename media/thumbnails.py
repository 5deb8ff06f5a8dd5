"""Small upright pictures of library items for grids, read the cheap way and cached per event.

Photos: the embedded EXIF thumbnail when the file has a usable one (as Photo Mechanic
does), else a JPEG ``draft()`` decode at 1/2..1/8 scale. EXIF orientation is applied to
JPEG/TIFF pictures; HEIF/AVIF decoders already apply the container's rotation (``irot``)
and are never rotated again. Videos: the first keyframe, turned by the display matrix.
Audio has no picture. The cache lives in ``EVENT/.cobertura/thumbs/<item id>.jpg``.
"""

from __future__ import annotations

import io
import logging
import os
import re
from collections.abc import Mapping
from typing import Any

from PIL import ExifTags, Image

from media.atomic import write_atomic
from media.formats import kind_from_content, kind_from_extension, read_head
from media.imaging import register_heif
from media.library import state_dir
from media.models import Kind

log = logging.getLogger(__name__)

THUMB_SIZE = 256  # longest side of a made thumbnail, in pixels
MIN_EMBEDDED = 120  # an embedded thumbnail smaller than this (longest side) is not used
JPEG_QUALITY = 85
THUMBS_DIR = "thumbs"
MAX_VIDEO_PACKETS = 300  # give up on a clip whose first keyframe is not within this many packets

_ORIENTATION_TAG = 0x0112
SELF_ROTATING = frozenset({"HEIF", "AVIF"})  # their decoders apply irot/imir already
# Pillow's transposes for EXIF orientations 2..8 (1 is upright).
TRANSPOSES = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SAFE_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")


def make_thumbnail(
    path: str, kind: Kind | str | None = None, size: int = THUMB_SIZE
) -> Image.Image | None:
    """An RGB picture of the file, upright as a person sees it, no side longer than ``size``
    (an embedded thumbnail may be smaller). None for audio and for anything that cannot be
    decoded; never raises for a bad file.
    """
    try:
        resolved = _resolve_kind(path, kind)
        if resolved is Kind.PHOTO:
            return photo_thumbnail(path, size)
        if resolved is Kind.VIDEO:
            return video_poster(path, size)
    except OSError as exc:  # cannot even read the head of the file
        log.debug("thumbnail of %s: %s", path, exc)
    return None


def photo_thumbnail(path: str, size: int = THUMB_SIZE) -> Image.Image | None:
    """The photo's picture (see ``make_thumbnail``); None when it cannot be decoded."""
    register_heif()
    try:
        if path.lower().endswith(".raf"):
            from media.rawmeta import raf_embedded_jpeg

            preview = raf_embedded_jpeg(path)
            if preview is None:
                return None
            return _decode_photo(io.BytesIO(preview), size)
        with open(path, "rb") as fh:
            return _decode_photo(fh, size)
    # Decoders raise nearly anything on damaged input (OSError, ValueError, SyntaxError,
    # struct.error, DecompressionBombError...): a bad file gets no picture, not a crash.
    except Exception as exc:
        log.debug("photo thumbnail of %s failed: %r", path, exc)
        return None


def video_poster(path: str, size: int = THUMB_SIZE) -> Image.Image | None:
    """The clip's first keyframe, turned upright; None when there is no decodable frame."""
    import av

    try:
        with av.open(path, metadata_errors="ignore") as container:
            if not container.streams.video:
                return None
            stream = container.streams.video[0]
            stream.codec_context.skip_frame = "NONKEY"
            for count, packet in enumerate(container.demux(stream)):
                if count >= MAX_VIDEO_PACKETS:
                    return None
                for frame in packet.decode():
                    image = frame.to_image()
                    rotation = int(round(getattr(frame, "rotation", 0) or 0))
                    if rotation % 360:
                        # The display matrix angle is counter-clockwise, as PIL's rotate().
                        image = image.rotate(rotation, expand=True)
                    return _fit(image, size)
    except Exception as exc:  # FFmpeg errors come as many types; see photo_thumbnail
        log.debug("video poster of %s failed: %r", path, exc)
    return None


def thumbnail_path(folder: str, item_id: str) -> str:
    """Where the event folder caches the thumbnail of item ``item_id``."""
    return os.path.join(state_dir(folder), THUMBS_DIR, f"{item_id}.jpg")


def cached_thumbnail(folder: str, item: Mapping[str, Any], size: int = THUMB_SIZE) -> bytes | None:
    """JPEG bytes of a catalog item's thumbnail, from the event folder's cache or made now.

    A made thumbnail is written to the cache atomically; a cache that cannot be written
    (read-only share) only costs speed. None for audio and for files that cannot be decoded.
    """
    item_id = str(item.get("id") or "")
    cache = thumbnail_path(folder, item_id) if _SAFE_ID.match(item_id) else None
    if cache is not None:
        try:
            with open(cache, "rb") as fh:
                data = fh.read()
            if data.startswith(b"\xff\xd8"):
                return data
        except OSError:
            pass
    rel = item.get("folder_path")
    if not rel:
        return None
    image = make_thumbnail(os.path.join(folder, str(rel)), item.get("kind"), size)
    if image is None:
        return None
    data = encode_jpeg(image)
    if cache is not None:
        try:
            write_atomic(cache, data)
        except OSError as exc:
            log.debug("thumbnail cache %s not written: %s", cache, exc)
    return data


def encode_jpeg(image: Image.Image, quality: int = JPEG_QUALITY) -> bytes:
    """``image`` as baseline JPEG bytes."""
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


def _resolve_kind(path: str, kind: Kind | str | None) -> Kind | None:
    if kind:
        try:
            return Kind(str(kind))
        except ValueError:
            return None
    return kind_from_extension(os.path.basename(path)) or kind_from_content(read_head(path))


def _decode_photo(fh: Any, size: int) -> Image.Image | None:
    image = Image.open(fh)
    self_rotating = image.format in SELF_ROTATING
    exif = image.getexif()
    orientation = 1 if self_rotating else _orientation(exif)
    picture = _embedded_thumbnail(image, exif) if image.format == "JPEG" else None
    if picture is None:
        # JPEG: libjpeg decodes at 1/2, 1/4 or 1/8 scale; HEIF: pillow-heif picks an
        # embedded thumbnail at least this big. Other formats ignore it.
        image.draft("RGB", (size, size))
        picture = image
    picture = _fit(picture, size)
    transpose = TRANSPOSES.get(orientation)
    return picture.transpose(transpose) if transpose is not None else picture


def _orientation(exif: Image.Exif) -> int:
    value = exif.get(_ORIENTATION_TAG)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _embedded_thumbnail(image: Image.Image, exif: Image.Exif) -> Image.Image | None:
    """The EXIF (IFD1) JPEG thumbnail, cropped to the photo's shape; None if absent or tiny."""
    raw = image.info.get("exif")
    if not isinstance(raw, bytes | bytearray) or not raw.startswith(b"Exif\x00\x00"):
        return None
    ifd1 = exif.get_ifd(ExifTags.IFD.IFD1)
    offset, length = ifd1.get(0x0201), ifd1.get(0x0202)
    if not isinstance(offset, int) or not isinstance(length, int) or length <= 0:
        return None
    start = 6 + offset  # offsets count from the TIFF header, after "Exif\0\0"
    data = bytes(raw[start : start + length])
    if len(data) != length or not data.startswith(b"\xff\xd8"):
        return None
    thumb = Image.open(io.BytesIO(data))
    thumb.load()
    if max(thumb.size) < MIN_EMBEDDED:
        return None
    return _crop_to_aspect(thumb.convert("RGB"), image.size)


def _crop_to_aspect(thumb: Image.Image, full: tuple[int, int]) -> Image.Image:
    """Cut the black bands some cameras add when the thumbnail's shape differs (4:3 vs 3:2)."""
    tw, th = thumb.size
    fw, fh = full
    if min(tw, th, fw, fh) <= 0:
        return thumb
    want = fw / fh
    have = tw / th
    if abs(have - want) / want < 0.03:
        return thumb
    if have > want:  # bands left and right
        new_w = max(1, round(th * want))
        left = (tw - new_w) // 2
        return thumb.crop((left, 0, left + new_w, th))
    new_h = max(1, round(tw / want))
    top = (th - new_h) // 2
    return thumb.crop((0, top, tw, top + new_h))


def _fit(image: Image.Image, size: int) -> Image.Image:
    """An RGB picture, decoded now (the file closes after), no side over ``size``."""
    image.load()  # thumbnail() skips the decode of a picture already small enough
    if image.mode != "RGB":
        image = image.convert("RGB")
    image.thumbnail((size, size), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return image
