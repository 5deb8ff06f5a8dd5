"""``bench/ingest.py`` runs end to end at a tiny size and prints the figures it promises."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ingest_bench_prints_its_figures(tmp_path: Path) -> None:
    command = [sys.executable, "bench/ingest.py", "--gb", "0.01", "--rounds", "1"]
    done = subprocess.run(
        [*command, "--dir", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    for key in (
        "files", "photos", "clips", "bytes", "times_s", "median_mb_per_s",
        "ratio_ingest_cp", "ratio_ingest_cp_sync", "peak_rss_mb", "targets",
    ):
        assert key in figures, key
    assert figures["photos"] > 0 and figures["clips"] > 0
    yardsticks = {"cp", "cp_sync", "cp_sync_readback"}
    assert set(figures["times_s"]) == yardsticks | {"sync_after_cp", "readback_after_cp", "ingest"}
    assert all(len(v) == 1 for v in figures["times_s"].values())
    assert set(figures["median_mb_per_s"]) == yardsticks | {"ingest"}
    assert set(figures["median_ratio_per_round"]) == yardsticks
    assert figures["ratio_ingest_cp_sync_readback"] > 0
    assert 0 < figures["peak_rss_mb"] < 1000
    assert set(figures["targets"]) >= {"ratio_ok", "ratio_with_sync_ok", "rss_ok"}
    assert list(tmp_path.iterdir()) == []  # the work folder is removed
