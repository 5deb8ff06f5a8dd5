"""Stacks of near-duplicates for the app's grid, from the scores ``pick`` cached."""

from __future__ import annotations

import base64
import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from pick_samples import becas_event

from media.culling import event_items
from media.event_stacks import Stack, event_stacks, with_marks
from media.grouping import SIGNATURE_SIZE, Shot, signature_vectors, standard_ranks
from media.pick_run import pick_event
from media.score_cache import event_cache_dir, event_scores
from media.scores import PhotoScore

EVENT = "becas"
SINGLE = "canon_eos_7d.jpg"  # a scene of its own
BROKEN = "edge_jpeg_format_error.jpg"  # never gets a score


@pytest.fixture(scope="module")
def scored_template(
    samples: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, list[list[str]], dict[str, str]]]:
    """An ingested, scored event (burst, blur set, one other scene, one broken JPEG), the
    groups ``pick`` made (item ids) and the best item id ``pick`` names for each."""
    work = tmp_path_factory.mktemp("stacks")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CONFIG_HOME", str(work / "config"))
        patch.setenv("XDG_DATA_HOME", str(work / "data"))
        library = work / "biblioteca"
        extra = {SINGLE: samples / "photos/jpeg" / SINGLE, BROKEN: samples / "photos/jpeg" / BROKEN}
        becas_event(library, samples, work, EVENT, extra)
        report = pick_event(str(library), EVENT)
        groups = [[str(s.item_id) for s in g.members] for g in report.groups]
        best = {str(g.members[0].item_id): str(g.best.item_id) for g in report.groups}
        yield library, groups, best


@pytest.fixture
def event_folder(scored_template, tmp_path: Path) -> tuple[str, list[list[str]], dict[str, str]]:
    """A fresh copy of the scored event: (event folder, pick's groups, pick's bests)."""
    template, groups, best = scored_template
    library = tmp_path / "biblioteca"
    shutil.copytree(template, library)
    folder = next(p for p in library.glob("*/*") if (p / ".cobertura").is_dir())
    return str(folder), groups, best


class _ByName(dict[str, dict]):
    """Records by the name the file had on the card (ingest prefixes date and time)."""

    def __missing__(self, name: str) -> dict:
        return next(record for key, record in self.items() if key.endswith(name))


def _by_name(folder: str) -> _ByName:
    return _ByName({Path(str(i["path"])).name: i for i in event_items(folder)})


def test_the_burst_is_one_stack_whose_best_is_the_one_pick_names(event_folder) -> None:
    folder, groups, best = event_folder
    items = _by_name(folder)
    result = event_stacks(folder, event_items(folder))
    assert result.photos == 9
    assert result.unscored == 1  # the broken JPEG
    burst_ids = {str(i["id"]) for name, i in items.items() if "burst" in name}
    burst = next(s for s in result.stacks if set(s.members) == burst_ids)
    pick_group = next(g for g in groups if set(g) == burst_ids)
    assert burst.best == best[pick_group[0]]
    times = [str(items_by_id(items)[m]["capture_time_local"]) for m in burst.members]
    assert times == sorted(times)  # shooting order
    blur = next(s for s in result.stacks if items[SINGLE]["id"] not in s.members and s != burst)
    assert blur.best == items["honor7x_176_S_sharp.jpg"]["id"]  # the sharp frame wins
    assert len(result.stacks) == 2 and result.stacked == 7
    stacked = result.stack_of()
    assert str(items[SINGLE]["id"]) not in stacked  # a singleton is not a stack
    assert str(items[BROKEN]["id"]) not in stacked


def items_by_id(by_name: _ByName) -> dict[str, dict]:
    return {str(i["id"]): i for i in by_name.values()}


def test_a_rejected_best_frame_stays_a_member_and_another_is_best(event_folder) -> None:
    folder, _groups, _best = event_folder
    records = event_items(folder)
    sharp = next(r for r in records if str(r["path"]).endswith("S_sharp.jpg"))
    sharp["reject"] = True
    result = event_stacks(folder, records)
    stack = result.stack_of()[str(sharp["id"])]
    assert str(sharp["id"]) in stack.members and len(stack.members) == 3
    assert stack.best != sharp["id"]
    sharp["pick"] = True  # picked and rejected by two people: the pick wins, as in pick
    assert event_stacks(folder, records).stack_of()[str(sharp["id"])].best == sharp["id"]


def test_marks_choose_the_best_again_without_grouping_again(event_folder) -> None:
    folder, _groups, _best = event_folder
    records = event_items(folder)
    before = event_stacks(folder, records)
    sharp = next(r for r in records if str(r["path"]).endswith("S_sharp.jpg"))
    burst_best = next(s.best for s in before.stacks if sharp["id"] not in s.members)
    for record in records:
        if record["id"] in (sharp["id"], burst_best):
            record["reject"] = True
    after = with_marks(before, records)
    assert after == event_stacks(folder, records)  # as if computed from scratch
    assert [s.members for s in after.stacks] == [s.members for s in before.stacks]
    assert {s.best for s in after.stacks}.isdisjoint({sharp["id"], burst_best})
    assert with_marks(after, []).stacks == after.stacks  # no news: nothing changes


def test_signatures_are_ranked_as_one_photo_at_a_time() -> None:
    """The vectors made for all shots at once are the ones made shot by shot."""
    rng = random.Random(5)
    size = SIGNATURE_SIZE * SIGNATURE_SIZE * 3
    pictures = [
        bytes(rng.randrange(256) for _ in range(size)),
        bytes(rng.choice((0, 128, 255)) for _ in range(size)),  # many ties
        bytes([90]) * size,  # flat: no spread
        bytes(12),  # a damaged signature: a row of zeros
    ] * 40
    shots = []
    for n, data in enumerate(pictures):
        score = PhotoScore(
            0, 0, None, 0, "", "", 0, 0, 0, 0, "", base64.b64encode(data).decode(), 1, 1
        )
        shots.append(Shot(str(n), score))
    vectors = signature_vectors(shots)
    for row, data in enumerate(pictures):
        expected = np.zeros(size, np.float32)
        if len(data) == size:
            channels = np.frombuffer(data, np.uint8).reshape(-1, 3).astype(np.float64)
            expected[:] = np.concatenate([standard_ranks(channels[:, c]) for c in range(3)])
        assert np.array_equal(vectors[row], expected), row


def test_damaged_and_missing_cache_entries_are_skipped(event_folder) -> None:
    folder, _groups, _best = event_folder
    items = _by_name(folder)
    motion = items["honor7x_176_M_motion.jpg"]
    shards = Path(event_cache_dir(folder))
    motion_shard = shards / f"{str(motion['hash'])[:1]}.json"
    data = json.loads(motion_shard.read_text(encoding="utf-8"))
    data[str(motion["hash"])]["score"] = {"sharpness": "nada"}  # not a score any more
    motion_shard.write_text(json.dumps(data), encoding="utf-8")
    burst_one = items["nikon_d70s_burst_1.jpg"]
    lost = shards / f"{str(burst_one['hash'])[:1]}.json"
    if lost != motion_shard:
        lost.write_text("{ esto no es JSON", encoding="utf-8")  # a damaged shard
    result = event_stacks(folder, event_items(folder))
    stacked = result.stack_of()
    assert str(motion["id"]) not in stacked and str(burst_one["id"]) not in stacked
    assert result.unscored >= 3  # the broken JPEG, the damaged entry, the lost shard
    sharp = items["honor7x_176_S_sharp.jpg"]
    assert stacked[str(sharp["id"])].best == sharp["id"]  # the rest still stacks


def test_an_event_never_scored_has_no_stacks(event_folder) -> None:
    folder, _groups, _best = event_folder
    shutil.rmtree(event_cache_dir(folder))
    result = event_stacks(folder, event_items(folder))
    assert result.stacks == [] and result.unscored == result.photos == 9


def test_clips_are_never_stacked(event_folder) -> None:
    folder, _groups, _best = event_folder
    records = event_items(folder)
    scores = event_scores(folder, records)
    burst = [r for r in records if "burst" in str(r["path"])]
    for record in burst[:2]:
        record["kind"] = "video"  # as if two frames of the burst were clips
    result = event_stacks(folder, records, scores)
    stack = next(s for s in result.stacks if burst[2]["id"] in s.members)
    assert stack == Stack(best=stack.best, members=tuple(str(r["id"]) for r in burst[2:]))
    assert result.photos == 7


def test_the_bench_prints_its_figures() -> None:
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "bench/stacks.py", "--photos", "300"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["photos"] == 300 and figures["stacks"] > 10 and figures["unscored"] == 0
    assert figures["hidden_rows"] == figures["stacked"] - figures["stacks"]
    for key in ("event_stacks_s", "marks_s", "worker_view_s", "gui_apply_s", "gui_open_one_s"):
        assert figures[key] >= 0, key
