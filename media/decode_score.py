"""Photos decoded for scoring: the luminance at the working size, and colour from afar.

Scoring measures sharpness, exposure and faces on the luminance at the working size,
and needs colour only from far away: a 12×12 signature (``media.scores``) and the share
of clipped channels (``media.exposure``), both taken on a colour picture of about
``COLOUR_SIZE`` pixels on its longer side, whatever the route. So a whole, well-formed
JPEG that carries the Exif thumbnail cameras write (DCF asks for 160×120) is decoded in
greyscale at 1/8 — libjpeg then skips the colour: 40 ms instead of 48 for a 3 MB 24 MP
file here — and its colour comes from the thumbnail, once the thumbnail is shown to be
the same picture: the same layout of light and dark (rank correlation of two 12×12
luminances) and the same brightness. A photo edited after the camera wrote the
thumbnail (cropped, brightened, another picture pasted in) fails that test. Such a JPEG,
or one without a thumbnail, is decoded in colour at 1/8 by OpenCV straight from the
header Pillow already read; any other file goes through ``media.decode_small``, which
also names what is wrong with a bad one.

Either way the luminance is brought to the working size alone, and the colour averaged
down by whole blocks: measuring a large colour picture cost more than shrinking it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import ExifTags, Image

from media.decode_small import (
    MIN_SIDE,
    WORK_SIZE,
    DecodeFailed,
    averaged_square,
    block_average,
    decode_reduced,
    draft_request,
    opencv_jpeg,
    shrink,
    upright,
)
from media.formats import RAW_EXTS, extension
from media.grouping import standard_ranks
from media.models import ProblemType

COLOUR_SIZE = 160  # longer side of the colour picture (up to twice): a DCF thumbnail's
SAME_LAYOUT = 0.9  # rank correlation of the 12×12 luminances: the thumbnail is this photo
SAME_BRIGHTNESS = 12.0  # grey levels the two mean luminances may differ by
MIN_THUMBNAIL_SIDE = 48  # smaller thumbnails say too little about the colour
_COMPARE = 12
_THUMB_OFFSET, _THUMB_LENGTH, _ORIENTATION = 0x0201, 0x0202, 0x0112


@dataclass
class ScoringPicture:
    """What scoring looks at: ``gray``, the upright luminance with its longer side at
    the working size (or less for a smaller photo), and ``rgb``, the same picture upright
    in colour, small (the Exif thumbnail, or a draft decode shrunk)."""

    gray: np.ndarray  # (h, w) uint8
    rgb: np.ndarray  # (h', w', 3) uint8, the same picture, about COLOUR_SIZE
    width: int  # the full picture (or the preview it came from), upright
    height: int
    route: str


def decode_for_scoring(path: str, data: bytes | None = None) -> ScoringPicture:
    """The photo at ``path`` (or its bytes ``data``) as scoring needs it. Raises
    ``DecodeFailed`` as ``decode_reduced`` does for a photo without a usable picture."""
    if data is None and extension(path) not in RAW_EXTS:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise DecodeFailed(ProblemType.UNREADABLE, exc.strerror or str(exc)) from exc
    if data is not None and data[:2] == b"\xff\xd8":
        picture = _plain_jpeg(data)
        if picture is not None:
            return picture
    reduced = decode_reduced(path, data, keep_draft=True)
    gray = _to_work_size(cv2.cvtColor(reduced.rgb, cv2.COLOR_RGB2GRAY))
    rgb = _colour_size(reduced.rgb)
    return ScoringPicture(gray, rgb, reduced.width, reduced.height, reduced.route)


def _plain_jpeg(data: bytes) -> ScoringPicture | None:
    """A plain colour JPEG decoded by OpenCV at 1/8 (or less): in greyscale with the
    Exif thumbnail's colour when the thumbnail shows the photo, else in colour. None
    when the file does not qualify (not a whole colour JPEG, anything odd): the caller
    then decodes it the ordinary way, which also names what is wrong with a bad file."""
    try:
        image = Image.open(io.BytesIO(data))
        if image.format != "JPEG" or image.mode != "RGB":
            return None
        width, height = image.size
        if min(width, height) < MIN_SIDE:
            return None
        exif = image.getexif()
        request = draft_request(width, height, WORK_SIZE)
        route = "jpeg 1/8 gris + miniatura Exif"
        gray, rgb = _grey_with_thumbnail(data, image, exif, request)
        if gray is None or rgb is None:
            bgr = opencv_jpeg(data, width, height, request, bgr=True)
            if bgr is None:
                return None
            route = f"jpeg 1/{round(width / bgr.shape[1])}"
            gray = _to_work_size(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY))
            rgb = cv2.cvtColor(_colour_size(bgr), cv2.COLOR_BGR2RGB)
        orientation = exif.get(_ORIENTATION)
    except Exception:  # a damaged header or thumbnail: the ordinary route judges the file
        return None
    if isinstance(orientation, int) and 2 <= orientation <= 8:
        gray = np.ascontiguousarray(upright(gray, orientation))
        rgb = np.ascontiguousarray(upright(rgb, orientation))
        if orientation >= 5:
            width, height = height, width
    return ScoringPicture(gray, rgb, width, height, route)


def _grey_with_thumbnail(
    data: bytes, image: Image.Image, exif: Image.Exif, request: tuple[int, int]
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The luminance at the working size and the thumbnail's colour, or (None, None)
    when there is no usable thumbnail or it shows another picture."""
    thumbnail = _thumbnail(image, exif)
    if thumbnail is None:
        return None, None
    width, height = image.size
    gray = opencv_jpeg(data, width, height, request, True)
    if gray is None:
        return None, None
    gray = _to_work_size(gray)
    rgb = _same_picture(thumbnail, gray)
    return (gray, rgb) if rgb is not None else (None, None)


def _thumbnail(image: Image.Image, exif: Image.Exif) -> np.ndarray | None:
    """The Exif thumbnail (IFD1's JPEG) as RGB, or None."""
    ifd1 = exif.get_ifd(ExifTags.IFD.IFD1)
    offset, length = ifd1.get(_THUMB_OFFSET), ifd1.get(_THUMB_LENGTH)
    raw = image.info.get("exif")
    if not (isinstance(offset, int) and isinstance(length, int) and isinstance(raw, bytes)):
        return None
    start = 6 + offset  # offsets count from the TIFF header, after b"Exif\0\0"
    jpeg = raw[start : start + length]
    if len(jpeg) != length or jpeg[:2] != b"\xff\xd8":
        return None
    flags = cv2.IMREAD_COLOR | cv2.IMREAD_IGNORE_ORIENTATION
    bgr = cv2.imdecode(np.frombuffer(jpeg, np.uint8), flags)
    if bgr is None or min(bgr.shape[:2]) < MIN_THUMBNAIL_SIDE:
        return None
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def _same_picture(thumbnail: np.ndarray, gray: np.ndarray) -> np.ndarray | None:
    """``thumbnail`` cut to the photo's shape (cameras letterbox a 3:2 photo in a 4:3
    thumbnail) when it shows the photo ``gray``; None when it does not."""
    cut = _fit_shape(thumbnail, gray.shape[1] / gray.shape[0])
    if cut is None:
        return None
    ours = averaged_square(gray, _COMPARE, 4)
    theirs = averaged_square(cv2.cvtColor(cut, cv2.COLOR_RGB2GRAY), _COMPARE, 4)
    if abs(float(ours.mean()) - float(theirs.mean())) > SAME_BRIGHTNESS:
        return None
    if _rank_correlation(ours.ravel(), theirs.ravel()) < SAME_LAYOUT:
        return None
    return cut


def _to_work_size(gray: np.ndarray) -> np.ndarray:
    """``gray`` with its longer side brought down to the working size. Under a factor of
    two (what libjpeg's scaling leaves) bilinear weights already average every pixel and
    cost an eighth of OpenCV's area resize, whose fast path wants whole factors."""
    h, w = gray.shape
    if max(h, w) < 2 * WORK_SIZE:
        scale = WORK_SIZE / max(h, w)
        if scale >= 1:
            return gray
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        return cv2.resize(gray, size, interpolation=cv2.INTER_LINEAR)
    return shrink(gray, WORK_SIZE)


def _colour_size(pixels: np.ndarray) -> np.ndarray:
    """``pixels`` averaged by the largest whole block that keeps the longer side at
    least COLOUR_SIZE (what colour is measured on; never enlarged)."""
    return np.ascontiguousarray(block_average(pixels, max(pixels.shape[:2]) // COLOUR_SIZE))


def _fit_shape(thumbnail: np.ndarray, aspect: float) -> np.ndarray | None:
    """The centre of ``thumbnail`` with the photo's aspect ratio (width / height), one
    pixel inside any letterbox bars; None when the two shapes cannot be the same picture
    (a landscape thumbnail of a portrait photo)."""
    h, w = thumbnail.shape[:2]
    own = w / h
    if abs(own - aspect) <= 0.02 * aspect:
        return thumbnail
    if (own > 1) != (aspect > 1):
        return None
    if own < aspect:  # bars above and below
        rows = int(round(w / aspect))
        top = (h - rows) // 2 + 1
        return thumbnail[top : top + rows - 2]
    cols = int(round(h * aspect))
    left = (w - cols) // 2 + 1
    return thumbnail[:, left : left + cols - 2]


def _rank_correlation(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's correlation of two samples (0 when either is flat)."""
    return float(standard_ranks(a) @ standard_ranks(b)) / a.size
