"""Times on the command line and in reports: ``83.5``, ``1:23.5`` or ``00:01:23.500``."""

from __future__ import annotations

import math
import re

_CLOCK = re.compile(r"^(?:(?:(\d+):)?([0-5]?\d):)?([0-5]?\d(?:[.,]\d+)?)$")
_SECONDS = re.compile(r"^\d+(?:[.,]\d+)?$")


class TimeError(ValueError):
    """A time that cannot be read, or one outside the clip. The text is for people."""


def parse_time(text: str) -> float:
    """Seconds from ``83.5``, ``83,5``, ``1:23.5``, ``01:23:45`` or ``00:01:23.500``.

    A negative or unreadable time raises :class:`TimeError`; a decimal comma is read
    as a point (the office writes ``83,5``)."""
    raw = text.strip()
    if raw.startswith("-"):
        raise TimeError(f"tiempo negativo: {text!r}")
    if _SECONDS.match(raw):
        value = float(raw.replace(",", "."))
    else:
        m = _CLOCK.match(raw)
        if not m or ":" not in raw:
            raise TimeError(f"tiempo ilegible: {text!r} (usa segundos como 83.5 o HH:MM:SS.mmm)")
        hours, minutes, seconds = m.groups()
        value = int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(seconds.replace(",", "."))
    if not math.isfinite(value):
        raise TimeError(f"tiempo ilegible: {text!r}")
    return value


def format_time(seconds: float) -> str:
    """``HH:MM:SS.mmm``, rounded to the millisecond (negative values keep their sign)."""
    sign = "-" if seconds < 0 else ""
    ms = round(abs(seconds) * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{sign}{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def format_clock(seconds: float) -> str:
    """``M:SS`` or ``H:MM:SS`` (whole seconds, rounded up), as people write lengths."""
    whole = math.ceil(max(seconds, 0) - 1e-9)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def ffmpeg_seconds(seconds: float, *, round_up: bool = False, round_down: bool = False) -> str:
    """A time as ffmpeg reads it: seconds with six decimals (nearest microsecond).

    ``round_up`` is for seeking to a keyframe: ffmpeg seeks to the keyframe *at or
    before* the time given, so a time rounded down by a fraction of a microsecond would
    land on the keyframe before the one meant. ``round_down`` is for an exact start on a
    frame: ffmpeg keeps the frames at or after the time given, so a time rounded up
    would drop the very frame meant."""
    scaled = seconds * 1_000_000
    if round_up:
        micro = math.ceil(scaled - 1e-6)
    elif round_down:
        micro = math.floor(scaled + 1e-6)
    else:
        micro = round(scaled)
    micro = max(micro, 0)
    return f"{micro // 1_000_000}.{micro % 1_000_000:06d}"
