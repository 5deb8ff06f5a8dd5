"""How well a photo is exposed: clipped highlights and shadows, brightness, contrast.

Two facts of an 8-bit picture say most of it. Its brightest tones: when the top half
percent of the picture is far below white, the whole picture could have been that many
stops brighter (underexposed; a night scene with street lights still reaches white).
Its clipped highlights: large areas at pure white, together with an overall brightness
well above a typical photo's, are overexposure. Brightness is the log-average
luminance in linear light, compared with the typical photo's; contrast is the spread
of luminance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

_LEVELS = np.arange(256) / 255.0
TO_LINEAR = np.where(_LEVELS <= 0.04045, _LEVELS / 12.92, ((_LEVELS + 0.055) / 1.055) ** 2.4)
_LOG_LINEAR = np.log(TO_LINEAR + 1e-3)

KEY_REFERENCE = math.log2(0.18) - 0.9  # the typical photo's log-average luminance (log2)
WHITE, BLACK = 250, 3  # luminance levels counted as clipped
TOP_SHARE = 0.005  # the brightest half percent must reach near white
HEADROOM_SLACK = 0.3  # stops of unused range that are normal
# Up to half a stop is free, then the score falls: faster for underexposure (a picture
# two stops dark reads as murky) than for overexposure, whose blown areas count apart.
UNDER_FREE, UNDER_SIGMA = 0.5, 0.7
OVER_FREE, OVER_SIGMA = 0.5, 1.2
LOW_CONTRAST = 0.08  # standard deviation of luminance below which a picture looks flat


@dataclass(frozen=True)
class Exposure:
    """``value`` 0 (unusable) .. 1 (well exposed); ``stops`` + over / - under (estimated)."""

    value: float
    stops: float
    highlights: float  # share of the picture blown to white
    shadows: float  # share crushed to black
    brightness: float  # mean luminance, 0..1
    contrast: float  # standard deviation of luminance, 0..1


def measure_exposure(rgb: np.ndarray, gray: np.ndarray) -> Exposure:
    """The exposure of an RGB uint8 picture (and its luminance ``gray``)."""
    hist = cv2.calcHist([gray], [0], None, [256], [0, 256]).ravel().astype(np.float64)
    hist /= max(hist.sum(), 1.0)
    cdf = np.cumsum(hist)
    top_level = int(np.searchsorted(cdf, 1.0 - TOP_SHARE))
    headroom = math.log2(1.0 / max(float(TO_LINEAR[top_level]), 1e-4))
    key = float((hist * _LOG_LINEAR).sum()) / math.log(2)
    brighter = key - KEY_REFERENCE  # stops brighter than a typical photo
    blown = float(hist[WHITE:].sum())
    channels = cv2.max(cv2.max(rgb[:, :, 0], rgb[:, :, 1]), rgb[:, :, 2])
    colour_clipped = float(np.count_nonzero(channels >= 254)) / channels.size
    highlights = blown + 0.5 * max(0.0, colour_clipped - blown)
    shadows = float(hist[: BLACK + 1].sum())
    levels = np.arange(256)
    mean = float((hist * levels).sum())
    contrast = math.sqrt(max(0.0, float((hist * (levels - mean) ** 2).sum()))) / 255.0
    under = max(0.0, headroom - HEADROOM_SLACK)
    over = max(0.0, brighter) * min(1.0, highlights / 0.05)
    value = (
        _bell(under, UNDER_FREE, UNDER_SIGMA)
        * _bell(over, OVER_FREE, OVER_SIGMA)
        * (1.0 - 0.7 * min(1.0, max(0.0, highlights - 0.02) / 0.45))
        * (1.0 - 0.5 * min(1.0, max(0.0, shadows - 0.05) / 0.5))
        * min(1.0, 0.4 + 0.6 * contrast / LOW_CONTRAST)
    )
    stops = over if over > under else -under
    return Exposure(value, stops, highlights, shadows, mean / 255.0, contrast)


def _bell(x: float, free: float, sigma: float) -> float:
    """1 up to ``free``, then a Gaussian fall with ``sigma``."""
    d = max(0.0, x - free)
    return math.exp(-(d * d) / (2 * sigma * sigma))
