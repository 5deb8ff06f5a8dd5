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
        # The blur sums REBLUR pixels along (dy, dx); between neighbours such sums differ
        # by the two pixels at their ends, so the blurred change needs no blurred image.
        change = cv2.absdiff(_moved(g9, box, dy, dx), g9[box])
        ahead, behind = _HALF + 1, -_HALF
        change_blurred = cv2.absdiff(
            _moved(g16, box, ahead * dy, ahead * dx), _moved(g16, box, behind * dy, behind * dx)
        )
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
    response = cv2.filter2D(gray, cv2.CV_16S, _LAPLACE)[1:-1, 1:-1]
    mean = cv2.norm(response, cv2.NORM_L1) / max(1, response.size)
    return float(np.sqrt(np.pi / 2.0) * mean / 6.0 / 255.0)


def _moved(a: np.ndarray, box: tuple[slice, slice], dy: int, dx: int) -> np.ndarray:
    """The pixels ``dy`` rows and ``dx`` columns away from those of ``box``."""
    ys, xs = box
    return a[ys.start + dy : ys.stop + dy, xs.start + dx : xs.stop + dx]


def _tile_means(a: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """The mean of each TILE × TILE tile of ``a`` (rows × cols tiles, exactly): a sum down
    each tile's rows, then across, twice as fast as OpenCV's area resize by 48."""
    down = a.reshape(rows, TILE, cols * TILE).sum(axis=1, dtype=np.uint32)
    sums: np.ndarray = down.reshape(rows, cols, TILE).sum(axis=2, dtype=np.uint64)
    return sums.astype(np.float64) / (TILE * TILE)
