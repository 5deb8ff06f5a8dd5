"""The ffmpeg command lines of a trim, as pure functions (tested as exact lists).

Three ways to cut a clip:

- lossless: stream copy from the keyframe at or before the requested start. Input
  seeking (``-ss`` before ``-i``) to the keyframe's exact time makes video and audio
  start together; seeking to a time between keyframes would make ffmpeg copy from the
  keyframe anyway, hide the extra frames behind an edit list (players that ignore it
  start on the wrong frame) and shift the audio by up to a frame.
- accurate: re-encode from the first frame at or after the requested start. The start
  is that frame's own time, not the requested one: a start between two frames would
  leave video and audio up to half a frame apart once the encoder puts the first frame
  on its grid.
- preset: a re-encode that also fits the picture to the platform's frame, adds a logo,
  normalises loudness and caps the frame rate (see ``preset_args``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import ffmpeg as ffmpeg_python

from media.clipinfo import VideoInfo
from media.ffargs import base_args, cover_size, even, fit_size, media_path
from media.loudness import LoudnessTarget, Measured, loudnorm_options
from media.presets import Fit, Preset
from media.timecode import ffmpeg_seconds

FASTSTART_EXTS = (".mp4", ".m4v", ".mov", ".m4a")
STANDARD_RATES = tuple(
    Fraction(r) for r in ("24000/1001", "24", "25", "30000/1001", "30", "50", "60000/1001", "60")
)
POSITIONS = ("top-left", "top-right", "bottom-left", "bottom-right", "center")


@dataclass(frozen=True)
class Logo:
    """A logo or watermark image laid over the picture."""

    path: str
    width: int  # the image's own size, in pixels
    height: int
    position: str = "top-right"  # one of POSITIONS
    size: float = 0.15  # width as a fraction of the frame's width
    margin: float = 0.03  # distance from the edges, as a fraction of the frame's width
    opacity: float = 0.85


@dataclass(frozen=True)
class AudioPlan:
    """What happens to the sound of a re-encode."""

    index: int | None  # the stream to keep; None: the output has no sound
    loudness: LoudnessTarget | None = None
    measured: Measured | None = None  # from the first pass; None: single-pass dynamic
    fade_in: float = 0.0
    fade_out: float = 0.0


def _faststart(out: str) -> dict[str, str]:
    # The index goes to the front, so a browser or an upload can start before the end.
    return {"movflags": "+faststart"} if out.lower().endswith(FASTSTART_EXTS) else {}


def _compile(ffmpeg: str, out: Any) -> list[str]:
    return [*base_args(ffmpeg), *ffmpeg_python.get_args(out)]


def lossless_args(
    ffmpeg: str, src: str, out: str, video_index: int, keyframe: float, end: float
) -> list[str]:
    """Stream copy of ``keyframe``..``end`` (seconds from the clip's start): the chosen
    video stream and every audio stream; data tracks (timecode, camera metadata) are left
    out, since most containers refuse to hold them. ``keyframe`` is rounded up to the
    microsecond so ffmpeg's backward seek lands on it and not on the one before."""
    inp = ffmpeg_python.input(media_path(src), ss=ffmpeg_seconds(keyframe, round_up=True))
    opts = {"c": "copy", "t": ffmpeg_seconds(end - keyframe), **_faststart(out)}
    return _compile(
        ffmpeg, ffmpeg_python.output(inp[str(video_index)], inp["a?"], media_path(out), **opts)
    )


def accurate_args(
    ffmpeg: str, src: str, out: str, video_index: int, start: float, end: float
) -> list[str]:
    """Re-encode of ``start``..``end`` (H.264 CRF 18 + AAC 192k), exact to the frame when
    ``start`` is a frame's time. Frame timing passes through untouched, so a phone's
    variable frame rate keeps its sync."""
    inp = ffmpeg_python.input(
        media_path(src), ss=ffmpeg_seconds(start, round_down=True), t=ffmpeg_seconds(end - start)
    )
    opts = {
        "c:v": "libx264",
        "preset": "veryfast",
        "crf": "18",
        "pix_fmt": "yuv420p",
        "fps_mode": "passthrough",
        "c:a": "aac",
        "b:a": "192k",
        **_faststart(out),
    }
    return _compile(
        ffmpeg, ffmpeg_python.output(inp[str(video_index)], inp["a?"], media_path(out), **opts)
    )


def _snap(value: Fraction) -> Fraction | None:
    """The broadcast rate within 3% of ``value``, if there is one."""
    near = min(STANDARD_RATES, key=lambda r: abs(r - value))
    return near if abs(near - value) / near < 0.03 else None


def output_fps(video: VideoInfo, cap: int) -> Fraction:
    """The constant frame rate of an export: the clip's nominal rate (ffmpeg's
    r_frame_rate) when it is a broadcast rate, since a phone's variable rate drops frames
    from that grid and keeping the grid keeps every frame on its time; else the average
    snapped to a broadcast rate. Over ``cap``: halved when that gives a broadcast rate
    (59.94 becomes 29.97), else ``cap``."""
    nominal = _snap(video.fps) if video.fps else None
    if nominal is None:
        average = video.avg_fps or video.fps or Fraction(30)
        nominal = _snap(average) or Fraction(average).limit_denominator(1001)
    if nominal <= cap:
        return nominal
    half = _snap(nominal / 2)
    return half if half is not None and half <= cap else Fraction(cap)


def frame_size(video: VideoInfo, preset: Preset) -> tuple[int, int]:
    """The output's width and height: the preset's frame, or the picture fitted to its box."""
    width, height = video.display_size
    if preset.fixed:
        return preset.width, preset.height
    return fit_size(width, height, *preset.box_for(width, height))


def logo_geometry(frame_w: int, frame_h: int, logo: Logo) -> tuple[int, int, int, int]:
    """The logo's width, height, x and y in a ``frame_w`` x ``frame_h`` frame."""
    lw = even(frame_w * logo.size)
    lh = even(lw * logo.height / max(logo.width, 1))
    if lh > frame_h // 2:  # a tall logo: cap its height instead
        lh = even(frame_h / 2)
        lw = even(lh * logo.width / max(logo.height, 1))
    m = round(frame_w * logo.margin)
    x = {"left": m, "right": frame_w - lw - m}.get(
        logo.position.rpartition("-")[2], (frame_w - lw) // 2
    )
    y = {"top": m, "bottom": frame_h - lh - m}.get(
        logo.position.partition("-")[0], (frame_h - lh) // 2
    )
    return lw, lh, x, y


def _shape(v: Any, video: VideoInfo, preset: Preset, fit: Fit, size: tuple[int, int]) -> Any:
    width, height = video.display_size
    frame_w, frame_h = size
    if not preset.fixed:
        return v.filter("scale", frame_w, frame_h)
    if fit is Fit.CROP:
        cw, ch = cover_size(width, height, frame_w, frame_h)
        return v.filter("scale", cw, ch).filter("crop", frame_w, frame_h)
    fw, fh = fit_size(width, height, frame_w, frame_h, upscale=True)
    x, y = (frame_w - fw) // 2, (frame_h - fh) // 2
    if fit is Fit.PAD:
        return v.filter("scale", fw, fh).filter("pad", frame_w, frame_h, x, y)
    # Blur: the background is made at an eighth of the size, blurred and enlarged again,
    # which costs a fraction of blurring a full-size frame and looks the same.
    parts = v.split()
    small_w, small_h = even(frame_w / 8), even(frame_h / 8)
    bw, bh = cover_size(width, height, small_w, small_h)
    background = (
        parts[0]
        .filter("scale", bw, bh)
        .filter("crop", small_w, small_h)
        .filter("boxblur", luma_radius=6, luma_power=2)
        .filter("scale", frame_w, frame_h)
    )
    foreground = parts[1].filter("scale", fw, fh)
    return ffmpeg_python.overlay(background, foreground, x=x, y=y)


def audio_chain(a: Any, plan: AudioPlan, duration: float, rate: int) -> Any:
    """Loudness (two-pass linear when measured), resampling to ``rate`` and fades."""
    if plan.loudness is not None:
        a = a.filter("loudnorm", **loudnorm_options(plan.loudness, plan.measured))
    a = a.filter("aresample", rate)  # loudnorm works at 192 kHz; back to the output's rate
    if plan.fade_in > 0:
        a = a.filter("afade", t="in", st=0, d=f"{plan.fade_in:.3f}")
    if plan.fade_out > 0:
        st = max(duration - plan.fade_out, 0.0)
        a = a.filter("afade", t="out", st=f"{st:.3f}", d=f"{plan.fade_out:.3f}")
    return a


def preset_args(
    ffmpeg: str,
    src: str,
    out: str,
    video: VideoInfo,
    preset: Preset,
    start: float,
    duration: float,
    *,
    fit: Fit = Fit.BLUR,
    audio: AudioPlan,
    logo: Logo | None = None,
) -> list[str]:
    """An export for ``preset``: constant frame rate (capped), the picture upright
    (ffmpeg turns rotated phone clips when decoding), fitted to the platform's frame by
    ``fit``, an optional logo, H.264 High + AAC stereo 48 kHz, loudness normalised,
    metadata (GPS included) left out, index at the front for streaming."""
    fps = output_fps(video, preset.max_fps)
    size = frame_size(video, preset)
    start_at = ffmpeg_seconds(start, round_down=True)
    inp = ffmpeg_python.input(media_path(src), ss=start_at, t=ffmpeg_seconds(duration))
    # eof_action=pass keeps the last frame of a cut shorter than one output frame
    v = inp[str(video.index)].filter("fps", fps=str(fps), eof_action="pass")
    v = _shape(v, video, preset, fit, size).filter("setsar", "1")
    if logo is not None:
        lw, lh, x, y = logo_geometry(*size, logo)
        # image2 without a pattern: a logo named "100%.png" is a file, not a sequence
        mark = ffmpeg_python.input(media_path(logo.path), f="image2", pattern_type="none")
        mark = (
            mark.filter("scale", lw, lh)
            .filter("format", "rgba")
            .filter("colorchannelmixer", aa=f"{logo.opacity:.2f}")
        )
        v = ffmpeg_python.overlay(v, mark, x=x, y=y)
    streams = [v.filter("format", "yuv420p")]
    opts: dict[str, str] = {
        "c:v": "libx264",
        "preset": preset.x264_preset,
        "crf": str(preset.crf),
        "profile:v": "high",
        "g": str(round(2 * fps)),  # a keyframe every 2 s: web players seek quickly
        "map_metadata": "-1",
    }
    if preset.maxrate_k:
        opts.update(maxrate=f"{preset.maxrate_k}k", bufsize=f"{2 * preset.maxrate_k}k")
    if audio.index is not None:
        streams.append(audio_chain(inp[str(audio.index)], audio, duration, 48000))
        opts.update({"c:a": "aac", "b:a": f"{preset.audio_k}k", "ac": "2"})
    opts.update(_faststart(out))
    return _compile(ffmpeg, ffmpeg_python.output(*streams, media_path(out), **opts))


def is_reencodable_container(out: str) -> bool:
    """Whether a re-encode (H.264 + AAC) can be written under this output name."""
    return os.path.splitext(out)[1].lower() in (".mp4", ".m4v", ".mov", ".mkv")
