"""Benchmark: an incremental sync that adds 100 new files to a share holding 20,000.

    python bench/sync.py [--events 20] [--per-event 1000] [--new 100] [--new-size 262144]
                         [--rounds 5] [--workers N] [--work DIR]

Builds a library of ``events x per-event`` small files (with catalogs and manifests, as
ingest leaves them, their times a day old), pushes it to an empty share once (the seed),
and mirrors it with ``rsync -a`` to a second folder. Then, for each round, adds ``--new``
files spread over five events (catalogs and manifests updated, as an ingest does) and
times ``push`` and ``rsync -a`` of the same change, in alternating order. Prints JSON:
each round, the medians, and whether the worst push stayed within 2 seconds and the
median push within the median rsync (with the load average, as a shared machine is noisy).

(This file is run as a script; it puts the project root first on ``sys.path`` so that
``import sync`` finds the package, not this file.)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import xxhash  # noqa: E402

from media.catalog import upsert_items  # noqa: E402
from sync.push import PushOptions, push  # noqa: E402
from sync.share import init_share  # noqa: E402

WRITER = "bench@cobertura"


def _write_files(folder: Path, names: list[str], size: int, seed: int) -> list[dict[str, Any]]:
    """Write random files into ``folder/FOTO`` and return their catalog items."""
    items = []
    photo = folder / "FOTO"
    photo.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        data = os.urandom(size - (seed + i) % 512)
        (photo / name).write_bytes(data)
        digest = xxhash.xxh3_128_hexdigest(data)
        items.append(
            {
                "id": digest[:16],
                "kind": "photo",
                "path": f"{folder.parent.name}/{folder.name}/FOTO/{name}",
                "folder_path": f"FOTO/{name}",
                "size": len(data),
                "hash": digest,
                "hash_algorithm": "xxh3-128",
                "capture_time": "2026-01-15T10:00:00",
                "sidecars": [],
                "verified": True,
            }
        )
    return items


def _age(tree: Path, seconds: float) -> None:
    """Make every file look ``seconds`` old, as files ingested long ago do."""
    past = time.time() - seconds
    for folder, dirs, names in os.walk(tree):
        for name in names + dirs:
            os.utime(os.path.join(folder, name), (past, past))


def build_library(lib: Path, events: int, per_event: int) -> list[Path]:
    folders = []
    for e in range(events):
        folder = lib / "2026" / f"2026-01-{e % 28 + 1:02d} Evento de prueba {e:03d}"
        names = [f"2026-01-15_100000_IMG_{i:05d}.JPG" for i in range(per_event)]
        upsert_items(str(folder), _write_files(folder, names, 4096, e))
        folders.append(folder)
    _age(lib, 86400)
    return folders


def add_new(folders: list[Path], count: int, size: int, round_no: int) -> int:
    """Add ``count`` files spread over five events, as an ingest does; bytes added."""
    added = 0
    targets = folders[:5]
    for k, folder in enumerate(targets):
        n = count // len(targets) + (1 if k < count % len(targets) else 0)
        names = [f"2026-01-15_12{round_no:02d}00_NEW_{k}_{i:04d}.JPG" for i in range(n)]
        items = _write_files(folder, names, size, round_no * 1000 + k)
        upsert_items(str(folder), items)
        added += sum(i["size"] for i in items)
    return added


def tree_files(root: Path) -> int:
    return sum(len(names) for _f, _d, names in os.walk(root))


def time_rsync(lib: Path, mirror: Path) -> float:
    start = time.perf_counter()
    subprocess.run(["rsync", "-a", "--exclude=/.cobertura/", f"{lib}/", f"{mirror}/"], check=True)
    return time.perf_counter() - start


def time_push(lib: Path, share: Path, workers: int) -> tuple[float, dict[str, Any]]:
    start = time.perf_counter()
    report = push(PushOptions(str(lib), str(share), WRITER, workers=workers))
    elapsed = time.perf_counter() - start
    if not report.complete:
        raise SystemExit(f"push incomplete: {report.summary()}")
    return elapsed, report.summary()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=20)
    ap.add_argument("--per-event", type=int, default=1000)
    ap.add_argument("--new", type=int, default=100)
    ap.add_argument("--new-size", type=int, default=256 * 1024)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--workers", type=int, default=PushOptions.workers)
    ap.add_argument("--work", help="keep the work folder here (default: a temporary one)")
    args = ap.parse_args()
    if shutil.which("rsync") is None:
        print(json.dumps({"error": "rsync not found (apt-get install rsync)"}))
        return 2
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="cobertura-bench-"))
    try:
        lib, share, mirror = work / "lib", work / "share", work / "rsync"
        share.mkdir(parents=True)
        t0 = time.perf_counter()
        folders = build_library(lib, args.events, args.per_event)
        build_s = time.perf_counter() - t0
        init_share(str(share), WRITER)
        seed_s, seed = time_push(lib, share, args.workers)
        time_rsync(lib, mirror)
        rounds = []
        for r in range(args.rounds):
            added = add_new(folders, args.new, args.new_size, r)
            order = ("push", "rsync") if r % 2 else ("rsync", "push")
            timing: dict[str, Any] = {"round": r + 1, "order": list(order), "bytes_added": added}
            for what in order:
                if what == "rsync":
                    timing["rsync_seconds"] = round(time_rsync(lib, mirror), 3)
                else:
                    secs, summary = time_push(lib, share, args.workers)
                    timing["push_seconds"] = round(secs, 3)
                    timing["push"] = {
                        k: summary[k]
                        for k in (
                            "copied",
                            "already",
                            "events",
                            "events_unchanged",
                            "events_checked",
                            "snapshots",
                            "local_files_hashed",
                            "share_files_hashed",
                            "bytes_sent",
                        )
                    }
            rounds.append(timing)
        pushes = [r["push_seconds"] for r in rounds]
        rsyncs = [r["rsync_seconds"] for r in rounds]
        result = {
            "benchmark": "sync_incremental",
            "share_files_before": seed["copied"],
            "new_files_per_round": args.new,
            "new_file_bytes": args.new_size,
            "workers": args.workers,
            "library_build_seconds": round(build_s, 2),
            "seed_push_seconds": round(seed_s, 2),
            "rounds": rounds,
            "share_files_after": tree_files(share),
            "push_seconds_median": statistics.median(pushes),
            "push_seconds_max": max(pushes),
            "rsync_seconds_median": statistics.median(rsyncs),
            "rounds_push_not_slower": sum(p <= r for p, r in zip(pushes, rsyncs, strict=True)),
            "within_2_seconds": max(pushes) <= 2.0,
            "not_slower_than_rsync": statistics.median(pushes) <= statistics.median(rsyncs),
            "cpus": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
        print(json.dumps(result, indent=1))
        return 0
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
