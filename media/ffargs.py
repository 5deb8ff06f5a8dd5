"""Pieces every ffmpeg command line shares, and the geometry of scaled pictures.

Everything here is a pure function: the same inputs give the same list, which the unit
tests compare word for word.
"""

from __future__ import annotations

import math
import os

# Options every command starts with (after the executable). Each has a reason:
#  -nostdin    never read the terminal: ffmpeg would eat keystrokes, and a background
#              ffmpeg that reads the terminal is stopped by SIGTTIN
#  -nostats    progress comes from -progress, not from the stats line on stderr
#  -progress pipe:1   key=value blocks on stdout, parsed by ffrun.parse_progress()
#  -loglevel error    stderr then holds only ffmpeg's complaints: its last lines are
#                     the reason a run failed (loudness analysis needs "info")
#  -y          the output is always our own temporary name; a stale one is overwritten
_BASE = ["-hide_banner", "-nostdin", "-nostats", "-progress", "pipe:1"]


def base_args(ffmpeg: str, loglevel: str = "error") -> list[str]:
    """The executable and the options every run starts with."""
    return [ffmpeg, *_BASE, "-loglevel", loglevel, "-y"]


def media_path(path: str) -> str:
    """A path as ffmpeg must be given it: absolute. A relative name that starts with a
    dash (``-clip.mov``) would be read as an option, and one with a colon before any
    slash (``toma:1.mov``) as a protocol; an absolute path is neither."""
    return os.path.abspath(path)


def even(value: float) -> int:
    """``value`` rounded down to an even number, at least 2 (H.264 4:2:0 needs even sizes)."""
    return max(2, int(value) // 2 * 2)


def fit_size(
    width: int, height: int, box_w: int, box_h: int, upscale: bool = False
) -> tuple[int, int]:
    """The largest even size with the picture's shape inside the box (never larger than
    the picture unless ``upscale``)."""
    factor = min(box_w / width, box_h / height)
    if not upscale:
        factor = min(factor, 1.0)
    return min(even(width * factor + 0.5), box_w), min(even(height * factor + 0.5), box_h)


def cover_size(width: int, height: int, box_w: int, box_h: int) -> tuple[int, int]:
    """The smallest even size with the picture's shape that covers the box."""
    factor = max(box_w / width, box_h / height)
    return max(even_up(width * factor), box_w), max(even_up(height * factor), box_h)


def even_up(value: float) -> int:
    """``value`` rounded up to an even number."""
    n = math.ceil(value - 1e-9)
    return max(2, n + n % 2)
