"""Watching: push on library changes, wait for a missing share, follow the share."""

from __future__ import annotations

import queue
import threading
from pathlib import Path
from typing import Any

import pytest
import xxhash
from sync_support import EVENT, library_copy, run_push

from media.catalog import read_items, upsert_items
from media.edits import record_edits
from media.models import CancelToken
from sync.push import PushOptions
from sync.report import PushReport
from sync.share import init_share
from sync.watch import ShareWatcher, watch_push


@pytest.fixture(scope="module")
def factory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sync-templates")


def _next(q: queue.Queue[Any], what: str, timeout: float = 15) -> Any:
    try:
        return q.get(timeout=timeout)
    except queue.Empty:
        raise AssertionError(f"timed out waiting for {what}") from None


def test_watch_waits_for_the_share_then_pushes_each_change(tmp_path: Path, factory: Path) -> None:
    lib = library_copy(tmp_path, factory)
    share = tmp_path / "share"
    share.mkdir()  # not initialised yet: as good as not mounted
    reports: queue.Queue[PushReport] = queue.Queue()
    waits: queue.Queue[str] = queue.Queue()
    cancel = CancelToken()
    options = PushOptions(str(lib), str(share), "ana@laptop")
    thread = threading.Thread(
        target=watch_push,
        args=(options, reports.put, cancel, waits.put),
        kwargs={"poll_seconds": 0.1, "settle_seconds": 0.3},
        daemon=True,
    )
    thread.start()
    try:
        assert _next(waits, "the wait for the share") == str(share)
        assert reports.empty() and list(share.iterdir()) == []
        init_share(str(share), "oficina@nas")
        first = _next(reports, "the first push")
        assert first.complete and first.count("copied") == 4
        # a new photo arrives in the library (an ingest): it is pushed without asking
        event = lib / EVENT
        new = event / "FOTO" / "2010-03-01_220000_nuevo.jpg"
        new.write_bytes(b"\xff\xd8 a new photo")
        digest = xxhash.xxh3_128_hexdigest(new.read_bytes())
        upsert_items(
            str(event),
            [
                {
                    "id": digest[:16],
                    "kind": "photo",
                    "path": f"{EVENT}/FOTO/{new.name}",
                    "folder_path": f"FOTO/{new.name}",
                    "size": new.stat().st_size,
                    "hash": digest,
                    "sidecars": [],
                }
            ],
        )
        while True:
            report = _next(reports, "the push of the new photo")
            if report.count("copied"):
                break
        assert report.complete and report.count("copied") == 1
        assert (share / EVENT / "FOTO" / new.name).read_bytes() == new.read_bytes()
    finally:
        cancel.cancel()
        thread.join(10)
    assert not thread.is_alive()


def test_share_watcher_sees_new_events_and_picks(tmp_path: Path, factory: Path) -> None:
    lib = library_copy(tmp_path, factory)
    share = tmp_path / "share"
    share.mkdir()
    init_share(str(share), "oficina@nas")
    changes: queue.Queue[list[str]] = queue.Queue()
    watcher = ShareWatcher(str(share), changes.put, poll_seconds=0.2)
    watcher.start()
    try:
        assert run_push(lib, share, events=["2010-03-01 Sin evento"]).complete
        seen: set[str] = set()
        while EVENT not in seen:
            seen.update(_next(changes, "the new event"))
        item = read_items(str(lib / EVENT))[0]
        record_edits(str(lib / EVENT), "ana@laptop", item["id"], {"pick": True})
        assert run_push(lib, share).complete
        seen = set()
        while EVENT not in seen:
            seen.update(_next(changes, "the pick"))
    finally:
        watcher.stop()
