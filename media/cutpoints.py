"""Where a cut can really start: keyframes and frame times near a requested start.

A stream copy can only start on a keyframe; a re-encode can start on any frame. Both
are found here by reading packets (never decoding) around the requested time, so a
long clip costs one group of pictures, not a pass over the whole file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from media.clipinfo import ClipInfo, ClipProblem, open_media
from media.models import ProblemType

SCAN_AHEAD = 30.0  # seconds read past the start looking for the next keyframe
_BACKOFFS = (0.0, 2.0, 10.0, 60.0)  # how far before the start each seek tries
_REORDER = 8  # packets read past the next keyframe: B-frames shown before it come after it


@dataclass(frozen=True)
class CutPoints:
    """Times in seconds from the clip's start (as players and the command line count)."""

    requested: float
    keyframe: float  # the keyframe at or before ``requested`` (else the first keyframe)
    first_frame: float  # the first frame at or after ``requested``
    next_keyframe: float | None  # the first keyframe after ``requested``, if one is near

    @property
    def on_keyframe(self) -> bool:
        return abs(self.keyframe - self.first_frame) < 1e-6


def _packets(container: Any, stream: Any, target: float, until: float) -> list[tuple[float, bool]]:
    """(time, is_keyframe) of the stream's packets from where the container is now, in
    presentation order, up to the first keyframe past ``target`` (and a few packets more,
    for frames the decoder reorders), or up to ``until`` when no keyframe comes first."""
    found: list[tuple[float, bool]] = []
    after_next_key = -1
    for packet in container.demux(stream):
        ts = packet.pts if packet.pts is not None else packet.dts
        if ts is None:
            continue
        t = float(ts * packet.time_base)
        found.append((t, bool(packet.is_keyframe)))
        if after_next_key >= 0:
            after_next_key += 1
        elif packet.is_keyframe and t > target + 1e-6:
            after_next_key = 0
        if after_next_key >= _REORDER or t > until:
            break
    found.sort()
    return found


def _scan(
    container: Any, index: int, seek_to: float | None, target: float, until: float
) -> list[tuple[float, bool]]:
    stream = container.streams[index]
    if seek_to is None:
        container.seek(0)
    else:
        offset = int(seek_to / (stream.time_base or 1))
        container.seek(offset, stream=stream, backward=True, any_frame=False)
    return _packets(container, stream, target, until)


def find_cut_points(clip: ClipInfo, start: float, container: Any = None) -> CutPoints:
    """The keyframe at or before ``start``, the first frame at or after it and the next
    keyframe, all in seconds from the clip's start. Seeks near the start and reads
    forward, backing off further when a seek lands past the start (MPEG-TS seeks by
    byte estimate); falls back to reading from the beginning where seeking fails.
    Reads ``container`` when given (it stays open), else opens the clip."""
    if container is None:
        with open_media(clip.path) as own:
            return find_cut_points(clip, start, own)
    if clip.video is None:
        raise ClipProblem(ProblemType.NOT_MEDIA, "no tiene video")
    origin = clip.start_time
    target = origin + start
    until = target + SCAN_AHEAD
    packets: list[tuple[float, bool]] = []
    for backoff in _BACKOFFS:
        seek_to = target - backoff
        if seek_to <= origin:
            break
        try:
            packets = _scan(container, clip.video.index, seek_to, target, until)
        except Exception:  # some files refuse to seek (PyAV: "Operation not permitted")
            packets = []
            break
        if any(key and t <= target + 1e-6 for t, key in packets):
            break
        packets = []
    if not packets:
        try:
            packets = _scan(container, clip.video.index, None, target, until)
        except Exception:
            packets = _read_from_start(clip, target, until)
    if not packets:
        raise ClipProblem(
            ProblemType.TRUNCATED,
            "el archivo no tiene imágenes (solo el encabezado, o está cortado)",
        )
    keys = [t for t, key in packets if key]
    if not keys:
        raise ClipProblem(ProblemType.TRUNCATED, "no hay ningún cuadro clave cerca del inicio")
    before = [t for t in keys if t <= target + 1e-6]
    keyframe = before[-1] if before else keys[0]
    frames_after = [t for t, _ in packets if t >= target - 1e-6 and t >= keyframe]
    first_frame = frames_after[0] if frames_after else keyframe
    after = [t for t in keys if t > target + 1e-6]
    return CutPoints(
        requested=start,
        keyframe=max(keyframe - origin, 0.0),
        first_frame=max(first_frame - origin, 0.0),
        next_keyframe=after[0] - origin if after else None,
    )


def _read_from_start(clip: ClipInfo, target: float, until: float) -> list[tuple[float, bool]]:
    """The packets of a freshly opened clip, for containers that cannot seek back."""
    assert clip.video is not None
    try:
        with open_media(clip.path) as container:
            stream = container.streams[clip.video.index]
            return _packets(container, stream, target, until)
    except ClipProblem:
        raise
    except Exception as exc:  # PyAV's errors for damaged data
        raise ClipProblem(ProblemType.CORRUPT, f"no se pueden leer los cuadros: {exc}") from exc
