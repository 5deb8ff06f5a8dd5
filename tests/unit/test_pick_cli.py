"""``python main.py pick``: events of a library and any folder, JSON, edits, cache."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pick_samples import becas_event

import main
from media.edits import merged_edits, record_edits
from media.pick_run import EventNotFound, pick_event, save_suggestions
from media.score_cache import event_scores

ROOT = Path(__file__).resolve().parents[2]
EVENT = "becas2010"


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", "pick", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def event_library(library: Path, samples: Path, tmp_path: Path) -> Path:
    """A library with one event: the burst, the blur set and a clip, forced into it."""
    clip = {"CLIP0001.MOV": samples / "video/apple_iphone6_gps_rot90.mov"}
    report = becas_event(library, samples, tmp_path, EVENT, clip)
    assert report.count("copied") == 8, report.problems
    return library


def test_pick_event_json_with_paths_relative_to_the_library(event_library: Path) -> None:
    done = run_cli(EVENT, "--library", str(event_library), "--json", "--count", "4")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) >= {"picks", "groups", "scores", "problems"}
    for path in out["picks"]:
        assert (event_library / path.split("#")[0]).is_file(), path
    photos = [k for k in out["scores"] if "#t=" not in k]
    stills = [k for k in out["scores"] if "#t=" in k]
    assert len(photos) == 7 and stills and all(".MOV#t=" in k for k in stills)
    for values in out["scores"].values():
        assert set(values) >= {"sharpness", "exposure", "faces", "total", "why"}
    members = sorted(m for g in out["groups"] for m in g["members"])
    assert members == sorted(out["scores"])  # every shot in exactly one group
    sharp = next(k for k in photos if k.endswith("S_sharp.jpg"))
    assert sharp in out["picks"]
    assert next(g for g in out["groups"] if sharp in g["members"])["best"] == sharp
    assert "sugerida" in done.stderr


def test_rejected_never_picked_picked_always_kept(event_library: Path) -> None:
    report = pick_event(str(event_library), EVENT, count=2)
    sharp = next(s for s in report.shots if s.key.endswith("S_sharp.jpg"))
    motion = next(s for s in report.shots if s.key.endswith("M_motion.jpg"))
    assert sharp.folder and sharp.item_id and motion.item_id
    record_edits(sharp.folder, "ana@laptop", sharp.item_id, {"reject": True})
    record_edits(sharp.folder, "luis@mesa", motion.item_id, {"pick": True})
    again = pick_event(str(event_library), EVENT, count=2)
    keys = [s.key for s in again.picks]
    assert sharp.key not in keys and motion.key in keys
    assert again.reasons[motion.key] == "elegida por una persona"
    assert again.scored == 0 and again.cached == 8  # the second run decodes nothing
    known = event_scores(sharp.folder)
    assert known[sharp.item_id].why == sharp.score.why and len(known) == 8


def test_suggestions_can_be_saved_in_the_writers_journal(event_library: Path) -> None:
    report = pick_event(str(event_library), EVENT, count=2)
    folder = report.picks[0].folder
    assert folder
    assert save_suggestions(report, "ana@laptop") >= 1
    values = merged_edits(folder).values
    suggested = {i for i, v in values.items() if v.get("suggested")}
    assert suggested == {s.item_id for s in report.picks if s.item_id}
    assert save_suggestions(report, "ana@laptop") == 0  # nothing changed


def test_the_command_default_count_is_the_stage_default() -> None:
    from cli.pick_cmd import DEFAULT_COUNT
    from media.picking import DEFAULT_COUNT as STAGE_DEFAULT

    assert DEFAULT_COUNT == STAGE_DEFAULT


def test_unknown_event_and_bad_arguments(event_library: Path, tmp_path: Path) -> None:
    with pytest.raises(EventNotFound):
        pick_event(str(event_library), "no-existe")
    assert main.main(["pick", "no-existe", "--library", str(event_library)]) == 2
    assert main.main(["pick", "--folder", str(tmp_path / "nada")]) == 2
    assert main.main(["pick"]) == 2
    assert main.main(["pick", EVENT, "--folder", str(tmp_path)]) == 2
    assert main.main(["pick", EVENT, "--count", "0", "--library", str(event_library)]) == 2


def test_pick_folder_json_problems_and_a_second_instant_run(
    samples: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "fotos"
    shutil.copytree(samples / "photos/burst", folder / "rafaga")
    shutil.copy(samples / "photos/jpeg/edge_jpeg_format_error.jpg", folder / "rota.jpg")
    shutil.copy(samples / "video/edge_32_byte.mov", folder / "rota.mov")
    env = {"COBERTURA_CACHE": str(tmp_path / "cache")}
    first = run_cli("--folder", str(folder), "--json", env=env)
    assert first.returncode == 1, first.stderr  # some files had problems
    out = json.loads(first.stdout)
    assert out["picks"] == [out["groups"][0]["best"]]
    assert out["picks"][0].startswith("rafaga/nikon_d70s_burst_")
    assert sorted(p["path"] for p in out["problems"]) == ["rota.jpg", "rota.mov"]
    assert "PROBLEMA: rota.jpg" in first.stderr
    assert out["scored"] == 4 and out["cached"] == 0
    second = json.loads(run_cli("--folder", str(folder), "--json", env=env).stdout)
    assert second["scored"] == 0 and second["cached"] == 4
    assert second["picks"] == out["picks"] and second["scores"] == out["scores"]
    assert (tmp_path / "cache" / "scores").is_dir()
