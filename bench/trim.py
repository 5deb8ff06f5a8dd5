"""Trim benchmark: prints one JSON object.

    python bench/trim.py [--seconds 60] [--repeat 9] [--keep DIR]

Makes a 1080p30 H.264 + AAC clip of ``--seconds`` from ffmpeg's ``testsrc2`` and ``sine``
sources in a temporary folder, then times, in the same run:

- a lossless 45 s cut through the trim stage (probe, keyframe search, ffmpeg, rename,
  measuring the output) against the bare ffmpeg command with the same arguments,
  alternating the two ``--repeat`` times after a warm-up; the target is a ratio of the
  medians of at most 1.1;
- an accurate (re-encoded) cut of the same 45 s;
- a reels export (1080x1920, blurred background, two-pass loudness) of the same 45 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from media.clipinfo import probe_clip  # noqa: E402
from media.tools import find_ffmpeg  # noqa: E402
from media.trim import TrimOptions, TrimResult, trim  # noqa: E402
from media.trim_args import lossless_args  # noqa: E402

START, END = 7.3, 52.3  # 45 s, starting between two keyframes (one every 2 s)


def make_source(ffmpeg: str, path: Path, seconds: float) -> float:
    """Write the test clip; returns how long that took."""
    began = time.perf_counter()
    subprocess.run(
        [
            ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=30:duration={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "60", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "128k", "-shortest", str(path),
        ],
        check=True,
    )  # fmt: skip
    return time.perf_counter() - began


def timed_trim(src: Path, out: Path, options: TrimOptions) -> tuple[float, TrimResult]:
    out.unlink(missing_ok=True)
    began = time.perf_counter()
    result = trim(str(src), str(out), options)
    elapsed = time.perf_counter() - began
    if not result.ok:
        raise SystemExit(f"trim failed: {result.problems}")
    return elapsed, result


def timed_bare(cmd: list[str], out: Path) -> float:
    out.unlink(missing_ok=True)
    began = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True)
    return time.perf_counter() - began


def summary(result: TrimResult) -> dict[str, object]:
    info = result.info
    assert info is not None
    return {
        "start": result.start,
        "end": round(result.end or 0, 6),
        "width": info.width,
        "height": info.height,
        "frames": info.frames,
        "size_bytes": info.size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep the files")
    args = parser.parse_args()
    ffmpeg = find_ffmpeg()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="cobertura-bench-trim-"))
    folder.mkdir(parents=True, exist_ok=True)
    src = folder / "fuente 1080p.mp4"
    generated = make_source(ffmpeg, src, args.seconds)

    stage_out, bare_out = folder / "lossless.mp4", folder / "bare.mp4"
    clip = probe_clip(str(src))
    assert clip.video is not None
    _, first = timed_trim(src, stage_out, TrimOptions(start=START, end=END))  # warm-up
    bare_cmd = lossless_args(ffmpeg, str(src), str(bare_out), clip.video.index,
                             first.start or 0.0, END)  # fmt: skip
    timed_bare(bare_cmd, bare_out)  # warm-up
    stage_times, bare_times = [], []
    for _ in range(args.repeat):
        stage_times.append(timed_trim(src, stage_out, TrimOptions(start=START, end=END))[0])
        bare_times.append(timed_bare(bare_cmd, bare_out))
    ratio = statistics.median(stage_times) / statistics.median(bare_times)
    best_ratio = min(stage_times) / min(bare_times)  # steadier on a busy machine

    accurate_s, accurate = timed_trim(src, folder / "accurate.mp4",
                                      TrimOptions(start=START, end=END, accurate=True))  # fmt: skip
    reels_s, reels = timed_trim(src, folder / "reels.mp4",
                                TrimOptions(start=START, end=END, preset="reels"))  # fmt: skip
    report = {
        "benchmark": "trim",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None},
        "ffmpeg": ffmpeg,
        "source": {"seconds": args.seconds, "size": "1920x1080", "fps": 30,
                   "bytes": src.stat().st_size, "generated_in_s": round(generated, 2)},
        "cut": {"requested_start": START, "requested_end": END},
        "lossless": {
            "stage_s": [round(t, 4) for t in stage_times],
            "bare_ffmpeg_s": [round(t, 4) for t in bare_times],
            "median_stage_s": round(statistics.median(stage_times), 4),
            "median_bare_ffmpeg_s": round(statistics.median(bare_times), 4),
            "ratio": round(ratio, 3),
            "ratio_of_best_runs": round(best_ratio, 3),
            "target_ratio": 1.1,
            "within_target": ratio <= 1.1,
            "output": summary(first),
        },
        "accurate": {"seconds": round(accurate_s, 2), "output": summary(accurate)},
        "reels": {
            "seconds": round(reels_s, 2),
            "realtime_factor": round((END - START) / reels_s, 3),
            "loudness": reels.loudness,
            "output": summary(reels),
        },
        "folder": str(folder) if args.keep else None,
    }  # fmt: skip
    print(json.dumps(report, ensure_ascii=False))
    if not args.keep:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
