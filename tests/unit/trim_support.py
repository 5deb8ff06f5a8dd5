"""Helpers for the trim tests: tiny clips made with lavfi, flash and beep detectors that
measure sync, and the ffmpeg stub's launcher."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from array import array
from pathlib import Path

import av
from PIL import ImageStat

from media.tools import find_ffmpeg

FFMPEG = find_ffmpeg()
STUB = Path(__file__).with_name("ffmpeg_stub.py")
RECORDED = Path(__file__).with_name("ffmpeg_output")


def _enable(times: tuple[float, ...], length: float) -> str:
    return "+".join(f"between(t,{t},{t + length})" for t in times) or "0"


def lavfi_clip(
    path: Path,
    seconds: float = 8.0,
    *,
    size: str = "320x240",
    rate: int = 25,
    gop: int = 50,
    audio: bool = True,
    flashes: tuple[float, ...] = (3.0, 6.2),
    vfr: bool = False,
) -> Path:
    """A test clip: ``testsrc2`` with whole white frames at ``flashes`` and a 1 kHz beep
    starting at the same instants (louder than the quiet tone under it, so loudness
    normalisation runs in linear mode); a keyframe every ``gop`` frames and no others.
    ``vfr`` drops every other frame between 1 s and 2 s, as a phone does in low light."""
    video = (
        f"testsrc2=size={size}:rate={rate}:duration={seconds},"
        f"drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:"
        f"enable='{_enable(flashes, 1.5 / rate)}'"
    )
    if vfr:
        video += ",select='not(between(t,1,2)*mod(n,2))'"
    cmd = [FFMPEG, "-hide_banner", "-v", "error", "-y", "-f", "lavfi", "-i", video]
    if audio:
        tone = (
            f"sine=frequency=1000:sample_rate=48000:duration={seconds}:samples_per_frame=480,"
            f"volume=volume='0.04+0.06*mod(t,4)/4+0.15*({_enable(flashes, 0.1)})':eval=frame"
        )
        cmd += ["-f", "lavfi", "-i", tone]
    cmd += [
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        "-x264-params", f"keyint={gop}:min-keyint={gop}:scenecut=0",
    ]  # fmt: skip
    if vfr:
        cmd += ["-fps_mode", "vfr"]
    if audio:
        cmd += ["-c:a", "aac", "-b:a", "96k", "-shortest"]
    subprocess.run([*cmd, str(path)], check=True, capture_output=True)
    return path


def flash_times(path: Path | str) -> list[float]:
    """When a white frame starts being shown (seconds, from the file's timestamps)."""
    found, previous = [], False
    with av.open(str(path)) as container:
        for frame in container.decode(container.streams.video[0]):
            small = frame.to_image(width=32, height=32)  # decoding is the cost, not the size
            white = ImageStat.Stat(small.convert("L")).mean[0] > 235
            if white and not previous:
                found.append(round(frame.time, 4))
            previous = white
    return found


def beep_times(path: Path | str, window: float = 0.001) -> list[float]:
    """When a beep starts (seconds): the first millisecond louder than half the peak."""
    samples: list[tuple[float, array[int]]] = []
    with av.open(str(path)) as container:
        resampler = av.AudioResampler(format="s16", layout="mono", rate=48000)
        for frame in container.decode(container.streams.audio[0]):
            for out in resampler.resample(frame):
                samples.append((out.time, array("h", bytes(out.planes[0])[: out.samples * 2])))
    peak = max((max(abs(min(a)), max(a)) for _, a in samples if len(a)), default=0)
    step = int(48000 * window)
    found, previous = [], False
    for start, chunk in samples:
        for i in range(0, len(chunk), step):
            part = chunk[i : i + step]
            loud = max(abs(min(part)), max(part)) > peak / 2
            if loud and not previous:
                found.append(round(start + i / 48000, 4))
            previous = loud
    return found


def stub_executable(folder: Path, name: str = "ffmpeg") -> str:
    """An executable called ``name`` in ``folder`` that runs ``ffmpeg_stub.py`` (``exec``,
    so signals reach the stub itself)."""
    folder.mkdir(parents=True, exist_ok=True)
    wrapper = folder / name
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{STUB}" "$@"\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return str(wrapper)


def leftovers(folder: Path) -> list[str]:
    """Names in ``folder`` that a failed or cancelled run must not leave behind."""
    return sorted(n for n in os.listdir(folder) if n.startswith(".cobertura-tmp-"))
