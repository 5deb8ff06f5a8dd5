"""Times and file names of the trim view: '00:01:23.4', and where a cut is saved."""

from __future__ import annotations

import os

from media.audio_args import AUDIO_EXTS
from media.trim_args import is_reencodable_container

CUTS_FOLDER = "RECORTES"  # in the event folder: synced with the event as an export


def clock_text(seconds: float | None) -> str:
    """83.45 -> '00:01:23.4' (tenths, rounded down so a mark never shows past its frame)."""
    if seconds is None:
        return "--:--:--.-"
    tenths = int(max(0.0, seconds) * 10 + 1e-6)
    h, rest = divmod(tenths, 36000)
    m, rest = divmod(rest, 600)
    s, t = divmod(rest, 10)
    return f"{h:02d}:{m:02d}:{s:02d}.{t}"


def output_name(
    src: str, start: float | None, end: float | None, preset: str | None, ext: str
) -> str:
    """'clip_00m01.0s-00m03.0s_reels.mp4': the source's name, the cut and the preset."""

    def stamp(seconds: float) -> str:
        minutes, rest = divmod(int(seconds * 10 + 1e-6), 600)
        return f"{minutes:02d}m{rest // 10:02d}.{rest % 10}s"

    stem = os.path.splitext(os.path.basename(src))[0]
    span = f"{stamp(start or 0.0)}-{stamp(end) if end is not None else 'final'}"
    return f"{stem}_{span}{'_' + preset if preset else ''}{ext}"


def output_extension(src: str, audio: bool, reencode: bool) -> str:
    """The container a cut goes in: the source's own when it can hold the result."""
    ext = os.path.splitext(src)[1].lower()
    if audio:
        return ext if ext in AUDIO_EXTS else ".wav"
    if not reencode:
        return ext or ".mp4"
    return ext if is_reencodable_container(f"x{ext}") else ".mp4"
