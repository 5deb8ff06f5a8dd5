"""Benchmark: the desktop app on a big library: start-up, grid scrolling, memory.

    python bench/app.py [--events 300] [--items 100000] [--big 20000] [--rounds 3]
                        [--work DIR] [--fresh]

Builds (once, cached under ``/tmp/cobertura-bench-app/``) a library of ``--items`` items in
``--events`` events, one of which holds ``--big`` items with real small JPEGs and cached
thumbnails (``bench/app_library.py``). Each round starts two fresh processes, alternating
their order: the app (``MainWindow`` on the library, offscreen) and a baseline (a bare
``QMainWindow`` with a ``QListView`` of as many events and an icon-mode ``QListView`` of as
many cells, each drawing a picture and a name). Each process reports:

- ``events_listed_s``: from just before the process was started to the first paint of the
  event list holding every event; ``counts_shown_s``: the first paint with every event's
  counts (the baseline has no counts: same as listed); ``grid_shown_s``: the first paint
  of the grid holding the newest event (the big one; the app opens it by itself);
  ``search_ready_s`` (app): the search index over every caption is built;
- ``loading_max_stall_ms``: the longest gap of a 5 ms timer on the GUI thread from the
  window shown until all the above (the GUI thread never waits long);
- ``search`` (app): ms to filter the list for a few queries typed in the search box;
- ``open_event_s`` (app): selecting the big event again (after another one) until its
  items are in the grid, with ``open_max_stall_ms``; ``set_event_ms``: the grid model
  taking the big event's items (sorted on the worker: ``sort_on_worker_ms``);
- paint time per frame (``QWidget.repaint()`` of the grid's viewport, which paints
  synchronously) while scrolling: ``cold`` (a page at a time, thumbnails not loaded yet),
  ``loaded`` (a page at a time, once the page's thumbnails have arrived) and ``fling``
  (60 px steps with the thumbnails arriving meanwhile, as a mouse wheel does);
- ``peak_rss_mb``: the process's peak resident memory.

A first app run before the rounds starts without the app's caches (``.cobertura/index``:
event counts and search texts), as the first opening of a library does; the rounds then
find them. Prints JSON: that run, every round, the medians, and the targets (events listed
under 1.5 s, paint under 16 ms a frame at the 95th percentile, memory under 800 MB).
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

CACHE = Path(tempfile.gettempdir()) / "cobertura-bench-app"
TARGETS = {"events_listed_s": 1.5, "paint_p95_ms": 16.0, "peak_rss_mb": 800.0}


def library_for(
    events: int, items: int, big: int, work: Path | None, fresh: bool
) -> tuple[Path, str]:
    """The generated library (built now or reused) and its big event's folder."""
    from bench.app_library import LAYOUT, build

    root = (work or CACHE) / f"v{LAYOUT}-{events}-{items}-{big}"
    done = root / "built.json"
    if fresh and root.exists():
        shutil.rmtree(root)
    if done.is_file():
        return root / "biblioteca", json.loads(done.read_text())["big"]
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    start = time.perf_counter()
    big_folder = build(root / "biblioteca", events, items, big)
    info = {"big": big_folder, "build_seconds": round(time.perf_counter() - start, 1)}
    done.write_text(json.dumps(info))
    return root / "biblioteca", big_folder


def run_child(kind: str, library: Path, big: str, events: int, big_count: int) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COBERTURA_WRITER="bench@cobertura")
    with tempfile.TemporaryDirectory(prefix="cobertura-bench-home-") as home:
        env["XDG_CONFIG_HOME"] = os.path.join(home, "config")
        env["XDG_DATA_HOME"] = os.path.join(home, "data")
        env["COBERTURA_LIBRARY"] = str(library)
        command = [
            sys.executable, str(Path(__file__).resolve().parent / "app_child.py"), kind,
            "--library", str(library), "--big", big, "--events", str(events),
            "--big-count", str(big_count),
        ]  # fmt: skip
        command += ["--start", repr(time.time())]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{done.stderr[-4000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _median(rounds: list[dict[str, Any]], path: tuple[str, ...]) -> float | None:
    values = []
    for r in rounds:
        value: Any = r
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, int | float):
            values.append(value)
    return round(statistics.median(values), 3) if values else None


def summarize(app: list[dict[str, Any]], base: list[dict[str, Any]]) -> dict[str, Any]:
    keys = ("events_listed_s", "counts_shown_s", "grid_shown_s", "search_ready_s",
            "loading_max_stall_ms", "open_event_s", "open_max_stall_ms", "set_event_ms",
            "sort_on_worker_ms", "peak_rss_mb")  # fmt: skip
    out: dict[str, Any] = {"app": {}, "baseline": {}}
    for name, rounds in (("app", app), ("baseline", base)):
        for key in keys:
            out[name][key] = _median(rounds, (key,))
        out[name]["search_max_ms"] = _median(rounds, ("search", "max_ms"))
        for phase in ("cold", "loaded", "fling"):
            out[name][f"paint_{phase}_ms"] = {
                stat: _median(rounds, ("paint", phase, stat)) for stat in ("p50", "p95", "max")
            }
    worst_p95 = max(
        (out["app"][f"paint_{p}_ms"]["p95"] or 0.0) for p in ("cold", "loaded", "fling")
    )
    out["targets"] = {
        "events_listed_s": TARGETS["events_listed_s"],
        "events_listed_ok": (out["app"]["events_listed_s"] or 99) < TARGETS["events_listed_s"],
        "paint_p95_ms": TARGETS["paint_p95_ms"],
        "paint_worst_p95_ms": worst_p95,
        "paint_ok": worst_p95 < TARGETS["paint_p95_ms"],
        "peak_rss_mb": TARGETS["peak_rss_mb"],
        "rss_ok": (out["app"]["peak_rss_mb"] or 1e9) < TARGETS["peak_rss_mb"],
    }
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=300)
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--big", type=int, default=20_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--work", help=f"where the generated library is kept (default {CACHE})")
    ap.add_argument("--fresh", action="store_true", help="build the library again")
    args = ap.parse_args()
    start = time.perf_counter()
    library, big = library_for(
        args.events, args.items, args.big, Path(args.work) if args.work else None, args.fresh
    )
    prepare_s = time.perf_counter() - start
    # The first opening of a library (or after an upgrade) has no summary or search cache.
    shutil.rmtree(library / ".cobertura" / "index", ignore_errors=True)
    first_open = run_child("app", library, big, args.events, args.big)
    app_rounds: list[dict[str, Any]] = []
    base_rounds: list[dict[str, Any]] = []
    for r in range(args.rounds):
        order = ("app", "baseline") if r % 2 == 0 else ("baseline", "app")
        for kind in order:
            result = run_child(kind, library, big, args.events, args.big)
            result["round"] = r + 1
            (app_rounds if kind == "app" else base_rounds).append(result)
    figures = {
        "benchmark": "app_scale",
        "events": args.events,
        "items": args.items,
        "big_event_items": args.big,
        "library_prepare_seconds": round(prepare_s, 1),
        **summarize(app_rounds, base_rounds),
        "app_first_open_without_caches": first_open,
        "rounds": {"app": app_rounds, "baseline": base_rounds},
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
