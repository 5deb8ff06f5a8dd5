"""A frame of a clip saved as a photo of its event (``media.frame_photo``), on real sample
clips ingested into a library: where it lands, what its catalog and metadata say, that
the manifest verifies, that a portrait clip gives a portrait photo the right way up, and
that duplicates, bad times, missing clips, cancels and full disks leave nothing behind."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import tempfile
from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import pyexiv2
import pytest
from frame_support import EVENT, PHOTO, clip_item, clip_library
from PIL import Image, ImageChops, ImageStat

import media.transfer as transfer
from media.catalog import read_items, read_manifest
from media.frame_photo import FrameError, save_frame, square_pixels, still_times
from media.ingest import IngestOptions
from media.models import Cancelled, CancelToken, ProblemType
from media.score_cache import ScoreCache, event_cache_dir
from media.timecode import ffmpeg_seconds
from media.tools import find_ffmpeg
from media.verify import verify_library


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, samples: Path) -> Path:
    work = tmp_path_factory.mktemp("frame-library")
    return clip_library(work / "biblioteca", work, samples)


@pytest.fixture
def lib(template: Path, library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the library; temporary folders made in ``tmp_path/tmp`` to be seen."""
    shutil.copytree(template, library)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return library


def _photos(library: Path) -> list[Path]:
    """The frames saved as photos (the card's own photo aside)."""
    return sorted(p for p in library.rglob("FOTO/*_cuadro_*") if p.is_file())


def _nothing_left(library: Path, tmp_path: Path) -> None:
    """No photo, no temporary file in the library, no temporary folder, verify passes."""
    assert _photos(library) == []
    assert [p for p in library.rglob("*") if p.name.startswith(".cobertura-tmp-")] == []
    assert list((tmp_path / "tmp").iterdir()) == []
    assert verify_library(str(library)).ok


def _differs(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference of two pictures of the same size (0-255)."""
    assert a.size == b.size, (a.size, b.size)
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


def test_a_frame_becomes_a_verified_photo_of_the_event(lib: Path, tmp_path: Path) -> None:
    folder, clip = clip_item(lib, "GOPR0001.MP4")
    backup = tmp_path / "respaldo"
    options = IngestOptions(library=str(lib), backup=str(backup))
    steps: list[tuple[int, int]] = []
    photo = save_frame(str(lib), folder, clip, 5.5, options, lambda d, t: steps.append((d, t)))

    assert photo.status == "copied" and not photo.duplicate
    assert photo.t == pytest.approx(5.4721, abs=1e-4)  # the frame shown at 5.5 s (29.97/s)
    assert photo.folder == folder and (photo.width, photo.height) == (848, 480)
    assert photo.path.startswith(os.path.relpath(folder, lib) + "/FOTO/")
    assert photo.path.endswith("_GOPR0001_cuadro_00m05.472s.jpg")
    assert _photos(lib) == [lib / photo.path] and (backup / photo.path).is_file()
    assert steps[0] == (0, 100) and steps[-1] == (100, 100)
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)

    record = next(i for i in read_items(folder) if i["path"] == photo.path)
    assert record == photo.item and record["id"] == photo.item["id"]
    assert record["event"] == EVENT and record["verified"]
    taken = datetime.fromisoformat(clip["capture_time"]) + timedelta(seconds=photo.t)
    assert record["capture_time"] == taken.replace(microsecond=0).isoformat()
    assert record["capture_time"] == "2019-11-18T15:45:37"
    assert record["capture_time_source"] == "ExifIFD:DateTimeOriginal"
    assert (record["make"], record["model"]) == ("GoPro", "GoPro Max")
    assert record["source_path"] == f"{clip['path']}#t={photo.t:.3f}"
    assert record["derived_from"] == {"id": clip["id"], "hash": clip["hash"], "t": 5.472}
    assert (record["hash"], record["folder_path"]) in read_manifest(folder)
    assert verify_library(str(lib)).ok and verify_library(str(backup)).ok
    assert list((tmp_path / "tmp").iterdir()) == []  # the temporary folder is gone

    image = pyexiv2.Image(str(lib / photo.path))
    try:
        exif, xmp = image.read_exif(), image.read_xmp()
    finally:
        image.close()
    assert exif["Exif.Photo.DateTimeOriginal"] == "2019:11:18 15:45:37"
    assert exif["Exif.Photo.SubSecTimeOriginal"] == "472"
    assert "Exif.Photo.OffsetTimeOriginal" not in exif  # the clip's time has no offset
    assert xmp["Xmp.dc.source"] == f"Cuadro de video: {clip['folder_path']} a 00:00:05.472"
    assert xmp["Xmp.cobertura.sourcePath"] == clip["folder_path"]
    assert xmp["Xmp.cobertura.sourceHash"] == clip["hash"]
    assert xmp["Xmp.cobertura.sourceItem"] == clip["id"]
    assert float(xmp["Xmp.cobertura.sourceTime"]) == pytest.approx(photo.t, abs=5e-4)
    with Image.open(lib / photo.path) as saved:
        assert saved.format == "JPEG" and saved.size == (848, 480)


def test_a_portrait_clip_gives_an_upright_portrait_photo(lib: Path, tmp_path: Path) -> None:
    folder, clip = clip_item(lib, "IMG_0001.MOV")  # coded 568x320, shown 320x568
    photo = save_frame(str(lib), folder, clip, 0.99)  # the frame shown from 0.9667 s
    assert (photo.width, photo.height) == (320, 568)
    assert photo.item["capture_time"] == "2019-07-24T11:25:40+03:00"  # 40.97 s: same second
    photo2 = save_frame(str(lib), folder, clip, 2.5)
    assert photo2.item["capture_time"] == "2019-07-24T11:25:42+03:00"
    assert photo2.item["capture_time_local"] == "2019-07-24T03:25:42"  # Mexico City, UTC-5
    assert photo2.item["gps"] == clip["gps"]

    # ffmpeg's own upright frame (it applies the display matrix) is the same picture; the
    # same frame turned the other way is not.
    reference = tmp_path / "ffmpeg.png"
    subprocess.run(
        [find_ffmpeg(), "-v", "error", "-ss", ffmpeg_seconds(photo2.t, round_down=True),
         "-i", os.path.join(folder, clip["folder_path"]), "-frames:v", "1", str(reference)],
        check=True,
    )  # fmt: skip
    with Image.open(lib / photo2.path) as ours, Image.open(reference) as theirs:
        assert ours.size == theirs.size == (320, 568)
        assert _differs(ours, theirs) < 4
        assert _differs(ours, theirs.transpose(Image.Transpose.ROTATE_180)) > 20


def test_the_same_frame_saved_twice_is_already_there(lib: Path) -> None:
    folder, clip = clip_item(lib, "IMG_0001.MOV")
    first = save_frame(str(lib), folder, clip, 2.0)
    again = save_frame(str(lib), folder, clip, first.t + 0.01)  # the same frame, shown on
    assert again.status == "already" and again.duplicate
    assert (again.path, again.item["id"]) == (first.path, first.item["id"])
    assert again.to_json()["duplicate"] is True and again.to_json()["item_id"] == first.item["id"]
    assert _photos(lib) == [lib / first.path]
    assert sum(1 for i in read_items(folder) if "_cuadro_" in i["path"]) == 1
    other = save_frame(str(lib), folder, clip, 3.0)  # another frame: another photo
    assert other.status == "copied" and len(_photos(lib)) == 2


def test_a_clip_without_capture_time_gives_a_photo_without_one(lib: Path) -> None:
    folder, clip = clip_item(lib, "PICT0001.AVI")
    assert clip["capture_time_source"] == "FileModifyDate"
    photo = save_frame(str(lib), folder, clip, 1.0)
    assert photo.item["capture_time_source"] == "FileModifyDate"
    assert [p.type for p in photo.problems] == [ProblemType.NO_CAPTURE_TIME]
    assert photo.problems[0].path == f"{clip['path']}#t={photo.t:.3f}"
    taken = datetime.fromisoformat(clip["capture_time"]) + timedelta(seconds=photo.t)
    assert photo.item["capture_time"] == taken.replace(microsecond=0).isoformat()
    image = pyexiv2.Image(str(lib / photo.path))
    try:
        assert "Exif.Photo.DateTimeOriginal" not in image.read_exif()  # nothing claimed
    finally:
        image.close()


@pytest.mark.parametrize("at", [-0.5, 4.1, 60.0])
def test_a_time_outside_the_clip_is_named_and_nothing_is_left(
    lib: Path, tmp_path: Path, at: float
) -> None:
    folder, clip = clip_item(lib, "IMG_0001.MOV")  # 4.002 s
    with pytest.raises(FrameError) as caught:
        save_frame(str(lib), folder, clip, at)
    assert caught.value.problem.type is ProblemType.OUT_OF_RANGE
    assert caught.value.problem.path == clip["path"]
    assert "4.002" in caught.value.problem.detail
    _nothing_left(lib, tmp_path)


def test_the_last_frame_is_at_the_clips_end(lib: Path) -> None:
    folder, clip = clip_item(lib, "IMG_0001.MOV")
    photo = save_frame(str(lib), folder, clip, clip["duration"])
    assert clip["duration"] - 0.1 < photo.t < clip["duration"]


def test_a_missing_or_unreadable_clip_is_named(lib: Path, tmp_path: Path) -> None:
    folder, clip = clip_item(lib, "IMG_0001.MOV")
    path = Path(folder) / clip["folder_path"]
    path.write_bytes(b"\x00\x00\x00\x20ftypisom" + b"\x00" * 20)  # 32 bytes: not a clip
    with pytest.raises(FrameError) as caught:
        save_frame(str(lib), folder, clip, 1.0)
    assert caught.value.problem.type is ProblemType.UNREADABLE
    path.unlink()
    with pytest.raises(FrameError) as caught:
        save_frame(str(lib), folder, clip, 1.0)
    assert caught.value.problem.type is ProblemType.MISSING
    assert str(caught.value.problem) == f"{clip['path']}: el archivo no está en la biblioteca"
    assert _photos(lib) == [] and list((tmp_path / "tmp").iterdir()) == []


def test_a_photo_is_not_a_clip(lib: Path) -> None:
    folder, photo = clip_item(lib, PHOTO)
    with pytest.raises(ValueError, match="no es un video"):
        save_frame(str(lib), folder, photo, 1.0)


def test_cancel_before_or_during_the_copy_leaves_nothing(lib: Path, tmp_path: Path) -> None:
    folder, clip = clip_item(lib, "GOPR0001.MP4")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        save_frame(str(lib), folder, clip, 2.0, cancel=token)
    _nothing_left(lib, tmp_path)

    token = CancelToken()
    seen: list[int] = []

    def cancel_in_the_ingest(done: int, total: int) -> None:
        seen.append(done)
        if done > 50:  # the ingest stage has begun copying
            token.cancel()

    with pytest.raises(Cancelled):
        save_frame(str(lib), folder, clip, 2.0, progress=cancel_in_the_ingest, cancel=token)
    assert any(50 < done < 100 for done in seen)  # cancelled while the ingest ran
    _nothing_left(lib, tmp_path)


class _Refusing:
    """``media.transfer``'s view of ``os`` on a disk that refuses every write."""

    def __init__(self, code: int) -> None:
        self.code = code

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def write(self, fd: int, data: Any) -> int:
        raise OSError(self.code, os.strerror(self.code))


@pytest.mark.parametrize(
    ("code", "ptype"),
    [(errno.ENOSPC, ProblemType.DISK_FULL), (errno.EROFS, ProblemType.WRITE_ERROR)],
)
def test_a_full_or_read_only_library_is_named_and_nothing_is_left(
    lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, ptype: ProblemType
) -> None:
    folder, clip = clip_item(lib, "GOPR0001.MP4")
    monkeypatch.setattr(transfer, "os", _Refusing(code))
    with pytest.raises(FrameError) as caught:
        save_frame(str(lib), folder, clip, 2.0)
    assert caught.value.problem.type is ptype
    assert caught.value.problem.path.startswith(clip["path"] + "#t=")
    monkeypatch.undo()
    _nothing_left(lib, tmp_path)
    assert not [i for i in read_items(folder) if "_cuadro_" in i["path"]]


def test_still_times_come_from_the_pick_cache_without_decoding(lib: Path) -> None:
    folder, clip = clip_item(lib, "GOPR0001.MP4")
    assert still_times(folder, clip) == []
    cache = ScoreCache(event_cache_dir(folder))
    stills = [{"t": 7.2, "motion": 0.0, "score": {}}, {"t": 1.5, "motion": 0.1, "score": {}}]
    cache.put(clip["hash"], {"kind": "video", "stills": stills})
    cache.flush()
    assert still_times(folder, clip) == [7.2, 1.5]


def test_non_square_pixels_are_stretched_to_their_shown_shape() -> None:
    hdv = Image.new("RGB", (1440, 1080))
    assert square_pixels(hdv, Fraction(4, 3), turned=False).size == (1920, 1080)
    dv = Image.new("RGB", (720, 480))
    assert square_pixels(dv, Fraction(8, 9), turned=False).size == (720, 540)
    upright = Image.new("RGB", (1080, 1440))  # an HDV frame turned a quarter: taller pixels
    assert square_pixels(upright, Fraction(4, 3), turned=True).size == (1080, 1920)
    assert square_pixels(hdv, Fraction(1), turned=False) is hdv
