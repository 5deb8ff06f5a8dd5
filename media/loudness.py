"""Loudness normalisation (EBU R128) with ffmpeg's ``loudnorm``, in two passes.

The first pass measures the cut (audio only, so it costs a fraction of the export); the
second applies ``loudnorm`` with the measured values and ``linear=true``: one constant
gain, no pumping, as long as the gain does not push the true peak over the ceiling
(loudnorm then falls back to its dynamic mode by itself). When the measurement fails,
the export goes on in single-pass dynamic mode rather than not at all.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import ffmpeg as ffmpeg_python

from media.ffargs import base_args, media_path
from media.timecode import ffmpeg_seconds


@dataclass(frozen=True)
class LoudnessTarget:
    lufs: float
    true_peak: float = -1.0
    lra: float = 11.0


@dataclass(frozen=True)
class Measured:
    """What the first pass found (loudnorm's ``input_*`` and ``target_offset``)."""

    i: float
    tp: float
    lra: float
    thresh: float
    offset: float

    @property
    def silent(self) -> bool:
        """Too quiet to measure (silence, or a cut shorter than a loudness block)."""
        return not math.isfinite(self.i) or self.i < -70

    def linear_possible(self, target: LoudnessTarget) -> bool:
        """Whether loudnorm will apply one constant gain (it checks the same, and falls
        back to its dynamic mode otherwise): the gain must not push the true peak over
        the ceiling, and the loudness range must be measured and within the target's."""
        if self.silent or self.lra == 0 or self.thresh == -70 or self.i == 0:
            return False
        gain = target.lufs - self.i
        return self.tp + gain <= target.true_peak and self.lra <= target.lra


def _num(value: float) -> str:
    return f"{value:.2f}"


def loudnorm_options(target: LoudnessTarget, measured: Measured | None) -> dict[str, Any]:
    """The ``loudnorm`` filter's options: two-pass linear with ``measured``, else dynamic."""
    opts: dict[str, Any] = {
        "I": _num(target.lufs),
        "TP": _num(target.true_peak),
        "LRA": _num(target.lra),
    }
    if measured is not None:
        opts.update(
            measured_I=_num(measured.i),
            measured_TP=_num(measured.tp),
            measured_LRA=_num(measured.lra),
            measured_thresh=_num(measured.thresh),
            offset=_num(measured.offset),
            linear="true",
        )
    opts["print_format"] = "none"
    return opts


def analysis_args(
    ffmpeg: str,
    src: str,
    audio_index: int,
    start: float,
    duration: float,
    target: LoudnessTarget,
) -> list[str]:
    """The first pass: decode only the audio of the cut and print loudnorm's JSON.

    Log level ``info``: loudnorm prints its measurement at that level."""
    stream = ffmpeg_python.input(
        media_path(src), ss=ffmpeg_seconds(start, round_down=True), t=ffmpeg_seconds(duration)
    )[str(audio_index)]
    opts = {"I": _num(target.lufs), "TP": _num(target.true_peak), "LRA": _num(target.lra)}
    measured = stream.filter("loudnorm", print_format="json", **opts)
    out = ffmpeg_python.output(measured, "-", f="null")
    return [*base_args(ffmpeg, loglevel="info"), *ffmpeg_python.get_args(out)]


def parse_loudnorm(lines: list[str]) -> Measured | None:
    """The measurement in loudnorm's JSON block at the end of ffmpeg's stderr, or None."""
    text = "\n".join(lines)
    end = text.rfind("}")
    begin = text.rfind("{", 0, end)
    if begin < 0 or end < 0:
        return None
    try:
        data = json.loads(text[begin : end + 1])
        return Measured(
            i=float(data["input_i"]),
            tp=float(data["input_tp"]),
            lra=float(data["input_lra"]),
            thresh=float(data["input_thresh"]),
            offset=float(data["target_offset"]),
        )
    except (ValueError, KeyError, TypeError):
        return None
