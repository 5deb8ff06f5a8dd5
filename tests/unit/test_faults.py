"""Ingest under faults: SIGKILL at random moments, read errors, a full disk, unreadable files.

The SIGKILL test drives real ``python main.py ingest`` processes (see ``tests/kill_resume.py``);
the others inject the fault in-process by replacing the small I/O functions of
``media.transfer`` (we run as root, so permissions cannot make a file unreadable).
"""

from __future__ import annotations

import errno
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import main as cobertura_main
import media.ingest as ingest_mod
import media.transfer as transfer
from media.catalog import read_items
from media.ingest import IngestOptions, ingest
from media.ingest_report import IngestReport
from media.library import STATE_DIR, event_folders
from media.models import ProblemType
from media.verify import verify_library

ROOT = Path(__file__).resolve().parents[2]


def _load_kill_resume() -> Any:
    spec = importlib.util.spec_from_file_location("kill_resume", ROOT / "tests" / "kill_resume.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


kill_resume = _load_kill_resume()


# --- helpers -------------------------------------------------------------------------------


def _items(library: Path) -> list[dict[str, Any]]:
    return [item for folder in event_folders(str(library)) for item in read_items(folder)]


def _leftovers(library: Path) -> list[str]:
    """Temporary or partial files anywhere in the library."""
    return kill_resume.temporaries(library)


def _media_files(library: Path) -> set[str]:
    return {
        p.relative_to(library).as_posix()
        for p in library.rglob("*")
        if p.is_file() and STATE_DIR not in p.parts
    }


def _card(tmp_path: Path, samples: Path, extra: dict[str, int]) -> Path:
    """Three real sample photos plus generated files of the given sizes (unique bytes)."""
    card = tmp_path / "card" / "DCIM" / "100CANON"
    card.mkdir(parents=True)
    for i, name in enumerate(("canon_eos_7d.jpg", "sony_dsc-hx5v_gps.jpg", "htc_desire_gps.jpg")):
        shutil.copyfile(samples / "photos/jpeg" / name, card / f"IMG_{i + 1:04d}.JPG")
    for n, (name, size) in enumerate(extra.items()):
        (card / name).write_bytes(bytes([n + 1]) * 16 + os.urandom(size - 16))
    return tmp_path / "card"


def _by_name(report: IngestReport) -> dict[str, Any]:
    return {Path(r.source_path).name: r for r in report.results}


def _types(result: Any) -> set[ProblemType]:
    """The failing problems of a result (warnings such as ``corrupt`` left out)."""
    return {p.type for p in result.problems if p.fails}


# --- 1. SIGKILL at random moments, then resume ---------------------------------------------


def test_sigkill_at_random_moments_then_resume(
    tmp_path: Path, samples: Path, library: Path
) -> None:
    source = kill_resume.build_source(samples, tmp_path / "card", seed=20260115)
    assert len(kill_resume.content_hashes(source)) >= 40

    # The card also grows by a file or two between rounds (see kill_resume.py).
    figures = kill_resume.kill_and_resume(source, library, kills=20, seed=20260115)
    assert figures["kills"] >= 20, figures["rounds"]
    # Invariants checked after every single kill: verify passes, no duplicate in a catalog.
    assert figures["broken"] == []
    # The schedule does not only hit start-up and the gaps between files.
    assert figures["mid_copy_kills"] >= 3, figures["rounds"]
    expected = kill_resume.content_hashes(source)
    assert len(set(expected.values())) == len(expected)

    # The run that is let finish. Every file of this card is media and readable, so no file
    # may fail: exit 0 (exit 1 would mean a file with a failing problem, e.g. not_media or
    # read_error, which this card does not have; warnings such as corrupt do not count).
    code, lines = kill_resume.run_ingest(source, library)
    summary = lines[-1]
    assert code == 0, summary
    assert summary["type"] == "summary" and summary["failed"] == 0
    assert summary["safe_to_format"] is True
    assert summary["copied"] + summary["already"] == len(expected) - 1  # the XMP is a sidecar

    verified = subprocess.run(
        [sys.executable, "main.py", "verify", "--library", str(library)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert verified.returncode == 0, verified.stderr

    listed = subprocess.run(
        [sys.executable, "main.py", "catalog", "--library", str(library), "--json"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    items = [json.loads(line) for line in listed.stdout.splitlines()]
    hashes = [i["hash"] for i in items] + [s["hash"] for i in items for s in i["sidecars"]]
    paths = [i["path"] for i in items] + [s["path"] for i in items for s in i["sidecars"]]
    assert len(hashes) == len(set(hashes)), "an item is in the catalog twice"
    assert len(paths) == len(set(paths)), "two items share a path"
    assert set(hashes) == set(expected.values()), "an item is missing"
    assert len(items) == len(expected) - 1

    state = kill_resume.catalog_state(library)
    assert state["unlisted"] == [], "a file in the library that no manifest lists"
    assert len(state["on_disk"]) == len(expected)
    assert _leftovers(library) == []

    # And once more: nothing is copied twice.
    code, lines = kill_resume.run_ingest(source, library)
    assert code == 0 and lines[-1]["copied"] == 0 and lines[-1]["already"] == len(items)


def test_killed_between_a_manifest_and_its_catalog_still_verifies(
    tmp_path: Path, samples: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The narrowest window the random kills found: a commit writes the event folder's
    manifest, then its catalog; the process dies in between. ``verify`` must still pass
    and the next run must adopt the files, not copy them again."""
    from media.atomic import AtomicJSONStorage

    class Killed(BaseException):
        pass

    def write(self: AtomicJSONStorage, data: Any) -> None:
        raise Killed()

    card = _card(tmp_path, samples, {"MVI_0040.MP4": 100_000})
    with monkeypatch.context() as m:
        m.setattr(AtomicJSONStorage, "write", write)
        with pytest.raises(Killed):
            ingest([str(card)], IngestOptions(library=str(library)))
    manifests = list(library.rglob("manifest.xxh128"))
    assert manifests and manifests[0].read_text()  # the manifest was written, then the kill
    assert _items(library) == []
    assert verify_library(str(library)).ok

    again = ingest([str(card)], IngestOptions(library=str(library)))
    assert again.count("already") == 4 and again.safe_to_format
    assert kill_resume.catalog_state(library)["unlisted"] == []
    assert verify_library(str(library)).checked == 4


# --- 2. A read error in the middle of a file -----------------------------------------------


def _fail_reads_of(monkeypatch: pytest.MonkeyPatch, victim: str, good_chunks: int = 1) -> None:
    """Reads of ``victim`` give ``good_chunks`` chunks, then EIO; other files read normally."""
    real_open, real_read = transfer.open_source, transfer.read_chunk
    victims: dict[int, int] = {}  # fd -> chunks read so far

    def open_source(path: str) -> int:
        fd = real_open(path)
        if os.path.realpath(path) == os.path.realpath(victim):
            victims[fd] = 0
        else:
            victims.pop(fd, None)
        return fd

    def read_chunk(fd: int, buf: memoryview) -> int:
        if fd in victims:
            if victims[fd] >= good_chunks:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            victims[fd] += 1
        return real_read(fd, buf)

    monkeypatch.setattr(transfer, "open_source", open_source)
    monkeypatch.setattr(transfer, "read_chunk", read_chunk)


def test_read_error_mid_file_fails_that_file_and_the_rest_go_on(
    tmp_path: Path, samples: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = _card(
        tmp_path, samples, {"MVI_0010.MP4": 300_000, "MVI_0011.MP4": 310_000, "B.JPG": 90_000}
    )
    victim = card / "DCIM/100CANON/MVI_0010.MP4"
    written: list[int] = []
    real_write = transfer._Destination.write

    def write(dest: Any, data: memoryview) -> None:
        written.append(len(data))
        real_write(dest, data)

    with monkeypatch.context() as m:
        m.setattr(transfer, "CHUNK", 64 * 1024)
        _fail_reads_of(m, str(victim))
        m.setattr(transfer._Destination, "write", write)
        report = ingest([str(card)], IngestOptions(library=str(library)))

    results = _by_name(report)
    bad = results["MVI_0010.MP4"]
    assert bad.status == "failed" and _types(bad) == {ProblemType.READ_ERROR}
    assert 64 * 1024 in written  # the first chunk had reached the temporary file
    others = [r for name, r in results.items() if name != "MVI_0010.MP4"]
    assert len(others) == 5 and all(r.status == "copied" for r in others)
    assert report.safe_to_format is False and report.stopped is None
    assert {i["source_path"] for i in _items(library)} == {r.source_path for r in others}
    assert len(_media_files(library)) == 5  # nothing of the failed file, partial or whole
    assert _leftovers(library) == []
    assert verify_library(str(library)).ok

    # Once the card reads again, the same command copies the one missing file.
    again = ingest([str(card)], IngestOptions(library=str(library)))
    assert again.count("copied") == 1 and again.count("already") == 5
    assert again.safe_to_format


def test_read_error_on_a_sidecar_of_a_resumed_copy_fails_only_that_file(
    tmp_path: Path, samples: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run died after placing a clip and its XMP, before recording them; the next run
    re-reads the card's XMP to adopt the copy, and that read fails."""
    card = _card(tmp_path, samples, {"MVI_0020.MP4": 200_000})
    xmp = card / "DCIM/100CANON/MVI_0020.XMP"
    xmp.write_text('<x:xmpmeta xmlns:x="adobe:ns:meta/"/>', encoding="utf-8")
    with monkeypatch.context() as m:
        m.setattr(ingest_mod, "_commit", lambda roots: None)  # dies before any commit
        first = ingest([str(card)], IngestOptions(library=str(library)))
    assert first.count("copied") == 4 and _items(library) == []
    with monkeypatch.context() as m:
        _fail_reads_of(m, str(xmp), good_chunks=0)
        report = ingest([str(card)], IngestOptions(library=str(library)))

    results = _by_name(report)
    assert results["MVI_0020.MP4"].status == "failed"
    assert _types(results["MVI_0020.MP4"]) == {ProblemType.READ_ERROR}
    assert [r.status for n, r in results.items() if n != "MVI_0020.MP4"] == ["already"] * 3
    assert len(_items(library)) == 3 and verify_library(str(library)).ok
    assert _leftovers(library) == []


# --- 3. The destination disk fills up ------------------------------------------------------


class _FullDisk:
    """``media.transfer``'s view of ``os``: writes succeed until ``room`` bytes, then ENOSPC.

    The write that crosses the limit is short, the next one fails, as on a real disk.
    """

    def __init__(self, room: int) -> None:
        self.room = room
        self.refused = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def write(self, fd: int, data: Any) -> int:
        if self.room <= 0:
            self.refused += 1
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = os.write(fd, bytes(data[: self.room]))
        self.room -= n
        return n


def _full_disk_card(tmp_path: Path, samples: Path) -> Path:
    # Sorted names put the three samples (IMG_*) first, then A, B, C.
    return _card(
        tmp_path,
        samples,
        {"MVI_A.MP4": 400_000, "MVI_B.MP4": 410_000, "MVI_C.MP4": 420_000},
    )


def _room_for_samples_and_half_of_a(card: Path) -> int:
    folder = card / "DCIM/100CANON"
    photos = sum(p.stat().st_size for p in folder.glob("IMG_*.JPG"))
    return photos + 200_000


def test_full_disk_stops_the_run_and_leaves_no_partial_file(
    tmp_path: Path, samples: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = _full_disk_card(tmp_path, samples)
    disk = _FullDisk(_room_for_samples_and_half_of_a(card))
    with monkeypatch.context() as m:
        m.setattr(transfer, "CHUNK", 64 * 1024)
        m.setattr(transfer, "os", disk)
        report = ingest([str(card)], IngestOptions(library=str(library)))

    assert disk.refused == 1  # the run stopped at the first refusal, it did not keep trying
    results = _by_name(report)
    assert [results[f"IMG_{i:04d}.JPG"].status for i in (1, 2, 3)] == ["copied"] * 3
    assert results["MVI_A.MP4"].status == "failed"
    assert _types(results["MVI_A.MP4"]) == {ProblemType.DISK_FULL}
    for name in ("MVI_B.MP4", "MVI_C.MP4"):
        assert results[name].status == "failed" and _types(results[name]) == {
            ProblemType.CANCELLED
        }
    assert report.stopped is not None and report.stopped.type is ProblemType.DISK_FULL
    assert report.safe_to_format is False
    # Files copied before the disk filled up are committed and verified; nothing partial.
    assert len(_items(library)) == 3 and len(_media_files(library)) == 3
    assert _leftovers(library) == []
    assert verify_library(str(library)).ok

    # With room again, the same command finishes the job.
    again = ingest([str(card)], IngestOptions(library=str(library)))
    assert again.count("copied") == 3 and again.count("already") == 3 and again.safe_to_format


def test_full_disk_on_the_command_line(
    tmp_path: Path,
    samples: Path,
    library: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(transfer, "CHUNK", 64 * 1024)
    card = _full_disk_card(tmp_path, samples)
    room = _room_for_samples_and_half_of_a(card)

    monkeypatch.setattr(transfer, "os", _FullDisk(room))
    code = cobertura_main.main(["ingest", str(card), "--library", str(library)])
    err = capsys.readouterr().err
    assert code == 1
    assert "disco de destino lleno" in err  # the file's line and the closing "Detenido: ..."
    assert "Detenido: disco de destino lleno" in err
    assert "¿Se puede formatear la tarjeta? NO" in err

    shutil.rmtree(library)
    monkeypatch.setattr(transfer, "os", _FullDisk(room))
    code = cobertura_main.main(["ingest", str(card), "--library", str(library), "--json"])
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1
    summary = out[-1]
    assert summary["type"] == "summary" and summary["safe_to_format"] is False
    assert summary["stopped"]["type"] == "disk_full"
    files = {Path(o["source_path"]).name: o for o in out if o["type"] == "file"}
    assert [p["type"] for p in files["MVI_A.MP4"]["problems"]] == ["disk_full"]
    assert _leftovers(library) == []


# --- 4. A file that cannot be opened -------------------------------------------------------


def test_unreadable_file_is_named_and_the_rest_go_on(
    tmp_path: Path, samples: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = _card(tmp_path, samples, {"MVI_0030.MP4": 150_000, "MVI_0031.MP4": 160_000})
    victim = os.path.realpath(card / "DCIM/100CANON/IMG_0002.JPG")
    real_open = transfer.open_source

    def open_source(path: str) -> int:
        if os.path.realpath(path) == victim:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_open(path)

    with monkeypatch.context() as m:
        m.setattr(transfer, "open_source", open_source)
        report = ingest([str(card)], IngestOptions(library=str(library)))

    results = _by_name(report)
    assert results["IMG_0002.JPG"].status == "failed"
    assert _types(results["IMG_0002.JPG"]) == {ProblemType.UNREADABLE}
    others = [r for n, r in results.items() if n != "IMG_0002.JPG"]
    assert len(others) == 4 and all(r.status == "copied" for r in others)
    assert report.safe_to_format is False and report.stopped is None
    assert len(_items(library)) == 4 and _leftovers(library) == []
    assert verify_library(str(library)).ok
