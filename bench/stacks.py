"""Benchmark of the app's near-duplicate stacks: prints one JSON object.

It makes a fake event folder of N scored photos (catalog records and a score cache as
``pick`` leaves them: bursts of 1 to 8 frames a second apart, scenes two and a half
minutes apart, each scene with its own 12×12 signature and its frames with a little
noise), then measures:

- ``event_stacks_s``: ``media.event_stacks.event_stacks`` as the app's worker runs it
  (reading the cached scores, building shots, grouping); ``regroup_s`` with the scores
  already in hand; ``marks_s``: ``with_marks``, what a change of marks costs the worker;
- ``gui_*_s``: the GUI thread's part (``ui.stacks.StackController``) on an offscreen grid
  of the N items: copying the records for the worker, taking the stacks (hiding every
  member but the best, ``QListView.setRowHidden``, and the badges), the layout and paint
  that follow, opening one stack, and turning the action off.

    python bench/stacks.py [--photos N] [--seed S]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from media.event_stacks import event_stacks, with_marks  # noqa: E402
from media.score_cache import ScoreCache, event_cache_dir, event_scores  # noqa: E402
from media.scores import SIGNATURE_SIZE, PhotoScore  # noqa: E402

START = datetime(2026, 1, 15, 10, 0, 0)


def fake_event(folder: str, photos: int, seed: int) -> list[dict[str, Any]]:
    """Catalog records of ``photos`` scored photos, their scores cached in ``folder``."""
    rng = random.Random(seed)
    cache = ScoreCache(event_cache_dir(folder))
    items: list[dict[str, Any]] = []
    when = START
    size = SIGNATURE_SIZE * SIGNATURE_SIZE * 3
    while len(items) < photos:
        scene = [rng.randrange(256) for _ in range(size)]
        for _frame in range(min(rng.randint(1, 8), photos - len(items))):
            pixels = bytes(max(0, min(255, v + rng.randint(-6, 6))) for v in scene)
            digest = f"{rng.getrandbits(128):032x}"
            score = PhotoScore(
                sharpness=rng.random(),
                exposure=rng.random(),
                faces=None,
                total=rng.random(),
                why="nítida · bien expuesta",
                sharpness_kind="nitida",
                stops=0.0,
                highlights=0.0,
                shadows=0.0,
                largest_face=0.0,
                shot="",
                signature=base64.b64encode(pixels).decode("ascii"),
                width=6000,
                height=4000,
            )
            cache.put(digest, {"kind": "photo", "score": score.to_json()})
            n = len(items)
            items.append(
                {
                    "id": f"{n:08x}",
                    "kind": "photo",
                    "hash": digest,
                    "path": f"2026/evento/FOTO/IMG_{n:05d}.JPG",
                    "folder_path": f"FOTO/IMG_{n:05d}.JPG",
                    "capture_time_local": when.isoformat(),
                    "capture_time_source": "ExifIFD:DateTimeOriginal",
                }
            )
            when += timedelta(seconds=1)
        when += timedelta(seconds=150)
    cache.flush()
    return items


def time_media(folder: str, items: list[dict[str, Any]]) -> tuple[dict[str, Any], Any]:
    started = time.perf_counter()
    stacks = event_stacks(folder, items)
    first = time.perf_counter() - started
    scores = event_scores(folder, items)
    started = time.perf_counter()
    event_stacks(folder, items, scores)
    again = time.perf_counter() - started
    started = time.perf_counter()
    with_marks(stacks, items)
    marks = time.perf_counter() - started
    figures = {
        "event_stacks_s": round(first, 3),
        "regroup_s": round(again, 3),
        "marks_s": round(marks, 3),
        "stacks": len(stacks.stacks),
        "stacked": stacks.stacked,
        "unscored": stacks.unscored,
    }
    return figures, stacks


def time_grid(items: list[dict[str, Any]], stacks: Any) -> dict[str, Any]:
    """The GUI thread's part of ``ui.stacks`` on an offscreen grid of the fake event:
    taking the worker's stacks (hiding rows, badges), the layout that follows, opening one
    stack, and turning the action off."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.grid_model import GridModel
    from ui.grid_view import GridView
    from ui.stack_view import records_view
    from ui.stacks import StackController
    from ui.thumbs import ThumbnailLoader
    from ui.workers import TaskRunner

    app = QApplication.instance() or QApplication([])
    loader = ThumbnailLoader()
    model = GridModel(loader)
    model.set_event(None, items)  # no folder: no thumbnails are asked for, nothing is read
    grid = GridView()
    grid.setModel(model)
    grid.resize(1000, 800)
    grid.show()
    tasks = TaskRunner()
    controller = StackController(model, grid, tasks, TaskRunner(writer=True))
    tasks.wait()
    app.processEvents()
    controller._restoring = True  # on without saving it in this person's settings
    controller.action.setChecked(True)
    started = time.perf_counter()
    records = model.records()  # what the GUI thread hands the worker
    copy = time.perf_counter() - started
    started = time.perf_counter()
    view = records_view(stacks, records, set())  # on the worker
    worker = time.perf_counter() - started
    controller.stacks, controller._by_member = stacks, stacks.stack_of()
    started = time.perf_counter()
    controller._show(view)
    take = time.perf_counter() - started
    started = time.perf_counter()
    app.processEvents()  # the delayed layout and a paint
    layout = time.perf_counter() - started
    started = time.perf_counter()
    controller.toggle(stacks.stacks[len(stacks.stacks) // 2])
    toggle = time.perf_counter() - started
    started = time.perf_counter()
    controller.action.setChecked(False)
    off = time.perf_counter() - started
    app.processEvents()
    loader.shutdown()
    return {
        "hidden_rows": stacks.stacked - len(stacks.stacks),
        "gui_records_s": round(copy, 3),
        "worker_view_s": round(worker, 3),
        "gui_apply_s": round(take, 3),
        "gui_layout_s": round(layout, 3),
        "gui_open_one_s": round(toggle, 3),
        "gui_off_s": round(off, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cobertura-stacks-") as folder:
        items = fake_event(folder, args.photos, args.seed)
        figures: dict[str, Any] = {"photos": len(items)}
        media, stacks = time_media(folder, items)
        figures.update(media)
        figures.update(time_grid(items, stacks))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
