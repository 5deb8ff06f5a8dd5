"""Still candidates from a video clip: a few sharp frames taken while the camera was steady.

The clip is sampled at ``SAMPLES`` points: at each, the keyframe at or before it (the
best-coded frame, and the cheapest to reach) and a frame a moment later are decoded
small. The shift between the two (phase correlation) says whether the camera was
panning; the keyframe is scored like a photo. The best steady frames, apart in time,
are the clip's stills, named ``clip.mp4#t=12.50`` (a media-fragment time).
"""

from __future__ import annotations

import logging
import math
import os
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import xxhash

from media.decode_small import WORK_SIZE, DecodeFailed
from media.frames import clip_origin
from media.models import ProblemType
from media.scores import PhotoScore, score_picture

log = logging.getLogger(__name__)

STILLS_PER_CLIP = 3
SAMPLES = 12
MOTION_GAP = 0.12  # seconds between the two frames compared for camera motion
PAN_SPEED = 0.25  # frame widths per second: faster than this is a pan or a shake
MAX_FRAMES_PER_SAMPLE = 12  # frames decoded after a keyframe before giving up
_CHUNK = 64 * 1024
_CHUNKS = 32


@dataclass
class Still:
    """A frame of a clip offered as a photo: its time in the clip, scores and motion."""

    t: float  # seconds from the start of the clip
    score: PhotoScore
    motion: float  # camera motion, frame widths per second

    def to_json(self) -> dict[str, Any]:
        return {"t": self.t, "motion": self.motion, "score": self.score.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Still:
        return cls(float(data["t"]), PhotoScore.from_json(data["score"]), float(data["motion"]))


def still_key(shown: str, t: float) -> str:
    """How a still is named in reports: the clip's path and a media-fragment time, in
    hundredths rounded up, so that the frame shown at that time is the still itself
    (rounded down, it could name the frame before)."""
    return f"{shown}#t={math.ceil(round(t * 100, 6)) / 100:.2f}"


def sampled_digest(path: str) -> str:
    """A content hash of a clip from its size and evenly spaced chunks ("s:" + xxh3-128):
    hashing every byte of a 4 GB clip just to find its cached stills costs too much."""
    size = os.path.getsize(path)
    hasher = xxhash.xxh3_128(str(size).encode("ascii"))
    with open(path, "rb") as fh:
        for i in range(_CHUNKS):
            fh.seek(max(0, (size - _CHUNK) * i // max(1, _CHUNKS - 1)))
            hasher.update(fh.read(_CHUNK))
    return "s:" + hasher.hexdigest()


def video_stills(path: str, count: int = STILLS_PER_CLIP) -> list[Still]:
    """The clip's best steady frames (at most ``count``), best first.

    Raises ``DecodeFailed`` when the clip has no decodable video.
    """
    import av

    try:
        with av.open(path, metadata_errors="ignore") as container:
            if not container.streams.video:
                raise DecodeFailed(ProblemType.NOT_MEDIA, "el archivo no tiene video")
            stream = container.streams.video[0]
            stream.codec_context.thread_type = "AUTO"
            duration = _duration(container, stream)
            samples = _samples(container, stream, duration, clip_origin(container))
    except DecodeFailed:
        raise
    except Exception as exc:  # FFmpeg raises many kinds on damaged input
        raise DecodeFailed(ProblemType.CORRUPT, f"video dañado: {type(exc).__name__}") from exc
    if not samples:
        raise DecodeFailed(ProblemType.CORRUPT, "ningún fotograma se pudo leer")
    return _choose(samples, duration, count)


def _duration(container: Any, stream: Any) -> float:
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return float(container.duration) / 1_000_000
    return 0.0


def _samples(container: Any, stream: Any, duration: float, origin: float) -> list[Still]:
    """Score the keyframe nearest each sample point (one per keyframe). Times are from
    the clip's first timestamp ``origin`` (an MPEG-TS clip starts a second or more in)."""
    found: dict[float, Still] = {}
    points = [duration * (i + 0.5) / SAMPLES for i in range(SAMPLES)] if duration > 0 else [0.0]
    # The start again at the end: MPEG-TS seeks by a byte estimate and can land past a
    # short clip's only keyframe, which only a read from the first byte finds.
    for point in [*points, None]:
        if point is None and found:
            break
        try:
            if point is None:
                container.seek(0)
            elif point > 0:
                target = origin + point
                container.seek(int(target / stream.time_base), stream=stream, backward=True)
            pair = _frame_pair(container, stream)
        except Exception as exc:  # one bad stretch of a clip: try the next point
            log.debug("sample at %s s of a clip: %r", point, exc)
            continue
        if pair is None:
            continue
        start, first, later, gap, (width, height) = pair
        t = max(0.0, start - origin)
        if round(t, 2) in found:
            continue
        motion = _motion(first, later, gap)
        score = score_picture(first, width, height)
        found[round(t, 2)] = Still(round(t, 6), score, motion)
    return list(found.values())


_Pair = tuple[float, np.ndarray, np.ndarray, float, tuple[int, int]]


def _frame_pair(container: Any, stream: Any) -> _Pair | None:
    """(time, first frame, a frame MOTION_GAP later, their gap, the frame's real size)
    from the current position of the demuxer."""
    first: np.ndarray | None = None
    start = 0.0
    size = (0, 0)
    for count, frame in enumerate(container.decode(stream)):
        if frame.time is None:
            continue
        if first is None:
            first, start = _upright_small(frame), float(frame.time)
            turned = first.shape[0] > first.shape[1] and frame.height < frame.width
            size = (frame.height, frame.width) if turned else (frame.width, frame.height)
            continue
        gap = float(frame.time) - start
        if gap >= MOTION_GAP or count >= MAX_FRAMES_PER_SAMPLE:
            return start, first, _upright_small(frame), max(gap, 1e-3), size
    return (start, first, first, 1.0, size) if first is not None else None


def _upright_small(frame: Any) -> np.ndarray:
    scale = WORK_SIZE / max(frame.width, frame.height)
    width = max(2, round(frame.width * min(1.0, scale)))
    height = max(2, round(frame.height * min(1.0, scale)))
    rgb = frame.reformat(width=width, height=height, format="rgb24").to_ndarray()
    rotation = int(round(getattr(frame, "rotation", 0) or 0)) % 360
    if rotation:  # the display matrix angle is counter-clockwise, like np.rot90
        rgb = np.rot90(rgb, rotation // 90)
    return np.ascontiguousarray(rgb)


def _motion(first: np.ndarray, later: np.ndarray, gap: float) -> float:
    """How fast the picture moved between two frames, in frame widths per second."""
    if first is later:
        return 0.0
    a = cv2.cvtColor(first, cv2.COLOR_RGB2GRAY).astype(np.float32)
    b = cv2.cvtColor(later, cv2.COLOR_RGB2GRAY).astype(np.float32)
    window = cv2.createHanningWindow((a.shape[1], a.shape[0]), cv2.CV_32F)
    (dx, dy), _ = cv2.phaseCorrelate(a, b, window)
    return float(np.hypot(dx, dy) / a.shape[1] / gap)


def _choose(samples: list[Still], duration: float, count: int) -> list[Still]:
    """The best steady frames, at least a sixth of the clip apart."""
    for still in samples:
        steady = still.motion <= PAN_SPEED
        still.score.total *= 0.9 if steady else 0.9 * PAN_SPEED / still.motion
        words = [f"fotograma de video ({still.t:.1f} s)".replace(".", ",")]
        if not steady:
            words.append("cámara en movimiento")
        still.score.why = " · ".join(words + [still.score.why])
    apart = duration / 6 if duration > 0 else 0.0
    chosen: list[Still] = []
    for still in sorted(samples, key=lambda s: -s.score.total):
        if all(abs(still.t - other.t) >= apart for other in chosen):
            chosen.append(still)
        if len(chosen) == count:
            break
    return chosen
