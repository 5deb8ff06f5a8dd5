"""Export presets for the social networks and the web: size, frame rate, bit rates,
loudness and each platform's length limit.

Length limits (checked 2025; platforms change them, so each names where it comes from):

- X: 140 s (2:20) for accounts without Premium (X Help Center, "Posting videos";
  Premium accounts may post longer).
- Instagram Reels: 180 s (3 min) since January 2025 (announced by Adam Mosseri; the
  limit was 90 s before). Longer uploads are posted, but not as Reels.
- TikTok: 600 s (10 min) in the app since March 2022 (TikTok newsroom); uploads from a
  computer may be up to 60 min, so 10 min is the safe figure for a phone workflow.
- Facebook: 240 min (Meta Business Help Center, video specifications).
- YouTube: 12 h for verified accounts (YouTube Help, "Upload videos longer than 15
  minutes"); unverified accounts are limited to 15 min.

Loudness: -14 LUFS integrated, -1 dBTP true peak for every social and web preset (what
YouTube, Spotify and the short-video apps normalise to); speech audio for the bulletin
defaults to -16 LUFS (podcast practice); EBU R128 broadcast is -23 LUFS.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

SOCIAL_LUFS = -14.0
SPEECH_LUFS = -16.0
BROADCAST_LUFS = -23.0
TRUE_PEAK = -1.0
LOUDNESS_RANGE = 11.0


class Fit(StrEnum):
    """How a picture of another shape fills a fixed frame."""

    CROP = "crop"  # fill the frame, cut off what sticks out (centred)
    BLUR = "blur"  # whole picture, on a blurred, enlarged copy of itself
    PAD = "pad"  # whole picture, on black bars


@dataclass(frozen=True)
class PlatformLimit:
    platform: str
    seconds: float
    source: str


@dataclass(frozen=True)
class Preset:
    name: str
    label: str  # Spanish, for people
    width: int  # the frame (fixed) or the box the picture fits in (not fixed)
    height: int
    fixed: bool  # True: always exactly width x height (the shape is the platform's)
    max_fps: int
    crf: int
    maxrate_k: int | None  # kbit/s cap for the x264 VBV, None for pure CRF
    audio_k: int
    lufs: float
    limits: tuple[PlatformLimit, ...] = ()
    x264_preset: str = "veryfast"

    def box_for(self, width: int, height: int) -> tuple[int, int]:
        """The frame (fixed presets) or the box a ``width`` x ``height`` picture fits in:
        the box turns with the picture, so "up to 1080p" means the short side."""
        if self.fixed or (width >= height) == (self.width >= self.height):
            return self.width, self.height
        return self.height, self.width

    def exceeded(self, seconds: float) -> list[PlatformLimit]:
        """The platform limits a clip of ``seconds`` goes over."""
        return [limit for limit in self.limits if seconds > limit.seconds + 1e-6]


X_LIMIT = PlatformLimit("X", 140, "X Help Center: 2:20 for accounts without Premium")
REELS_LIMIT = PlatformLimit("Instagram Reels", 180, "Instagram, January 2025: Reels up to 3 min")
TIKTOK_LIMIT = PlatformLimit("TikTok", 600, "TikTok, March 2022: 10 min in the app")
FACEBOOK_LIMIT = PlatformLimit("Facebook", 240 * 60, "Meta Business Help: up to 240 min")
YOUTUBE_LIMIT = PlatformLimit("YouTube", 12 * 3600, "YouTube Help: 12 h (verified accounts)")

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("web", "web (H.264 + AAC, hasta 1080p)", 1920, 1080, False, 60, 21, 8000, 160,
               SOCIAL_LUFS),
        Preset("reels", "Reels / TikTok (9:16, 1080x1920)", 1080, 1920, True, 30, 21, 8000, 160,
               SOCIAL_LUFS, (REELS_LIMIT, TIKTOK_LIMIT)),
        Preset("square", "cuadrado (1:1, 1080x1080)", 1080, 1080, True, 30, 21, 8000, 160,
               SOCIAL_LUFS, (REELS_LIMIT, FACEBOOK_LIMIT)),
        Preset("x", "X (16:9, 1920x1080, 2:20 máx.)", 1920, 1080, True, 60, 21, 8000, 160,
               SOCIAL_LUFS, (X_LIMIT,)),
        Preset("facebook", "Facebook (hasta 1080p)", 1920, 1080, False, 60, 21, 8000, 160,
               SOCIAL_LUFS, (FACEBOOK_LIMIT,)),
        Preset("youtube", "YouTube (hasta 4K)", 3840, 2160, False, 60, 18, None, 192,
               SOCIAL_LUFS, (YOUTUBE_LIMIT,), "faster"),
    )
}  # fmt: skip


def get_preset(name: str) -> Preset:
    """The preset called ``name`` (case-insensitive); ValueError listing the known ones."""
    try:
        return PRESETS[name.strip().lower()]
    except KeyError:
        raise ValueError(f"preset desconocido: {name!r} (hay: {', '.join(PRESETS)})") from None
