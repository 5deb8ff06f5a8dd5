"""Test helpers for picking: real sample photos and degraded copies of them.

``build_evaluation`` writes, for each distinct real photo of the samples, the photo
itself and four degraded copies (defocus, motion blur, two stops under and over
exposed), all re-encoded without metadata under shuffled random names, and returns
which file is what.
"""

from __future__ import annotations

import io
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from media.agenda import Agenda, Event
from media.decode_small import decode_reduced
from media.ingest import IngestOptions, ingest
from media.ingest_report import IngestReport

# One file per distinct scene: the blur and burst sets and the two identical iPhone
# HEICs each count once; stubs (8x8 pixels) and broken files are not photos.
ORIGINALS = (
    "blur/honor7x_176_S_sharp.jpg",
    "burst/nikon_d70s_burst_2.jpg",
    "heic/apple_iphone11pro_IMG_2927.HEIC",
    "heic/apple_iphonexr_gps_orient6.heic",
    "heic/nokia_sample_no_exif.heic",
    "jpeg/apple_iphone4_gps.jpg",
    "jpeg/canon_eos_7d.jpg",
    "jpeg/canon_powershot_a85_orient8.jpg",
    "jpeg/edge_bogus_make_model_gps_zero.jpg",
    "jpeg/edge_casio_qv7000sx_no_date.jpg",
    "jpeg/edge_fujifilm_dx5_blank_date.jpg",
    "jpeg/edge_nikon_e885_zero_date.jpg",
    "jpeg/edge_samsung_sm-g900p_broken_orient6.jpg",
    "jpeg/flir_thermal_no_date.jpg",
    "jpeg/htc_desire_gps.jpg",
    "jpeg/samsung_gt-i9000_gps_zero_orient6.jpg",
    "jpeg/samsung_sm-g965w_12mp.jpg",
    "jpeg/samsung_sm-j327t1_orient6.jpg",
    "jpeg/sony_dsc-hx5v_gps.jpg",
    "other/apple_iphone12pro_offset.avif",
    "raw/canon_eos_r6_truncated.cr3",
    "tiff/epson_v800_scan_no_date.tiff",
)
BROKEN = (
    "jpeg/edge_corrupt_height0.jpg",
    "jpeg/edge_jpeg_format_error.jpg",
    "jpeg/edge_iphone_xr_1x1_truncated.jpg",
    "heic/edge_corrupt_boxes.heif",
    "raw/edge_corrupt_368_bytes.rw2",
)
DEGRADATIONS = ("desenfoque", "movimiento", "menos2", "mas2")
MAX_SIDE = 1280  # copies are made at this size at most, to keep the tests fast

_LEVELS = np.arange(256) / 255.0
_TO_LINEAR = np.where(_LEVELS <= 0.04045, _LEVELS / 12.92, ((_LEVELS + 0.055) / 1.055) ** 2.4)


@dataclass
class Evaluation:
    folder: Path
    truth: dict[str, tuple[str, str]]  # file name -> (original sample, "original" or degradation)
    broken: list[str]  # file names of the broken inputs


def upright_pixels(path: Path) -> np.ndarray:
    """The sample photo's upright pixels, no side longer than ``MAX_SIDE``."""
    return decode_reduced(str(path), size=MAX_SIDE).rgb


def exposure_lut(stops: float) -> np.ndarray:
    """A table that changes the exposure by ``stops`` in linear light, clipping at white."""
    linear = np.clip(_TO_LINEAR * 2.0**stops, 0.0, 1.0)
    srgb = np.where(linear <= 0.0031308, linear * 12.92, 1.055 * linear ** (1 / 2.4) - 0.055)
    return np.clip(np.round(srgb * 255), 0, 255).astype(np.uint8)


def degrade(rgb: np.ndarray, how: str, rng: random.Random) -> np.ndarray:
    """A copy of ``rgb`` out of focus, shaken, or two stops under or over exposed."""
    side = max(rgb.shape[:2])
    if how == "desenfoque":  # a disc of 0.6 % of the longer side: a missed focus
        radius = max(2, round(0.006 * side))
        kernel = np.zeros((2 * radius + 1,) * 2, np.float32)
        cv2.circle(kernel, (radius, radius), radius, 1.0, -1)
        return cv2.filter2D(rgb, -1, kernel / kernel.sum(), borderType=cv2.BORDER_REFLECT)
    if how == "movimiento":  # a straight streak of 1.2 % of the longer side, any angle
        length = max(5, round(0.012 * side)) | 1
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1.0
        turn = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), rng.uniform(0, 180), 1)
        kernel = cv2.warpAffine(kernel, turn, (length, length))
        return cv2.filter2D(rgb, -1, kernel / kernel.sum(), borderType=cv2.BORDER_REFLECT)
    stops = -2.0 if how == "menos2" else 2.0
    return exposure_lut(stops)[rgb]


def jpeg_bytes(rgb: np.ndarray, quality: int = 92) -> bytes:
    """Baseline JPEG without any metadata."""
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, "JPEG", quality=quality)
    return out.getvalue()


def build_evaluation(samples: Path, folder: Path, seed: int = 4) -> Evaluation:
    """Originals and their degraded copies (plus the broken files) under random names."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files: list[tuple[bytes, str, str, str]] = []
    for rel in ORIGINALS:
        rgb = upright_pixels(samples / "photos" / rel)
        files.append((jpeg_bytes(rgb), ".jpg", rel, "original"))
        for how in DEGRADATIONS:
            files.append((jpeg_bytes(degrade(rgb, how, rng)), ".jpg", rel, how))
    broken = []
    for rel in BROKEN:
        data = (samples / "photos" / rel).read_bytes()
        files.append((data, Path(rel).suffix, rel, "roto"))
    rng.shuffle(files)
    truth: dict[str, tuple[str, str]] = {}
    used: set[str] = set()
    for data, suffix, rel, what in files:
        name = f"{rng.getrandbits(40):010x}{suffix}"
        while name in used:
            name = f"{rng.getrandbits(40):010x}{suffix}"
        used.add(name)
        (folder / name).write_bytes(data)
        truth[name] = (rel, what)
        if what == "roto":
            broken.append(name)
    return Evaluation(folder, truth, broken)


def becas_event(
    library: Path, samples: Path, work: Path, event: str, extra: dict[str, Path] | None = None
) -> IngestReport:
    """Ingest into ``library`` one agenda event ``event`` ("Entrega de becas", 1 March
    2010): the burst and blur sets, and ``extra`` files (card name -> source), from a card
    made in ``work``."""
    agenda = Agenda(str(library))
    agenda.events[event] = Event(
        id=event,
        title="Entrega de becas",
        start="2010-03-01T21:30:00-06:00",
        end="2010-03-01T22:30:00-06:00",
    )
    agenda.save()
    card = work / "card" / "DCIM" / "100NIKON"
    card.mkdir(parents=True)
    for folder in ("burst", "blur"):
        for photo in (samples / "photos" / folder).iterdir():
            shutil.copy(photo, card / photo.name)
    for name, source in (extra or {}).items():
        shutil.copy(source, card / name)
    return ingest([str(work / "card")], IngestOptions(library=str(library), event_id=event))
