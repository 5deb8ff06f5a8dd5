"""Scanning cards: camera layouts, companions, system files, links, FIFOs."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from media.models import Kind, ProblemType
from media.scan import scan


def _touch(path: Path, data: bytes = b"\xff\xd8\xff\xe0 data") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_camera_layouts_and_companions(tmp_path: Path, samples: Path) -> None:
    card = tmp_path / "card"
    mp4 = (samples / "video/android_6.0.1_gps.mp4").read_bytes()
    _touch(card / "DCIM/100CANON/IMG_0001.JPG")
    _touch(card / "DCIM/100CANON/IMG_0001.CR3", b"\x00\x00\x00\x18ftypcrx raw")
    _touch(card / "DCIM/100CANON/IMG_0001.xmp", b"<x:xmpmeta/>")
    _touch(card / "DCIM/100GOPRO/GH010123.MP4", mp4)
    _touch(card / "DCIM/100GOPRO/GL010123.LRV", mp4[:1000])
    _touch(card / "DCIM/100GOPRO/GH010123.THM", b"\xff\xd8\xff thumb")
    _touch(card / "PRIVATE/M4ROOT/CLIP/C0001.MP4", mp4)
    _touch(card / "PRIVATE/M4ROOT/CLIP/C0001M01.XML", b"<NonRealTimeMeta/>")
    _touch(card / "PRIVATE/M4ROOT/MEDIAPRO.XML", b"<x/>")
    _touch(card / "PRIVATE/AVCHD/BDMV/STREAM/00000.MTS", b"\x00\x00\x00\x00G data")
    _touch(card / "PRIVATE/AVCHD/BDMV/CLIPINF/00000.CPI", b"x")
    _touch(card / "ZOOM0001/ZOOM0001_LR.WAV", b"RIFF\x00\x00\x00\x00WAVEfmt ")
    _touch(card / "DCIM/CANONMSC/M0100.CTG", b"x")
    _touch(card / ".Trashes/501/IMG_0009.JPG")
    _touch(card / "System Volume Information/IndexerVolumeGuid", b"x")
    _touch(card / "DCIM/100CANON/._IMG_0001.JPG", b"x")
    _touch(card / ".DS_Store", b"x")

    result = scan(str(card))

    by_rel = {f.rel: f for f in result.files}
    assert set(by_rel) == {
        "DCIM/100CANON/IMG_0001.JPG",
        "DCIM/100CANON/IMG_0001.CR3",
        "DCIM/100GOPRO/GH010123.MP4",
        "PRIVATE/M4ROOT/CLIP/C0001.MP4",
        "PRIVATE/AVCHD/BDMV/STREAM/00000.MTS",
        "ZOOM0001/ZOOM0001_LR.WAV",
    }
    assert [c.rel for c in by_rel["DCIM/100CANON/IMG_0001.CR3"].companions] == [
        "DCIM/100CANON/IMG_0001.xmp"
    ]
    assert sorted(c.rel for c in by_rel["DCIM/100GOPRO/GH010123.MP4"].companions) == [
        "DCIM/100GOPRO/GH010123.THM",
        "DCIM/100GOPRO/GL010123.LRV",
    ]
    assert [c.rel for c in by_rel["PRIVATE/M4ROOT/CLIP/C0001.MP4"].companions] == [
        "PRIVATE/M4ROOT/CLIP/C0001M01.XML"
    ]
    assert by_rel["ZOOM0001/ZOOM0001_LR.WAV"].kind is Kind.AUDIO
    assert by_rel["PRIVATE/AVCHD/BDMV/STREAM/00000.MTS"].kind is Kind.VIDEO
    assert set(result.layouts) == {"dcim", "gopro", "sony_xavc", "avchd", "recorder"}
    assert result.problems == []
    assert result.skipped_housekeeping >= 6
    assert result.counts() == {"photo": 2, "video": 3, "audio": 1, "sidecar": 0}


def test_fifo_named_like_a_photo_is_skipped_without_blocking(tmp_path: Path) -> None:
    card = tmp_path / "card"
    _touch(card / "DCIM/IMG_0001.JPG")
    os.mkfifo(card / "DCIM/IMG_0002.JPG")
    done: list = []
    worker = threading.Thread(target=lambda: done.append(scan(str(card))), daemon=True)
    worker.start()
    worker.join(timeout=10)
    assert done, "scan blocked on a FIFO"
    result = done[0]
    assert [f.rel for f in result.files] == ["DCIM/IMG_0001.JPG"]
    assert [(p.type, Path(p.path).name) for p in result.problems] == [
        (ProblemType.SPECIAL_FILE, "IMG_0002.JPG")
    ]


def test_fifo_without_extension_is_never_opened(tmp_path: Path) -> None:
    card = tmp_path / "card"
    card.mkdir()
    os.mkfifo(card / "mystery")
    result = scan(str(card))
    assert [p.type for p in result.problems] == [ProblemType.SPECIAL_FILE]


def test_symlinks_never_lead_out_of_the_source_and_loops_end(tmp_path: Path) -> None:
    outside = _touch(tmp_path / "secret" / "private.jpg")
    card = tmp_path / "card"
    _touch(card / "DCIM/100/IMG_1.JPG")
    os.symlink(outside, card / "DCIM/100/escape.jpg")
    os.symlink(tmp_path / "secret", card / "DCIM/escape_dir")
    os.symlink(card / "DCIM", card / "DCIM/100/loop")  # a cycle back up the tree
    os.symlink(card / "DCIM/100/IMG_1.JPG", card / "DCIM/inside_link.jpg")
    os.symlink(tmp_path / "nowhere.jpg", card / "DCIM/dangling.jpg")

    result = scan(str(card))

    rels = sorted(f.rel for f in result.files)
    assert "DCIM/100/escape.jpg" not in rels
    assert not any(f.path.startswith(str(tmp_path / "secret")) for f in result.files)
    assert "DCIM/inside_link.jpg" in rels and "DCIM/100/IMG_1.JPG" in rels
    problems = {Path(p.path).name: p.type for p in result.problems}
    assert problems["escape.jpg"] is ProblemType.SYMLINK_OUTSIDE
    assert problems["escape_dir"] is ProblemType.SYMLINK_OUTSIDE
    assert problems["loop"] is ProblemType.SYMLINK_OUTSIDE
    assert problems["dangling.jpg"] is ProblemType.SYMLINK_OUTSIDE


def test_empty_and_non_media_files_get_named_problems(tmp_path: Path) -> None:
    card = tmp_path / "card"
    _touch(card / "DCIM/EMPTY.JPG", b"")
    _touch(card / "notes.txt", b"hola")
    _touch(card / "DCIM/no_extension", b"\xff\xd8\xff\xe1 a jpeg")
    result = scan(str(card))
    assert [f.rel for f in result.files] == ["DCIM/no_extension"]
    assert {(Path(p.path).name, p.type) for p in result.problems} == {
        ("EMPTY.JPG", ProblemType.EMPTY),
        ("notes.txt", ProblemType.NOT_MEDIA),
    }


def test_every_sample_is_classified(samples: Path, truth: dict) -> None:
    result = scan(str(samples))
    assert {f.rel: f.kind.value for f in result.files} == {k: v["kind"] for k, v in truth.items()}
    assert {Path(p.path).name for p in result.problems} == {
        "README.md",
        "LICENSE-SOURCES.md",
        "truth.json",
    }


def test_unreadable_folder_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    card = tmp_path / "card"
    _touch(card / "DCIM/A/IMG_1.JPG")
    _touch(card / "DCIM/B/IMG_2.JPG")
    real_scandir = os.scandir

    def scandir(path):  # root reads any folder, so the refusal is simulated
        if str(path).endswith("/DCIM/A"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr("media.scan.os.scandir", scandir)
    result = scan(str(card))
    assert [f.rel for f in result.files] == ["DCIM/B/IMG_2.JPG"]
    assert [p.type for p in result.problems] == [ProblemType.UNREADABLE]


def test_single_file_source(tmp_path: Path, samples: Path) -> None:
    src = tmp_path / "IMG.jpg"
    shutil.copy(samples / "photos/jpeg/canon_eos_7d.jpg", src)
    result = scan(str(src))
    assert [f.rel for f in result.files] == ["IMG.jpg"]
