"""What trimming needs to know about a clip, read in-process with PyAV.

``probe_clip`` reads the container header and decodes one video frame (the only way
PyAV shows the display matrix, and the proof that the clip holds pictures at all).
``inspect_output`` measures a finished output, so reports claim only what was checked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from media.ffargs import media_path
from media.models import ProblemType
from media.mp4box import display_rotation, is_isobmff

# An MP4/MOV header already holds every stream parameter, so opening one need not read
# and decode its first packets (avformat_find_stream_info): 1.5 ms instead of 10-20 ms.
FAST_OPEN = {"probesize": "32", "analyzeduration": "0"}


def _open(path: str) -> Any:
    import av

    options = FAST_OPEN if is_isobmff(path) else None
    return av.open(media_path(path), metadata_errors="ignore", options=options)


class ClipProblem(Exception):
    """The clip cannot be trimmed: ``type`` names why, ``detail`` says it for people."""

    def __init__(self, type: ProblemType, detail: str) -> None:
        self.type = type
        self.detail = detail
        super().__init__(detail)


@dataclass(frozen=True)
class VideoInfo:
    index: int  # stream index, the same number ffmpeg's ``-map 0:N`` uses
    codec: str
    width: int  # coded size, before rotation
    height: int
    rotation: int  # display matrix, ffprobe's sign: -90 = shown turned 90° clockwise
    sar: Fraction  # sample aspect ratio (1 for square pixels)
    fps: Fraction | None  # nominal rate (ffmpeg's r_frame_rate)
    avg_fps: Fraction | None

    @property
    def display_size(self) -> tuple[int, int]:
        """Width and height as shown: square pixels, rotation applied."""
        width = round(self.width * float(self.sar)) if self.sar and self.sar > 0 else self.width
        width += width % 2
        if self.rotation % 180:
            return self.height, width
        return width, self.height


@dataclass(frozen=True)
class AudioInfo:
    index: int
    codec: str
    sample_rate: int
    channels: int


@dataclass(frozen=True)
class ClipInfo:
    path: str
    format_name: str
    duration: float | None  # seconds, as the container says
    start_time: float  # seconds; times on the command line count from here
    video: VideoInfo | None
    audio: AudioInfo | None
    audio_streams: int


def codec_name(stream: Any) -> str:
    ctx = stream.codec_context
    if ctx is None:
        return "unknown"
    try:
        return str(ctx.codec.canonical_name)
    except Exception:  # PyAV raises a bare error for codecs it cannot name
        return str(ctx.name or "unknown")


def _channels(ctx: Any) -> int:
    layout = getattr(ctx, "layout", None)
    return int(getattr(layout, "nb_channels", 0) or getattr(ctx, "channels", 0) or 0)


def _first_frame_rotation(container: Any, stream: Any) -> int:
    """The display rotation of the first decodable frame; ClipProblem when there is none."""
    try:
        for frame in container.decode(stream):
            return int(round(frame.rotation or 0))
    except Exception as exc:  # PyAV raises its own error types for damaged data
        raise ClipProblem(ProblemType.CORRUPT, f"el video no se puede decodificar: {exc}") from exc
    raise ClipProblem(
        ProblemType.TRUNCATED, "el archivo no tiene imágenes (solo el encabezado, o está cortado)"
    )


def open_media(path: str) -> Any:
    """An open PyAV container for ``path`` (close it, or use it in ``with``);
    :class:`ClipProblem` for a file that is missing, empty or does not open."""

    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise ClipProblem(ProblemType.UNREADABLE, exc.strerror or str(exc)) from exc
    if size == 0:
        raise ClipProblem(ProblemType.EMPTY, "")
    try:
        return _open(path)
    except Exception as exc:  # PyAV's errors for data it cannot read
        raise ClipProblem(ProblemType.CORRUPT, f"no se puede abrir: {exc}") from exc


def _rotation(path: str, container: Any, stream: Any) -> int:
    """The display rotation: from the MP4/MOV track header, else from the first frame."""
    rotation = display_rotation(path)
    return rotation if rotation is not None else _first_frame_rotation(container, stream)


def probe_clip(path: str, container: Any = None) -> ClipInfo:
    """The streams, duration and rotation of ``path`` (read from ``container`` when one is
    given, which stays open); :class:`ClipProblem` for a file that is empty, unreadable or
    not media. A video track without pictures is found when its frames are looked for
    (MP4/MOV), or here (other containers, whose rotation needs a decoded frame)."""
    if container is None:
        with open_media(path) as own:
            return probe_clip(path, own)
    video_stream = next(
        (s for s in container.streams.video if not s.disposition & 1024),  # attached_pic
        None,
    )
    audio_stream = next(iter(container.streams.audio), None)
    if video_stream is None and audio_stream is None:
        raise ClipProblem(ProblemType.NOT_MEDIA, "no tiene pistas de video ni de audio")
    video = None
    if video_stream is not None:
        ctx = video_stream.codec_context
        video = VideoInfo(
            index=video_stream.index,
            codec=codec_name(video_stream),
            width=int(ctx.width or 0),
            height=int(ctx.height or 0),
            rotation=_rotation(path, container, video_stream),
            sar=Fraction(video_stream.sample_aspect_ratio or 1),
            fps=video_stream.guessed_rate,
            avg_fps=video_stream.average_rate,
        )
    audio = None
    if audio_stream is not None:
        actx = audio_stream.codec_context
        audio = AudioInfo(
            index=audio_stream.index,
            codec=codec_name(audio_stream),
            sample_rate=int(actx.sample_rate or 0),
            channels=_channels(actx),
        )
    return ClipInfo(
        path=path,
        format_name=container.format.name,
        duration=container.duration / 1_000_000 if container.duration else None,
        start_time=container.start_time / 1_000_000 if container.start_time else 0.0,
        video=video,
        audio=audio,
        audio_streams=len(container.streams.audio),
    )


@dataclass
class OutputInfo:
    """What a finished file holds, measured from its packets."""

    size: int
    duration: float | None  # the container's length
    video_codec: str | None = None
    audio_codec: str | None = None
    width: int | None = None  # as shown (rotation applied)
    height: int | None = None
    rotation: int = 0
    frames: int = 0
    video_start: float | None = None
    video_duration: float | None = None  # first frame to the end of the last one
    audio_duration: float | None = None
    sample_rate: int | None = None
    channels: int | None = None


def _span(container: Any, stream: Any) -> tuple[float | None, float | None, int]:
    """First timestamp, length and packet count of one stream, from its packets."""
    first = last_end = None
    count = 0
    for packet in container.demux(stream):
        ts = packet.pts if packet.pts is not None else packet.dts
        if ts is None or packet.size == 0:
            continue
        count += 1
        start = float(ts * packet.time_base)
        end = start + float((packet.duration or 0) * packet.time_base)
        first = start if first is None else min(first, start)
        last_end = end if last_end is None else max(last_end, end)
    if first is None or last_end is None:
        return None, None, 0
    return first, last_end - first, count


def _measure(container: Any, stream: Any) -> tuple[float | None, float | None, int]:
    """First timestamp, length and frame count of a stream: from the MP4/MOV index when
    it has them (exact, edit lists applied, and instant), else from the packets."""
    indexed = "mp4" in container.format.name and stream.frames and stream.duration
    if indexed and stream.start_time is not None and stream.time_base:
        tb = stream.time_base
        return float(stream.start_time * tb), float(stream.duration * tb), int(stream.frames)
    container.seek(0)
    return _span(container, stream)


def inspect_output(path: str) -> OutputInfo:
    """Codecs, shown size, rotation and stream lengths of ``path`` (raises PyAV's errors
    for a file that does not open: a finished output that does not open is a failure)."""
    info = OutputInfo(size=os.path.getsize(path), duration=None)
    with _open(path) as container:
        info.duration = container.duration / 1_000_000 if container.duration else None
        video = next((s for s in container.streams.video if not s.disposition & 1024), None)
        audio = next(iter(container.streams.audio), None)
        if video is not None:
            info.video_codec = codec_name(video)
            info.rotation = _rotation(path, container, video)
            w, h = int(video.codec_context.width), int(video.codec_context.height)
            info.width, info.height = (h, w) if info.rotation % 180 else (w, h)
            info.video_start, info.video_duration, info.frames = _measure(container, video)
        if audio is not None:
            info.audio_codec = codec_name(audio)
            info.sample_rate = int(audio.codec_context.sample_rate or 0)
            info.channels = _channels(audio.codec_context)
            _, info.audio_duration, _ = _measure(container, audio)
    return info
