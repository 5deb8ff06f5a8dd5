"""Copy file N+1 while file N is read back: the overlap is real, and the proof is unchanged
(a file counts, and is committed, only once its copies read back equal; results, commit
and cancel keep the order of the card)."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest

import media.ingest_copy as ingest_copy
import media.transfer as transfer
from media.catalog import read_items
from media.ingest import IngestOptions, ingest
from media.library import event_folders
from media.models import CancelToken, ProblemType
from media.verify import verify_library
from tests.kill_resume import catalog_state, temporaries


def _card(tmp_path: Path, sizes: list[int]) -> Path:
    """Clips of unique random bytes, named in the order the scan sorts them."""
    folder = tmp_path / "card" / "DCIM" / "100CANON"
    folder.mkdir(parents=True)
    for i, size in enumerate(sizes):
        (folder / f"MVI_{i + 1:04d}.MP4").write_bytes(bytes([i + 1]) * 16 + os.urandom(size))
    return tmp_path / "card"


def _items(library: Path) -> list[dict[str, Any]]:
    return [item for folder in event_folders(str(library)) for item in read_items(folder)]


def _failing(result: Any) -> list[ProblemType]:
    """The problems that keep a file out of the library (``corrupt`` and such left out:
    the clips here are random bytes)."""
    return [p.type for p in result.problems if p.fails]


def _names(report: Any) -> list[str]:
    return [Path(r.source_path).name for r in report.results]


def test_the_next_file_is_copied_while_the_previous_one_is_read_back(
    tmp_path: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = _card(tmp_path, [300_000, 200_000, 100_000])
    copying = {name: threading.Event() for name in ("MVI_0002.MP4", "MVI_0003.MP4")}
    overlapped: list[str] = []
    real_stage, real_verify = ingest_copy.stage_copy, transfer.StagedCopy.verify

    def stage_copy(source: str, *args: Any) -> transfer.StagedCopy:
        event = copying.get(Path(source).name)
        if event is not None:
            event.set()
        return real_stage(source, *args)

    def verify(self: transfer.StagedCopy, *args: Any) -> None:
        following = f"MVI_{int(Path(self.source).stem[-4:]) + 1:04d}.MP4"
        if following in copying and copying[following].wait(timeout=5):
            overlapped.append(Path(self.source).name)  # the next copy began meanwhile
        real_verify(self, *args)

    monkeypatch.setattr(ingest_copy, "stage_copy", stage_copy)
    monkeypatch.setattr(transfer.StagedCopy, "verify", verify)
    report = ingest([str(card)], IngestOptions(library=str(library)))

    assert overlapped == ["MVI_0001.MP4", "MVI_0002.MP4"]
    assert _names(report) == ["MVI_0001.MP4", "MVI_0002.MP4", "MVI_0003.MP4"]
    assert [r.status for r in report.results] == ["copied"] * 3 and report.safe_to_format
    assert len(_items(library)) == 3 and verify_library(str(library)).ok


def test_a_bad_read_back_fails_that_file_only_and_it_is_never_committed(
    tmp_path: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = _card(tmp_path, [200_000, 210_000, 220_000])
    real_read_chunk = transfer.read_chunk

    def read_chunk(fd: int, buf: memoryview) -> int:
        n = real_read_chunk(fd, buf)
        target = os.readlink(f"/proc/self/fd/{fd}")
        if target.endswith("MVI_0002.MP4.part") and n:
            buf[n // 2] ^= 0xFF  # the copy of the second clip reads back different
        return n

    monkeypatch.setattr(transfer, "read_chunk", read_chunk)
    committed: list[int] = []
    real_commit = ingest_copy.Root.commit

    def commit(root: ingest_copy.Root) -> None:
        committed.append(sum(len(items) for items in root.pending.values()))
        real_commit(root)

    monkeypatch.setattr(ingest_copy.Root, "commit", commit)
    report = ingest([str(card)], IngestOptions(library=str(library), commit_every=1))

    assert _names(report) == ["MVI_0001.MP4", "MVI_0002.MP4", "MVI_0003.MP4"]
    bad = report.results[1]
    assert bad.status == "failed"
    assert _failing(bad) == [ProblemType.VERIFY_FAILED]
    assert [r.status for r in (report.results[0], report.results[2])] == ["copied", "copied"]
    assert not report.safe_to_format and report.stopped is None
    assert committed[:2] == [1, 1]  # one verified file per commit, the bad one never
    names = sorted(Path(i["source_path"]).name for i in _items(library))
    assert names == ["MVI_0001.MP4", "MVI_0003.MP4"]
    assert temporaries(library) == [] and catalog_state(library)["unlisted"] == []
    assert verify_library(str(library)).ok

    monkeypatch.setattr(transfer, "read_chunk", real_read_chunk)
    again = ingest([str(card)], IngestOptions(library=str(library)))
    assert [r.status for r in again.results] == ["already", "copied", "already"]
    assert again.safe_to_format


def test_cancel_during_a_read_back_places_nothing_of_that_file(
    tmp_path: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = _card(tmp_path, [150_000, 160_000, 170_000, 180_000])
    cancel = CancelToken()
    real_verify = transfer.StagedCopy.verify

    def verify(self: transfer.StagedCopy, *args: Any) -> None:
        if self.source.endswith("MVI_0002.MP4"):
            cancel.cancel()  # the person presses "Cancelar" while clip 2 is read back
        real_verify(self, *args)

    monkeypatch.setattr(transfer.StagedCopy, "verify", verify)
    report = ingest([str(card)], IngestOptions(library=str(library)), cancel=cancel)

    assert report.cancelled and not report.safe_to_format
    assert [r.status for r in report.results] == ["copied", "failed", "failed", "failed"]
    assert all(_failing(r) == [ProblemType.CANCELLED] for r in report.results[1:])
    assert [Path(i["source_path"]).name for i in _items(library)] == ["MVI_0001.MP4"]
    assert temporaries(library) == [] and catalog_state(library)["unlisted"] == []

    monkeypatch.setattr(transfer.StagedCopy, "verify", real_verify)
    resumed = ingest([str(card)], IngestOptions(library=str(library)))
    assert [r.status for r in resumed.results] == ["already", "copied", "copied", "copied"]


def test_a_duplicate_of_the_file_in_flight_is_not_copied_twice(
    tmp_path: Path, library: Path
) -> None:
    folder = tmp_path / "card" / "DCIM" / "100CANON"
    folder.mkdir(parents=True)
    data = os.urandom(250_000)
    (folder / "MVI_0001.MP4").write_bytes(data)
    (folder / "MVI_0002.MP4").write_bytes(data)  # the same clip, right behind it
    report = ingest([str(tmp_path / "card")], IngestOptions(library=str(library)))
    assert [r.status for r in report.results] == ["copied", "already"]
    assert len(_items(library)) == 1


def test_memory_stays_bounded_whatever_the_number_of_files(
    tmp_path: Path, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(transfer, "CHUNK", 64 * 1024)
    while not transfer._pool.empty():  # buffers of other sizes, left by other tests
        transfer._pool.get_nowait()
    card = _card(tmp_path, [64 * 1024 * 3 + 17] * 12)
    report = ingest([str(card)], IngestOptions(library=str(library)))
    assert report.count("copied") == 12
    # One set of read-ahead buffers copying, one reading back: never more, reused throughout.
    assert transfer._pool.qsize() <= 2 * transfer._IN_FLIGHT
