"""How sharp a photo is where it is sharpest, and which way it is blurred.

The measure is the "re-blur" one (Crété-Roffet et al., 2007): blur the picture a little
more along one direction and see how much of the change between neighbouring pixels is
lost. A sharp edge loses a lot; an edge that is already soft loses little. The ratio
does not depend on contrast or on the scene's brightness. It is taken per tile, only on
tiles with more structure than noise, and the sharpest fifth of them decide: a sharp
subject in front of a soft background counts as sharp. It is taken in four directions:
blur in one direction only (camera shake, panning) is motion; blur in all is focus.
Pictures are measured at the working size (``media.decode_small``), so a 6 MP and a
24 MP file of the same scene read the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

TILE = 48  # pixels of the working-size picture
REBLUR = 9  # length of the extra blur, in pixels (odd)
TOP_SHARE = 0.2  # the sharpest fifth of the tiles with structure decides
# The raw ratio of sharp photos at the working size is about 0.75-0.9; focus misses
# and shaken frames fall to 0.3-0.55. These map it onto 0..1.
RAW_BLURRED, RAW_SHARP = 0.35, 0.78
MOTION_ANISOTROPY = 0.8  # weakest direction below this share of the strongest: motion
DIRECTIONS = ((0, 1), (1, 0), (1, 1), (1, -1))  # (dy, dx): across, down, both diagonals

_LAPLACE = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], np.float32)
_HALF = REBLUR // 2
_MARGIN = _HALF + 1


@dataclass(frozen=True)
class Sharpness:
    """``value`` 0 (blurred) .. 1 (sharp); ``kind`` is "nitida", "blanda", "desenfocada"
    or "movida"; ``anisotropy`` is the weakest direction over the strongest (1 = even)."""

    value: float
    raw: float
    anisotropy: float
    kind: str
    noise: float  # estimated noise (standard deviation, 0..1 of full scale)


def measure_sharpness(gray: np.ndarray) -> Sharpness:
    """The sharpness of a grayscale uint8 picture at the working size."""
    h, w = gray.shape
    rows, cols = (h - 2 * _MARGIN) // TILE, (w - 2 * _MARGIN) // TILE
    if rows < 1 or cols < 1:
        return Sharpness(0.0, 0.0, 1.0, "desenfocada", 0.0)
    noise = _noise_sigma(gray)
    # Fixed point: 16 steps per grey level, and a blur that sums REBLUR pixels is
    # compared with changes multiplied by REBLUR, so nothing is divided or rounded.
    g16 = gray.astype(np.uint16) * np.uint16(16)
    g9 = g16 * np.uint16(REBLUR)
    box = (slice(_MARGIN, _MARGIN + rows * TILE), slice(_MARGIN, _MARGIN + cols * TILE))
    lost, total = [], []
    for dy, dx in DIRECTIONS:
        blurred = _line_sum(g16, dy, dx, box)
        change = cv2.absdiff(_shifted(g9, dy, dx, box), g9[box])
        change_blurred = cv2.absdiff(_shifted(blurred, dy, dx, None), blurred[1:-1, 1:-1])
        lost.append(_tile_means(cv2.subtract(change, change_blurred), rows, cols))
        total.append(_tile_means(change, rows, cols))
    lost_all: np.ndarray = np.sum(lost, axis=0)
    total_all: np.ndarray = np.sum(total, axis=0)
    ratio = lost_all / np.maximum(total_all, 1e-6)
    strength = total_all / (len(DIRECTIONS) * 16 * REBLUR * 255)  # mean change, 0..1
    eligible: np.ndarray = strength > max(3.0 * noise, 0.004)
    if eligible.sum() < 2:
        eligible = strength >= np.sort(strength.ravel())[-min(2, strength.size)]
    count = max(2, int(round(TOP_SHARE * eligible.sum())))
    order = np.argsort(np.where(eligible, ratio, -1.0).ravel())[::-1][:count]
    dirs = [
        float(lo.ravel()[order].sum() / max(to.ravel()[order].sum(), 1e-6))
        for lo, to in zip(lost, total, strict=True)
    ]
    raw = min(dirs)
    anisotropy = raw / max(max(dirs), 1e-6)
    value = float(np.clip((raw - RAW_BLURRED) / (RAW_SHARP - RAW_BLURRED), 0.0, 1.0))
    return Sharpness(value, raw, anisotropy, _kind(value, anisotropy), noise)


def _kind(value: float, anisotropy: float) -> str:
    if value >= 0.7:
        return "nitida"
    if value >= 0.45:
        return "blanda"
    return "movida" if anisotropy < MOTION_ANISOTROPY else "desenfocada"


def _noise_sigma(gray: np.ndarray) -> float:
    """Immerkær's fast estimate of white noise (1996), as a share of full scale."""
    response = cv2.filter2D(gray.astype(np.float32), -1, _LAPLACE)[1:-1, 1:-1]
    return float(np.sqrt(np.pi / 2.0) * np.abs(response).mean() / 6.0 / 255.0)


def _shifted(a: np.ndarray, dy: int, dx: int, box: tuple[slice, slice] | None) -> np.ndarray:
    """``a`` moved one pixel along (dy, dx): the neighbour of each pixel of ``box``."""
    if box is None:  # ``a`` has one spare pixel on every side
        h, w = a.shape
        return a[1 + dy : h - 1 + dy, 1 + dx : w - 1 + dx]
    ys, xs = box
    return a[ys.start + dy : ys.stop + dy, xs.start + dx : xs.stop + dx]


def _line_sum(g: np.ndarray, dy: int, dx: int, box: tuple[slice, slice]) -> np.ndarray:
    """The sum of REBLUR pixels along (dy, dx) around each pixel of ``box`` grown by one."""
    ys, xs = box
    out: np.ndarray | None = None
    for k in range(-_HALF, _HALF + 1):
        part = g[
            ys.start - 1 + k * dy : ys.stop + 1 + k * dy,
            xs.start - 1 + k * dx : xs.stop + 1 + k * dx,
        ]
        out = part.copy() if out is None else cv2.add(out, part)
    assert out is not None
    return out


def _tile_means(a: np.ndarray, rows: int, cols: int) -> np.ndarray:
    return cv2.resize(a, (cols, rows), interpolation=cv2.INTER_AREA).astype(np.float64)
