"""Pictures of a clip for the desktop app: a poster frame, a strip of frames and the
sound's waveform, decoded in-process with PyAV and drawn with Pillow (no numpy).

Every picture is shown the way a player shows it: the display matrix of a phone clip
is applied, so a portrait iPhone clip comes out portrait. ``exact=False`` returns the
keyframe at or before the time asked, which costs one decoded frame and suits a
scrubbing slider; ``exact=True`` decodes on to the frame shown at that time.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator
from typing import Any

from PIL import Image, ImageDraw

from media.ffargs import media_path

_TRANSPOSE = {
    90: Image.Transpose.ROTATE_90,  # display matrices turn counter-clockwise
    -90: Image.Transpose.ROTATE_270,
    270: Image.Transpose.ROTATE_270,
    180: Image.Transpose.ROTATE_180,
    -180: Image.Transpose.ROTATE_180,
}


class NoPicture(Exception):
    """Nothing to draw: the file does not open, or has no picture (no sound, for a
    waveform) at the time asked. The text is for people."""


def open_clip(path: str) -> Any:
    """The container of ``path``; :class:`NoPicture` when it does not open."""
    import av

    try:
        return av.open(media_path(path), metadata_errors="ignore")
    except Exception as exc:  # PyAV's errors for missing, empty or damaged files
        raise NoPicture(f"no se puede abrir: {exc}") from exc


def video_stream(container: Any) -> Any:
    """The clip's picture stream (never a cover image); :class:`NoPicture` without one."""
    for stream in container.streams.video:
        if not stream.disposition & 1024:  # attached_pic: cover art, not the clip
            return stream
    raise NoPicture("el archivo no tiene video")


def to_image(
    frame: Any, max_size: tuple[int, int] | None, rotation: float | None = None
) -> Image.Image:
    """The frame as an RGB picture, upright (the clip's display matrix applied: a portrait
    phone clip gives a portrait picture), no larger than ``max_size`` (as shown); full size
    when ``max_size`` is None. ``rotation``: the display matrix's angle when ``frame`` came
    out of a filter that dropped it."""
    rotation = int(round(frame.rotation if rotation is None else rotation or 0))
    turned = rotation % 180 != 0
    width, height = frame.width, frame.height
    if max_size is not None:
        box_w, box_h = (max_size[1], max_size[0]) if turned else max_size
        factor = min(box_w / width, box_h / height, 1.0)
        width, height = max(2, round(width * factor)), max(2, round(height * factor))
    image: Image.Image = frame.to_image(width=width, height=height)
    transpose = _TRANSPOSE.get(rotation)
    return image.transpose(transpose) if transpose is not None else image


def _decode_to(container: Any, stream: Any, target: float, exact: bool) -> Any:
    shown = None
    for frame in container.decode(stream):
        if frame.time is None:
            continue
        if not exact or shown is None and frame.time > target:
            return frame
        if frame.time > target + 1e-6:
            break
        shown = frame
    return shown


def clip_origin(container: Any) -> float:
    """Seconds of the clip's first timestamp: a frame's ``time`` minus this is its time
    from the clip's start (MPEG-TS clips start around a second or more)."""
    return (container.start_time or 0) / 1_000_000


def frame_at(container: Any, stream: Any, at: float, exact: bool) -> Any:
    """The frame a player shows at ``at`` seconds from the clip's start (exact), or the
    keyframe at or before it. A seek that finds nothing (MPEG-TS seeks by byte estimate
    and can land past the only keyframe) is retried from the start, decoding every frame."""
    target = clip_origin(container) + max(at, 0.0)
    try:
        container.seek(int(target / stream.time_base), stream=stream, backward=True)
        found = _decode_to(container, stream, target, exact)
    except Exception:  # files that refuse to seek, or damaged data after the seek point
        found = None
    if found is None:
        try:
            container.seek(0)
            stream.codec_context.skip_frame = "DEFAULT"
            found = _decode_to(container, stream, target, exact)
        except Exception as exc:  # PyAV's errors: damaged data, or a file that cannot seek
            raise NoPicture(f"no se puede decodificar: {exc}") from exc
    if found is None:
        raise NoPicture(f"no hay imagen en {at:.3f} s")
    return found


def deinterlaced(container: Any, stream: Any, frame: Any) -> Any:
    """``frame`` (as ``frame_at`` found it) with its two fields made one picture by
    FFmpeg's yadif, which looks at the frames before and after it, so that an interlaced
    camcorder clip (AVCHD 50i/60i) gives a photo without combs on what moved. The frame
    itself when it is not interlaced, or when the filter cannot be run on this clip."""
    import av

    if not frame.interlaced_frame:
        return frame
    try:
        graph = av.filter.Graph()
        source = graph.add_buffer(template=stream)
        weave = graph.add("yadif", "mode=send_frame:parity=auto:deint=interlaced")
        sink = graph.add("buffersink")
        source.link_to(weave)
        weave.link_to(sink)
        graph.configure()
        for decoded in _frames_around(container, stream, frame.pts):
            source.push(decoded)
            woven = _woven(sink, frame)
            if woven is not None:
                return woven
            if decoded.time is not None and decoded.time > frame.time + 1e-6:
                break
        source.push(None)  # the end of the clip, or the frame after it is in: flush
        woven = _woven(sink, frame)
    except Exception:  # a filter FFmpeg lacks, or damaged data after the frame
        return frame
    return woven if woven is not None else frame


def _frames_around(container: Any, stream: Any, pts: int) -> Iterator[Any]:
    """The clip's frames from the keyframe at or before ``pts`` on; from the first frame
    when that seek finds none (MPEG-TS seeks by a byte estimate and can land past a short
    clip's only keyframe)."""
    container.seek(pts, stream=stream, backward=True)
    found = False
    for decoded in container.decode(stream):
        found = True
        yield decoded
    if not found:
        container.seek(0)
        yield from container.decode(stream)


def _woven(sink: Any, frame: Any) -> Any:
    """What yadif has ready, until the picture of ``frame`` (None when it is not out yet)."""
    import av

    while True:
        try:
            out = sink.pull()
        except (av.error.BlockingIOError, av.error.EOFError):
            return None
        if out.time is not None and abs(float(out.time) - float(frame.time)) < 1e-6:
            return out


def poster_frame(
    path: str, at: float, max_size: tuple[int, int] | None = (640, 640), exact: bool = True
) -> Image.Image:
    """The picture shown at ``at`` seconds, upright, fitted into ``max_size``. Raises
    :class:`NoPicture` for a file that does not open or has no frames."""
    with open_clip(path) as container:
        stream = video_stream(container)
        stream.thread_type = "AUTO"
        return to_image(frame_at(container, stream, at, exact), max_size)


def frame_strip(path: str, count: int, height: int = 90, exact: bool = False) -> list[Image.Image]:
    """``count`` pictures spread evenly over the clip (the middle of each slice), each
    ``height`` pixels high, upright. Keyframes by default: fast enough to redraw while
    the editor drags."""
    if count < 1:
        return []
    with open_clip(path) as container:
        stream = video_stream(container)
        stream.thread_type = "AUTO"
        if not exact:
            stream.codec_context.skip_frame = "NONKEY"
        duration = (container.duration or 0) / 1_000_000
        images = []
        for i in range(count):
            frame = frame_at(container, stream, (i + 0.5) * duration / count, exact)
            images.append(to_image(frame, (height * 4, height)))
        return images


def strip_image(images: list[Image.Image], gap: int = 2) -> Image.Image:
    """The pictures side by side on black, as one image (a filmstrip)."""
    if not images:
        return Image.new("RGB", (1, 1))
    width = sum(im.width for im in images) + gap * (len(images) - 1)
    strip = Image.new("RGB", (width, max(im.height for im in images)))
    x = 0
    for im in images:
        strip.paste(im, (x, 0))
        x += im.width + gap
    return strip


def _mono_samples(container: Any, stream: Any, rate: int) -> Iterator[array[int]]:
    import av

    resampler = av.AudioResampler(format="s16", layout="mono", rate=rate)
    for frame in container.decode(stream):
        for out in resampler.resample(frame):
            yield array("h", bytes(out.planes[0])[: out.samples * 2])
    for out in resampler.resample(None):
        yield array("h", bytes(out.planes[0])[: out.samples * 2])


def waveform_peaks(path: str, buckets: int, rate: int = 8000) -> list[tuple[float, float]]:
    """The lowest and highest sample (-1..1) in each of ``buckets`` equal slices of the
    first sound track, read at ``rate`` Hz mono. Raises :class:`NoPicture` without sound."""
    with open_clip(path) as container:
        if not container.streams.audio:
            raise NoPicture("el archivo no tiene audio")
        stream = container.streams.audio[0]
        duration = (container.duration or 0) / 1_000_000
        per_bucket = max(1, math.ceil(duration * rate / max(buckets, 1)))
        peaks: list[tuple[float, float]] = []
        low, high, filled = 0, 0, 0
        for samples in _mono_samples(container, stream, rate):
            at = 0
            while at < len(samples):
                take = samples[at : at + per_bucket - filled]
                low, high = min(low, min(take)), max(high, max(take))
                filled += len(take)
                at += len(take)
                if filled == per_bucket:
                    peaks.append((low / 32768, high / 32767))
                    low, high, filled = 0, 0, 0
        if filled:
            peaks.append((low / 32768, high / 32767))
    peaks = peaks[:buckets]
    return peaks + [(0.0, 0.0)] * (buckets - len(peaks))


def waveform_image(
    path: str,
    width: int = 800,
    height: int = 120,
    color: tuple[int, int, int] = (64, 160, 255),
    background: tuple[int, int, int] = (24, 24, 24),
) -> Image.Image:
    """The sound's waveform, one column per pixel, centred on a horizontal axis."""
    peaks = waveform_peaks(path, width)
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    middle = (height - 1) / 2
    for x, (low, high) in enumerate(peaks):
        top, bottom = middle - high * middle, middle - low * middle
        draw.line([(x, round(top)), (x, round(bottom))], fill=color)
    return image
