"""Photos decoded small for scoring, reading as little as the format allows.

JPEG: the large preview a camera embeds (MPF, as Sony and Nikon write it) when it is at
least the working size, else libjpeg's ``draft()`` scaling (1/2, 1/4 or 1/8, decided by
the working size), so a 24 MP frame never exists at full size in memory. RAW: the
camera's embedded JPEG preview (``media.raw_preview``), turned by the RAW's own
orientation. HEIC/HEIF/AVIF: pillow-heif, with the embedded thumbnail when one is big
enough; its decoder already applies the container's rotation (never turned twice).
Anything else Pillow opens is decoded and shrunk. The result is an upright RGB
array whose longer side is at most the working size.

Pillow reads every header (format, size, orientation, MPF frames); a whole, well-formed
JPEG is then decoded by OpenCV's libjpeg-turbo (``IMREAD_REDUCED_COLOR_8`` and the like),
which takes about 15 % less CPU than Pillow's ``draft()`` for the same pixels. Even at
1/8 scale libjpeg must read every bit of the file's Huffman-coded data: that, not the
scoring, is most of what a photo costs (about 40 ms for a 3 MB 24 MP file here).
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
    path: str,
    data: bytes | None = None,
    size: int = WORK_SIZE,
    full: bool = False,
    keep_draft: bool = False,
) -> Reduced:
    """The photo at ``path`` (or its bytes ``data``) upright, no side longer than ``size``.

    ``full=True`` decodes JPEGs at full size first (only to measure what ``draft()``
    saves). ``keep_draft=True`` leaves a JPEG at the size libjpeg's scaling gave (under
    twice ``size``) instead of resizing it to ``size``: for callers that bring down only
    what they need (scoring shrinks the luminance, not the colour). Raises
    ``DecodeFailed`` for anything that has no usable picture: unreadable, truncated,
    corrupt, a RAW without preview, a picture smaller than ``MIN_SIDE``.
    """
    return _decode(path, data, size, full, keep_draft)


def _decode(path: str, data: bytes | None, size: int, full: bool, keep: bool = False) -> Reduced:
    raw = extension(path) in RAW_EXTS
    try:
        if data is None and not raw and not full:
            with open(path, "rb") as whole:  # read once; OpenCV decodes from memory
                data = whole.read()
        fh: BinaryIO = io.BytesIO(data) if data is not None else open(path, "rb")
    except OSError as exc:
        raise DecodeFailed(ProblemType.UNREADABLE, exc.strerror or str(exc)) from exc
    try:
        if raw:
            return _decode_raw(fh, size, full, keep)
        return _decode_image(fh, data, size, full, None, keep)
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


def _decode_raw(fh: BinaryIO, size: int, full: bool, keep: bool) -> Reduced:
    preview = raw_preview(fh)
    if preview is None:
        raise DecodeFailed(ProblemType.UNREADABLE, "archivo RAW sin vista previa JPEG")
    jpeg = io.BytesIO(preview.jpeg)
    reduced = _decode_image(jpeg, preview.jpeg, size, full, preview.orientation, keep)
    reduced.route = "vista previa RAW"
    return reduced


def _decode_image(
    fh: BinaryIO,
    data: bytes | None,
    size: int,
    full: bool,
    orientation: int | None,
    keep: bool = False,
) -> Reduced:
    """``data``, when given, is what ``fh`` reads: OpenCV then decodes a plain JPEG
    (YCbCr or greyscale; Pillow keeps CMYK ones, whose Adobe inversion it knows).
    ``keep``: a drafted JPEG is not resized down to ``size`` (see ``decode_reduced``)."""
    register_heif()
    image: Any = Image.open(fh)
    width, height = image.size
    if min(width, height) < MIN_SIDE:
        raise DecodeFailed(ProblemType.UNREADABLE, f"sin imagen utilizable ({width}×{height} px)")
    route = "imagen"
    if orientation is None:
        orientation = 1 if image.format in _SELF_ROTATING else exif_orientation(image)
    rgb: np.ndarray | None = None
    drafted = False
    if image.format == "MPO" and not full and _seek_preview(image, size):
        route = "vista previa JPEG"
        drafted = True
    elif image.format in ("JPEG", "MPO") and not full:
        request = draft_request(width, height, size)
        if data is not None and image.format == "JPEG" and image.mode in ("RGB", "L"):
            rgb = opencv_jpeg(data, width, height, request)
        if rgb is None:
            image.draft("RGB", request)
        decoded_width = image.size[0] if rgb is None else rgb.shape[1]
        route = f"jpeg 1/{round(width / decoded_width)}"
        drafted = True
    elif image.format in _SELF_ROTATING:
        image.draft("RGB", (size, size))  # pillow-heif: an embedded thumbnail if big enough
        route = "heif"
    if rgb is None:
        image.load()
        if image.mode != "RGB":
            image = image.convert("RGB")
        rgb = np.asarray(image)
    if not (keep and drafted and max(rgb.shape[:2]) < 2 * size):
        rgb = shrink(rgb, size)
    if orientation != 1:
        rgb = np.ascontiguousarray(upright(rgb, orientation))
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    return Reduced(rgb=rgb, width=width, height=height, route=route)


def draft_request(width: int, height: int, size: int) -> tuple[int, int]:
    """The size to ask ``draft()`` for: libjpeg then picks the largest reduction (up to
    1/8) that keeps at least this size."""
    scale = max(width, height) / size
    return max(1, int(width / scale)), max(1, int(height / scale))


_OPENCV_REDUCED = {
    8: cv2.IMREAD_REDUCED_COLOR_8,
    4: cv2.IMREAD_REDUCED_COLOR_4,
    2: cv2.IMREAD_REDUCED_COLOR_2,
    1: cv2.IMREAD_COLOR,
}
_OPENCV_REDUCED_GREY = {
    8: cv2.IMREAD_REDUCED_GRAYSCALE_8,
    4: cv2.IMREAD_REDUCED_GRAYSCALE_4,
    2: cv2.IMREAD_REDUCED_GRAYSCALE_2,
    1: cv2.IMREAD_GRAYSCALE,
}
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # markers without a length


def opencv_jpeg(
    data: bytes,
    width: int,
    height: int,
    request: tuple[int, int],
    grey: bool = False,
    bgr: bool = False,
) -> np.ndarray | None:
    """A whole JPEG as RGB (as OpenCV's BGR with ``bgr``; only its luminance with
    ``grey``: libjpeg then skips the colour's upsampling and conversion), reduced as
    Pillow's ``draft()`` would, or None
    when Pillow should decode it instead: stray bytes between the header's segments
    (libjpeg would print a warning), no end-of-image marker after the scan (a cut-short
    file, which OpenCV fills with grey where Pillow names it), or a decode that fails."""
    scan = _scan_start(data)
    if scan is None or data.rfind(b"\xff\xd9", scan) < 0:
        return None
    reduction = min(width // request[0], height // request[1])
    scale = next((d for d in (8, 4, 2) if reduction >= d), 1)
    modes = _OPENCV_REDUCED_GREY if grey else _OPENCV_REDUCED
    flags = modes[scale] | cv2.IMREAD_IGNORE_ORIENTATION
    pixels = cv2.imdecode(np.frombuffer(data, np.uint8), flags)
    expected = (-(-height // scale), -(-width // scale), *(() if grey else (3,)))  # rounds up
    if pixels is None or pixels.shape != expected:
        return None
    return pixels if grey or bgr else cv2.cvtColor(pixels, cv2.COLOR_BGR2RGB)


def _scan_start(data: bytes) -> int | None:
    """Where a JPEG's first scan (SOS) starts, walking its header segment by segment;
    None when anything but a marker stands between segments."""
    at, end = 2, len(data)
    while at + 4 <= end:
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
        elif marker == 0xDA:
            return at
        elif marker in _STANDALONE:
            at += 2
        else:
            at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    return None


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
    image.draft("RGB", draft_request(w, h, size))
    return True


def exif_orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(_ORIENTATION_TAG)
    except Exception:  # garbage EXIF: treat the picture as upright
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def shrink(rgb: np.ndarray, size: int) -> np.ndarray:
    """``rgb`` (or a luminance) with its longer side brought down to ``size`` (never
    enlarged)."""
    h, w = rgb.shape[:2]
    scale = size / max(h, w)
    if scale >= 1:
        return np.ascontiguousarray(rgb)
    target = (max(1, round(w * scale)), max(1, round(h * scale)))
    return cv2.resize(rgb, target, interpolation=cv2.INTER_AREA)


def averaged_square(pixels: np.ndarray, side: int, blocks: int = 8) -> np.ndarray:
    """``pixels`` (RGB or luminance) averaged down to ``side`` × ``side``: first by whole
    blocks, down to about ``blocks`` × ``side`` on the shorter side, then by area. What a
    picture looks like from far away."""
    h, w = pixels.shape[:2]
    pixels = block_average(pixels, max(1, min(h, w) // (side * blocks)))
    return cv2.resize(pixels, (side, side), interpolation=cv2.INTER_AREA)


def block_average(pixels: np.ndarray, block: int) -> np.ndarray:
    """Each ``block`` × ``block`` square of ``pixels`` averaged into one pixel (the last
    rows and columns that make no whole block are left out): OpenCV's fast path for whole
    factors, a third of what its area resize costs for any other factor."""
    if block <= 1:
        return pixels
    h, w = pixels.shape[:2]
    whole = pixels[: h - h % block, : w - w % block]
    return cv2.resize(whole, (w // block, h // block), interpolation=cv2.INTER_AREA)


def upright(pixels: np.ndarray, orientation: int) -> np.ndarray:
    """``pixels`` (RGB or luminance) turned as EXIF ``orientation`` asks (Pillow's
    transposes for 2..8)."""
    if orientation == 2:
        return pixels[:, ::-1]
    if orientation == 3:
        return pixels[::-1, ::-1]
    if orientation == 4:
        return pixels[::-1]
    if orientation == 5:
        return pixels.swapaxes(0, 1)
    if orientation == 6:
        return np.rot90(pixels, -1)
    if orientation == 7:
        return pixels[::-1, ::-1].swapaxes(0, 1)
    if orientation == 8:
        return np.rot90(pixels, 1)
    return pixels
