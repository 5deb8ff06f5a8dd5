"""Ingest end to end, in-process, on real sample media."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from media.catalog import read_items, read_manifest
from media.ingest import IngestOptions, ingest
from media.library import STATE_DIR, event_folders
from media.locking import LibraryBusy, LibraryLock
from media.models import CancelToken, ProblemType
from media.verify import verify_library


def _all_items(library: Path) -> list[dict]:
    return [item for folder in event_folders(str(library)) for item in read_items(folder)]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files_outside_state(library: Path) -> set[str]:
    return {
        str(p.relative_to(library))
        for p in library.rglob("*")
        if p.is_file() and STATE_DIR not in p.parts
    }


@pytest.fixture(scope="module")
def samples_ingested(tmp_path_factory: pytest.TempPathFactory, samples: Path):
    library = tmp_path_factory.mktemp("lib") / "biblioteca"
    progress: list[tuple[int, int]] = []
    report = ingest(
        [str(samples)], IngestOptions(library=str(library)), lambda d, t: progress.append((d, t))
    )
    return library, report, progress


def test_every_sample_is_ingested_or_named(samples_ingested, truth: dict, samples: Path) -> None:
    library, report, _ = samples_ingested
    by_source = {os.path.relpath(r.source_path, samples): r for r in report.results}
    assert set(by_source) == set(truth) | {"README.md", "LICENSE-SOURCES.md", "truth.json"}
    for rel in truth:
        assert by_source[rel].status == "copied", (rel, by_source[rel].problems)
    for rel in ("README.md", "LICENSE-SOURCES.md", "truth.json"):
        assert [p.type for p in by_source[rel].problems] == [ProblemType.NOT_MEDIA]
    # Not-media files stay behind on the card, so it is not safe to format.
    assert report.safe_to_format is False


def test_catalog_agrees_with_truth(samples_ingested, truth: dict, samples: Path) -> None:
    library, _, _ = samples_ingested
    items = {os.path.relpath(i["source_path"], samples): i for i in _all_items(library)}
    assert set(items) == set(truth)
    for rel, entry in truth.items():
        item = items[rel]
        assert item["size"] == entry["size_bytes"]
        assert item["kind"] == entry["kind"]
        assert (library / item["path"]).is_file()
        assert _digest(library / item["path"]) == entry["sha256"], rel
        if entry["capture_time"]:
            assert item["capture_time"] == entry["capture_time"], rel
        else:
            assert item["capture_time_source"] in ("FileModifyDate", "ExifIFD:DateTimeOriginal")
            if item["capture_time_source"] == "FileModifyDate":
                assert "no_capture_time" in item["problems"]
        assert item["event"] is None
        assert " Sin evento/" in item["path"]


def test_layout_of_the_library(samples_ingested) -> None:
    library, _, _ = samples_ingested
    for item in _all_items(library):
        year, folder, kind_folder, name = item["path"].split("/")
        assert folder.startswith(year + "-") and folder.endswith(" Sin evento")
        assert kind_folder == {"photo": "FOTO", "video": "VIDEO", "audio": "AUDIO"}[item["kind"]]
        local = item["capture_time_local"]
        assert name.startswith(f"{local[:10]}_{local[11:13]}{local[14:16]}{local[17:19]}_")
    # The iPhone MOV was shot at 15:27 UTC+8: 01:27 in Mexico City, the same day.
    iphone = [
        i for i in _all_items(library) if i["original_name"] == "apple_iphonex_date_conflict.mov"
    ]
    assert iphone[0]["capture_time_local"] == "2019-02-12T01:27:12"


def test_manifests_cover_every_file_and_verify_passes(samples_ingested) -> None:
    library, _, _ = samples_ingested
    listed = set()
    for folder in event_folders(str(library)):
        for _, rel in read_manifest(folder):
            listed.add(os.path.relpath(os.path.join(folder, rel), library))
    assert listed == _files_outside_state(library)
    assert verify_library(str(library)).ok


def test_progress_reaches_the_total(samples_ingested) -> None:
    _, report, progress = samples_ingested
    assert progress[-1] == (report.total_bytes, report.total_bytes)
    assert all(a[0] <= b[0] for a, b in zip(progress, progress[1:], strict=False))


def test_the_same_card_twice_copies_nothing(tmp_path: Path, samples: Path, library: Path) -> None:
    card = tmp_path / "card"
    shutil.copytree(samples / "photos/burst", card / "DCIM/100NIKON")
    shutil.copytree(samples / "audio", card / "ZOOM")
    first = ingest([str(card)], IngestOptions(library=str(library)))
    before = {p: p.stat().st_mtime_ns for p in library.rglob("*") if p.is_file()}
    second = ingest([str(card)], IngestOptions(library=str(library)))
    assert first.count("copied") == 11 and first.count("failed") == 0
    assert second.count("copied") == 0 and second.count("already") == 11
    assert second.safe_to_format
    after = {p: p.stat().st_mtime_ns for p in library.rglob("*") if p.is_file()}
    assert {p: m for p, m in after.items() if STATE_DIR not in p.parts} == {
        p: m for p, m in before.items() if STATE_DIR not in p.parts
    }


def test_same_content_under_two_names_is_copied_once(
    tmp_path: Path, samples: Path, library: Path
) -> None:
    card = tmp_path / "card"
    (card / "A").mkdir(parents=True)
    shutil.copy(samples / "photos/jpeg/canon_eos_7d.jpg", card / "A/IMG_1.JPG")
    shutil.copy(samples / "photos/jpeg/canon_eos_7d.jpg", card / "A/IMG_1_copy.JPG")
    report = ingest([str(card)], IngestOptions(library=str(library)))
    assert sorted(r.status for r in report.results) == ["already", "copied"]
    assert len(_all_items(library)) == 1


def test_two_different_files_with_the_same_name(
    tmp_path: Path, samples: Path, library: Path
) -> None:
    card = tmp_path / "card"
    same_time = 1_700_000_000
    for folder, sample in (
        ("100", "honor7x_176_S_sharp.jpg"),
        ("101", "honor7x_176_F_defocus.jpg"),
    ):
        (card / folder).mkdir(parents=True)
        shutil.copy(samples / "photos/blur" / sample, card / folder / "IMG_0001.JPG")
        # same name, no capture date, same file time: the same planned name, different bytes
        os.utime(card / folder / "IMG_0001.JPG", (same_time, same_time))
    report = ingest([str(card)], IngestOptions(library=str(library), template="{original}"))
    assert report.count("copied") == 2
    paths = sorted(r.path for r in report.results)
    assert [Path(p).name for p in paths] == ["IMG_0001-2.JPG", "IMG_0001.JPG"]
    renamed = [p for r in report.results for p in r.problems if p.type is ProblemType.NAME_CHANGED]
    assert len(renamed) == 1
    assert verify_library(str(library)).ok


def test_metadata_with_path_characters_stays_a_name(tmp_path: Path, library: Path) -> None:
    card = tmp_path / "card"
    card.mkdir()
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x0110] = "../../../../x"  # Model
    exif[0x010F] = "C:\\Windows\\evil"  # Make
    buf = io.BytesIO()
    image.save(buf, "JPEG", exif=exif)
    (card / "IMG_0001.JPG").write_bytes(buf.getvalue())
    (library / STATE_DIR).mkdir(parents=True)
    (library / STATE_DIR / "events.json").write_text(
        json.dumps({"ev": {"title": "../../etc", "start": "2026-01-15T10:00:00-06:00"}})
    )
    report = ingest(
        [str(card)],
        IngestOptions(library=str(library), template="{camera}_{event}_{original}", event_id="ev"),
    )
    assert report.count("copied") == 1
    dest = (library / report.results[0].path).resolve()
    assert dest.is_file()
    assert str(dest).startswith(str(library.resolve()) + os.sep)
    assert not (tmp_path / "x_IMG_0001.JPG").exists()
    assert dest.parent.parent.parent.parent == library.resolve()


def test_zero_byte_and_truncated_files(tmp_path: Path, samples: Path, library: Path) -> None:
    card = tmp_path / "card"
    card.mkdir()
    (card / "EMPTY.JPG").write_bytes(b"")
    whole = (samples / "photos/jpeg/sony_dsc-hx5v_gps.jpg").read_bytes()
    (card / "CUT.JPG").write_bytes(whole[: len(whole) // 2])
    (card / "CUT.MP4").write_bytes((samples / "video/android_6.0.1_gps.mp4").read_bytes()[:5000])
    report = ingest([str(card)], IngestOptions(library=str(library)))
    results = {Path(r.source_path).name: r for r in report.results}
    assert results["EMPTY.JPG"].status == "skipped"
    assert [p.type for p in results["EMPTY.JPG"].problems] == [ProblemType.EMPTY]
    assert results["CUT.JPG"].status == "copied"
    assert ProblemType.TRUNCATED in {p.type for p in results["CUT.JPG"].problems}
    # The truncated JPEG still has its EXIF header: its date is kept.
    item = [i for i in _all_items(library) if i["original_name"] == "CUT.JPG"][0]
    assert item["capture_time"] == "2010-05-15T17:12:05"
    assert results["CUT.MP4"].status == "copied"
    assert {p.type for p in results["CUT.MP4"].problems} & {
        ProblemType.CORRUPT,
        ProblemType.NO_CAPTURE_TIME,
    }
    assert report.safe_to_format  # an empty file leaves nothing behind


def test_backup_is_written_in_the_same_pass(
    tmp_path: Path, samples: Path, library: Path, monkeypatch
) -> None:
    card = tmp_path / "card"
    shutil.copytree(samples / "photos/burst", card / "DCIM/100NIKON")
    backup = tmp_path / "respaldo"
    import media.transfer as transfer

    opened: list[str] = []
    real_open = transfer.open_source
    monkeypatch.setattr(transfer, "open_source", lambda p: opened.append(p) or real_open(p))
    report = ingest([str(card)], IngestOptions(library=str(library), backup=str(backup)))
    assert report.count("copied") == 4 and report.safe_to_format
    card_reads = [p for p in opened if p.startswith(str(card))]
    assert len(card_reads) == 4  # the card is read once per file, for both copies
    assert {i["hash"] for i in _all_items(library)} == {i["hash"] for i in _all_items(backup)}
    assert verify_library(str(library)).ok and verify_library(str(backup)).ok
    # A second run with a new, empty backup copies only to the backup.
    backup2 = tmp_path / "respaldo2"
    again = ingest([str(card)], IngestOptions(library=str(library), backup=str(backup2)))
    assert again.count("copied") == 4
    assert len(_all_items(library)) == 4 and len(_all_items(backup2)) == 4


def test_sidecars_travel_with_their_file(tmp_path: Path, samples: Path, library: Path) -> None:
    card = tmp_path / "card" / "DCIM" / "100GOPRO"
    card.mkdir(parents=True)
    shutil.copy(samples / "video/gopro_max_gpmf_gps.mp4", card / "GS010042.MP4")
    (card / "GS010042.THM").write_bytes(b"\xff\xd8\xff thumbnail")
    (card / "GL010042.LRV").write_bytes(b"low resolution video")
    report = ingest([str(tmp_path / "card")], IngestOptions(library=str(library)))
    assert [r.status for r in report.results] == ["copied"]
    item = _all_items(library)[0]
    assert item["make"] == "GoPro" and item["capture_time"] == "2019-11-18T15:45:32"
    stem = Path(item["path"]).stem
    assert sorted(Path(s["path"]).name for s in item["sidecars"]) == [f"{stem}.LRV", f"{stem}.THM"]
    for side in item["sidecars"]:
        assert (library / side["path"]).is_file()
    assert len(_files_outside_state(library)) == 3
    assert verify_library(str(library)).ok


def test_event_folder_from_the_agenda(tmp_path: Path, samples: Path, library: Path) -> None:
    (library / STATE_DIR).mkdir(parents=True)
    (library / STATE_DIR / "events.json").write_text(
        json.dumps({"ev1": {"title": "Entrega de becas", "start": "2026-01-15T10:00:00"}})
    )
    card = tmp_path / "card"
    shutil.copytree(samples / "photos/burst", card)
    report = ingest([str(card)], IngestOptions(library=str(library), event_id="ev1"))
    assert report.count("copied") == 4
    folders = {os.path.relpath(f, library) for f in event_folders(str(library))}
    assert folders == {"2026/2026-01-15 Entrega de becas"}
    assert {i["event"] for i in _all_items(library)} == {"ev1"}


def test_cancel_stops_cleanly(tmp_path: Path, samples: Path, library: Path) -> None:
    card = tmp_path / "card"
    shutil.copytree(samples / "photos/burst", card)
    cancel = CancelToken()
    seen = []

    def on_file(result) -> None:
        seen.append(result)
        cancel.cancel()

    report = ingest(
        [str(card)], IngestOptions(library=str(library)), cancel=cancel, on_file=on_file
    )
    assert report.cancelled and not report.safe_to_format
    assert report.count("copied") == 1 and report.count("failed") == 3
    assert len(_all_items(library)) == 1
    assert not [p for p in library.rglob("*") if ".cobertura-tmp-" in p.name]
    resumed = ingest([str(card)], IngestOptions(library=str(library)))
    assert resumed.count("copied") == 3 and resumed.count("already") == 1


def test_a_busy_library_is_refused(library: Path, tmp_path: Path) -> None:
    lock = LibraryLock(str(library))
    lock.acquire()
    try:
        with pytest.raises(LibraryBusy):
            ingest([str(tmp_path)], IngestOptions(library=str(library)))
    finally:
        lock.release()


def test_sources_are_never_changed(samples: Path, truth: dict, samples_ingested) -> None:
    for rel, entry in truth.items():
        assert _digest(samples / rel) == entry["sha256"]


def test_verify_finds_a_changed_and_a_missing_file(
    tmp_path: Path, samples: Path, library: Path
) -> None:
    card = tmp_path / "card"
    shutil.copytree(samples / "photos/burst", card)
    ingest([str(card)], IngestOptions(library=str(library)))
    items = sorted(_all_items(library), key=lambda i: i["path"])
    changed, gone = library / items[0]["path"], library / items[1]["path"]
    data = bytearray(changed.read_bytes())
    data[1000] ^= 0xFF
    changed.write_bytes(bytes(data))
    gone.unlink()
    report = verify_library(str(library))
    assert not report.ok
    assert report.mismatched == [items[0]["path"]]
    assert report.missing == [items[1]["path"]]


def test_cancel_during_the_scan_copies_nothing_and_raises_nothing(
    library: Path, samples: Path
) -> None:
    cancel = CancelToken()
    cancel.cancel()
    report = ingest([str(samples)], IngestOptions(library=str(library)), cancel=cancel)
    assert report.cancelled and not report.safe_to_format
    assert report.results == [] and _all_items(library) == []
