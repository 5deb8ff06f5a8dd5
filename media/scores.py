"""One photo's scores (sharpness, exposure, people), their total, and why, in plain Spanish.

``score_picture`` takes the small upright picture ``media.decode_small`` gives and
returns a ``PhotoScore``: numbers from 0 to 1 for sharpness and exposure, the faces
found, a total used to rank photos, and ``why``, the words a person reads ("nítida ·
subexpuesta 1 paso · 3 rostros"). A ``signature`` (a 12×12 colour thumbnail) lets
``media.grouping`` find near-duplicates.

Faces cost as much as everything else together, so a pick run measures each frame
first (``measure_frame``: ``faces`` is None) and looks for faces afterwards, only in the
frames that can be picked (``add_faces``; see ``media.face_pass``). What faces add to
the total is kept apart: ``frame`` is the total without it, which is what chooses a
group's best frame.
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from media.faces import Faces

# OpenCV, numpy and the measures load when a picture is first measured, not with this
# module: reading cached scores (the app's details panel) must not pay for them.

# Bump when a change makes cached scores wrong (2: faces may be unknown; 3: luminance
# brought to the working size on its own, colour from the Exif thumbnail; 4: colour
# measured on a picture of about 160 pixels on every route; a clip's stills timed from
# its first timestamp, not from zero).
SCORE_VERSION = 4
SIGNATURE_SIZE = 12
CLOSE_FACE = 0.18  # a face this tall (share of the frame's height) makes a close shot
PUBLISHABLE_SIDE = 1600  # pixels on the longer side a bulletin photo wants
SHARPNESS_WORDS = {
    "nitida": "nítida",
    "blanda": "algo blanda",
    "desenfocada": "desenfocada",
    "movida": "movida",
}


@dataclass
class PhotoScore:
    """Scores of one picture. Numbers are 0..1 unless said otherwise."""

    sharpness: float
    exposure: float
    faces: int | None  # None: not looked for (only frames that can be picked are)
    total: float
    why: str
    sharpness_kind: str  # "nitida", "blanda", "desenfocada" or "movida"
    stops: float  # estimated exposure error: + over, - under
    highlights: float  # share blown to white
    shadows: float  # share crushed to black
    largest_face: float  # height of the largest face over the frame's
    shot: str  # "cerca" (a large face), "medio" (faces), "abierto" (no face); "" unknown
    signature: str  # a SIGNATURE_SIZE² RGB thumbnail, base64: see ``media.grouping``
    width: int
    height: int
    contrast: float | None = None  # standard deviation of luminance, 0..1

    @property
    def frame(self) -> float:
        """The total without what faces add: the frame as a photograph (sharpness,
        exposure, size), whether its faces were looked for or not."""
        return self.total / people_factor(self.faces, self.largest_face)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PhotoScore:
        """Rebuild from ``to_json``; raises ``KeyError``/``TypeError`` for a bad record."""
        return cls(**{f.name: data[f.name] for f in fields(cls)})

    def summary(self) -> dict[str, Any]:
        """The four numbers the command line shows, rounded."""
        return {
            "sharpness": round(self.sharpness, 3),
            "exposure": round(self.exposure, 3),
            "faces": self.faces,
            "total": round(self.total, 3),
        }


def score_picture(
    rgb: np.ndarray, width: int, height: int, gray: np.ndarray | None = None
) -> PhotoScore:
    """Score an upright picture, faces included: ``gray``, its luminance at the working
    size (made from ``rgb`` when not given), and ``rgb`` in colour at that size or any
    smaller one; ``width``/``height`` are the photo's real size (they only lower the total
    of photos too small to publish)."""
    import cv2

    from media.faces import find_faces

    if gray is None:
        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    score = measure_frame(rgb, gray, width, height)
    add_faces(score, find_faces(gray))
    return score


def measure_frame(rgb: np.ndarray, gray: np.ndarray, width: int, height: int) -> PhotoScore:
    """Everything but faces (``faces`` is None) for an upright RGB picture at the working
    size and its luminance ``gray``."""
    from media.exposure import measure_exposure
    from media.sharpness import measure_sharpness

    sharp = measure_sharpness(gray)
    expo = measure_exposure(rgb, gray)
    quality = (sharp.value * expo.value) ** 0.5
    size_factor = min(1.0, max(width, height) / PUBLISHABLE_SIDE) ** 0.25
    score = PhotoScore(
        sharpness=sharp.value,
        exposure=expo.value,
        faces=None,
        total=quality * people_factor(None, 0.0) * size_factor,
        why="",
        sharpness_kind=sharp.kind,
        stops=expo.stops,
        highlights=expo.highlights,
        shadows=expo.shadows,
        largest_face=0.0,
        shot="",
        signature=signature(rgb),
        width=width,
        height=height,
        contrast=expo.contrast,
    )
    score.why = explain(score)
    return score


def add_faces(score: PhotoScore, faces: Faces) -> None:
    """Complete ``score`` with the faces found in its picture: count, size, kind of
    shot, and the total and words that depend on them."""
    frame = score.frame
    score.faces = faces.count
    score.largest_face = faces.largest
    score.shot = (
        "abierto" if faces.count == 0 else "cerca" if faces.largest >= CLOSE_FACE else "medio"
    )
    score.total = frame * people_factor(score.faces, score.largest_face)
    score.why = explain(score)


def people_factor(faces: int | None, largest: float) -> float:
    """What faces multiply the total by: 0.9 without faces (or not looked for), up to 1
    with a large one."""
    people = 0.0 if not faces else min(1.0, 0.6 + 2.0 * largest)
    return 0.9 + 0.1 * people


def explain(score: PhotoScore, contrast: float | None = None) -> str:
    """Plain Spanish words for a score: "nítida · sobreexpuesta 2 pasos · 3 rostros"
    (nothing about faces when they were not looked for)."""
    contrast = score.contrast if contrast is None else contrast
    words = [SHARPNESS_WORDS.get(score.sharpness_kind, score.sharpness_kind)]
    if score.stops >= 0.75:
        words.append(f"sobreexpuesta {_stops(score.stops)}")
    elif score.stops <= -0.75:
        words.append(f"subexpuesta {_stops(-score.stops)}")
    else:
        words.append("bien expuesta")
    if score.highlights >= 0.1:
        words.append(f"luces quemadas ({score.highlights:.0%})".replace("%", " %"))
    if score.shadows >= 0.15:
        words.append(f"sombras sin detalle ({score.shadows:.0%})".replace("%", " %"))
    if contrast is not None and contrast < 0.06:
        words.append("poco contraste")
    if score.faces == 0:
        words.append("sin rostros")
    elif score.faces:
        words.append("1 rostro" if score.faces == 1 else f"{score.faces} rostros")
        if score.shot == "cerca":
            words.append("primer plano")
    if max(score.width, score.height) < PUBLISHABLE_SIDE * 0.75:
        words.append(f"baja resolución ({score.width}×{score.height})")
    return " · ".join(words)


def _stops(value: float) -> str:
    halves = max(1, round(value * 2))
    number = f"{halves // 2}" if halves % 2 == 0 else f"{halves / 2:.1f}".replace(".", ",")
    return f"{number} paso" if halves == 2 else f"{number} pasos"


def signature(rgb: np.ndarray) -> str:
    """The picture shrunk to SIGNATURE_SIZE × SIGNATURE_SIZE RGB pixels, as base64: what
    its layout of tones and colours looks like from far away, whatever its sharpness."""
    import numpy as np

    from media.decode_small import averaged_square

    small = averaged_square(rgb, SIGNATURE_SIZE)
    return base64.b64encode(np.ascontiguousarray(small, np.uint8).tobytes()).decode("ascii")
