"""Benchmark of photo scoring for ``pick``: prints one JSON object.

It writes 24-megapixel JPEGs (6000×4000) in a temporary folder, made of the real sample
photos scaled up, a gradient and grain (each file distinct, so no score is reused),
in three kinds:

- ``camera``: what a camera's card holds — the picture and the 160×120 Exif thumbnail
  that DCF cameras and phones write (Canon, Nikon, Fujifilm, phones), letterboxed;
- ``bare``: the picture alone, as Pillow or an editor's export writes it;
- ``mpf``: the picture with a 1616×1080 MPF preview, as Sony cameras write it (Nikon
  writes 640×424), which the pipeline decodes instead;
- ``dense``: ``camera`` saved the way DSLRs (Canon, Nikon, Sony) save a "fine" JPEG:
  quality 95 and colour halved only across (4:2:2) instead of quality 90 and 4:2:0, about
  half as many bytes again, to show how the time follows the bytes libjpeg must read.

It then measures in the same run, ``--rounds`` times for ``camera`` and ``bare`` (the
machine is shared: the figures are the medians, each round's are listed):

- the greyscale 1/8 decode alone of the camera files: the floor under the pick run on
  this machine at this moment (also as compressed megabytes per second);
- the pick run on each kind as ``pick --folder`` does it (read, content hash, capture
  time, JPEG decode at 1/8 — in greyscale with the thumbnail's colour for ``camera`` —,
  sharpness, exposure; grouping; faces in each group's best frame; picks), cache off.
  ``faces_checked`` says in how many photos faces were looked for: one per group, and
  the photos repeat ``--distinct`` pictures (at most 8 different ones);
- ``faces_everywhere``: the camera photos scored with faces looked for in every one, as
  if each photo were a moment of its own (the worst case for the pick run);
- ``full``: the same scoring after a full-size decode of the camera JPEGs;
- peak memory (RSS) of a run over N photos and over 3N photos, each in its own process.

    python bench/pick.py [--photos N] [--distinct K] [--workers W] [--megapixels MP]
                         [--rounds R] [--keep DIR] [--folder DIR]

``--folder DIR`` measures the JPEGs of a real card or folder instead (the first N, and 3N
for memory, found below DIR): the camera figures only, on the office's own cameras.

``targets`` says whether the issue's figures are met on camera JPEGs: 40 photos per
second, five times faster than after a full decode, memory flat (3N photos within 20 %
of N); ``bare_photos_per_second_ok`` says the same of files without any thumbnail (None with
``--folder``, which measures only the folder's own files; ``memory_flat_ok`` is None when
the folder has no more than N photos).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from statistics import median

import cv2
import numpy as np
import xxhash
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from media.dcf_exif import dcf_thumbnail, exif_with_thumbnail, insert_exif  # noqa: E402
from media.decode_score import decode_for_scoring  # noqa: E402
from media.decode_small import DecodeFailed, decode_reduced  # noqa: E402
from media.models import Kind  # noqa: E402
from media.pick_run import pick_files  # noqa: E402
from media.score_cache import ScoreCache  # noqa: E402
from media.scores import score_picture  # noqa: E402
from media.scoring import (  # noqa: E402
    Candidate,
    default_workers,
    opencv_alone,
    score_candidates,
)

WIDTH, HEIGHT = 6000, 4000  # changed by --megapixels (3:2)
SOURCES = (
    "blur/honor7x_176_S_sharp.jpg",
    "burst/nikon_d70s_burst_2.jpg",
    "jpeg/samsung_sm-g965w_12mp.jpg",
    "jpeg/sony_dsc-hx5v_gps.jpg",
    "jpeg/htc_desire_gps.jpg",
    "jpeg/canon_powershot_a85_orient8.jpg",
    "jpeg/apple_iphone4_gps.jpg",
    "jpeg/edge_bogus_make_model_gps_zero.jpg",
)


def samples_dir() -> Path:
    for candidate in (os.environ.get("COBERTURA_SAMPLES"), ROOT.parent / "shared" / "samples"):
        if candidate and (Path(candidate) / "truth.json").is_file():
            return Path(candidate)
    return Path("/work/shared/samples")


KINDS = ("camera", "bare", "mpf", "dense")
PROBLEMS: set[str] = set()  # files a pick run could not score (none among the made ones)


def make_photos(folder: Path, count: int, distinct: int) -> dict[str, list[Path]]:
    """``count`` 24 MP JPEGs of each kind (``KINDS``) in ``folder``/KIND. ``distinct``
    pictures; the other files repeat them with a few different bytes after the end of the
    image, so every file has its own hash."""
    rng = np.random.default_rng(7)
    grain = rng.normal(0, 3.0, (512, 512, 3)).astype(np.int16)
    for kind in KINDS:
        (folder / kind).mkdir(parents=True, exist_ok=True)
    encoded: list[tuple[bytes, ...]] = []
    for i in range(distinct):
        source = samples_dir() / "photos" / SOURCES[i % len(SOURCES)]
        rgb = decode_reduced(str(source), size=2048).rgb
        big = cv2.resize(rgb, (WIDTH, HEIGHT), interpolation=cv2.INTER_CUBIC).astype(np.int16)
        big += np.tile(grain, (HEIGHT // 512 + 1, WIDTH // 512 + 1, 1))[:HEIGHT, :WIDTH]
        ramp = np.linspace(-12, 12, WIDTH, dtype=np.float32)[None, :, None]
        big += (ramp * (1 if i % 2 else -1)).astype(np.int16)
        image = Image.fromarray(np.clip(big, 0, 255).astype(np.uint8))
        preview = image.resize((1616, 1616 * HEIGHT // WIDTH), Image.Resampling.BILINEAR)
        bare, mpf, fine = io.BytesIO(), io.BytesIO(), io.BytesIO()
        image.save(bare, "JPEG", quality=90)
        image.save(mpf, "MPO", quality=90, save_all=True, append_images=[preview])
        image.save(fine, "JPEG", quality=95, subsampling=1)  # 1: 4:2:2
        exif = exif_with_thumbnail(dcf_thumbnail(image))
        camera = insert_exif(bare.getvalue(), exif)
        dense = insert_exif(fine.getvalue(), exif)
        encoded.append((camera, bare.getvalue(), mpf.getvalue(), dense))
    paths: dict[str, list[Path]] = {kind: [] for kind in KINDS}
    for i in range(count):
        tail = f"cobertura-bench-{i}".encode("ascii")
        for k, kind in enumerate(KINDS):
            path = folder / kind / f"DSC_{i:04d}.JPG"
            path.write_bytes(encoded[i % distinct][k] + tail)
            paths[kind].append(path)
    return paths


def own_jpegs(folder: Path) -> list[Path]:
    """The JPEGs below ``folder``, in name order (what ``--folder`` measures)."""
    found = (p for p in folder.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg"))
    return sorted(p for p in found if p.is_file())


def mean_megapixels(paths: list[Path]) -> float:
    """The photos' mean size in megapixels, from the headers Pillow can read."""
    sizes = []
    for path in paths:
        try:
            with Image.open(path) as image:
                sizes.append(image.size[0] * image.size[1] / 1e6)
        except Exception:  # a damaged file of a real folder
            continue
    return round(sum(sizes) / max(1, len(sizes)), 1)


def pipeline(paths: list[Path], workers: int) -> tuple[float, float, int]:
    """(wall, CPU) seconds of the real pick run (``pick_files``), cache off, and in how
    many photos faces were looked for."""
    candidates = [Candidate(str(p), p.name, Kind.PHOTO) for p in paths]
    started, cpu = time.perf_counter(), time.process_time()
    report = pick_files(candidates, ScoreCache(None), workers=workers)
    assert len(report.shots) + len(report.problems) == len(paths)
    PROBLEMS.update(p.path for p in report.problems)  # only a real folder may have some
    return time.perf_counter() - started, time.process_time() - cpu, report.faces_checked


def faces_everywhere(paths: list[Path], workers: int) -> tuple[float, float]:
    """(wall, CPU) seconds to score ``paths`` with faces looked for in every photo."""
    candidates = [Candidate(str(p), p.name, Kind.PHOTO) for p in paths]
    started, cpu = time.perf_counter(), time.process_time()
    results, problems = score_candidates(candidates, ScoreCache(None), None, workers=workers)
    assert len(results) + len(problems) == len(paths)
    assert all(r.photo is not None and r.photo.faces is not None for r in results)
    return time.perf_counter() - started, time.process_time() - cpu


def scoring(paths: list[Path], workers: int, full: bool) -> tuple[float, float]:
    """(wall, CPU) seconds to read, hash, decode (small or full) and score ``paths``."""

    def one(path: Path) -> float:
        data = path.read_bytes()
        xxhash.xxh3_128_hexdigest(data)
        try:
            if full:
                reduced = decode_reduced(str(path), data, full=True)
                return score_picture(reduced.rgb, reduced.width, reduced.height).total
            picture = decode_for_scoring(str(path), data)
        except DecodeFailed:  # a damaged file of a real folder: counted in "problems"
            return 0.0
        return score_picture(picture.rgb, picture.width, picture.height, picture.gray).total

    started, cpu = time.perf_counter(), time.process_time()
    with opencv_alone(workers), ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, paths))
    return time.perf_counter() - started, time.process_time() - cpu


def decode_only(paths: list[Path], workers: int) -> float:
    """Seconds to do nothing but the greyscale 1/8 decode of ``paths`` (already read): the
    floor under the pick run on this machine at this moment."""
    datas = [p.read_bytes() for p in paths]
    flags = cv2.IMREAD_REDUCED_GRAYSCALE_8 | cv2.IMREAD_IGNORE_ORIENTATION
    started = time.perf_counter()
    with opencv_alone(workers), ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(lambda d: cv2.imdecode(np.frombuffer(d, np.uint8), flags), datas))
    return time.perf_counter() - started


def peak_rss_mb(listing: Path, count: int, workers: int) -> float:
    """Peak resident memory of a separate process scoring the first ``count`` photos of
    the ``listing`` file (one path a line)."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(listing), str(count), str(workers)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip())


def child(listing: str, count: int, workers: int) -> None:
    paths = [Path(line) for line in Path(listing).read_text("utf-8").splitlines()][:count]
    pipeline(paths, workers)
    print(_peak_mb())


def _peak_mb() -> float:
    """This process's peak resident memory. ``VmHWM`` is reset by ``exec``, unlike
    ``ru_maxrss``, which a child started by ``fork`` inherits from its parent."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=60)
    parser.add_argument("--distinct", type=int, default=8)
    parser.add_argument("--full-photos", type=int, default=16)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--megapixels", type=float, default=24.0)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of camera and bare runs")
    parser.add_argument("--keep", metavar="DIR", help="write the photos here and keep them")
    parser.add_argument("--folder", metavar="DIR", help="measure the JPEGs found below DIR")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), int(args.child[2]))
        return
    global WIDTH, HEIGHT
    WIDTH = int(round((args.megapixels * 1e6 * 1.5) ** 0.5 / 16)) * 16
    HEIGHT = WIDTH * 2 // 3
    folder = Path(args.keep or tempfile.mkdtemp(prefix="cobertura-bench-pick-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if args.folder:
            kinds = {"camera": own_jpegs(Path(args.folder))}
            if not kinds["camera"]:
                parser.error(f"no JPEG below {args.folder}")
        else:
            kinds = make_photos(folder, args.photos * 3, args.distinct)
        paths = kinds["camera"]
        listing = folder / "camera.txt"
        listing.write_text("\n".join(str(p) for p in paths), "utf-8")
        sample = paths[: args.photos]
        # Warm up what a run loads once (decoders, the face detector, exifread), as an
        # event of 400-1,500 photos would have amortised it.
        scoring(paths[-args.workers * 2 :], args.workers, full=False)
        for kind in kinds:
            pipeline(kinds[kind][-args.workers * 2 :], args.workers)
        load_before = os.getloadavg()[0]
        rounds: list[dict[str, float]] = []
        for _ in range(max(1, args.rounds)):
            floor = decode_only(sample, args.workers)
            seconds, cpu, faces_checked = pipeline(sample, args.workers)
            bare_seconds, bare_cpu = 0.0, 0.0
            if "bare" in kinds:
                bare_seconds, bare_cpu, _ = pipeline(kinds["bare"][: args.photos], args.workers)
            rounds.append(
                {
                    "floor": floor,
                    "seconds": seconds,
                    "cpu": cpu,
                    "bare_seconds": bare_seconds,
                    "bare_cpu": bare_cpu,
                }
            )
        other = {
            kind: pipeline(kinds[kind][: args.photos], args.workers)[:2]
            for kind in ("mpf", "dense")
            if kind in kinds
        }
        everywhere, everywhere_cpu = faces_everywhere(sample, args.workers)
        full_set = sample[: args.full_photos]
        full, full_cpu = scoring(full_set, args.workers, full=True)
        reduced, reduced_cpu = scoring(full_set, args.workers, full=False)
        more = min(len(paths), args.photos * 3)
        rss_n = peak_rss_mb(listing, len(sample), args.workers)
        rss_3n = peak_rss_mb(listing, more, args.workers)
        n = len(sample)

        def mean_mb(kind: str) -> float:
            listed = kinds[kind][: len(sample) if args.folder else args.distinct]
            return sum(p.stat().st_size for p in listed) / len(listed) / 1e6

        def rate(key: str) -> float | None:
            return round(median(n / r[key] for r in rounds), 1) if rounds[0][key] else None

        def per_round(key: str) -> list[float]:
            return [round(n / r[key], 1) for r in rounds if r[key]]

        def cpu_ms(key: str) -> float | None:
            return round(median(r[key] for r in rounds) / n * 1000, 1) if rounds[0][key] else None

        def kind_figures(kind: str) -> tuple[float | None, float | None]:
            if kind not in other:
                return None, None
            seconds, cpu = other[kind]
            return round(n / seconds, 1), round(cpu / n * 1000, 1)

        camera_rate, bare_rate = rate("seconds") or 0.0, rate("bare_seconds")
        speedup = full / reduced
        (mpf_rate, mpf_ms), (dense_rate, dense_ms) = kind_figures("mpf"), kind_figures("dense")
        floor_mb = median(n * mean_mb("camera") / r["floor"] for r in rounds)
        print(
            json.dumps(
                {
                    "benchmark": "pick scoring",
                    "source": str(args.folder) if args.folder else "made",
                    "megapixels": mean_megapixels(sample),
                    "mean_file_mb": round(mean_mb("camera"), 2),
                    "cores": os.cpu_count(),
                    "workers": args.workers,
                    "photos": n,
                    "problems": len(PROBLEMS),
                    "rounds": len(rounds),
                    "photos_per_second": camera_rate,
                    "photos_per_second_rounds": per_round("seconds"),
                    "cpu_ms_per_photo": cpu_ms("cpu"),
                    "decode_only_photos_per_second": rate("floor"),
                    "decode_only_mb_per_second": round(floor_mb, 1),
                    "share_of_decode_only": round(
                        median(r["floor"] / r["seconds"] for r in rounds), 2
                    ),
                    "faces_checked": faces_checked,
                    "photos_per_second_if_cores_idle": round(
                        min(args.workers, os.cpu_count() or 1)
                        * n
                        / median(r["cpu"] for r in rounds),
                        1,
                    ),
                    "faces_everywhere_photos_per_second": round(n / everywhere, 1),
                    "faces_everywhere_cpu_ms_per_photo": round(everywhere_cpu / n * 1000, 1),
                    "bare_jpeg_photos_per_second": bare_rate,
                    "bare_jpeg_photos_per_second_rounds": per_round("bare_seconds"),
                    "bare_jpeg_cpu_ms_per_photo": cpu_ms("bare_cpu"),
                    "mpf_jpeg_photos_per_second": mpf_rate,
                    "mpf_jpeg_cpu_ms_per_photo": mpf_ms,
                    "dense_jpeg_mean_file_mb": round(mean_mb("dense"), 2) if dense_ms else None,
                    "dense_jpeg_photos_per_second": dense_rate,
                    "dense_jpeg_cpu_ms_per_photo": dense_ms,
                    "compared_photos": len(full_set),
                    "reduced_photos_per_second": round(len(full_set) / reduced, 1),
                    "full_decode_photos_per_second": round(len(full_set) / full, 2),
                    "speedup_vs_full_decode": round(full / reduced, 1),
                    "cpu_speedup_vs_full_decode": round(full_cpu / reduced_cpu, 1),
                    "peak_rss_mb": {str(len(sample)): rss_n, str(more): rss_3n},
                    "rss_growth_3x_photos": round(rss_3n / rss_n, 3),
                    "load_average_before": round(load_before, 2),
                    "load_average_after": round(os.getloadavg()[0], 2),
                    "targets": {
                        "photos_per_second_ok": camera_rate >= 40,
                        "speedup_ok": speedup >= 5,
                        "memory_flat_ok": rss_3n <= 1.2 * rss_n if more > n else None,
                        "bare_photos_per_second_ok": bare_rate >= 40 if bare_rate else None,
                    },
                },
                indent=1,
            )
        )
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
