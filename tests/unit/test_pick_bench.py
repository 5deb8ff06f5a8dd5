"""``bench/pick.py`` runs end to end at a tiny size and prints the figures it promises."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _bench(*args: str) -> dict[str, Any]:
    """The figures ``bench/pick.py`` prints with ``args``; it must exit 0."""
    done = subprocess.run(
        [sys.executable, "bench/pick.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    figures: dict[str, Any] = json.loads(done.stdout)
    return figures


def test_pick_bench_prints_its_figures(tmp_path: Path) -> None:
    args = ["--photos", "2", "--distinct", "1", "--full-photos", "1", "--megapixels", "2"]
    args += ["--rounds", "2"]
    figures = _bench(*args, "--keep", str(tmp_path / "fotos"))
    for key in (
        "photos_per_second",
        "photos_per_second_rounds",
        "cpu_ms_per_photo",
        "decode_only_photos_per_second",
        "decode_only_mb_per_second",
        "faces_checked",
        "faces_everywhere_photos_per_second",
        "bare_jpeg_photos_per_second",
        "mpf_jpeg_photos_per_second",
        "dense_jpeg_photos_per_second",
        "dense_jpeg_mean_file_mb",
        "full_decode_photos_per_second",
        "speedup_vs_full_decode",
        "peak_rss_mb",
        "rss_growth_3x_photos",
        "targets",
    ):
        assert key in figures, key
    assert set(figures["peak_rss_mb"]) == {"2", "6"}
    assert set(figures["targets"]) == {
        "photos_per_second_ok",
        "speedup_ok",
        "memory_flat_ok",
        "bare_photos_per_second_ok",
    }
    assert len(figures["photos_per_second_rounds"]) == 2
    assert figures["problems"] == 0 and figures["source"] == "made"
    assert figures["dense_jpeg_mean_file_mb"] > figures["mean_file_mb"]
    for kind in ("camera", "bare", "mpf", "dense"):
        assert len(list((tmp_path / "fotos" / kind).glob("*.JPG"))) == 6
    assert figures["faces_checked"] == 1  # both photos repeat one picture: one group


def test_pick_bench_measures_a_real_folder(tmp_path: Path, samples: Path) -> None:
    card = tmp_path / "DCIM" / "100NIKON"
    card.mkdir(parents=True)
    for photo in sorted((samples / "photos" / "burst").glob("*.jpg"))[:3]:
        (card / photo.name).write_bytes(photo.read_bytes())
    (card / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a picture")
    args = ["--folder", str(tmp_path), "--photos", "4", "--rounds", "1", "--full-photos", "2"]
    figures = _bench(*args)
    assert figures["source"] == str(tmp_path) and figures["photos"] == 4
    assert figures["problems"] == 1  # the broken file is named, the others are measured
    assert figures["photos_per_second"] > 0 and figures["megapixels"] == 6.0
    assert figures["bare_jpeg_photos_per_second"] is None  # only the folder's own files
    assert figures["targets"]["memory_flat_ok"] is None  # no 3N photos to compare with
