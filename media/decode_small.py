"""Photos decoded small for scoring, reading as little as the format allows.

JPEG: the large preview a camera embeds (MPF, as Sony and Nikon write it) when it is at
least the working size, else libjpeg's ``draft()`` scaling (1/2, 1/4 or 1/8, decided by
the working size), so a 24 MP frame never exists at full size in memory. RAW: the
camera's embedded JPEG preview (``media.raw_preview``), turned by the RAW's own
orientation. HEIC/HEIF/AVIF: pillow-heif, with the embedded thumbnail when one is big
enough; its decoder already applies the container's rotation (never turned twice).
Anything else Pillow opens is decoded and shrunk. The result is an upright RGB
array whose longer side is at most the working size.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, BinaryIO

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from media.formats import RAW_EXTS, extension
from media.imaging import register_heif
from media.models import ProblemType
from media.raw_preview import raw_preview

WORK_SIZE = 640  # longer side, in pixels, of the picture every score is measured on
MIN_SIDE = 48  # pictures smaller than this (stubs, 1x1 placeholders) cannot be judged
_ORIENTATION_TAG = 0x0112
_SELF_ROTATING = frozenset({"HEIF", "AVIF"})  # their decoders apply irot/imir already


class DecodeFailed(Exception):
    """The file has no picture that can be scored; ``type`` names the problem."""

    def __init__(self, type: ProblemType, detail: str) -> None:
        super().__init__(detail)
        self.type = type
        self.detail = detail


@dataclass
class Reduced:
    """An upright picture for scoring and the size of the picture it stands for."""

    rgb: np.ndarray  # (h, w, 3) uint8, longer side <= the working size
    width: int  # the full picture (or the preview it came from), upright
    height: int
    route: str  # how it was read: "jpeg 1/8", "vista previa RAW", "heif", "imagen"


def decode_reduced(
    path: str, data: bytes | None = None, size: int = WORK_SIZE, full: bool = False
) -> Reduced:
    """The photo at ``path`` (or its bytes ``data``) upright, no side longer than ``size``.

    ``full=True`` decodes JPEGs at full size first (only to measure what ``draft()``
    saves). Raises ``DecodeFailed`` for anything that has no usable picture: unreadable,
    truncated, corrupt, a RAW without preview, a picture smaller than ``MIN_SIDE``.
    """
    try:
        fh: BinaryIO = io.BytesIO(data) if data is not None else open(path, "rb")
    except OSError as exc:
        raise DecodeFailed(ProblemType.UNREADABLE, exc.strerror or str(exc)) from exc
    try:
        if extension(path) in RAW_EXTS:
            return _decode_raw(fh, size, full)
        return _decode_image(fh, size, full, orientation=None)
    except DecodeFailed:
        raise
    except UnidentifiedImageError as exc:
        raise DecodeFailed(ProblemType.UNREADABLE, "formato de imagen no reconocido") from exc
    except (OSError, SyntaxError) as exc:
        text = str(exc)
        if "truncated" in text or "premature" in text.lower():
            raise DecodeFailed(ProblemType.TRUNCATED, "la imagen termina antes de tiempo") from exc
        raise DecodeFailed(ProblemType.CORRUPT, f"imagen dañada: {text[:80]}") from exc
    # Decoders raise nearly anything on damaged input (ValueError, struct.error,
    # DecompressionBombError, MemoryError...): a bad file is a problem, never a crash.
    except Exception as exc:
        raise DecodeFailed(ProblemType.CORRUPT, f"imagen dañada: {type(exc).__name__}") from exc
    finally:
        fh.close()


def _decode_raw(fh: BinaryIO, size: int, full: bool) -> Reduced:
    preview = raw_preview(fh)
    if preview is None:
        raise DecodeFailed(ProblemType.UNREADABLE, "archivo RAW sin vista previa JPEG")
    reduced = _decode_image(io.BytesIO(preview.jpeg), size, full, preview.orientation)
    reduced.route = "vista previa RAW"
    return reduced


def _decode_image(fh: BinaryIO, size: int, full: bool, orientation: int | None) -> Reduced:
    register_heif()
    image: Any = Image.open(fh)
    width, height = image.size
    if min(width, height) < MIN_SIDE:
        raise DecodeFailed(ProblemType.UNREADABLE, f"sin imagen utilizable ({width}×{height} px)")
    route = "imagen"
    if orientation is None:
        orientation = 1 if image.format in _SELF_ROTATING else _exif_orientation(image)
    if image.format == "MPO" and not full and _seek_preview(image, size):
        route = "vista previa JPEG"
    elif image.format in ("JPEG", "MPO") and not full:
        scale = max(width, height) / size
        # libjpeg picks the largest reduction (up to 1/8) that keeps this size or more.
        image.draft("RGB", (max(1, int(width / scale)), max(1, int(height / scale))))
        route = f"jpeg 1/{round(width / image.size[0])}"
    elif image.format in _SELF_ROTATING:
        image.draft("RGB", (size, size))  # pillow-heif: an embedded thumbnail if big enough
        route = "heif"
    image.load()
    if image.mode != "RGB":
        image = image.convert("RGB")
    rgb = _shrink(np.asarray(image), size)
    if orientation != 1:
        rgb = np.ascontiguousarray(upright(rgb, orientation))
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    return Reduced(rgb=rgb, width=width, height=height, route=route)


def _seek_preview(image: Any, size: int) -> bool:
    """Move a JPEG with MPF frames to its smallest preview of the photo's shape whose
    longer side is at least ``size`` (and draft it down); False when there is none."""
    width, height = image.size
    best: tuple[int, int] | None = None
    for frame in range(1, min(getattr(image, "n_frames", 1), 8)):
        image.seek(frame)
        w, h = image.size
        same_shape = abs(w / max(h, 1) - width / height) < 0.03 * width / height
        fits = same_shape and size * 0.95 <= max(w, h) < max(width, height)
        if fits and (best is None or w * h < best[1]):
            best = (frame, w * h)
    image.seek(best[0] if best else 0)
    if best is None:
        return False
    w, h = image.size
    scale = max(w, h) / size
    image.draft("RGB", (max(1, int(w / scale)), max(1, int(h / scale))))
    return True


def _exif_orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(_ORIENTATION_TAG)
    except Exception:  # garbage EXIF: treat the picture as upright
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _shrink(rgb: np.ndarray, size: int) -> np.ndarray:
    """``rgb`` with its longer side brought down to ``size`` (never enlarged)."""
    h, w = rgb.shape[:2]
    scale = size / max(h, w)
    if scale >= 1:
        return np.ascontiguousarray(rgb)
    target = (max(1, round(w * scale)), max(1, round(h * scale)))
    return cv2.resize(rgb, target, interpolation=cv2.INTER_AREA)


def upright(rgb: np.ndarray, orientation: int) -> np.ndarray:
    """``rgb`` turned as EXIF ``orientation`` asks (Pillow's transposes for 2..8)."""
    if orientation == 2:
        return rgb[:, ::-1]
    if orientation == 3:
        return rgb[::-1, ::-1]
    if orientation == 4:
        return rgb[::-1]
    if orientation == 5:
        return rgb.transpose(1, 0, 2)
    if orientation == 6:
        return np.rot90(rgb, -1)
    if orientation == 7:
        return rgb[::-1, ::-1].transpose(1, 0, 2)
    if orientation == 8:
        return np.rot90(rgb, 1)
    return rgb
