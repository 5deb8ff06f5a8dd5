"""Sizes of the bulletin package's photos, per destination, and the geometry of each resize.

``boletin`` and ``facebook`` **fit**: the long edge is brought down to 2048 px and the whole
frame is kept. The website and Facebook show any aspect ratio as it is, and a press photo
must not lose the person at the edge of the frame.

``instagram`` and ``x`` **crop** to the frame the platform shows. Instagram's feed shows 4:5
at most (taller photos are cut by Instagram itself) and X's timeline shows a single photo at
16:9; a fitted photo would come out with bars or be cut by the platform wherever it likes.
Cropping here puts the cut where a person would: centred left to right, and, when the top
and bottom must go, a third of the way down rather than in the middle, so the heads of
standing people stay in the frame. Instagram takes 1080x1350 (4:5) for portrait photos and
1080x1080 for square and landscape ones (a 4:5 crop of a landscape photo would throw away
half of it). Writers who want the whole frame use ``boletin``.

No preset enlarges a photo: a small one keeps its size (with a ``small_photo`` warning).
"""

from __future__ import annotations

from dataclasses import dataclass

PORTRAIT_RATIO = 1.05  # height / width above which Instagram gets the 4:5 portrait frame
UPPER_WEIGHT = 1 / 3  # share of a vertical crop taken from the top (the rest from the bottom)


@dataclass(frozen=True)
class ExportPreset:
    """``long_edge`` for presets that fit; ``frames`` (width, height) for those that crop."""

    name: str
    label: str  # shown to people (Spanish)
    long_edge: int = 0
    frames: tuple[tuple[int, int], ...] = ()

    @property
    def crops(self) -> bool:
        return bool(self.frames)


PRESETS: dict[str, ExportPreset] = {
    p.name: p
    for p in (
        ExportPreset("boletin", "Boletín (sitio web), lado mayor 2048 px", long_edge=2048),
        ExportPreset("facebook", "Facebook, lado mayor 2048 px", long_edge=2048),
        ExportPreset(
            "instagram",
            "Instagram, 1080×1350 vertical o 1080×1080",
            frames=((1080, 1350), (1080, 1080)),
        ),
        ExportPreset("x", "X (Twitter), 1600×900", frames=((1600, 900),)),
    )
}
DEFAULT_PRESET = "boletin"


@dataclass(frozen=True)
class Geometry:
    """How one photo is made: crop ``box`` (left, top, right, bottom) of the upright picture,
    then resize to ``size``. ``small`` when the picture is smaller than the preset wants."""

    box: tuple[int, int, int, int]
    size: tuple[int, int]
    small: bool = False


def get_preset(name: str) -> ExportPreset:
    """The preset called ``name``; ``ValueError`` (in Spanish, listing them) for another."""
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(
            f"formato desconocido: {name!r} (use {', '.join(sorted(PRESETS))})"
        ) from None


def frame_for(preset: ExportPreset, width: int, height: int) -> tuple[int, int]:
    """The frame a cropping preset uses for a ``width`` x ``height`` upright picture."""
    if len(preset.frames) > 1 and height <= width * PORTRAIT_RATIO:
        return preset.frames[1]
    return preset.frames[0]


def geometry(preset: ExportPreset, width: int, height: int) -> Geometry:
    """The crop and final size of an upright ``width`` x ``height`` picture."""
    if not preset.crops:
        scale = min(1.0, preset.long_edge / max(width, height))
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        return Geometry((0, 0, width, height), size, max(width, height) < preset.long_edge)
    fw, fh = frame_for(preset, width, height)
    if width * fh > height * fw:  # wider than the frame: cut the sides, centred
        crop_w = max(1, round(height * fw / fh))
        left = (width - crop_w) // 2
        box = (left, 0, left + crop_w, height)
    else:  # taller than the frame: cut more from the bottom than from the top
        crop_h = max(1, round(width * fh / fw))
        top = round((height - crop_h) * UPPER_WEIGHT)
        box = (0, top, width, top + crop_h)
    crop_w, crop_h = box[2] - box[0], box[3] - box[1]
    scale = min(1.0, fw / crop_w)
    size = (max(1, round(crop_w * scale)), max(1, round(crop_h * scale)))
    return Geometry(box, size, small=crop_w < fw)


def decode_scale(preset: ExportPreset, width: int, height: int) -> float:
    """The smallest fraction of the full picture that still gives the final size without
    enlarging (what a JPEG ``draft()`` may decode at); 1.0 when nothing can be saved."""
    geo = geometry(preset, width, height)
    crop_w = geo.box[2] - geo.box[0]
    return min(1.0, geo.size[0] / crop_w)
