"""One photo made ready to publish: opened (RAW through its embedded preview, HEIC through
pillow-heif), turned upright, converted to sRGB, resized for a preset, optionally marked
with the office's logo, and encoded as a JPEG.

Colour: an embedded ICC profile (Adobe RGB, Display P3, a CMYK press profile...) is
converted to sRGB with LittleCMS (``PIL.ImageCms``), perceptual intent; a CMYK file without
a profile gets Pillow's plain conversion. The output carries the sRGB profile. 16-bit
greyscale keeps its upper 8 bits; transparency is laid on white.

Orientation: the EXIF orientation is read before decoding (the size a JPEG may be decoded
at depends on which way up it is) and applied with Pillow's transposes, as
``ImageOps.exif_transpose`` would; a RAW's preview is turned by the RAW's own orientation,
not the preview's. HEIC and AVIF decoders turn the picture themselves.

Safety: Pillow refuses pictures above twice its ``MAX_IMAGE_PIXELS`` (about 179 MP) as
possible decompression bombs; that becomes a ``too_large`` problem, as does running out of
memory. Real cameras stay under that (the largest make 100-150 MP), so Pillow's milder
warning, given above 89 MP, is not an error here. Big JPEGs are decoded reduced
(``draft()``) to what the preset needs.
"""

from __future__ import annotations

import io
import math
import os
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, ImageCms, UnidentifiedImageError

from media.export_presets import ExportPreset, decode_scale, geometry
from media.formats import RAW_EXTS, extension
from media.imaging import register_heif
from media.models import ProblemType
from media.raw_preview import raw_preview
from media.thumbnails import SELF_ROTATING, TRANSPOSES

RESOURCES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources")
LOGO = os.path.join(RESOURCES, "logos", "marca_boletin.png")
LOGO_WIDTH = 0.28  # of the photo's width
LOGO_MARGIN = 0.025  # of the photo's shorter side, from the lower right corner
LOGO_OPACITY = 0.85
MIN_SIDE = 48  # as for scoring (media.decode_small): smaller pictures are stubs, not photos
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
SRGB_ICC = _SRGB.tobytes()


class ExportImageError(Exception):
    """The photo cannot be exported; ``type`` names the problem, ``detail`` says why."""

    def __init__(self, type: ProblemType, detail: str) -> None:
        super().__init__(detail)
        self.type = type
        self.detail = detail


@dataclass
class Prepared:
    """A photo ready to encode, and what happened on the way."""

    image: Image.Image  # RGB, sRGB, upright, at its final size
    small: bool = False  # smaller than the preset asks (not enlarged)
    notes: list[str] = field(default_factory=list)  # e.g. a colour profile that was ignored


def prepare(path: str, preset: ExportPreset, watermark: bool = False) -> Prepared:
    """The photo at ``path`` made for ``preset``. Raises ``ExportImageError`` for a file
    that cannot give a picture: unreadable, damaged, truncated, too large, or too small."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            warnings.simplefilter("ignore", UserWarning)  # damaged EXIF: read what is there
            return _prepare(path, preset, watermark)
    except ExportImageError:
        raise
    except Image.DecompressionBombError as exc:
        raise ExportImageError(ProblemType.TOO_LARGE, _bomb_detail(str(exc))) from exc
    except MemoryError as exc:
        raise ExportImageError(ProblemType.TOO_LARGE, "no cabe en la memoria") from exc
    except FileNotFoundError as exc:
        raise ExportImageError(ProblemType.UNREADABLE, "el archivo no existe") from exc
    except UnidentifiedImageError as exc:
        raise ExportImageError(ProblemType.UNREADABLE, "formato de imagen no reconocido") from exc
    except (OSError, SyntaxError) as exc:
        text = str(exc)
        if "truncated" in text or "premature" in text.lower():
            raise ExportImageError(
                ProblemType.TRUNCATED, "la imagen termina antes de tiempo"
            ) from exc
        raise ExportImageError(ProblemType.CORRUPT, f"imagen dañada: {text[:80]}") from exc
    except Exception as exc:  # decoders raise nearly anything on damaged input
        raise ExportImageError(ProblemType.CORRUPT, f"imagen dañada: {type(exc).__name__}") from exc


def _bomb_detail(text: str) -> str:
    digits = [int(t) for t in re.findall(r"\d+", text)]  # "(900000000 pixels) exceeds 178956970"
    if len(digits) >= 2:
        return (
            f"{digits[0] / 1e6:.0f} megapíxeles; el límite seguro es "
            f"{digits[1] / 1e6:.0f} (posible bomba de descompresión)"
        )
    return "posible bomba de descompresión"


def _prepare(path: str, preset: ExportPreset, watermark: bool) -> Prepared:
    register_heif()
    orientation: int | None = None
    if extension(path) in RAW_EXTS:
        with open(path, "rb") as fh:
            preview = raw_preview(fh)
        if preview is None:
            raise ExportImageError(ProblemType.UNREADABLE, "archivo RAW sin vista previa JPEG")
        image: Any = Image.open(io.BytesIO(preview.jpeg))
        orientation = preview.orientation
    else:
        image = Image.open(path)
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)
    upright_size = image.size
    if orientation is None and image.format not in SELF_ROTATING:
        orientation = _exif_orientation(image)
    if orientation in (5, 6, 7, 8):
        upright_size = upright_size[::-1]
    if min(upright_size) < MIN_SIDE:
        w, h = upright_size
        raise ExportImageError(ProblemType.UNREADABLE, f"sin imagen utilizable ({w}×{h} px)")
    if image.format in ("JPEG", "MPO"):
        scale = decode_scale(preset, *upright_size)
        w, h = image.size
        image.draft(None, (math.ceil(w * scale), math.ceil(h * scale)))
    icc = image.info.get("icc_profile")
    image.load()
    if orientation in TRANSPOSES:
        image = image.transpose(TRANSPOSES[orientation])
    notes: list[str] = []
    image = to_srgb(image, icc, notes)
    geo = geometry(preset, *image.size)
    if geo.box != (0, 0, *image.size) or geo.size != image.size:
        image = image.resize(geo.size, Image.Resampling.LANCZOS, box=geo.box)
    if watermark:
        image = add_logo(image)
    return Prepared(image=image, small=geo.small, notes=notes)


def _exif_orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(0x0112)
    except Exception:  # garbage EXIF: the picture is taken as upright
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _eight_bit(image: Image.Image) -> Image.Image:
    """16-bit and float greyscale as 8-bit 'L' (the upper 8 bits; floats by their range)."""
    import numpy as np

    data = np.asarray(image)
    if image.mode.startswith("I;16"):
        return Image.fromarray((data.astype(np.uint16) >> 8).astype(np.uint8))
    data = data.astype(np.float64)
    top = float(data.max()) if data.size else 0.0
    if image.mode == "I" and 255 < top <= 65535:
        top = 65535.0
    scaled = data * (255.0 / top) if top > 255 or (image.mode == "F" and top > 0) else data
    return Image.fromarray(np.clip(scaled, 0, 255).astype(np.uint8))


def to_srgb(image: Image.Image, icc: bytes | None, notes: list[str]) -> Image.Image:
    """``image`` as 8-bit RGB in sRGB (transparency on white); ``notes`` learns of a
    colour profile that could not be used."""
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        image, icc = _eight_bit(image), None
    if image.mode in ("P", "PA"):
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "RGBa", "La"):
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        background.alpha_composite(image.convert("RGBA"))
        image = background.convert("RGB")
    if image.mode not in ("RGB", "CMYK", "L"):
        image, icc = image.convert("RGB"), None
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if image.mode != "RGB" or not _is_srgb(source):
                converted = ImageCms.profileToProfile(
                    image, source, _SRGB, ImageCms.Intent.PERCEPTUAL, outputMode="RGB"
                )
                if converted is not None:
                    image = converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError) as exc:
            notes.append(str(exc)[:80] or type(exc).__name__)
    return image if image.mode == "RGB" else image.convert("RGB")


def _is_srgb(profile: ImageCms.ImageCmsProfile) -> bool:
    """A profile that is sRGB already (by its description: 'sRGB IEC61966-2.1' and kin)."""
    description = ImageCms.getProfileDescription(profile) or ""
    return "srgb" in description.lower().replace(" ", "")


_logo_cache: dict[str, Image.Image] = {}


def load_logo(path: str = LOGO) -> Image.Image:
    """The watermark logo (RGBA), read once per process."""
    if path not in _logo_cache:
        with Image.open(path) as logo:
            _logo_cache[path] = logo.convert("RGBA")
    return _logo_cache[path]


def add_logo(image: Image.Image, path: str = LOGO) -> Image.Image:
    """``image`` with the logo in its lower right corner, at ``LOGO_OPACITY``."""
    logo = load_logo(path)
    width = max(16, round(image.width * LOGO_WIDTH))
    height = max(1, round(logo.height * width / logo.width))
    mark = logo.resize((width, height), Image.Resampling.LANCZOS)
    alpha = mark.getchannel("A").point(lambda a: round(a * LOGO_OPACITY))
    mark.putalpha(alpha)
    margin = round(min(image.size) * LOGO_MARGIN)
    base = image.convert("RGBA")
    base.alpha_composite(mark, (image.width - width - margin, image.height - height - margin))
    return base.convert("RGB")


def encode_jpeg(image: Image.Image, quality: int, exif: bytes = b"") -> bytes:
    """``image`` as a progressive JPEG carrying the sRGB profile (and ``exif``)."""
    out = io.BytesIO()
    image.save(
        out,
        "JPEG",
        quality=quality,
        optimize=True,
        progressive=True,
        icc_profile=SRGB_ICC,
        exif=exif,
        subsampling="4:2:0" if quality < 90 else "4:4:4",
    )
    return out.getvalue()
