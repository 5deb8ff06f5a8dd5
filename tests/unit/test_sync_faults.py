"""Bad input and faults: each gives a clear problem, loses nothing and resumes cleanly.

Faults are injected in-process by replacing small I/O functions (we run as root, so
permissions cannot be taken away for real).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from sync_support import (
    EVENT,
    assert_library_on_share,
    library_copy,
    new_share,
    run_push,
    share_files,
    temporaries,
)

import sync.transfer as transfer
from media.catalog import read_items
from media.edits import record_edits
from media.models import CancelToken
from sync.layout import MARKER_NAME, SYNC_TMP_PREFIX
from sync.push import PushOptions, push
from sync.shared_view import open_event
from sync.transfer import LocalFolderBackend


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sync-templates")


@pytest.fixture
def lib(tmp_path: Path, factory: Path) -> Path:
    return library_copy(tmp_path, factory)


def _types(report: Any) -> set[str]:
    return {p.type.value for p in report.problems}


def _only_marker(share: Path) -> None:
    assert sorted(share_files(share)) == [MARKER_NAME]


# -- the share itself ----------------------------------------------------------------------


def test_an_unmounted_share_gets_nothing_written(lib: Path, tmp_path: Path) -> None:
    mount_point = tmp_path / "mnt"  # an empty mount point: the share is not mounted
    mount_point.mkdir()
    report = run_push(lib, mount_point)
    assert report.stopped is not None and report.stopped.type.value == "share_missing"
    assert not report.complete and report.count("copied") == 0
    assert list(mount_point.iterdir()) == []
    missing = run_push(lib, tmp_path / "nowhere")
    assert missing.stopped is not None and missing.stopped.type.value == "share_missing"
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize(
    ("marker", "expected"),
    [
        ({"format": "cobertura-share", "layout": 99, "id": "x"}, "newer_version"),
        ("{ not json", "malformed"),
    ],
)
def test_a_share_marker_we_cannot_use_stops_before_writing(
    lib: Path, tmp_path: Path, marker: Any, expected: str
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    text = marker if isinstance(marker, str) else json.dumps(marker)
    (share / MARKER_NAME).write_text(text, encoding="utf-8")
    report = run_push(lib, share)
    assert report.stopped is not None and report.stopped.type.value == expected
    _only_marker(share)


def test_permission_denied_on_the_share_then_granted(
    lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = new_share(tmp_path)
    real_open = os.open

    def refuse(path: Any, flags: int, *args: Any, **kw: Any) -> int:
        if str(share) in os.fsdecode(path) and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real_open(path, flags, *args, **kw)

    monkeypatch.setattr(transfer.os, "open", refuse)
    report = run_push(lib, share)
    assert not report.complete and _types(report) == {"permission_denied"}
    assert report.count("failed") == 4 and report.stopped is None
    assert "sin permiso" in str(report.failed[0].problems[0])
    assert temporaries(share) == [] and not any(
        k.endswith((".jpg", ".JPG", ".mov", ".MOV")) for k in share_files(share)
    )
    monkeypatch.undo()
    again = run_push(lib, share)
    assert again.complete and again.count("copied") == 4
    assert_library_on_share(lib, share)


def test_names_the_share_refuses(
    lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = new_share(tmp_path)
    export = lib / EVENT / "BOLETIN"
    export.mkdir()
    (export / "nota: final?.txt").write_text("x", encoding="utf-8")  # not valid on SMB
    (export / "ok.txt").write_text("y", encoding="utf-8")
    real_open = os.open

    def einval(path: Any, flags: int, *args: Any, **kw: Any) -> int:
        if "ok.txt" in os.fsdecode(path) and flags & os.O_CREAT:
            raise OSError(errno.EINVAL, "Invalid argument", os.fsdecode(path))
        return real_open(path, flags, *args, **kw)

    monkeypatch.setattr(transfer.os, "open", einval)
    report = run_push(lib, share)
    refused = sorted(o.path for o in report.failed)
    assert refused == ["BOLETIN/nota: final?.txt", "BOLETIN/ok.txt"]
    assert _types(report) == {"name_refused"}
    assert report.count("copied") == 4  # the media went on


def test_the_share_vanishing_mid_copy(
    lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = new_share(tmp_path)
    away = tmp_path / "share-away"
    real_put = LocalFolderBackend.put_new
    placed = []

    def put_then_unmount(self: LocalFolderBackend, *args: Any, **kw: Any) -> Any:
        if len(placed) == 2 and not away.exists():
            share.rename(away)  # unmounted: an empty mount point is left behind
            share.mkdir()
        result = real_put(self, *args, **kw)
        placed.append(result)
        return result

    monkeypatch.setattr(LocalFolderBackend, "put_new", put_then_unmount)
    report = run_push(lib, share, workers=1)
    assert report.stopped is not None and report.stopped.type.value == "share_vanished"
    assert not report.complete and len(placed) == 2
    assert list(share.iterdir()) == []  # nothing written into the empty mount point
    monkeypatch.undo()
    share.rmdir()
    away.rename(share)  # mounted again
    again = run_push(lib, share)
    assert again.complete and again.count("copied") == 2 and not again.conflicts
    assert_library_on_share(lib, share)
    assert temporaries(share) == []


def test_a_full_share_stops_the_run_without_partial_files(
    lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = new_share(tmp_path)

    def full(fd: int, data: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(transfer, "_write_all", full)
    report = run_push(lib, share)
    assert report.stopped is not None and report.stopped.type.value == "disk_full"
    assert temporaries(share) == []
    assert not any("FOTO/" in k or "VIDEO/" in k for k in share_files(share))
    monkeypatch.undo()
    assert run_push(lib, share).complete
    assert_library_on_share(lib, share)


def test_a_copy_that_reads_back_wrong_never_gets_its_name(
    lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = new_share(tmp_path)
    real = transfer.hash_prefix

    def flaky(path: str, limit: int | None = None, from_disk: bool = False) -> str:
        digest = real(path, limit, from_disk)
        return "0" * 32 if from_disk and SYNC_TMP_PREFIX in path else digest

    monkeypatch.setattr(transfer, "hash_prefix", flaky)
    report = run_push(lib, share)
    assert _types(report) == {"verify_failed"} and report.count("failed") == 4
    assert temporaries(share) == []
    assert not any("FOTO/" in k or "VIDEO/" in k for k in share_files(share))


def test_library_files_that_changed_or_cannot_be_read(
    lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = new_share(tmp_path)
    items = sorted(read_items(str(lib / EVENT)), key=lambda i: i["folder_path"])
    rotten = lib / EVENT / items[0]["folder_path"]
    data = bytearray(rotten.read_bytes())
    data[-100] ^= 0xFF  # bit rot: same size, different content
    rotten.write_bytes(bytes(data))
    real_read = transfer.read_chunk
    unreadable = str(lib / EVENT / items[1]["folder_path"])

    def eio(fd: int, buf: memoryview) -> int:
        if os.readlink(f"/proc/self/fd/{fd}") == unreadable:
            raise OSError(errno.EIO, "Input/output error")
        return real_read(fd, buf)

    monkeypatch.setattr(transfer, "read_chunk", eio)
    report = run_push(lib, share)
    by_path = {o.path: o.problems[0].type.value for o in report.failed}
    assert by_path == {
        items[0]["folder_path"]: "local_mismatch",
        items[1]["folder_path"]: "read_error",
    }
    assert report.count("copied") == 2
    assert not (share / EVENT / items[0]["folder_path"]).exists()  # bad copies are not spread
    # the snapshot lists only what is verified on the share
    view = open_event(str(share), EVENT)
    assert [i["id"] for i in view.items] == []  # neither photo of this event made it


def test_a_malformed_catalog_is_reported_and_the_files_still_go(lib: Path, tmp_path: Path) -> None:
    share = new_share(tmp_path)
    (lib / EVENT / ".cobertura" / "catalog.json").write_text(
        '{"items": {"1": {"id"', encoding="utf-8"
    )
    report = run_push(lib, share)
    assert "malformed" in _types(report) and not report.complete
    assert report.count("copied") == 4 and report.snapshots_written == 2
    assert not (share / EVENT / ".cobertura" / "writers").exists()


def test_files_from_a_newer_cobertura_on_the_share(lib: Path, tmp_path: Path) -> None:
    share = new_share(tmp_path)
    item = read_items(str(lib / EVENT))[0]
    record_edits(str(lib / EVENT), "ana@laptop", item["id"], {"stars": 2})
    assert run_push(lib, share).complete
    future = share / EVENT / ".cobertura" / "writers" / "futuro@pc"
    future.mkdir(parents=True)
    (future / "catalog.000001.json").write_text(
        json.dumps({"format": "cobertura-writer-catalog", "version": 7, "catalog": {}}),
        encoding="utf-8",
    )
    (future / "manifest.000001.xxh128").write_text("", encoding="utf-8")
    with open(share / EVENT / ".cobertura/edits/futuro@pc.jsonl", "w", encoding="utf-8") as fh:
        fh.write('{"v": 9, "item": "a", "field": "stars", "value": 1, "at": "9999"}\n')
    view = open_event(str(share), EVENT)
    assert {p.type.value for p in view.problems} == {"newer_version"}
    assert len(view.problems) == 2 and any("futuro@pc" in p.path for p in view.problems)
    assert next(i for i in view.items if i["id"] == item["id"])["stars"] == 2  # the rest shows
    # a push is not bothered by them, and leaves them alone
    record_edits(str(lib / EVENT), "ana@laptop", item["id"], {"stars": 3})
    report = run_push(lib, share)
    assert report.complete and report.count("appended") == 1
    assert json.loads((future / "catalog.000001.json").read_text())["version"] == 7


def test_someone_takes_the_name_between_listing_and_copy(
    lib: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = new_share(tmp_path)
    items = sorted(read_items(str(lib / EVENT)), key=lambda i: i["folder_path"])
    same, other = items[0]["folder_path"], items[1]["folder_path"]
    real_put = LocalFolderBackend.put_new

    def racing(self: LocalFolderBackend, source: str, rel: str, *args: Any, **kw: Any) -> Any:
        final = Path(self.root, rel)
        final.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(same) and not final.exists():  # another crew, same photo
            final.write_bytes(Path(source).read_bytes())
        if rel.endswith(other) and not final.exists():  # another crew, another photo
            final.write_bytes(b"a different photo")
        return real_put(self, source, rel, *args, **kw)

    monkeypatch.setattr(LocalFolderBackend, "put_new", racing)
    report = run_push(lib, share)
    assert report.complete and len(report.conflicts) == 1, report.summary()
    assert report.conflicts[0].path == other and report.conflicts[0].other_hash is not None
    assert (share / EVENT / other).read_bytes() == b"a different photo"
    kept = {i["id"]: i["folder_path"] for i in open_event(str(share), EVENT).items}
    assert kept[items[0]["id"]] == same and kept[items[1]["id"]] == report.conflicts[0].kept_as


def test_cancel_stops_cleanly_and_the_next_run_finishes(lib: Path, tmp_path: Path) -> None:
    share = new_share(tmp_path)
    cancel = CancelToken()

    def on_file(outcome: Any) -> None:
        cancel.cancel()

    report = push(
        PushOptions(str(lib), str(share), "ana@laptop", workers=1), cancel=cancel, on_file=on_file
    )
    assert report.stopped is not None and report.stopped.type.value == "cancelled"
    assert report.count("copied") < 4 and temporaries(share) == []
    again = run_push(lib, share)
    assert again.complete
    assert_library_on_share(lib, share)


def test_temporaries_of_a_killed_run_are_swept(lib: Path, tmp_path: Path) -> None:
    share = new_share(tmp_path)
    assert run_push(lib, share).complete
    backend = LocalFolderBackend(str(share), "ana@laptop")
    leftover = Path(backend._temp_for(str(share / EVENT / "FOTO" / "x.jpg")))
    leftover.write_bytes(b"half a photo")
    theirs = share / EVENT / "FOTO" / f"{SYNC_TMP_PREFIX}00000000-1234-y.jpg.part"
    theirs.write_bytes(b"another writer's copy in progress")
    shutil.rmtree(lib / ".cobertura" / "sync")  # the event looks changed: it is checked again
    report = run_push(lib, share)
    assert report.complete and report.temporaries_removed == 1
    assert not leftover.exists() and theirs.exists()  # only our own are ours to remove
