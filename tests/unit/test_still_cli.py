"""``python main.py still EVENT_ID CLIP --at T``: the clip as ``pick`` shows it, by id or
by its path in the event; one JSON object; exit codes 0, 1 and 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from frame_support import EVENT, PHOTO, clip_item, clip_library

import main
from cli.still_cmd import split_fragment
from media.timecode import TimeError
from media.verify import verify_library

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, samples: Path) -> Path:
    work = tmp_path_factory.mktemp("still-library")
    return clip_library(work / "biblioteca", work, samples)


@pytest.fixture
def lib(template: Path, library: Path) -> Path:
    shutil.copytree(template, library)
    return library


def still(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any, str]:
    """Run the command in this process: (exit status, the JSON object or None, stderr)."""
    code = main.main(["still", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else None, err


def test_a_frame_by_the_path_pick_shows_then_again_by_id(
    lib: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, clip = clip_item(lib, "GOPR0001.MP4")
    code, out, err = still(capsys, EVENT, f"{clip['path']}#t=5.50", "--library", str(lib), "--json")
    assert code == 0, err
    assert set(out) >= {"path", "item_id", "duplicate"} and out["duplicate"] is False
    assert (lib / out["path"]).is_file() and out["path"].endswith("_cuadro_00m05.472s.jpg")
    assert out["capture_time"] == "2019-11-18T15:45:37" and out["event"] == EVENT
    assert "Foto guardada:" in err and "00:00:05.472" in err
    assert verify_library(str(lib)).ok

    again = still(
        capsys, EVENT, clip["id"], "--at", "00:00:05.480", "--library", str(lib), "--json"
    )
    assert again[0] == 0 and again[1]["duplicate"] is True
    assert (again[1]["path"], again[1]["item_id"]) == (out["path"], out["item_id"])
    assert "Ya estaba en la biblioteca:" in again[2]

    # The event by its folder, the clip by its path in the event folder: another frame.
    event_folder = os.path.relpath(folder, lib)
    code, other, _ = still(
        capsys, event_folder, clip["folder_path"], "--at", "2", "--library", str(lib), "--json"
    )
    assert code == 0 and other["duplicate"] is False and other["path"] != out["path"]


def test_without_json_only_words_on_stderr(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = still(capsys, EVENT, "IMG_0001.MOV", "--at", "1", "--library", str(lib))
    assert code == 2 and out is None  # the card's name is not the library's: not found
    assert "no tiene el archivo 'IMG_0001.MOV'" in err
    _folder, clip = clip_item(lib, "IMG_0001.MOV")
    name = os.path.basename(clip["path"])
    code, out, err = still(capsys, EVENT, name, "--at", "1,5", "--library", str(lib))
    assert code == 0 and out is None and "(320×568, cuadro en 00:00:01.467)" in err


def test_exit_codes(lib: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, clip = clip_item(lib, "IMG_0001.MOV")
    base = ("--library", str(lib))
    assert still(capsys, EVENT, clip["id"], *base)[0] == 2  # no time at all
    assert still(capsys, EVENT, clip["id"], "--at", "abc", *base)[0] == 2
    assert still(capsys, "otro-evento", clip["id"], "--at", "1", *base)[0] == 2
    _, photo = clip_item(lib, PHOTO)
    code, _, err = still(capsys, EVENT, photo["id"], "--at", "1", *base)
    assert code == 2 and "no es un video" in err
    code, out, err = still(capsys, EVENT, clip["id"], "--at", "9", *base, "--json")
    assert code == 2 and out["path"] is None and out["duplicate"] is False
    assert out["problems"] == [
        {"type": "out_of_range", "path": clip["path"], "detail": "9.000 s; el clip dura 4.002 s"}
    ]
    assert "el tiempo está fuera del clip" in err

    (Path(folder) / clip["folder_path"]).unlink()  # in the catalog, gone from the disk
    code, out, err = still(capsys, EVENT, clip["id"], "--at", "1", *base, "--json")
    assert code == 1 and out["problems"][0]["type"] == "missing"
    assert "el archivo no está en la biblioteca" in err
    code, _, err = still(capsys, EVENT, clip["id"], "--at", "1", "--library", str(lib / "nada"))
    assert code == 2 and "No existe la biblioteca" in err


def test_media_fragments() -> None:
    assert split_fragment("2019/x/VIDEO/a.mp4#t=12.50") == ("2019/x/VIDEO/a.mp4", 12.5)
    assert split_fragment("VIDEO/a.mp4") == ("VIDEO/a.mp4", None)
    assert split_fragment("a.mp4#t=00:01:02.5,00:01:04") == ("a.mp4", 62.5)
    with pytest.raises(TimeError):
        split_fragment("a.mp4#xywh=1,2,3,4")


def test_help_and_the_command_list() -> None:
    done = subprocess.run(
        [sys.executable, "main.py", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0 and "still" in done.stdout
    done = subprocess.run(
        [sys.executable, "main.py", "still", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0 and "--at T" in done.stdout and "#t=" in done.stdout
